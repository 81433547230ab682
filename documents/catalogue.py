"""Every form and letter Waymark renders, for `manage.py render_forms`.

Each entry renders one kind of document for each record of the demo data it applies to, with no
signed-in user and nothing stored. Add a FormRenderer here when a new form or letter exists.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from cases import demo
from cases.models import Direction, Pupil
from documents import (
    direction_documents,
    offsiting_documents,
    passport,
    provider_documents,
    psp_documents,
    reduced_timetable_documents,
    travel_documents,
)
from documents.models import GeneratedDocument
from documents.rendering import FormRenderer, render_pdf
from reviews.models import Meeting
from tenancy.models import Membership, Role


def demo_pupils():
    """Pupils of the demo schools only: `seed_demo --scale` load data is not worth printing."""
    urns = [school[3] for school in demo.SCHOOLS]
    return Pupil.objects.filter(school__urn__in=urns).order_by("school__name", "upn")


def _passport_as_home_dsl(pupil: Pupil, today: datetime.date) -> bytes:
    # An unsaved membership: the access policy answers for "a DSL of this pupil's school"
    # without anybody being signed in.
    dsl = Membership(role=Role.DSL, school=pupil.school)
    allowed = passport.Access.for_membership(dsl, pupil)
    return render_pdf(
        passport.TEMPLATE, passport.passport_context(pupil, allowed=allowed, today=today)
    )


@dataclass(frozen=True)
class DirectionRecord:
    """One document to print: a direction, and the meeting it is for if it is for one."""

    direction: Direction
    meeting: Meeting | None = None

    def __str__(self):
        if self.meeting is None:
            return str(self.direction)
        return f"{self.direction}, {self.meeting}"


def demo_directions():
    urns = [school[3] for school in demo.SCHOOLS]
    return (
        Direction.objects.filter(home_school__urn__in=urns)
        .select_related(
            "pupil__school__local_authority",
            "home_school__local_authority",
            "host_school",
            "case_lead",
        )
        .prefetch_related("meetings")
        .order_by("home_school__name", "pupil__upn", "pk")
    )


def _direction_records(kind: GeneratedDocument.Kind) -> Callable[[], list[DirectionRecord]]:
    """Every demo direction (and meeting) the direction page would offer this document for."""

    def records():
        return [
            DirectionRecord(direction, offer.meeting)
            for direction in demo_directions()
            for offer in direction_documents.offers(
                direction, list(direction.meetings.all()), letters=True
            )
            if offer.kind == kind
        ]

    return records


def _direction_filename(kind: GeneratedDocument.Kind) -> Callable[[DirectionRecord], str]:
    def filename(record: DirectionRecord) -> str:
        name = f"{direction_documents.slug_for(kind)}-{record.direction.pupil.upn}"
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
            kind, record.direction, meeting=record.meeting, today=today
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


Kind = GeneratedDocument.Kind

RENDERERS: tuple[FormRenderer, ...] = (
    FormRenderer(
        slug="passport",
        description="Pupil Passport (template 2), as the home school's DSL sees it",
        records=demo_pupils,
        filename=lambda pupil: f"passport-{pupil.upn}.pdf",
        render=_passport_as_home_dsl,
    ),
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
    # Each newer case type's renderers, from its own module's FORM_RENDERERS tuple:
    # renderers: off-siting
    *offsiting_documents.FORM_RENDERERS,
    # renderers: PSP
    *psp_documents.FORM_RENDERERS,
    # renderers: reduced timetable
    *reduced_timetable_documents.FORM_RENDERERS,
    # renderers: AP providers
    *provider_documents.FORM_RENDERERS,
    # renderers: travel assistance
    *travel_documents.FORM_RENDERERS,
)
