"""Travel assistance change request pages, for every role and both tenants.

Source: 004_f815cbfe89cfcc2a.txt, the Home to School Travel Assistance change form. The full
role-by-role status matrix is tests/permission_cases/travel.py.
"""

import datetime

import pytest
from django.urls import reverse

from cases.reduced_timetables.models import ReducedTimetable, RttTimetableEntry
from cases.travel.models import TravelAssistanceRequest
from cases.travel.views import pupil_card
from documents.models import OutboxMessage, PrintedCopy
from tenancy.services import grant_host_access
from tests.cases.test_travel_service import FORM
from tests.permission_cases.travel import TRAVEL_WRITERS, make_travel_request
from tests.permissions import SEES_PUPIL


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _as(client, world, role):
    client.force_login(world.users[role])
    return client


def _timetable(world, pupil=None):
    return ReducedTimetable.objects.create(
        pupil=pupil or world.pupil,
        school=(pupil or world.pupil).school,
        case_lead=world.users["school_case_lead"],
        start=datetime.date(2027, 1, 4),
        provisional_end=datetime.date(2027, 3, 26),
        # Purely medical needs no PSP (004); the PSP model is another feature's.
        basis="medical",
        health_care_plan="Individual health care plan of 1 December 2026, kept by the SENCo",
        reason="medical",
        hours_per_day=3,
        responsible_adult="Mother, at home",
    )


# Making a request -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(TRAVEL_WRITERS))
def test_the_pupils_school_starts_it_from_the_pupil_page(client, world, role):
    page = _as(client, world, role).get(reverse("pupil-detail", args=[world.pupil.pk]))
    assert "Request a change to travel assistance" in page.content.decode()
    form = client.get(reverse("travel-request-new", args=[world.pupil.pk])).content.decode()
    # The pupil's details come from the passport, the person's from their account.
    assert 'value="Alex Home"' in form and "2 Home Street" in form
    assert world.users[role].email in form
    response = client.post(reverse("travel-request-new", args=[world.pupil.pk]), FORM)
    travel_request = TravelAssistanceRequest.objects.get()
    assert response.url == travel_request.get_absolute_url()
    assert (travel_request.requested_by, travel_request.school) == (world.users[role], world.school)
    assert travel_request.reduced_timetable is None


@pytest.mark.parametrize("role", sorted(SEES_PUPIL - TRAVEL_WRITERS))
def test_others_who_see_the_pupil_are_not_offered_it(client, world, role):
    page = _as(client, world, role).get(reverse("pupil-detail", args=[world.pupil.pk]))
    assert "Request a change to travel assistance" not in page.content.decode()
    assert client.get(reverse("travel-request-new", args=[world.pupil.pk])).status_code == 403


def test_another_schools_staff_cannot_find_the_pupil(client, world):
    url = reverse("travel-request-new", args=[world.pupil.pk])
    assert _as(client, world, "other_case_lead").post(url, FORM).status_code == 404
    assert not TravelAssistanceRequest.objects.exists()


def test_from_a_reduced_timetable_it_is_linked_and_its_dates_filled_in(client, world):
    timetable = _timetable(world)
    url = (
        reverse("travel-request-new", args=[world.pupil.pk]) + f"?reduced_timetable={timetable.pk}"
    )
    page = _as(client, world, "school_office").get(url).content.decode()
    assert "For the reduced timetable from 4 January 2027 to 26 March 2027" in page
    assert 'name="change_end_0" value="26"' in page
    client.post(url, FORM)
    assert TravelAssistanceRequest.objects.get().reduced_timetable == timetable


def test_the_timetables_daily_times_fill_the_grid(client, world):
    timetable = _timetable(world)
    for day, lesson, starts, ends in [(0, 1, (10, 30), (11, 30)), (0, 2, (11, 30), (13, 0))]:
        RttTimetableEntry.objects.create(
            timetable=timetable,
            day=day,
            lesson=lesson,
            activity="English, room 4",
            starts_at=datetime.time(*starts),
            ends_at=datetime.time(*ends),
        )
    url = (
        reverse("travel-request-new", args=[world.pupil.pk]) + f"?reduced_timetable={timetable.pk}"
    )
    page = _as(client, world, "school_office").get(url).content.decode()
    assert 'name="monday_arrival" value="10:30"' in page
    assert 'name="monday_departure" value="13:00"' in page
    assert 'name="tuesday_arrival" class' in page or 'name="tuesday_arrival" id' in page


def test_another_pupils_or_schools_timetable_is_not_found(client, world):
    other = _timetable(world, pupil=world.other_pupil)
    url = reverse("travel-request-new", args=[world.pupil.pk])
    _as(client, world, "school_office")
    assert client.get(f"{url}?reduced_timetable={other.pk}").status_code == 404
    assert client.get(f"{url}?reduced_timetable=nonsense").status_code == 404


