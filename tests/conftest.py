"""The base fixture of STYLE.md: two schools in one LA and a school in another LA, with a
person for every role, so every view test can check the other tenant gets 404."""

from dataclasses import dataclass

import pytest
from django.db import transaction

from tenancy.models import Group, Role, User
from tenancy.roles import LA_ROLES, SCHOOL_ROLES
from tests.factories import (
    LocalAuthorityFactory,
    ParentCarerFactory,
    PupilFactory,
    PupilSendFactory,
    SafeguardingRecordFactory,
    SchoolFactory,
    member,
)

SAFEGUARDING_MARKER = "SGMARKER-do-not-show"
SEND_MARKER = "SENDMARKER-need-to-know"


@pytest.fixture(scope="session", autouse=True)
def _same_html_same_pdf():
    """WeasyPrint takes about half a second a page, and many tests print the same HTML (roles
    that see the same form, the demo seeded in another process). The first print of each HTML
    is real; the same HTML again gets the same bytes."""
    from documents import rendering

    original, printed = rendering.html_to_pdf, {}

    def html_to_pdf(html: str) -> bytes:
        if html not in printed:
            printed[html] = original(html)
        return printed[html]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rendering, "html_to_pdf", html_to_pdf)
        yield


@dataclass
class World:
    la: object
    other_la: object
    school: object
    host: object
    other_school: object
    group: object
    pupil: object
    other_pupil: object
    users: dict

    def fresh(self) -> "World":
        """New instances of every object, read from the database (nothing cached on them)."""

        def again(obj):
            return type(obj).objects.get(pk=obj.pk)

        users = User.objects.in_bulk([user.pk for user in self.users.values()])
        return World(
            *(again(obj) for obj in (self.la, self.other_la, self.school, self.host)),
            *(again(obj) for obj in (self.other_school, self.group, self.pupil)),
            again(self.other_pupil),
            {key: users[user.pk] for key, user in self.users.items()},
        )


def _build_world() -> World:
    la = LocalAuthorityFactory(name="Worcestershire", code="885")
    other_la = LocalAuthorityFactory(name="Warwickshire", code="937")
    group = Group.objects.create(name="Test Pupil Education Service", kind=Group.Kind.SERVICE)
    school = SchoolFactory(local_authority=la, name="Home School", group=group)
    host = SchoolFactory(local_authority=la, name="Host School")
    other_school = SchoolFactory(local_authority=other_la, name="Other LA School")
    pupil = PupilFactory(
        school=school, first_name="Alex", last_name="Home", has_ehcp=True, looked_after=True
    )
    SafeguardingRecordFactory(pupil=pupil, concerns="yes", concerns_details=SAFEGUARDING_MARKER)
    PupilSendFactory(pupil=pupil, disabilities="yes", disabilities_details=SEND_MARKER)
    ParentCarerFactory(pupil=pupil)
    other_pupil = PupilFactory(school=other_school, first_name="Olly", last_name="Other")
    users = {
        **{f"school_{role}": member(role, school) for role in sorted(SCHOOL_ROLES)},
        "host_case_lead": member(Role.CASE_LEAD, host),
        "host_dsl": member(Role.DSL, host),
        **{f"la_{role}": member(role, la) for role in sorted(LA_ROLES)},
        "head_of_service": member(Role.HEAD_OF_SERVICE, group),
        "other_case_lead": member(Role.CASE_LEAD, other_school),
        "other_la_officer": member(Role.LA_OFFICER, other_la),
    }
    return World(la, other_la, school, host, other_school, group, pupil, other_pupil, users)


@pytest.fixture(scope="module")
def _world_rows(django_db_setup, django_db_blocker):
    """The world's rows, made once per test module (per test process) in a transaction that
    is rolled back when the module is done; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_world_rows, db) -> World:
    """The world, read afresh for each test: what one test changed, in memory or in the
    database (rolled back with its savepoint), is never seen by the next."""
    return _world_rows.fresh()
