"""The PSP rules of reviews/rules.py: pure, no database. Source: 004_f815cbfe89cfcc2a.txt."""

import datetime
from decimal import Decimal

import pytest

from reviews.rules import (
    SchoolCalendar,
    next_psp_review_deadline,
    psp_check_in_due,
    psp_due_for_monitoring,
    psp_first_review_default,
    psp_needs_ewo,
    psp_review_date_problem,
    psp_review_deadlines,
    psp_term_starts,
)

D = datetime.date

# Welsh term dates 2026-27 as Neath Port Talbot records them: half terms as separate ranges.
WALES_2026 = [
    (D(2026, 9, 1), D(2026, 10, 23)),
    (D(2026, 11, 2), D(2026, 12, 18)),
    (D(2027, 1, 4), D(2027, 2, 12)),
    (D(2027, 2, 22), D(2027, 3, 26)),
    (D(2027, 4, 12), D(2027, 5, 28)),
    (D(2027, 6, 7), D(2027, 7, 20)),
]
CAL = SchoolCalendar(WALES_2026, nation="wales")


@pytest.mark.parametrize(
    ("meeting", "weeks", "expected"),
    [
        (D(2026, 11, 16), 2, D(2026, 11, 30)),  # the LA's default first interval
        (D(2026, 12, 21), 2, D(2027, 1, 4)),  # across Christmas: calendar weeks
        (D(2028, 2, 15), 2, D(2028, 2, 29)),  # leap day
        (D(2026, 11, 16), 1, D(2026, 11, 23)),  # a school that reviews after a week
    ],
)
def test_the_first_review_defaults_to_the_las_first_interval(meeting, weeks, expected):
    assert psp_first_review_default(meeting, weeks=weeks) == expected


@pytest.mark.parametrize(
    ("after", "proposed", "weeks", "problem"),
    [
        (D(2026, 11, 16), D(2026, 11, 16), 6, "early"),
        (D(2026, 11, 16), D(2026, 11, 15), 6, "early"),
        (D(2026, 11, 16), D(2026, 11, 17), 6, None),
        (D(2026, 11, 16), D(2026, 12, 28), 6, None),  # exactly six weeks
        (D(2026, 11, 16), D(2026, 12, 29), 6, "late"),
        (D(2026, 11, 16), D(2026, 12, 14), 4, None),  # an LA with a 4-week policy
        (D(2026, 11, 16), D(2026, 12, 15), 4, "late"),
    ],
)
def test_a_review_date_is_after_and_at_most_the_las_interval(after, proposed, weeks, problem):
    assert psp_review_date_problem(after, proposed, weeks) == problem


def test_review_deadlines_before_any_review():
    assert psp_review_deadlines(D(2026, 11, 16), D(2026, 11, 30), []) == [D(2026, 11, 30)]
    # No date set: six weeks after the meeting.
    assert psp_review_deadlines(D(2026, 11, 16), None, []) == [D(2026, 12, 28)]


def test_review_deadlines_never_later_than_the_interval_whatever_was_set():
    # A first review set 8 weeks on is still due 6 weeks after the meeting.
    assert psp_review_deadlines(D(2026, 11, 16), D(2027, 1, 11), []) == [D(2026, 12, 28)]


def test_review_deadlines_follow_each_review():
    dues = psp_review_deadlines(
        D(2026, 11, 16),
        D(2026, 11, 30),
        [(D(2026, 12, 2), D(2027, 1, 6)), (D(2027, 1, 6), D(2027, 2, 24))],
    )
    # review 1 due when set; review 2 due when review 1 set it; review 3 capped at 6 weeks.
    assert dues == [D(2026, 11, 30), D(2027, 1, 6), D(2027, 2, 17)]


def test_review_deadlines_stop_when_the_psp_ceases():
    dues = psp_review_deadlines(D(2026, 11, 16), D(2026, 11, 30), [(D(2026, 11, 30), None)])
    assert dues == [D(2026, 11, 30)]


def test_review_deadlines_refuse_reviews_out_of_order():
    with pytest.raises(ValueError):
        psp_review_deadlines(D(2026, 11, 16), None, [(D(2026, 11, 1), D(2026, 12, 1))])
    with pytest.raises(ValueError):
        psp_review_deadlines(D(2026, 11, 16), None, [], max_weeks=-1)


