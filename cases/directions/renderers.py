"""What `render_forms` prints of an off-site direction: each form and letter of 003, for each
direction (and meeting) the direction page would offer it for."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from cases.directions import documents as direction_documents
from cases.directions.models import Direction
from cases.pupils.models import ParentCarer
from documents.models import GeneratedDocument
from documents.rendering import FormRenderer, render_pdf
from reviews.models import Meeting
from tenancy.models import School

Kind = GeneratedDocument.Kind


@dataclass(frozen=True)
class DirectionRecord:
    """One document to print: a direction, and the meeting it is for if it is for one."""

    direction: Direction
    meeting: Meeting | None = None
    # The parent a letter is addressed to: each gets their own (issue 14).
    parent: ParentCarer | None = None

    def __str__(self):
        about = str(self.direction) if self.meeting is None else f"{self.direction}, {self.meeting}"
        return f"{about}, to {self.parent.name}" if self.parent else about


def printable_directions(schools: QuerySet[School]):
    return (
        Direction.objects.filter(home_school__in=schools)
        .select_related(
            "pupil__school__local_authority",
            "home_school__local_authority",
            "host_school",
            "case_lead",
        )
        .prefetch_related("meetings", "pupil__parents")
        .order_by("home_school__name", "pupil__upn", "pk")
    )


def _direction_records(kind: GeneratedDocument.Kind) -> Callable[[], list[DirectionRecord]]:
    """Every demo direction (and meeting) the direction page would offer this document for; a
    letter once for each parent with parental responsibility, addressed to them alone."""

    def addressees(direction: Direction) -> list[ParentCarer | None]:
        if not direction_documents.is_letter(kind):
            return [None]
        parents = [p for p in direction.pupil.parents.all() if p.parental_responsibility]
        return parents or [None]

    def records(schools: QuerySet[School]):
        return [
            DirectionRecord(direction, offer.meeting, parent)
            for direction in printable_directions(schools)
            for offer in direction_documents.offers(
                direction, list(direction.meetings.all()), letters=True
            )
            if offer.kind == kind
            for parent in addressees(direction)
        ]

    return records


def _direction_filename(kind: GeneratedDocument.Kind) -> Callable[[DirectionRecord], str]:
    def filename(record: DirectionRecord) -> str:
        name = f"{direction_documents.slug_for(kind)}-{record.direction.pupil.upn}"
        if record.parent is not None:
            name = f"{name}-to-parent-{record.parent.pk}"
        if record.meeting is None:
            return f"{name}-direction-{record.direction.pk}.pdf"
        return (
            f"{name}-{record.meeting.kind}-{record.meeting.date:%Y-%m-%d}-{record.meeting.pk}.pdf"
        )

    return filename


def _direction_render(
    kind: GeneratedDocument.Kind,
) -> Callable[[DirectionRecord, datetime.date], bytes]:
    def render(record: DirectionRecord, today: datetime.date) -> bytes:
        template, context = direction_documents.build(
            kind, record.direction, meeting=record.meeting, today=today, to=record.parent
        )
        return render_pdf(template, context)

    return render


def _direction_renderer(kind: GeneratedDocument.Kind, description: str) -> FormRenderer:
    return FormRenderer(
        slug=direction_documents.slug_for(kind),
        description=description,
        records=_direction_records(kind),
        filename=_direction_filename(kind),
        render=_direction_render(kind),
    )


FORM_RENDERERS: tuple[FormRenderer, ...] = (
    _direction_renderer(
        Kind.NOTIFICATION_FORM, "Off-site Direction Notification Form (template 1), every direction"
    ),
    _direction_renderer(
        Kind.INITIAL_MEETING_FORM,
        "Initial Meeting Form (template 3): each initial meeting, and blank ones to take to it",
    ),
    _direction_renderer(
        Kind.REVIEW_FORM, "Review or Emergency Review Form (template 4), every review meeting"
    ),
    _direction_renderer(
        Kind.DIRECTION_LETTER, "Letter directing the pupil off-site (template 5), once decided"
    ),
    _direction_renderer(
        Kind.REVIEW_INVITATION, "Invitation to a review meeting, every review still to come"
    ),
    _direction_renderer(
        Kind.DECISION_LETTER, "Letter with a review's decision, every review with an outcome"
    ),
)
