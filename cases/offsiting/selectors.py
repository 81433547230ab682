"""Reads of a Back-on-Track off-siting: its school days, the centres it may go to, what is still
to share, the subjects and weeks of its work, and who else still places the pupil at the
receiving centre.

Source: 000_6280d14dcdeb4d53.txt (the rules themselves are in reviews.rules, Back-on-Track).
"""

import datetime

from django.db.models import QuerySet

from cases.directions.models import Direction
from cases.offsiting.models import OffSiting, OffSitingMeeting
from reviews import rules
from reviews.calendars import calendar_for_school
from safeguarding.models import SharedItem
from tenancy.models import School


def off_site_days(offsiting: OffSiting, cal: rules.SchoolCalendar | None = None) -> list:
    """The school days the pupil is at the receiving centre (the home centre's calendar)."""
    cal = cal or calendar_for_school(offsiting.home_centre)
    key_days = offsiting.key_days if offsiting.pattern == OffSiting.Pattern.KEY_DAYS else None
    return rules.offsiting_days(offsiting.first_day, offsiting.last_day, cal, key_days)


def receiving_centres_for(home: School) -> QuerySet[School]:
    """The other centres of the home centre's service (000: "centres ... within WPES")."""
    if home.group_id is None:
        return School.objects.none()
    return School.objects.filter(group_id=home.group_id).exclude(pk=home.pk).order_by("name")


def missing_items(offsiting: OffSiting, items: list[SharedItem] | None = None) -> list[str]:
    """The items of the seven not yet made available to the receiving centre (000)."""
    items = items if items is not None else list(offsiting.shared_items.all())
    available = {i.item for i in items if i.available}
    return [str(label) for value, label in SharedItem.Item.choices if value not in available]


def required_subjects(offsiting: OffSiting, today: datetime.date) -> list[str]:
    """Maths, English and a KS4 pupil's option subjects (000 "Providing work")."""
    pupil = offsiting.pupil
    options = [o.subject for o in pupil.ks4_options.all()]
    return rules.offsiting_required_subjects(pupil.year_group(today), options)


def weeks_of(offsiting: OffSiting, days: list | None = None) -> list[datetime.date]:
    """The Mondays of the weeks with a day off-site (the columns of the work grid)."""
    days = days if days is not None else off_site_days(offsiting)
    return sorted({rules.week_monday(d) for d in days})


def workbook(offsiting: OffSiting, *, days=None, cal=None) -> str:
    """ "full" for 1 week or more, else "light" (000 "Back-On-Track Curriculum"); the page
    passes the `days` and calendar it already has."""
    cal = cal or calendar_for_school(offsiting.home_centre)
    days = days if days is not None else off_site_days(offsiting, cal)
    return rules.offsiting_workbook(days, cal)


def restorative_held(offsiting: OffSiting) -> bool:
    return offsiting.meetings.filter(kind=OffSitingMeeting.Kind.RESTORATIVE, held=True).exists()


def still_hosted_elsewhere(offsiting: OffSiting) -> bool:
    """True when another open case still places the pupil at the receiving centre: an off-site
    direction it hosts (its staff were given the pupil at the host's agreement) or another
    started off-siting. Then the pupil-wide grant must stay."""
    centre_id, pupil_id = offsiting.receiving_centre_id, offsiting.pupil_id
    hosting_states = (
        Direction.State.HOST_AGREED,
        Direction.State.DECIDED,
        Direction.State.NOTICE_SENT,
        *Direction.AT_HOST_STATES,
    )
    if Direction.objects.filter(
        pupil_id=pupil_id, host_school_id=centre_id, state__in=hosting_states
    ).exists():
        return True
    return (
        OffSiting.objects.filter(
            pupil_id=pupil_id, receiving_centre_id=centre_id, state=OffSiting.State.STARTED
        )
        .exclude(pk=offsiting.pk)
        .exists()
    )


def at_receiving_centre_now(offsitings, today):
    """Off-sitings whose pupil is at the receiving centre now."""
    return offsitings.filter(state=OffSiting.State.STARTED)
