"""The alternative provision rules (004 "Alternative Provision", Appendix 1): no database."""

import datetime
from decimal import Decimal

import pytest

from reviews import rules

D = datetime.date
T = datetime.time

# Welsh terms 2026-27 around the autumn half term (26-30 October 2026).
CAL = rules.SchoolCalendar(
    [(D(2026, 9, 1), D(2026, 10, 23)), (D(2026, 11, 2), D(2026, 12, 18))],
    closures=[D(2026, 11, 13)],
    nation="wales",
)


@pytest.mark.parametrize(
    ("signed", "expires"),
    [
        (D(2026, 9, 1), D(2027, 8, 31)),
        (D(2026, 1, 1), D(2026, 12, 31)),
        (D(2026, 3, 1), D(2027, 2, 28)),
        (D(2027, 3, 1), D(2028, 2, 29)),  # the year it runs into is a leap year
        (D(2028, 2, 29), D(2029, 2, 28)),  # signed on 29 February
        (D(2028, 2, 28), D(2029, 2, 27)),
        (D(2026, 12, 31), D(2027, 12, 30)),
    ],
)
def test_it_keeps_a_declaration_current_for_a_year_less_a_day(signed, expires):
    assert rules.declaration_expires_on(signed) == expires


@pytest.mark.parametrize(
    ("on", "current"),
    [
        (D(2026, 8, 31), False),  # before it was signed: not in place then
        (D(2026, 9, 1), True),
        (D(2027, 8, 31), True),  # its last day
        (D(2027, 9, 1), False),
    ],
)
def test_it_says_whether_a_declaration_covers_a_day(on, current):
    assert rules.declaration_current(D(2026, 9, 1), D(2027, 8, 31), on) is current


def test_a_placement_may_start_when_any_declaration_covers_its_first_day():
    old = (D(2025, 9, 1), D(2026, 8, 31))
    new = (D(2026, 10, 5), D(2027, 10, 4))
    assert rules.declaration_covers([old, new], D(2026, 8, 31))
    assert not rules.declaration_covers([old, new], D(2026, 9, 15))  # the gap between them
    assert rules.declaration_covers([old, new], D(2026, 10, 5))
    assert not rules.declaration_covers([], D(2026, 10, 5))


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 8, 31), "missing"),  # signed after today
        (D(2026, 9, 1), "current"),
        (D(2027, 7, 31), "current"),  # 31 days before the last day
        (D(2027, 8, 1), "expiring"),  # 30 days before
        (D(2027, 8, 31), "expiring"),  # the last day
        (D(2027, 9, 1), "expired"),
    ],
)
def test_the_register_status_of_a_declaration(today, status):
    assert rules.declaration_status(D(2026, 9, 1), D(2027, 8, 31), today) == status


def test_no_declaration_is_missing_and_the_warning_period_is_a_parameter():
    assert rules.declaration_status(None, None, D(2026, 9, 1)) == "missing"
    assert rules.declaration_status(D(2026, 9, 1), D(2027, 8, 31), D(2027, 8, 20), 11) == (
        "expiring"
    )
    assert rules.declaration_status(D(2026, 9, 1), D(2027, 8, 31), D(2027, 8, 20), 10) == "current"
    with pytest.raises(ValueError, match="warn_days"):
        rules.declaration_status(D(2026, 9, 1), D(2027, 8, 31), D(2027, 8, 20), -1)


@pytest.mark.parametrize(
    ("earlier", "notified", "first"),
    [(0, False, True), (0, True, False), (1, False, False), (3, True, False)],
)
def test_only_the_first_use_of_a_provider_tells_the_la(earlier, notified, first):
    assert rules.provider_first_use(earlier, notified) is first


def test_first_use_rejects_a_negative_count():
    with pytest.raises(ValueError, match="earlier_placements"):
        rules.provider_first_use(-1, False)


def test_recent_placement_days_are_school_days_on_the_placement_weekdays():
    # Tuesdays and Thursdays from Tuesday 20 October; half term 26-30 October; Friday 13
    # November is a closure (not a Tuesday or Thursday anyway); today is Tuesday 10 November.
    days = rules.recent_placement_days(
        D(2026, 10, 20), D(2026, 12, 18), {1, 3}, D(2026, 11, 10), CAL
    )
    assert days == [D(2026, 10, 20), D(2026, 10, 22), D(2026, 11, 3), D(2026, 11, 5)]


def test_recent_placement_days_stop_at_the_last_day_and_keep_the_window():
    days = rules.recent_placement_days(
        D(2026, 9, 1), D(2026, 10, 1), range(5), D(2026, 11, 20), CAL, limit=3
    )
    assert days == [D(2026, 9, 29), D(2026, 9, 30), D(2026, 10, 1)]
    assert (
        rules.recent_placement_days(D(2026, 11, 20), D(2026, 12, 1), {4}, D(2026, 11, 20), CAL)
        == []
    )


def test_recent_placement_days_skip_the_closure_day():
    days = rules.recent_placement_days(D(2026, 11, 9), D(2026, 12, 1), {4}, D(2026, 11, 21), CAL)
    assert days == [D(2026, 11, 20)]  # not Friday 13 November


def test_recent_placement_days_outside_term_are_none_at_all():
    assert (
        rules.recent_placement_days(D(2026, 10, 26), D(2026, 10, 30), range(5), D(2026, 11, 2), CAL)
        == []
    )


def test_weekly_hours_add_each_day():
    assert rules.weekly_hours([(T(9), T(15)), (T(9, 30), T(12))]) == Decimal("8.50")
    assert rules.weekly_hours([(T(9, 10), T(9, 30))]) == Decimal("0.33")
    assert rules.weekly_hours([]) == Decimal("0.00")
    with pytest.raises(ValueError, match="not after"):
        rules.weekly_hours([(T(12), T(9))])
