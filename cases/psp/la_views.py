"""The LA's list of Pastoral Support Programmes, for its termly PSP Monitoring Group.

Source: 004_f815cbfe89cfcc2a.txt: the LA's "PSP Monitoring Group" meets termly and receives a
copy of every signed PSP and review.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

import access
from cases.psp import la_forms as f
from cases.psp.models import PastoralSupportProgramme
from cases.psp.selectors import with_monitoring_summary
from documents.exports import export_list
from reviews import rules
from reviews.calendars import term_start_for
from ui.export import FORMATS
from ui.formats import long_date
from ui.lists import describe_list, list_request, search
from ui.sorting import sorting

Stage = PastoralSupportProgramme.Stage
PAGE_SIZE = 25
# The columns the list sorts by (in SQL), and its own order, which also breaks ties.
SORTABLE = {
    "pupil": ["pupil__last_name", "pupil__first_name"],
    "school": ["school__name"],
    "stage": ["stage"],
    "next_review": ["next_review"],
    "overdue": ["overdue_count"],
    "late": ["late_count"],
}
DEFAULT_ORDER = ["school__name", "pupil__last_name", "pupil__first_name", "pk"]


def _monitoring_due(psp, today, term_start) -> bool:
    """Due to go to this term's PSP Monitoring Group (004)."""
    return (
        psp.stage == Stage.REVIEW
        and psp.agreed_on is not None
        and rules.psp_due_for_monitoring(
            agreed_on=psp.agreed_on,
            last_considered=psp.last_considered,
            today=today,
            term_starts=[term_start] if term_start else [],
        )
    )


# The spreadsheet of the list: the page's columns, and nothing the page does not show.
EXPORT_HEADER = [
    gettext_lazy("Pupil"),
    gettext_lazy("School"),
    gettext_lazy("Stage"),
    gettext_lazy("Signed on"),
    gettext_lazy("PSP school lead"),
    gettext_lazy("Next review"),
    gettext_lazy("Next check-in"),
    gettext_lazy("Overdue"),
    gettext_lazy("Done late"),
    gettext_lazy("Monitoring group"),
]


def _export_row(psp, today, term_start) -> list:
    if _monitoring_due(psp, today, term_start):
        monitoring = _("Due this term")
    elif psp.last_considered:
        monitoring = _("Considered %(day)s") % {"day": long_date(psp.last_considered)}
    else:
        monitoring = ""
    return [
        f"{psp.pupil.last_name}, {psp.pupil.first_name}",
        psp.school.name,
        psp.get_stage_display(),
        psp.agreed_on,
        psp.school_lead.full_name if psp.school_lead else "",
        psp.next_review,
        psp.next_check_in,
        psp.overdue_count,
        psp.late_count,
        monitoring,
    ]


@require_GET
@login_required
def la_psps(request: HttpRequest) -> HttpResponse:
    """The LA's PSPs for its termly PSP Monitoring Group (004), and only its own."""
    membership = request.membership
    if not access.can_view_la_psps(membership):
        raise PermissionDenied(_("This list is for the LA's officers."))
    today = timezone.localdate()
    la = membership.local_authority
    term_start = term_start_for(la.pk, today)
    data = request.GET.copy()
    if not set(data) - {"sort", "page", "format", "q", "print"}:  # no filter: the open ones
        data["stage"] = "open"
    asked = list_request(data)
    order = sorting(request.GET, SORTABLE, DEFAULT_ORDER)
    psps = with_monitoring_summary(
        access.la_psps_visible_to(membership).select_related("pupil", "school", "school_lead"),
        today,
    ).order_by(*order.order_by)
    psps = search(psps, asked.search, schools=["school__name"])
    filters = f.LaPspFilter(
        data,
        queryset=psps,
        schools=access.la_schools(membership),
        term_start=term_start,
        today=today,
    )
    rows = filters.qs if filters.is_valid() else psps.none()
    applied = describe_list(asked, filters.form, sorts=SORTABLE)
    if asked.fmt in FORMATS:
        return export_list(
            request,
            fmt=asked.fmt,
            what=_("Pastoral Support Programmes"),
            filename="psps",
            filters=applied,
            header=EXPORT_HEADER,
            rows=(_export_row(psp, today, term_start) for psp in rows),
        )
    page = asked.page(rows, PAGE_SIZE, request.GET.get("page"), keys_first=True)
    for psp in page.object_list:
        psp.monitoring_due = _monitoring_due(psp, today, term_start)
    return render(
        request,
        "cases/psp/la_list.html",
        {
            "la": la,
            "filters": filters,
            "page": page,
            "term_start": term_start,
            "query": asked.querystring,
            "search": asked.search,
            "printing": asked.printing,
            "applied": applied,
            "today": today,
            "sort": {name: order.header(asked.query, name) for name in SORTABLE},
        },
    )
