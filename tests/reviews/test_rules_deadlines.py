"""deadline_state: the truthful answer for every deadline (reviews/rules/deadlines.py)."""

from datetime import date as D

import pytest

from reviews.rules import days_late, deadline_state

DUE = D(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("done_on", "today", "waived", "expected"),
    [
        pytest.param(None, D(2026, 11, 24), False, "due", id="a-week-before"),
        pytest.param(None, DUE, False, "due", id="on-the-day-still-due"),
        pytest.param(None, D(2026, 12, 2), False, "overdue", id="the-day-after"),
        pytest.param(None, D(2027, 3, 1), False, "overdue", id="months-after"),
        pytest.param(D(2026, 11, 25), D(2026, 11, 26), False, "on_time", id="done-early"),
        pytest.param(DUE, D(2026, 12, 9), False, "on_time", id="done-on-the-due-date"),
        pytest.param(D(2026, 12, 2), D(2026, 12, 2), False, "late", id="done-a-day-late"),
        pytest.param(D(2026, 12, 3), D(2027, 9, 1), False, "late", id="late-stays-late"),
        pytest.param(None, D(2026, 12, 9), True, "waived", id="waived-when-overdue"),
        pytest.param(None, D(2026, 11, 20), True, "waived", id="waived-before-due"),
        pytest.param(D(2026, 12, 4), D(2026, 12, 9), True, "late", id="done-late-beats-waiver"),
        pytest.param(DUE, D(2026, 12, 9), True, "on_time", id="done-beats-waiver"),
    ],
)
def test_deadline_state(done_on, today, waived, expected):
    assert deadline_state(DUE, done_on=done_on, today=today, waived=waived) == expected


@pytest.mark.parametrize(
    ("due", "done_on", "today", "expected"),
    [
        pytest.param(D(2028, 2, 28), D(2028, 2, 29), D(2028, 3, 1), "late", id="leap-day-late"),
        pytest.param(D(2028, 2, 29), D(2028, 2, 29), D(2028, 3, 1), "on_time", id="on-leap-day"),
        pytest.param(D(2028, 2, 29), None, D(2028, 3, 1), "overdue", id="leap-day-overdue"),
        pytest.param(D(2026, 12, 31), None, D(2027, 1, 1), "overdue", id="over-new-year"),
    ],
)
def test_deadline_state_across_leap_days_and_years(due, done_on, today, expected):
    assert deadline_state(due, done_on=done_on, today=today) == expected


def test_today_is_keyword_only():
    with pytest.raises(TypeError):
        deadline_state(DUE, None, DUE)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("done_on", "expected"),
    [(None, 0), (D(2026, 11, 30), 0), (DUE, 0), (D(2026, 12, 2), 1), (D(2027, 1, 1), 31)],
)
def test_days_late(done_on, expected):
    assert days_late(DUE, done_on) == expected