def test_bad_answers_are_shown_next_to_the_field_and_nothing_is_saved(client, world):
    url = reverse("travel-request-new", args=[world.pupil.pk])
    response = _as(client, world, "school_office").post(
        url, {**FORM, "monday_departure": "9:00", "entitlement_confirmed": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_monday_departure"' in page
    assert "On Monday the time of departure must be after the time of arrival (10:30am)" in page
    assert 'id="id_monday_departure-error"' in page or "govuk-error-message" in page
    assert "Confirm the pupil has a confirmed entitlement" in page
    assert not TravelAssistanceRequest.objects.exists()


# Reading and changing -------------------------------------------------------------------------


def test_the_request_page_shows_every_answer_and_the_grid(client, world):
    travel_request = make_travel_request(
        world, monday_arrival=datetime.time(10, 30), monday_departure=datetime.time(13)
    )
    page = _as(client, world, "school_office").get(travel_request.get_absolute_url())
    text = page.content.decode()
    for answer in [
        "Not sent yet",
        "Olive Office",
        "Office manager",
        "office@school.example",
        "01905 000 000",
        "Alex Home",
        "17 May 2013",
        "4 January 2027",
        "12 February 2027",
        "Later pick-up",
        "Reduced timetable",
        "10:30am",
        "1pm",
        "Not needed",
        "The form has not been sent to the LA yet.",
        "Send the form to the LA",
        "Change the request",
    ]:
        assert answer in text, answer


@pytest.mark.parametrize(
    "role", ["la_la_officer", "la_director", "head_of_service", "school_dsl", "school_key_adult"]
)
def test_others_who_see_the_pupil_read_it_without_actions(client, world, role):
    travel_request = make_travel_request(world)
    text = _as(client, world, role).get(travel_request.get_absolute_url()).content.decode()
    assert "Later pick-up" in text
    assert "Send the form" not in text and "Change the request" not in text
    assert client.get(reverse("travel-request-edit", args=[travel_request.pk])).status_code == 403


@pytest.mark.parametrize("role", ["other_case_lead", "other_la_officer", "host_case_lead"])
def test_it_looks_missing_to_another_tenant_and_a_school_not_hosting(client, world, role):
    travel_request = make_travel_request(world)
    _as(client, world, role)
    for name in ("travel-request-detail", "travel-request-send"):
        assert client.get(reverse(name, args=[travel_request.pk])).status_code == 404
    pdf = reverse("travel-request-pdf", args=[travel_request.pk])
    assert client.post(pdf).status_code == 404
    assert not PrintedCopy.objects.exists()


def test_a_host_does_not_see_it_even_while_hosting(client, world):
    """The request is the home school's to the LA (the family's address and transport): a host
    school sees the pupil while hosting, never this request, as for the reduced timetable."""
    travel_request = make_travel_request(world)
    _as(client, world, "host_case_lead")
    grant_host_access(world.pupil, world.host)
    assert client.get(reverse("pupil-detail", args=[world.pupil.pk])).status_code == 200
    for name in ("travel-request-detail", "travel-request-edit"):
        assert client.get(reverse(name, args=[travel_request.pk])).status_code == 404, name
    assert client.post(reverse("travel-request-pdf", args=[travel_request.pk])).status_code == 404
    assert client.post(reverse("travel-request-send", args=[travel_request.pk])).status_code == 404
    page = client.get(reverse("pupil-detail", args=[world.pupil.pk])).content.decode()
    assert travel_request.get_absolute_url() not in page and "Travel assistance" not in page


def test_changing_it_keeps_the_history(client, world):
    travel_request = make_travel_request(world)
    url = reverse("travel-request-edit", args=[travel_request.pk])
    page = _as(client, world, "school_senco").get(url).content.decode()
    assert 'value="Olive Office"' in page and 'name="change_start_2" value="2027"' in page
    response = client.post(url, {**FORM, "reason": "Three days a week now"})
    assert response.url == travel_request.get_absolute_url()
    travel_request.refresh_from_db()
    assert travel_request.reason == "Three days a week now"
    assert travel_request.history.first().history_user == world.users["school_senco"]


def test_the_pdf_can_be_checked_before_sending_and_nothing_is_stored(client, world):
    travel_request = make_travel_request(world)
    page = _as(client, world, "la_la_officer").post(
        reverse("travel-request-pdf", args=[travel_request.pk]), follow=True
    )
    assert "The PDF is ready" in page.content.decode()  # made by the worker (eager here)
    response = client.get(PrintedCopy.objects.get().get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    assert not travel_request.pupil.documents.exists()


def test_following_the_pdf_link_makes_no_copy(client, world):
    """A crawler or a browser's prefetch follows links: only the form's button makes a copy."""
    travel_request = make_travel_request(world)
    url = reverse("travel-request-pdf", args=[travel_request.pk])
    _as(client, world, "school_case_lead")
    assert client.get(url).status_code == 405
    assert not PrintedCopy.objects.exists()
    page = client.get(travel_request.get_absolute_url()).content.decode()
    assert f'<form method="post" action="{url}"' in page
    assert f'href="{url}"' not in page


# Sending ------------------------------------------------------------------------------------


def test_with_no_transport_inbox_the_office_is_told_and_the_request_stays(client, world):
    travel_request = make_travel_request(world)
    url = reverse("travel-request-send", args=[travel_request.pk])
    _as(client, world, "school_office")
    for response in (client.get(url), client.post(url)):
        text = response.content.decode()
        assert response.status_code == 200
        assert "Worcestershire has no travel assistance inbox in Waymark" in text
        assert "The request is saved." in text
        assert "Send the form</button>" not in text
    travel_request.refresh_from_db()
    assert travel_request.status == "draft"


def test_send_then_change_then_send_again(client, world, django_capture_on_commit_callbacks):
    world.la.transport_email = "transport@la.example"
    world.la.save()
    travel_request = make_travel_request(world)
    url = reverse("travel-request-send", args=[travel_request.pk])
    confirm = _as(client, world, "school_office").get(url).content.decode()
    assert "Worcestershire Home to School Transport" in confirm
    assert "transport@la.example" in confirm
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, follow=True)
    text = response.content.decode()
    assert "Version 1 of the form is being emailed to Worcestershire Home to School Transport" in (
        text
    )
    assert ">Sent<" in text and "Waiting to send" in text
    assert "Download the form that was sent (PDF)" in text

    client.post(reverse("travel-request-edit", args=[travel_request.pk]), FORM)
    detail = client.get(travel_request.get_absolute_url()).content.decode()
    assert "Changed since it was sent" in detail and "Send the form again" in detail
    again = client.get(url).content.decode()
    assert "Sending it again sends a new version of the form" in again
    with django_capture_on_commit_callbacks(execute=False):
        client.post(url)
    assert sorted(OutboxMessage.objects.values_list("letter__document__version", flat=True)) == [
        1,
        2,
    ]


def test_a_failed_email_can_be_sent_again_by_the_head_or_case_lead(
    client, world, django_capture_on_commit_callbacks
):
    world.la.transport_email = "transport@la.example"
    world.la.save()
    travel_request = make_travel_request(world)
    _as(client, world, "school_office")
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("travel-request-send", args=[travel_request.pk]))
    OutboxMessage.objects.update(state=OutboxMessage.State.FAILED, last_error="Refused.")
    office = client.get(travel_request.get_absolute_url()).content.decode()
    assert "Not sent" in office and "Refused." in office
    lead = _as(client, world, "school_case_lead").get(travel_request.get_absolute_url())
    assert "Send again" in lead.content.decode()
    message = OutboxMessage.objects.get()
    response = client.post(
        reverse("outbox-message-retry", args=[message.pk]),
        {"next": f"{travel_request.get_absolute_url()}#sent"},
    )
    assert response.url == f"{travel_request.get_absolute_url()}#sent"


# The pupil page's card ----------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 6])
def test_the_card_takes_one_query_however_many_requests(world, count, django_assert_num_queries):
    for _ in range(count):
        make_travel_request(world)
    for role in ("school_office", "la_la_officer", "head_of_service"):
        membership = world.users[role].memberships.get()
        with django_assert_num_queries(1):  # the pupil's requests the membership may see
            template, context = pupil_card(membership, world.pupil)
        assert len(context["travel_requests"]) == count


def test_the_card_is_left_out_for_those_with_nothing_to_see_or_do(world):
    membership = world.users["la_la_officer"].memberships.get()
    assert pupil_card(membership, world.pupil) is None
    office = world.users["school_office"].memberships.get()
    assert pupil_card(office, world.pupil)[1]["travel_requests"] == []


def test_the_card_lists_each_request_with_its_status(client, world):
    make_travel_request(world)
    make_travel_request(
        world, change_start=datetime.date(2027, 3, 1), change_end=datetime.date(2027, 4, 1)
    )
    TravelAssistanceRequest.objects.filter(change_start=datetime.date(2027, 3, 1)).update(
        sent_at=datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC)
    )
    text = (
        _as(client, world, "la_la_officer")
        .get(reverse("pupil-detail", args=[world.pupil.pk]))
        .content.decode()
    )
    assert "Travel assistance change requests" in text
    assert "Change from 4 January 2027 to 12 February 2027" in text and "Not sent yet" in text
    assert (
        "Change from 1 March 2027 to 1 April 2027" in text and "last sent 20 November 2026" in text
    )
    assert "Request a change to travel assistance" not in text


def test_the_request_page_names_its_reduced_timetable(client, world):
    timetable = _timetable(world)
    travel_request = make_travel_request(world, reduced_timetable=timetable)
    text = _as(client, world, "la_la_officer").get(travel_request.get_absolute_url())
    assert "for the reduced timetable from 4 January 2027" in text.content.decode()
