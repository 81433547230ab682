"""`seed_demo --scale N`: Loadshire's schools with their staff, term dates and cases in every
state, and the deadlines the cases' own refresh makes (issue 12)."""

import datetime

import pytest
import time_machine
from django.db import transaction

from cases.directions.models import Direction, LaTask, ManagedMove
from cases.placements.models import ApPlacement
from cases.psp.models import PastoralSupportProgramme
from cases.pupils.models import Pupil
from cases.reduced_timetables.models import ReducedTimetable
from demo.calendar import ENGLISH_TERMS
from demo.people import DEMO_PASSWORD
from demo.scale import seed_scale
from demo.scale_people import LA_PEOPLE, SCHOOL_PEOPLE
from reviews.models import Deadline
from reviews.tasks import refresh_all_deadlines
from tenancy.models import LocalAuthority, Membership, TermDate, User

TODAY = datetime.date(2026, 12, 3)  # a Thursday in the second half of the autumn term


@pytest.fixture(scope="module")
def _scaled(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        lines: list[str] = []
        seed_scale(2, TODAY, progress=lines.append)
        yield lines
        transaction.set_rollback(True)


@pytest.fixture
def progress(_scaled, db):
    """What the seed printed as it went; its rows are in the database."""
    return _scaled


def _loadshire():
    return LocalAuthority.objects.get(code="990")


def _deadlines():
    return Deadline.objects.filter(school__local_authority=_loadshire())


def test_it_says_how_far_it_has_got(progress):
    assert any(line.startswith("school 1/2: 70 cases") for line in progress)
    assert any(line.startswith("school 2/2: 70 cases") for line in progress)


def test_every_school_and_la_role_signs_in_with_the_demo_password(progress):
    for n in (1, 2):
        for local, role, _title in SCHOOL_PEOPLE:
            user = User.objects.get(email=f"{local}@loadshire-school-{n}.demo")
            assert user.check_password(DEMO_PASSWORD)
            assert Membership.objects.filter(
                user=user, role=role, school__name=f"Loadshire School {n}"
            ).exists()
    for local, role, _title in LA_PEOPLE:
        user = User.objects.get(email=f"{local}@loadshire.demo")
        assert Membership.objects.filter(user=user, role=role, local_authority=_loadshire())


def test_the_la_has_the_demo_term_dates_and_300_pupils_a_school(progress):
    assert TermDate.objects.filter(local_authority=_loadshire()).count() == len(ENGLISH_TERMS)
    # Two pupils left school 1 for school 2 (and back) on completed managed moves.
    assert Pupil.objects.filter(school__local_authority=_loadshire()).count() == 600


def test_there_are_cases_of_every_kind_in_every_state(progress):
    directions = Direction.objects.filter(home_school__local_authority=_loadshire())
    assert set(directions.values_list("state", flat=True)) == set(Direction.State.values)
    assert set(directions.exclude(ending="").values_list("ending", flat=True)) == set(
        Direction.Ending.values
    )
    assert directions.filter(moving_since__isnull=False, state="active").count() == 2
    moves = ManagedMove.objects.filter(from_school__local_authority=_loadshire())
    assert moves.filter(roll_changed_on__isnull=False).count() == 2  # completed
    assert moves.filter(direction__isnull=True).count() == 2  # without a direction
    assert LaTask.objects.filter(local_authority=_loadshire(), done_on__isnull=True).exists()
    psps = PastoralSupportProgramme.objects.filter(school__local_authority=_loadshire())
    assert set(psps.values_list("stage", flat=True)) == set(PastoralSupportProgramme.Stage)
    timetables = ReducedTimetable.objects.filter(school__local_authority=_loadshire())
    assert set(timetables.values_list("state", flat=True)) == set(ReducedTimetable.State)
    assert timetables.filter(authorisation_decision="authorised").exists()
    assert timetables.filter(authorisation_decision="declined").exists()
    assert timetables.filter(basis="medical").exists()
    placements = ApPlacement.objects.filter(school__local_authority=_loadshire())
    assert placements.filter(ended_on__isnull=True).count() == 26
    assert placements.filter(ended_on__isnull=False).count() == 4
    for placement in placements:
        assert placement.provider.declarations.filter(expires_on__gt=TODAY).exists()


def test_the_deadlines_are_on_time_late_overdue_and_to_come(progress):
    states = set(_deadlines().values_list("state", flat=True))
    assert {"due", "overdue", "on_time", "late"} <= states
    kinds = set(_deadlines().values_list("kind", flat=True))
    assert {"direction_notice", "psp_review", "rtt_limit", "ap_attendance"} <= kinds


def test_the_deadlines_are_those_the_nightly_refresh_makes(progress):
    """The seed's rows come from the cases' own refresh: the nightly one changes none."""
    fields = ("case_type", "case_id", "key", "kind", "due", "met_on", "state", "responsible")

    def rows():
        return set(_deadlines().values_list(*fields))

    before = rows()
    with time_machine.travel(datetime.datetime(2026, 12, 3, 2, 0, tzinfo=datetime.UTC)):
        refresh_all_deadlines()
    assert rows() == before


def test_running_it_again_adds_nothing(progress):
    def counts():
        return [
            model.objects.count()
            for model in (User, Membership, Pupil, Direction, PastoralSupportProgramme, Deadline)
        ]

    before = counts()
    seed_scale(2, TODAY, progress=lambda line: None)
    assert counts() == before
