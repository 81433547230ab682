"""The managed move page, the LA's list of directions and its task list. Thin: the access
policy, a form, a service, a redirect.

Sources: 003_db4daf6c9cf2ba51.txt "Managed Move" and the NB on template 4 (the move and the
two checklist tasks); the LA officer monitors every direction of its schools (DESIGN.md).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

import access
from cases.directions import guards
from cases.directions import managed_moves as svc
from cases.directions.la_forms import (
    OF_THIS_DIRECTION,
    LaDirectionFilter,
    LaTaskDoneForm,
    ManagedMoveForm,
    ManagedMoveStopForm,
    SchoolCalendars,
    overdue_deadlines,
)
from cases.directions.models import Direction, ManagedMove
from cases.directions.move_views import managed_move_saved_message
from cases.directions.views import direction_form_page
from cases.guards import GuardError
from documents.exports import export_list
from reviews.models import Deadline
from reviews.rules import school_weeks_elapsed
from tenancy.models import TermDate
from ui.export import FORMATS
from ui.lists import PRINT_ROWS, describe_list, list_request, search
from ui.sorting import sorting
from ui.views import guarded, posted

PAGE_SIZE = 25
# The columns the LA's list of directions sorts by (in SQL), and its own order.
DIRECTION_SORTS = {
    "pupil": ["pupil__last_name", "pupil__first_name"],
    "home_school": ["home_school__name"],
    "host": ["host_school__name"],
    "state": ["ended_last", "state"],
    "first_day": ["planned_start"],
    "next_due": ["next_due"],
    "overdue": ["overdue_count"],
    "late": ["late_count"],
}
DIRECTION_ORDER = ["ended_last", "planned_start", "pk"]


@login_required
@require_http_methods(["GET", "POST"])
def managed_move(request: HttpRequest, direction_id: int) -> HttpResponse:
    """The managed move agreed at a review (003): start date, funding, transport, agreement."""
    direction = access.get_direction_for_user(request.membership, direction_id, write=True)
    move = ManagedMove.objects.filter(direction=direction).select_related("to_school").first()
    form = ManagedMoveForm(posted(request), instance=move, direction=direction)
    if form.is_valid() and (
        recorded := guarded(
            form,
            lambda: svc.managed_move_record(
                direction=direction,
                changes=form.cleaned_data,
                by=request.user,
                today=timezone.localdate(),
            ),
        )
    ):
        messages.success(request, managed_move_saved_message(recorded.value))
        return redirect(direction)
    host = direction.host_school.name if direction.host_school else _("the host school")
    intro = _(
        "The pupil moves permanently to %(host)s and goes onto its roll on the agreed start "
        "date, once the parents and the admission authority have both agreed; the direction "
        "goes on until then. Until then %(host)s keeps seeing the pupil's passport; afterwards "
        "%(home)s sees only this direction, not the passport."
    ) % {"host": host, "home": direction.home_school.name}
    try:
        guards.ensure_can_record_managed_move(direction, move)
    except GuardError as error:
        intro = " ".join(error.messages)  # said before anything is typed in
    return direction_form_page(request, direction, form, _("Managed move details"), intro)


@login_required
@require_http_methods(["GET", "POST"])
def managed_move_stop(request: HttpRequest, direction_id: int) -> HttpResponse:
    """The managed move agreed at a review is not going ahead; the direction goes on (003)."""
    direction = access.get_direction_for_user(request.membership, direction_id, write=True)
    form = ManagedMoveStopForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: svc.managed_move_not_going_ahead(
            direction=direction,
            reason=form.cleaned_data["reason"],
            by=request.user,
            today=timezone.localdate(),
        ),
    ):
        messages.success(request, _("The managed move is not going ahead. The direction goes on."))
        return redirect(direction)
    intro = _(
        "%(pupil)s stays on the roll of %(home)s and the off-site direction at %(host)s goes "
        "on, with its next review due as before. Any managed move details recorded are "
        "removed; the timeline keeps the reason."
    ) % {
        "pupil": direction.pupil,
        "home": direction.home_school.name,
        "host": direction.host_school.name if direction.host_school else _("the host school"),
    }
    try:
        guards.ensure_can_stop_managed_move(direction)
    except GuardError as error:
        intro = " ".join(error.messages)
    return direction_form_page(
        request, direction, form, _("The managed move is not going ahead"), intro
    )


def _with_deadlines(directions, today):
    """Each direction's next deadline still to come, and its numbers of overdue steps and of
    steps done late, in the same query."""
    upcoming = Deadline.objects.filter(
        **OF_THIS_DIRECTION, state=Deadline.State.DUE, due__gte=today
    ).order_by("due", "pk")
    overdue = (
        overdue_deadlines(today).order_by().values("case_id").annotate(n=Count("pk")).values("n")
    )
    late = (
        Deadline.objects.filter(**OF_THIS_DIRECTION)
        .late()
        .order_by()
        .values("case_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return directions.annotate(
        next_due=Subquery(upcoming.values("due")[:1]),
        next_kind=Subquery(upcoming.values("kind")[:1]),
        overdue_count=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        late_count=Coalesce(Subquery(late, output_field=IntegerField()), Value(0)),
        ended_last=Case(
            When(state=Direction.State.ENDED, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )


@require_GET
@login_required
def la_directions(request: HttpRequest) -> HttpResponse:
    """Every direction and managed move of the LA, and only its own."""
    membership = request.membership
    if not access.can_view_la_lists(membership):
        raise PermissionDenied(_("This list is for the LA's officers."))
    today = timezone.localdate()
    la = membership.local_authority
    schools = list(access.la_schools(membership).only("pk", "name", "closures"))
    calendars = SchoolCalendars(
        TermDate.objects.filter(local_authority_id=la.pk).values_list("first_day", "last_day"),
        la.nation,
    )
    asked = list_request(request.GET)
    order = sorting(request.GET, DIRECTION_SORTS, DIRECTION_ORDER)
    directions = _with_deadlines(
        access.la_directions_visible_to(membership).select_related(
            "pupil", "home_school", "host_school", "managed_move__to_school"
        ),
        today,
    ).order_by(*order.order_by)
    directions = search(
        directions, asked.search, schools=["home_school__name", "host_school__name"]
    )
    filters = LaDirectionFilter(
        asked.query or None,
        queryset=directions,
        schools=schools,
        calendars=calendars,
        today=today,
    )
    applied = describe_list(asked, filters.form, sorts=DIRECTION_SORTS)
    if asked.fmt in FORMATS:
        return export_list(
            request,
            fmt=asked.fmt,
            what=_("Off-site directions and managed moves"),
            filename="directions",
            filters=applied,
            header=EXPORT_HEADER,
            rows=(_export_row(d, calendars, today) for d in filters.qs),
        )
    page = asked.page(filters.qs, PAGE_SIZE, request.GET.get("page"), keys_first=True)
    for direction in page:
        direction.weeks_elapsed = _weeks_elapsed(direction, calendars, today)
        direction.next_kind_label = (
            Deadline.Kind(direction.next_kind).label if direction.next_kind else ""
        )
    return render(
        request,
        "cases/la_directions.html",
        {
            "filters": filters,
            "page": page,
            "query": asked.querystring,
            "search": asked.search,
            "printing": asked.printing,
            "applied": applied,
            "sort": {name: order.header(asked.query, name) for name in DIRECTION_SORTS},
            "la": la,
        },
    )


# The spreadsheet of the list: the page's columns, and nothing the page does not show.
EXPORT_HEADER = [
    gettext_lazy("Pupil"),
    gettext_lazy("Home school"),
    gettext_lazy("Host"),
    gettext_lazy("State"),
    gettext_lazy("Ended on"),
    gettext_lazy("First day"),
    gettext_lazy("School weeks"),
    gettext_lazy("Next deadline"),
    gettext_lazy("Next deadline due"),
    gettext_lazy("Overdue"),
    gettext_lazy("Done late"),
]


def _export_row(direction: Direction, calendars: SchoolCalendars, today) -> list:
    return [
        f"{direction.pupil.last_name}, {direction.pupil.first_name}",
        direction.home_school.name,
        direction.host_school.name if direction.host_school else "",
        direction.get_ending_display() or direction.get_state_display(),
        direction.ended_on,
        direction.planned_start,
        _weeks_elapsed(direction, calendars, today),
        Deadline.Kind(direction.next_kind).label if direction.next_kind else "",
        direction.next_due,
        direction.overdue_count,
        direction.late_count,
    ]


def _weeks_elapsed(direction: Direction, calendars: SchoolCalendars, today):
    """School weeks from the first day to today (or to the end), in the home school's
    calendar; None before the first day."""
    start = direction.planned_start
    if start is None or start > today:
        return None
    until = min(today, direction.ended_on) if direction.ended_on else today
    return school_weeks_elapsed(start, until, calendars.for_school(direction.home_school))


# The columns of the LA's task list, sorted in SQL, and its own order (the oldest first).
TASK_SORTS = {
    "task": ["kind"],
    "pupil": ["pupil__last_name", "pupil__first_name"],
    "school": ["school__name"],
    "since": ["created_at"],
    "assigned_to": ["assigned_to__last_name", "assigned_to__first_name"],
}
TASK_ORDER = ["created_at", "pk"]
MINE_ROWS = 200  # a person's own open tasks: never this many
# The spreadsheet: the page's columns (not the notes, which the page does not show).
TASK_EXPORT_HEADER = [
    gettext_lazy("Task"),
    gettext_lazy("Pupil"),
    gettext_lazy("UPN"),
    gettext_lazy("School"),
    gettext_lazy("Since"),
    gettext_lazy("Assigned to"),
]


@require_GET
@login_required
def la_tasks(request: HttpRequest) -> HttpResponse:
    """The LA's open checklist tasks: the person's own first, then the rest of the LA's."""
    membership = request.membership
    if not access.can_view_la_lists(membership):
        raise PermissionDenied(_("This list is for the LA's officers."))
    asked = list_request(request.GET)
    order = sorting(request.GET, TASK_SORTS, TASK_ORDER)
    tasks = search(
        access.la_tasks_visible_to(membership)
        .filter(done_on__isnull=True)
        .select_related("pupil", "school", "direction", "assigned_to")
        .order_by(*order.order_by),
        asked.search,
        schools=["school__name"],
    )
    applied = describe_list(asked, sorts=TASK_SORTS)
    if asked.fmt in FORMATS:
        return export_list(
            request,
            fmt=asked.fmt,
            what=_("LA tasks"),
            filename="la-tasks",
            filters=applied,
            header=TASK_EXPORT_HEADER,
            rows=(
                [
                    task.get_kind_display(),
                    task.pupil.full_name,
                    task.pupil.upn,
                    task.school.name,
                    timezone.localtime(task.created_at).date(),
                    task.assigned_to.full_name if task.assigned_to else _("Anyone in the team"),
                ]
                for task in tasks
            ),
        )
    mine = tasks.filter(assigned_to=request.user)
    mine = list(mine[: PRINT_ROWS if asked.printing else MINE_ROWS])
    page = asked.page(tasks.exclude(assigned_to=request.user), 50, request.GET.get("page"))
    for task in [*mine, *page]:
        task.may_tick = access.can_tick_la_task(membership, task)
    return render(
        request,
        "cases/la_tasks.html",
        {
            "mine": mine,
            "page": page,
            "la": membership.local_authority,
            "query": asked.querystring,
            "search": asked.search,
            "printing": asked.printing,
            "applied": applied,
            "sort": {name: order.header(asked.query, name) for name in TASK_SORTS},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def la_task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    """Tick a task, with an optional note. LA officers and the home school's runners may."""
    membership = request.membership
    task = access.get_la_task_for_user(membership, task_id, write=True)
    if membership.local_authority_id:
        default = reverse("la-tasks")
    elif task.direction is not None:
        default = task.direction.get_absolute_url()
    elif task.managed_move_id:
        default = reverse("managed-move-detail", args=[task.managed_move_id])
    else:
        default = reverse("la-tasks")
    next_url = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = default
    form = LaTaskDoneForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: svc.la_task_mark_done(
            task=task, by=request.user, note=form.cleaned_data["note"], today=timezone.localdate()
        ),
    ):
        messages.success(
            request, _("Marked as done: %(task)s.") % {"task": task.get_kind_display()}
        )
        return redirect(next_url)
    return render(
        request,
        "cases/la_task_done.html",
        {"task": task, "form": form, "next": next_url},
    )
