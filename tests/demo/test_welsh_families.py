"""The demo's Welsh-speaking and bilingual families at Neath Port Talbot schools, and the forms
`render_forms` prints for them in Welsh, or Welsh then English (issue 15)."""

import pytest
from django.core.management import call_command

from cases.pupils.languages import family_languages
from cases.pupils.models import ParentCarer
from tenancy.models import School
from tests.documents.pdf import pdf_text

pytestmark = pytest.mark.xdist_group("demo")


def test_glan_nedd_is_welsh_medium_and_npt_has_welsh_and_bilingual_families(demo):
    assert School.objects.get(name="Ysgol Gynradd Glan Nedd").welsh_medium
    welsh = ParentCarer.objects.filter(pupil__school__local_authority__nation="wales")
    assert welsh.filter(preferred_language=ParentCarer.Language.WELSH).exists()
    assert welsh.filter(preferred_language=ParentCarer.Language.BOTH).exists()


def test_render_forms_prints_a_welsh_familys_psp_in_welsh_and_a_bilingual_one_welsh_first(
    demo, tmp_path
):
    call_command("render_forms", out=tmp_path, only=["psp-initial-meeting"])
    seen = set()
    for path in tmp_path.iterdir():
        upn = path.name.split("-")[3]
        pupil = ParentCarer.objects.filter(pupil__upn=upn).first().pupil
        languages = family_languages(pupil)
        text = " ".join(pdf_text(path.read_bytes()).split())
        if languages == ("cy",):
            assert "Cyfarfod Cyntaf" in text and "Initial Meeting" not in text
        elif languages == ("cy", "en"):
            assert text.index("Cyfarfod Cyntaf") < text.index("Initial Meeting")
        else:
            assert "Cyfarfod Cyntaf" not in text
        seen.add(languages)
    assert {("cy",), ("cy", "en"), ("en",)} <= seen
