"""What the host and the home school record while the pupil is at the host: the daily register
and the contact log. Sources: 002_decd2720d6352690.txt (daily attendance, at least weekly
contact), 003_db4daf6c9cf2ba51.txt "Attendance Coding".
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.directions.attendance import Code, long_day, why_not_recordable
from cases.directions.deadlines import refresh_deadlines_on_commit
from cases.directions.host_models import AttendanceMark, ContactEntry
from cases.directions.models import Direction
from cases.guards import GuardError, ensure_state
from reviews.calendars import calendar_for_school
from tenancy.models import School, User


@transaction.atomic
def attendance_record(
    *,
    direction: Direction,
    marks: dict[tuple[datetime.date, str], tuple[str, str]],
    by: User,
    now: datetime.datetime,
) -> int:
    """Record the host's codes for some sessions at once; returns how many changed.

    `marks` maps (day, "am" or "pm") to (code, note). Every session is checked first; one bad
    session stops the lot with a message per problem, so nothing is half saved. A change to a
    recorded session updates it and keeps the old code in its history. `now` is local time.
    Two people saving the same week at once take turns (the direction's row is locked).
    """
    list(Direction.objects.select_for_update().filter(pk=direction.pk).values_list("pk"))
    ensure_state(direction, *Direction.AT_HOST_STATES)
    cal = calendar_for_school(direction.host_school)
    problems = []
    for (day, session), (code, _note) in sorted(marks.items()):
        reason = why_not_recordable(direction, day, session, cal, now)
        if reason:
            problems.append(reason)
        elif code not in Code.values:
            problems.append(
                _("Choose an attendance code for %(day)s (%(session)s).")
                % {"day": long_day(day), "session": AttendanceMark.Session(session).label.lower()}
            )
    if problems:
        raise ValidationError(list(dict.fromkeys(problems)))
    existing = {
        (m.date, m.session): m
        for m in direction.attendance_marks.filter(date__in={day for day, _s in marks})
    }
    changed = 0
    for (day, session), (code, note) in sorted(marks.items()):
        mark = existing.get((day, session))
        if mark is not None and (mark.code, mark.note) == (code, note):
            continue
        if mark is None:
            mark = AttendanceMark(direction=direction, date=day, session=session)
        mark.code, mark.note, mark.recorded_by = code, note, by
        mark._history_user = by
        mark.full_clean()
        mark.save()
        changed += 1
    if changed:
        refresh_deadlines_on_commit(direction.pk)
    return changed


@transaction.atomic
def contact_record(
    *,
    direction: Direction,
    when: datetime.datetime,
    between: str,
    who: str,
    how: str,
    what: str,
    by: User,
    school: School,
    now: datetime.datetime,
) -> ContactEntry:
    """Add a contact to the log; the weekly home–host deadline is recomputed after."""
    if not direction.is_open:
        raise GuardError(_("This direction has ended: its contact log is closed."))
    if when > now:
        raise ValidationError(_("The contact cannot be in the future."))
    entry = ContactEntry(
        pupil=direction.pupil,
        direction=direction,
        when=when,
        between=between,
        who=who,
        how=how,
        what=what,
        recorded_by=by,
        recorded_by_school=school,
    )
    entry._history_user = by
    entry.full_clean()
    entry.save()
    refresh_deadlines_on_commit(direction.pk)
    return entry
