"""The LA's picture: every pupil of the LA away from full-time education at their own school
now, whatever the reason, by case type, by rating and by school, with the steps overdue and
done late this term. Each case type declares how it counts (cases.registry.LaPicture); every
number comes from one SQL count and links to the list behind it, filtered by the same
conditions, so the two always agree."""

import datetime
from functools import reduce
from operator import or_

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

import access
from cases import registry
from documents.exports import export_list
from reviews.calendars import term_start_for
from reviews.models import Deadline
from reviews.rules import academic_year_start
from reviews.work import WHO_ACTS
from ui.export import FORMATS
from ui.formats import long_date
from ui.lists import describe_list, list_request, search

# The trend charts' size, in SVG units (they scale to the page's width).
CHART_WIDTH, CHART_HEIGHT, CHART_TOP = 640, 180, 20
# The steps chart: one bar a school, for the schools with the most steps done late.
STEP_SCHOOLS, STEP_ROW, STEP_LABEL, STEP_NAME = 15, 28, 220, 30
STEPS_PAGE = 50

# The steps a case takes once (a notice, a review, an end), which the picture counts as done on
# time or late: not the daily registers and weekly check-ins (reviews.work: those not told one
# by one), which would outnumber them many times over.
ROUTINE_KINDS = tuple(kind for kind, who in WHO_ACTS.items() if not who.tell)
STEP_STATES = {
    "overdue": gettext_lazy("Overdue now"),
    "late": gettext_lazy("Done late this term"),
    "on_time": gettext_lazy("Done on time this term"),
}


def step_filter(state: str, since: datetime.date) -> Q:
    """The steps behind each of the picture's step numbers: overdue now (every kind), or a
    case's step done on time or late this term (done on or after `since`)."""
    if state == "overdue":
        return Q(state=Deadline.State.OVERDUE)
    done = Deadline.State.LATE if state == "late" else Deadline.State.ON_TIME
    return Q(state=done, met_on__gte=since) & ~Q(kind__in=ROUTINE_KINDS)


def _within(model, field: str, start: datetime.date, end: datetime.date) -> Q:
    """`field` dates from `start` up to (not including) `end`: a datetime field from the local
    midnight of each, as the month a person sees is the local one."""
    if model._meta.get_field(field).get_internal_type() == "DateTimeField":
        start, end = (
            timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
            for day in (start, end)
        )
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def over_time(picture, cases, months: list[datetime.date], today: datetime.date) -> dict:
    """One case type's figures for the charts, in one query: its cases opened and ended in each
    month (opened_<i>, ended_<i>) and, where it has a limit, how many were past it on each
    month's last day (past_<i>). Counted by ranges of the stored dates, not grouped by a
    truncated one, so the database compares dates and works nothing out row by row."""
    figures, rows = {}, []
    if picture.opened:
        ends = [*months[1:], (months[-1] + datetime.timedelta(days=32)).replace(day=1)]
        for i, (start, end) in enumerate(zip(months, ends, strict=True)):
            for name, field in (("opened", picture.opened), ("ended", picture.closed)):
                figures[f"{name}_{i}"] = Count("pk", filter=_within(cases.model, field, start, end))
        # Only the rows some figure counts: those opened or ended this school year (and those
        # past a limit at a month's end, below), not every case there has been.
        rows += [
            _within(cases.model, field, months[0], ends[-1])
            for field in (picture.opened, picture.closed)
        ]
    if picture.past_limit_on_day:
        on_day = registry.resolve(picture.past_limit_on_day)
        for i, month in enumerate(months):
            figures[f"past_{i}"] = Count("pk", filter=on_day(_month_end(month, today)))
            rows.append(figures[f"past_{i}"].filter)
    if not figures:
        return {}
    return cases.filter(reduce(or_, rows)).order_by().aggregate(**figures)


def _months(today: datetime.date) -> list[datetime.date]:
    """The first day of each month of this academic year, to this month."""
    months, day = [], academic_year_start(today)
    while (day.year, day.month) <= (today.year, today.month):
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _month_end(month: datetime.date, today: datetime.date) -> datetime.date:
    """The month's last day, or today for this month."""
    last = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return min(last, today)


