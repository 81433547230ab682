"""The stored audit rating and first day past the limit (issue 12): what the rules say, kept by
the services and the nightly refresh, filled for existing timetables by the migration."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.reduced_timetables import services as svc
from cases.reduced_timetables.models import ReducedTimetable
from cases.reduced_timetables.rating import reduced_timetable_rate_all
from cases.reduced_timetables.selectors import past_limit_unauthorised, rtt_status
from reviews import rules
from reviews.tasks import refresh_all_deadlines
from tests.cases.test_reduced_timetable_support import (
    MONDAY,
    add_step,
    fill_secondary,
    loaded,
    make_timetable,
    on_the_004_protocol,
)
from tests.factories import PupilFactory

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _on_the_004_protocol(request):
    """These tests are of 004's protocol (the Director, Appendix 1 and 2): the world's LA
    follows it (test_reduced_timetable_protocols.py has the DfE's national expectations)."""
    if "world" in request.fixturenames:
        on_the_004_protocol(request.getfixturevalue("world"))


def test_the_first_day_past_the_limit():
    """004: beyond 12 weeks the Director's authorisation is needed; from Monday 7 September
    2026 the last day within them is Sunday 29 November, so it is past them on the 30th."""
    start = datetime.date(2026, 9, 7)
    assert rules.rtt_past_limit_from(start) == datetime.date(2026, 11, 30)
    assert rules.rtt_past_limit_from(start, 12, datetime.date(2026, 12, 11)) == datetime.date(
        2026, 12, 12
    )
    # An authorisation that ends within the limit changes nothing.
    assert rules.rtt_past_limit_from(start, 12, datetime.date(2026, 10, 1)) == datetime.date(
        2026, 11, 30
    )
    assert rules.rtt_past_limit_from(start, 6) == datetime.date(2026, 10, 19)


def _green(world, **fields):
    timetable = make_timetable(world, pupil=PupilFactory(school=world.school), **fields)
    fill_secondary(timetable)
    add_step(timetable)
    return timetable


@pytest.mark.django_db
class TestStored:
    def test_it_is_what_the_rules_say_after_each_change(self, world):
        timetable = make_timetable(world, pupil=PupilFactory(school=world.school))
        assert timetable.rating == "red"  # no reintegration plan yet: no exit strategy
        svc.step_add(
            timetable=timetable,
            from_date=MONDAY + datetime.timedelta(weeks=4),
            hours_per_week=15,
            by=world.users["school_case_lead"],
        )
        timetable.refresh_from_db()
        assert timetable.rating == "green" == rtt_status(loaded(timetable), today=TODAY).rating
        svc.progress_record(
            timetable=timetable,
            progress=ReducedTimetable.Progress.LITTLE,
            progress_notes="",
            non_attendance=False,
            parent_dissatisfied=False,
            professional_concerns=False,
            by=world.users["school_case_lead"],
            today=TODAY,
        )
        timetable.refresh_from_db()
        assert timetable.rating == "amber"
        svc.harm_risks_record(timetable=timetable, risks=["cce"], by=world.users["school_dsl"])
        timetable.refresh_from_db()
        assert timetable.rating == "red" == rtt_status(loaded(timetable), today=TODAY).rating
        # Derived, not a person's edit: the history does not carry it.
        assert not hasattr(timetable.history.first(), "rating")

    def test_past_the_limit_in_sql_is_the_rules_missing_authorisation(self, world):
        """For timetables authorised, ended or neither, on days either side of their limit,
        the database's answer is rules.rtt_authorisation's "missing", every time."""
        start = TODAY - datetime.timedelta(weeks=14)
        made = [
            _green(world, start=start, weeks=20),
            _green(world, start=start, weeks=20, state="ended", ended_on=TODAY),
            _green(
                world,
                start=start,
                weeks=20,
                state="ended",
                ended_on=start + datetime.timedelta(weeks=11),
            ),
            _green(
                world,
                start=start,
                weeks=20,
                authorisation_decision="authorised",
                authorised_by=world.users["la_director"],
                authorised_on=start + datetime.timedelta(weeks=11),
                authorised_until=start + datetime.timedelta(weeks=13),
            ),
            _green(world, start=TODAY - datetime.timedelta(weeks=3), weeks=10),
        ]
        for days in (-30, -7, -1, 0, 1, 14, 40):
            day = TODAY + datetime.timedelta(days=days)
            in_sql = set(
                ReducedTimetable.objects.filter(past_limit_unauthorised(day)).values_list(
                    "pk", flat=True
                )
            )
            by_rule = {
                t.pk for t in made if rtt_status(loaded(t), today=day).past_limit_unauthorised
            }
            assert in_sql == by_rule, day

    def test_the_nightly_refresh_moves_it_with_the_days_in_bulk(self, world):
        """Once its first planned increase is due and the hours have not gone up, the audit
        turns Amber (no time increase); the nightly refresh (through every case type's
        refreshers) finds it, and a second run writes nothing."""
        timetables = [
            _green(world, start=TODAY - datetime.timedelta(weeks=3), weeks=10) for _ in range(3)
        ]
        assert {t.rating for t in timetables} == {"green"}
        with time_machine.travel(NOW + datetime.timedelta(weeks=2), tick=False):
            refresh_all_deadlines()
            assert set(ReducedTimetable.objects.values_list("rating", flat=True)) == {"amber"}
            with CaptureQueriesContext(connection) as again:
                assert reduced_timetable_rate_all(today=TODAY + datetime.timedelta(weeks=2)) == 3
        assert not [q for q in again.captured_queries if q["sql"].startswith("UPDATE")]

    def test_the_nightly_refresh_takes_the_same_queries_for_few_or_many(
        self, world, django_assert_num_queries
    ):
        for _ in range(2):
            _green(world)
        ReducedTimetable.objects.update(rating="")
        # each LA's protocol; the timetables of the world's other LA, on the DfE's national
        # expectations, counted; these with their LA, pupil and safeguarding record; their
        # steps (their entries only once an increase is due); the changed ones written in one
        # statement
        with django_assert_num_queries(5):
            assert reduced_timetable_rate_all(today=TODAY) == 2
        for _ in range(6):
            _green(world)
        ReducedTimetable.objects.update(rating="")
        with django_assert_num_queries(5):
            assert reduced_timetable_rate_all(today=TODAY) == 8
        assert set(ReducedTimetable.objects.values_list("rating", flat=True)) == {"green"}

    def test_the_migration_rates_the_timetables_already_recorded(self, world):
        timetable = _green(world, start=TODAY - datetime.timedelta(weeks=13), weeks=16)
        ReducedTimetable.objects.update(rating="", past_limit_on=None)
        migration = importlib.import_module("cases.migrations.0010_reduced_timetable_rating")
        migration.rate_existing(apps, None)
        timetable.refresh_from_db()
        assert timetable.rating == "amber"
        assert timetable.past_limit_on == rules.rtt_past_limit_from(timetable.start)
