import datetime

import pytest
from django.urls import reverse

from cases.guards import GuardError
from cases.pupils.models import Pupil
from cases.pupils.services import pupil_create
from demo.pupils import make_upn


def edit_url(pupil, section):
    return reverse("pupil-section-edit", args=[pupil.pk, section])


def child_data(pupil, **changes):
    data = {
        "first_name": pupil.first_name,
        "last_name": pupil.last_name,
        "upn": pupil.upn,
        "gender": pupil.gender,
        "date_of_birth_0": "17",
        "date_of_birth_1": "5",
        "date_of_birth_2": "2013",
        "home_address": pupil.home_address,
    }
    data.update(changes)
    return data


@pytest.fixture
def lead(client, world):
    client.force_login(world.users["school_case_lead"])
    return client


def test_it_saves_a_section_and_records_who(lead, world):
    response = lead.post(
        edit_url(world.pupil, "child"), child_data(world.pupil, first_name="Alexandra")
    )
    assert response.status_code == 302
    world.pupil.refresh_from_db()
    assert world.pupil.first_name == "Alexandra"
    assert world.pupil.history.first().history_user == world.users["school_case_lead"]


def test_an_address_keeps_its_lines(lead, world):
    address = "1 High Street\r\nWorcester\r\nWR1 1AA"
    response = lead.post(
        edit_url(world.pupil, "child"), child_data(world.pupil, home_address=address)
    )
    assert response.status_code == 302
    world.pupil.refresh_from_db()
    assert world.pupil.home_address.splitlines() == ["1 High Street", "Worcester", "WR1 1AA"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Enter first name"),
        ({"first_name": "x" * 101}, "first_name", "at most 100 characters"),
        (
            {"first_name": "<script>alert(1)</script>"},
            "first_name",
            "must be plain text, without tags such as &lt;b&gt;",
        ),
        (
            {"first_name": "Alex\nBcc: someone@example.com"},
            "first_name",
            "First name must be on one line, without tabs or hidden characters",
        ),
        ({"first_name": "Alex\tSmith"}, "first_name", "must be on one line"),
        ({"first_name": "Alex\u2028Smith"}, "first_name", "must be on one line"),
        (
            {"home_address": "1 High Street\x1b[2J\nWorcester"},
            "home_address",
            "Current home address contains a hidden character that cannot be printed",
        ),
        ({"date_of_birth_2": "2099"}, "date_of_birth", "Date of birth must be in the past"),
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "date_of_birth", "Enter a real date"),
        ({"date_of_birth_1": "13"}, "date_of_birth", "month must be a number from 1 to 12"),
        ({"date_of_birth_2": "13"}, "date_of_birth", "year must include 4 numbers"),
        ({"date_of_birth_0": "x"}, "date_of_birth", "Enter a valid date"),
        ({"date_of_birth_2": "1950"}, "date_of_birth", "would be over 25"),
        ({"upn": "WRONG_CHECK_LETTER"}, "upn", "first letter does not match"),
        ({"upn": "A88540"}, "upn", "13 characters"),
        ({"year_group_override": "20"}, "year_group_override", "from -1 (nursery) to 14"),
        ({"year_group_override": "three"}, "year_group_override", "whole number"),
    ],
)
def test_bad_input_is_explained_beside_the_field(lead, world, changes, field, message):
    before = Pupil.objects.get(pk=world.pupil.pk)
    if changes.get("upn") == "WRONG_CHECK_LETTER":
        changes = {"upn": ("B" if before.upn[0] != "B" else "C") + before.upn[1:]}
    response = lead.post(edit_url(world.pupil, "child"), child_data(world.pupil, **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    after = Pupil.objects.get(pk=world.pupil.pk)
    assert after.first_name == before.first_name and after.upn == before.upn


def test_a_upn_already_used_at_the_school_is_refused(lead, world):
    from tests.factories import PupilFactory

    twin = PupilFactory(school=world.school)
    response = lead.post(edit_url(world.pupil, "child"), child_data(world.pupil, upn=twin.upn))
    assert "already on your school" in response.content.decode()


def test_the_same_upn_at_another_school_is_not_revealed(lead, world):
    from tests.factories import PupilFactory

    elsewhere = PupilFactory(school=world.other_school)
    response = lead.post(edit_url(world.pupil, "child"), child_data(world.pupil, upn=elsewhere.upn))
    assert response.status_code == 302  # allowed: uniqueness is per school, nothing revealed


def test_add_a_pupil(lead, world):
    upn = make_upn(world.la.code, world.school.dfe_establishment(), 21, 555)
    response = lead.post(
        reverse("pupil-add"),
        {
            "first_name": "New",
            "last_name": "Starter",
            "upn": upn.lower(),
            "gender": "male",
            "date_of_birth_0": "1",
            "date_of_birth_1": "9",
            "date_of_birth_2": "2014",
            "home_address": "3 New Road",
        },
    )
    pupil = Pupil.objects.get(last_name="Starter")
    assert response.url == pupil.get_absolute_url()
    assert pupil.school == world.school and pupil.upn == upn


def test_two_adds_of_the_same_pupil_at_once_tell_the_second_beside_the_upn(world, monkeypatch):
    """Issue 13, finding 10: the race passes both forms' checks; the database refuses the
    second row, which used to be a 500."""
    details = {
        "first_name": "Same",
        "last_name": "Twice",
        "upn": make_upn(world.la.code, world.school.dfe_establishment(), 21, 556),
        "gender": "female",
        "date_of_birth": datetime.date(2014, 9, 1),
        "home_address": "3 New Road",
    }
    lead = world.users["school_case_lead"]
    pupil_create(school=world.school, details=details, created_by=lead)
    # The second request validated before the first one saved: its checks saw no clash.
    monkeypatch.setattr(Pupil, "validate_unique", lambda self, exclude=None: None)
    monkeypatch.setattr(Pupil, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(GuardError) as refused:
        pupil_create(school=world.school, details=details, created_by=lead)
    assert "added to your school a moment ago" in refused.value.message_dict["upn"][0]
    assert Pupil.objects.filter(last_name="Twice").count() == 1


def test_intervention_end_before_start_is_refused(lead, world):
    url = reverse("pupil-row-add", args=[world.pupil.pk, "interventions"])
    response = lead.post(
        url,
        {
            "kind": "key_worker",
            "start_date_0": "10",
            "start_date_1": "3",
            "start_date_2": "2026",
            "end_date_0": "1",
            "end_date_1": "3",
            "end_date_2": "2026",
        },
    )
    assert "End date must be on or after the start date" in response.content.decode()
    assert not world.pupil.interventions.exists()


def test_add_change_and_remove_a_parent(lead, world):
    add = reverse("pupil-row-add", args=[world.pupil.pk, "parents"])
    lead.post(
        add,
        {
            "name": "Sam Carer",
            "relationship": "Foster carer",
            "parental_responsibility": "",
            "email": "sam@example.com",
            "preferred_language": "cy",
        },
    )
    carer = world.pupil.parents.get(name="Sam Carer")
    assert carer.preferred_language == "cy" and not carer.parental_responsibility
    bad = lead.post(
        reverse("pupil-row-edit", args=[world.pupil.pk, "parents", carer.pk]),
        {
            "name": "Sam Carer",
            "relationship": "Foster carer",
            "email": "not-an-email",
            "preferred_language": "en",
        },
    )
    assert "Enter a valid email address" in bad.content.decode()
    lead.post(reverse("pupil-row-delete", args=[world.pupil.pk, "parents", carer.pk]))
    assert not world.pupil.parents.filter(name="Sam Carer").exists()


def test_a_row_of_another_pupil_is_not_found(lead, world):
    from tests.factories import ParentCarerFactory

    stranger = ParentCarerFactory(pupil=world.other_pupil)
    url = reverse("pupil-row-edit", args=[world.pupil.pk, "parents", stranger.pk])
    assert lead.get(url).status_code == 404
    assert (
        lead.post(
            reverse("pupil-row-delete", args=[world.pupil.pk, "parents", stranger.pk])
        ).status_code
        == 404
    )
    assert stranger.__class__.objects.filter(pk=stranger.pk).exists()


def test_unknown_section_or_list_is_not_found(lead, world):
    assert lead.get(edit_url(world.pupil, "nope")).status_code == 404
    assert lead.get(reverse("pupil-row-add", args=[world.pupil.pk, "nope"])).status_code == 404


def test_dsl_saves_safeguarding_detail(client, world):
    client.force_login(world.users["school_dsl"])
    response = client.post(
        edit_url(world.pupil, "safeguarding"),
        {"child_protection_plan": "yes", "concerns": "yes", "concerns_details": "New concern"},
    )
    assert response.status_code == 302
    world.pupil.safeguarding.refresh_from_db()
    assert world.pupil.safeguarding.concerns_details == "New concern"


def test_a_partly_entered_date_is_not_silently_dropped(lead, world):
    response = lead.post(
        edit_url(world.pupil, "child"), child_data(world.pupil, moving_date_0="12")
    )
    assert "The date must include a month" in response.content.decode()


def test_date_of_birth_after_admission_is_explained_not_a_server_error(lead, world):
    import datetime

    world.pupil.admission_date = datetime.date(2018, 9, 3)
    world.pupil.save()
    response = lead.post(
        edit_url(world.pupil, "child"), child_data(world.pupil, date_of_birth_2="2019")
    )
    assert response.status_code == 200
    assert "Date of birth must be before the date of admission" in response.content.decode()


def test_error_summary_links_land_on_the_field(lead, world):
    response = lead.post(
        edit_url(world.pupil, "child"),
        child_data(
            world.pupil, gender="", date_of_birth_0="", date_of_birth_1="", date_of_birth_2=""
        ),
    )
    page = response.content.decode()
    assert 'href="#id_gender_1"' in page and 'id="id_gender_1"' in page
    assert 'href="#id_date_of_birth_0"' in page and 'id="id_date_of_birth_0"' in page


def test_a_text_box_refuses_pages_and_pages_beside_it(lead, world):
    """Issue 13, finding 7: megabytes in one box made its PDF take a minute; nothing saved is
    lost, the answer is refused with the limit beside it."""
    url = reverse("pupil-row-add", args=[world.pupil.pk, "exclusions"])
    data = {"date_0": "10", "date_1": "3", "date_2": "2026", "days": "1", "reason": "x" * 100_000}
    response = lead.post(url, data)
    assert response.status_code == 200
    assert "Keep this to 5000 characters or fewer (it has 100000)" in response.content.decode()
    assert not world.pupil.exclusions.exists()
