"""The Back-on-Track rules of reviews/rules.py (000_6280d14dcdeb4d53.txt): pure, no database."""

from datetime import date

import pytest

from reviews.rules import (
    SchoolCalendar,
    add_school_days,
    back_on_track_meetings,
    offsiting_days,
    offsiting_is_week_or_more,
    offsiting_meeting_dates,
    offsiting_needs_head_of_service,
    offsiting_required_subjects,
    offsiting_restorative_due,
    offsiting_sharing_due,
    offsiting_short_limit_problem,
    offsiting_week_one_due,
    offsiting_within_half_term,
    offsiting_workbook,
)

D = date
# Worcestershire-style terms: half term 17-21 February 2025; Easter 14-25 April 2025.
CAL = SchoolCalendar(
    [
        (D(2025, 1, 6), D(2025, 2, 14)),
        (D(2025, 2, 24), D(2025, 4, 11)),
        (D(2025, 4, 28), D(2025, 5, 23)),
        (D(2027, 1, 4), D(2027, 2, 12)),
        (D(2028, 1, 4), D(2028, 3, 24)),
    ],
    closures=[D(2025, 3, 7)],  # an INSET Friday
)


# --- the days off-site ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "key_days", "expected"),
    [
        pytest.param(D(2025, 3, 3), D(2025, 3, 5), None, 3, id="mon-wed"),
        pytest.param(D(2025, 3, 3), D(2025, 3, 9), None, 4, id="week-with-inset-friday"),
        pytest.param(D(2025, 2, 13), D(2025, 2, 25), None, 4, id="across-half-term"),
        pytest.param(D(2025, 4, 11), D(2025, 4, 28), None, 2, id="across-easter"),
        pytest.param(D(2025, 5, 3), D(2025, 5, 4), None, 0, id="a-weekend"),
        pytest.param(D(2025, 5, 5), D(2025, 5, 5), None, 0, id="early-may-bank-holiday"),
        pytest.param(D(2025, 3, 3), D(2025, 3, 28), [0, 2], 8, id="mondays-and-wednesdays"),
        pytest.param(D(2025, 3, 3), D(2025, 3, 28), [4], 3, id="fridays-less-inset"),
        pytest.param(D(2028, 2, 28), D(2028, 3, 1), None, 3, id="leap-day-counts"),
    ],
)
def test_offsiting_days(first, last, key_days, expected):
    assert len(offsiting_days(first, last, CAL, key_days)) == expected


def test_offsiting_days_refuses_an_end_before_the_start():
    with pytest.raises(ValueError):
        offsiting_days(D(2025, 3, 5), D(2025, 3, 4), CAL)


# --- day limits: consequence and safety 1-3 days --------------------------------------------


@pytest.mark.parametrize(
    ("kind", "days", "problem"),
    [
        ("consequence", 1, None),
        ("consequence", 3, None),
        ("consequence", 4, "more than 3 days"),
        ("safety", 3, None),
        ("safety", 4, "more than 3 days"),
        ("safety", 0, "no school days"),
        ("respite", 0, "no school days"),
        ("respite", 4, None),
        ("respite", 30, None),
    ],
)
def test_short_limit(kind, days, problem):
    assert offsiting_short_limit_problem(kind, days) == problem


def test_short_limit_refuses_negative_days():
    with pytest.raises(ValueError):
        offsiting_short_limit_problem("safety", -1)


# --- the Head of Service's agreement ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "days", "limit", "needed"),
    [
        ("respite", 3, 3, False),
        ("respite", 4, 3, True),
        ("respite", 1, 3, False),
        ("respite", 5, 5, False),
        ("respite", 6, 5, True),
        ("respite", 2, 1, True),
        ("consequence", 3, 3, False),
        ("safety", 3, 3, False),
    ],
)
def test_needs_head_of_service(kind, days, limit, needed):
    assert offsiting_needs_head_of_service(kind, days, days_without_approval=limit) is needed


