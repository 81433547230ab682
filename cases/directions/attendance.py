"""The host's register for a pupil on an off-site direction, and the home school's view of it.

Source: 003_db4daf6c9cf2ba51.txt "Attendance Coding": the pupil stays on the home school's roll
coded D (dual registered, main); the host's register (dual registered, subsidiary) shows the
actual attendance; the home school gathers it. 002_decd2720d6352690.txt: "daily correspondence
between schools regarding attendance". The rules are in reviews/rules.py.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.directions.host_models import AttendanceMark
from cases.directions.models import Direction
from reviews import rules
from reviews.calendars import calendar_for_school
from tenancy.jurisdiction import ENGLAND, law_for
from ui.formats import long_date, weekday

# The local day a mark was recorded (as timezone.localdate gives it), worked out by the
# database for the deadline engine: a time read into Python costs many times a date, and the
# nightly refresh reads the recent marks of every direction at a host.
RECORDED_ON = TruncDate("recorded_at")

Code = AttendanceMark.Code
SESSIONS = (AttendanceMark.Session.AM, AttendanceMark.Session.PM)
# 003: "a D coding (Dual registered Main)"; a direction is England's (jurisdiction).
HOME_CODE = law_for(ENGLAND).dual_registered.code
# How many school days back a missing register is chased as a deadline. Older gaps still show
# on the attendance pages; the chase list stays short and the deadline rows stay bounded.
MISSING_DAYS_WINDOW = 10


def long_day(d: datetime.date) -> str:
    """Monday 2 November 2026: a day of the register, or of a letter in an email."""
    return f"{weekday(d)} {long_date(d)}"


def last_day(direction: Direction) -> datetime.date | None:
    """The last day the pupil is at the host: the day it ended, or the planned end."""
    return direction.ended_on or direction.planned_end


def _home_code(direction: Direction, day: datetime.date, cal: rules.SchoolCalendar) -> str:
    """The home school's code for a day: D on a school day of the direction, else nothing."""
    start, end = direction.planned_start, last_day(direction)
    inside = (start is None or day >= start) and (end is None or day <= end)
    return HOME_CODE if inside and cal.is_school_day(day) else ""


def why_not_recordable(
    direction: Direction,
    day: datetime.date,
    session: str,
    cal: rules.SchoolCalendar,
    now: datetime.datetime,
) -> str:
    """Why this session cannot go in the host's register, or "" when it can: only the school
    days of the direction, at the host, once the session has begun (003_db4daf6c9cf2ba51.txt
    "Attendance Coding": the host's register shows the actual attendance)."""
    if direction.planned_start and day < direction.planned_start:
        return _("%(day)s is before the direction starts (%(start)s).") % {
            "day": long_day(day),
            "start": long_date(direction.planned_start),
        }
    end = last_day(direction)
    if end and day > end:
        return _("%(day)s is after the direction ends (%(end)s).") % {
            "day": long_day(day),
            "end": long_date(end),
        }
    if not cal.is_school_day(day):
        return _("%(day)s is not a school day at %(host)s.") % {
            "day": long_day(day),
            "host": direction.host_school.name,
        }
    if rules.session_not_yet_started(day, session, now.date(), now.hour):
        return _("%(day)s (%(session)s) has not happened yet.") % {
            "day": long_day(day),
            "session": AttendanceMark.Session(session).label.lower(),
        }
    return ""


@dataclass
class DayRow:
    """One weekday of a week's register: the host's codes and why a session cannot be set."""

    day: datetime.date
    home: str = ""  # the home school's code for the day: D inside the direction
    marks: dict = field(default_factory=dict)  # session → AttendanceMark
    blocked: dict = field(default_factory=dict)  # session → reason it cannot be recorded
    defaults: dict = field(default_factory=dict)  # session → code suggested for the form

    @property
    def recordable(self) -> bool:
        return any(s not in self.blocked for s in SESSIONS)

    @property
    def recorded_by(self):
        """Who last saved the day's register."""
        marks = sorted(self.marks.values(), key=lambda m: m.recorded_at)
        return marks[-1].recorded_by if marks else None

    @property
    def note(self) -> str:
        return next((m.note for m in self.marks.values() if m.note), "")

    def cells(self):
        """(session, mark, reason) for the morning and the afternoon, for the template."""
        return [(s, self.marks.get(s), self.blocked.get(s, "")) for s in SESSIONS]


def week_rows(direction: Direction, monday: datetime.date, now: datetime.datetime) -> list[DayRow]:
    """Monday to Friday of one week: what the host recorded, what it still may, and the
    home school's D. Two queries (the host's term dates, the marks) plus one for the host's
    suspensions, whatever the week."""
    cal = calendar_for_school(direction.host_school)
    days = [monday + datetime.timedelta(days=i) for i in range(5)]
    marks = {
        (m.date, m.session): m
        for m in direction.attendance_marks.filter(date__in=days).select_related("recorded_by")
    }
    suspended = set()
    for suspension in direction.suspensions.filter(suspended_by_id=direction.host_school_id):
        suspended.update(rules.suspension_sessions(suspension.start_date, suspension.days, cal))
    rows = []
    for day in days:
        row = DayRow(day=day, home=_home_code(direction, day, cal))
        for session in SESSIONS:
            mark = marks.get((day, session))
            if mark is not None:
                row.marks[session] = mark
            reason = why_not_recordable(direction, day, session, cal, now)
            if reason:
                row.blocked[session] = reason
            row.defaults[session] = (
                mark.code
                if mark
                else (Code.SUSPENDED if (day, session) in suspended else Code.PRESENT)
            )
        rows.append(row)
    return rows


