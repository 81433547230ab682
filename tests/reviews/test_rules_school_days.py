"""SchoolCalendar.not_a_school_day: why a date is refused, naming the holiday."""

from datetime import date as D

import pytest

from reviews.rules import SchoolCalendar

TERMS_2026_27 = [
    (D(2026, 9, 2), D(2026, 10, 23)),
    (D(2026, 11, 2), D(2026, 12, 18)),
    (D(2027, 1, 5), D(2027, 2, 12)),
    (D(2027, 2, 22), D(2027, 3, 26)),
    (D(2027, 4, 12), D(2027, 5, 28)),
    (D(2027, 6, 7), D(2027, 7, 21)),
]
CAL = SchoolCalendar(TERMS_2026_27, closures=[D(2026, 11, 2)])


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2026, 10, 26), ("holiday", "half_term"), id="october-half-term"),
        pytest.param(D(2027, 2, 16), ("holiday", "half_term"), id="february-half-term"),
        pytest.param(D(2027, 5, 31), ("bank_holiday", "Spring Bank Holiday"), id="late-may-bh"),
        pytest.param(D(2027, 6, 2), ("holiday", "half_term"), id="may-half-term"),
        pytest.param(D(2026, 12, 30), ("holiday", "christmas"), id="christmas-holidays"),
        pytest.param(D(2026, 12, 25), ("bank_holiday", "Christmas Day"), id="christmas-day"),
        pytest.param(D(2027, 4, 1), ("holiday", "easter"), id="easter-holidays"),
        pytest.param(D(2027, 3, 26), ("bank_holiday", "Good Friday"), id="good-friday-in-term"),
        pytest.param(D(2026, 11, 2), ("closure", ""), id="inset-day"),
        pytest.param(D(2026, 10, 24), ("weekend", "Saturday"), id="saturday"),
        pytest.param(D(2026, 11, 3), None, id="a-school-day"),
        pytest.param(D(2027, 8, 3), None, id="after-the-term-dates-we-have"),
        pytest.param(D(2026, 8, 3), None, id="before-the-term-dates-we-have"),
    ],
)
def test_not_a_school_day_names_why(day, expected):
    assert CAL.not_a_school_day(day) == expected
    assert CAL.is_school_day(day) is (expected is None and CAL.in_term(day))


def test_a_summer_gap_between_two_years():
    cal = SchoolCalendar([(D(2027, 6, 7), D(2027, 7, 21)), (D(2027, 9, 1), D(2027, 10, 22))])
    assert cal.not_a_school_day(D(2027, 8, 16)) == ("holiday", "summer")


def test_leap_day_in_term_is_a_school_day():
    cal = SchoolCalendar([(D(2028, 2, 21), D(2028, 3, 31))])
    assert cal.not_a_school_day(D(2028, 2, 29)) is None


def test_an_empty_calendar_can_only_tell_a_weekend():
    cal = SchoolCalendar([])
    assert cal.not_a_school_day(D(2026, 10, 26)) is None
    assert cal.not_a_school_day(D(2026, 10, 25)) == ("weekend", "Sunday")
