"""The direction page's timeline, and its managed move and LA tasks card.

The timeline is built from the case's records and its history (django-simple-history): the
proposal, consultations, host approaches and answers, the decision, the notice, meetings,
review requests, letters, contacts, suspensions, the end, the managed move, the roll change
and the LA tasks done. A fixed number of queries, one per kind of record, whatever the data.
Sources: 003_db4daf6c9cf2ba51.txt (the lifecycle, "Managed Move", the NB on template 4). The LA
officer monitors each case through it.
"""

import datetime
from dataclasses import dataclass

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from cases.directions.host_models import ContactEntry
from cases.directions.models import Direction, LaTask, ManagedMove
from cases.pupils.models import Suspension
from cases.signals import case_timeline
from documents.outbox import letters_about
from tenancy.models import School
from ui.formats import long_date

register = template.Library()
State = Direction.State


@dataclass
class Event:
    on: datetime.date
    rank: int  # the lifecycle's order, for events of the same day
    title: str
    detail: str = ""
    who: str = ""


def _day(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _name(user) -> str:
    return str(user) if user else ""


def _from_history(direction: Direction, events: list[Event]) -> None:
    """What only the history knows: hosts approached (and declining), consultations
    completed, the pupil starting at the host."""
    records = list(
        direction.history.order_by("history_date", "history_id").select_related("history_user")
    )
    approaches, declines = {}, []
    previous = None
    for record in records:
        who = _name(record.history_user)
        day = _day(record.history_date)
        if record.host_school_id and record.host_approached_on:
            approaches.setdefault((record.host_school_id, record.host_approached_on), who)
        if previous is not None:
            if previous.host_school_id and record.host_school_id is None:
                declines.append((previous.host_school_id, day, who))
            if record.state != previous.state and record.state == State.CONSULTED:
                events.append(Event(day, 2, _("Consultations complete"), who=who))
            if record.state != previous.state and record.state == State.ACTIVE:
                events.append(Event(day, 9, _("The pupil started at the host"), who=who))
        previous = record
    ids = {school_id for school_id, _on in approaches} | {d[0] for d in declines}
    names = dict(School.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    for (school_id, on), who in approaches.items():
        events.append(
            Event(on, 3, _("Asked %(host)s to host") % {"host": names.get(school_id)}, who=who)
        )
    for school_id, day, who in declines:
        events.append(
            Event(day, 4, _("%(host)s declined to host") % {"host": names.get(school_id)}, who=who)
        )


def _from_the_direction(direction: Direction, events: list[Event]) -> None:
    if direction.host_agreed_on and direction.host_school:
        events.append(
            Event(
                direction.host_agreed_on,
                5,
                _("%(host)s agreed in principle to host") % {"host": direction.host_school.name},
            )
        )
    if direction.decided_on:
        detail = direction.get_delegation_display()
        if direction.delegation_details:
            detail = f"{detail} ({direction.delegation_details})"
        events.append(
            Event(
                direction.decided_on,
                6,
                _("Direction decided"),
                detail,
                _name(direction.decided_by),
            )
        )
    if direction.notice_sent_on:
        events.append(Event(direction.notice_sent_on, 7, _("Written notice sent to parents")))
    if direction.move_stopped_on:
        events.append(
            Event(
                direction.move_stopped_on,
                19,
                _("The managed move is not going ahead"),
                direction.move_stopped_reason,
            )
        )
    if direction.ended_on:
        events.append(
            Event(
                direction.ended_on,
                20,
                _("Ended: %(how)s") % {"how": direction.get_ending_display().lower()},
            )
        )


def _from_related(direction: Direction, events: list[Event]) -> None:
    for c in direction.consultations.select_related("recorded_by"):
        events.append(
            Event(
                c.on,
                1,
                _("Consulted: %(who)s") % {"who": c.get_kind_display()},
                f"{c.person}. "
                + (_("Supports the direction.") if c.supports else _("Does not support it.")),
                _name(c.recorded_by),
            )
        )
    for m in direction.meetings.select_related("recorded_by"):
        if m.parents_invited_on:
            events.append(
                Event(
                    m.parents_invited_on,
                    14,
                    _("Parents invited in writing to the %(meeting)s of %(day)s")
                    % {"meeting": m.get_kind_display().lower(), "day": long_date(m.date)},
                )
            )
        if not m.held:
            continue
        events.append(
            Event(
                m.date,
                8 if m.kind == "initial" else 15,
                _("%(meeting)s held") % {"meeting": m.get_kind_display()},
                m.get_outcome_display() if m.outcome else "",
                _name(m.recorded_by),
            )
        )
        if m.decision_sent_on:
            events.append(
                Event(m.decision_sent_on, 16, _("Decision of the review sent to parents"))
            )
    for r in direction.review_requests.select_related("recorded_by"):
        events.append(
            Event(
                r.received_on,
                13,
                _("Written request for a review"),
                r.get_requested_by_display(),
                _name(r.recorded_by) or r.parent_name,
            )
        )
    # This case's letters only, not the pupil's others; one event a send, naming each parent
    # who had their own letter in it (issue 14).
    sends: dict = {}
    for letter in letters_about(direction, direction.meetings.all()):
        sends.setdefault(letter.request_key or letter.pk, []).append(letter)
    for letters in sends.values():
        first = letters[-1]
        names = [letter.to_name for letter in reversed(letters) if letter.to_name]
        detail = first.subject
        if names:
            detail = _("%(subject)s, to %(names)s") % {
                "subject": first.subject,
                "names": _(" and ").join(names),
            }
        events.append(
            Event(
                _day(first.created_at),
                12,
                _("Letter sent to parents"),
                detail,
                _name(first.sent_by),
            )
        )
    for contact in ContactEntry.objects.filter(direction=direction).select_related("recorded_by"):
        events.append(
            Event(
                _day(contact.when),
                11,
                _("Contact: %(between)s") % {"between": contact.get_between_display()},
                f"{contact.get_how_display()}: {contact.who}",
                _name(contact.recorded_by),
            )
        )
    for suspension in Suspension.objects.filter(direction=direction).select_related("suspended_by"):
        events.append(
            Event(
                suspension.start_date,
                10,
                _("Suspended by %(school)s for %(days)s days")
                % {
                    "school": suspension.suspended_by or direction.home_school,
                    "days": f"{suspension.days.normalize():f}",
                },
            )
        )
    move = (
        ManagedMove.objects.filter(direction=direction)
        .select_related("to_school", "recorded_by")
        .first()
    )
    if move is not None:
        events.append(
            Event(
                _day(move.created_at),
                21,
                _("Managed move to %(school)s recorded") % {"school": move.to_school.name},
                _("Agreed start date %(day)s.") % {"day": long_date(move.agreed_start)},
                _name(move.recorded_by),
            )
        )
        if move.roll_changed_on:
            events.append(
                Event(
                    move.roll_changed_on,
                    22,
                    _("Placed on the roll of %(school)s") % {"school": move.to_school.name},
                )
            )
    for task in LaTask.objects.filter(direction=direction, done_on__isnull=False).select_related(
        "done_by"
    ):
        events.append(
            Event(
                task.done_on,
                23,
                _("LA task done: %(task)s") % {"task": task.get_kind_display()},
                task.notes,
                _name(task.done_by),
            )
        )


def timeline_events(direction: Direction) -> list[Event]:
    """The case's events, oldest first."""
    events: list[Event] = []
    _from_the_direction(direction, events)
    _from_history(direction, events)
    _from_related(direction, events)
    for _receiver, extra in case_timeline.send(sender=Direction, case=direction):
        events.extend(Event(**event) for event in extra or ())
    entered = _day(direction.created_at)
    earliest = min((e.on for e in events), default=entered)
    proposed = Event(entered, 0, _("Proposed"), who=_name(direction.case_lead))
    if earliest < entered:
        # A case entered after the fact: its story starts at its earliest recorded date.
        proposed.on = earliest
        proposed.detail = _("Entered in Waymark on %(day)s.") % {"day": long_date(entered)}
    events.append(proposed)
    return sorted(events, key=lambda e: (e.on, e.rank))


@register.inclusion_tag("cases/_timeline.html")
def direction_timeline(direction: Direction) -> dict:
    return {"events": timeline_events(direction)}


@register.inclusion_tag("cases/_managed_move.html", takes_context=True)
def managed_move_card(context, direction: Direction) -> dict:
    """The managed move (if any) and the case's LA tasks with their tick buttons."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    move = (
        ManagedMove.objects.filter(direction=direction)
        .select_related("to_school", "recorded_by")
        .first()
    )
    tasks = list(
        access.la_tasks_visible_to(membership)
        .filter(direction=direction)
        .select_related("assigned_to", "done_by")
        .order_by("created_at", "pk")
    )
    for task in tasks:
        task.may_tick = task.is_open and access.can_tick_la_task(membership, task)
    return {
        "direction": direction,
        "move": move,
        "tasks": tasks,
        "runs": access.can_run_direction(membership, direction),
        "next": request.get_full_path() if request else "",
    }
