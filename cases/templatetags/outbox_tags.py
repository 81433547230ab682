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
from cases.directions.letter_progress import direction_letters as direction_letters_of
from cases.directions.letter_progress import letters_progress
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
def direction_letters(context, direction: Direction, live: bool = False):
    """Letters sent for this direction and the actions that send the next ones.

    Each parent's letter and each copy named on the letter are listed under the send that made
    them (issue 14). Queries: the letters with their PDFs, senders and parents (1), their
    recipients (1), the meetings for the send buttons (1), and, only if a letter's PDF held
    safeguarding detail or went to a parent whose address is withheld, at most two more to
    learn whether a host DSL is hosting.
    """
    request = context["request"]
    membership = getattr(request, "membership", None)
    pupil = direction.pupil
    now = timezone.now()
    letters = direction_letters_of(direction)

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

    @functools.cache
    def may_see_withheld() -> bool:
        # Asked only when a letter went to a parent whose address is withheld (issue 14).
        return access.can_view_safeguarding(membership, pupil)

    def link(letter) -> bool:
        return may_open(letter.document.includes_safeguarding, letter.document.includes_send)

    def post(entry: dict, letter) -> dict:
        withheld = bool(entry.get("withheld"))
        shown = withheld and may_see_withheld()
        return {
            "name": entry["name"],
            "address": one_line(outbox.post_address(entry, show_withheld=shown)),
            "withheld": withheld and not shown,
            "copy": bool(entry.get("copy")),
            "fix": entry.get("fix", ""),
            "letter": letter,
            "may_open": link(letter),
        }

    rows = [
        {
            "letter": group.first,
            "sent": _("Sent at %(when)s by %(who)s.")
            % {"when": long_datetime(group.first.created_at), "who": group.first.sent_by.full_name},
            "may_open": link(group.first),
            "single": len(group.letters) == 1,
            "emails": [
                email | {"letter": letter, "may_open": link(letter)}
                for letter in group.parents
                for email in outbox.emails_with_status(letter, now=now)
            ],
            "posts": [post(entry, letter) for letter in group.parents for entry in letter.by_post],
            "copies": [
                email | {"letter": letter, "may_open": link(letter)}
                for letter in group.copies
                for email in outbox.emails_with_status(letter, now=now)
            ],
            "copy_posts": [
                post(entry, letter) for letter in group.copies for entry in letter.by_post
            ],
        }
        for group in outbox.sent_together(letters)
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
        "progress": letters_progress(letters),
        "live": live,  # the section swapped in by htmx, whose page has its scripts already
        "here": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
