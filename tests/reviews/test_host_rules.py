"""The rules for the time a pupil spends at the host: daily attendance, weekly contact between
home and host, attendance rate and the sessions a host suspension covers. Pure, dated cases."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from demo.calendar import ENGLISH_TERMS
from reviews.rules import (
    SchoolCalendar,
    attendance_rate,
    home_host_contact_due,
    recent_school_days,
    session_not_yet_started,
    suspension_sessions,
    weekly_contact_overdue,
)

D = date
# The demo's English term dates: Autumn 2 ends Friday 18 December 2026, Spring 1 starts
# Monday 4 January 2027; Christmas Day is a Friday, so Boxing Day's holiday is Monday 28th.
CAL = SchoolCalendar(
    [(D.fromisoformat(first), D.fromisoformat(last)) for _n, first, last in ENGLISH_TERMS]
)


class TestRecentSchoolDays:
    def test_it_lists_the_school_days_that_are_over(self):
        assert recent_school_days(D(2026, 11, 16), None, D(2026, 11, 23), CAL) == [
            D(2026, 11, 16),
            D(2026, 11, 17),
            D(2026, 11, 18),
            D(2026, 11, 19),
            D(2026, 11, 20),
        ]

    def test_today_is_never_due_yet(self):
        assert recent_school_days(D(2026, 11, 16), None, D(2026, 11, 16), CAL) == []
        assert recent_school_days(D(2026, 11, 16), None, D(2026, 11, 17), CAL) == [D(2026, 11, 16)]

    def test_the_window_skips_the_christmas_holidays(self):
        assert recent_school_days(D(2026, 12, 7), None, D(2027, 1, 6), CAL) == [
            D(2026, 12, 9),
            D(2026, 12, 10),
            D(2026, 12, 11),
            D(2026, 12, 14),
            D(2026, 12, 15),
            D(2026, 12, 16),
            D(2026, 12, 17),
            D(2026, 12, 18),
            D(2027, 1, 4),
            D(2027, 1, 5),
        ]

    def test_nothing_after_the_end_of_the_direction(self):
        days = recent_school_days(D(2026, 11, 30), D(2026, 12, 11), D(2027, 1, 6), CAL)
        assert days == [D(2026, 11, 30) + timedelta(days=i) for i in range(12) if i % 7 < 5]

    def test_an_inset_day_is_not_a_school_day(self):
        cal = SchoolCalendar(CAL.term_ranges, closures=[D(2026, 11, 20)])
        assert D(2026, 11, 20) not in recent_school_days(
            D(2026, 11, 16), None, D(2026, 11, 23), cal
        )

    def test_the_may_day_bank_holiday_is_skipped(self):
        assert recent_school_days(D(2027, 4, 26), None, D(2027, 5, 5), CAL) == [
            D(2027, 4, 26),
            D(2027, 4, 27),
            D(2027, 4, 28),
            D(2027, 4, 29),
            D(2027, 4, 30),
            D(2027, 5, 4),
        ]

    def test_a_leap_day_is_a_school_day(self):
        cal = SchoolCalendar([(D(2028, 2, 21), D(2028, 3, 31))])
        assert recent_school_days(D(2028, 2, 28), None, D(2028, 3, 2), cal) == [
            D(2028, 2, 28),
            D(2028, 2, 29),
            D(2028, 3, 1),
        ]

    def test_the_window_is_capped(self):
        days = recent_school_days(D(2026, 9, 2), None, D(2026, 11, 23), CAL, limit=3)
        assert days == [D(2026, 11, 18), D(2026, 11, 19), D(2026, 11, 20)]
        assert recent_school_days(D(2026, 9, 2), None, D(2026, 11, 23), CAL, limit=0) == []
        with pytest.raises(ValueError, match="limit"):
            recent_school_days(D(2026, 9, 2), None, D(2026, 11, 23), CAL, limit=-1)


class TestHomeHostContact:
    def test_a_week_after_the_start_when_there_has_been_no_contact(self):
        assert home_host_contact_due(D(2026, 11, 16), None) == D(2026, 11, 23)

    def test_a_week_after_the_last_contact(self):
        assert home_host_contact_due(D(2026, 11, 16), D(2026, 11, 20)) == D(2026, 11, 27)

    def test_planning_contact_before_the_start_does_not_start_the_clock(self):
        assert home_host_contact_due(D(2026, 11, 16), D(2026, 11, 10)) == D(2026, 11, 23)

    def test_the_interval_is_the_las_policy(self):
        assert home_host_contact_due(D(2026, 11, 16), D(2026, 12, 18), days=14) == D(2027, 1, 1)
        with pytest.raises(ValueError):
            home_host_contact_due(D(2026, 11, 16), None, days=-1)

    @pytest.mark.parametrize("offset", range(12))
    def test_overdue_exactly_when_weekly_contact_overdue_says_so(self, offset):
        last = D(2026, 12, 29)  # across the new year
        today = last + timedelta(days=offset)
        due = home_host_contact_due(D(2026, 11, 16), last)
        assert (due < today) == weekly_contact_overdue(last, today)


class TestSessionNotYetStarted:
    @pytest.mark.parametrize(
        ("day", "session", "hour", "future"),
        [
            (D(2026, 11, 19), "pm", 9, False),  # yesterday afternoon
            (D(2026, 11, 21), "am", 23, True),  # tomorrow morning
            (D(2026, 11, 20), "am", 8, False),  # this morning, before registration closes
            (D(2026, 11, 20), "pm", 11, True),  # this afternoon, before it starts
            (D(2026, 11, 20), "pm", 12, False),
        ],
    )
    def test_sessions_on_friday_20_november(self, day, session, hour, future):
        assert session_not_yet_started(day, session, D(2026, 11, 20), hour) is future

    def test_an_unknown_session_is_an_error(self):
        with pytest.raises(ValueError, match="session"):
            session_not_yet_started(D(2026, 11, 20), "evening", D(2026, 11, 20), 9)


class TestAttendanceRate:
    @pytest.mark.parametrize(
        ("codes", "rate"),
        [
            (["/", "/", "L", "I"], Decimal("75.0")),
            (["/", "X", "O"], Decimal("50.0")),
            (["/", "/", "N"], Decimal("66.7")),
            (["K", "/", "E", "E"], Decimal("50.0")),
            (["X", "X"], None),
            ([], None),
        ],
    )
    def test_present_over_possible(self, codes, rate):
        assert attendance_rate(codes) == rate


class TestSuspensionSessions:
    def test_two_days_from_a_thursday(self):
        assert suspension_sessions(D(2026, 12, 17), Decimal("2"), CAL) == [
            (D(2026, 12, 17), "am"),
            (D(2026, 12, 17), "pm"),
            (D(2026, 12, 18), "am"),
            (D(2026, 12, 18), "pm"),
        ]

    def test_a_half_day_runs_on_after_christmas(self):
        assert suspension_sessions(D(2026, 12, 18), Decimal("1.5"), CAL) == [
            (D(2026, 12, 18), "am"),
            (D(2026, 12, 18), "pm"),
            (D(2027, 1, 4), "am"),
        ]

    def test_from_a_saturday_it_starts_on_monday(self):
        assert suspension_sessions(D(2026, 11, 21), Decimal("0.5"), CAL) == [
            (D(2026, 11, 23), "am")
        ]

    def test_it_stops_when_the_calendar_runs_out(self):
        assert len(suspension_sessions(D(2028, 12, 20), Decimal("5"), CAL)) == 2  # its last day
