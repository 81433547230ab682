"""The LA's central record of pupils on reduced timetables."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

import access
from cases.reduced_timetables.la_forms import LaFilterForm
from cases.reduced_timetables.models import ReducedTimetable
from cases.reduced_timetables.selectors import count_past_limit_unauthorised, rtt_status
from cases.reduced_timetables.views.common import RATING_LABELS
from documents.exports import export_list
from reviews import rules
from ui.export import FORMATS

PAGE_SIZE = 25


@require_GET
@login_required
def la_reduced_timetables(request: HttpRequest) -> HttpResponse:
    """Every pupil of the LA on a reduced timetable (004: the LA maintains a central record of
    all pupils not accessing full-time provision and reviews them by the audit matrix)."""
    membership = request.membership
    if not access.can_view_la_reduced_timetables(membership):
        raise PermissionDenied(_("This list is for the LA's officers."))
    today = timezone.localdate()
    la = membership.local_authority
    schools = list(access.la_schools(membership).only("pk", "name"))
    form = LaFilterForm(request.GET or None, schools=schools)
    chosen = form.cleaned_data if form.is_valid() else {}
    base = access.la_reduced_timetables_visible_to(membership)
    ended = ReducedTimetable.State.ENDED
    if chosen.get("show") == "ended":
        base = base.filter(state=ended)
    elif chosen.get("show") != "all":
        base = base.exclude(state=ended)
    if chosen.get("school"):
        base = base.filter(school_id=int(chosen["school"]))
    timetables = (
        base.select_related(
            "pupil__school__local_authority",
            "pupil__safeguarding",
            "school__local_authority",
            "psp",
        )
        .prefetch_related("entries", "steps", "checklist")
        .order_by("start", "pk")
    )

    def row(timetable):
        status = rtt_status(timetable, today=today)
        return {
            "timetable": timetable,
            "status": status,
            "rating_label": RATING_LABELS[status.rating],
            "reasons": status.reasons_for(
                access.can_view_safeguarding(membership, timetable.pupil)
            ),
            "may_authorise": access.can_authorise_reduced_timetable(membership, timetable)
            and status.authorisation != rules.RTT_AUTH_NOT_NEEDED
            and timetable.is_open,
        }

    query = request.GET.copy()
    query.pop("page", None)
    fmt = query.pop("format", [""])[-1]
    if fmt in FORMATS:
        return export_list(
            request,
            fmt=fmt,
            what=_("Reduced timetables"),
            filename="reduced-timetables",
            filters=query.urlencode(),
            header=EXPORT_HEADER,
            rows=_export_rows([row(t) for t in timetables], chosen),
        )
    rating, past = chosen.get("rating"), chosen.get("past_limit")
    if rating or past:
        # The audit rating is worked out in Python from each timetable's entries, steps and
        # checklist: every one is read to filter by it.
        rows = [row(t) for t in timetables]
        if rating:
            rows = [r for r in rows if r["status"].rating == rating]
        if past:
            rows = [r for r in rows if r["status"].past_limit_unauthorised]
        flagged = sum(1 for r in rows if r["status"].past_limit_unauthorised)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        # Paged in SQL: only the page's timetables are read in full; the flag counts all of
        # them from their dates alone (one query).
        flagged = count_past_limit_unauthorised(
            base, today=today, max_weeks=la.reduced_timetable_max_weeks
        )
        page = Paginator(timetables, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = [row(t) for t in page.object_list]
    return render(
        request,
        "cases/reduced_timetable/la_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "la": la,
            "flagged": flagged,
            "max_weeks": la.reduced_timetable_max_weeks,
        },
    )


# The spreadsheet of the record: the page's columns, and nothing the page does not show (the
# audit's reasons are those the person may read).
EXPORT_HEADER = [
    gettext_lazy("Pupil"),
    gettext_lazy("State"),
    gettext_lazy("School"),
    gettext_lazy("Start"),
    gettext_lazy("Until"),
    gettext_lazy("Weeks"),
    gettext_lazy("Hours a week"),
    gettext_lazy("Full-time hours"),
    gettext_lazy("Audit"),
    gettext_lazy("Audit reasons"),
    gettext_lazy("Director's authorisation"),
]


def _export_rows(rows: list[dict], chosen: dict) -> list[list]:
    if chosen.get("rating"):
        rows = [r for r in rows if r["status"].rating == chosen["rating"]]
    if chosen.get("past_limit"):
        rows = [r for r in rows if r["status"].past_limit_unauthorised]
    return [
        [
            f"{r['timetable'].pupil.last_name}, {r['timetable'].pupil.first_name}",
            r["timetable"].get_state_display(),
            r["timetable"].school.name,
            r["timetable"].start,
            r["timetable"].provisional_end,
            r["status"].weeks_elapsed,
            r["status"].weekly_hours_text if r["status"].weekly_hours is not None else "",
            r["status"].full_time_text if r["status"].full_time_hours is not None else "",
            str(r["rating_label"]),
            "; ".join(str(reason) for reason in r["reasons"]),
            str(r["status"].authorisation_label),
        ]
        for r in rows
    ]