def trend(figures: list[dict], months: list[datetime.date]) -> list[dict]:
    """Cases opened and ended in each month of this academic year, every case type together,
    with each month's two bars drawn to scale (the page draws them as SVG beside the same
    figures in a table)."""
    opened = [sum(f.get(f"opened_{i}", 0) for f in figures) for i in range(len(months))]
    ended = [sum(f.get(f"ended_{i}", 0) for f in figures) for i in range(len(months))]
    top = max([1, *opened, *ended])
    slot = CHART_WIDTH / max(len(months), 1)
    bars = []
    for i, month in enumerate(months):
        o, e = opened[i], ended[i]
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


def past_limit_trend(picture, figures: dict, months, today: datetime.date) -> list[dict]:
    """How many were past their limit on the last day of each month of this academic year (and
    today for this month), each linking to the list of them that day (counted by over_time).

    A count on each month's last day, rather than how many went past the limit in each month,
    because it answers the officer's question directly (how many children are over the limit,
    and is that going down?), and this month's figure is the one on the list today."""
    days = [_month_end(month, today) for month in months]
    counts = [figures[f"past_{i}"] for i in range(len(days))]
    top = max([1, *counts])
    slot = CHART_WIDTH / max(len(days), 1)
    scale = (CHART_HEIGHT - CHART_TOP) / top
    points = []
    for i, (day, n) in enumerate(zip(days, counts, strict=True)):
        points.append(
            {
                "day": day,
                "n": n,
                "url": _link(picture, extra=f"show=all&past_limit=on&on={day.isoformat()}"),
                "x": round(i * slot + slot * 0.25, 1),
                "width": round(slot * 0.5, 1),
                "label_x": round(i * slot + slot / 2, 1),
                "height": round(n * scale, 1),
                "y": round(CHART_HEIGHT - n * scale, 1),
            }
        )
    return points


def step_chart(rows: list[dict]) -> dict:
    """The schools with the most steps done late this term (then the most done), each a bar of
    its steps done on time and late, drawn to scale."""
    done = [r for r in rows if r["on_time"] or r["late"]]
    done.sort(key=lambda r: (-r["late"], -(r["on_time"] + r["late"]), r["school"].name))
    shown = done[:STEP_SCHOOLS]
    top = max([1, *(r["on_time"] + r["late"] for r in shown)])
    scale = (CHART_WIDTH - STEP_LABEL - 60) / top
    bars = []
    for i, row in enumerate(shown):
        on_time, late = round(row["on_time"] * scale, 1), round(row["late"] * scale, 1)
        bars.append(
            {
                "row": row,
                "name": Truncator(row["school"].name).chars(STEP_NAME),
                "y": i * STEP_ROW + 4,
                "text_y": i * STEP_ROW + 20,
                "on_time_width": on_time,
                "late_x": STEP_LABEL + on_time,
                "late_width": late,
                "figures_x": STEP_LABEL + on_time + late + 6,
            }
        )
    return {
        "bars": bars,
        "more": len(done) - len(shown),
        "height": max(len(shown), 1) * STEP_ROW + 8,
        "label_x": STEP_LABEL - 8,
        "bar_x": STEP_LABEL,
        "bar_height": STEP_ROW - 10,
    }


def _link(picture, extra: str = "") -> str:
    query = [picture.query] if picture.query else []
    if extra:
        # A filter of its own replaces the picture's ("show=all" rather than "show=running").
        keys = {part.split("=")[0] for part in extra.split("&")}
        query = [part for part in query if part.split("=")[0] not in keys] + [extra]
    return reverse(picture.list_url) + (f"?{'&'.join(query)}" if query else "")


def _school_link(url: str) -> str:
    """The link to a list narrowed to one school, but for the school's pk: each number of the
    table by school adds its own, rather than reversing the URL again for every cell."""
    return f"{url}{'&' if '?' in url else '?'}school="


def _counts(picture, current, today: datetime.date) -> tuple[dict, list]:
    """The current cases by school, and by rating and past the limit where the case type
    declares them: one query."""
    aggregates = {"n": Count("pk")}
    ratings = []
    if picture.rating:
        ratings = current.model._meta.get_field(picture.rating).choices
        for value, _label in ratings:
            aggregates[f"rating_{value}"] = Count("pk", filter=Q(**{picture.rating: value}))
    if picture.past_limit:
        aggregates["past"] = Count("pk", filter=registry.resolve(picture.past_limit)(today))
    rows = current.order_by().values(picture.school).annotate(**aggregates)
    return {row[picture.school]: row for row in rows}, ratings


