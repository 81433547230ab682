"""Tests of reviews/rules.py: pure functions, no database, every case a concrete date."""

from datetime import date
from decimal import Decimal

import pytest

from reviews.rules import (
    SchoolCalendar,
    academic_year_start,
    add_school_days,
    add_school_weeks,
    back_on_track_meetings,
    decision_notice_deadline,
    direction_notice_deadline,
    first_review_deadline,
    full_time_hours,
    is_temporary_upn,
    is_valid_upn,
    must_hold_requested_review,
    needs_director_authorisation,
    next_psp_review_deadline,
    review_invitation_deadline,
    school_weeks_elapsed,
    upn_check_letter,
    week_monday,
    weekly_contact_overdue,
    year_group_for,
)

D = date

# Worcestershire-style term dates; half terms split the terms into two ranges.
TERMS = [
    (D(2024, 9, 2), D(2024, 10, 25)),  # autumn 1; half term 28 Oct - 1 Nov
    (D(2024, 11, 4), D(2024, 12, 20)),  # autumn 2
    (D(2025, 1, 6), D(2025, 2, 14)),  # spring 1; half term 17 - 21 Feb
    (D(2025, 2, 24), D(2025, 4, 11)),  # spring 2; Easter holidays 14 - 25 Apr
    (D(2025, 4, 28), D(2025, 5, 23)),  # summer 1; half term 26 - 30 May
    (D(2025, 6, 2), D(2025, 7, 22)),  # summer 2
    (D(2025, 9, 1), D(2025, 10, 24)),
    (D(2025, 11, 3), D(2025, 12, 19)),
    (D(2026, 1, 5), D(2026, 2, 13)),
    (D(2026, 2, 23), D(2026, 3, 27)),
    (D(2026, 4, 13), D(2026, 5, 22)),
    (D(2026, 6, 1), D(2026, 7, 21)),
]
INSET = [D(2024, 9, 2), D(2025, 1, 6), D(2025, 9, 1), D(2025, 9, 2), D(2026, 1, 5)]

CAL = SchoolCalendar(TERMS, INSET)
WALES = SchoolCalendar(TERMS, INSET, nation="wales")
# One long "term" so that every bank holiday falls in term, as at a school whose spring break
# does not follow Easter: only weekends and bank holidays are not school days.
OPEN = SchoolCalendar([(D(2022, 1, 1), D(2028, 12, 31))])
OPEN_WALES = SchoolCalendar([(D(2022, 1, 1), D(2028, 12, 31))], nation="wales")


