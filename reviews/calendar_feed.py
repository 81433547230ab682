"""A person's calendar feed (iCalendar, RFC 5545): their steps still to do and the review
meetings of the directions whose reviews they run, for the calendar app they already use.

The feed leaves Waymark for whatever calendar service the person subscribes with, so it names
no child: a pupil is their initials and a case reference ("A.H. (DIR-12)"), and an event says
what to do and links to the case, whose page asks them to sign in. Nothing of safeguarding,
SEND or the pupil's school is in it.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from cases.directions.models import Direction
from reviews.models import CalendarFeed, Deadline, Meeting

# What the feed spans: the last month (steps overdue stay in sight) and the year ahead.
FEED_PAST = datetime.timedelta(days=30)
FEED_AHEAD = datetime.timedelta(days=365)
# At most this many steps: a person's own work is never this long.
FEED_ROWS = 1000
# A meeting's length when only its start is recorded.
MEETING_LENGTH = datetime.timedelta(hours=1)
# Calendar apps fetch again about this often (Google and Outlook decide for themselves).
REFRESH = datetime.timedelta(hours=1)


def calendar_feed_of(user) -> CalendarFeed | None:
    """The person's calendar address, if they have made one."""
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The feed whose address holds exactly this token, of a person who may still sign in; a
    reset token, like one never made, finds nothing."""
    return CalendarFeed.objects.filter(token=token, user__is_active=True).first()


def initials(first_name: str, last_name: str) -> str:
    """A pupil's initials, "A.H." for Alex Home: enough for the person who works with them."""
    return "".join(
        f"{name.strip()[0].upper()}." for name in (first_name, last_name) if name.strip()
    )


def case_reference(model: type, case_id: int) -> str:
    """The case's reference, its type's short prefix and its number: "DIR-12" (an off-site
    direction), "PSP-3" (a Pastoral Support Programme), "RT-5" (a reduced timetable). The prefix
    comes from the model's name, so a new case type has one without a list kept by hand."""
    name = model.__name__
    capitals = "".join(letter for letter in name if letter.isupper())
    prefix = capitals if len(capitals) > 1 else name[:3].upper()
    return f"{prefix}-{case_id}"


def _about(pupil, model: type, case_id: int) -> str:
    reference = case_reference(model, case_id)
    if pupil is None:  # a provider's declaration: about no child
        return f"({reference})"
    return f"{initials(pupil.first_name, pupil.last_name)} ({reference})"


def feed_rows(steps, *, today: datetime.date) -> tuple[list[Deadline], list[Meeting]]:
    """The steps of the feed's span from `steps` (a queryset of the person's own steps), and
    the review meetings not yet held of the directions whose "review meeting in the diary"
    steps are theirs. Two queries (the steps, the meetings), and one more per type of case
    among the steps (their pages' addresses)."""
    first, last = today - FEED_PAST, today + FEED_AHEAD
    deadlines = list(
        steps.filter(due__gte=first, due__lte=last)
        .select_related("pupil")
        .prefetch_related("case")
        .order_by("due", "pk")[:FEED_ROWS]
    )
    direction_type = ContentType.objects.get_for_model(Direction)
    reviewed = {
        d.case_id
        for d in deadlines
        if d.kind == Deadline.Kind.NEXT_REVIEW and d.case_type_id == direction_type.pk
    }
    meetings = []
    if reviewed:
        meetings = list(
            Meeting.objects.filter(
                direction_id__in=reviewed, held=False, date__gte=first, date__lte=last
            )
            .exclude(kind=Meeting.Kind.INITIAL)
            .select_related("direction__pupil")
            .order_by("date", "pk")
        )
    return deadlines, meetings


def feed_calendar(
    *,
    feed: CalendarFeed,
    deadlines: list[Deadline],
    meetings: list[Meeting],
    today: datetime.date,
    now: datetime.datetime,
) -> Calendar:
    """The iCalendar of the person's steps (all-day events) and review meetings (at their time
    and place when recorded). A meeting stands in for its own "review meeting in the diary"
    step, so a review is in the calendar once."""
    site = settings.SITE_URL.rstrip("/")
    calendar = Calendar.new(
        prodid="-//Waymark//Calendar feed//EN",
        name=_("Waymark: your deadlines"),
        description=_("Your deadlines and review meetings in Waymark."),
        method="PUBLISH",
        calscale="GREGORIAN",
        refresh_interval=REFRESH,
        uid=f"calendar-{feed.pk}@waymark",
    )
    calendar.add("x-published-ttl", vDuration(REFRESH))  # Outlook reads this one
    in_meetings = {(m.direction_id, m.date) for m in meetings}
    for deadline in deadlines:
        if deadline.kind == Deadline.Kind.NEXT_REVIEW and (
            (deadline.case_id, deadline.due) in in_meetings
        ):
            continue
        calendar.add_component(_deadline_event(deadline, site=site, today=today, now=now))
    for meeting in meetings:
        calendar.add_component(_meeting_event(meeting, site=site, now=now))
    calendar.add_missing_timezones(
        first_date=today - FEED_PAST, last_date=today + FEED_AHEAD + datetime.timedelta(days=1)
    )
    return calendar


def _deadline_event(deadline: Deadline, *, site: str, today, now) -> Event:
    model = ContentType.objects.get_for_id(deadline.case_type_id).model_class()
    url = site + deadline.case_url
    about = _about(deadline.pupil, model, deadline.case_id)
    summary = f"{deadline.what} — {about}"
    lines = [_("Overdue.")] if deadline.due < today else []
    lines.append(
        _("Open the case in Waymark (you will be asked to sign in): %(url)s") % {"url": url}
    )
    return Event.new(
        uid=f"deadline-{deadline.pk}@waymark",
        summary=summary,
        start=deadline.due,
        end=deadline.due + datetime.timedelta(days=1),
        stamp=now,
        url=url,
        description="\n".join(lines),
        transparency="TRANSPARENT",  # a deadline takes no time in the diary
    )


def _meeting_event(meeting: Meeting, *, site: str, now) -> Event:
    direction = meeting.direction
    url = site + direction.get_absolute_url()
    about = _about(direction.pupil, Direction, direction.pk)
    if meeting.time:
        start = datetime.datetime.combine(
            meeting.date, meeting.time, tzinfo=ZoneInfo(settings.TIME_ZONE)
        )
        end = start + MEETING_LENGTH
    else:  # the day only: shown on it, without marking the whole day busy
        start, end = meeting.date, meeting.date + datetime.timedelta(days=1)
    return Event.new(
        uid=f"meeting-{meeting.pk}@waymark",
        summary=f"{meeting.get_kind_display()} — {about}",
        start=start,
        end=end,
        stamp=now,
        # Meeting.place: "Leave empty for the home school."
        location=meeting.place or _("The home school"),
        transparency="OPAQUE" if meeting.time else "TRANSPARENT",
        url=url,
        description=_("Open the direction in Waymark (you will be asked to sign in): %(url)s")
        % {"url": url},
    )
