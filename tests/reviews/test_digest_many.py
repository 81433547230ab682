"""The daily digest reads everyone's steps at once: access.deadlines_visible_to_many gives each
membership exactly what deadlines_visible_to gives it alone, each person's digest is the one
asking for each of their memberships alone makes, and the digest's queries do not grow with
the number of people (issue 12: at least 200 emails a second at county scale)."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import access
from cases.directions.models import Direction
from cases.offsiting.models import OffSiting
from cases.placements.models import ApPlacement
from cases.psp.models import PastoralSupportProgramme
from cases.reduced_timetables.models import ReducedTimetable
from reviews.models import Deadline
from reviews.services.deadlines import deadlines_due_soon
from reviews.steps import steps_of, steps_of_many
from reviews.tasks import _line, send_daily_digests
from reviews.work import WHO_ACTS, owners
from safeguarding.models import SafeguardingDeclaration
from tenancy.models import Membership
from tenancy.roles import SCHOOL_ROLES, Role
from tests.cases.hosting import hosted_direction
from tests.factories import PupilFactory, SchoolFactory, member
from tests.reviews import reports_world

TODAY = datetime.date(2026, 12, 3)
Kind = Deadline.Kind
pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)):
        yield


def _steps_for_every_case(world):
    """A step of every kind for every case of every type, each owned where reviews.work says,
    some overdue, some due this week, some later, some done."""
    cases = [
        *Direction.objects.select_related("home_school"),
        *OffSiting.objects.select_related("home_centre"),
        *PastoralSupportProgramme.objects.select_related("school"),
        *ReducedTimetable.objects.select_related("school"),
        *ApPlacement.objects.select_related("school"),
        *SafeguardingDeclaration.objects.select_related("provider"),
    ]
    days = (-3, 2, 20)
    n = 0
    for case in cases:
        if isinstance(case, SafeguardingDeclaration):
            pupil, school, la_id = None, None, case.provider.local_authority_id
        else:
            pupil = case.pupil
            school = getattr(case, "home_school", None) or getattr(case, "home_centre", None)
            school = school or case.school
            la_id = school.local_authority_id
        host = getattr(case, "host_school_id", None) or getattr(case, "receiving_centre_id", None)
        for kind in WHO_ACTS:
            n += 1
            owner_school, owner_la = owners(
                kind, home_id=school.pk if school else None, host_id=host, la_id=la_id
            )
            Deadline.objects.create(
                pupil=pupil,
                school=school,
                local_authority_id=None if school else la_id,
                case=case,
                key=f"{kind}-{n}",
                kind=kind,
                due=TODAY + datetime.timedelta(days=days[n % 3]),
                # The key adult is named on the world's school's steps for a named person.
                responsible=world.users["school_key_adult"]
                if WHO_ACTS[kind].named and school == world.school
                else world.users["school_case_lead"],
                owner_school_id=owner_school,
                owner_la_id=owner_la,
                state=Deadline.State.ON_TIME if n % 7 == 0 else Deadline.State.DUE,
            )


@pytest.fixture
def every_case(world):
    """Cases of every type in the world's schools and LAs: a direction the host school hosts
    (its grant), a managed move, an off-siting received by the host, PSPs, reduced timetables,
    AP placements and providers' declarations, some in the other LA."""
    hosted_direction(world)
    reports_world.psp_world(world)
    reports_world.rtt_world(world)
    reports_world.ap_world(world)
    reports_world.moves_world(world)
    OffSiting.objects.create(
        pupil=world.pupil,
        home_centre=world.school,
        receiving_centre=world.host,
        kind=OffSiting.Kind.RESPITE,
        case_lead=world.users["school_case_lead"],
        state=OffSiting.State.STARTED,
        first_day=TODAY - datetime.timedelta(days=1),
        last_day=TODAY + datetime.timedelta(days=1),
        reasons="A fresh start",
    )
    _steps_for_every_case(world)


def _ids(rows) -> set[int]:
    return set(rows.values_list("pk", flat=True))


def test_each_membership_sees_at_once_exactly_what_it_sees_alone(world, every_case):
    memberships = list(Membership.objects.all())
    many = access.deadlines_visible_to_many(memberships)
    for m in memberships:
        assert many[m.pk] == _ids(access.deadlines_visible_to(m)), (
            m.role,
            m.school_id,
            m.local_authority_id,
        )
    # Not vacuous: memberships alike but for their organisation were read together (three
    # schools' case leads, two LAs' officers); the host sees the direction it hosts while it
    # hosts it; an LA sees none of another LA's.
    by_key = {key: user.memberships.get().pk for key, user in world.users.items()}
    hosting = Direction.objects.filter(host_school=world.host, pupil=world.pupil, state="active")
    hosted = _ids(
        Deadline.objects.filter(
            case_type=ContentType.objects.get_for_model(Direction), case_id__in=hosting
        )
    )
    assert hosted and hosted <= many[by_key["host_case_lead"]]
    officer, other_officer = many[by_key["la_la_officer"]], many[by_key["other_la_officer"]]
    assert officer and other_officer and not officer & other_officer


