"""The nightly refresh of reduced timetables, their deadlines (cases.reduced_timetables.deadlines)
and their stored rating (cases.reduced_timetables.rating), reads each table once for a chunk
of timetables, however many there are, and leaves what each timetable's own refresh leaves
(issue 12)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db.models import F

from cases.reduced_timetables.deadlines import reduced_timetable_refresh_all, refresh_deadlines
from cases.reduced_timetables.models import ReducedTimetable, RttTimetableEntry
from cases.reduced_timetables.rating import reduced_timetable_rate_all
from cases.reduced_timetables.selectors import counted_from, rtt_status
from reviews import rules
from reviews.calendars import term_dates_read_once
from reviews.models import Deadline
from reviews.services.deadlines import deadlines_batch
from tests.cases.test_reduced_timetable_support import (
    add_step,
    agreed,
    answer_all,
    fill_secondary,
    loaded,
    make_timetable,
    on_national_expectations,
    on_the_004_protocol,
)
from tests.factories import PupilFactory

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()
ROW = ("case_id", "key", "kind", "due", "met_on", "state", "responsible", "owner_school")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def _primary(timetable):
    for day in RttTimetableEntry.Day:
        RttTimetableEntry.objects.create(
            timetable=timetable,
            day=day.value,
            lesson=0,
            activity="Morning in class",
            starts_at=datetime.time(9),
            ends_at=datetime.time(11, 30),
        )


def _timetables(world, n: int) -> list[ReducedTimetable]:
    """n reduced timetables of the world's school, in turn: started with its hours gone up
    since an increase fell due, or not; planned, with its checklist answered but no
    reintegration plan; a primary one past the 12 weeks with an increase due."""
    made = []
    for i in range(n):
        kind = i % 4
        pupil = PupilFactory(school=world.school)
        six_weeks_ago = TODAY - datetime.timedelta(weeks=6)
        if kind in (0, 1):
            timetable = make_timetable(
                world,
                pupil=pupil,
                start=six_weeks_ago,
                state=ReducedTimetable.State.STARTED,
                started_on=six_weeks_ago,
                start_weekly_hours=Decimal("1") if kind == 0 else Decimal("40"),
                **agreed(world, pupil),
            )
            fill_secondary(timetable)
            add_step(timetable, weeks=4)
        elif kind == 2:
            timetable = make_timetable(world, pupil=pupil, start=TODAY + datetime.timedelta(7))
            answer_all(timetable, world.users["school_case_lead"])
        else:
            start = TODAY - datetime.timedelta(weeks=13)
            timetable = make_timetable(
                world,
                pupil=pupil,
                start=start,
                weeks=16,
                layout=ReducedTimetable.Layout.PRIMARY,
                state=ReducedTimetable.State.STARTED,
                started_on=start,
                start_weekly_hours=Decimal("5"),
            )
            _primary(timetable)
            add_step(timetable, weeks=10)
        made.append(timetable)
    return made


def _nightly_deadlines(today):
    with term_dates_read_once(), deadlines_batch():
        return reduced_timetable_refresh_all(today=today)


def _rows():
    return set(Deadline.objects.values_list(*ROW))


@pytest.mark.parametrize("protocol", [on_the_004_protocol, on_national_expectations])
def test_the_deadlines_are_those_each_timetable_s_own_refresh_makes(world, protocol):
    protocol(world)
    made = _timetables(world, 8)
    for days_later in (0, 30, 90):
        today = TODAY + datetime.timedelta(days=days_later)
        for timetable in made:
            refresh_deadlines(loaded(timetable), today=today)
        alone = _rows()
        Deadline.objects.all().delete()
        assert _nightly_deadlines(today) == 8
        assert _rows() == alone


def test_the_deadlines_take_the_same_queries_for_3_timetables_as_for_12(
    world, django_assert_num_queries
):
    on_the_004_protocol(world)
    counts = []
    for n in (3, 9):
        _timetables(world, n)
        _nightly_deadlines(TODAY)  # the rows made (and their people told) once
        Deadline.objects.update(due=F("due") - datetime.timedelta(days=1))
        # the timetables with their pupil and PSP; their school with its LA (once for the
        # whole refresh); their deadline rows; their checklist answers; which have a planned
        # increase; in a savepoint (two statements), those waived meanwhile, and the rows
        # written back in one statement
        with django_assert_num_queries(9) as queries:
            _nightly_deadlines(TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_rating_is_the_one_the_page_shows(world):
    on_the_004_protocol(world)
    made = _timetables(world, 8)
    ratings = set()
    for days_later in (0, 21, 70):
        today = TODAY + datetime.timedelta(days=days_later)
        ReducedTimetable.objects.update(rating="", past_limit_on=None)
        assert reduced_timetable_rate_all(today=today) == 8
        for timetable in made:
            timetable.refresh_from_db()
            assert timetable.rating == rtt_status(loaded(timetable), today=today).rating
            assert timetable.past_limit_on == rules.rtt_past_limit_from(
                counted_from(timetable), 12, timetable.authorised_until
            )
            ratings.add(timetable.rating)
    assert ratings == {"red", "amber", "green"}


def test_the_rating_takes_the_same_queries_for_3_timetables_as_for_12(
    world, django_assert_num_queries
):
    on_the_004_protocol(world)
    for n in (3, 9):
        _timetables(world, n)
        ReducedTimetable.objects.update(rating="", past_limit_on=None)
        # each LA's protocol; the other LA's timetables (the DfE's national expectations)
        # counted; these with their LA, pupil and safeguarding record; their steps; the
        # entries of those with an increase due; the changed ones written in one statement
        with django_assert_num_queries(6):
            reduced_timetable_rate_all(today=TODAY)


def test_under_the_national_expectations_none_is_rated_and_none_read(
    world, django_assert_num_queries
):
    """An LA on the DfE's national expectations has no audit nor limit: its timetables'
    stored rating (from before its protocol changed) is cleared in one statement, and none
    is read to do it; once cleared, nothing is written."""
    on_national_expectations(world)
    for n in (3, 9):
        _timetables(world, n)
        ReducedTimetable.objects.update(rating="red", past_limit_on=TODAY)
        # each LA's protocol; the timetables counted and those still rated found; those
        # cleared; the timetables of LAs that rate (none)
        with django_assert_num_queries(4):
            reduced_timetable_rate_all(today=TODAY)
        assert set(ReducedTimetable.objects.values_list("rating", "past_limit_on")) == {("", None)}
        with django_assert_num_queries(3):
            reduced_timetable_rate_all(today=TODAY)