# --- SchoolCalendar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2024, 8, 30), False, id="summer-holiday-before-term"),
        pytest.param(D(2024, 9, 2), False, id="inset-first-day-of-term"),
        pytest.param(D(2024, 9, 3), True, id="first-pupil-day"),
        pytest.param(D(2024, 10, 25), True, id="last-day-before-oct-half-term"),
        pytest.param(D(2024, 10, 28), False, id="oct-half-term-monday"),
        pytest.param(D(2024, 11, 1), False, id="oct-half-term-friday"),
        pytest.param(D(2024, 11, 4), True, id="first-day-after-oct-half-term"),
        pytest.param(D(2024, 12, 20), True, id="last-day-of-autumn-term"),
        pytest.param(D(2024, 12, 23), False, id="christmas-holiday"),
        pytest.param(D(2024, 12, 25), False, id="christmas-day"),
        pytest.param(D(2025, 1, 1), False, id="new-years-day"),
        pytest.param(D(2025, 1, 6), False, id="inset-start-of-spring"),
        pytest.param(D(2025, 1, 7), True, id="first-pupil-day-of-spring"),
        pytest.param(D(2025, 2, 8), False, id="saturday-in-term"),
        pytest.param(D(2025, 2, 9), False, id="sunday-in-term"),
        pytest.param(D(2025, 2, 14), True, id="friday-before-feb-half-term"),
        pytest.param(D(2025, 2, 17), False, id="feb-half-term"),
        pytest.param(D(2025, 2, 24), True, id="monday-after-feb-half-term"),
        pytest.param(D(2025, 4, 11), True, id="last-day-of-spring-term"),
        pytest.param(D(2025, 4, 18), False, id="good-friday-2025-in-holiday"),
        pytest.param(D(2025, 4, 28), True, id="first-day-of-summer-term"),
        pytest.param(D(2025, 5, 5), False, id="early-may-bank-holiday-in-term"),
        pytest.param(D(2025, 5, 6), True, id="day-after-early-may-bank-holiday"),
        pytest.param(D(2025, 5, 26), False, id="spring-bank-holiday-half-term"),
        pytest.param(D(2025, 7, 22), True, id="last-day-of-year"),
        pytest.param(D(2025, 7, 23), False, id="first-day-of-summer-holiday"),
        pytest.param(D(2025, 8, 25), False, id="summer-bank-holiday"),
        pytest.param(D(2025, 9, 2), False, id="second-inset-day"),
        pytest.param(D(2025, 9, 3), True, id="first-pupil-day-2025"),
        pytest.param(D(2026, 7, 22), False, id="after-the-last-term"),
    ],
)
def test_is_school_day_worcestershire_style(day: date, expected: bool) -> None:
    assert CAL.is_school_day(day) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2025, 4, 17), True, id="maundy-thursday-2025"),
        pytest.param(D(2025, 4, 18), False, id="good-friday-2025"),
        pytest.param(D(2025, 4, 21), False, id="easter-monday-2025"),
        pytest.param(D(2025, 4, 22), True, id="easter-tuesday-2025"),
        pytest.param(D(2026, 4, 2), True, id="maundy-thursday-2026"),
        pytest.param(D(2026, 4, 3), False, id="good-friday-2026"),
        pytest.param(D(2026, 4, 6), False, id="easter-monday-2026"),
        pytest.param(D(2026, 4, 7), True, id="easter-tuesday-2026"),
        pytest.param(D(2025, 5, 5), False, id="early-may-2025"),
        pytest.param(D(2026, 5, 4), False, id="early-may-2026"),
        pytest.param(D(2028, 5, 1), False, id="early-may-2028"),
        pytest.param(D(2025, 5, 26), False, id="spring-bank-holiday-2025"),
        pytest.param(D(2025, 8, 25), False, id="summer-bank-holiday-2025"),
        pytest.param(D(2026, 8, 31), False, id="summer-bank-holiday-2026"),
        pytest.param(D(2026, 8, 28), True, id="friday-before-summer-bank-holiday-2026"),
        pytest.param(D(2026, 12, 28), False, id="boxing-day-observed-2026"),
        pytest.param(D(2028, 1, 3), False, id="new-year-observed-2028"),
        pytest.param(D(2023, 5, 8), False, id="coronation-2023"),
        pytest.param(D(2022, 9, 19), False, id="state-funeral-2022"),
        pytest.param(D(2024, 2, 29), True, id="leap-day-2024-thursday"),
        pytest.param(D(2028, 2, 29), True, id="leap-day-2028-tuesday"),
    ],
)
def test_bank_holidays_are_not_school_days(day: date, expected: bool) -> None:
    assert OPEN.is_school_day(day) is expected
    assert OPEN_WALES.is_school_day(day) is expected


def test_england_and_wales_share_bank_holidays_2024_to_2028() -> None:
    # The holidays data has no England/Wales difference for these years (Wales keeps the
    # summer bank holiday on the last Monday of August, as England does): test that it stays so.
    day, differences = D(2024, 1, 1), []
    while day <= D(2028, 12, 31):
        if CAL.is_bank_holiday(day) != WALES.is_bank_holiday(day):
            differences.append(day)
        day = day.fromordinal(day.toordinal() + 1)
    assert differences == []
    assert WALES.is_bank_holiday(D(2025, 8, 25)) and CAL.is_bank_holiday(D(2025, 8, 25))


def test_a_term_starting_on_easter_monday_starts_on_the_tuesday() -> None:
    cal = SchoolCalendar([(D(2025, 4, 21), D(2025, 7, 22))])
    assert list(cal.school_days(D(2025, 4, 21), D(2025, 4, 23))) == [D(2025, 4, 22), D(2025, 4, 23)]


def test_school_days_iterates_across_half_term() -> None:
    assert list(CAL.school_days(D(2025, 2, 12), D(2025, 2, 26))) == [
        D(2025, 2, 12),
        D(2025, 2, 13),
        D(2025, 2, 14),
        D(2025, 2, 24),
        D(2025, 2, 25),
        D(2025, 2, 26),
    ]
    assert CAL.count_school_days(D(2025, 4, 28), D(2025, 5, 9)) == 9  # 5 May is a bank holiday


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2025, 2, 3), True, id="ordinary-week"),
        pytest.param(D(2025, 2, 19), False, id="half-term-week-any-day"),
        pytest.param(D(2024, 12, 23), False, id="christmas-week"),
        pytest.param(D(2024, 12, 30), False, id="new-year-week"),
        pytest.param(D(2025, 1, 6), True, id="week-opening-with-inset"),
        pytest.param(D(2025, 1, 12), True, id="sunday-of-school-week"),
        pytest.param(D(2025, 5, 26), False, id="may-half-term"),
        pytest.param(D(2025, 7, 21), True, id="last-week-two-days"),
    ],
)
def test_is_school_week(day: date, expected: bool) -> None:
    assert CAL.is_school_week(day) is expected


