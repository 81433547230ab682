"""Deadlines synced in bulk (reviews.services.deadlines_batch) make exactly the rows, and tell
exactly the people, that syncing one case at a time does; a waiver made meanwhile is kept."""

import datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext

from cases.directions.deadlines import deadlines_refresh
from cases.directions.models import Direction
from cases.placements.deadlines import placement_refresh_deadlines
from cases.placements.models import ApPlacement
from cases.psp.deadlines import psp_refresh_deadlines
from cases.psp.models import PastoralSupportProgramme
from cases.reduced_timetables.deadlines import refresh_deadlines
from cases.reduced_timetables.models import ReducedTimetable
from demo.scale import seed_scale
from demo.scale_cases import refresh_school_deadlines
from reviews.calendars import term_dates_read_once
from reviews.models import Deadline, Meeting, Notification, ReviewRequest
from reviews.services.deadlines import deadline_waive, deadlines_batch
from reviews.tasks import refresh_all_deadlines
from tenancy.models import School, User

TODAY = datetime.date(2026, 12, 3)
FIELDS = (
    "case_type",
    "case_id",
    "key",
    "kind",
    "due",
    "meeting_on",
    "met_on",
    "state",
    "responsible",
    "owner_school",
    "owner_la",
    "pupil",
    "school",
    "local_authority",
    "not_needed_reason",
)


@pytest.fixture(scope="module")
def _scaled(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        seed_scale(2, TODAY, progress=lambda line: None)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def school(_scaled, db):
    return School.objects.get(name="Loadshire School 1")


def _rows(school):
    return set(Deadline.objects.filter(school=school).values_list(*FIELDS))


def _one_at_a_time(school):
    """Every case of the school refreshed outside any batch, the way a service does."""
    for direction in Direction.objects.filter(home_school=school):
        deadlines_refresh(direction=direction, today=TODAY)
    for psp in PastoralSupportProgramme.objects.filter(school=school, agreed_on__isnull=False):
        psp_refresh_deadlines(psp=psp, today=TODAY)
    for timetable in ReducedTimetable.objects.filter(school=school):
        refresh_deadlines(timetable, today=TODAY)
    for placement in ApPlacement.objects.filter(school=school):
        placement_refresh_deadlines(placement=placement, today=TODAY)


def test_it_makes_the_rows_one_case_at_a_time_makes(school):
    seeded = _rows(school)  # the seed syncs in a batch that tells nobody
    Deadline.objects.filter(school=school).delete()
    Notification.objects.all().delete()
    _one_at_a_time(school)
    assert _rows(school) == seeded
    told = set(Notification.objects.values_list("user", "key", "message"))
    assert told  # the steps just made are somebody's

    Deadline.objects.filter(school=school).delete()
    Notification.objects.all().delete()
    with term_dates_read_once(), deadlines_batch():
        _one_at_a_time(school)
    assert _rows(school) == seeded
    # The keys name each row's id, which differs between the two runs.
    assert {(u, m) for u, _k, m in Notification.objects.values_list("user", "key", "message")} == {
        (u, m) for u, _k, m in told
    }


def test_a_second_batch_changes_nothing(school):
    seeded = _rows(school)
    refresh_school_deadlines(school, TODAY)
    assert _rows(school) == seeded


def test_a_waiver_recorded_while_the_batch_runs_is_kept(school):
    step = (
        Deadline.objects.filter(school=school, state__in=["due", "overdue"], kind="psp_review")
        .order_by("pk")
        .first()
    )
    # Out of date on disk, so the batch has a change to write to it.
    Deadline.objects.filter(pk=step.pk).update(due=step.due - datetime.timedelta(days=1))
    psp = PastoralSupportProgramme.objects.get(pk=step.case_id)
    with term_dates_read_once(), deadlines_batch(tell=False) as batch:
        psp_refresh_deadlines(psp=psp, today=TODAY)
        assert step.pk in batch.updates
        deadline_waive(
            deadline=Deadline.objects.get(pk=step.pk),
            reason="The parents asked to move the review.",
            by=User.objects.get(email="case-lead@loadshire-school-1.demo"),
        )
    step.refresh_from_db()
    assert step.state == Deadline.State.WAIVED


def _open_cases_one_at_a_time(today):
    """What the nightly refresh does, each open case through its own refresh, reading its
    meetings, marks, contacts, letters, reviews and check-ins itself (the path a service
    takes), in one batch as the nightly refresh runs."""
    from cases.offsiting.deadlines import deadlines_refresh as offsiting_refresh
    from cases.offsiting.models import OffSiting
    from cases.reduced_timetables.deadlines import reduced_timetable_refresh_all
    from cases.reduced_timetables.rating import reduced_timetable_rate_all
    from safeguarding.providers import providers_refresh_all

    since = today - datetime.timedelta(days=14)
    with term_dates_read_once(), deadlines_batch():
        for direction in Direction.objects.exclude(state=Direction.State.ENDED):
            deadlines_refresh(direction=direction, today=today)
        for offsiting in OffSiting.objects.filter(state__in=OffSiting.OPEN_STATES):
            offsiting_refresh(offsiting=offsiting, today=today)
        for psp in PastoralSupportProgramme.objects.filter(stage="review"):
            psp_refresh_deadlines(psp=psp, today=today)
        reduced_timetable_refresh_all(today=today)
        reduced_timetable_rate_all(today=today)
        for placement in ApPlacement.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=since)
        ):
            placement_refresh_deadlines(placement=placement, today=today)
        providers_refresh_all(today=today)


