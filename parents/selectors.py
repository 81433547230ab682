"""What staff pages, and a parent's own page, show of the parents' answers: one query each,
whatever the data."""

import datetime

from django.contrib.contenttypes.models import ContentType

from cases.directions.models import Direction
from cases.pupils.models import ParentCarer
from documents.models import GeneratedDocument
from documents.outbox import letters_about
from parents.models import ParentAction
from reviews.models import MeetingReply

Kind = ParentAction.Kind


def notice_receipts(direction: Direction) -> list[ParentAction]:
    """Each parent's confirmation that they received the direction letter (the written
    notice, 003 template 5), oldest first. Shown beside "sent": the notice deadline's rules
    count the sending, which is what the regulations ask of the school."""
    letters = letters_about(direction).filter(
        document__kind=GeneratedDocument.Kind.DIRECTION_LETTER
    )
    return list(
        ParentAction.objects.filter(kind=Kind.RECEIVED, letter__in=letters.values("pk")).order_by(
            "at", "pk"
        )
    )


def meeting_replies(direction: Direction) -> list[MeetingReply]:
    """The parents' answers before the direction's meetings, by meeting date then when sent."""
    return list(
        MeetingReply.objects.filter(meeting__direction=direction)
        .select_related("meeting")
        .order_by("meeting__date", "sent_at", "pk")
    )


def _actions(case):
    return ParentAction.objects.filter(
        case_type=ContentType.objects.get_for_model(case), case_id=case.pk
    ).order_by("at", "pk")


def actions_on(case) -> list[ParentAction]:
    """What the case's parents did through their links, oldest first."""
    return list(_actions(case))


def actions_of(parent: ParentCarer, case) -> list[ParentAction]:
    """What this one parent did through their links on the case, oldest first: their own page
    shows these, and never reads another parent's."""
    return list(_actions(case).filter(parent=parent))


def replies_of(parent: ParentCarer, meetings) -> list[MeetingReply]:
    """This one parent's answers before these meetings, oldest first (their own page)."""
    return list(
        MeetingReply.objects.filter(meeting__in=meetings, parent=parent).order_by("sent_at", "pk")
    )


def received_on(actions: list[ParentAction]) -> dict[int, datetime.datetime]:
    """When each letter was confirmed received, by letter id."""
    return {a.letter_id: a.at for a in actions if a.kind == Kind.RECEIVED and a.letter_id}
