"""The Safeguarding Declaration for Alternative Provision (004 Appendix 1) as a PDF."""

import datetime

from django.urls import reverse

from demo import catalogue
from documents.models import GeneratedDocument, PrintedCopy
from safeguarding import documents as provider_documents
from tenancy.models import School
from tests.documents.pdf import pdf_text
from tests.safeguarding import make_declaration, make_provider

TODAY = datetime.date(2026, 11, 20)
# Appendix 1, every line of the form, in its words.
APPENDIX_1 = [
    "Safeguarding Declaration for Alternative Provision",
    "Organisation’s Name:",
    "I confirm that all staff who are employed in this provision have undergone strict "
    "safeguarding checks, including:",
    "An enhanced DBS check in the last three years (which raises no concerns of a child "
    "protection/safeguarding nature)",
    "A minimum of two satisfactory reference checks on appointment",
    "Regular enhanced certified/accredited safeguarding training (updated at least annually)",
    "I have no concerns regarding their suitability for working with children",
    "We will inform the school’s Designated Safeguarding Officer of all safeguarding concerns "
    "immediately.",
    "Signed:",
    "Print Name:",
    "Position:",
    "Date:",
    "This agreement must be signed by a senior member of the organisation",
]


def _text(pdf: bytes) -> str:
    return pdf_text(pdf)


def _without_answers(text: str) -> str:
    """The text with the answer column taken out: pdftotext -layout prints a wrapped question
    and its answer side by side, so "Confirmed" lands inside the question's words."""
    return text.replace(" Confirmed", "")


def test_a_recorded_declaration_prints_every_item_and_the_signatory(world):
    world.la.safeguarding_email = "sfs@npt.example"
    world.la.save()
    provider = make_provider(world.la, "Canolfan Sgiliau Afan")
    declaration = make_declaration(
        provider,
        datetime.date(2026, 9, 1),
        world.users["la_la_safeguarding"],
        signatory_name="Llinos Hughes",
        signatory_position="Centre Manager",
    )
    text = _text(provider_documents.render_declaration(provider, declaration, today=TODAY))
    for line in APPENDIX_1:
        assert line in _without_answers(text), line
    assert "Canolfan Sgiliau Afan" in text
    assert "Llinos Hughes" in text
    assert "Centre Manager" in text
    assert "1 September 2026" in text
    assert "Current until 31 August 2027" in text
    assert text.count("Confirmed") == 5
    assert "A signed paper or scanned copy was received" in text
    assert "Worcestershire" in text and "sfs@npt.example" in text
    assert "Printed 20 November 2026" in text


def test_a_blank_declaration_leaves_the_items_and_signature_to_complete(world):
    provider = make_provider(world.la, "Bright Futures Mentoring")
    text = _text(provider_documents.render_declaration(provider, None, today=TODAY))
    for line in APPENDIX_1:
        assert line in _without_answers(text), line
    assert "Bright Futures Mentoring" in text
    assert "To be completed and signed by a senior member of the organisation" in text
    assert "Current until" not in text
    assert provider_documents.filename(provider, None) == (
        "safeguarding-declaration-bright-futures-mentoring-blank.pdf"
    )


def test_the_download_is_made_on_demand_and_nothing_is_stored(client, world):
    provider = make_provider(world.la)
    declaration = make_declaration(provider, TODAY, world.users["la_la_safeguarding"])
    client.force_login(world.users["school_case_lead"])
    url = reverse("provider-declaration-pdf", args=[provider.pk, declaration.pk])
    assert client.get(url).status_code == 405  # a followed link makes no copy
    assert not PrintedCopy.objects.exists()
    detail = client.get(provider.get_absolute_url()).content.decode()
    blank = reverse("provider-declaration-blank-pdf", args=[provider.pk])
    for action in (url, blank):
        assert (
            f'<form method="post" action="{action}"' in detail and f'href="{action}"' not in detail
        )
    page = client.post(url, follow=True)  # made by the worker (eager here), then offered
    assert "The PDF is ready" in page.content.decode()
    response = client.get(PrintedCopy.objects.get().get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert (
        "safeguarding-declaration-pathways-vocational-centre-2026-11-20.pdf"
        in (response["Content-Disposition"])
    )
    assert "Dean Hollis" in _text(response.content)
    assert not GeneratedDocument.objects.exists()
    other = make_provider(world.la, "Another")
    wrong = reverse("provider-declaration-pdf", args=[other.pk, declaration.pk])
    assert client.post(wrong).status_code == 404


def test_render_forms_prints_each_declaration_and_a_blank_form_per_provider(world):
    provider = make_provider(world.la)
    make_declaration(provider, datetime.date(2025, 9, 1), world.users["la_la_safeguarding"])
    make_declaration(provider, datetime.date(2026, 9, 1), world.users["la_la_safeguarding"])
    make_provider(world.other_la, "Not a demo LA's")
    (renderer,) = [r for r in catalogue.RENDERERS if r.slug == "ap-safeguarding-declaration"]
    records = list(renderer.records(School.objects.filter(pk=world.school.pk)))
    assert [renderer.filename(r) for r in records] == [
        "safeguarding-declaration-pathways-vocational-centre-blank.pdf",
        "safeguarding-declaration-pathways-vocational-centre-2026-09-01.pdf",
        "safeguarding-declaration-pathways-vocational-centre-2025-09-01.pdf",
    ]
    assert str(records[0]) == "Pathways Vocational Centre, blank"
    assert "Dean Hollis" in _text(renderer.render(records[1], TODAY))
