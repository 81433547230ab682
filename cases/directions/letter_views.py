"""Sending letters to parents. Thin: the access policy, a confirmation page, a service.

Each letter has a confirmation page showing the letter itself (a draft the worker makes, shown
in the page when it is ready), who gets it by email and who by post, the copies named on it,
and what it leaves blank; while a detail it must give is blank, the page says which and where
to enter it instead of offering to send (issue 14). The POST stores the letters (the worker
makes their PDFs), queues the emails and records the statutory step the letter is (notice,
invitation, decision), then returns to the case at once. Sources are on the services in
cases/directions/letters.py and the guards in cases/directions/guards.py.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

import access
from cases.directions import documents, guards, letters
from cases.directions.attendance import long_day
from cases.directions.document_parts import Issue
from cases.directions.letter_contexts import letter_copies
from cases.directions.letter_progress import direction_letters, letters_progress
from cases.directions.models import Direction
from cases.guards import GuardError
from documents import outbox, printing
from documents.models import GeneratedDocument, Letter
from documents.rendering import DocumentRenderError
from documents.selectors import get_meeting_of
from documents.views import POLL_SECONDS
from reviews.models import Deadline
from ui.formats import long_date

Kind = GeneratedDocument.Kind


@dataclass(frozen=True)
class LetterPage:
    title: str
    intro: str
    records: str  # what sending it records, in a sentence
    submit: str
    kind: str  # the GeneratedDocument kind, for the draft
    # The guards the service runs, in order; each raises GuardError when it cannot go now. The
    # last one is the letter's own details, whose blanks the page lists (`blanks`).
    checks: tuple[Callable[[], None], ...]
    send: Callable[[HttpRequest, str | None], Letter]  # (request, the page's send key)
    meeting: Any = None
    note: str = ""
    deadline_key: str = ""  # the deadline this letter meets (reviews.services.deadlines keys)
    # The details the letter must give that are blank, each with where to enter it.
    blanks: Callable[[], list[guards.Blank]] = field(default=lambda: [])
    copies: Callable[[], list] = field(default=lambda: [])  # the copies named on the letter


def _report(request: HttpRequest, letter: Letter, done: str) -> None:
    emailed = [m.to_name for m in letter.messages.all()]
    if emailed:
        messages.success(
            request,
            ngettext(
                "%(done)s The letter is being emailed to %(names)s.",
                "%(done)s The letter is being emailed to %(names)s.",
                len(emailed),
            )
            % {"done": done, "names": _(" and ").join(emailed)},
        )
    else:
        messages.success(request, done)
    if letter.by_post:
        posted = "; ".join(outbox.post_line(entry) for entry in letter.by_post)
        if emailed:
            text = _("Print the letter and post it to: %(who)s.") % {"who": posted}
        else:
            text = _(
                "Nobody with parental responsibility has an email address, so nothing was "
                "emailed. Print the letter and post it to: %(who)s."
            ) % {"who": posted}
        messages.warning(request, text)


def _sent_already(request: HttpRequest, back: str) -> HttpResponse:
    """A second press of the same page's button: the letter went once, nothing goes again."""
    messages.info(
        request, _("This letter was already sent from this page: nothing was sent again.")
    )
    return redirect(back)


def _problems(page: LetterPage) -> tuple[list[str], bool]:
    """What stops the letter going now, as the service would say it (its first guard that
    refuses), and whether the letter's own details are worth listing (no earlier step is
    missing: a letter not yet decided has nothing to fill in first)."""
    for n, check in enumerate(page.checks, start=1):
        try:
            check()
        except GuardError as error:
            return list(error.messages), n == len(page.checks)
    return [], True


def _draft(request: HttpRequest, direction: Direction, page: LetterPage, recipients):
    """The first parent's letter as it would go today, made by the worker for this page."""
    today = timezone.localdate()
    kind = GeneratedDocument.Kind(page.kind)
    pupil = direction.pupil
    return printing.letter_draft(
        parents=recipients.parents,
        build=lambda parent: documents.build(
            kind, direction, meeting=page.meeting, today=today, to=parent, issue=Issue(today)
        ),
        title=_("%(kind)s for %(pupil)s (draft)") % {"kind": kind.label, "pupil": pupil.full_name},
        download_name=f"draft-{documents.slug_for(kind)}-{slugify(pupil.full_name)}.pdf",
        by=request.user,
        back_url=request.path,
    )