def test_calendar_is_immutable_hashable_and_normalised() -> None:
    shuffled = SchoolCalendar(reversed(TERMS), reversed(INSET), nation="England")
    assert shuffled == CAL
    assert hash(shuffled) == hash(CAL)
    assert CAL != WALES
    assert len({CAL, shuffled, WALES}) == 2
    with pytest.raises(AttributeError):
        CAL.nation = "wales"  # type: ignore[misc]
    merged = SchoolCalendar([(D(2025, 1, 6), D(2025, 1, 31)), (D(2025, 2, 1), D(2025, 2, 14))])
    assert merged.term_ranges == ((D(2025, 1, 6), D(2025, 2, 14)),)


@pytest.mark.parametrize(
    ("terms", "nation"),
    [
        pytest.param([(D(2025, 2, 14), D(2025, 1, 6))], "england", id="range-backwards"),
        pytest.param(TERMS, "scotland", id="unknown-nation"),
    ],
)
def test_calendar_rejects_bad_input(terms: list[tuple[date, date]], nation: str) -> None:
    with pytest.raises(ValueError):
        SchoolCalendar(terms, nation=nation)


# --- add_school_days and the notice of a direction --------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(D(2025, 2, 10), 1, D(2025, 2, 11), id="plain-next-day"),
        pytest.param(D(2025, 2, 7), 1, D(2025, 2, 10), id="friday-to-monday"),
        pytest.param(D(2025, 2, 14), 1, D(2025, 2, 24), id="forward-over-half-term"),
        pytest.param(D(2025, 2, 24), -1, D(2025, 2, 14), id="back-over-half-term"),
        pytest.param(D(2025, 2, 12), 5, D(2025, 2, 26), id="five-forward-over-half-term"),
        pytest.param(D(2025, 2, 26), -5, D(2025, 2, 12), id="five-back-over-half-term"),
        pytest.param(D(2024, 10, 24), 3, D(2024, 11, 5), id="forward-over-oct-half-term"),
        pytest.param(D(2024, 12, 20), 1, D(2025, 1, 7), id="over-christmas-and-inset"),
        pytest.param(D(2025, 1, 7), -1, D(2024, 12, 20), id="back-over-inset-and-christmas"),
        pytest.param(D(2025, 5, 2), 1, D(2025, 5, 6), id="over-early-may-bank-holiday"),
        pytest.param(D(2025, 5, 6), -1, D(2025, 5, 2), id="back-over-early-may"),
        pytest.param(D(2025, 7, 22), 1, D(2025, 9, 3), id="over-summer-and-two-inset-days"),
        pytest.param(D(2025, 2, 8), 1, D(2025, 2, 10), id="from-a-saturday-forward"),
        pytest.param(D(2025, 2, 8), -1, D(2025, 2, 7), id="from-a-saturday-back"),
        pytest.param(D(2025, 2, 16), 1, D(2025, 2, 24), id="from-half-term-sunday"),
        pytest.param(D(2025, 2, 19), -1, D(2025, 2, 14), id="from-inside-half-term-back"),
        pytest.param(D(2025, 2, 8), 0, D(2025, 2, 8), id="zero-returns-the-date"),
        pytest.param(D(2025, 2, 12), 0, D(2025, 2, 12), id="zero-on-a-school-day"),
        pytest.param(D(2025, 3, 3), 20, D(2025, 3, 31), id="twenty-forward"),
        pytest.param(D(2025, 4, 10), 2, D(2025, 4, 28), id="over-easter-holidays"),
    ],
)
def test_add_school_days(start: date, n: int, expected: date) -> None:
    assert add_school_days(start, n, CAL) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(D(2025, 4, 17), 1, D(2025, 4, 22), id="over-easter-2025"),
        pytest.param(D(2025, 4, 22), -1, D(2025, 4, 17), id="back-over-easter-2025"),
        pytest.param(D(2026, 4, 2), 1, D(2026, 4, 7), id="over-easter-2026"),
        pytest.param(D(2028, 2, 28), 1, D(2028, 2, 29), id="into-leap-day-2028"),
        pytest.param(D(2028, 3, 1), -1, D(2028, 2, 29), id="back-to-leap-day-2028"),
        pytest.param(D(2024, 2, 28), 2, D(2024, 3, 1), id="over-leap-day-2024"),
        pytest.param(D(2025, 2, 28), 1, D(2025, 3, 3), id="no-leap-day-2025"),
    ],
)
def test_add_school_days_over_bank_holidays_and_leap_days(
    start: date, n: int, expected: date
) -> None:
    assert add_school_days(start, n, OPEN) == expected


