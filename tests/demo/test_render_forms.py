"""manage.py render_forms --out DIR: every form and letter of the demo data, nothing stored."""

import pytest
from django.core.management import call_command

from cases.directions import documents as dd
from cases.reduced_timetables import documents as reduced_timetable_documents
from cases.travel.models import TravelAssistanceRequest
from demo import catalogue
from demo.catalogue import demo_schools
from documents.models import GeneratedDocument, OutboxMessage
from documents.outbox import letters_about
from reviews.models import Meeting
from safeguarding.models import SafeguardingRecord
from tests.conftest import SAFEGUARDING_MARKER
from tests.documents.pdf import pdf_text
from tests.factories import PupilFactory

# One test process seeds the demo for all of them (pytest-xdist loadgroup).
pytestmark = pytest.mark.xdist_group("demo")


def _renderer(slug):
    (renderer,) = [r for r in catalogue.RENDERERS if r.slug == slug]
    return renderer


@pytest.fixture
def stand_in_pdfs(monkeypatch):
    """Print every record without WeasyPrint (other tests print each kind for real); returns the
    pupils' UPNs in the order they were printed."""
    printed = []

    def stand_in(template, context):
        printed.append(context["pupil"].upn)
        return b"%PDF-1.4 stand-in"

    def stand_in_in(languages, build):  # a form in the family's language(s) (issue 15)
        return stand_in(*build())

    monkeypatch.setattr(catalogue, "render_pdf", stand_in)
    monkeypatch.setattr(reduced_timetable_documents, "render_pdf_in", stand_in_in)
    return printed


def test_it_writes_a_passport_for_every_demo_pupil(demo, tmp_path, stand_in_pdfs):
    PupilFactory()  # a pupil outside the demo schools is not rendered
    out = tmp_path / "forms"
    stored = GeneratedDocument.objects.count()  # the demo's letters already sent

    call_command("render_forms", out=out, only=["passport"])

    upns = sorted(catalogue.demo_pupils(catalogue.demo_schools()).values_list("upn", flat=True))
    assert len(upns) >= 30
    assert sorted(stand_in_pdfs) == upns
    assert sorted(p.name for p in out.iterdir()) == [f"passport-{u}.pdf" for u in upns]
    assert GeneratedDocument.objects.count() == stored


def test_the_passport_is_rendered_as_the_home_dsl_sees_it(demo):
    pupil = catalogue.demo_pupils(catalogue.demo_schools()).first()
    SafeguardingRecord.objects.filter(pupil=pupil).update(
        concerns="yes", concerns_details=SAFEGUARDING_MARKER
    )
    renderer = _renderer("passport")

    text = pdf_text(renderer.render(pupil, demo))

    assert renderer.filename(pupil) == f"passport-{pupil.upn}.pdf"
    assert SAFEGUARDING_MARKER in text
    assert "Held by the school's DSL" not in text
    assert "Section 2: Details of person completing" in text


def test_every_direction_document_has_a_demo_record(demo):
    slugs = {r.slug for r in catalogue.RENDERERS}
    assert {dd.slug_for(k) for k in dd.TEMPLATES} <= slugs
    for kind in dd.TEMPLATES:
        renderer = _renderer(dd.slug_for(kind))
        records = list(renderer.records(demo_schools()))
        assert records, f"no demo record for {kind}"
        text = pdf_text(renderer.render(records[0], demo))
        assert "None" not in text and "[" not in text
        assert renderer.filename(records[0]).startswith(dd.slug_for(kind))
    kinds = {record.meeting.kind for record in _renderer("review-form").records(demo_schools())}
    assert kinds == {Meeting.Kind.REVIEW, Meeting.Kind.EMERGENCY}


def test_every_demo_reduced_timetable_checklist(demo, tmp_path, stand_in_pdfs):
    assert len(list(_renderer("rtt-checklist").records(demo_schools()))) == 7
    stored = GeneratedDocument.objects.count()
    call_command("render_forms", out=tmp_path, only=["rtt-checklist"])
    assert len(stand_in_pdfs) == 7
    assert len(list(tmp_path.glob("rtt-checklist-*.pdf"))) == 7
    assert GeneratedDocument.objects.count() == stored


def test_every_demo_travel_request_one_sent_one_draft(demo, tmp_path):
    requests = list(TravelAssistanceRequest.objects.order_by("pk"))
    assert [(r.school.local_authority.name, r.status) for r in requests] == [
        ("Neath Port Talbot", "sent"),
        ("Worcestershire", "draft"),
    ]
    [letter] = letters_about(requests[0])
    [sent] = letter.messages.all()
    assert (sent.state, sent.to_email) == (
        OutboxMessage.State.SENT,
        requests[0].school.local_authority.transport_email,
    )
    assert letter.document.kind == GeneratedDocument.Kind.TRAVEL_ASSISTANCE_CHANGE
    assert not letters_about(requests[1])
    assert [r.slug for r in catalogue.RENDERERS].count("travel-assistance-change") == 1
    out = tmp_path / "forms"
    call_command("render_forms", out=out, only=["travel-assistance-change"])
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        f"travel-assistance-change-{r.pupil.upn}-request-{r.pk}.pdf" for r in requests
    )
    text = pdf_text((out / names[0]).read_bytes())
    assert "Request for Change to Current Travel Assistance Arrangements" in text
