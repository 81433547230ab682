"""The periods of the LA's reports, from its term dates (reviews.rules.report_period)."""

import datetime

import pytest

from reviews import rules

D = datetime.date
# The demo's English 2026/27 half terms, as an LA admin enters them.
TERMS = [
    (D(2026, 9, 2), D(2026, 10, 23)),
    (D(2026, 11, 2), D(2026, 12, 18)),
    (D(2027, 1, 4), D(2027, 2, 12)),
    (D(2027, 2, 22), D(2027, 3, 26)),
    (D(2027, 4, 12), D(2027, 5, 28)),
    (D(2027, 6, 7), D(2027, 7, 21)),
]


def span(period):
    return (period.start, period.end)


@pytest.mark.parametrize(
    ("today", "half_term", "term"),
    [
        (D(2026, 12, 3), (D(2026, 11, 2), D(2026, 12, 18)), (D(2026, 9, 2), D(2026, 12, 18))),
        (D(2026, 11, 2), (D(2026, 11, 2), D(2026, 12, 18)), (D(2026, 9, 2), D(2026, 12, 18))),
        # In half term: the half-term just ended, whose return is made now.
        (D(2026, 10, 28), (D(2026, 9, 2), D(2026, 10, 23)), (D(2026, 9, 2), D(2026, 12, 18))),
        (D(2027, 3, 1), (D(2027, 2, 22), D(2027, 3, 26)), (D(2027, 1, 4), D(2027, 3, 26))),
        (D(2027, 8, 10), (D(2027, 6, 7), D(2027, 7, 21)), (D(2027, 4, 12), D(2027, 7, 21))),
    ],
)
def test_this_half_term_and_this_term(today, half_term, term):
    assert span(rules.report_period(rules.HALF_TERM, today, TERMS)) == half_term
    assert span(rules.report_period(rules.TERM, today, TERMS)) == term


def test_the_academic_year_runs_september_to_august():
    year = rules.report_period(rules.ACADEMIC_YEAR, D(2027, 3, 1), TERMS)
    assert span(year) == (D(2026, 9, 1), D(2027, 8, 31))
    assert year.as_at(D(2027, 3, 1)) == D(2027, 3, 1)
    assert year.contains(D(2026, 9, 1)) and not year.contains(D(2026, 8, 31))


def test_without_term_dates_a_term_is_the_academic_year():
    assert span(rules.report_period(rules.TERM, D(2026, 12, 3), [])) == (
        D(2026, 9, 1),
        D(2027, 8, 31),
    )


def test_chosen_dates():
    period = rules.report_period(
        rules.CHOSEN_DATES, D(2026, 12, 3), TERMS, start=D(2026, 10, 1), end=D(2026, 10, 31)
    )
    assert span(period) == (D(2026, 10, 1), D(2026, 10, 31))
    assert period.as_at(D(2026, 12, 3)) == D(2026, 10, 31)
    with pytest.raises(ValueError, match="cannot end before"):
        rules.report_period(
            rules.CHOSEN_DATES, D(2026, 12, 3), TERMS, start=D(2026, 10, 2), end=D(2026, 10, 1)
        )
