import datetime
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from cases.pupils.models import Intervention, PreviousSchool, Pupil, Suspension
from demo.organisations import SCHOOLS, schools_by_slug
from reviews.calendars import calendar_for_school
from reviews.rules import is_valid_upn
from tenancy.models import LocalAuthority, Membership, Role, School, User

WELSH_POSTCODE_AREAS = {"CF", "LD", "LL", "NP", "SA"}


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


def test_demo_data_reads_true(db):
    from demo.seed import seed

    today = datetime.date(2026, 11, 22)  # a Sunday
    seed(today)

    schools = School.objects.filter(urn__in=[school.urn for school in SCHOOLS])
    assert schools_by_slug() == {school.slug: schools.get(urn=school.urn) for school in SCHOOLS}
    for field in ("address", "postcode", "phone"):
        values = list(schools.values_list(field, flat=True))
        assert len(set(values)) == len(SCHOOLS), f"two demo schools share a {field}"
    for school in schools.select_related("local_authority"):
        assert school.address.splitlines()[0] == school.name
        in_wales = school.postcode.split()[0].rstrip("0123456789") in WELSH_POSTCODE_AREAS
        assert in_wales == (school.local_authority.nation == "wales"), school

    names = Counter(Pupil.objects.values_list("first_name", "last_name"))
    assert names.most_common(1)[0][1] == 1, names.most_common(1)

    calendars = {school.pk: calendar_for_school(school) for school in schools}
    for pupil in Pupil.objects.select_related("school"):
        cal, admitted = calendars[pupil.school_id], pupil.admission_date
        if admitted >= cal.first_day:
            assert cal.is_school_day(admitted), pupil
        else:  # before the demo's term dates: the first days of an autumn term
            assert admitted.month == 9 and admitted.weekday() < 5, pupil
            assert not cal.is_bank_holiday(admitted), pupil
    done_at_school = [
        *((s.pupil, s.start_date) for s in Suspension.objects.select_related("pupil")),
        *((i.pupil, i.start_date) for i in Intervention.objects.select_related("pupil")),
    ]
    assert done_at_school
    for pupil, day in done_at_school:
        assert calendars[pupil.school_id].is_school_day(day), (pupil, day)
    for previous in PreviousSchool.objects.select_related("pupil"):
        assert previous.admitted.weekday() < 5 and previous.left.weekday() < 5, previous
        assert previous.left < previous.pupil.admission_date, previous


@override_settings(DEMO_MODE=True)
def test_seed_demo_scale_adds_synthetic_schools(db):
    call_command("seed_demo", "--scale", "1")
    assert Pupil.objects.filter(school__local_authority__code="990").count() == 300
    synthetic = School.objects.filter(local_authority__code="990").values_list("urn", flat=True)
    assert synthetic and not set(synthetic) & {school.urn for school in SCHOOLS}
