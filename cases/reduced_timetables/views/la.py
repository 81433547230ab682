"""The LA's central record of pupils on reduced timetables: filtered, searched, sorted and
paged in SQL on the stored audit rating and first day past the limit
(cases.reduced_timetables.rating); only the page's rows are read in full."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

import access
from cases.reduced_timetables.la_forms import LaFilterForm
from cases.reduced_timetables.models import ReducedTimetable
from cases.reduced_timetables.selectors import (
    past_limit_on_day,
    past_limit_unauthorised,
    rtt_status,
    running_now,
)
from cases.reduced_timetables.views.common import RATING_LABELS
from documents.exports import export_list
from reviews import rules
from ui.export import FORMATS
from ui.lists import describe_list, list_request, search
from ui.sorting import sorting

PAGE_SIZE = 25
Rating = ReducedTimetable.Rating
# The columns the record sorts by (in SQL), and its own order, which also breaks ties. The
# audit sorts the most serious first; the authorisation by the day each is (or was) past the
# limit, the longest past it first.
SORTABLE = {
    "pupil": ["pupil__last_name", "pupil__first_name"],
    "school": ["school__name"],
    "start": ["start"],
    "rating": ["rating_rank"],
    "limit": ["past_limit_on"],
}
DEFAULT_ORDER = ["start", "pk"]
RATING_RANK = Case(
    When(rating=Rating.RED, then=Value(1)),
    When(rating=Rating.AMBER, then=Value(2)),
    When(rating=Rating.GREEN, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)


def filtered(timetables: QuerySet, chosen: dict, today: datetime.date) -> QuerySet:
    """The record's filters, in SQL. The LA picture's numbers link here with the same ones."""
    show = chosen.get("show")
    if show == "running":
        timetables = running_now(timetables, today)
    elif show == "ended":
        timetables = timetables.filter(state=ReducedTimetable.State.ENDED)
    elif show != "all":
        timetables = timetables.exclude(state=ReducedTimetable.State.ENDED)
    if chosen.get("school"):
        timetables = timetables.filter(school_id=int(chosen["school"]))
    if chosen.get("rating"):
        timetables = timetables.filter(rating=chosen["rating"])
    if chosen.get("past_limit"):
        day = chosen.get("on")
        timetables = timetables.filter(
            past_limit_on_day(day) if day else past_limit_unauthorised(today)
        )
    return timetables


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
    asked = list_request(request.GET)
    schools = list(access.la_schools(membership).only("pk", "name"))
    form = LaFilterForm(request.GET or None, schools=schools)
    chosen = form.cleaned_data if form.is_valid() else {}
    base = search(
        access.la_reduced_timetables_visible_to(membership),
        asked.search,
        schools=["school__name"],
    )
    # The warning counts those past the limit among the timetables shown, whatever the rating.
    flagged = filtered(base, chosen | {"rating": "", "past_limit": False}, today).filter(
        past_limit_unauthorised(today)
    )
    order = sorting(request.GET, SORTABLE, DEFAULT_ORDER)
    timetables = (
        filtered(base, chosen, today)
        .annotate(rating_rank=RATING_RANK)
        # The pupil's school for need-to-know (access.can_view_safeguarding reads its LA's
        # id), not that school's LA as well: one join fewer keeps the page's joins within
        # PostgreSQL's join_collapse_limit (8), so it reads the page's 25 rows by their keys
        # (ui.lists.KeysFirst) rather than joining every timetable of a county (issue 12).
        .select_related(
            "pupil__school",
            "pupil__safeguarding",
            "school__local_authority",
            "psp",
        )
        .prefetch_related("entries", "steps", "checklist")
        .order_by(*order.order_by)
    )

    def row(timetable):
        status = rtt_status(timetable, today=today)
        # The stored rating, which the filter and the sort use; the rules' own until the
        # timetable is first rated.
        rating = timetable.rating or status.rating
        return {
            "timetable": timetable,
            "status": status,
            "rating": rating,
            "rating_label": RATING_LABELS.get(rating, ""),
            "reasons": status.reasons_for(
                access.can_view_safeguarding(membership, timetable.pupil)
            ),
            "may_authorise": access.can_authorise_reduced_timetable(membership, timetable)
            and status.authorisation != rules.RTT_AUTH_NOT_NEEDED
            and timetable.is_open,
        }

    applied = describe_list(asked, form, sorts=SORTABLE)
    if asked.fmt in FORMATS:
        return export_list(
            request,
            fmt=asked.fmt,
            what=_("Reduced timetables"),
            filename="reduced-timetables",
            filters=applied,
            header=_export_columns(EXPORT_HEADER, la.rtt_protocol),
            rows=(
                _export_columns(_export_row(row(t)), la.rtt_protocol)
                for t in timetables.iterator(chunk_size=500)
            ),
        )
    page = asked.page(timetables, PAGE_SIZE, request.GET.get("page"), keys_first=True)
    page.object_list = [row(t) for t in page.object_list]
    return render(
        request,
        "cases/reduced_timetable/la_list.html",
        {
            "form": form,
            "page": page,
            "query": asked.querystring,
            "search": asked.search,
            "printing": asked.printing,
            "applied": applied,
            "on": chosen.get("on") if chosen.get("past_limit") else None,
            "sort": {name: order.header(asked.query, name) for name in SORTABLE},
            "la": la,
            "flagged": flagged.count(),
            "max_weeks": la.reduced_timetable_max_weeks,
            "protocol": la.rtt_protocol,
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


def _export_columns(values: list, protocol) -> list:
    """The audit's two columns and the Director's one only under the 004 protocol."""
    keep = [True] * 8 + [protocol.audit_matrix] * 2 + [protocol.director_authorisation]
    return [value for value, kept in zip(values, keep, strict=True) if kept]


def _export_row(r: dict) -> list:
    timetable, status = r["timetable"], r["status"]
    return [
        f"{timetable.pupil.last_name}, {timetable.pupil.first_name}",
        timetable.get_state_display(),
        timetable.school.name,
        timetable.start,
        timetable.provisional_end,
        status.weeks_elapsed,
        status.weekly_hours_text if status.weekly_hours is not None else "",
        status.full_time_text if status.full_time_hours is not None else "",
        str(r["rating_label"]),
        "; ".join(str(reason) for reason in r["reasons"]),
        str(status.authorisation_label),
    ]