def test_next_psp_review_deadline_is_reused_unchanged():
    assert next_psp_review_deadline(D(2026, 11, 16)) == D(2026, 12, 28)


@pytest.mark.parametrize(
    ("start", "last", "expected"),
    [
        (D(2026, 11, 16), None, D(2026, 11, 23)),  # a week after the PSP was agreed
        (D(2026, 11, 16), D(2026, 11, 20), D(2026, 11, 27)),  # a week after the last one
        (D(2026, 11, 16), D(2026, 11, 10), D(2026, 11, 23)),  # one before agreement: ignored
        (D(2026, 12, 14), D(2026, 12, 14), D(2027, 1, 4)),  # Christmas: first day back
        (D(2026, 10, 19), None, D(2026, 11, 2)),  # half term: first day back
        (D(2027, 7, 19), None, D(2027, 7, 26)),  # after the last term date: left as is
    ],
)
def test_weekly_check_ins_fall_on_school_days(start, last, expected):
    assert psp_check_in_due(start, last, CAL) == expected


def test_weekly_check_ins_without_a_calendar_are_calendar_weeks():
    assert psp_check_in_due(D(2026, 12, 14), None) == D(2026, 12, 21)
    assert psp_check_in_due(D(2026, 12, 14), None, SchoolCalendar([])) == D(2026, 12, 21)


def test_bank_holidays_move_the_check_in():
    # Easter Monday 2027 is 29 March, in the holiday; the spring bank holiday 31 May is too.
    cal = SchoolCalendar([(D(2027, 5, 17), D(2027, 6, 30))], nation="wales")
    assert psp_check_in_due(D(2027, 5, 24), None, cal) == D(2027, 6, 1)


def test_term_starts_group_half_terms_into_terms():
    assert psp_term_starts(WALES_2026) == [D(2026, 9, 1), D(2027, 1, 4), D(2027, 4, 12)]
    assert psp_term_starts([]) == []
    # Order does not matter; a two-week half term (17 days) counts as a new term.
    assert psp_term_starts(list(reversed(WALES_2026[:2]))) == [D(2026, 9, 1)]


@pytest.mark.parametrize(
    ("agreed", "considered", "today", "due"),
    [
        (D(2026, 11, 16), None, D(2026, 11, 20), True),  # never considered
        (D(2026, 11, 16), D(2026, 11, 18), D(2026, 12, 1), False),  # considered this term
        (D(2026, 10, 1), D(2026, 10, 5), D(2027, 1, 5), True),  # last term: due again
        (D(2026, 10, 1), D(2027, 1, 4), D(2027, 1, 5), False),  # on this term's first day
        (D(2026, 12, 1), None, D(2026, 11, 20), False),  # agreed after today
    ],
)
def test_the_monitoring_group_considers_each_psp_termly(agreed, considered, today, due):
    starts = psp_term_starts(WALES_2026)
    assert (
        psp_due_for_monitoring(
            agreed_on=agreed, last_considered=considered, today=today, term_starts=starts
        )
        is due
    )


def test_monitoring_before_any_term_start():
    assert psp_due_for_monitoring(
        agreed_on=D(2026, 1, 1), last_considered=None, today=D(2026, 1, 2), term_starts=[]
    )
    assert not psp_due_for_monitoring(
        agreed_on=D(2026, 1, 1),
        last_considered=D(2026, 1, 2),
        today=D(2026, 1, 3),
        term_starts=[D(2026, 9, 1)],
    )


@pytest.mark.parametrize(
    ("concern", "percent", "rtt", "needed"),
    [
        (False, None, False, False),
        (True, None, False, True),
        (False, Decimal("89.9"), False, True),
        (False, Decimal("90.0"), False, False),
        (False, Decimal("100"), True, True),
    ],
)
def test_the_ewo_is_involved_for_attendance_or_a_reduced_timetable(concern, percent, rtt, needed):
    assert (
        psp_needs_ewo(
            attendance_concern=concern, attendance_percent=percent, on_reduced_timetable=rtt
        )
        is needed
    )
