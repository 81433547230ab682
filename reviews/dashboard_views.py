"""The LA's picture: every pupil of the LA away from full-time education at their own school
now, whatever the reason, by case type and by school, with the steps overdue and done late
this term. Each case type declares how it counts (cases.registry.LaPicture); every number
comes from one SQL count and links to the list behind it."""

import datetime
from collections import Counter
from functools import reduce
from operator import or_

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

import access
from cases import registry
from cases.pupils.models import Pupil
from reviews.calendars import term_start_for
from reviews.models import Deadline
from reviews.rules import academic_year_start

# The trend chart's size, in SVG units (it scales to the page's width).
CHART_WIDTH, CHART_HEIGHT, CHART_TOP = 640, 180, 20


def _per_month(cases, field: str, since: datetime.date) -> dict[tuple[int, int], int]:
    """How many cases `field` dates in each month from `since`: one query."""
    if cases.model._meta.get_field(field).get_internal_type() == "DateTimeField":
        since = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
    rows = (
        cases.filter(**{f"{field}__gte": since})
        .order_by()
        .annotate(month=TruncMonth(field))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return {(month.year, month.month): n for month, n in rows}


def trend(pictures, membership, today: datetime.date) -> list[dict]:
    """Cases opened and ended in each month of this academic year, every case type together,
    with each month's two bars drawn to scale (the page draws them as SVG beside the same
    figures in a table)."""
    since = academic_year_start(today)
    opened, ended = Counter(), Counter()
    for picture in pictures:
        if picture.opened:
            cases = registry.resolve(picture.cases)(membership)
            opened.update(_per_month(cases, picture.opened, since))
            ended.update(_per_month(cases, picture.closed, since))
    months, day = [], since
    while (day.year, day.month) <= (today.year, today.month):
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    top = max([1, *opened.values(), *ended.values()])
    slot = CHART_WIDTH / max(len(months), 1)
    bars = []
    for i, month in enumerate(months):
        key = (month.year, month.month)
        o, e = opened.get(key, 0), ended.get(key, 0)
        scale = (CHART_HEIGHT - CHART_TOP) / top
        bars.append(
            {
                "month": month,
                "opened": o,
                "ended": e,
                "x": round(i * slot + slot * 0.15, 1),
                "width": round(slot * 0.33, 1),
                "x2": round(i * slot + slot * 0.5, 1),
                "label_x": round(i * slot + slot / 2, 1),
                "opened_height": round(o * scale, 1),
                "ended_height": round(e * scale, 1),
                "opened_y": round(CHART_HEIGHT - o * scale, 1),
                "ended_y": round(CHART_HEIGHT - e * scale, 1),
            }
        )
    return bars


def _link(picture, school_id=None) -> str:
    query = [picture.query] if picture.query else []
    if school_id and picture.by_school:
        query.append(f"school={school_id}")
    return reverse(picture.list_url) + (f"?{'&'.join(query)}" if query else "")


@require_GET
@login_required
def la_dashboard(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if not access.can_view_la_lists(membership):
        raise PermissionDenied(_("The LA's picture is for the LA's officers."))
    today = timezone.localdate()
    schools = {s.pk: s for s in access.la_schools(membership).order_by("name")}
    kinds, pupils = [], []
    every = [
        picture for _case_type, pictures in registry.each("la_picture") for picture in pictures
    ]
    for picture in every:
        cases = registry.resolve(picture.cases)(membership)
        current = registry.resolve(picture.current)(cases, today)
        by_school = dict(current.order_by().values_list(picture.school).annotate(n=Count("pk")))
        pupils.append(Q(pk__in=current.values("pupil_id")))
        kinds.append(
            {
                "label": picture.label,
                "total": sum(by_school.values()),
                "url": _link(picture),
                "picture": picture,
                "by_school": by_school,
            }
        )
    away = Pupil.objects.filter(reduce(or_, pupils)).count() if pupils else 0
    since = term_start_for(membership.local_authority_id, today) or academic_year_start(today)
    steps = dict(
        (school_id, (overdue, late))
        for school_id, overdue, late in access.deadlines_visible_to(membership)
        .order_by()
        .values_list("school")
        .annotate(
            overdue=Count("pk", filter=Q(state=Deadline.State.OVERDUE)),
            late=Count("pk", filter=Q(state=Deadline.State.LATE, met_on__gte=since)),
        )
        .values_list("school", "overdue", "late")
    )
    rows = []
    for school_id, school in schools.items():
        cells = [
            {"n": kind["by_school"].get(school_id, 0), "url": _link(kind["picture"], school_id)}
            for kind in kinds
        ]
        overdue, late = steps.get(school_id, (0, 0))
        if any(cell["n"] for cell in cells) or overdue or late:
            rows.append({"school": school, "cells": cells, "overdue": overdue, "late": late})
    return render(
        request,
        "reviews/la_dashboard.html",
        {
            "away": away,
            "kinds": kinds,
            "rows": rows,
            "overdue": sum(o for o, _late in steps.values()),
            "late": sum(late for _o, late in steps.values()),
            "since": since,
            "today": today,
            "trend": trend(every, membership, today),
            "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT + 24, "base": CHART_HEIGHT},
        },
    )
