import datetime

import pytest
import time_machine
from django.urls import reverse

from tenancy.models import Role
from tests.factories import PupilFactory

URL = reverse("pupil-list")


def test_it_lists_only_the_schools_own_pupils(client, world):
    client.force_login(world.users["school_case_lead"])
    page = client.get(URL).content.decode()
    assert "Home, Alex" in page
    assert "Other, Olly" not in page


def test_la_officer_sees_every_school_of_their_la_only(client, world):
    PupilFactory(school=world.host, last_name="Hosted")
    client.force_login(world.users["la_la_officer"])
    page = client.get(URL).content.decode()
    assert "Home, Alex" in page and "Hosted" in page and "Other, Olly" not in page


@pytest.mark.parametrize("rows", [1, 30])
def test_it_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, rows):
    PupilFactory.create_batch(rows, school=world.school)
    client.force_login(world.users["school_case_lead"])
    # session, user, memberships; count, page of pupils (school joined); unread notifications;
    # savepoint, session save, release
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert response.status_code == 200


def test_search_by_name_and_upn(client, world):
    client.force_login(world.users["school_case_lead"])
    PupilFactory(school=world.school, first_name="Zed", last_name="Zulu")
    assert "Zulu, Zed" in client.get(URL, {"q": "zulu"}).content.decode()
    assert "Zulu, Zed" not in client.get(URL, {"q": "alex"}).content.decode()
    found = client.get(URL, {"q": world.pupil.upn.lower()}).content.decode()
    assert "Home, Alex" in found


@time_machine.travel(datetime.date(2026, 11, 22))
def test_year_filter_uses_date_of_birth_and_override(client, world):
    client.force_login(world.users["school_case_lead"])
    # Born 17 May 2013: Reception from September 2017, so Year 9 in 2026/27.
    PupilFactory(school=world.school, last_name="Overridden", year_group_override=7)
    year9 = client.get(URL, {"year": "9"}).content.decode()
    assert "Home, Alex" in year9 and "Overridden" not in year9
    year7 = client.get(URL, {"year": "7"}).content.decode()
    assert "Overridden" in year7 and "Home, Alex" not in year7


def test_flag_filter(client, world):
    client.force_login(world.users["school_case_lead"])
    PupilFactory(school=world.school, last_name="Nochp")
    page = client.get(URL, {"flag": "ehcp"}).content.decode()
    assert "Home, Alex" in page and "Nochp" not in page


def test_a_bad_filter_value_is_ignored_not_an_error(client, world):
    client.force_login(world.users["school_case_lead"])
    assert client.get(URL, {"year": "nonsense", "page": "999"}).status_code == 200


def test_a_person_with_two_roles_chooses_who_they_work_for(client, world):
    user = world.users["school_dsl"]

    from tenancy.models import Membership

    Membership.objects.create(user=user, role=Role.HEADTEACHER, school=world.other_school)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 302 and reverse("choose-organisation") in response.url
    choice = Membership.objects.get(user=user, school=world.other_school)
    client.post(reverse("choose-organisation"), {"membership": choice.pk})
    page = client.get(URL).content.decode()
    assert "Other, Olly" in page and "Home, Alex" not in page
    assert "Other LA School" in page  # the page says who they work for
