import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

import access
from cases import registry
from reviews.services.deadlines import deadlines_due_soon
from reviews.steps import steps_of
from reviews.work import work_of

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


@require_GET
@login_required
def due(request: HttpRequest) -> HttpResponse:
    """What is overdue and what is due this week: the person's own work, or everything of
    their organisation they may see."""
    today = timezone.localdate()
    mine = request.GET.get("show") != "all"
    deadlines = (
        deadlines_due_soon(access.deadlines_visible_to(request.membership), today=today)
        .select_related(
            "pupil", "school", "local_authority", "responsible", "owner_school", "owner_la"
        )
        .prefetch_related("case")
        .order_by("due", "pk")
    )
    if mine:
        deadlines = deadlines.filter(work_of(request.membership))
    rows = list(deadlines[:500])
    return render(
        request,
        "reviews/due.html",
        {
            "overdue": [d for d in rows if d.due < today],
            "this_week": [d for d in rows if d.due >= today],
            "mine": mine,
            "today": today,
        },
    )
