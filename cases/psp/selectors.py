"""Reads of the Pastoral Support Programme: the child details the Pupil Passport gives the
Initial Meeting form, and the LA's list for its termly PSP Monitoring Group.

Source: 004_f815cbfe89cfcc2a.txt ("Pastoral Support Programme Initial Meeting"; the LA's PSP
Monitoring Group "meets termly").
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from cases.psp.models import PastoralSupportProgramme, PspMonitoring
from cases.pupils.models import Pupil
from reviews.models import Deadline

_PERCENT = re.compile(r"(\d{1,3}(?:\.\d)?)\s*%")


def child_details(pupil: Pupil) -> dict:
    """The Initial Meeting form's child details, from what the Pupil Passport records.

    Only the flags everyone who sees the pupil sees: SEND detail (PupilSend) is need-to-know,
    so the school IDP is left for the school to answer. Exclusions in Wales include fixed-term
    ones (England's suspensions): the count is both, the days are the suspensions' days.
    """
    premium = (pupil.pupil_premium_type or "").lower()
    law = pupil.law
    needs = []
    if pupil.has_ehcp:
        needs.append(str(law.plan))
    if pupil.undergoing_ehcna:
        needs.append(str(law.assessment))
    if pupil.send_support:
        needs.append(str(law.school_support))
    percent = None
    found = _PERCENT.findall(pupil.attendance_details or "")
    if len(found) == 1:
        try:
            value = Decimal(found[0])
        except InvalidOperation:
            value = None
        percent = value if value is not None and value <= 100 else None
    suspensions = pupil.suspensions.aggregate(days=Sum("days"))["days"]
    return {
        "upn": pupil.upn,
        "fsm": "yes" if "free school meals" in premium else "",
        "cla": "yes" if pupil.looked_after else "no",
        "la_idp": "yes" if pupil.has_ehcp else "",
        "aln_need": "; ".join(str(n) for n in needs),
        "attendance_percent": percent,
        "exclusions_count": pupil.exclusions.count() + pupil.suspensions.count(),
        "days_excluded": suspensions or Decimal("0"),
        "has_aln": bool(pupil.has_ehcp or pupil.send_support or pupil.undergoing_ehcna),
        "idp_in_place": bool(pupil.has_ehcp),
        "attendance_concern": pupil.attendance_issues == "yes",
    }


def on_reduced_timetable(psp: PastoralSupportProgramme) -> bool:
    """A reduced timetable set up through this PSP (the reduced timetable's own record)."""
    timetables = getattr(psp, "reduced_timetables", None)
    return bool(timetables is not None and psp.pk and timetables.exists())


def last_review_on(psp: PastoralSupportProgramme) -> datetime.date | None:
    return psp.reviews.order_by("-held_on").values_list("held_on", flat=True).first()


# The LA's list for the termly PSP Monitoring Group ----------------------------------------


def with_monitoring_summary(
    psps: QuerySet[PastoralSupportProgramme], today: datetime.date
) -> QuerySet[PastoralSupportProgramme]:
    """Each PSP's next review, next check-in, overdue steps, steps done late and last
    monitoring, in the same query."""
    case_type = ContentType.objects.get_for_model(PastoralSupportProgramme)
    deadlines = Deadline.objects.filter(case_type=case_type, case_id=OuterRef("pk"))

    def upcoming(kind):
        # The earliest still to do, overdue or not: an overdue review is the next review.
        return Subquery(
            deadlines.filter(kind=kind, state__in=Deadline.PENDING_STATES)
            .order_by("due")
            .values("due")[:1]
        )

    def count(these):
        per_case = these.order_by().values("case_id").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(per_case, output_field=IntegerField()), Value(0))

    # Every column a subquery, none a join: with no GROUP BY the database works them out for
    # the page's 25 rows only, not for every PSP of the LA (2.5 s at county scale).
    considered = (
        PspMonitoring.objects.filter(psp=OuterRef("pk"))
        .order_by()
        .values("psp_id")
        .annotate(last=Max("considered_on"))
        .values("last")
    )
    return psps.annotate(
        next_review=upcoming(Deadline.Kind.PSP_REVIEW),
        next_check_in=upcoming(Deadline.Kind.PSP_CHECK_IN),
        overdue_count=count(deadlines.overdue(today)),
        late_count=count(deadlines.late()),
        last_considered=Subquery(considered),
    )


def with_overdue_steps(today: datetime.date):
    """The ids of the PSPs with a step overdue, as a subquery: read from the overdue steps of
    PSPs (reviews_deadline_type_idx), not by looking for steps of each PSP of the LA in
    turn, which took 130 ms at county scale (issue 12)."""
    case_type = ContentType.objects.get_for_model(PastoralSupportProgramme)
    return Deadline.objects.filter(case_type=case_type).overdue(today).values("case_id")


def at_risk_now(psps, today):
    """PSPs still running because the child is at risk of permanent exclusion (004)."""
    return psps.filter(risk_of_permanent_exclusion=True).exclude(
        stage=PastoralSupportProgramme.Stage.CEASED
    )
