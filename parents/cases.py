"""The case types a parent's link opens, and what the page offers for each: every case type
whose letters go to parents by email lists the parent's letters; an off-site direction also
takes answers before its review meetings and a written request for a review (002, 003)."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from cases.directions.models import Direction
from cases.offsiting.models import OffSiting, OffSitingMeeting
from cases.pupils.models import ParentCarer
from documents.models import GeneratedDocument, Letter
from documents.outbox import letters_about
from reviews.models import Meeting


@dataclass(frozen=True)
class CaseKind:
    meetings: str  # the related name of its meetings, whose letters are the case's too
    answers_meetings: bool  # parents answer before its review meetings and ask for a review


KINDS: dict[type, CaseKind] = {
    Direction: CaseKind(meetings="meetings", answers_meetings=True),
    OffSiting: CaseKind(meetings="meetings", answers_meetings=False),
}
# A letter made for one of a case's meetings belongs to that case.
MEETING_OF = {Meeting: "direction", OffSitingMeeting: "offsiting"}


def kind_of(case) -> CaseKind | None:
    return KINDS.get(type(case))


def case_of_document(document: GeneratedDocument):
    """The case a letter's PDF was made for, if a parent's link opens that kind of case."""
    about = document.about
    if type(about) in MEETING_OF:
        about = getattr(about, MEETING_OF[type(about)])
    return about if type(about) in KINDS else None


def letters_to(parent: ParentCarer, case) -> QuerySet[Letter]:
    """The letters of this case addressed to this parent, newest first: never another
    parent's (each has their own letter at their own address) nor a copy to an organisation."""
    kind = kind_of(case)
    return letters_about(case, getattr(case, kind.meetings).all()).filter(parent=parent)


def meetings_to_answer(case, today: datetime.date) -> list[Meeting]:
    """Review meetings in the diary, from today on, that a parent may answer before."""
    kind = kind_of(case)
    if kind is None or not kind.answers_meetings or not case.is_open:
        return []
    return list(
        case.meetings.filter(held=False, date__gte=today)
        .exclude(kind=Meeting.Kind.INITIAL)
        .order_by("date", "pk")
    )


def may_ask_for_review(case) -> bool:
    """002: parents may ask in writing once the direction runs (after its initial meeting)."""
    kind = kind_of(case)
    return bool(
        kind
        and kind.answers_meetings
        and case.state in (Direction.State.INITIAL_MEETING_HELD, Direction.State.ACTIVE)
    )
