"""The deadlines of a Pastoral Support Programme: every review (held and the next) and the
weekly check-in, recomputed after every change and every night.

Source: 004_f815cbfe89cfcc2a.txt Stage Five: "All PSPs should be reviewed every six weeks and
more frequently initially"; the key adult meets the child "weekly". The dates come from
reviews.rules.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from cases.psp.models import PastoralSupportProgramme, PspCheckIn, PspReview
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Deadline
from reviews.services.deadlines import deadlines_sync
from reviews.services.deadlines_batch import in_chunks

Stage = PastoralSupportProgramme.Stage
# What the nightly refresh reads of a PSP: what psp_wanted and the sync look at (a whole row,
# the plan's long text, with its school and LA selected, was most of the refresh's time).
REFRESH_FIELDS = (
    "pupil",
    "school",
    "stage",
    "school_lead",
    "key_adult",
    "agreed_on",
    "first_review_on",
)


def psp_wanted(
    psp: PastoralSupportProgramme,
    today: datetime.date,
    *,
    reviews: list[PspReview] | None = None,
    latest_check_ins: list[PspCheckIn] | None = None,
) -> dict[str, tuple]:
    """key → (kind, due, met_on): every review (held and the next), and the weekly check-in
    (the period just met and the one running now), from reviews.rules. Two queries, or none
    given its reviews (oldest first) and its two latest check-ins (newest first), as the
    nightly refresh reads them for many PSPs at once."""

    wanted: dict[str, tuple] = {}
    if psp.agreed_on is None:
        return wanted
    la = psp.school.local_authority
    if reviews is None:
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
    if latest_check_ins is None:
        latest = list(psp.check_ins.order_by("-held_on").values_list("held_on", flat=True)[:2])
    else:
        latest = [check_in.held_on for check_in in latest_check_ins]
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
    *, psp: PastoralSupportProgramme, today: datetime.date | None = None, **read
) -> None:
    """`read`: the PSP's reviews and latest check-ins read beforehand (psp_wanted)."""
    today = today or timezone.localdate()
    deadlines_sync(
        case=psp,
        wanted=psp_wanted(psp, today, **read),
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
    """Nightly: every PSP that is agreed and open (the states that have deadlines). Their
    reviews and two latest check-ins are read for each chunk of PSPs at once, as values (made
    as model instances through prefetch_related they were a third of the PSPs' refresh), and
    each school and its LA once for the whole refresh (issue 12)."""
    psps = PastoralSupportProgramme.objects.filter(stage=Stage.REVIEW).only(*REFRESH_FIELDS)
    count = 0
    for chunk in in_chunks(psps, schools=("school",)):
        ids = [psp.pk for psp in chunk]
        reviews = defaultdict(list)
        for review in (
            PspReview.objects.filter(psp_id__in=ids)
            .order_by("held_on", "pk")
            .values_list("psp_id", "held_on", "next_review_on", named=True)
        ):
            reviews[review.psp_id].append(review)
        latest = defaultdict(list)
        newest_first = (F("held_on").desc(), F("pk").desc())
        for check_in in (
            PspCheckIn.objects.filter(psp_id__in=ids)
            .annotate(newest=Window(RowNumber(), partition_by=F("psp_id"), order_by=newest_first))
            .filter(newest__lte=2)
            .order_by(*newest_first)
            .values_list("psp_id", "held_on", named=True)
        ):
            latest[check_in.psp_id].append(check_in)
        for psp in chunk:
            psp_refresh_deadlines(
                psp=psp, today=today, reviews=reviews[psp.pk], latest_check_ins=latest[psp.pk]
            )
        count += len(chunk)
    return count