def test_add_school_days_round_trips_on_school_days() -> None:
    for day in CAL.school_days(D(2025, 1, 27), D(2025, 3, 14)):
        for n in (1, 2, 5, 10):
            assert add_school_days(add_school_days(day, n, CAL), -n, CAL) == day


@pytest.mark.parametrize(
    ("start", "n"),
    [
        pytest.param(D(2026, 7, 20), 5, id="past-the-last-term"),
        pytest.param(D(2024, 9, 4), -5, id="before-the-first-term"),
    ],
)
def test_add_school_days_outside_the_calendar_raises(start: date, n: int) -> None:
    with pytest.raises(ValueError):
        add_school_days(start, n, CAL)


@pytest.mark.parametrize(
    ("cal", "first_day", "expected"),
    [
        pytest.param(CAL, D(2025, 3, 10), D(2025, 3, 6), id="monday-start-previous-thursday"),
        pytest.param(CAL, D(2025, 3, 12), D(2025, 3, 10), id="wednesday-start-monday"),
        pytest.param(CAL, D(2025, 5, 6), D(2025, 5, 1), id="after-early-may-bank-holiday"),
        pytest.param(CAL, D(2025, 2, 24), D(2025, 2, 13), id="monday-after-half-term"),
        pytest.param(CAL, D(2025, 1, 8), D(2024, 12, 20), id="over-christmas-and-inset"),
        pytest.param(OPEN, D(2025, 4, 22), D(2025, 4, 16), id="after-easter-monday-2025"),
        pytest.param(OPEN, D(2026, 4, 7), D(2026, 4, 1), id="after-easter-monday-2026"),
        pytest.param(OPEN, D(2025, 5, 27), D(2025, 5, 22), id="after-spring-bank-holiday"),
        pytest.param(OPEN, D(2028, 3, 2), D(2028, 2, 29), id="leap-day-2028"),
    ],
)
def test_direction_notice_deadline(cal: SchoolCalendar, first_day: date, expected: date) -> None:
    assert direction_notice_deadline(first_day, cal) == expected


# --- school weeks and the first review ---------------------------------------------------------


def test_first_review_deadline_design_worked_example() -> None:
    # 6 school weeks after Monday 3 February 2025, with half term the week of 17 February.
    assert first_review_deadline(D(2025, 2, 3), CAL) == D(2025, 3, 24)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(D(2025, 2, 5), 6, D(2025, 3, 26), id="wednesday-over-half-term"),
        pytest.param(D(2025, 2, 3), 1, D(2025, 2, 10), id="one-week"),
        pytest.param(D(2025, 2, 10), 1, D(2025, 2, 24), id="skips-half-term-week"),
        pytest.param(D(2024, 12, 16), 6, D(2025, 2, 10), id="over-christmas"),
        pytest.param(D(2025, 3, 31), 6, D(2025, 6, 2), id="over-easter-and-may-half-term"),
        pytest.param(D(2025, 4, 28), 1, D(2025, 5, 5), id="lands-on-bank-holiday-kept"),
        pytest.param(D(2024, 12, 30), 1, D(2025, 1, 6), id="lands-on-inset-kept"),
        pytest.param(D(2025, 2, 19), 1, D(2025, 2, 26), id="from-inside-half-term"),
        pytest.param(D(2025, 2, 8), 2, D(2025, 3, 1), id="saturday-keeps-weekday"),
        pytest.param(D(2025, 3, 24), -6, D(2025, 2, 3), id="negative-back-to-example"),
        pytest.param(D(2025, 2, 24), -1, D(2025, 2, 10), id="negative-skips-half-term"),
        pytest.param(D(2025, 2, 19), 0, D(2025, 2, 19), id="zero-returns-the-date"),
    ],
)
def test_add_school_weeks(start: date, n: int, expected: date) -> None:
    assert add_school_weeks(start, n, CAL) == expected


def test_first_review_deadline_with_a_policy_value() -> None:
    assert first_review_deadline(D(2025, 2, 3), CAL, school_weeks=2) == D(2025, 2, 24)


def test_add_school_weeks_past_the_calendar_raises() -> None:
    with pytest.raises(ValueError):
        add_school_weeks(D(2026, 7, 1), 6, CAL)


