"""The "Letters to parents" section of a case page: what was sent, to whom, when, its status."""

import functools

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from access import may_read
from cases.directions.guards import (
    ensure_can_invite,
    ensure_can_send_direction_letter,
    ensure_has_decision,
)
from cases.directions.models import Direction
from cases.guards import GuardError
from documents import outbox
from documents.rendering import one_line
from ui.formats import long_datetime

register = template.Library()


def _allows(guard, record) -> bool:
    """Whether the send page's own guard (cases/directions/guards.py) lets this letter go now."""
    try:
        guard(record)
    except GuardError:
        return False
    return True


@register.inclusion_tag("documents/_letters.html", takes_context=True)
def direction_letters(context, direction: Direction):
    """Letters sent for this direction and the actions that send the next ones.

    Queries: the letters with their PDFs and senders (1), their recipients (1), the meetings
    for the send buttons (1), and, only if a letter's PDF held safeguarding detail, at most two
    more to learn whether a host DSL is hosting.
    """
    request = context["request"]
    membership = getattr(request, "membership", None)
    pupil = direction.pupil
    now = timezone.now()
    letters = list(outbox.letters_about(direction, direction.meetings.all()))

    @functools.cache
    def may_open(includes_safeguarding: bool, includes_send: bool) -> bool:
        # Only what the person may download is linked: the download itself checks again. Every
        # letter here is this pupil's, so each answer is worked out (and queried) once.
        return may_read(
            membership,
            pupil,
            includes_safeguarding=includes_safeguarding,
            includes_send=includes_send,
        )

    rows = [
        {
            "letter": letter,
            "sent": _("Sent at %(when)s by %(who)s.")
            % {"when": long_datetime(letter.created_at), "who": letter.sent_by.full_name},
            "may_open": may_open(
                letter.document.includes_safeguarding, letter.document.includes_send
            ),
            "emails": outbox.emails_with_status(letter, now=now),
            "posts": [
                {"name": entry["name"], "address": one_line(entry["address"])}
                for entry in letter.by_post
            ],
        }
        for letter in letters
    ]
    actions = []
    if access.can_run_direction(membership, direction):
        if _allows(ensure_can_send_direction_letter, direction):
            actions.append({"kind": "direction", "meeting": None})
        for meeting in direction.meetings.all():
            # Only what is still to be sent: a copy again is one "Send again" per email away.
            if meeting.parents_invited_on is None and _allows(ensure_can_invite, meeting):
                actions.append({"kind": "invitation", "meeting": meeting})
            elif (
                meeting.parents_invited_on is None
                and meeting.time is None
                and not meeting.held
                and meeting.kind != meeting.Kind.INITIAL
                and direction.is_open
            ):
                # The invitation must say when and where: that comes first.
                actions.append({"kind": "when", "meeting": meeting})
            elif meeting.decision_sent_on is None and _allows(ensure_has_decision, meeting):
                actions.append({"kind": "decision", "meeting": meeting})
    return {
        "direction": direction,
        "rows": rows,
        "actions": actions,
        "may_resend": access.can_send_letters(membership, pupil),
        "here": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
