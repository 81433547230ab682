"""The "English | Cymraeg" switch in every page's header (issue 15): the page's words and its
lang attribute change, and a signed-in person's choice is kept on their account."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD


def _choose(client, language, next_url="/pupils/"):
    return client.post(reverse("choose-language"), {"language": language, "next": next_url})


def test_it_offers_welsh_on_the_sign_in_page_in_english(client, db):
    page = client.get(reverse("sign-in")).content.decode()
    assert '<html lang="en-gb"' in page
    assert '<span aria-current="true" lang="en-gb">English</span>' in page
    assert 'name="language" value="cy" lang="cy"' in page
    assert "Newid yr iaith i’r </span>Cymraeg" in page


def test_it_switches_a_staff_page_to_welsh_and_keeps_the_choice(client, world):
    user = world.users["school_case_lead"]
    client.force_login(user)
    response = _choose(client, "cy", "/pupils/?q=Alex")
    assert response.status_code == 302 and response["Location"] == "/pupils/?q=Alex"
    user.refresh_from_db()
    assert user.language == "cy"

    page = client.get("/pupils/").content.decode()
    assert '<html lang="cy"' in page
    assert "Allgofnodi" in page and "Sign out" not in page
    assert '<span aria-current="true" lang="cy">Cymraeg</span>' in page
    assert 'name="language" value="en-gb" lang="en-gb"' in page


def test_the_choice_follows_the_person_to_another_browser(client, world, django_user_model):
    user = world.users["school_case_lead"]
    user.language = "cy"
    user.save(update_fields=["language"])
    response = client.post(reverse("sign-in"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/pupils/").content.decode()
    assert '<html lang="cy"' in page and "Disgyblion" in page


def test_it_switches_back_to_english(client, world):
    user = world.users["school_case_lead"]
    user.language = "cy"
    user.save(update_fields=["language"])
    client.force_login(user)
    _choose(client, "en-gb")
    user.refresh_from_db()
    assert user.language == "en-gb"
    page = client.get("/pupils/").content.decode()
    assert '<html lang="en-gb"' in page and "Sign out" in page


def test_before_sign_in_the_choice_is_kept_in_a_cookie(client, db):
    response = _choose(client, "cy", reverse("sign-in"))
    assert response.cookies["django_language"].value == "cy"
    page = client.get(reverse("sign-in")).content.decode()
    assert '<html lang="cy"' in page and "Mewngofnodi i Waymark" in page


def test_it_refuses_a_language_it_does_not_have(client, world):
    user = world.users["school_case_lead"]
    client.force_login(user)
    response = _choose(client, "fr")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == ""
    assert "django_language" not in response.cookies


def test_it_never_sends_a_person_to_another_site(client, world):
    client.force_login(world.users["school_case_lead"])
    response = _choose(client, "cy", "https://evil.example/")
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("method", ["get", "put"])
def test_it_changes_nothing_except_by_post(client, world, method):
    client.force_login(world.users["school_case_lead"])
    response = getattr(client, method)(reverse("choose-language"), {"language": "cy"})
    assert response.status_code == 405


def test_a_document_made_from_a_welsh_page_is_still_printed_in_english(client, world):
    """The passport is written to no family: Welsh pages do not make it half Welsh."""
    from documents.models import GeneratedDocument
    from tests.documents.pdf import pdf_text

    user = world.users["school_case_lead"]
    user.language = "cy"
    user.save(update_fields=["language"])
    client.force_login(user)
    client.post(reverse("pupil-passport-pdf", args=[world.pupil.pk]))
    document = GeneratedDocument.objects.get(kind=GeneratedDocument.Kind.PUPIL_PASSPORT)
    with document.file.open("rb") as pdf:
        text = " ".join(pdf_text(pdf.read()).split())
    assert "Page 1 of" in text and "Tudalen" not in text and "Argraffwyd" not in text


def test_an_la_report_downloaded_from_welsh_pages_is_printed_in_english(client, world):
    """The LA's report is printed in one language, not half Welsh: its headings are English."""
    from documents.models import PrintedCopy

    user = world.users["la_la_officer"]
    user.language = "cy"
    user.save(update_fields=["language"])
    client.force_login(user)
    page = client.get(reverse("la-report", args=["fair-access-moves"]))
    assert page.status_code == 200 and 'lang="cy"' in page.content.decode()
    client.get(reverse("la-report", args=["fair-access-moves"]) + "?format=pdf")
    from tests.documents.pdf import pdf_text

    with PrintedCopy.objects.get().file.open("rb") as pdf:
        text = " ".join(pdf_text(pdf.read()).split())
    assert "Off-site directions and managed moves in and out of each school" in text
    assert "Tudalen" not in text
