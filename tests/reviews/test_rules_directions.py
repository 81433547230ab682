"""The next review of an off-site direction at the interval agreed at the initial meeting
(reviews.rules.next_review_deadline): pure, no database, every case a concrete date."""

from datetime import date as D

import pytest

from reviews.rules import SchoolCalendar, next_review_deadline

TERMS = [
    (D(2026, 6, 1), D(2026, 7, 21)),  # summer 2, then the summer holidays
    (D(2026, 9, 2), D(2026, 10, 23)),  # half term 26 - 30 October
    (D(2026, 11, 2), D(2026, 12, 18)),  # Christmas holidays 19 December - 3 January
    (D(2027, 1, 4), D(2027, 2, 12)),
    (D(2027, 2, 22), D(2027, 3, 26)),  # Good Friday, 26 March, is a bank holiday in term
    (D(2027, 4, 12), D(2027, 5, 28)),
]
CAL = SchoolCalendar(TERMS, closures=[D(2026, 11, 2)])  # an INSET day after half term


@pytest.mark.parametrize(
    ("last_review", "weeks", "expected"),
    [
        pytest.param(D(2026, 11, 5), 6, D(2026, 12, 17), id="six-weeks-in-term"),
        pytest.param(D(2026, 11, 5), 2, D(2026, 11, 19), id="fortnightly"),
        pytest.param(D(2026, 11, 27), 4, D(2026, 12, 18), id="christmas-day-back-to-term-end"),
        pytest.param(D(2026, 9, 28), 4, D(2026, 10, 23), id="half-term-back-to-the-friday"),
        pytest.param(D(2027, 3, 12), 2, D(2027, 3, 25), id="good-friday-back-a-day"),
        pytest.param(D(2026, 10, 19), 2, D(2026, 10, 23), id="inset-day-back-over-half-term"),
        pytest.param(D(2026, 7, 1), 6, D(2026, 7, 21), id="summer-back-to-the-last-day"),
    ],
)
def test_the_next_review_is_due_at_the_interval_or_the_school_day_before(
    last_review, weeks, expected
):
    assert next_review_deadline(last_review, CAL, weeks=weeks) == expected


def test_with_no_school_day_in_between_it_is_the_first_school_day_after():
    # A weekly review on the Friday before half term: the Friday a week on is in half term,
    # and the days back to the review are half term and a weekend; Monday 2 November is the
    # INSET day, so the review can first be held on Tuesday 3 November.
    assert next_review_deadline(D(2026, 10, 23), CAL, weeks=1) == D(2026, 11, 3)


def test_the_default_interval_is_six_weeks():
    # 8 January + 6 weeks is Friday 19 February, in half term: Friday 12 February.
    assert next_review_deadline(D(2027, 1, 8), CAL) == D(2027, 2, 12)


@pytest.mark.parametrize("weeks", [0, -2])
def test_the_interval_is_at_least_a_week(weeks):
    with pytest.raises(ValueError, match="weeks"):
        next_review_deadline(D(2026, 11, 5), CAL, weeks=weeks)


def test_a_date_beyond_the_term_dates_is_not_guessed():
    with pytest.raises(ValueError, match="term dates"):
        next_review_deadline(D(2027, 5, 20), CAL, weeks=4)
    with pytest.raises(ValueError, match="term dates"):
        next_review_deadline(D(2026, 11, 5), SchoolCalendar([]), weeks=4)
