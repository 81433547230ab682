"""The demo (demo/): realistic, true to the calendars, idempotent, and only in demo mode."""

from collections import Counter

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings

from cases.pupils.models import Intervention, PreviousSchool, Pupil, Suspension
from demo.organisations import SCHOOLS, schools_by_slug
from demo.scale import seed_scale
from demo.seed import seed
from reviews.calendars import calendar_for_school
from reviews.rules import is_valid_upn
from tenancy.models import LocalAuthority, Membership, School, User
from tenancy.roles import LA_ROLES, SCHOOL_ROLES

# One test process seeds the demo for all of them (pytest-xdist loadgroup).
pytestmark = pytest.mark.xdist_group("demo")

WELSH_POSTCODE_AREAS = {"CF", "LD", "LL", "NP", "SA"}
OUR_APPS = ("tenancy", "cases", "reviews", "documents", "safeguarding")


def _row_counts() -> dict[str, int]:
    """Rows of every model of ours but the history, which records each re-seed's update."""
    return {
        model._meta.label: model._default_manager.count()
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    }


def test_seeding_again_makes_nothing_twice(demo):
    before = _row_counts()
    seed(demo)
    assert _row_counts() == before


def test_it_is_realistic_with_every_role_in_each_la(demo):
    pupils = Pupil.objects.all()
    assert 25 <= pupils.count() <= 40
    assert all(is_valid_upn(upn) for upn in pupils.values_list("upn", flat=True))
    assert pupils.filter(has_ehcp=True).exists()
    assert pupils.filter(looked_after=True).exists()
    assert pupils.filter(safeguarding__child_protection_plan="yes").exists()
    assert pupils.exclude(english_level="first").exists()
    for la in LocalAuthority.objects.all():
        held = set(Membership.objects.filter(local_authority=la).values_list("role", flat=True))
        held |= set(
            Membership.objects.filter(school__local_authority=la).values_list("role", flat=True)
        )
        for role in SCHOOL_ROLES | LA_ROLES:
            assert role in held, f"{la} has no {role}"
    assert LocalAuthority.objects.get(code="937").areas.count() == 3
    assert LocalAuthority.objects.get(code="671").nation == "wales"


def test_pupils_are_in_the_year_groups_their_school_teaches(demo):
    for pupil in Pupil.objects.select_related("school"):
        year = pupil.year_group(demo)
        if pupil.school.phase == "secondary":
            assert 7 <= year <= 11, pupil
        else:
            assert 0 <= year <= 6, pupil
        assert pupil.admission_date <= demo and pupil.admission_date > pupil.date_of_birth


def test_schools_dates_and_names_read_true(demo):
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


def test_scale_adds_synthetic_schools_clear_of_the_demos(demo):
    seed_scale(1, demo)
    assert Pupil.objects.filter(school__local_authority__code="990").count() == 300
    synthetic = School.objects.filter(local_authority__code="990").values_list("urn", flat=True)
    assert synthetic and not set(synthetic) & {school.urn for school in SCHOOLS}


def test_the_command_refuses_outside_demo_mode(demo):
    users = User.objects.count()
    with pytest.raises(CommandError, match="only in demo mode"):
        call_command("seed_demo")
    assert User.objects.count() == users


@override_settings(DEMO_MODE=True)
def test_the_command_seeds_today_and_scales(demo, monkeypatch, capsys):
    seeded = []
    monkeypatch.setattr("demo.seed.seed", seeded.append)
    monkeypatch.setattr(
        "demo.scale.seed_scale",
        lambda n, today, progress: seeded.append(n) or progress(f"school {n}/{n}"),
    )
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: demo)
    call_command("seed_demo", "--scale", "2")
    assert seeded == [demo, 2]
    out = capsys.readouterr().out
    assert "school 2/2" in out and "Demo data loaded" in out
