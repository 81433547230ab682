"""The host school suspends the pupil during an off-site direction.

Source: 003_db4daf6c9cf2ba51.txt "Review": "Should the host school have reason ... to suspend
the student, it must immediately notify the home school and instigate an emergency review
meeting." The suspension goes on the pupil's record (template 2, "Suspensions"); the home
school's case lead, headteacher and DSL are told at once, in the app and by email; an emergency
review goes in the diary on the date the host proposes.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from cases.directions import guards
from cases.directions.models import Direction
from cases.directions.services import meeting_schedule
from cases.guards import GuardError
from cases.pupils.models import Suspension
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Meeting
from reviews.notifications import notify
from tenancy.models import Role, User
from ui.formats import long_date


def next_school_day(direction: Direction, today: datetime.date) -> datetime.date:
    """The default date of the emergency review: the home school's next school day."""
    try:
        return rules.add_school_days(today, 1, calendar_for_school(direction.home_school))
    except ValueError:  # no term dates that far ahead: the day after
        return today + datetime.timedelta(days=1)


def first_day_default(direction: Direction, today: datetime.date) -> datetime.date:
    """The default first day of a suspension: today if the host is open, else its next day."""
    cal = calendar_for_school(direction.host_school)
    if cal.is_school_day(today):
        return today
    try:
        return rules.add_school_days(today, 1, cal)
    except ValueError:
        return today


def home_people(direction: Direction) -> list[User]:
    """The home school's case lead for this direction, its headteachers and its DSLs."""
    others = User.objects.filter(
        is_active=True,
        memberships__school_id=direction.home_school_id,
        memberships__role__in=[Role.HEADTEACHER, Role.DSL],
    ).order_by("pk")
    return [direction.case_lead, *others]


def suspension_message(
    direction: Direction, *, days, start_date: datetime.date, review: datetime.date
) -> str:
    """What the home school is told: who, for how long, from when, and the emergency review."""
    days = Decimal(days).normalize()
    return _(
        "%(host)s has suspended %(pupil)s for %(days)s from %(day)s. "
        "An emergency review is in the diary for %(review)s."
    ) % {
        "host": direction.host_school.name,
        "pupil": direction.pupil.full_name,
        "days": (_("1 day") if days == 1 else _("%(n)s days") % {"n": f"{days:f}"}),
        "day": long_date(start_date),
        "review": long_date(review),
    }


@transaction.atomic
def direction_host_suspends(
    *,
    direction: Direction,
    start_date: datetime.date,
    days: Decimal,
    reason: str,
    by: User,
    review_on: datetime.date | None = None,
    today: datetime.date,
) -> Suspension:
    """Record the host's suspension, tell the home school at once, open an emergency review.

    A retried request (the same host, direction and first day) returns the suspension already
    recorded and tells nobody a second time.
    """
    direction = (
        Direction.objects.select_for_update(of=("self",))
        .select_related("pupil", "home_school__local_authority", "host_school", "case_lead")
        .get(pk=direction.pk)
    )
    review_on = review_on or next_school_day(direction, today)
    guards.ensure_host_can_suspend(
        direction, start_date=start_date, days=days, reason=reason, review_on=review_on, today=today
    )

    suspension = Suspension.objects.filter(
        direction=direction, suspended_by_id=direction.host_school_id, start_date=start_date
    ).first()
    if suspension is not None:
        if (suspension.days, suspension.reason.strip()) != (Decimal(days), reason.strip()):
            raise GuardError(
                _("A suspension by %(host)s from %(day)s is already recorded.")
                % {"host": direction.host_school.name, "day": long_date(start_date)}
            )
        return suspension
    suspension = Suspension(
        pupil=direction.pupil,
        start_date=start_date,
        days=days,
        reason=reason.strip(),
        suspended_by=direction.host_school,
        direction=direction,
    )
    suspension._history_user = by
    suspension.full_clean()
    suspension.save()

    meeting = meeting_schedule(
        direction=direction, kind=Meeting.Kind.EMERGENCY, date=review_on, by=by
    )
    message = suspension_message(direction, days=days, start_date=start_date, review=meeting.date)
    notify(
        users=home_people(direction),
        school=direction.home_school,
        pupil=direction.pupil,
        direction=direction,
        key=f"host-suspension:{direction.pk}:{start_date.isoformat()}",
        message=message[:300],
        url=direction.get_absolute_url(),
    )
    return suspension
