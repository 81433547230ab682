from django.urls import reverse

from safeguarding.models import SafeguardingRead


def test_passport_shows_every_section_to_the_case_lead(client, world):
    client.force_login(world.users["school_case_lead"])
    page = client.get(reverse("pupil-detail", args=[world.pupil.pk])).content.decode()
    for heading in (
        "1a. Child details",
        "Parents and carers",
        "1b. Additional information",
        "Special educational needs and disabilities",
        "School interventions",
        "Exclusions",
        "Suspensions",
        "Other agency involvement",
        "1c. Academic information",
        "Key Stage 4 options",
        "Admission history",
        "Other schools attended in the last 5 years",
        "Previous off-site directions",
        "1e. Formulation",
        "2. Details of the person completing the passport",
    ):
        assert heading in page
    assert "SEND detail" not in page and "Safeguarding</h2>" not in page


def test_reading_safeguarding_is_logged(client, world):
    client.force_login(world.users["school_dsl"])
    client.get(reverse("pupil-detail", args=[world.pupil.pk]))
    read = SafeguardingRead.objects.get()
    assert read.user == world.users["school_dsl"] and read.pupil == world.pupil


def test_viewing_without_safeguarding_access_logs_nothing(client, world):
    client.force_login(world.users["school_case_lead"])
    client.get(reverse("pupil-detail", args=[world.pupil.pk]))
    assert not SafeguardingRead.objects.exists()


def test_the_detail_page_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    from tests.factories import InterventionFactory

    InterventionFactory.create_batch(20, pupil=world.pupil)
    client.force_login(world.users["school_dsl"])
    url = reverse("pupil-detail", args=[world.pupil.pk])
    assert client.get(url).status_code == 200  # content types cached
    # session, user, memberships; pupil, parents, safeguarding record and the read logged;
    # interventions, exclusions, suspensions, KS4 options, previous schools and directions;
    # the directions Waymark holds (cases.pupils.record, issue 14);
    # unread notifications; one for each case card (directions, managed moves without a
    # direction, off-sitings, PSPs, reduced timetables, AP placements, travel requests: each
    # card's own test pins its count with many cases); the pupil's documents
    with django_assert_num_queries(23):
        assert client.get(url).status_code == 200


def test_history_shows_who_changed_what(client, world):
    lead = world.users["school_case_lead"]
    client.force_login(lead)
    client.post(
        reverse("pupil-section-edit", args=[world.pupil.pk, "academic"]),
        {"attainment_term": "Autumn 2026"},
    )
    page = client.get(reverse("pupil-history", args=[world.pupil.pk])).content.decode()
    assert lead.full_name in page and "Autumn 2026" in page and "Term taken" in page


def test_the_history_tab_logs_a_safeguarding_read(client, world):
    client.force_login(world.users["school_dsl"])
    client.get(reverse("pupil-history", args=[world.pupil.pk]))
    assert SafeguardingRead.objects.filter(user=world.users["school_dsl"]).count() == 1


def test_opening_the_safeguarding_form_logs_a_read(client, world):
    client.force_login(world.users["school_dsl"])
    client.get(reverse("pupil-section-edit", args=[world.pupil.pk, "safeguarding"]))
    assert SafeguardingRead.objects.filter(user=world.users["school_dsl"]).count() == 1


def test_a_host_sees_the_passport_but_not_the_home_schools_history(client, world):
    from tenancy.services import grant_host_access

    grant_host_access(world.pupil, world.host)
    client.force_login(world.users["host_dsl"])
    assert client.get(reverse("pupil-detail", args=[world.pupil.pk])).status_code == 200
    assert client.get(reverse("pupil-history", args=[world.pupil.pk])).status_code == 403
    assert SafeguardingRead.objects.filter(user=world.users["host_dsl"]).count() == 1


def test_pages_with_records_are_not_cached(client, world):
    client.force_login(world.users["school_case_lead"])
    response = client.get(reverse("pupil-detail", args=[world.pupil.pk]))
    assert "no-store" in response["Cache-Control"]
