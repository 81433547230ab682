"""The LA's central record of pupils on reduced timetables."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

import access
from cases.reduced_timetables.la_forms import LaFilterForm
from cases.reduced_timetables.selectors import count_past_limit_unauthorised, rtt_status
from cases.reduced_timetables.views.common import RATING_LABELS
from reviews import rules

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
    query = request.GET.copy()
    query.pop("page", None)
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
