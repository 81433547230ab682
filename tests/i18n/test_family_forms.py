"""The forms a family signs with the school (a PSP, a reduced timetable's checklist) are in the
family's language: in Wales, Welsh then English unless they chose one (issue 15)."""

from cases.psp import documents as psp_documents
from cases.psp.models import PastoralSupportProgramme
from tests.cases.test_psp_lifecycle import TODAY, in_neath_port_talbot, make_psp
from tests.documents.pdf import pdf_text


def _initial_meeting(world):
    """The text of the stored PDF of the PSP's Initial Meeting form."""
    psp = make_psp(world, PastoralSupportProgramme.Stage.REVIEW, upn=world.pupil.upn)
    document = psp_documents.generate(psp, by=world.users["school_case_lead"], today=TODAY)
    document.refresh_from_db()
    with document.file.open("rb") as pdf:
        return " ".join(pdf_text(pdf.read()).split())


def test_in_wales_a_family_who_has_not_chosen_gets_the_psp_in_welsh_then_english(world):
    in_neath_port_talbot(world)
    text = _initial_meeting(world)
    assert text.index("Llofnod y rhiant/gofalwr") < text.index("Signed by parent/carer")
    assert text.index("SWYDDOGOL-SENSITIF") < text.index("OFFICIAL-SENSITIVE")


def test_a_welsh_medium_schools_psp_is_in_welsh(world):
    in_neath_port_talbot(world)
    world.school.welsh_medium = True
    world.school.save()
    text = _initial_meeting(world)
    assert "Llofnod y rhiant/gofalwr" in text and "Signed by parent/carer" not in text


def test_in_england_the_psp_is_in_english(world):
    text = _initial_meeting(world)
    assert "Signed by parent/carer" in text and "Llofnod" not in text