def test_a_step_is_visible_exactly_when_its_case_is(world, every_case):
    """deadlines_visible_to finds an LA's or a group's steps of cases scoped by pupil through
    the pupil each step names (issue 12); for every membership, what it finds is the steps of
    the cases each case type's own scope gives it, no more and no fewer."""
    from access.scopes import _scoped
    from cases import registry

    for m in Membership.objects.all():
        expected = set()
        for _case_type, scopes in registry.each("deadline_scopes"):
            for scope in scopes:
                model, visible = _scoped(scope, m)
                expected |= _ids(
                    Deadline.objects.filter(
                        case_type=ContentType.objects.get_for_model(model),
                        case_id__in=visible.values("pk"),
                    )
                )
        assert _ids(access.deadlines_visible_to(m)) == expected, (m.role, m.school_id)
    officer = world.users["la_la_officer"].memberships.get()
    assert _ids(access.deadlines_visible_to(officer)) & _ids(
        Deadline.objects.filter(case_type=ContentType.objects.get_for_model(Direction))
    )


def test_each_membership_has_at_once_exactly_its_own_steps(world, every_case):
    """Their own work (reviews.work): a DSL's safeguarding steps are theirs alone; a key
    adult's are those the case names them for."""
    memberships = list(Membership.objects.all())
    many = steps_of_many(memberships, narrow=lambda rows: deadlines_due_soon(rows, today=TODAY))
    for m in memberships:
        alone = deadlines_due_soon(steps_of(m), today=TODAY)
        assert many[m.pk] == _ids(alone), (m.role, m.school_id, m.local_authority_id)
    dsl = world.users["school_dsl"].memberships.get()
    lead = world.users["school_case_lead"].memberships.get()
    sharing = _ids(Deadline.objects.filter(kind=Kind.OFFSITING_SHARING, owner_school=world.school))
    assert many[dsl.pk] & sharing and not many[lead.pk] & sharing


def _digest_alone(person) -> tuple[str, str]:
    """The subject and the list of a person's digest as asking for each membership alone
    gives them."""
    mine = {
        d.pk: d
        for m in person.memberships.all()
        for d in deadlines_due_soon(steps_of(m), today=TODAY).select_related(
            "pupil", "school", "local_authority"
        )
    }
    rows = sorted(mine.values(), key=lambda d: (d.due, d.pk))
    overdue = [_line(d) for d in rows if d.due < TODAY]
    due = [_line(d) for d in rows if d.due >= TODAY]
    return f"Waymark: {len(overdue)} overdue, {len(due)} due this week", overdue + due


def test_everyones_digest_is_what_asking_for_them_alone_gives(world, every_case):
    expected = {}
    for user in world.users.values():
        subject, lines = _digest_alone(user)
        if lines:
            expected[user.email] = (subject, lines)
    assert send_daily_digests() == len(expected) > 5
    for message in mail.outbox:
        subject, lines = expected[message.to[0]]
        assert message.subject == subject
        listed = [line[2:] for line in message.body.splitlines() if line.startswith("- ")]
        assert listed == lines


def _school_with_staff(world, n: int):
    school = SchoolFactory(local_authority=world.la, name=f"Added School {n}")
    for role in sorted(SCHOOL_ROLES):
        member(role, school)
    pupil = PupilFactory(school=school, first_name="Added", last_name=f"Pupil {n}")
    direction = Direction.objects.create(
        pupil=pupil,
        home_school=school,
        case_lead=school.memberships.get(role=Role.CASE_LEAD).user,
        reasons="r",
        objectives="o",
        success_criteria="s",
        state=Direction.State.DECIDED,
        planned_start=TODAY,
        planned_end=TODAY + datetime.timedelta(weeks=10),
    )
    for kind in (Kind.DIRECTION_NOTICE, Kind.DECISION_NOTICE):
        Deadline.objects.create(
            pupil=pupil,
            school=school,
            case=direction,
            key=kind,
            kind=kind,
            due=TODAY,
            responsible=direction.case_lead,
            owner_school=school,
        )


def test_the_digests_queries_do_not_grow_with_the_people(world):
    """The same queries for the people of 2 schools as for those of 6: everyone's claims are
    one statement (a chunk of reviews.tasks.DIGEST_CHUNK people)."""
    for n in range(2):
        _school_with_staff(world, n)
    ContentType.objects.clear_cache()  # each run as the first of a worker
    with CaptureQueriesContext(connection) as two:
        few = send_daily_digests()
    for n in range(2, 6):
        _school_with_staff(world, n)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as six:
        more = send_daily_digests()  # those of the first two were sent theirs today
    assert (few, more) == (6, 12)  # head, case lead and office of each school
    assert len(two) == len(six)
    assert timezone.localdate() == TODAY
