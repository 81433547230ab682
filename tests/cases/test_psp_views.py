"""The PSP's pages (cases/psp/*views.py): the journey through the stages, errors beside the
fields and never a 500, the copies to the LA, the pupil card, the Due page and the LA's list.
Who may open each URL is in tests/permission_cases/psp.py."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.psp.deadlines import psp_refresh_deadlines
from cases.psp.models import PastoralSupportProgramme, PspCheckIn, PspMonitoring, PspOutcome
from documents.models import GeneratedDocument, Letter
from reviews.models import Deadline
from tenancy.services import grant_host_access
from tests.cases.test_psp_lifecycle import CHECKS, in_neath_port_talbot, make_outcome, make_psp
from tests.factories import PupilFactory, SchoolFactory

Stage = PastoralSupportProgramme.Stage


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _date(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def login(client, world, role="school_case_lead"):
    client.force_login(world.users[role])
    return client


def test_it_starts_a_psp_from_the_pupil_page(client, world):
    login(client, world)
    page = client.get(reverse("pupil-detail", args=[world.pupil.pk])).content.decode()
    assert "Pastoral Support Programmes" in page and "Start a PSP" in page
    response = client.post(
        reverse("psp-new", args=[world.pupil.pk]),
        {"school_lead": world.users["school_senco"].pk},
    )
    psp = PastoralSupportProgramme.objects.get()
    assert response.url == psp.get_absolute_url()
    assert psp.school_lead == world.users["school_senco"]
    page = client.get(psp.get_absolute_url()).content.decode()
    assert "Stage 1: deciding on a PSP" in page
    assert "Record the decision" in page


def test_the_lead_is_one_of_the_schools_psp_staff(client, world):
    login(client, world)
    response = client.post(
        reverse("psp-new", args=[world.pupil.pk]),
        {"school_lead": world.users["other_case_lead"].pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not PastoralSupportProgramme.objects.exists()


def test_a_second_open_psp_is_explained_on_the_form(client, world):
    make_psp(world)
    login(client, world)
    response = client.post(
        reverse("psp-new", args=[world.pupil.pk]),
        {"school_lead": world.users["school_case_lead"].pk},
    )
    assert response.status_code == 200
    assert "already has a PSP" in response.content.decode()


def test_the_office_and_host_see_no_psp_on_the_pupil_page(client, world):
    make_psp(world)
    grant_host_access(world.pupil, world.host)
    for role in ("school_office", "host_case_lead"):
        login(client, world, role)
        page = client.get(reverse("pupil-detail", args=[world.pupil.pk])).content.decode()
        assert "Pastoral Support Programmes" not in page, role


def test_the_key_adult_sees_the_psp_but_cannot_start_one(client, world):
    make_psp(world)
    login(client, world, "school_key_adult")
    page = client.get(reverse("pupil-detail", args=[world.pupil.pk])).content.decode()
    assert "Pastoral Support Programmes" in page and "Start a PSP" not in page


def test_bad_dates_are_explained_beside_the_field(client, world):
    in_neath_port_talbot(world)
    psp = make_psp(world)
    login(client, world)
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        reverse("psp-stage", args=[psp.pk, "deciding"]),
        {
            "school_lead": world.users["school_case_lead"].pk,
            **_date("alnco_informed_on", future),
            "wbs_informed_on_0": "31",
            "wbs_informed_on_1": "2",
            "wbs_informed_on_2": "2026",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The date must be today or in the past" in page
    assert "Enter a real date" in page


def test_moving_on_lists_what_is_missing(client, world):
    psp = make_psp(world)
    login(client, world)
    response = client.post(reverse("psp-advance", args=[psp.pk]))
    assert response.status_code == 200
    assert "graduated response" in response.content.decode()
    psp.refresh_from_db()
    assert psp.stage == Stage.DECIDING


def test_a_stage_page_cannot_change_after_its_stage(client, world):
    psp = make_psp(world, Stage.REVIEW)
    login(client, world)
    response = client.get(reverse("psp-stage", args=[psp.pk, "organising"]))
    assert "cannot be changed while the PSP is at" in response.content.decode()
    response = client.post(reverse("psp-stage", args=[psp.pk, "organising"]), {"venue": "Hall"})
    assert "cannot be changed while the PSP is at" in response.content.decode()
    psp.refresh_from_db()
    assert psp.venue == "Family room"
    review = client.get(reverse("psp-review-add", args=[make_psp(world, Stage.MEETING).pk]))
    assert "Reviews begin once the PSP is signed" in review.content.decode()
    assert client.get(reverse("psp-stage", args=[psp.pk, "nonsense"])).status_code == 404


def test_an_outcome_written_with_the_sequence_warns_of_what_is_left(client, world):
    psp = make_psp(world, Stage.MEETING)
    login(client, world)
    page = client.get(reverse("psp-outcome-add", args=[psp.pk])).content.decode()
    for heading in (
        "Step 1: what matters",
        "Step 5: now check it",
        "The Support Sequence",
        "Is there a solution embedded in the outcome?",
        "Family, friends and neighbours",
    ):
        assert heading in page
    response = client.post(
        reverse("psp-outcome-add", args=[psp.pk]),
        {
            "positive_change": "Stay in maths",
            "outcome": "Stays in every maths lesson for 4 weeks",
            "check_measurable": "on",
            "support_yourself": "Calm card",
        },
        follow=True,
    )
    assert "Outcome 1 saved. Before the PSP is signed" in response.content.decode()
    outcome = PspOutcome.objects.get()
    assert outcome.check_measurable and not outcome.check_solution


def test_an_outcome_needs_the_change_and_the_outcome(client, world):
    psp = make_psp(world, Stage.MEETING)
    login(client, world)
    response = client.post(reverse("psp-outcome-add", args=[psp.pk]), {"positive_change": ""})
    page = response.content.decode()
    assert "Write the specific outcome" in page
    assert "Write the positive change the child wants to see" in page


def test_another_psps_outcome_is_404(client, world):
    psp = make_psp(world, Stage.MEETING)
    other = make_psp(world, Stage.MEETING)
    outcome = make_outcome(other)
    login(client, world)
    url = reverse("psp-outcome-edit", args=[psp.pk, outcome.pk])
    assert client.get(url).status_code == 404


def test_a_professional_agreement_needs_the_agency(client, world):
    psp = make_psp(world, Stage.MEETING)
    login(client, world)
    response = client.post(
        reverse("psp-agreement-add", args=[psp.pk]),
        {"party": "professional", "name": "Gwen", "agrees_to": "Visit"},
    )
    assert "Enter the professional&#x27;s agency" in response.content.decode()


def _sign_data(meeting_on):
    return {
        "signed_school_by": "Case Lead",
        **_date("signed_school_on", meeting_on),
        "signed_parent_name": "Pat Home",
        **_date("signed_parent_on", meeting_on),
        **_date("first_review_on", meeting_on + datetime.timedelta(weeks=2)),
    }


def _ready_to_sign(world):
    psp = make_psp(world, Stage.MEETING)
    make_outcome(psp)
    psp.agreements.create(party="parent", name="Pat Home", agrees_to="Walk in")
    return psp


def test_signing_sends_the_copy_to_the_la(client, world, django_capture_on_commit_callbacks):
    world.la.psp_email = "psp@worcestershire.test"
    world.la.save()
    psp = _ready_to_sign(world)
    login(client, world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("psp-sign", args=[psp.pk]), _sign_data(psp.meeting_on), follow=True
        )
    page = response.content.decode()
    assert "The PSP is signed" in page
    assert "A copy is on its way to psp@worcestershire.test" in page
    psp.refresh_from_db()
    assert psp.stage == Stage.REVIEW
    assert "psp@worcestershire.test" in mail.outbox[0].to[0]
    assert "Signed PSP" in page and "Sent" in page
    assert psp.deadlines.filter(kind=Deadline.Kind.PSP_REVIEW).exists()


def test_a_missing_la_address_signs_but_says_so_and_can_send_later(
    client, world, django_capture_on_commit_callbacks
):
    world.la.psp_email = ""
    world.la.save()
    psp = _ready_to_sign(world)
    login(client, world)
    response = client.post(
        reverse("psp-sign", args=[psp.pk]), _sign_data(psp.meeting_on), follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The copy was not sent to the LA" in page and "no PSP copies inbox" in page
    assert "Send the signed PSP to the LA" in page
    assert not Letter.objects.exists()
    world.la.psp_email = "psp@worcestershire.test"
    world.la.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("psp-send-copy", args=[psp.pk]), follow=True)
    assert "A copy is on its way" in response.content.decode()
    assert Letter.objects.count() == 1


def test_signing_problems_are_on_the_form(client, world):
    psp = make_psp(world, Stage.MEETING)
    login(client, world)
    response = client.post(reverse("psp-sign", args=[psp.pk]), _sign_data(psp.meeting_on))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Write at least one outcome" in page
    psp.refresh_from_db()
    assert psp.stage == Stage.MEETING


def _review_data(held_on, **extra):
    return {
        **_date("held_on", held_on),
        "attendees": "Mum, lead",
        "working": "Art",
        "outcome": "continue",
        **_date("next_review_on", held_on + datetime.timedelta(weeks=4)),
        **extra,
    }


def test_a_review_records_progress_and_sends_its_copy(
    client, world, django_capture_on_commit_callbacks
):
    world.la.psp_email = "psp@worcestershire.test"
    world.la.save()
    psp = make_psp(world, Stage.REVIEW, agreed_on=timezone.localdate() - datetime.timedelta(7))
    outcome = psp.outcomes.get()
    login(client, world)
    today = timezone.localdate()
    response = client.post(
        reverse("psp-review-add", args=[psp.pk]),
        _review_data(today, outcome="adapt", **{f"progress_{outcome.pk}": "good"}),
    )
    assert "Say how the PSP is adapted or amended" in response.content.decode()
    response = client.post(
        reverse("psp-review-add", args=[psp.pk]),
        _review_data(
            today,
            **{
                f"progress_{outcome.pk}": "good",
                **_date("next_review_on", today + datetime.timedelta(weeks=7)),
            },
        ),
    )
    assert "no more than 6 weeks after this one" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("psp-review-add", args=[psp.pk]),
            _review_data(today, **{f"progress_{outcome.pk}": "good"}),
            follow=True,
        )
    assert "Review recorded" in response.content.decode()
    review = psp.reviews.get()
    assert review.progress.get().rating == "good"
    assert Letter.objects.get().document.kind == GeneratedDocument.Kind.PSP_REVIEW


def test_the_key_adult_records_a_check_in(client, world):
    psp = make_psp(world, Stage.REVIEW, agreed_on=timezone.localdate() - datetime.timedelta(7))
    outcome = psp.outcomes.get()
    login(client, world, "school_key_adult")
    response = client.post(
        reverse("psp-check-in-add", args=[psp.pk]),
        {
            **_date("held_on", timezone.localdate()),
            "working": "Stayed in maths",
            f"progress_{outcome.pk}": "some",
        },
    )
    assert response.status_code == 302
    check_in = PspCheckIn.objects.get()
    assert check_in.recorded_by == world.users["school_key_adult"]
    assert check_in.progress.get().rating == "some"


def test_a_check_in_needs_progress_for_each_outcome(client, world):
    psp = make_psp(world, Stage.REVIEW)
    login(client, world, "school_key_adult")
    response = client.post(
        reverse("psp-check-in-add", args=[psp.pk]),
        {**_date("held_on", timezone.localdate()), "working": "x"},
    )
    assert "Choose the progress towards outcome 1" in response.content.decode()


def test_a_review_of_another_psp_cannot_be_printed_or_sent(client, world):
    psp = make_psp(world, Stage.REVIEW)
    login(client, world)
    for name in ("psp-document", "psp-send-copy"):
        response = client.post(reverse(name, args=[psp.pk]), {"review": "99999"})
        assert response.status_code == 404
        response = client.post(reverse(name, args=[psp.pk]), {"review": "x"})
        assert response.status_code == 404


def test_printing_the_initial_meeting_form_downloads_it(client, world):
    psp = make_psp(world, Stage.MEETING)
    login(client, world, "school_key_adult")
    response = client.post(reverse("psp-document", args=[psp.pk]))
    document = GeneratedDocument.objects.get()
    assert response.url == document.get_absolute_url()
    assert document.about == psp
    download = client.get(response.url)
    assert download.status_code == 200
    content = b"".join(download.streaming_content) if download.streaming else download.content
    assert content.startswith(b"%PDF")


def test_the_initial_meeting_form_is_not_printed_before_the_meeting_is_organised(client, world):
    psp = make_psp(world)
    login(client, world)
    response = client.post(reverse("psp-document", args=[psp.pk]), follow=True)
    assert "printed once the meeting is organised" in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_the_due_page_shows_the_psp_deadlines(client, world):
    psp = make_psp(world, Stage.REVIEW, agreed_on=timezone.localdate() - datetime.timedelta(10))
    psp_refresh_deadlines(psp=psp)
    login(client, world)
    page = client.get(reverse("due")).content.decode()
    assert "Weekly check-in with the key adult" in page
    login(client, world, "school_office")
    page = client.get(reverse("due") + "?show=all").content.decode()
    assert "Weekly check-in with the key adult" not in page


def test_the_la_records_the_monitoring_group(client, world):
    psp = make_psp(world, Stage.REVIEW)
    login(client, world, "la_la_officer")
    page = client.get(psp.get_absolute_url()).content.decode()
    assert "Record the monitoring group" in page
    response = client.post(
        reverse("psp-monitoring", args=[psp.pk]),
        {**_date("considered_on", timezone.localdate()), "notes": "Seen"},
    )
    assert response.status_code == 302
    assert PspMonitoring.objects.get().recorded_by == world.users["la_la_officer"]


# The LA's list -----------------------------------------------------------------------------


def _many(world, n):
    for _i in range(n):
        pupil = PupilFactory(school=world.school)
        PastoralSupportProgramme.objects.create(
            pupil=pupil,
            school=world.school,
            school_lead=world.users["school_case_lead"],
            stage=Stage.REVIEW,
            agreed_on=timezone.localdate(),
        )


@pytest.mark.parametrize("n", [2, 12])
def test_the_la_list_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, n):
    _many(world, n)
    login(client, world, "la_la_officer")
    client.get(reverse("la-psps"))  # content types cached
    # session, user, membership; the LA's term dates; the schools for the filter; the count;
    # the page of PSPs with their deadlines and monitoring in one query; unread notifications
    with django_assert_num_queries(8):
        response = client.get(reverse("la-psps"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/psps/') == n


def test_the_la_list_filters_and_keeps_to_its_own_la(client, world):
    make_psp(world, Stage.REVIEW)
    other = SchoolFactory(local_authority=world.la, name="Second School")
    pupil = PupilFactory(school=other, last_name="Zed")
    PastoralSupportProgramme.objects.create(
        pupil=pupil, school=other, school_lead=world.users["school_case_lead"], stage="deciding"
    )
    other_la_pupil = world.other_pupil
    PastoralSupportProgramme.objects.create(
        pupil=other_la_pupil,
        school=world.other_school,
        school_lead=world.users["other_case_lead"],
    )
    login(client, world, "la_la_officer")
    page = client.get(reverse("la-psps")).content.decode()
    assert "Home, Alex" in page and "Zed" in page and "Other, Olly" not in page
    page = client.get(reverse("la-psps"), {"school": other.pk}).content.decode()
    assert "Home, Alex" not in page and "Zed" in page
    page = client.get(reverse("la-psps"), {"stage": "review"}).content.decode()
    assert "Home, Alex" in page and "Zed" not in page
    page = client.get(reverse("la-psps"), {"monitoring": "on"}).content.decode()
    assert "Home, Alex" in page and "Due this term" in page and "Zed" not in page
    PspMonitoring.objects.create(
        psp=PastoralSupportProgramme.objects.get(pupil=world.pupil),
        considered_on=timezone.localdate(),
        recorded_by=world.users["la_la_officer"],
    )
    page = client.get(reverse("la-psps"), {"monitoring": "on"}).content.decode()
    assert "Home, Alex" not in page
    assert "1 PSP" not in client.get(reverse("la-psps"), {"overdue": "on"}).content.decode()
    response = client.get(reverse("la-psps"), {"school": "nonsense"})
    assert response.status_code == 200
    login(client, world, "other_la_officer")
    page = client.get(reverse("la-psps")).content.decode()
    assert "Home, Alex" not in page and "Other, Olly" in page


def test_the_menu_offers_the_list_to_the_la_officer_only(client, world):
    login(client, world, "la_la_officer")
    assert 'href="/la/psps/"' in client.get(reverse("due")).content.decode()
    login(client, world, "school_case_lead")
    assert 'href="/la/psps/"' not in client.get(reverse("due")).content.decode()


def test_checks_are_all_eight(world):
    assert len(CHECKS) == 8


def test_the_initial_meeting_form_checks_the_upn_and_saves(client, world):
    psp = make_psp(world, Stage.MEETING)
    login(client, world)
    url = reverse("psp-stage", args=[psp.pk, "meeting"])
    page = client.get(url).content.decode()
    assert "Filled in from the Pupil Passport" in page and "Key adult" in page
    data = {
        "upn": "NOT-A-UPN",
        "attendance_percent": "140",
        **_date("meeting_on", psp.meeting_on),
        "attendees": "Mum",
        "key_adult": world.users["school_key_adult"].pk,
    }
    page = client.post(url, data).content.decode()
    assert "Enter a real UPN" in page
    assert "less than or equal to 100" in page
    data |= {"upn": world.pupil.upn, "attendance_percent": "86.5", "school_agrees": "Check in"}
    assert client.post(url, data).status_code == 302
    psp.refresh_from_db()
    assert psp.key_adult == world.users["school_key_adult"]
    assert str(psp.attendance_percent) == "86.5" and psp.school_agrees == "Check in"


def test_stage_one_asks_in_the_words_of_the_schools_nation_and_la(client, world):
    psp = make_psp(world)
    login(client, world)
    url = reverse("psp-stage", args=[psp.pk, "deciding"])
    english = client.get(url).content.decode()
    assert "The child has SEND" in english and "Date the SENCo was made aware" in english
    assert "ALN" not in english and "IDP" not in english
    assert "Behaviour Service" not in english and "wbs_informed_on" not in english
    in_neath_port_talbot(world)
    welsh = client.get(url).content.decode()
    assert "The child has ALN" in welsh and "Date the ALNCo was made aware" in welsh
    assert "Date the Wellbeing and Behaviour Service was made aware" in welsh
    assert "SENCo" not in welsh
