"""The termly report to the LA's PSP Monitoring Group.

Source: 004_f815cbfe89cfcc2a.txt: "The Local Authority has a responsibility to monitor the use
of PSPs. Copies of PSPs must be forwarded to the Local Authority. The PSP Monitoring Group will
meet on a termly basis"; a record of the PSP is kept by the school, the EWO "(where attendance
is an issue)" and the Deputy Safeguarding Officer "(if there is a reduced timetable)" and
"monitored by Local Authority PSP Monitoring Group termly"; "All PSPs should be reviewed every
six weeks"; a PSP for a child at risk of permanent exclusion involves the Wellbeing and
Behaviour Service; a reduced timetable beyond 12 weeks needs the Director's authorisation,
"facilitated through the Local Authority PSP Group".

It names pupils, so it is for the LA's officers only. ALN is counted, never shown against a
child (need-to-know, DESIGN.md).
"""

import datetime

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from cases.psp.models import PastoralSupportProgramme, PspMonitoring, PspReview
from cases.psp.selectors import with_monitoring_summary
from cases.reduced_timetables.models import ReducedTimetable
from reviews import rules
from reviews.reports import ReportBody, Table

Stage = PastoralSupportProgramme.Stage


def psps_in_period(membership, period: rules.Period):
    """The LA's PSPs open at any time in the period: opened by its end, not ceased before it."""
    return (
        access.la_psps_visible_to(membership)
        .filter(created_at__date__lte=period.end)
        .filter(Q(ceased_on__isnull=True) | Q(ceased_on__gte=period.start))
    )


def _rows(membership, period: rules.Period, today: datetime.date):
    """Every PSP of the period with what the group asks of it, in one query."""
    reviews = PspReview.objects.filter(psp=OuterRef("pk"))
    in_period = (
        reviews.filter(held_on__gte=period.start, held_on__lte=period.end)
        .order_by()
        .values("psp")
        .annotate(n=Count("pk"))
        .values("n")
    )
    considered = (
        PspMonitoring.objects.filter(psp=OuterRef("pk"), considered_on__lte=period.end)
        .order_by()
        .values("psp")
        .annotate(last=Max("considered_on"))
        .values("last")
    )
    return (
        with_monitoring_summary(psps_in_period(membership, period), today)
        .annotate(
            reviews_in_period=Coalesce(Subquery(in_period, output_field=IntegerField()), Value(0)),
            last_review=Subquery(
                reviews.filter(held_on__lte=period.end).order_by("-held_on").values("held_on")[:1]
            ),
            considered_by_end=Subquery(considered),
            with_timetable=Exists(ReducedTimetable.objects.filter(psp=OuterRef("pk"))),
        )
        .select_related("pupil", "school")
        .order_by("school__name", "pupil__last_name", "pupil__first_name", "pk")
    )


def build(membership, period: rules.Period, today: datetime.date) -> ReportBody:
    """Two queries, whatever the number of PSPs: the PSPs (with the ContentType of their
    deadlines, cached after the first report), and the reduced timetables waiting for the
    Director."""
    psps = list(_rows(membership, period, today))
    # 004: authorisation beyond 12 weeks "will be facilitated through the Local Authority
    # PSP Group": the requests the Director has not yet answered.
    awaiting = (
        access.la_reduced_timetables_visible_to(membership)
        .filter(
            authorisation_requested_on__isnull=False,
            authorisation_decision="",
            ended_on__isnull=True,
        )
        .count()
    )

    def opened(p):
        return period.contains(timezone.localtime(p.created_at).date())

    def considered(p):
        return p.considered_by_end is not None and p.considered_by_end >= period.start

    by_school: dict[str, list] = {}
    for p in psps:
        row = by_school.setdefault(p.school.name, [p.school.name] + [0] * 7)
        row[1] += 1
        row[2] += opened(p)
        row[3] += period.contains(p.agreed_on)
        row[4] += period.contains(p.ceased_on)
        row[5] += p.reviews_in_period
        row[6] += p.is_open and p.overdue_count > 0
        row[7] += p.is_open and p.risk_of_permanent_exclusion
    school_rows = list(by_school.values())
    totals = [_("All schools"), *(sum(r[i] for r in school_rows) for i in range(1, 8))]
    open_now = [p for p in psps if p.is_open]
    agreed_open = [p for p in open_now if p.agreed_on is not None]

    summary = [
        (_("PSPs open at some time in the period"), len(psps)),
        (_("Opened in the period"), sum(opened(p) for p in psps)),
        (_("Agreed and signed in the period"), sum(period.contains(p.agreed_on) for p in psps)),
        (_("Ceased in the period"), sum(period.contains(p.ceased_on) for p in psps)),
        (_("Reviews held in the period"), sum(p.reviews_in_period for p in psps)),
        (
            _("Open now with an overdue review or check-in"),
            sum(p.overdue_count > 0 for p in open_now),
        ),
        (
            _("Open now for a child at risk of permanent exclusion"),
            sum(p.risk_of_permanent_exclusion for p in open_now),
        ),
        (_("Open now with a reduced timetable"), sum(p.with_timetable for p in open_now)),
        (
            _("Open now where attendance is an issue (EWO)"),
            sum(p.attendance_concern for p in open_now),
        ),
        (
            _("Open now for a child with special educational or additional learning needs"),
            sum(p.has_aln for p in open_now),
        ),
        (
            _("Agreed and open, not yet considered by the group in the period"),
            sum(not considered(p) for p in agreed_open),
        ),
        (_("Reduced timetables waiting for the Director's authorisation"), awaiting),
    ]
    return ReportBody(
        summary=summary,
        tables=[
            Table(
                _("PSPs by school"),
                [
                    _("School"),
                    _("Open in the period"),
                    _("Opened"),
                    _("Agreed"),
                    _("Ceased"),
                    _("Reviews held"),
                    _("Overdue now"),
                    _("At risk of permanent exclusion"),
                ],
                school_rows,
                total=totals,
                empty=_("No PSP was open in the period."),
            ),
            Table(
                _("Each PSP"),
                [
                    _("Pupil"),
                    _("School"),
                    _("Stage now"),
                    _("Agreed on"),
                    _("Reviews in the period"),
                    _("Last review"),
                    _("Next review due"),
                    _("Overdue steps now"),
                    _("At risk of permanent exclusion"),
                    _("Reduced timetable"),
                    _("Attendance an issue (EWO)"),
                    _("Considered by the group"),
                ],
                [
                    [
                        f"{p.pupil.last_name}, {p.pupil.first_name}",
                        p.school.name,
                        p.get_stage_display(),
                        p.agreed_on,
                        p.reviews_in_period,
                        p.last_review,
                        p.next_review if p.is_open else None,
                        p.overdue_count if p.is_open else 0,
                        p.risk_of_permanent_exclusion,
                        p.with_timetable,
                        p.attendance_concern,
                        p.considered_by_end,
                    ]
                    for p in psps
                ],
                note=_(
                    "“Considered by the group” is the last time the PSP Monitoring Group "
                    "considered the PSP, up to the end of the period."
                ),
                empty=_("No PSP was open in the period."),
            ),
        ],
    )
