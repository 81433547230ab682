import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from cases.models import Pupil
from reviews.rules import is_valid_upn
from tenancy.models import LocalAuthority, Membership, Role, User


@override_settings(DEMO_MODE=True)
def test_seed_demo_is_idempotent_and_realistic(db):
    call_command("seed_demo")
    counts = (Pupil.objects.count(), User.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    assert (Pupil.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert 25 <= counts[0] <= 40
    assert all(is_valid_upn(upn) for upn in Pupil.objects.values_list("upn", flat=True))
    assert Pupil.objects.filter(has_ehcp=True).exists()
    assert Pupil.objects.filter(looked_after=True).exists()
    assert Pupil.objects.filter(safeguarding__child_protection_plan="yes").exists()
    assert Pupil.objects.exclude(english_level="first").exists()
    for la in LocalAuthority.objects.all():
        held = set(Membership.objects.filter(local_authority=la).values_list("role", flat=True))
        held |= set(
            Membership.objects.filter(school__local_authority=la).values_list("role", flat=True)
        )
        for role in (
            Role.HEADTEACHER,
            Role.CASE_LEAD,
            Role.DSL,
            Role.SENCO,
            Role.KEY_ADULT,
            Role.OFFICE,
            Role.LA_OFFICER,
            Role.LA_SAFEGUARDING,
            Role.LA_SEND,
            Role.DIRECTOR,
            Role.VIRTUAL_SCHOOL,
            Role.LA_ADMIN,
        ):
            assert role in held, f"{la} has no {role}"
    assert LocalAuthority.objects.get(code="937").areas.count() == 3
    assert LocalAuthority.objects.get(code="671").nation == "wales"


def test_seed_demo_refuses_outside_demo_mode(db):
    with pytest.raises(CommandError, match="only in demo mode"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_demo_pupils_are_in_the_year_groups_their_school_teaches(db):
    from demo.seed import seed

    today = datetime.date(2026, 11, 22)
    seed(today)
    for pupil in Pupil.objects.select_related("school"):
        year = pupil.year_group(today)
        if pupil.school.phase == "secondary":
            assert 7 <= year <= 11, pupil
        else:
            assert 0 <= year <= 6, pupil
        assert pupil.admission_date <= today and pupil.admission_date > pupil.date_of_birth


@override_settings(DEMO_MODE=True)
def test_seed_demo_scale_adds_synthetic_schools(db):
    call_command("seed_demo", "--scale", "1")
    assert Pupil.objects.filter(school__local_authority__code="990").count() == 300
