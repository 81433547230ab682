import datetime
from collections import defaultdict

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

import access
from cases import registry
from documents.exports import export_list
from reviews.services.deadlines import deadlines_due_soon
from reviews.steps import steps_of
from reviews.work import who_acts, work_of
from ui.export import FORMATS
from ui.lists import describe_list, list_request, query_with, search
from ui.sorting import sorting

# The home page lists this far ahead; the Due page a week.
WORK_HORIZON = datetime.timedelta(weeks=2)
# At most this many rows per list: a person's own work is never this long.
WORK_ROWS = 200


def _step_counts(membership, *, today, until) -> dict[str, int]:
    """How many of this person's steps are overdue, and due from today to `until`: counted in
    SQL, so a long list shown in part still says how long it is."""
    return steps_of(membership).aggregate(
        overdue=Count("pk", filter=Q(due__lt=today)),
        soon=Count("pk", filter=Q(due__gte=today, due__lte=until)),
    )


@require_GET
@login_required
def work(request: HttpRequest) -> HttpResponse:
    """Each person's home page is their work in the role they act in now: what waits for their
    decision, then their steps overdue and due in the next two weeks; and how much waits for
    them in their other roles."""
    membership = request.membership
    today = timezone.localdate()
    until = today + WORK_HORIZON
    steps = (
        steps_of(membership)
        .select_related(
            "pupil", "school", "local_authority", "responsible", "owner_school", "owner_la"
        )
        .prefetch_related("case")
        .order_by("due", "pk")
    )
    waiting = []
    for _case_type, items in registry.each("waiting"):
        for item in items:
            cases = registry.resolve(item.cases)(membership).select_related("pupil")
            cases = list(cases.order_by("pk")[:WORK_ROWS])
            if cases:
                waiting.append({"label": item.label, "cases": cases})
    elsewhere = [
        {"membership": other, **_step_counts(other, today=today, until=until)}
        for other in request.memberships
        if other != membership
    ]
    return render(
        request,
        "reviews/work.html",
        {
            "waiting": waiting,
            "overdue": list(steps.filter(due__lt=today)[:WORK_ROWS]),
            "soon": list(steps.filter(due__gte=today, due__lte=until)[:WORK_ROWS]),
            "counts": _step_counts(membership, today=today, until=until),
            "elsewhere": [e for e in elsewhere if e["overdue"] or e["soon"]],
            "manages_settings": access.can_manage_la_settings(membership),
            "placed_here": list(
                access.placements_at_provider(membership)
                .filter(end__gte=today)
                .select_related("pupil", "school")
                .order_by("start", "pk")[:WORK_ROWS]
            ),
            "today": today,
        },
    )


# The Due page's columns, sorted in SQL, and its own order (the most overdue first).
DUE_SORTS = {
    "due": ["due"],
    "pupil": ["pupil__last_name", "pupil__first_name"],
    "school": ["school__name", "local_authority__name"],
    "what": ["kind"],
}
DUE_ORDER = ["due", "pk"]
DUE_PAGE = 50
DUE_PARTS = [
    ("overdue", gettext_lazy("Overdue"), gettext_lazy("Nothing overdue.")),
    (
        "soon",
        gettext_lazy("Due in the next 7 days"),
        gettext_lazy("Nothing due in the next 7 days."),
    ),
]
# The spreadsheet: the page's columns.
DUE_EXPORT_HEADER = [
    gettext_lazy("Due"),
    gettext_lazy("Overdue"),
    gettext_lazy("Pupil"),
    gettext_lazy("School"),
    gettext_lazy("What"),
    gettext_lazy("Who"),
]