@dataclass
class AttendanceSummary:
    """The direction page's attendance: the rate, recent weeks and the days still missing."""

    rate: object  # Decimal or None
    recorded_sessions: int
    missing: list  # school days over with a session not recorded, oldest first
    weeks: list  # [(monday, [DayRow])], newest first


def _completed(days, recorded_on) -> list[tuple[datetime.date, object]]:
    """(day, the date its register was complete or None) for each of `days`, given the local
    day each session's mark was recorded ((day, session) → date)."""
    out = []
    for day in days:
        pair = [recorded_on.get((day, s)) for s in SESSIONS]
        out.append((day, max(pair) if all(pair) else None))
    return out


def _recorded_on(by_session, days) -> dict:
    """(day, session) → the local day its mark was recorded, of the marks (read as models) of
    these days."""
    days = set(days)
    return {
        (day, session): timezone.localtime(mark.recorded_at).date()
        for (day, session), mark in by_session.items()
        if day in days
    }


def _days_recorded(direction, today, cal, by_session) -> list[tuple[datetime.date, object]]:
    """(day, the date its register was complete or None) for the recent school days."""
    if not direction.planned_start:
        return []
    days = rules.recent_school_days(
        direction.planned_start, last_day(direction), today, cal, limit=MISSING_DAYS_WINDOW
    )
    return _completed(days, _recorded_on(by_session, days))


def host_days_chased(direction: Direction, today: datetime.date) -> list[datetime.date]:
    """The recent school days at the host whose register the deadline engine chases (the last
    MISSING_DAYS_WINDOW). No query but the host's term dates (read once per LA inside
    reviews.calendars.term_dates_read_once)."""
    if not direction.planned_start or direction.host_school_id is None:
        return []
    cal = calendar_for_school(direction.host_school)
    return rules.recent_school_days(
        direction.planned_start, last_day(direction), today, cal, limit=MISSING_DAYS_WINDOW
    )


def host_marks_of(days_of: dict[int, list[datetime.date]]) -> dict[int, dict]:
    """For many directions at once (the nightly refresh): direction id → {(day, session): the
    local day its mark was recorded} of the days given for it (host_days_chased). One query."""
    wanted = {pk: set(days) for pk, days in days_of.items() if days}
    out: dict[int, dict] = {pk: {} for pk in days_of}
    if not wanted:
        return out
    since = min(min(days) for days in wanted.values())
    marks = (
        AttendanceMark.objects.filter(direction_id__in=list(wanted), date__gte=since)
        .order_by()
        .values_list("direction_id", "date", "session", RECORDED_ON)
    )
    for direction_id, day, session, recorded_on in marks:
        if day in wanted[direction_id]:
            out[direction_id][(day, session)] = recorded_on
    return out


def host_attendance_days(
    direction: Direction,
    today: datetime.date,
    *,
    days: list[datetime.date] | None = None,
    recorded_on: dict | None = None,
) -> list[tuple[datetime.date, object]]:
    """For the deadline engine: each recent school day at the host and when both of its
    sessions were on record (None while one is missing). Two queries, or none with the days
    (host_days_chased) and the day each of their marks was recorded (host_marks_of) read
    beforehand."""
    if days is None:
        days = host_days_chased(direction, today)
    if not days:
        return []
    if recorded_on is None:
        recorded_on = {
            (day, session): on
            for day, session, on in direction.attendance_marks.filter(date__in=days)
            .order_by()
            .values_list("date", "session", RECORDED_ON)
        }
    return _completed(days, recorded_on)


def attendance_summary(
    direction: Direction, today: datetime.date, weeks: int = 3
) -> AttendanceSummary:
    """Two queries whatever the length of the direction: the host's term dates and the marks."""
    cal = calendar_for_school(direction.host_school)
    marks = list(direction.attendance_marks.all())
    by_session = {(m.date, m.session): m for m in marks}
    missing = [day for day, done in _days_recorded(direction, today, cal, by_session) if not done]
    week_list = []
    if direction.planned_start and direction.planned_start <= today:
        newest = rules.week_monday(min(today, last_day(direction) or today))
        first = rules.week_monday(direction.planned_start)
        monday = newest
        while monday >= first and len(week_list) < weeks:
            rows = []
            for i in range(5):
                day = monday + datetime.timedelta(days=i)
                row = DayRow(day=day, home=_home_code(direction, day, cal))
                if not row.home:
                    row.blocked = {s: "-" for s in SESSIONS}
                for s in SESSIONS:
                    if (day, s) in by_session:
                        row.marks[s] = by_session[(day, s)]
                rows.append(row)
            if any(row.home for row in rows):  # a holiday week has nothing to show
                week_list.append((monday, rows))
            monday -= datetime.timedelta(weeks=1)
    return AttendanceSummary(
        rate=rules.attendance_rate(m.code for m in marks),
        recorded_sessions=len(marks),
        missing=missing,
        weeks=week_list,
    )
