"""The base fixture of STYLE.md: two schools in one LA and a school in another LA, with a
person for every role, so every view test can check the other tenant gets 404."""

from dataclasses import dataclass

import pytest

from tenancy.models import Group, Role
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


@pytest.fixture
def world(db):
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
        **{
            f"school_{role}": member(role, school)
            for role in (
                Role.HEADTEACHER,
                Role.CASE_LEAD,
                Role.DSL,
                Role.SENCO,
                Role.KEY_ADULT,
                Role.OFFICE,
            )
        },
        "host_case_lead": member(Role.CASE_LEAD, host),
        "host_dsl": member(Role.DSL, host),
        **{
            f"la_{role}": member(role, la)
            for role in (
                Role.LA_OFFICER,
                Role.LA_SAFEGUARDING,
                Role.LA_SEND,
                Role.DIRECTOR,
                Role.VIRTUAL_SCHOOL,
                Role.LA_ADMIN,
            )
        },
        "head_of_service": member(Role.HEAD_OF_SERVICE, group),
        "other_case_lead": member(Role.CASE_LEAD, other_school),
        "other_la_officer": member(Role.LA_OFFICER, other_la),
    }
    return World(la, other_la, school, host, other_school, group, pupil, other_pupil, users)