def test_needs_head_of_service_default_is_three_days():
    assert not offsiting_needs_head_of_service("respite", 3)
    assert offsiting_needs_head_of_service("respite", 4)


# --- 1 week or more: full or light workbook ---------------------------------------------------


def _block(first: date, count: int) -> list[date]:
    return offsiting_days(first, add_school_days(first, count - 1, CAL), CAL)


@pytest.mark.parametrize(
    ("count", "week", "book"),
    [(1, False, "light"), (4, False, "light"), (5, True, "full"), (10, True, "full")],
)
def test_week_or_more_and_workbook(count, week, book):
    days = _block(D(2025, 1, 14), count)  # from a Tuesday in term
    assert offsiting_is_week_or_more(days, CAL) is week
    assert offsiting_workbook(days, CAL) == book


def test_a_week_shortened_by_an_inset_day_is_a_full_school_week():
    days = offsiting_days(D(2025, 3, 3), D(2025, 3, 7), CAL)
    assert len(days) == 4
    assert offsiting_workbook(days, CAL) == "full"
    assert offsiting_week_one_due(days, CAL) == D(2025, 3, 6)  # its last school day


def test_tuesday_to_friday_after_a_bank_holiday_is_a_full_school_week():
    days = offsiting_days(D(2025, 5, 6), D(2025, 5, 9), CAL)  # Monday 5 May: early May
    assert len(days) == 4
    assert offsiting_is_week_or_more(days, CAL)
    assert offsiting_week_one_due(days, CAL) == D(2025, 5, 9)
    assert not offsiting_is_week_or_more(days[1:], CAL)  # Wednesday to Friday is not


def test_the_days_left_before_half_term_are_not_a_week():
    days = offsiting_days(D(2025, 2, 11), D(2025, 2, 14), CAL)  # half term from the 17th
    assert len(days) == 4 and not offsiting_is_week_or_more(days, CAL)


def test_week_one_due_is_the_fifth_school_day():
    days = offsiting_days(D(2025, 2, 12), D(2025, 2, 28), CAL)  # across half term
    assert offsiting_week_one_due(days, CAL) == D(2025, 2, 25)
    assert offsiting_week_one_due(days[:4], CAL) is None


# --- key days up to half a term ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "within"),
    [
        (D(2025, 1, 6), D(2025, 2, 14), True),
        (D(2025, 2, 3), D(2025, 2, 24), False),  # into the next half term
        (D(2025, 2, 17), D(2025, 2, 21), False),  # half term itself
        (D(2025, 4, 28), D(2025, 5, 23), True),
    ],
)
def test_within_half_term(first, last, within):
    assert offsiting_within_half_term(first, last, CAL) is within


# --- deadlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "due"),
    [
        (D(2025, 3, 4), D(2025, 3, 3)),  # Tuesday: the Monday before
        (D(2025, 3, 3), D(2025, 2, 28)),  # Monday: the Friday before
        (D(2025, 2, 24), D(2025, 2, 14)),  # after half term: the last day before it
        (D(2025, 3, 10), D(2025, 3, 6)),  # Friday 7 March is an INSET day
    ],
)
def test_sharing_due_the_school_day_before(first, due):
    assert offsiting_sharing_due(first, CAL) == due


@pytest.mark.parametrize(
    ("last", "due"),
    [
        (D(2025, 3, 5), D(2025, 3, 6)),
        (D(2025, 3, 6), D(2025, 3, 10)),  # over the INSET Friday and the weekend
        (D(2025, 4, 11), D(2025, 4, 28)),  # over Easter
        (D(2025, 5, 2), D(2025, 5, 6)),  # over the early May bank holiday
    ],
)
def test_restorative_due_the_school_day_after(last, due):
    assert offsiting_restorative_due(last, CAL) == due


