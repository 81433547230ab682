"""The forms and letters of an off-site direction, each a print template and its context.

Sources: 003_db4daf6c9cf2ba51.txt templates 1 (Notification Form), 3 (Initial Meeting Form),
4 (Review or Emergency Review Form) and 5 (the letter directing the pupil off-site), and its
"Review" section (invitations and decisions); 002_decd2720d6352690.txt (the invitation not later
than 6 days before a review, written views, the decision not later than 6 days after it, and the
parent's right to ask for a review).

Need-to-know: none of these documents prints safeguarding or SEND detail (except a letter to a
parent whose address is withheld: see `generate`). The letter names the
EHCP and a looked-after child's Virtual School because template 5 demands it, and both are flags
that everyone who sees the pupil already sees (the detail stays in PupilSend and
SafeguardingRecord), so every document is stored with includes_safeguarding and includes_send
False and anyone who sees the pupil may download it.

Other code calls `build()` (template and context) and `generate()` (a new stored version). The
contexts are in form_contexts and letter_contexts, what they share in document_parts.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from cases.directions import form_contexts, letter_contexts
from cases.directions.document_parts import TEMPLATES
from cases.directions.models import Direction
from cases.guards import GuardError
from cases.pupils.languages import letter_languages
from cases.pupils.models import ParentCarer
from documents.addressing import Issue, issue_of
from documents.models import GeneratedDocument
from documents.rendering import render_html_in
from documents.services import document_generate
from reviews.models import Meeting
from tenancy.models import User

Kind = GeneratedDocument.Kind
State = Direction.State

FORMS = frozenset({Kind.NOTIFICATION_FORM, Kind.INITIAL_MEETING_FORM, Kind.REVIEW_FORM})
LETTERS = frozenset({Kind.DIRECTION_LETTER, Kind.REVIEW_INVITATION, Kind.DECISION_LETTER})
# Made for the direction itself, or for one of its meetings (the initial meeting form is both:
# before the meeting is recorded it is printed to take to the meeting).
FOR_DIRECTION = frozenset(
    {Kind.NOTIFICATION_FORM, Kind.INITIAL_MEETING_FORM, Kind.DIRECTION_LETTER}
)
FOR_MEETING = frozenset(
    {Kind.INITIAL_MEETING_FORM, Kind.REVIEW_FORM, Kind.REVIEW_INVITATION, Kind.DECISION_LETTER}
)
REVIEWS = frozenset({Meeting.Kind.REVIEW, Meeting.Kind.EMERGENCY})
DECIDED_OR_LATER = frozenset(
    {State.DECIDED, State.NOTICE_SENT, State.INITIAL_MEETING_HELD, State.ACTIVE, State.ENDED}
)
BEFORE_INITIAL_MEETING = frozenset({State.HOST_AGREED, State.DECIDED, State.NOTICE_SENT})


def slug_for(kind: str) -> str:
    return kind.replace("_", "-")


def kind_for_slug(slug: str) -> Kind | None:
    """The kind a URL names, or None for anything that is not one of a direction's documents."""
    kind = slug.replace("-", "_")
    return Kind(kind) if kind in TEMPLATES else None


def is_letter(kind: str) -> bool:
    return kind in LETTERS


# What can be made, and when ---------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """One document the direction page offers to make now."""

    kind: Kind
    meeting: Meeting | None = None
    note: str = ""

    @property
    def is_letter(self) -> bool:
        return is_letter(self.kind)

    @property
    def slug(self) -> str:
        return slug_for(self.kind)


def _problem(kind: str, direction: Direction, meeting: Meeting | None) -> str | None:
    """Why this document cannot be made now, in words for a case lead; None when it can."""
    if meeting is not None and meeting.direction_id != direction.pk:
        return _("That meeting is not part of this direction.")
    if meeting is None and kind not in FOR_DIRECTION:
        return _("Choose the meeting this document is for.")
    if meeting is not None and kind not in FOR_MEETING:
        return _("This document is made for the direction, not for one meeting.")
    if kind == Kind.DIRECTION_LETTER:
        if direction.state not in DECIDED_OR_LATER:
            return _("The direction letter confirms the decision: record the decision first.")
        if direction.host_school_id is None:
            return _("The direction letter names the host school: record it first.")
    if kind == Kind.INITIAL_MEETING_FORM:
        if meeting is None and direction.state not in BEFORE_INITIAL_MEETING:
            return _(
                "Once the initial meeting is recorded, make its form from the list of meetings."
            )
        if meeting is not None and meeting.kind != Meeting.Kind.INITIAL:
            return _("The Initial Meeting Form is for the initial meeting.")
    if kind in {Kind.REVIEW_FORM, Kind.REVIEW_INVITATION, Kind.DECISION_LETTER} and (
        meeting.kind not in REVIEWS
    ):
        return _("This document is for a review or an emergency review.")
    if kind == Kind.REVIEW_INVITATION and (meeting.held or not direction.is_open):
        return _("Parents are invited to reviews that are still to come.")
    if kind == Kind.DECISION_LETTER and not (meeting.held and meeting.outcome):
        return _("Record the review and its outcome before writing to parents with the decision.")
    return None


