"""The demo's PSPs (demo/psp.py): every stage in Neath Port Talbot and an English LA,
reviews and check-ins, one copy sent to the LA's inbox, each PSP complete for the stages it has
passed, and idempotent."""

import datetime

import pytest

from cases.psp import guards
from cases.psp.models import PastoralSupportProgramme, PspCheckIn, PspReview
from demo.seed import seed
from documents.models import Letter, OutboxMessage
from reviews.models import Deadline

TODAY = datetime.date(2026, 11, 18)
Stage = PastoralSupportProgramme.Stage


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_has_psps_at_every_stage_in_both_nations(db, media):
    seed(TODAY)
    counts = PastoralSupportProgramme.objects.count()
    seed(TODAY)
    assert PastoralSupportProgramme.objects.count() == counts
    for code in ("671", "885"):
        stages = set(
            PastoralSupportProgramme.objects.filter(school__local_authority__code=code).values_list(
                "stage", flat=True
            )
        )
        assert Stage.DECIDING in stages and Stage.REVIEW in stages, code
    npt = set(
        PastoralSupportProgramme.objects.filter(school__local_authority__code="671").values_list(
            "stage", flat=True
        )
    )
    english = set(
        PastoralSupportProgramme.objects.filter(school__local_authority__code="885").values_list(
            "stage", flat=True
        )
    )
    assert npt | english == set(Stage.values)
    assert PspReview.objects.exists() and PspCheckIn.objects.exists()
    copies = Letter.objects.filter(
        document__kind="psp_initial_meeting", pupil__school__local_authority__code="671"
    )
    assert copies.exists()
    for copy in copies:
        message = copy.messages.get()
        assert (message.to_email, message.state) == ("psp@npt.gov.uk", OutboxMessage.State.SENT)
    # Every signed PSP (those the reduced timetables sit on too) is complete and has deadlines.
    for psp in PastoralSupportProgramme.objects.filter(stage=Stage.REVIEW):
        assert psp.agreed_on and psp.outcomes.exists(), psp
        assert psp.deadlines.filter(kind=Deadline.Kind.PSP_REVIEW).exists()
    assert Deadline.objects.filter(kind=Deadline.Kind.PSP_CHECK_IN, state="overdue").exists()
    # Each PSP has what its stages needed before it moved on, as the guards ask of a school.
    order = [s.value for s in Stage]
    for psp in PastoralSupportProgramme.objects.all():
        reached = order.index(psp.stage)
        if reached > order.index(Stage.DECIDING):
            assert guards.missing_to_decide(psp) == [], psp
        if reached > order.index(Stage.INFORMATION_GATHERING):
            assert guards.missing_information(psp) == [], psp
        if reached > order.index(Stage.ORGANISING):
            assert guards.missing_organising(psp) == [], psp
        if psp.agreed_on:
            assert guards.missing_to_sign(psp) == [], psp