def _confirm(request: HttpRequest, direction: Direction, page: LetterPage) -> HttpResponse:
    errors: list[str] = []
    details = True  # whether to list the details the letter leaves blank
    back = f"{direction.get_absolute_url()}#letters"
    if request.method == "POST":
        key = request.POST.get("send_key", "")[:40] or None
        if outbox.letter_already_sent(key):
            return _sent_already(request, back)
        try:
            letter = page.send(request, key)
        except IntegrityError:  # the same page posted twice at once: the first one sent it
            return _sent_already(request, back)
        except (GuardError, ValidationError) as error:
            errors = list(error.messages)
            _, details = _problems(page)
        except DocumentRenderError as error:
            errors = [str(error)]
        else:
            _report(request, letter, page.records)
            return redirect(back)
    else:
        errors, details = _problems(page)
    recipients = outbox.letter_recipients(direction.pupil)
    copies = page.copies()
    deadline = (
        direction.deadlines.filter(key=page.deadline_key, state__in=Deadline.PENDING_STATES).first()
        if page.deadline_key
        else None
    )
    if not recipients.anyone and not errors:
        try:
            outbox.ensure_someone_to_write_to(direction.pupil, recipients)
        except GuardError as error:
            errors = list(error.messages)
    blanks = page.blanks() if details else []
    draft = _draft(request, direction, page, recipients)
    show_withheld = access.can_view_safeguarding(request.membership, direction.pupil)
    required = {str(blank.detail) for blank in blanks}
    return render(
        request,
        "documents/outbox_confirm.html",
        {
            "direction": direction,
            "pupil": direction.pupil,
            "page": page,
            "recipients": recipients,
            "post_lines": [
                outbox.post_line(e, show_withheld=show_withheld) for e in recipients.by_post
            ],
            "copies": copies,
            "errors": errors,
            "blanks": blanks,
            "draft": draft,
            "draft_status": draft.status(now=timezone.now()),
            "also_missing": [m for m in draft.missing if m not in required],
            "poll_seconds": POLL_SECONDS,
            "deadline": deadline,
            "late": deadline is not None and deadline.due < timezone.localdate(),
            "may_send": not errors,
            "send_key": secrets.token_urlsafe(24),
            "may_edit_parents": access.can_edit_passport(request.membership, direction.pupil),
        },
        status=200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def direction_letter_send(request: HttpRequest, direction_id: int) -> HttpResponse:
    """The direction letter of 003 template 5, which is the statutory written notice."""
    direction = access.get_direction_for_user(request.membership, direction_id, write=True)
    return _confirm(
        request,
        direction,
        LetterPage(
            title=_("Send the direction letter to parents"),
            intro=_(
                "Waymark makes the letter directing %(pupil)s to %(host)s (template 5 of the "
                "protocol) as a PDF and emails it to the parents. This letter is the written "
                "notice the law requires not later than %(days)s school days before the first day."
            )
            % {
                "days": direction.home_school.local_authority.direction_notice_school_days,
                "pupil": direction.pupil.full_name,
                "host": direction.host_school.name if direction.host_school else _("the host"),
            },
            records=_("Direction letter sent. The written notice is recorded as sent today."),
            submit=_("Send the direction letter"),
            kind=Kind.DIRECTION_LETTER,
            checks=(
                lambda: guards.ensure_can_send_direction_letter(direction),
                lambda: guards.ensure_notice_complete(direction),
            ),
            blanks=lambda: guards.notice_blanks(direction),
            copies=lambda: letter_copies(direction),
            deadline_key="notice",
            send=lambda r, key: letters.direction_letter_send(
                direction=direction, by=r.user, today=timezone.localdate(), request_key=key
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_invitation_send(
    request: HttpRequest, direction_id: int, meeting_id: int
) -> HttpResponse:
    """The written invitation to a review meeting (003 Review, 002)."""
    direction = access.get_direction_for_user(request.membership, direction_id, write=True)
    meeting = get_meeting_of(direction, meeting_id)
    day = long_day(meeting.date)
    note = ""
    if meeting.parents_invited_on:
        note = _(
            "Parents were already invited on %(day)s. Sending the invitation again keeps that "
            "date as the date they were invited."
        ) % {"day": long_date(meeting.parents_invited_on)}
    return _confirm(
        request,
        direction,
        LetterPage(
            title=_("Send the invitation to the review on %(day)s") % {"day": day},
            intro=_(
                "Parents must be invited in writing not later than %(days)s days before each "
                "review. They may come, or send their views in writing before the meeting."
            )
            % {"days": direction.home_school.local_authority.review_invitation_days},
            records=_("Invitation sent. The date parents were invited is recorded."),
            submit=_("Send the invitation"),
            kind=Kind.REVIEW_INVITATION,
            checks=(lambda: guards.ensure_can_invite(meeting),),
            blanks=lambda: guards.invitation_blanks(meeting),
            deadline_key=f"invitation:{meeting.pk}",
            send=lambda r, key: letters.review_invitation_send(
                meeting=meeting, by=r.user, today=timezone.localdate(), request_key=key
            ),
            meeting=meeting,
            note=note,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_decision_send(request: HttpRequest, direction_id: int, meeting_id: int) -> HttpResponse:
    """The decision to continue the direction, in writing (002: within 6 days of the review)."""
    direction = access.get_direction_for_user(request.membership, direction_id, write=True)
    meeting = get_meeting_of(direction, meeting_id)
    note = ""
    if meeting.decision_sent_on:
        note = _(
            "The decision was already sent on %(day)s. Sending it again keeps that date as the "
            "date it was sent."
        ) % {"day": long_date(meeting.decision_sent_on)}
    return _confirm(
        request,
        direction,
        LetterPage(
            title=_("Send the decision of the review on %(day)s") % {"day": long_day(meeting.date)},
            intro=_(
                "A decision to continue the direction must reach the parents in writing not "
                "later than %(days)s days after the review meeting."
            )
            % {"days": direction.home_school.local_authority.decision_notice_days},
            records=_("Decision sent. The date it was sent to parents is recorded."),
            submit=_("Send the decision"),
            kind=Kind.DECISION_LETTER,
            checks=(lambda: guards.ensure_has_decision(meeting),),
            deadline_key=f"decision:{meeting.pk}",
            send=lambda r, key: letters.decision_letter_send(
                meeting=meeting, by=r.user, today=timezone.localdate(), request_key=key
            ),
            meeting=meeting,
            note=note,
        ),
    )


@require_GET
@login_required
def direction_letters_live(request: HttpRequest, direction_id: int) -> HttpResponse:
    """The direction page's "Letters to parents", for htmx to swap in while a letter is on its
    way (the PDF being made, the emails waiting): nothing (204) while it shows the same."""
    direction = access.get_direction_for_user(request.membership, direction_id)
    if request.GET.get("shown") == letters_progress(direction_letters(direction))["key"]:
        return HttpResponse(status=204)
    return render(request, "documents/_direction_letters_live.html", {"direction": direction})
