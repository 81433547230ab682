"""Deadlines synced in bulk (reviews.services.deadlines_batch) make exactly the rows, and tell
exactly the people, that syncing one case at a time does; a waiver made meanwhile is kept."""

import datetime

import pytest
from django.db import transaction

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
from reviews.models import Deadline, Notification
from reviews.services.deadlines import deadline_waive, deadlines_batch
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
