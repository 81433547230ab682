"""manage.py render_forms --out DIR: every form and letter of the demo data, nothing stored."""

import datetime

import pytest
from django.core.management import call_command

from demo import catalogue
from demo import seed as demo
from documents.models import GeneratedDocument
from safeguarding.models import SafeguardingRecord
from tests.conftest import SAFEGUARDING_MARKER
from tests.documents.pdf import pdf_text
from tests.factories import PupilFactory

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def demo_data(db):
    demo.seed(TODAY)


def test_it_writes_a_passport_for_every_demo_pupil(demo_data, tmp_path, monkeypatch):
    # Rendering all the demo pupils for real takes half a minute; the next test renders one.
    rendered = []

    def quick_render(template, context):
        rendered.append(context["pupil"].upn)
        return b"%PDF-1.4 stand-in"

    monkeypatch.setattr(catalogue, "render_pdf", quick_render)
    PupilFactory()  # a pupil outside the demo schools is not rendered
    out = tmp_path / "forms"
    stored = GeneratedDocument.objects.count()  # the demo's letters already sent

    call_command("render_forms", out=out, only=["passport"])

    upns = sorted(catalogue.demo_pupils(catalogue.demo_schools()).values_list("upn", flat=True))
    assert len(upns) >= 30
    assert sorted(rendered) == upns
    assert sorted(p.name for p in out.iterdir()) == [f"passport-{u}.pdf" for u in upns]
    assert GeneratedDocument.objects.count() == stored


def test_the_passport_is_rendered_as_the_home_dsl_sees_it(demo_data):
    pupil = catalogue.demo_pupils(catalogue.demo_schools()).first()
    SafeguardingRecord.objects.filter(pupil=pupil).update(
        concerns="yes", concerns_details=SAFEGUARDING_MARKER
    )
    (renderer,) = [r for r in catalogue.RENDERERS if r.slug == "passport"]

    text = pdf_text(renderer.render(pupil, TODAY))

    assert renderer.filename(pupil) == f"passport-{pupil.upn}.pdf"
    assert SAFEGUARDING_MARKER in text
    assert "Held by the school's DSL" not in text
    assert "Section 2: Details of person completing" in text


def test_it_says_so_when_there_is_nothing_to_render(db, tmp_path, capsys):
    call_command("render_forms", out=tmp_path)
    assert "run `seed_demo` first" in capsys.readouterr().out