def _kind(picture, current, figures: dict, months, today: datetime.date) -> dict:
    """One case type's numbers on the picture, from its current cases and its figures over
    time (over_time)."""
    by_school, ratings = _counts(picture, current, today)

    def total(key):
        return sum(row[key] for row in by_school.values())

    url = _link(picture)
    kind = {
        "label": picture.label,
        "total": total("n"),
        "url": url,
        "school_url": _school_link(url) if picture.by_school else "",
        "picture": picture,
        "by_school": {school: row["n"] for school, row in by_school.items()},
        "ratings": [
            {
                "value": value,
                "label": label,
                "total": total(f"rating_{value}"),
                "url": _link(picture, extra=f"rating={value}"),
            }
            for value, label in ratings
        ],
    }
    if picture.past_limit:
        kind["past"] = {"total": total("past"), "url": _link(picture, extra="past_limit=on")}
    if picture.past_limit_on_day:
        kind["past_trend"] = past_limit_trend(picture, figures, months, today)
        kind["past_trend_any"] = any(point["n"] for point in kind["past_trend"])
    return kind


def _away(currents) -> int:
    """How many pupils are away for any reason, each once however many reasons they have: one
    count of the UNION of each case type's pupils, which reads the cases alone (counting the
    pupils whose pk is in any of them read every pupil of every LA: 108 ms at county scale)."""
    if not currents:
        return 0
    pupils = [current.order_by().values_list("pupil_id") for current in currents]
    return pupils[0].union(*pupils[1:]).count()


def _steps(membership, since: datetime.date) -> dict:
    """The steps overdue, done late and done on time this term, by school: one query, of the
    steps some number counts only (reviews_deadline_steps_idx serves it)."""
    counted = {state: step_filter(state, since) for state in STEP_STATES}
    return {
        school_id: counts
        for school_id, *counts in access.deadlines_visible_to(membership)
        .filter(reduce(or_, counted.values()))
        .order_by()
        .values_list("school")
        .annotate(**{state: Count("pk", filter=q) for state, q in counted.items()})
        .values_list("school", *STEP_STATES)
    }


def _number_cell(n: int, href: str) -> str:
    """A numeric cell of the table by school: the number linking to its list, or 0. `href` is
    already escaped for HTML; `n` is an int."""
    body = f'<a class="govuk-link" href="{href}">{n}</a>' if n else "0"
    return f'<td class="govuk-table__cell govuk-table__cell--numeric">{body}</td>'


def _rows(schools: dict, kinds: list[dict], steps: dict, steps_url: str) -> list[dict]:
    """The table by school: each school with a pupil away or a step, its numbers and their
    links, and its cells as HTML. A county has hundreds of schools, so the cells are written
    here from numbers and links escaped once a column, not by the template engine (3,000 cells
    took it 50 ms at county scale, a third of the page)."""
    # Each kind's link to one school's list but for the school's pk (or to the whole list, for
    # a case type whose list does not narrow by school), as it is and escaped for HTML.
    links = [(kind["school_url"] or kind["url"], bool(kind["school_url"])) for kind in kinds]
    links += [(f"{steps_url}?state={state}&school=", True) for state in STEP_STATES]
    escaped = [escape(url) for url, _by_school in links]
    rows = []
    for school_id, school in schools.items():
        numbers = [kind["by_school"].get(school_id, 0) for kind in kinds]
        numbers += steps.get(school_id, (0, 0, 0))
        if not any(numbers):
            continue
        urls = [f"{url}{school_id}" if by_school else url for url, by_school in links]
        html = [
            _number_cell(n, f"{href}{school_id}" if by_school else href)
            for n, href, (_url, by_school) in zip(numbers, escaped, links, strict=True)
        ]
        cells = [{"n": n, "url": url} for n, url in zip(numbers, urls, strict=True)]
        step_cells = dict(zip(STEP_STATES, cells[len(kinds) :], strict=True))
        rows.append(
            {
                "school": school,
                "cells": cells[: len(kinds)],
                **{state: cell["n"] for state, cell in step_cells.items()},
                "urls": {state: cell["url"] for state, cell in step_cells.items()},
                "html": mark_safe("".join(html)),  # noqa: S308 - ints and escaped links only
            }
        )
    return rows


