"""Sending letters to parents. Thin: the access policy, a confirmation page, a service.

Each letter has a confirmation page saying who gets it by email and who by post; the POST
makes the PDF, queues the emails and records the statutory step the letter is (notice,
invitation, decision), then returns to the case. Sources are on the services in
cases/directions/letters.py and the guards in cases/directions/guards.py.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

import access
from cases.directions import guards, letters
from cases.directions.attendance import long_day
from cases.directions.models import Direction
from cases.guards import GuardError
from documents import outbox
from documents.models import Letter
from documents.rendering import DocumentRenderError, one_line
from documents.selectors import get_meeting_of
from reviews.models import Deadline
from ui.formats import long_date


@dataclass(frozen=True)
class LetterPage:
    title: str
    intro: str
    records: str  # what sending it records, in a sentence
    submit: str
    check: Callable[[], None]  # raises GuardError when it cannot be sent now
    send: Callable[[HttpRequest, str | None], Letter]  # (request, the page's send key)
    meeting: Any = None
    note: str = ""
    deadline_key: str = ""  # the deadline this letter meets (reviews.services.deadlines keys)


def _post_line(entry: dict) -> str:
    return f"{entry['name']}, {one_line(entry['address'])}"


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
        posted = "; ".join(_post_line(entry) for entry in letter.by_post)
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


def _confirm(request: HttpRequest, direction: Direction, page: LetterPage) -> HttpResponse:
    errors: list[str] = []
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
        except DocumentRenderError as error:
            errors = [str(error)]
        else:
            _report(request, letter, page.records)
            return redirect(back)
    else:
        try:
            page.check()
        except GuardError as error:
            errors = list(error.messages)
    recipients = outbox.letter_recipients(direction.pupil)
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
    return render(
        request,
        "documents/outbox_confirm.html",
        {
            "direction": direction,
            "pupil": direction.pupil,
            "page": page,
            "recipients": recipients,
            "post_lines": [_post_line(entry) for entry in recipients.by_post],
            "errors": errors,
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
            check=lambda: guards.ensure_can_send_direction_letter(direction),
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
            check=lambda: guards.ensure_can_invite(meeting),
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
            check=lambda: guards.ensure_has_decision(meeting),
            deadline_key=f"decision:{meeting.pk}",
            send=lambda r, key: letters.decision_letter_send(
                meeting=meeting, by=r.user, today=timezone.localdate(), request_key=key
            ),
            meeting=meeting,
            note=note,
        ),
    )
