"""The letters of a Back-on-Track off-siting: the invitation to each meeting and the family's
summary, made, stored and sent through the outbox (or downloaded). Each confirmation page shows
the letter itself, a draft the worker makes, before it is sent (issue 14).

Source: 000_6280d14dcdeb4d53.txt "Parent involvement". The documents are
cases/offsiting/documents.py.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

import access
from cases.guards import GuardError
from cases.offsiting import documents as docs
from cases.offsiting import guards
from cases.offsiting.views import meeting_of
from documents import printing
from documents.addressing import Issue
from documents.outbox import letter_already_sent, letter_recipients, post_line
from documents.rendering import DocumentRenderError
from documents.views import POLL_SECONDS
from ui.formats import long_date


def _letter_page(request, o, *, title, intro, submit, send, check, build, note=""):
    """`build(parent)` gives the letter to that parent as (template, context): its draft is
    shown on the page."""
    errors: list[str] = []
    if request.method == "POST":
        key = request.POST.get("send_key", "")[:40] or None
        try:
            if letter_already_sent(key):
                raise IntegrityError
            letter = send(key)
        except IntegrityError:  # the same page pressed twice: the first press sent it
            messages.info(
                request, _("This letter was already sent from this page: nothing was sent again.")
            )
            return redirect(f"{o.get_absolute_url()}#letters")
        except (GuardError, ValidationError) as error:
            errors = list(error.messages)
        except DocumentRenderError as error:
            errors = [str(error)]
        else:
            emailed = [m.to_name for m in letter.messages.all()]
            if emailed:
                messages.success(
                    request,
                    _("Sent. The letter is being emailed to %(names)s.")
                    % {"names": _(" and ").join(emailed)},
                )
            else:
                messages.success(request, _("The letter is made and recorded."))
            if letter.by_post:
                messages.warning(
                    request,
                    _("Print the letter and post it to: %(who)s.")
                    % {"who": "; ".join(post_line(e) for e in letter.by_post)},
                )
            return redirect(f"{o.get_absolute_url()}#letters")
    else:
        try:
            check()
        except GuardError as error:
            errors = list(error.messages)
    recipients = letter_recipients(o.pupil)
    if not recipients.anyone and not errors:
        errors = [_("Nobody with parental responsibility is recorded for this pupil.")]
    draft = printing.letter_draft(
        parents=recipients.parents,
        build=build,
        title=_("%(title)s (draft)") % {"title": title},
        download_name=f"draft-{slugify(title)}-{slugify(o.pupil.full_name)}.pdf",
        by=request.user,
        back_url=request.path,
    )
    show_withheld = access.can_view_safeguarding(request.membership, o.pupil)
    return render(
        request,
        "cases/offsiting/letter_confirm.html",
        {
            "offsiting": o,
            "pupil": o.pupil,
            "title": title,
            "intro": intro,
            "submit": submit,
            "note": note,
            "errors": errors,
            "recipients": recipients,
            "post_lines": [post_line(e, show_withheld=show_withheld) for e in recipients.by_post],
            "draft": draft,
            "draft_status": draft.status(now=timezone.now()),
            "also_missing": draft.missing,
            "poll_seconds": POLL_SECONDS,
            "may_send": not errors,
            "send_key": secrets.token_urlsafe(24),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_invitation_send(
    request: HttpRequest, offsiting_id: int, meeting_id: int
) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id, write=True)
    meeting = meeting_of(o, meeting_id)
    note = ""
    if meeting.parents_invited_on:
        note = _("Parents were already invited on %(day)s.") % {
            "day": long_date(meeting.parents_invited_on)
        }
    return _letter_page(
        request,
        o,
        title=_("Invite the parents to the %(meeting)s")
        % {"meeting": str(meeting.get_kind_display()).lower()},
        intro=_(
            "Parents or carers should attend a meeting at the start and end of any off-siting; "
            "for 1 week or more, also a review after 1 week, then fortnightly, and a final "
            "review before return. Waymark makes the invitation and emails it."
        ),
        submit=_("Send the invitation"),
        send=lambda key: docs.invitation_send(
            meeting=meeting, by=request.user, today=timezone.localdate(), request_key=key
        ),
        check=lambda: guards.ensure_can_invite(meeting),
        build=lambda parent: docs.invitation(
            meeting, today=timezone.localdate(), to=parent, issue=Issue(timezone.localdate())
        ),
        note=note,
    )


@login_required
@require_http_methods(["GET", "POST"])
def offsiting_summary_send(request: HttpRequest, offsiting_id: int) -> HttpResponse:
    o = access.get_offsiting_for_user(request.membership, offsiting_id, write=True)
    return _letter_page(
        request,
        o,
        title=_("Send the summary to the family"),
        intro=_(
            "A summary of the off-siting for the family: where, when and why, the meetings, "
            "the work, the workbook and the return. It holds no safeguarding detail."
        ),
        submit=_("Send the summary"),
        send=lambda key: docs.summary_send(
            offsiting=o, by=request.user, today=timezone.localdate(), request_key=key
        ),
        check=lambda: None,
        build=lambda parent: docs.summary(
            o, today=timezone.localdate(), to=parent, issue=Issue(timezone.localdate())
        ),
    )


@require_POST
@login_required
def offsiting_summary(request: HttpRequest, offsiting_id: int) -> HttpResponse:
    """Make a new version of the family summary and download it: the home centre's head or
    case lead only (read-only viewers store nothing, and might not see the pupil's documents)."""
    o = access.get_offsiting_for_user(request.membership, offsiting_id, write=True)
    try:
        document = docs.summary_generate(offsiting=o, by=request.user, today=timezone.localdate())
    except DocumentRenderError as error:
        messages.error(request, str(error))
        return redirect(o)
    return redirect(document)
