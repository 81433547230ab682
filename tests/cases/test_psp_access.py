"""The PSP's access policy (access/__init__.py, "Pastoral Support Programmes"): who sees, runs,
checks in on and monitors a PSP, for every role of the world fixture and both tenants."""

import pytest

import access
from cases.psp.models import PastoralSupportProgramme
from tests.cases.test_psp_lifecycle import make_psp
from tests.permission_cases.psp import LA_MONITORS, PSP_RUNNERS, PSP_SCHOOL, SEES_PSP
from tests.permissions import ROLES

Stage = PastoralSupportProgramme.Stage
SIGNED_IN = [r for r in ROLES if r != "anonymous"]


def _membership(world, role):
    return world.users[role].memberships.get()


@pytest.mark.parametrize("role", SIGNED_IN)
def test_who_sees_runs_and_checks_in(world, role):
    psp = make_psp(world, Stage.REVIEW)
    membership = _membership(world, role)
    assert access.psps_visible_to(membership).filter(pk=psp.pk).exists() is (role in SEES_PSP)
    assert access.can_run_psp(membership, psp) is (role in PSP_RUNNERS)
    assert access.can_record_psp_check_in(membership, psp) is (role in PSP_SCHOOL)
    assert access.can_record_psp_monitoring(membership, psp) is (role in LA_MONITORS)
    in_list = access.la_psps_visible_to(membership).filter(pk=psp.pk).exists()
    assert in_list is (role in LA_MONITORS)


def test_nobody_signed_in_sees_nothing(world):
    make_psp(world)
    assert not access.psps_visible_to(None).exists()
    assert not access.can_view_la_psps(None)


def test_check_ins_wait_for_the_signature(world):
    psp = make_psp(world, Stage.MEETING)
    assert not access.can_record_psp_check_in(_membership(world, "school_key_adult"), psp)
    assert not access.can_record_psp_monitoring(_membership(world, "la_la_officer"), psp)


def test_after_a_move_the_old_school_reads_but_no_longer_runs_it(world):
    psp = make_psp(world, Stage.REVIEW)
    world.pupil.school = world.host
    world.pupil.save()
    psp.refresh_from_db()
    lead = _membership(world, "school_case_lead")
    assert access.psps_visible_to(lead).filter(pk=psp.pk).exists()
    assert not access.can_run_psp(lead, psp)
    assert not access.can_record_psp_check_in(_membership(world, "school_key_adult"), psp)


def test_the_lead_choices_are_the_schools_psp_staff(world):
    leads = set(access.psp_staff_for(world.school).values_list("email", flat=True))
    assert leads == {world.users[r].email for r in PSP_RUNNERS}
    readers = access.psp_staff_for(world.school, roles=access.PSP_SCHOOL_READERS)
    assert world.users["school_key_adult"] in readers
    assert world.users["school_office"] not in readers
