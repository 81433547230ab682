"""The "Letters to parents" section of a case page: what was sent, to whom, when, its status."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Direction
from documents import outbox
from reviews.models import Meeting
from tenancy import access

register = template.Library()

INVITABLE = {
    Direction.State.NOTICE_SENT,
    Direction.State.INITIAL_MEETING_HELD,
    Direction.State.ACTIVE,
}


def _one_line(address: str) -> str:
    return ", ".join(line.strip() for line in address.splitlines() if line.strip())


@register.inclusion_tag("documents/_letters.html", takes_context=True)
def direction_letters(context, direction: Direction):
    """Letters sent for this direction and the actions that send the next ones.

    Queries: the letters with their PDFs and senders (1), their recipients (1), the meetings
    for the send buttons (1), and at most one more to learn whether a host DSL is hosting.
    """
    request = context["request"]
    membership = getattr(request, "membership", None)
    pupil = direction.pupil
    now = timezone.now()
    letters = list(outbox.letters_about(direction))

    readable = {}

    def may_open(document) -> bool:
        # Only what the person may download is linked: the download itself checks again.
        if not document.includes_safeguarding and not document.includes_send:
            return True
        if "sg" not in readable:
            readable["sg"] = access.can_view_safeguarding(membership, pupil)
            readable["send"] = access.can_view_send(membership, pupil)
        return (not document.includes_safeguarding or readable["sg"]) and (
            not document.includes_send or readable["send"]
        )

    rows = [
        {
            "letter": letter,
            "sent": _("Sent at %(when)s by %(who)s.")
            % {"when": outbox.format_moment(letter.created_at), "who": letter.sent_by.full_name},
            "may_open": may_open(letter.document),
            "emails": [
                {"message": m, "status": outbox.message_status(m, now=now)}
                for m in letter.messages.all()
            ],
            "posts": [
                {"name": entry["name"], "address": _one_line(entry["address"])}
                for entry in letter.by_post
            ],
        }
        for letter in letters
    ]
    runs = access.can_run_direction(membership, direction)
    actions = []
    if runs:
        if direction.state == Direction.State.DECIDED:
            actions.append({"kind": "direction", "meeting": None})
        for meeting in direction.meetings.all():
            # Only what is still to be sent: a copy again is one "Send again" per email away.
            if (
                not meeting.held
                and meeting.kind != Meeting.Kind.INITIAL
                and direction.state in INVITABLE
                and meeting.parents_invited_on is None
            ):
                actions.append({"kind": "invitation", "meeting": meeting})
            elif (
                meeting.held
                and meeting.outcome == Meeting.Outcome.CONTINUE
                and meeting.decision_sent_on is None
            ):
                actions.append({"kind": "decision", "meeting": meeting})
    return {
        "direction": direction,
        "rows": rows,
        "actions": actions,
        "may_resend": access.can_send_letters(membership, pupil),
        "here": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