@require_GET
@login_required
def due(request: HttpRequest) -> HttpResponse:
    """What is overdue and what is due this week: the person's own work, or everything of
    their organisation they may see. The counts are SQL counts of every row (an LA's can be
    tens of thousands), the rows a page at a time."""
    membership = request.membership
    today = timezone.localdate()
    asked = list_request(request.GET)
    mine = asked.query.get("show") != "all"
    deadlines = deadlines_due_soon(access.deadlines_visible_to(membership), today=today)
    if mine:
        deadlines = deadlines.filter(work_of(membership))
    deadlines = search(deadlines, asked.search, schools=["school__name"])
    counts = deadlines.aggregate(
        overdue=Count("pk", filter=Q(due__lt=today)),
        soon=Count("pk", filter=Q(due__gte=today)),
    )
    order = sorting(request.GET, DUE_SORTS, DUE_ORDER)
    deadlines = deadlines.select_related(
        "pupil", "school", "local_authority", "responsible", "owner_school", "owner_la"
    ).order_by(*order.order_by)
    parts = {"overdue": Q(due__lt=today), "soon": Q(due__gte=today)}
    when = asked.query.get("when", "")
    if when not in parts:
        when = ""
    applied = describe_list(
        asked,
        sorts=DUE_SORTS,
        shown=[
            "" if mine else _("everyone's"),
            {"overdue": _("overdue"), "soon": _("due in the next 7 days")}.get(when, ""),
        ],
    )
    if asked.fmt in FORMATS and membership is not None:
        return export_list(
            request,
            fmt=asked.fmt,
            what=_("Due"),
            filename="due",
            filters=applied,
            header=DUE_EXPORT_HEADER,
            rows=(
                [
                    d.due,
                    d.due < today,
                    d.subject,
                    d.school.name if d.school_id else d.local_authority.name,
                    d.what,
                    who_acts(d),
                ]
                for d in (deadlines.filter(parts[when]) if when else deadlines).prefetch_related(
                    "case"
                )
            ),
        )
    # Each part under its own heading with its true count: both parts' first rows, or one
    # part (?when=) a page at a time.
    sections = []
    for key, title, empty in DUE_PARTS:
        if when and key != when:
            continue
        rows = deadlines.filter(parts[key])
        number = request.GET.get("page") if when else 1
        page = asked.page(rows, DUE_PAGE, number, count=counts[key])  # counted above
        # Read even when there are none (Django skips reading an empty page), so that the
        # page's queries are the same whatever the search finds (issue 12).
        bottom = (page.number - 1) * page.paginator.per_page
        page.object_list = list(rows[bottom : bottom + page.paginator.per_page])
        more = query_with(asked.query, when=key) if not when else ""
        sections.append({"key": key, "title": title, "empty": empty, "page": page, "more": more})
    _with_cases([d for section in sections for d in section["page"].object_list])
    return render(
        request,
        "reviews/due.html",
        {
            "sections": sections,
            "counts": counts,
            "mine": mine,
            "when": when,
            "query": asked.querystring,
            "search": asked.search,
            "printing": asked.printing,
            "applied": applied,
            "sort": {name: order.header(asked.query, name) for name in DUE_SORTS},
            "today": today,
        },
    )


def _with_cases(deadlines: list) -> None:
    """Give each step its case (the link to it; the name of a case about no pupil, a
    provider's declaration): one query for each kind of case the Due page lists, run whether
    or not a step of that kind is shown, so the page takes the same queries whatever the
    search or the filters find (issue 12). A prefetch of the generic `case` would read only
    the kinds present."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for deadline in deadlines:
        wanted[deadline.case_type_id].add(deadline.case_id)
    found = {}
    for _case_type, scopes in registry.each("deadline_scopes"):
        for scope in scopes:
            model = apps.get_model(scope.model)
            type_id = ContentType.objects.get_for_model(model).pk
            # A case about no pupil is named by its provider; an empty list of ids still
            # queries (for no row: ids are positive) rather than being skipped.
            cases = model._default_manager.filter(pk__in=sorted(wanted[type_id]) or [0])
            if any(field.name == "provider" for field in model._meta.concrete_fields):
                cases = cases.select_related("provider")
            found.update({(type_id, case.pk): case for case in cases})
    for deadline in deadlines:
        case = found.get((deadline.case_type_id, deadline.case_id))
        if case is not None:
            deadline.case = case