def ensure_can_make(kind: str, direction: Direction, meeting: Meeting | None = None) -> None:
    """Raise GuardError, with what to do first, unless the document can be made now.

    Sources: 003_db4daf6c9cf2ba51.txt templates 1 and 3 (before the direction starts, the
    initial meeting form to take to it), 4 (each review or emergency review), 5 (the letter
    confirms the governing board's decision and names the host) and "Review" (invitations
    before a review, the decision after it); 002_decd2720d6352690.txt (the same two letters).
    """
    problem = _problem(kind, direction, meeting)
    if problem:
        raise GuardError(problem)


def offers(direction: Direction, meetings: list[Meeting], *, letters: bool) -> list[Offer]:
    """The documents that can be made in the direction's present state, meeting by meeting.

    `letters` is whether this person may make the letters to parents. No queries: `meetings` are
    the direction's meetings, already loaded.
    """
    wanted = [(Kind.NOTIFICATION_FORM, None), (Kind.DIRECTION_LETTER, None)]
    if not any(m.kind == Meeting.Kind.INITIAL for m in meetings):
        wanted.append((Kind.INITIAL_MEETING_FORM, None))
    for meeting in meetings:
        if meeting.kind == Meeting.Kind.INITIAL:
            wanted.append((Kind.INITIAL_MEETING_FORM, meeting))
        else:
            wanted += [
                (Kind.REVIEW_INVITATION, meeting),
                (Kind.REVIEW_FORM, meeting),
                (Kind.DECISION_LETTER, meeting),
            ]
    made = []
    for kind, meeting in wanted:
        if (is_letter(kind) and not letters) or _problem(kind, direction, meeting):
            continue
        note = ""
        if kind == Kind.INITIAL_MEETING_FORM and meeting is None:
            note = _("to take to the meeting and fill in")
        elif kind == Kind.REVIEW_FORM and not meeting.held:
            note = _("to take to the meeting and fill in")
        made.append(Offer(kind, meeting, note))
    return made


# The entry points -------------------------------------------------------------------------


def build(
    kind: GeneratedDocument.Kind,
    direction: Direction,
    *,
    meeting: Meeting | None = None,
    today: datetime.date,
    to: ParentCarer | None = None,
    issue: Issue | None = None,
) -> tuple[str, dict]:
    """The print template and its context for one of the direction's documents.

    A letter is addressed to `to` alone at their address, or with no parent to "the parents and
    carers" with no address (the copies named on it, a copy for the file). It prints `issue`'s
    date; by default the day it was issued, marked "Copy, printed on" today, once it has been
    sent, else today (issue 14).

    Raises GuardError if the document cannot be made in the direction's present state (see
    `ensure_can_make`). The context's "blanks".missing lists what had to be left blank.
    """
    ensure_can_make(kind, direction, meeting)
    if kind == Kind.NOTIFICATION_FORM:
        return form_contexts.notification_form(direction, today=today)
    if kind == Kind.INITIAL_MEETING_FORM:
        return form_contexts.initial_meeting_form(direction, meeting, today=today)
    if kind == Kind.REVIEW_FORM:
        return form_contexts.review_form(direction, meeting, today=today)
    if issue is None:
        issue = issue_of(kind, meeting if meeting is not None else direction, today)
    letter = {"today": today, "to": to, "issue": issue}
    if kind == Kind.DIRECTION_LETTER:
        return letter_contexts.direction_letter(direction, **letter)
    if kind == Kind.REVIEW_INVITATION:
        return letter_contexts.review_invitation(direction, meeting, **letter)
    if kind == Kind.DECISION_LETTER:
        return letter_contexts.decision_letter(direction, meeting, **letter)
    raise GuardError(_("This is not one of an off-site direction's documents."))


def generate(
    kind: GeneratedDocument.Kind,
    direction: Direction,
    *,
    meeting: Meeting | None = None,
    by: User,
    today: datetime.date,
    to: ParentCarer | None = None,
    issue: Issue | None = None,
) -> GeneratedDocument:
    """Make the next stored version of the document, about the meeting or else the direction.

    Raises GuardError (not possible now) or documents.rendering.DocumentRenderError (no PDF);
    both carry a message for people, and nothing is stored. The returned document's `missing`
    lists what was printed as a blank line because the case does not record it.

    A letter to a parent whose address is withheld prints that address, so it is stored as
    holding safeguarding detail: only those who may read that detail can download it (issue 14).
    """
    template, context = build(kind, direction, meeting=meeting, today=today, to=to, issue=issue)
    # A parent's letter in their language, or in Welsh then English; a form, or a letter's
    # copy for the file and the professionals, in the service's, whatever the language of the
    # pages of the person who made it (issue 15).
    languages = letter_languages(to) if to is not None else (settings.LANGUAGE_CODE,)
    html = render_html_in(
        languages, lambda: build(kind, direction, meeting=meeting, today=today, to=to, issue=issue)
    )
    document = document_generate(
        kind=kind,
        pupil=direction.pupil,
        template=template,
        context=context,
        generated_by=by,
        about=meeting if meeting is not None else direction,
        includes_safeguarding=to is not None and to.address_withheld,
        includes_send=False,
        html=html,
    )
    # Not stored: what this version had to leave as lines to fill in, for the person making it
    # (a letter about to be emailed should not have any).
    document.missing = list(context["blanks"].missing)
    return document