@pytest.mark.parametrize(
    ("start", "today", "expected"),
    [
        pytest.param(D(2025, 2, 3), D(2025, 1, 31), 0, id="before-start"),
        pytest.param(D(2025, 2, 3), D(2025, 2, 3), 0, id="start-day"),
        pytest.param(D(2025, 2, 3), D(2025, 2, 9), 0, id="end-of-first-week"),
        pytest.param(D(2025, 2, 3), D(2025, 2, 10), 1, id="one-week"),
        pytest.param(D(2025, 2, 3), D(2025, 2, 21), 1, id="half-term-not-counted"),
        pytest.param(D(2025, 2, 3), D(2025, 2, 24), 2, id="after-half-term"),
        pytest.param(D(2025, 2, 3), D(2025, 3, 23), 5, id="day-before-first-review"),
        pytest.param(D(2025, 2, 3), D(2025, 3, 24), 6, id="first-review-due"),
        pytest.param(D(2025, 2, 5), D(2025, 2, 11), 0, id="wednesday-start-tuesday"),
        pytest.param(D(2025, 2, 5), D(2025, 2, 12), 1, id="wednesday-start-wednesday"),
        pytest.param(D(2024, 12, 16), D(2025, 1, 6), 1, id="christmas-weeks-not-counted"),
    ],
)
def test_school_weeks_elapsed(start: date, today: date, expected: int) -> None:
    assert school_weeks_elapsed(start, today, CAL) == expected


def test_school_weeks_elapsed_inverts_add_school_weeks() -> None:
    start = D(2025, 1, 8)
    for n in range(1, 20):
        due = add_school_weeks(start, n, CAL)
        assert school_weeks_elapsed(start, due, CAL) == n
        assert school_weeks_elapsed(start, D.fromordinal(due.toordinal() - 1), CAL) == n - 1


# --- meetings and notices in calendar days ----------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "days", "expected"),
    [
        pytest.param(D(2025, 3, 24), 6, D(2025, 3, 18), id="monday-meeting"),
        pytest.param(D(2025, 3, 6), 6, D(2025, 2, 28), id="across-february-2025"),
        pytest.param(D(2028, 3, 6), 6, D(2028, 2, 29), id="onto-leap-day-2028"),
        pytest.param(D(2025, 1, 3), 6, D(2024, 12, 28), id="across-new-year"),
        pytest.param(D(2025, 3, 24), 10, D(2025, 3, 14), id="policy-value"),
    ],
)
def test_review_invitation_deadline(meeting: date, days: int, expected: date) -> None:
    assert review_invitation_deadline(meeting, days) == expected


def test_review_invitation_deadline_default_is_six_days() -> None:
    assert review_invitation_deadline(D(2025, 3, 24)) == D(2025, 3, 18)


@pytest.mark.parametrize(
    ("meeting", "days", "expected"),
    [
        pytest.param(D(2025, 3, 24), 6, D(2025, 3, 30), id="monday-meeting"),
        pytest.param(D(2028, 2, 23), 6, D(2028, 2, 29), id="onto-leap-day-2028"),
        pytest.param(D(2025, 2, 23), 6, D(2025, 3, 1), id="no-leap-day-2025"),
        pytest.param(D(2024, 12, 20), 6, D(2024, 12, 26), id="into-christmas"),
    ],
)
def test_decision_notice_deadline(meeting: date, days: int, expected: date) -> None:
    assert decision_notice_deadline(meeting, days) == expected
    assert decision_notice_deadline(meeting) == expected


@pytest.mark.parametrize(
    ("requested", "last_review", "window", "expected"),
    [
        pytest.param(D(2025, 3, 14), None, 10, True, id="never-reviewed"),
        pytest.param(D(2025, 3, 14), D(2025, 3, 3), 10, False, id="reviewed-recently"),
        pytest.param(D(2025, 3, 14), D(2025, 3, 14), 10, False, id="reviewed-same-day"),
        pytest.param(D(2025, 3, 14), D(2025, 1, 3), 10, False, id="exactly-ten-weeks"),
        pytest.param(D(2025, 3, 14), D(2025, 1, 2), 10, True, id="ten-weeks-and-a-day"),
        pytest.param(D(2025, 3, 14), D(2025, 1, 31), 6, False, id="worcs-exactly-six-weeks"),
        pytest.param(D(2025, 3, 14), D(2025, 1, 30), 6, True, id="worcs-six-weeks-and-a-day"),
        pytest.param(D(2025, 3, 14), D(2025, 1, 30), 10, False, id="statute-same-dates"),
        pytest.param(D(2028, 3, 1), D(2027, 12, 22), 10, False, id="leap-year-boundary"),
        pytest.param(D(2028, 3, 1), D(2027, 12, 21), 10, True, id="leap-year-past-window"),
    ],
)
def test_must_hold_requested_review(
    requested: date, last_review: date | None, window: int, expected: bool
) -> None:
    assert must_hold_requested_review(requested, last_review, window) is expected


