"""Managed moves agreed without an off-site direction (003's second route): the proposal from
the pupil's page, the move's page, its changes, "not going ahead", the pupil page's card and the
LA's list. Thin: the access policy, a form, a service, a redirect.

Source: 003_db4daf6c9cf2ba51.txt "Managed Move", "Funding", "Transport" and the NB on template 4.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

import access
from cases.directions import move_guards
from cases.directions import moves as svc
from cases.directions.la_forms import ManagedMoveStopForm
from cases.directions.move_forms import LaManagedMoveFilterForm, ManagedMoveProposeForm
from cases.directions.selectors import moving_without_direction_now
from cases.guards import GuardError
from documents.exports import export_list
from ui.export import FORMATS
from ui.formats import long_date
from ui.lists import describe_list, list_request, search
from ui.sorting import sorting
from ui.views import changed, form_page, guarded, posted

PAGE_SIZE = 25


def managed_move_saved_message(move) -> str:
    """What saving a managed move did, on either route."""
    values = {"pupil": move.pupil, "school": move.to_school, "day": long_date(move.agreed_start)}
    if move.roll_changed_on:
        return _("Managed move saved. %(pupil)s is now on the roll of %(school)s.") % values
    if move.agreed_by_all:
        return _("Managed move saved. %(pupil)s joins the roll of %(school)s on %(day)s.") % values
    return (
        _(
            "Managed move saved. %(pupil)s joins the roll of %(school)s once the parents and "
            "the admission authority have both agreed, on %(day)s at the earliest."
        )
        % values
    )


@login_required
@require_http_methods(["GET", "POST"])
def managed_move_new(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """The home school proposes a managed move without a direction (003)."""
    pupil = access.get_pupil_for_user(request.membership, pupil_id)
    if not access.can_propose_managed_move(request.membership, pupil):
        raise PermissionDenied(_("Only the pupil's head or case lead can propose a managed move."))
    form = ManagedMoveProposeForm(
        posted(request),
        schools=access.receiving_schools_for(pupil).order_by("name"),
        home_school=pupil.school,
        submit_label=_("Propose the managed move"),
    )
    if form.is_valid() and (
        proposed := guarded(
            form,
            lambda: svc.managed_move_propose(
                pupil=pupil, details=form.cleaned_data, by=request.user, today=timezone.localdate()
            ),
        )
    ):
        messages.success(request, managed_move_saved_message(proposed.value))
        return redirect(proposed.value)
    intro = _(
        "A permanent move to another school of the local authority, agreed by all parties, "
        "including the parents and the new school's admission authority (003). %(pupil)s goes "
        "onto the new roll on the agreed start date, once both have agreed."
    ) % {"pupil": pupil}
    try:
        move_guards.ensure_pupil_may_move(pupil)
    except GuardError as error:
        intro = " ".join(error.messages)  # said before anything is typed in
    return form_page(request, form, title=_("Propose a managed move"), intro=intro, pupil=pupil)


@require_GET
@login_required
def managed_move_detail(request: HttpRequest, move_id: int) -> HttpResponse:
    membership = request.membership
    move = access.get_managed_move_for_user(membership, move_id)
    tasks = list(
        access.la_tasks_visible_to(membership)
        .filter(managed_move=move)
        .select_related("assigned_to", "done_by")
        .order_by("created_at", "pk")
    )
    for task in tasks:
        task.may_tick = task.is_open and access.can_tick_la_task(membership, task)
    return render(
        request,
        "cases/managed_move_detail.html",
        {
            "move": move,
            "pupil": move.pupil,
            "runs": access.can_run_managed_move(membership, move) and move.in_progress,
            "tasks": tasks,
            "next": request.get_full_path(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def managed_move_change(request: HttpRequest, move_id: int) -> HttpResponse:
    """The agreements as they come, or corrected details, until the roll change (003)."""
    move = access.get_managed_move_for_user(request.membership, move_id, write=True)
    form = ManagedMoveProposeForm(
        posted(request),
        instance=move,
        schools=access.receiving_schools_for(move.pupil).order_by("name"),
        home_school=move.from_school,
    )
    if form.is_valid() and (
        saved := guarded(
            form,
            lambda: svc.managed_move_change(
                move=move, changes=changed(form), by=request.user, today=timezone.localdate()
            ),
        )
    ):
        messages.success(request, managed_move_saved_message(saved.value))
        return redirect(saved.value)
    intro = ""
    try:
        move_guards.ensure_move_in_progress(move)
    except GuardError as error:
        intro = " ".join(error.messages)  # said before anything is typed in
    return form_page(
        request,
        form,
        title=_("Managed move details"),
        intro=intro,
        pupil=move.pupil,
    )


@login_required
@require_http_methods(["GET", "POST"])
def managed_move_cancel(request: HttpRequest, move_id: int) -> HttpResponse:
    """The parents or the admission authority do not agree: the move does not go ahead (003)."""
    move = access.get_managed_move_for_user(request.membership, move_id, write=True)
    form = ManagedMoveStopForm(posted(request))
    form.fields["reason"].help_text = _(
        "For example, the parents do not agree, or the admission authority will not admit the "
        "pupil. The pupil stays on the roll of their school."
    )
    if form.is_valid() and guarded(
        form,
        lambda: svc.managed_move_cancel(
            move=move,
            reason=form.cleaned_data["reason"],
            by=request.user,
            today=timezone.localdate(),
        ),
    ):
        messages.success(request, _("The managed move is not going ahead."))
        return redirect(move)
    intro = _(
        "%(pupil)s stays on the roll of %(home)s. The managed move and the reason are kept."
    ) % {"pupil": move.pupil, "home": move.from_school}
    try:
        move_guards.ensure_can_cancel_managed_move(move)
    except GuardError as error:
        intro = " ".join(error.messages)
    return form_page(
        request,
        form,
        title=_("The managed move is not going ahead"),
        intro=intro,
        pupil=move.pupil,
    )


def managed_move_card(membership, pupil):
    """The pupil page's card (cases.templatetags.case_cards): one query, the moves agreed
    without a direction."""
    moves = list(
        access.managed_moves_visible_to(membership)
        .filter(pupil=pupil)
        .select_related("to_school")
        .order_by("-created_at", "-pk")
    )
    can_propose = access.can_propose_managed_move(membership, pupil)
    if not moves and not can_propose:
        return None
    return "cases/_managed_move_card.html", {
        "pupil": pupil,
        "moves": moves,
        "can_propose": can_propose,
    }


# The columns of the LA's list of managed moves without a direction, sorted in SQL, and its
# own order (those not yet on the new roll first, by agreed start).
MOVE_SORTS = {
    "pupil": ["pupil__last_name", "pupil__first_name"],
    "from_school": ["from_school__name"],
    "to_school": ["to_school__name"],
    "agreed_start": ["agreed_start"],
    "state": ["stage"],
}
MOVE_ORDER = ["roll_changed_on", "agreed_start", "pk"]
MOVING = Q(roll_changed_on__isnull=True, cancelled_on__isnull=True)
AGREED = Q(parents_agree=True, admission_authority_agrees=True)
MOVE_STATES = {
    "moving": MOVING,
    "waiting": MOVING & ~AGREED,
    "agreed": MOVING & AGREED,
    "on_roll": Q(roll_changed_on__isnull=False),
    "cancelled": Q(cancelled_on__isnull=False),
}
# The spreadsheet: the page's columns (the funding, which may name SEND funding, is not one).
MOVE_EXPORT_HEADER = [
    gettext_lazy("Pupil"),
    gettext_lazy("UPN"),
    gettext_lazy("From"),
    gettext_lazy("To"),
    gettext_lazy("Agreed start date"),
    gettext_lazy("State"),
    gettext_lazy("On the new roll since"),
    gettext_lazy("Not going ahead since"),
]


def _move_state(move) -> str:
    if move.roll_changed_on:
        return _("On the new roll")
    if move.cancelled_on:
        return _("Not going ahead")
    return _("Agreed") if move.agreed_by_all else _("Waiting for agreement")


@require_GET
@login_required
def la_managed_moves(request: HttpRequest) -> HttpResponse:
    """The LA's managed moves agreed without a direction; ?state=moving for those not yet on
    the new roll, ?school=<pk> for one old school's (the LA picture's links)."""
    membership = request.membership
    if not access.can_view_la_lists(membership):
        raise PermissionDenied(_("This list is for the LA's officers."))
    asked = list_request(request.GET)
    form = LaManagedMoveFilterForm(
        asked.query, schools=access.la_schools(membership).only("pk", "name").order_by("name")
    )
    if not form.is_valid():
        raise Http404(_("No such school of the LA."))  # another LA's school looks missing
    order = sorting(request.GET, MOVE_SORTS, MOVE_ORDER)
    moves = (
        access.la_managed_moves_visible_to(membership)
        .filter(direction__isnull=True)
        .select_related("pupil", "from_school", "to_school")
        .annotate(
            stage=Case(
                When(MOVE_STATES["waiting"], then=Value(1)),
                When(MOVE_STATES["agreed"], then=Value(2)),
                When(MOVE_STATES["on_roll"], then=Value(3)),
                default=Value(4),
                output_field=IntegerField(),
            )
        )
        .order_by(*order.order_by)
    )
    state = form.cleaned_data["state"]
    if state == "moving":  # the LA picture's count is this selector's
        moves = moving_without_direction_now(moves, timezone.localdate())
    elif state:
        moves = moves.filter(MOVE_STATES[state])
    if school := form.cleaned_data["school"]:
        moves = moves.filter(from_school_id=int(school))
    moves = search(moves, asked.search, schools=["from_school__name", "to_school__name"])
    applied = describe_list(asked, form, sorts=MOVE_SORTS)
    if asked.fmt in FORMATS:
        return export_list(
            request,
            fmt=asked.fmt,
            what=_("Managed moves without a direction"),
            filename="managed-moves",
            filters=applied,
            header=MOVE_EXPORT_HEADER,
            rows=(
                [
                    f"{m.pupil.last_name}, {m.pupil.first_name}",
                    m.pupil.upn,
                    m.from_school.name,
                    m.to_school.name,
                    m.agreed_start,
                    _move_state(m),
                    m.roll_changed_on,
                    m.cancelled_on,
                ]
                for m in moves
            ),
        )
    return render(
        request,
        "cases/la_managed_moves.html",
        {
            "page": asked.page(moves, PAGE_SIZE, request.GET.get("page")),
            "form": form,
            "query": asked.querystring,
            "search": asked.search,
            "printing": asked.printing,
            "applied": applied,
            "sort": {name: order.header(asked.query, name) for name in MOVE_SORTS},
            "la": membership.local_authority,
        },
    )
