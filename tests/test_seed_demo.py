from django.core.management import call_command

from cases.models import Pupil
from reviews.rules import is_valid_upn
from tenancy.models import LocalAuthority, Membership, Role, User


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


def test_seed_demo_scale_adds_synthetic_schools(db):
    call_command("seed_demo", "--scale", "1")
    assert Pupil.objects.filter(school__local_authority__code="990").count() == 300
