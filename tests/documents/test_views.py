"""POST /pupils/<id>/passport.pdf and GET /documents/<id>/."""

import hashlib

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from documents.models import GeneratedDocument
from documents.rendering import DocumentRenderError
from safeguarding.models import SafeguardingRead
from tests.conftest import SAFEGUARDING_MARKER
from tests.documents.factories import GeneratedDocumentFactory
from tests.documents.pdf import pdf_text
from tests.factories import PupilFactory


def _generate(client, world, role, pupil=None):
    client.force_login(world.users[role])
    return client.post(reverse("pupil-passport-pdf", args=[(pupil or world.pupil).pk]))


def test_it_makes_a_new_version_and_redirects_to_the_download(client, world):
    response = _generate(client, world, "school_case_lead")
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("document-download", args=[document.pk])
    assert document.generated_by == world.users["school_case_lead"]
    assert not document.includes_safeguarding and not document.includes_send

    download = client.get(response.url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert f"pupil-passport-{world.pupil.upn}-v1.pdf" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]
    assert hashlib.sha256(download.content).hexdigest() == document.checksum

    _generate(client, world, "school_case_lead")
    assert list(
        GeneratedDocument.objects.order_by("version").values_list("version", flat=True)
    ) == [
        1,
        2,
    ]


def test_another_schools_pupil_looks_missing(client, world):
    assert _generate(client, world, "school_case_lead", world.other_pupil).status_code == 404
    assert not GeneratedDocument.objects.exists()


def test_another_schools_document_looks_missing(client, world):
    theirs = GeneratedDocumentFactory(pupil=world.other_pupil)
    client.force_login(world.users["school_case_lead"])
    assert client.get(reverse("document-download", args=[theirs.pk])).status_code == 404
    client.force_login(world.users["other_case_lead"])
    assert client.get(reverse("document-download", args=[theirs.pk])).status_code == 200


def test_a_copy_with_safeguarding_is_only_for_those_who_may_read_it(client, world):
    _generate(client, world, "school_dsl")
    document = GeneratedDocument.objects.get()
    assert document.includes_safeguarding
    url = reverse("document-download", args=[document.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert SAFEGUARDING_MARKER in pdf_text(response.content)
    read = SafeguardingRead.objects.get()
    assert read.user == world.users["school_dsl"]

    for role in ("school_case_lead", "school_office", "la_la_officer", "school_senco"):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 404, role
    client.force_login(world.users["la_la_safeguarding"])
    assert client.get(url).status_code == 200


def test_a_copy_with_send_detail_is_only_for_those_who_may_read_it(client, world):
    document = GeneratedDocumentFactory(pupil=world.pupil, includes_send=True)
    url = reverse("document-download", args=[document.pk])
    client.force_login(world.users["school_dsl"])
    assert client.get(url).status_code == 404
    client.force_login(world.users["school_senco"])
    assert client.get(url).status_code == 200


def test_a_rendering_failure_is_a_message_not_an_error_page(client, world, monkeypatch):
    def broken(html):
        raise DocumentRenderError("The PDF could not be made just now. Try again in a few minutes.")

    monkeypatch.setattr("documents.rendering.html_to_pdf", broken)
    response = _generate(client, world, "school_case_lead")
    page = client.get(response.url, follow=True)
    assert page.status_code == 200
    text = page.content.decode()
    assert "The PDF could not be made" in text
    assert "Try again in a few minutes." in text and "Try again</button>" in text


def test_a_changed_file_is_not_served(client, world):
    document = GeneratedDocumentFactory(pupil=world.pupil)
    with document.file.open("wb") as handle:
        handle.write(b"%PDF-1.4 something else")
    client.force_login(world.users["school_case_lead"])
    response = client.get(reverse("document-download", args=[document.pk]))
    assert response.status_code == 302
    assert response.url == world.pupil.get_absolute_url()


def test_a_missing_file_is_a_message_not_an_error_page(client, world):
    document = GeneratedDocumentFactory(pupil=world.pupil)
    document.file.delete(save=False)
    client.force_login(world.users["school_case_lead"])
    response = client.get(reverse("document-download", args=[document.pk]))
    assert response.status_code == 302


BLOCK = Template("{% load document_tags %}{% pupil_documents pupil %}")


def _request_for(world, role):
    request = RequestFactory().get("/")
    request.user = world.users[role]
    request.membership = request.user.memberships.select_related("school").get()
    return request


def _render_block(world, role, pupil, request=None):
    request = request or _request_for(world, role)
    return BLOCK.render(Context({"request": request, "pupil": pupil, "csrf_token": "t0k3n"}))


def test_the_pupil_page_block_lists_only_documents_the_viewer_may_download(world):
    GeneratedDocumentFactory(pupil=world.pupil, version=1)
    GeneratedDocumentFactory(pupil=world.pupil, version=2, includes_safeguarding=True)
    GeneratedDocumentFactory(pupil=PupilFactory(school=world.school), version=1)

    lead = _render_block(world, "school_case_lead", world.pupil)
    assert "Pupil Passport, version 1" in lead
    assert "version 2" not in lead
    assert "Download the passport as a PDF" in lead
    assert reverse("pupil-passport-pdf", args=[world.pupil.pk]) in lead
    assert 'name="csrfmiddlewaretoken" value="t0k3n"' in lead

    dsl = _render_block(world, "school_dsl", world.pupil)
    assert "Pupil Passport, version 2" in dsl and "Safeguarding" in dsl


def test_the_block_says_when_there_are_no_documents(world):
    assert "No documents have been made" in _render_block(world, "school_office", world.pupil)


def test_the_block_runs_one_query(world, django_assert_num_queries):
    GeneratedDocumentFactory.create_batch(5, pupil=world.pupil)
    request = _request_for(world, "school_dsl")
    pupil = (
        type(world.pupil).objects.select_related("school__local_authority").get(pk=world.pupil.pk)
    )
    _render_block(world, "school_dsl", pupil, request)  # content types cached
    with django_assert_num_queries(1):  # the pupil's documents with who made them
        _render_block(world, "school_dsl", pupil, request)
