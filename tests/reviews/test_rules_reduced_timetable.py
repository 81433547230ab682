"""The reduced timetable rules (004_f815cbfe89cfcc2a.txt): pure, no database."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from reviews import rules
from reviews.rules import (
    RttAuditFacts,
    full_time_hours,
    reduced_timetable_last_day,
    reduced_timetable_must_end_by,
    rtt_absence_code,
    rtt_audit,
    rtt_authorisation,
    rtt_weeks_elapsed,
    timetable_hours_primary,
    timetable_hours_secondary,
)

START = date(2026, 9, 7)  # a Monday


class TestWeeklyHours:
    def test_it_adds_up_each_days_session(self):
        sessions = [(time(9, 0), time(11, 30))] * 5
        assert timetable_hours_primary(sessions) == Decimal("12.50")

    def test_it_counts_minutes_to_the_hundredth_of_an_hour(self):
        assert timetable_hours_primary([(time(9, 0), time(9, 50))]) == Decimal("0.83")

    def test_it_is_zero_with_no_sessions(self):
        assert timetable_hours_primary([]) == Decimal("0.00")

    def test_it_refuses_a_session_ending_before_it_starts(self):
        with pytest.raises(ValueError, match="before it starts"):
            timetable_hours_primary([(time(11, 0), time(9, 0))])

    def test_it_refuses_a_session_of_no_time(self):
        with pytest.raises(ValueError):
            timetable_hours_primary([(time(9, 0), time(9, 0))])

    def test_secondary_lessons_times_their_length(self):
        assert timetable_hours_secondary(10, 1, 60) == Decimal("10.00")
        assert timetable_hours_secondary(12, 1, 50) == Decimal("10.00")

    def test_a_fortnightly_timetable_is_its_average_week(self):
        # Week 1 has 10 lessons, week 2 has 14: 12 hours a week on average.
        assert timetable_hours_secondary(24, 2, 60) == Decimal("12.00")

    @pytest.mark.parametrize("weeks", [0, 3])
    def test_a_cycle_is_one_or_two_weeks(self, weeks):
        with pytest.raises(ValueError):
            timetable_hours_secondary(10, weeks, 60)

    def test_it_refuses_negative_lessons_or_lengths(self):
        with pytest.raises(ValueError):
            timetable_hours_secondary(-1, 1, 60)
        with pytest.raises(ValueError):
            timetable_hours_secondary(5, 1, 0)


class TestFullTime:
    @pytest.mark.parametrize(
        ("year", "hours"),
        [(0, "21"), (2, "21"), (3, "23.5"), (6, "23.5"), (7, "24"), (10, "24"), (11, "25")],
    )
    def test_wales(self, year, hours):
        assert full_time_hours("wales", year) == Decimal(hours)

    def test_england_is_the_dfe_school_week(self):
        assert {full_time_hours("england", y) for y in range(14)} == {Decimal("32.5")}

    def test_12_and_a_half_hours_is_reduced_for_a_year_3_in_wales(self):
        assert timetable_hours_primary([(time(9), time(11, 30))] * 5) < full_time_hours("wales", 3)


class TestWeeksElapsed:
    def test_none_before_the_start(self):
        assert rtt_weeks_elapsed(START, date(2026, 9, 1)) == 0

    def test_whole_calendar_weeks_holidays_included(self):
        assert rtt_weeks_elapsed(START, date(2026, 9, 13)) == 0
        assert rtt_weeks_elapsed(START, date(2026, 9, 14)) == 1
        # Through the October half term: the pupil is out of full-time education then too.
        assert rtt_weeks_elapsed(START, date(2026, 11, 30)) == 12

    def test_it_stops_at_the_end(self):
        assert rtt_weeks_elapsed(START, date(2027, 1, 4), ended_on=date(2026, 10, 5)) == 4

    def test_across_a_leap_day(self):
        assert rtt_weeks_elapsed(date(2028, 2, 21), date(2028, 3, 6)) == 2


class TestLimit:
    def test_the_last_day_is_the_day_before_the_same_weekday_12_weeks_on(self):
        assert reduced_timetable_last_day(START) == date(2026, 11, 29)  # a Sunday

    def test_from_a_wednesday_start(self):
        assert reduced_timetable_last_day(date(2026, 9, 2)) == date(2026, 11, 24)  # a Tuesday

    def test_across_a_leap_day(self):
        assert reduced_timetable_last_day(date(2028, 1, 3)) == date(2028, 3, 26)

    def test_the_las_policy_changes_it(self):
        assert reduced_timetable_last_day(START, max_weeks=6) == date(2026, 10, 18)

    def test_a_limit_of_no_weeks_is_refused(self):
        with pytest.raises(ValueError):
            reduced_timetable_last_day(START, max_weeks=0)

    def test_it_agrees_with_needs_director_authorisation(self):
        limit = reduced_timetable_last_day(START)
        assert not rules.needs_director_authorisation(START, limit)
        assert rules.needs_director_authorisation(START, limit + timedelta(days=1))


class TestMustEndBy:
    """After the Director declines, the timetable ends by the limit (004)."""

    def test_declined_it_ends_by_the_last_day_within_the_limit(self):
        assert reduced_timetable_must_end_by(START) == date(2026, 11, 29)

    def test_an_earlier_authorisation_still_stands(self):
        day = reduced_timetable_must_end_by(START, authorised_until=date(2026, 12, 11))
        assert day == date(2026, 12, 11)

    def test_an_authorisation_within_the_limit_does_not_shorten_it(self):
        day = reduced_timetable_must_end_by(START, authorised_until=date(2026, 11, 1))
        assert day == date(2026, 11, 29)

    def test_the_las_limit_is_used(self):
        assert reduced_timetable_must_end_by(START, max_weeks=6) == date(2026, 10, 18)


class TestAuthorisation:
    def test_not_needed_within_12_weeks(self):
        assert rtt_authorisation(START, date(2026, 11, 29), date(2026, 10, 1)) == "not_needed"

    def test_needed_when_planned_to_the_first_day_of_week_13(self):
        assert rtt_authorisation(START, date(2026, 11, 30), date(2026, 10, 1)) == "needed"

    def test_needed_when_planned_beyond_and_the_limit_is_still_to_come(self):
        assert rtt_authorisation(START, date(2026, 12, 18), date(2026, 10, 1)) == "needed"

    def test_missing_once_past_the_limit_without_it(self):
        assert rtt_authorisation(START, date(2026, 12, 18), date(2026, 12, 1)) == "missing"

    def test_a_timetable_still_running_after_its_end_needs_it_too(self):
        # Planned for 10 weeks, never ended, and today is 13 weeks in.
        assert rtt_authorisation(START, date(2026, 11, 16), date(2026, 12, 7)) == "missing"

    def test_authorised_to_the_end(self):
        state = rtt_authorisation(
            START, date(2026, 12, 18), date(2026, 12, 1), authorised_until=date(2026, 12, 18)
        )
        assert state == "authorised"

    def test_an_authorisation_short_of_the_end_is_needed_again_until_it_runs_out(self):
        kwargs = {"authorised_until": date(2026, 12, 11)}
        assert rtt_authorisation(START, date(2026, 12, 18), date(2026, 12, 1), **kwargs) == (
            "needed"
        )
        assert rtt_authorisation(START, date(2026, 12, 18), date(2026, 12, 14), **kwargs) == (
            "missing"
        )

    def test_ended_within_the_limit_needs_nothing(self):
        state = rtt_authorisation(
            START, date(2026, 12, 18), date(2027, 2, 1), ended_on=date(2026, 11, 20)
        )
        assert state == "not_needed"

    def test_ended_beyond_the_limit_without_it_stays_missing(self):
        state = rtt_authorisation(
            START, date(2026, 12, 18), date(2027, 2, 1), ended_on=date(2026, 12, 18)
        )
        assert state == "missing"


class TestAbsenceCode:
    def test_wales_c(self):
        assert rtt_absence_code("wales") == "C"

    def test_england_c2(self):
        assert rtt_absence_code("england") == "C2"

    @pytest.mark.parametrize("nation", ["wales", "england"])
    def test_b_at_alternative_provision(self, nation):
        assert rtt_absence_code(nation, at_alternative_provision=True) == "B"

    def test_unknown_nation(self):
        with pytest.raises(ValueError):
            rtt_absence_code("scotland")


def facts(**overrides):
    values = {
        "start": START,
        "provisional_end": date(2026, 11, 20),
        "today": date(2026, 10, 1),
        "planned_increases": (date(2026, 10, 5),),
        "other_agencies": True,
    }
    return RttAuditFacts(**(values | overrides))


class TestAudit:
    def test_green_when_the_guidance_is_followed_within_12_weeks(self):
        audit = rtt_audit(facts())
        assert (audit.rating, audit.indicators) == ("green", ())

    @pytest.mark.parametrize(
        ("override", "code"),
        [
            ({"through_guidance": False}, "not_through_guidance"),
            ({"planned_increases": ()}, "no_exit_strategy"),
            ({"other_agencies": False}, "single_agency"),
            ({"harm_risks": ("cce",)}, "harm_risk"),
            ({"looked_after": True}, "looked_after"),
            ({"protection_or_care_plan": True}, "protection_or_care_plan"),
            ({"non_attendance": True}, "non_attendance"),
        ],
    )
    def test_red_indicators(self, override, code):
        audit = rtt_audit(facts(**override))
        assert audit.rating == "red"
        assert code in audit.codes

    @pytest.mark.parametrize(
        ("override", "code"),
        [
            ({"provisional_end": date(2026, 12, 18)}, "beyond_limit"),
            (
                {"provisional_end": date(2026, 12, 18), "authorised_until": date(2026, 12, 18)},
                "beyond_limit",
            ),
            (
                {"provisional_end": date(2026, 12, 18), "today": date(2026, 12, 2)},
                "beyond_limit_unauthorised",
            ),
            ({"little_progress": True}, "little_progress"),
            ({"today": date(2026, 10, 5)}, "no_time_increase"),
            ({"parent_dissatisfied": True}, "parent_dissatisfied"),
            ({"professional_concerns": True}, "professional_concerns"),
        ],
    )
    def test_amber_indicators(self, override, code):
        audit = rtt_audit(facts(**override))
        assert audit.rating == "amber"
        assert code in audit.codes

    def test_no_time_increase_only_once_the_first_increase_is_due(self):
        assert "no_time_increase" not in rtt_audit(facts(today=date(2026, 10, 4))).codes
        assert "no_time_increase" in rtt_audit(facts(today=date(2026, 10, 5))).codes
        assert rtt_audit(facts(today=date(2026, 10, 5), hours_increased=True)).rating == "green"

    def test_red_outranks_amber_and_every_reason_is_kept(self):
        audit = rtt_audit(facts(little_progress=True, non_attendance=True))
        assert audit.rating == "red"
        assert audit.indicators == (("red", "non_attendance"), ("amber", "little_progress"))

    def test_the_las_limit_is_used(self):
        assert rtt_audit(facts(max_weeks=6)).codes == ("beyond_limit",)