def _ratings():
    return {
        ("rating", *row)
        for row in ReducedTimetable.objects.values_list("pk", "rating", "past_limit_on")
    }


def _every_row():
    """Every deadline row, and every reduced timetable's stored rating (the nightly refresh
    rates the open ones from the read that refreshes their deadlines)."""
    return set(Deadline.objects.values_list(*FIELDS)) | _ratings()


def _assert_the_batch_makes_what_each_case_alone_makes(days_later: int) -> set:
    """Each open case refreshed alone (rolled back), then the nightly refresh: the same rows,
    which it returns."""
    today = TODAY + datetime.timedelta(days=days_later)
    with time_machine.travel(today):
        with transaction.atomic():
            _open_cases_one_at_a_time(today)
            alone = _every_row()
            transaction.set_rollback(True)
        refresh_all_deadlines()
    assert _every_row() == alone
    return alone


@pytest.mark.parametrize("days_later", [0, 9, 40])
def test_the_nightly_refresh_makes_the_rows_each_case_alone_makes(_scaled, db, days_later):
    """The nightly refresh reads each table once for a chunk of cases; the rows it writes
    are those each case's own refresh writes, on the day of the seed and as days pass."""
    before = _ratings()
    alone = _assert_the_batch_makes_what_each_case_alone_makes(days_later)
    if days_later == 40:
        # Some ratings have moved with the days: the refresh rated them, not only kept them.
        assert {row for row in alone if row[0] == "rating"} != before


def _end_every_case_of(school):
    """Leave the school's cases as the nightly refresh skips them: ended, ceased, closed."""
    Direction.objects.filter(home_school=school).update(state=Direction.State.ENDED)
    PastoralSupportProgramme.objects.filter(school=school).update(stage="ceased", ceased_on=TODAY)
    ReducedTimetable.objects.filter(school=school).update(state=ReducedTimetable.State.ENDED)
    ApPlacement.objects.filter(school=school, start__lt=TODAY - datetime.timedelta(days=15)).update(
        ended_on=F("start")
    )


@time_machine.travel(TODAY)
def test_the_nightly_refresh_takes_the_same_queries_for_one_school_as_for_two(_scaled, db):
    """Each case type reads each table once for a chunk of cases (cases.*.deadlines), and the
    rows are written in bulk: one school's cases cost what two schools' do."""
    refresh_all_deadlines()  # the seed's rows as the refresh leaves them: nothing to write
    with CaptureQueriesContext(connection) as two_schools:
        cases_of_two = refresh_all_deadlines()
    _end_every_case_of(School.objects.get(name="Loadshire School 2"))
    with CaptureQueriesContext(connection) as one_school:
        cases_of_one = refresh_all_deadlines()
    assert cases_of_one < cases_of_two - 50
    assert len(one_school) == len(two_schools)
    # Per case type and chunk: the cases, then their related rows (directions: meetings,
    # review requests, the host's marks, contacts, letters and their emails; PSPs: reviews,
    # latest check-ins; placements: marks, open steps), and the deadline rows read ahead.
    assert len(two_schools) <= 75


