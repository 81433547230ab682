"""The deadlines of a Pastoral Support Programme: every review (held and the next) and the
weekly check-in, recomputed after every change and every night.

Source: 004_f815cbfe89cfcc2a.txt Stage Five: "All PSPs should be reviewed every six weeks and
more frequently initially"; the key adult meets the child "weekly". The dates come from
reviews.rules.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cases.psp.models import PastoralSupportProgramme
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Deadline
from reviews.services.deadlines import deadlines_sync

Stage = PastoralSupportProgramme.Stage


def psp_wanted(psp: PastoralSupportProgramme, today: datetime.date) -> dict[str, tuple]:
    """key → (kind, due, met_on): every review (held and the next), and the weekly check-in
    (the period just met and the one running now), from reviews.rules."""

    wanted: dict[str, tuple] = {}
    if psp.agreed_on is None:
        return wanted
    la = psp.school.local_authority
    reviews = list(psp.reviews.order_by("held_on", "pk"))
    dues = rules.psp_review_deadlines(
        psp.agreed_on,
        psp.first_review_on,
        [(r.held_on, r.next_review_on) for r in reviews],
        max_weeks=la.psp_review_weeks,
    )
    for number, due in enumerate(dues, start=1):
        held = reviews[number - 1].held_on if number <= len(reviews) else None
        wanted[f"review:{number}"] = (Deadline.Kind.PSP_REVIEW, due, held)
    if psp.stage != Stage.REVIEW:
        return wanted
    cal = calendar_for_school(psp.school)
    latest = list(psp.check_ins.order_by("-held_on").values_list("held_on", flat=True)[:2])
    anchors = [psp.agreed_on, *reversed(latest)][-2:]
    if latest:
        wanted[f"check-in:{anchors[0].isoformat()}"] = (
            Deadline.Kind.PSP_CHECK_IN,
            rules.psp_check_in_due(psp.agreed_on, anchors[0], cal),
            anchors[1],
        )
    wanted[f"check-in:{anchors[-1].isoformat()}"] = (
        Deadline.Kind.PSP_CHECK_IN,
        rules.psp_check_in_due(psp.agreed_on, anchors[-1], cal),
        None,
    )
    return wanted


def psp_refresh_deadlines(
    *, psp: PastoralSupportProgramme, today: datetime.date | None = None
) -> None:
    today = today or timezone.localdate()
    deadlines_sync(
        case=psp,
        wanted=psp_wanted(psp, today),
        responsible_id=psp.school_lead_id,
        pupil_id=psp.pupil_id,
        school_id=psp.school_id,
        named={Deadline.Kind.PSP_CHECK_IN: psp.key_adult_id} if psp.key_adult_id else None,
        today=today,
    )


def refresh_deadlines_on_commit(psp_id: int) -> None:
    """Recompute the PSP's deadlines once the change is committed (never on rollback)."""

    def refresh() -> None:
        psp = PastoralSupportProgramme.objects.select_related("school__local_authority").get(
            pk=psp_id
        )
        psp_refresh_deadlines(psp=psp)

    transaction.on_commit(refresh)


def psp_refresh_all(*, today: datetime.date) -> int:
    """Nightly: every PSP that is agreed and open (the states that have deadlines)."""
    count = 0
    for psp in (
        PastoralSupportProgramme.objects.filter(stage=Stage.REVIEW)
        .select_related("school__local_authority")
        .iterator()
    ):
        psp_refresh_deadlines(psp=psp, today=today)
        count += 1
    return count
