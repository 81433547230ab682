import datetime

from django.contrib.auth.decorators import login_required
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
from ui.lists import list_request, query_with, search
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
    deadlines = (
        deadlines.select_related(
            "pupil", "school", "local_authority", "responsible", "owner_school", "owner_la"
        )
        .prefetch_related("case")
        .order_by(*order.order_by)
    )
    parts = {"overdue": Q(due__lt=today), "soon": Q(due__gte=today)}
    when = asked.query.get("when", "")
    if when not in parts:
        when = ""
    if asked.fmt in FORMATS and membership is not None:
        return export_list(
            request,
            fmt=asked.fmt,
            what=_("Due"),
            filename="due",
            filters=asked.querystring,
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
                for d in (deadlines.filter(parts[when]) if when else deadlines)
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
        more = query_with(asked.query, when=key) if not when else ""
        sections.append({"key": key, "title": title, "empty": empty, "page": page, "more": more})
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
            "sort": {name: order.header(asked.query, name) for name in DUE_SORTS},
            "today": today,
        },
    )