def test_must_hold_requested_review_rejects_a_review_after_the_request() -> None:
    with pytest.raises(ValueError):
        must_hold_requested_review(D(2025, 3, 14), D(2025, 3, 17))


@pytest.mark.parametrize(
    ("last_contact", "today", "expected"),
    [
        pytest.param(None, D(2025, 3, 10), True, id="never"),
        pytest.param(D(2025, 3, 10), D(2025, 3, 10), False, id="today"),
        pytest.param(D(2025, 3, 3), D(2025, 3, 10), False, id="exactly-a-week"),
        pytest.param(D(2025, 3, 3), D(2025, 3, 11), True, id="eight-days"),
        pytest.param(D(2028, 2, 22), D(2028, 2, 29), False, id="leap-day-week"),
    ],
)
def test_weekly_contact_overdue(last_contact: date | None, today: date, expected: bool) -> None:
    assert weekly_contact_overdue(last_contact, today) is expected


# --- PSPs and reduced timetables (Wales) --------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "weeks", "expected"),
    [
        pytest.param(D(2025, 9, 8), 6, D(2025, 10, 20), id="six-weeks"),
        pytest.param(D(2028, 1, 18), 6, D(2028, 2, 29), id="onto-leap-day"),
        pytest.param(D(2024, 11, 25), 6, D(2025, 1, 6), id="over-new-year"),
        pytest.param(D(2025, 9, 8), 2, D(2025, 9, 22), id="more-often-at-first"),
    ],
)
def test_next_psp_review_deadline(last: date, weeks: int, expected: date) -> None:
    assert next_psp_review_deadline(last, weeks) == expected


def test_next_psp_review_deadline_default() -> None:
    assert next_psp_review_deadline(D(2025, 9, 8)) == D(2025, 10, 20)


@pytest.mark.parametrize(
    ("start", "planned_end", "max_weeks", "expected"),
    [
        pytest.param(D(2025, 9, 1), D(2025, 11, 21), 12, False, id="friday-of-week-twelve"),
        pytest.param(D(2025, 9, 1), D(2025, 11, 23), 12, False, id="the-84th-day"),
        pytest.param(D(2025, 9, 1), D(2025, 11, 24), 12, True, id="first-day-of-week-13"),
        pytest.param(D(2025, 9, 1), D(2025, 9, 1), 12, False, id="one-day"),
        pytest.param(D(2027, 12, 7), D(2028, 2, 28), 12, False, id="leap-year-84th-day"),
        pytest.param(D(2027, 12, 7), D(2028, 2, 29), 12, True, id="leap-day-is-day-85"),
        pytest.param(D(2025, 9, 1), D(2025, 10, 14), 6, True, id="stricter-la-policy"),
    ],
)
def test_needs_director_authorisation(
    start: date, planned_end: date, max_weeks: int, expected: bool
) -> None:
    assert needs_director_authorisation(start, planned_end, max_weeks) is expected


def test_needs_director_authorisation_rejects_an_end_before_the_start() -> None:
    with pytest.raises(ValueError):
        needs_director_authorisation(D(2025, 9, 1), D(2025, 8, 29))


@pytest.mark.parametrize(
    ("nation", "year_group", "hours"),
    [
        pytest.param("wales", 0, "21", id="wales-reception"),
        pytest.param("wales", 2, "21", id="wales-y2"),
        pytest.param("wales", 3, "23.5", id="wales-y3"),
        pytest.param("wales", 6, "23.5", id="wales-y6"),
        pytest.param("wales", 7, "24", id="wales-y7"),
        pytest.param("wales", 10, "24", id="wales-y10"),
        pytest.param("wales", 11, "25", id="wales-y11"),
        pytest.param("wales", 12, "25", id="wales-y12-as-y11"),
        pytest.param("wales", 13, "25", id="wales-y13-as-y11"),
        pytest.param("Wales", 5, "23.5", id="nation-case-insensitive"),
        pytest.param("england", 0, "32.5", id="england-reception"),
        pytest.param("england", 6, "32.5", id="england-y6"),
        pytest.param("england", 11, "32.5", id="england-y11"),
        pytest.param("england", 13, "32.5", id="england-y13"),
    ],
)
def test_full_time_hours(nation: str, year_group: int, hours: str) -> None:
    result = full_time_hours(nation, year_group)
    assert isinstance(result, Decimal)
    assert result == Decimal(hours)