@require_GET
@login_required
def la_dashboard(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if not access.can_view_la_lists(membership):
        raise PermissionDenied(_("The LA's picture is for the LA's officers."))
    today = timezone.localdate()
    months = _months(today)
    schools = {s.pk: s for s in access.la_schools(membership).only("name").order_by("name")}
    kinds, currents, figures = [], [], []
    for _case_type, pictures in registry.each("la_picture"):
        for picture in pictures:
            cases = registry.resolve(picture.cases)(membership)
            current = registry.resolve(picture.current)(cases, today)
            figures.append(over_time(picture, cases, months, today))
            kind = _kind(picture, current, figures[-1], months, today)
            if picture.limits_apply and not registry.resolve(picture.limits_apply)(membership):
                # Not this LA's: no rating and no limit to be past (issue 15).
                kind |= {"ratings": [], "past": None, "past_trend": None}
            kinds.append(kind)
            currents.append(current)
    since = term_start_for(membership.local_authority_id, today) or academic_year_start(today)
    steps = _steps(membership, since)
    steps_url = reverse("la-dashboard-steps")
    rows = _rows(schools, kinds, steps, steps_url)
    return render(
        request,
        "reviews/la_dashboard.html",
        {
            "away": _away(currents),
            "kinds": kinds,
            "rows": rows,
            "overdue": sum(counts[0] for counts in steps.values()),
            "late": sum(counts[1] for counts in steps.values()),
            "on_time": sum(counts[2] for counts in steps.values()),
            "steps_urls": {state: f"{steps_url}?state={state}" for state in STEP_STATES},
            "since": since,
            "today": today,
            "trend": trend(figures, months),
            "steps_chart": step_chart(rows),
            "chart": {
                "width": CHART_WIDTH,
                "height": CHART_HEIGHT + 24,
                "base": CHART_HEIGHT,
            },
        },
    )


# The spreadsheet of the steps list: its columns.
STEPS_HEADER = [
    gettext_lazy("Pupil"),
    gettext_lazy("School"),
    gettext_lazy("Step"),
    gettext_lazy("Due"),
    gettext_lazy("Done on"),
    gettext_lazy("State"),
]


@require_GET
@login_required
def la_dashboard_steps(request: HttpRequest) -> HttpResponse:
    """The steps behind the picture's step numbers: overdue now, or done late or on time this
    term, of every school of the LA or of one."""
    membership = request.membership
    if not access.can_view_la_lists(membership):
        raise PermissionDenied(_("The LA's picture is for the LA's officers."))
    today = timezone.localdate()
    since = term_start_for(membership.local_authority_id, today) or academic_year_start(today)
    state = request.GET.get("state", "")
    state = state if state in STEP_STATES else "late"
    asked = list_request(request.GET)
    steps = access.deadlines_visible_to(membership).filter(step_filter(state, since))
    school = None
    if request.GET.get("school"):
        # Another LA's school looks as if it did not exist.
        school_id = request.GET["school"]
        school = get_object_or_404(
            access.la_schools(membership), pk=int(school_id) if school_id.isdigit() else 0
        )
        steps = steps.filter(school=school)
    steps = (
        search(steps, asked.search, pupil="pupil__", schools=["school__name"])
        .select_related("pupil", "school", "local_authority")
        .prefetch_related("case")
        .order_by("school__name", "due", "pk")
    )
    applied = describe_list(
        asked,
        shown=[
            str(STEP_STATES[state]).lower(),
            _("school %(school)s") % {"school": school.name} if school else "",
        ],
    )
    if asked.fmt in FORMATS:
        return export_list(
            request,
            fmt=asked.fmt,
            what=_("Steps: %(which)s") % {"which": STEP_STATES[state]},
            filename="steps",
            filters=applied,
            header=STEPS_HEADER,
            rows=(
                [
                    d.subject,
                    d.school.name if d.school_id else d.local_authority.name,
                    d.what,
                    d.due,
                    d.met_on,
                    d.get_state_display(),
                ]
                for d in steps
            ),
        )
    page = asked.page(steps, STEPS_PAGE, request.GET.get("page"))
    return render(
        request,
        "reviews/la_dashboard_steps.html",
        {
            "page": page,
            "state": state,
            "states": STEP_STATES,
            "which": STEP_STATES[state],
            "school": school,
            "since": since,
            "since_text": long_date(since),
            "query": asked.querystring,
            "search": asked.search,
            "printing": asked.printing,
            "applied": applied,
            "today": today,
        },
    )
