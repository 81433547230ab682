"""The parent's page and its actions, opened by the personal link in an email (no account),
and the staff's "Revoke". Thin: the link is found by its token's hash, a service acts, the page
redirects. Every response is private, never cached, and kept out of search engines."""

import hashlib
import logging
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import access
from cases.guards import GuardError
from cases.pupils.languages import letter_languages
from documents.outbox import attachment_name
from parents import cases, ratelimit, selectors, services
from parents.forms import AttendingForm, EmailForm, LanguageForm, ReviewRequestForm, ViewsForm
from parents.models import ParentAction, ParentLink
from ui.formats import long_date
from ui.views import guarded, posted

logger = logging.getLogger(__name__)


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_store=True, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _too_many(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(request, "parents/too_many.html", {"minutes": max(1, wait // 60)}, status=429)
    response["Retry-After"] = str(wait)
    return _private(response)


def _ended(request: HttpRequest, link: ParentLink | None) -> HttpResponse:
    """An expired, revoked or unknown link: one page and one status for all three, with the
    school's name and phone number only where the link was real."""
    school = link.parent.pupil.school if link is not None else None
    return _private(render(request, "parents/link_ended.html", {"school": school}, status=404))


def _language(link: ParentLink) -> str | None:
    """The page's language: the first of the parent's letters' (their choice, else the
    school's default: Welsh in a Welsh-medium school, Welsh first elsewhere in Wales)."""
    first = letter_languages(link.parent)[0]
    return "cy" if first.startswith("cy") else None


def parent_link_view(view: Callable) -> Callable:
    """Rate limits, then the link by its token; the view gets the usable link and its case."""

    @wraps(view)
    def wrapped(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        wait = ratelimit.retry_after(request, hashlib.sha256(token.encode()).hexdigest())
        if wait:
            return _too_many(request, wait)
        now = timezone.now()
        found = services.link_find(token, now=now)
        case = found.link.case if found.usable else None
        if case is None:
            return _ended(request, found.link)
        services.link_touch(found.link, now=now)
        language = _language(found.link)
        with translation.override(language) if language else _nothing():
            response = view(request, found.link, case, token, *args, **kwargs)
        return _private(response)

    return wrapped


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _page(token: str, anchor: str = "") -> str:
    return reverse("parent-page", args=[token]) + (f"#{anchor}" if anchor else "")


def _meeting_or_404(case, meeting_id: int):
    for meeting in cases.meetings_to_answer(case, timezone.localdate()):
        if meeting.pk == meeting_id:
            return meeting
    raise Http404(_("No such meeting."))


def _letter_or_404(link: ParentLink, case, letter_id: int):
    letter = cases.letters_to(link.parent, case).filter(pk=letter_id).first()
    if letter is None:
        raise Http404(_("No such letter."))
    return letter


@require_GET
@parent_link_view
def parent_page(request: HttpRequest, link: ParentLink, case, token: str) -> HttpResponse:
    parent, pupil = link.parent, link.parent.pupil
    today = timezone.localdate()
    actions = selectors.actions_of(parent, case)
    received = selectors.received_on(actions)
    letters = list(cases.letters_to(parent, case))
    for letter in letters:
        letter.received_at = received.get(letter.pk)
    meetings = cases.meetings_to_answer(case, today)
    replies = selectors.replies_of(parent, meetings)
    for meeting in meetings:
        mine = [r for r in replies if r.meeting_id == meeting.pk]
        answers = [r.attending for r in mine if r.attending]
        meeting.my_answer = answers[-1] if answers else ""
        meeting.my_views = [r for r in mine if r.views]
    requests = [a for a in actions if a.kind == ParentAction.Kind.REVIEW_REQUESTED]
    return render(
        request,
        "parents/page.html",
        {
            "token": token,
            "parent": parent,
            "first_name": pupil.first_name,
            "school": pupil.school,
            "letters": letters,
            "meetings": meetings,
            "may_ask_for_review": cases.may_ask_for_review(case),
            "requests": requests,
            "language_form": LanguageForm(initial={"language": parent.preferred_language}),
            "expires_at": link.expires_at,
        },
    )


@require_GET
@parent_link_view
def letter_pdf(
    request: HttpRequest, link: ParentLink, case, token: str, letter_id: int
) -> HttpResponse:
    """One of this parent's own letters, as the PDF they were sent."""
    document = _letter_or_404(link, case, letter_id).document
    if not document.is_ready:
        raise Http404(_("This letter is not ready yet."))
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except OSError:
        logger.exception("Stored PDF of document %s cannot be read", document.pk)
        content = None
    if content is None or hashlib.sha256(content).hexdigest() != document.checksum:
        logger.error("Document %s cannot be given to a parent: unreadable or changed", document.pk)
        raise Http404(_("This letter cannot be opened. Ask the school for a copy."))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=attachment_name(document)
    )
    return response


@require_POST
@parent_link_view
def letter_received(
    request: HttpRequest, link: ParentLink, case, token: str, letter_id: int
) -> HttpResponse:
    letter = _letter_or_404(link, case, letter_id)
    services.parent_acknowledge(link=link, letter=letter)
    messages.success(request, _("Thank you. The school can see you have received this letter."))
    return redirect(_page(token, "letters"))


@require_POST
@parent_link_view
def meeting_attending(
    request: HttpRequest, link: ParentLink, case, token: str, meeting_id: int
) -> HttpResponse:
    meeting = _meeting_or_404(case, meeting_id)
    form = AttendingForm(request.POST)
    if not form.is_valid():
        return redirect(_page(token, "meetings"))
    attending = form.cleaned_data["attending"] == "yes"
    services.parent_answer_attendance(link=link, meeting=meeting, attending=attending)
    if attending:
        messages.success(request, _("Thank you. The school knows you will come."))
    else:
        messages.success(request, _("Thank you. The school knows you cannot come."))
    return redirect(_page(token, "meetings"))


def _form_page(request, link, token, form, *, title, intro=""):
    context = {"form": form, "title": title, "intro": intro, "token": token}
    return render(request, "parents/form_page.html", context | {"school": link.parent.pupil.school})


@require_http_methods(["GET", "POST"])
@parent_link_view
def meeting_views(
    request: HttpRequest, link: ParentLink, case, token: str, meeting_id: int
) -> HttpResponse:
    meeting = _meeting_or_404(case, meeting_id)
    form = ViewsForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: services.parent_send_views(
            link=link, meeting=meeting, views=form.cleaned_data["views"]
        ),
    ):
        messages.success(
            request,
            _("Thank you. Your views have been sent to the school and will be part of the review."),
        )
        return redirect(_page(token, "meetings"))
    return _form_page(
        request,
        link,
        token,
        form,
        title=_("Your views before the review on %(day)s") % {"day": long_date(meeting.date)},
        intro=_(
            "The school will read your views before the meeting, and they will be printed on "
            "the record of the review."
        ),
    )


@require_http_methods(["GET", "POST"])
@parent_link_view
def review_request(request: HttpRequest, link: ParentLink, case, token: str) -> HttpResponse:
    if not cases.may_ask_for_review(case):
        raise Http404(_("You cannot ask for a review of this yet."))
    # 002: the statutory 10 weeks, or the LA's shorter window (a policy value).
    weeks = case.home_school.local_authority.requested_review_window_weeks
    form = ReviewRequestForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: services.parent_ask_for_review(link=link, reason=form.cleaned_data["reason"]),
    ):
        messages.success(
            request,
            _(
                "Your request for a review has been sent to the school in writing, dated "
                "today. The school will contact you about a meeting."
            ),
        )
        return redirect(_page(token, "review"))
    return _form_page(
        request,
        link,
        token,
        form,
        title=_("Ask for a review"),
        intro=ngettext(
            "You can ask the school in writing to review the off-site direction. The school "
            "must hold a review as soon as it can, unless a review meeting was held in the "
            "last week. Your request is dated the day you send it.",
            "You can ask the school in writing to review the off-site direction. The school "
            "must hold a review as soon as it can, unless a review meeting was held in the "
            "last %(weeks)d weeks. Your request is dated the day you send it.",
            weeks,
        )
        % {"weeks": weeks},
    )


@require_POST
@parent_link_view
def language(request: HttpRequest, link: ParentLink, case, token: str) -> HttpResponse:
    form = LanguageForm(request.POST)
    if form.is_valid() and guarded(
        form,
        lambda: services.parent_choose_language(link=link, language=form.cleaned_data["language"]),
    ):
        with translation.override(_language(link) or "en"):  # the page's language from now
            messages.success(
                request, _("Saved. Your future letters will be in the language you chose.")
            )
    return redirect(_page(token, "language"))


@require_http_methods(["GET", "POST"])
@parent_link_view
def email_change(request: HttpRequest, link: ParentLink, case, token: str) -> HttpResponse:
    form = EmailForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: services.parent_ask_email_change(link=link, new_email=form.cleaned_data["email"]),
    ):
        messages.success(
            request,
            _(
                "We have sent an email to %(email)s. Open the link in it to confirm your new "
                "address. Until then, we keep writing to your current address."
            )
            % {"email": form.cleaned_data["email"]},
        )
        return redirect(_page(token, "email"))
    return _form_page(
        request,
        link,
        token,
        form,
        title=_("Change your email address"),
        intro=_("We send your letters to %(email)s.") % {"email": link.parent.email},
    )


@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link emailed to the new address: GET shows a button (mail scanners open links),
    POST confirms and opens the parent's page with a new link."""
    wait = ratelimit.retry_after(request, hashlib.sha256(token.encode()).hexdigest())
    if wait:
        return _too_many(request, wait)
    change = services.email_change_find(token, now=timezone.now())
    if change is None:
        return _ended(request, None)
    if request.method == "POST":
        try:
            _parent, new_token = services.parent_confirm_email(change=change)
        except GuardError:
            return _ended(request, None)
        messages.success(request, _("Your email address has been changed."))
        return _private(redirect(_page(new_token)))
    return _private(
        render(
            request,
            "parents/email_confirm.html",
            {"change": change, "school": change.parent.pupil.school},
        )
    )


# Staff ---------------------------------------------------------------------------------


@require_POST
@login_required
def link_revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    """Staff who may change the pupil's record stop a parent's link working at once."""
    link = access.get_parent_link_for_user(request.membership, link_id, write=True)
    services.link_revoke(link=link, by=request.user)
    messages.success(
        request,
        _("The link of %(name)s no longer works. Their next letter's email brings a new one.")
        % {"name": link.parent.name},
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = link.case.get_absolute_url() if link.case else "/"
    return redirect(back)