@pytest.mark.parametrize("days_later", [0, 9])
def test_requests_and_shorter_notice_read_for_a_chunk_make_the_rows_each_direction_makes(
    _scaled, db, days_later
):
    """The nightly refresh reads each chunk's meetings and review requests as values
    (cases.directions.deadlines._read_ahead): a review the parents asked for, one held since
    and a meeting with shorter notice agreed make the rows each direction's own refresh
    makes. The seed has neither, so some of its directions are given them here."""
    directions = list(
        Direction.objects.filter(state__in=Direction.AT_HOST_STATES).order_by("pk")[:6]
    )
    assert len(directions) == 6
    for n, direction in enumerate(directions):
        ReviewRequest.objects.create(
            direction=direction,
            requested_by=ReviewRequest.From.PARENTS,
            received_on=TODAY - datetime.timedelta(days=3 + n),
            must_hold=n % 3 != 2,
            parent_name="A parent",
        )
        meeting = direction.meetings.exclude(kind=Meeting.Kind.INITIAL).order_by("pk").first()
        if meeting is not None and n % 2:
            Meeting.objects.filter(pk=meeting.pk).update(shorter_notice_agreed_on=meeting.date)
    alone = _assert_the_batch_makes_what_each_case_alone_makes(days_later)
    requested = {
        row
        for row in alone
        if row[2].startswith("requested:") and row[1] in {d.pk for d in directions}
    }
    assert len(requested) == 4  # those that must be held


def test_a_mark_is_done_on_the_day_it_was_recorded_in_england(_scaled, db):
    """The day a register or provider's mark was recorded is worked out by the database for
    the nightly refresh (and for one case alone): England's day, not UTC's. A mark recorded at
    23:30 UTC on 1 July is recorded on 2 July in England (summer time)."""
    from cases.directions.host_models import AttendanceMark
    from cases.placements.models import ApAttendance

    late = datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC)
    host_step = (
        Deadline.objects.filter(kind=Deadline.Kind.HOST_ATTENDANCE, met_on__isnull=False)
        .order_by("-due", "pk")
        .first()
    )
    AttendanceMark.objects.filter(direction_id=host_step.case_id, date=host_step.due).update(
        recorded_at=late
    )
    ap_step = (
        Deadline.objects.filter(kind=Deadline.Kind.AP_ATTENDANCE, met_on__isnull=False)
        .order_by("-due", "pk")
        .first()
    )
    ApAttendance.objects.filter(placement_id=ap_step.case_id, date=ap_step.due).update(
        recorded_at=late
    )
    _assert_the_batch_makes_what_each_case_alone_makes(0)
    assert Deadline.objects.get(pk=host_step.pk).met_on == datetime.date(2026, 7, 2)
    assert Deadline.objects.get(pk=ap_step.pk).met_on == datetime.date(2026, 7, 2)


def test_an_ended_timetable_whose_increase_falls_due_after_its_end_is_rated(_scaled, db):
    """The nightly refresh rates the open timetables as it refreshes their deadlines, and
    then an ended one whose planned increase falls due after its end (its audit still moves
    with the days), as rating every timetable alone does."""
    from cases.reduced_timetables.models import RttReintegrationStep

    step = RttReintegrationStep.objects.filter(from_date__gt=TODAY).order_by("pk").first()
    ReducedTimetable.objects.filter(pk=step.timetable_id).update(
        state=ReducedTimetable.State.ENDED, ended_on=TODAY, rating="", past_limit_on=None
    )
    alone = _assert_the_batch_makes_what_each_case_alone_makes((step.from_date - TODAY).days)
    assert next(row for row in alone if row[:2] == ("rating", step.timetable_id))[2] != ""