@pytest.mark.parametrize(
    ("nation", "year_group"),
    [
        pytest.param("scotland", 5, id="unknown-nation"),
        pytest.param("england", -1, id="nursery"),
        pytest.param("wales", 14, id="beyond-y13-wales"),
        pytest.param("england", 14, id="beyond-y13-england"),
    ],
)
def test_full_time_hours_rejects(nation: str, year_group: int) -> None:
    with pytest.raises(ValueError):
        full_time_hours(nation, year_group)


# --- Back-on-Track ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(D(2025, 3, 5), D(2025, 3, 5), [D(2025, 3, 5)], id="one-day"),
        pytest.param(D(2025, 3, 3), D(2025, 3, 5), [D(2025, 3, 3), D(2025, 3, 5)], id="three-days"),
        pytest.param(
            D(2025, 3, 6), D(2025, 3, 11), [D(2025, 3, 6), D(2025, 3, 11)], id="four-weekdays"
        ),
        pytest.param(
            D(2025, 3, 3), D(2025, 3, 7), [D(2025, 3, 3), D(2025, 3, 7)], id="monday-to-friday"
        ),
        pytest.param(
            D(2025, 3, 3),
            D(2025, 3, 10),
            [D(2025, 3, 3), D(2025, 3, 10)],
            id="one-week-review-is-the-final-review",
        ),
        pytest.param(
            D(2025, 3, 3),
            D(2025, 3, 14),
            [D(2025, 3, 3), D(2025, 3, 10), D(2025, 3, 14)],
            id="two-weeks",
        ),
        pytest.param(
            D(2025, 3, 3),
            D(2025, 3, 24),
            [D(2025, 3, 3), D(2025, 3, 10), D(2025, 3, 24)],
            id="fortnightly-review-on-final-day-not-duplicated",
        ),
        pytest.param(
            D(2025, 3, 3),
            D(2025, 4, 4),
            [D(2025, 3, 3), D(2025, 3, 10), D(2025, 3, 24), D(2025, 4, 4)],
            id="five-weeks",
        ),
        pytest.param(
            D(2025, 1, 8),
            D(2025, 2, 14),
            [D(2025, 1, 8), D(2025, 1, 15), D(2025, 1, 29), D(2025, 2, 12), D(2025, 2, 14)],
            id="half-a-term-of-respite",
        ),
    ],
)
def test_back_on_track_meetings(start: date, end: date, expected: list[date]) -> None:
    assert back_on_track_meetings(start, end) == expected


def test_back_on_track_meetings_rejects_an_end_before_the_start() -> None:
    with pytest.raises(ValueError):
        back_on_track_meetings(D(2025, 3, 5), D(2025, 3, 4))


# --- year groups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2025, 8, 31), D(2024, 9, 1), id="last-day-of-year"),
        pytest.param(D(2025, 9, 1), D(2025, 9, 1), id="first-day-of-year"),
        pytest.param(D(2026, 1, 15), D(2025, 9, 1), id="january"),
        pytest.param(D(2028, 2, 29), D(2027, 9, 1), id="leap-day"),
    ],
)
def test_academic_year_start(day: date, expected: date) -> None:
    assert academic_year_start(day) == expected


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        pytest.param(D(2019, 9, 1), D(2024, 9, 2), 0, id="oldest-in-reception"),
        pytest.param(D(2020, 8, 31), D(2024, 9, 2), 0, id="youngest-in-reception"),
        pytest.param(D(2019, 8, 31), D(2024, 9, 2), 1, id="august-born-year-1"),
        pytest.param(D(2020, 9, 1), D(2024, 9, 2), -1, id="september-born-nursery"),
        pytest.param(D(2020, 8, 31), D(2024, 8, 31), -1, id="day-before-reception-year"),
        pytest.param(D(2009, 3, 15), D(2024, 10, 1), 11, id="year-11"),
        pytest.param(D(2016, 2, 29), D(2028, 3, 1), 7, id="leap-day-birthday-year-7"),
        pytest.param(D(2024, 2, 29), D(2028, 2, 29), -1, id="leap-day-born-nursery"),
        pytest.param(D(2007, 1, 10), D(2025, 6, 1), 13, id="year-13"),
    ],
)
def test_year_group_for(born: date, on: date, expected: int) -> None:
    assert year_group_for(born, on) == expected