# --- the meeting schedule (back_on_track_meetings, already in rules.py) ------------------------


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        pytest.param(D(2025, 3, 3), D(2025, 3, 3), [D(2025, 3, 3)], id="one-day"),
        pytest.param(D(2025, 3, 3), D(2025, 3, 5), [D(2025, 3, 3), D(2025, 3, 5)], id="3-days"),
        pytest.param(
            D(2025, 3, 3),
            D(2025, 3, 14),
            [D(2025, 3, 3), D(2025, 3, 10), D(2025, 3, 14)],
            id="2-weeks",
        ),
        pytest.param(
            D(2025, 3, 3),
            D(2025, 4, 4),
            [D(2025, 3, 3), D(2025, 3, 10), D(2025, 3, 24), D(2025, 4, 4)],
            id="5-weeks-fortnightly",
        ),
    ],
)
def test_meeting_schedule(first, last, expected):
    assert back_on_track_meetings(first, last) == expected


# --- work -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "options", "expected"),
    [
        (9, ["History"], ["Maths", "English"]),
        (10, ["History", "Art"], ["Maths", "English", "History", "Art"]),
        (11, ["maths", " Art ", "art", ""], ["Maths", "English", "Art"]),
        (12, ["History"], ["Maths", "English"]),
        (4, [], ["Maths", "English"]),
    ],
)
def test_required_subjects(year, options, expected):
    assert offsiting_required_subjects(year, options) == expected


# --- the parent meetings on school days (offsiting_meeting_dates) ------------------------------


@pytest.mark.parametrize(
    ("first", "last", "key_days", "expected"),
    [
        # Under a week of school days: start and end only, even across many weekdays.
        (D(2025, 3, 3), D(2025, 3, 17), [0], [D(2025, 3, 3), D(2025, 3, 17)]),
        (D(2025, 3, 3), D(2025, 3, 5), None, [D(2025, 3, 3), D(2025, 3, 5)]),
        (D(2025, 3, 3), D(2025, 3, 3), None, [D(2025, 3, 3)]),
        # A week and a half term: the review of Thursday 20 February moves to Monday 24.
        (D(2025, 2, 13), D(2025, 2, 28), None, [D(2025, 2, 13), D(2025, 2, 24), D(2025, 2, 28)]),
        # The review of Friday 7 March (INSET) moves to Monday 10 March.
        (D(2025, 2, 28), D(2025, 3, 14), None, [D(2025, 2, 28), D(2025, 3, 10), D(2025, 3, 14)]),
        # The fortnightly review of Thursday 24 April (Easter) moves to Monday 28 April; the
        # next stays on Thursday 8 May.
        (
            D(2025, 4, 3),
            D(2025, 5, 9),
            None,
            [D(2025, 4, 3), D(2025, 4, 10), D(2025, 4, 28), D(2025, 5, 8), D(2025, 5, 9)],
        ),
        # The end is the last school day off-site, not a weekend last day.
        (D(2025, 3, 3), D(2025, 3, 9), None, [D(2025, 3, 3), D(2025, 3, 6)]),
    ],
)
def test_meeting_dates_fall_on_school_days(first, last, key_days, expected):
    days = offsiting_days(first, last, CAL, key_days)
    dates = offsiting_meeting_dates(days, CAL)
    assert dates == expected
    assert all(CAL.is_school_day(d) for d in dates)


def test_meeting_dates_of_no_days():
    assert offsiting_meeting_dates([], CAL) == []


def test_days_stop_at_the_end_of_the_calendar():
    days = offsiting_days(D(2028, 3, 20), D(9999, 12, 31), CAL)
    assert days == [D(2028, 3, 20), D(2028, 3, 21), D(2028, 3, 22), D(2028, 3, 23), D(2028, 3, 24)]
    assert offsiting_days(D(2025, 1, 6), D(2025, 1, 7), SchoolCalendar([])) == []


def test_meetings_near_the_last_date_do_not_overflow():
    dates = back_on_track_meetings(D(9999, 12, 1), D(9999, 12, 31))
    assert dates[0] == D(9999, 12, 1) and dates[-1] == D(9999, 12, 31)
