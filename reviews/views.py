from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

import access
from reviews.services.deadlines import deadlines_due_soon


@require_GET
@login_required
def due(request: HttpRequest) -> HttpResponse:
    """What is overdue and what is due this week: the person's own, or their organisation's."""
    today = timezone.localdate()
    mine = request.GET.get("show") != "all"
    deadlines = (
        deadlines_due_soon(access.deadlines_visible_to(request.membership), today=today)
        .select_related("pupil", "school", "local_authority", "responsible")
        .prefetch_related("case")
        .order_by("due", "pk")
    )
    if mine:
        deadlines = deadlines.filter(responsible=request.user)
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