# --- Unique Pupil Numbers -----------------------------------------------------------------------
# Check letters worked by hand: characters 2-13 weighted 2..13, sum mod 23, indexing
# ABCDEFGHJKLMNPQRTUVWXYZ (A=0, B=1, ..., H=7, J=8, ..., P=13, Q=14, ..., T=16, ..., X=20, Z=22).
#
# 801200001001: 8*2 + 1*4 + 2*5 + 1*10 + 1*13 = 53; 53 - 46 = 7 -> H
# 801200005001: 8*2 + 1*4 + 2*5 + 5*10 + 1*13 = 93; 93 - 92 = 1 -> B (python-stdnum's example)
# 885200124012: 16 + 24 + 20 + 10 + 8 + 18 + 40 + 12 + 26 = 174; 174 - 161 = 13 -> P
# 67240002500A: 12 + 21 + 8 + 20 + 18 + 50 + A(0)*13 = 129; 129 - 115 = 14 -> Q (temporary)
# 88520012401Z: 148 (the first 11 as above) + Z(22)*13 = 434; 434 - 414 = 20 -> X (temporary)
# 88520012401T: 148 + T(16)*13 = 356; 356 - 345 = 11 -> M (temporary)
HAND_WORKED = [
    ("801200001001", "H"),
    ("801200005001", "B"),
    ("885200124012", "P"),
    ("67240002500A", "Q"),
    ("88520012401Z", "X"),
    ("88520012401T", "M"),
]


@pytest.mark.parametrize(("body", "letter"), HAND_WORKED, ids=[b for b, _ in HAND_WORKED])
def test_upn_check_letter(body: str, letter: str) -> None:
    assert upn_check_letter(body) == letter
    assert upn_check_letter(body.lower()) == letter
    assert is_valid_upn(letter + body)


@pytest.mark.parametrize(
    ("upn", "expected"),
    [
        pytest.param("H801200001001", True, id="permanent"),
        pytest.param("P885200124012", True, id="worcestershire-shaped"),
        pytest.param("h801200001001", True, id="lower-case"),
        pytest.param("  H801200001001\n", True, id="surrounding-whitespace"),
        pytest.param("q67240002500a", True, id="temporary-lower-case"),
        pytest.param("A801200001001", False, id="wrong-check-letter"),
        pytest.param("J801200001001", False, id="next-check-letter"),
        pytest.param("H801200001002", False, id="wrong-last-digit"),
        pytest.param("P88520012401Z", False, id="temporary-wrong-letter"),
        pytest.param("H80120000100", False, id="twelve-characters"),
        pytest.param("H8012000010011", False, id="fourteen-characters"),
        pytest.param("", False, id="empty"),
        pytest.param("H8012000-1001", False, id="hyphen"),
        pytest.param("H 801200001001", False, id="inner-space"),
        pytest.param("H80120000A001", False, id="letter-in-the-middle"),
        pytest.param("1801200001001", False, id="digit-check-character"),
        pytest.param("X8852001240I1", False, id="letter-in-position-12"),
        pytest.param("N88520012401I", False, id="letter-i-not-allowed"),
        pytest.param("N88520012401O", False, id="letter-o-not-allowed"),
        pytest.param("N88520012401S", False, id="letter-s-not-allowed"),
        pytest.param("H８01200001001", False, id="non-ascii-digit"),
    ],
)
def test_is_valid_upn(upn: str, expected: bool) -> None:
    assert is_valid_upn(upn) is expected


def test_is_valid_upn_rejects_a_non_string() -> None:
    assert is_valid_upn(None) is False  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("upn", "expected"),
    [
        pytest.param("Q67240002500A", True, id="temporary"),
        pytest.param("m88520012401t", True, id="temporary-lower-case"),
        pytest.param("H801200001001", False, id="permanent"),
        pytest.param("A67240002500A", False, id="temporary-shape-wrong-letter"),
    ],
)
def test_is_temporary_upn(upn: str, expected: bool) -> None:
    assert is_temporary_upn(upn) is expected


@pytest.mark.parametrize(
    "body",
    ["80120000100", "8012000010011", "80120000A001", "80120000100I", "80120000100-"],
)
def test_upn_check_letter_rejects_malformed_bodies(body: str) -> None:
    with pytest.raises(ValueError):
        upn_check_letter(body)


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 11, 22), date(2026, 11, 16)),  # a Sunday belongs to the week before
        (date(2026, 11, 16), date(2026, 11, 16)),
        (date(2028, 3, 1), date(2028, 2, 28)),  # across a leap day
        (date(2027, 1, 1), date(2026, 12, 28)),  # across the new year
    ],
)
def test_week_monday(day, monday):
    assert week_monday(day) == monday
