"""What is recorded while a Back-on-Track off-siting runs: the meetings held and the
invitations to them, the week's work for each subject, and new concerns at the receiving
centre. Each service is guarded (cases.offsiting.guards), atomic and kept in the history.

Source: 000_6280d14dcdeb4d53.txt "Parent involvement", "Providing work", "Back-On-Track
Programme" (the restorative meeting) and "Information sharing, safeguarding" (new concerns).
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.guards import ensure_school_day, ensure_state
from cases.offsiting import guards
from cases.offsiting.deadlines import refresh_deadlines_on_commit
from cases.offsiting.models import OffSiting, OffSitingMeeting, OffSitingWork
from cases.offsiting.notifications import tell_home
from safeguarding.models import OffSitingConcern
from tenancy.models import Role, User

State = OffSiting.State


@transaction.atomic
def offsiting_record_meeting(
    *,
    meeting: OffSitingMeeting,
    date: datetime.date,
    time: datetime.time | None = None,
    place: str = "",
    attendees: str,
    notes: str,
    by: User,
) -> OffSitingMeeting:
    """A parent meeting or the restorative meeting was held: who attended, what was said."""
    guards.ensure_can_record_meeting(meeting, date=date, attendees=attendees)
    ensure_school_day(meeting.offsiting.home_centre, date, field="date")
    meeting.date = date
    meeting.time = time
    meeting.place = place
    meeting.attendees = attendees
    meeting.notes = notes
    meeting.held = True
    meeting.recorded_by = by
    meeting._history_user = by
    meeting.full_clean()
    meeting.save()
    refresh_deadlines_on_commit(meeting.offsiting_id)
    return meeting


@transaction.atomic
def offsiting_record_invitation(
    *, meeting: OffSitingMeeting, on: datetime.date, by: User
) -> OffSitingMeeting:
    """The day the parents were first invited to the meeting."""
    guards.ensure_can_record_invitation(meeting)
    if meeting.parents_invited_on is None:
        meeting.parents_invited_on = on
        meeting._history_user = by
        meeting.save(update_fields=["parents_invited_on"])
    return meeting


@transaction.atomic
def offsiting_record_work(
    *,
    offsiting: OffSiting,
    subject: str,
    week_beginning: datetime.date,
    set_by_home: bool | None,
    returned: bool,
    marked: bool | None,
    notes: str,
    by: User,
    by_home_centre: bool,
) -> OffSitingWork:
    """The week's work for one subject: set by home, returned, marked by home (000).

    Source: 000_6280d14dcdeb4d53.txt "Providing work": "the home site should provide work";
    "The work is sent back and marked by the home site." Only the home centre's staff
    (``by_home_centre``) tick set and marked; the receiving centre ticks returned. None for
    set_by_home or marked keeps what is recorded.
    """
    ensure_state(offsiting, State.PLANNED, State.STARTED, State.ENDED)
    work = offsiting.work.filter(subject=subject, week_beginning=week_beginning).first()
    was_set, was_marked = (work.set_by_home, work.marked) if work else (False, False)
    set_by_home = was_set if set_by_home is None else set_by_home
    marked = was_marked if marked is None else marked
    guards.ensure_work_ticks_allowed(
        was_set=was_set,
        was_marked=was_marked,
        set_by_home=set_by_home,
        returned=returned,
        marked=marked,
        by_home_centre=by_home_centre,
    )
    work = work or OffSitingWork(
        offsiting=offsiting, subject=subject, week_beginning=week_beginning
    )
    work.set_by_home, work.returned, work.marked = set_by_home, returned, marked
    work.notes = notes.strip()
    work.recorded_by = by
    work._history_user = by
    work.full_clean()
    work.save()
    return work


@transaction.atomic
def offsiting_record_concern(
    *,
    offsiting: OffSiting,
    raised_on: datetime.date,
    summary: str,
    my_concern_reference: str = "",
    by: User,
) -> OffSitingConcern:
    """000: the receiving centre manages a new concern and tells the home DSL clearly: the
    home centre's DSLs are notified at once (the notification holds no detail)."""
    ensure_state(offsiting, State.STARTED)
    concern = OffSitingConcern(
        offsiting=offsiting,
        raised_on=raised_on,
        summary=summary,
        my_concern_reference=my_concern_reference,
        recorded_by=by,
    )
    concern._history_user = by
    concern.full_clean()
    concern.save()
    tell_home(
        offsiting,
        key=f"offsiting-concern:{concern.pk}",
        message=_(
            "%(centre)s has recorded a new safeguarding concern about %(pupil)s. "
            "Open the off-siting to read it."
        )
        % {"centre": offsiting.receiving_centre.name, "pupil": offsiting.pupil.full_name},
        roles=(Role.DSL,),
    )
    return concern
