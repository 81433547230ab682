"""The LA's list of AP placements, by provider and by school.

Source: 004_f815cbfe89cfcc2a.txt "The use of Alternative Provisions": the LA monitors the use
of alternative provision by its schools and reports it periodically, by school and by provider,
to elected members and schools.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

import access
from cases.placements.la_forms import LaPlacementFilterForm
from cases.placements.models import AP_WEEKDAYS
from cases.placements.selectors import current_or_to_come, placed_now
from documents.exports import export_list
from ui.export import FORMATS
from ui.lists import describe_list, list_request, query_with, search
from ui.sorting import sorting

PAGE_SIZE = 25
# The columns the list sorts by (in SQL), and its own order, which also breaks ties.
SORTABLE = {
    "pupil": ["pupil__last_name", "pupil__first_name"],
    "school": ["school__name"],
    "provider": ["provider__name"],
    "start": ["start"],
    "end": ["end"],
    "state": ["stage"],
}
DEFAULT_ORDER = ["start", "pk"]
# The spreadsheet: the page's columns. The rationale, consultation, objectives and outcome are
# not among them: free text that may hold SEND or safeguarding detail.
EXPORT_HEADER = [
    gettext_lazy("Pupil"),
    gettext_lazy("UPN"),
    gettext_lazy("School"),
    gettext_lazy("Provider"),
    gettext_lazy("Start"),
    gettext_lazy("Planned end"),
    gettext_lazy("Ended on"),
    gettext_lazy("Days at the provider"),
    gettext_lazy("Monitored by"),
    gettext_lazy("State"),
]
TO_COME, NOW, ENDED = 1, 2, 3


def _shown(placements, show: str, today):
    """Current or to come (the register's "Pupils now"), at the provider now (the LA
    picture's number), ended (early or at the planned end), or all."""
    if show == "current":
        return placed_now(placements, today)
    if show == "ended":
        return placements.filter(Q(ended_on__isnull=False) | Q(end__lt=today))
    if show == "all":
        return placements
    return current_or_to_come(placements, today)


def _days(placement) -> str:
    times = placement.times()
    return ", ".join(str(label) for i, (_day, label) in enumerate(AP_WEEKDAYS) if i in times)


def _state(placement) -> str:
    return {
        TO_COME: _("To come"),
        NOW: _("At the provider now"),
        ENDED: _("Ended"),
    }[placement.stage]


@require_GET
@login_required
def la_ap_placements(request: HttpRequest) -> HttpResponse:
    """Every AP placement by a school of the LA, with how many by provider and by school."""
    membership = request.membership
    if not access.can_view_la_lists(membership):
        raise PermissionDenied(_("This list is for the LA's officers."))
    today = timezone.localdate()
    asked = list_request(request.GET)
    form = LaPlacementFilterForm(
        asked.query,
        providers=access.providers_visible_to(membership).only("pk", "name").order_by("name"),
        schools=access.la_schools(membership).only("pk", "name").order_by("name"),
    )
    if not form.is_valid():
        raise Http404(_("No such provider or school of the LA."))  # another LA's looks missing
    chosen = form.cleaned_data
    placements = _shown(access.la_placements_visible_to(membership), chosen["show"], today)
    if chosen["provider"]:
        placements = placements.filter(provider_id=int(chosen["provider"]))
    if chosen["school"]:
        placements = placements.filter(school_id=int(chosen["school"]))
    placements = search(placements, asked.search, schools=["school__name", "provider__name"])
    order = sorting(request.GET, SORTABLE, DEFAULT_ORDER)
    rows = (
        placements.select_related("pupil", "school", "provider", "monitoring_staff")
        .annotate(
            stage=Case(
                When(Q(ended_on__isnull=False) | Q(end__lt=today), then=Value(ENDED)),
                When(start__gt=today, then=Value(TO_COME)),
                default=Value(NOW),
                output_field=IntegerField(),
            )
        )
        .order_by(*order.order_by)
    )
    applied = describe_list(asked, form, sorts=SORTABLE)
    if asked.fmt in FORMATS:
        return export_list(
            request,
            fmt=asked.fmt,
            what=_("AP placements"),
            filename="ap-placements",
            filters=applied,
            header=EXPORT_HEADER,
            rows=(
                [
                    f"{p.pupil.last_name}, {p.pupil.first_name}",
                    p.pupil.upn,
                    p.school.name,
                    p.provider.name,
                    p.start,
                    p.end,
                    p.ended_on,
                    _days(p),
                    p.monitoring_staff.full_name,
                    _state(p),
                ]
                for p in rows
            ),
        )
    page = asked.page(rows, PAGE_SIZE, request.GET.get("page"), keys_first=True)
    for placement in page:
        placement.days = _days(placement)
    return render(
        request,
        "cases/placements/la_list.html",
        {
            "la": membership.local_authority,
            "form": form,
            "page": page,
            "by_provider": _counted(placements, "provider", asked.query),
            "by_school": _counted(placements, "school", asked.query),
            "query": asked.querystring,
            "search": asked.search,
            "printing": asked.printing,
            "applied": applied,
            "sort": {name: order.header(asked.query, name) for name in SORTABLE},
            "today": today,
        },
    )


def _counted(placements, field: str, query) -> list[dict]:
    """The filtered placements counted by provider or by school (one query), each count
    linked to the list narrowed to it."""
    counts = (
        placements.order_by()
        .values(f"{field}_id", f"{field}__name")
        .annotate(n=Count("pk"))
        .order_by("-n", f"{field}__name")
    )
    return [
        {
            "name": row[f"{field}__name"],
            "n": row["n"],
            "query": query_with(query, **{field: row[f"{field}_id"]}),
        }
        for row in counts
    ]
