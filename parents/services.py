"""What a parent does through their link, and what staff do to the links: one service per
action, each recorded for the case's history with the parent's name (ParentAction).

Sources: 002_decd2720d6352690.txt (a written request for a review: held as soon as practicable
unless a review meeting was held in the previous 10 weeks); 003_db4daf6c9cf2ba51.txt template 4
("Parents' written views" before a review). Issue 14 is the rest.
"""

import datetime
import hashlib
import logging
import secrets
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from cases.directions.models import Direction
from cases.directions.services import direction_record_review_request
from cases.guards import GuardError
from cases.pupils.models import ParentCarer
from documents.models import Letter, OutboxMessage
from parents.cases import case_of_document, kind_of, letters_to, may_ask_for_review
from parents.models import (
    EMAIL_CONFIRMATION_LIFETIME,
    LINK_LIFETIME,
    EmailChange,
    ParentAction,
    ParentLink,
)
from reviews.models import Meeting, MeetingReply, ReviewRequest
from reviews.notifications import notify
from tenancy.models import User
from ui.formats import long_date

logger = logging.getLogger(__name__)
CONFIRM_TASK = "parents.tasks.email_confirmation"
Kind = ParentAction.Kind


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh random token and its hash; only the hash is ever stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def page_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("parent-page", args=[token])


# Links -----------------------------------------------------------------------------------


def link_issue(
    *,
    parent: ParentCarer,
    case,
    message: OutboxMessage | None = None,
    now: datetime.datetime | None = None,
) -> tuple[ParentLink, str]:
    """A new personal link for this parent and case; returns it with its token, which the
    caller puts in the email and nothing keeps."""
    if kind_of(case) is None:
        raise ValueError(f"A parent's link does not open a {type(case).__name__}.")
    if parent.pupil_id != case.pupil_id:
        raise ValueError("A parent's link opens their own child's case only.")
    now = now or timezone.now()
    token, token_hash = new_token()
    link = ParentLink(
        parent=parent,
        case_type=ContentType.objects.get_for_model(case),
        case_id=case.pk,
        token_hash=token_hash,
        message=message,
        created_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    link.full_clean()
    link.save()
    return link, token


def link_for_email(message: OutboxMessage) -> str | None:
    """The address of the parent's page for the case of the letter this email carries, or
    None (a copy to an organisation, a case type parents' links do not open)."""
    letter = message.letter
    parent = letter.parent or message.parent
    if parent is None:
        return None
    case = case_of_document(letter.document)
    if case is None or case.pupil_id != parent.pupil_id:
        return None
    _link, token = link_issue(parent=parent, case=case, message=message)
    return page_url(token)


@dataclass(frozen=True)
class Found:
    """What a token opens: a usable link, an expired or revoked one, or nothing."""

    link: ParentLink | None
    usable: bool


def link_find(token: str, *, now: datetime.datetime) -> Found:
    """The link whose hash matches the token. A known and an unknown token take the same path
    (one query by hash), so the time taken tells a guesser nothing."""
    link = (
        ParentLink.objects.select_related("parent__pupil__school", "case_type")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    return Found(link, bool(link and link.is_usable(now)))


def link_touch(link: ParentLink, *, now: datetime.datetime) -> None:
    """Record when the link was last used (at most once a minute: no write per page view)."""
    if link.last_used_at is None or now - link.last_used_at > datetime.timedelta(minutes=1):
        ParentLink.objects.filter(pk=link.pk).update(last_used_at=now)
        link.last_used_at = now


@transaction.atomic
def link_revoke(*, link: ParentLink, by: User | None, reason: str = "") -> ParentLink:
    """The school stops a link working at once (a forwarded email, a lost phone)."""
    if link.revoked_at is not None:
        return link
    link.revoked_at = timezone.now()
    link.revoked_by = by
    link.revoked_reason = reason or _("Revoked by the school")
    link.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    return link


def active_links(case, *, now: datetime.datetime):
    """The case's links that still work, newest first, for its page's list."""
    return ParentLink.objects.filter(
        case_type=ContentType.objects.get_for_model(case),
        case_id=case.pk,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).select_related("parent")


# What a parent does ----------------------------------------------------------------------


def _record(link: ParentLink, kind: str, *, now, **fields) -> ParentAction:
    action = ParentAction(
        kind=kind,
        parent=link.parent,
        parent_name=link.parent.name,
        case_type_id=link.case_type_id,
        case_id=link.case_id,
        link=link,
        at=now,
        **fields,
    )
    action.full_clean(validate_constraints=False)
    action.save()
    return action


def _ensure_usable(link: ParentLink, now: datetime.datetime) -> None:
    if not link.is_usable(now):
        raise GuardError(_("This link no longer works. Ask the school for a new link."))


def _parent_label(name: str) -> str:
    return _("%(name)s (parent or carer)") % {"name": name}


@transaction.atomic
def parent_acknowledge(
    *, link: ParentLink, letter: Letter, now: datetime.datetime | None = None
) -> ParentAction:
    """The parent confirms they have received a letter (the first time counts)."""
    now = now or timezone.now()
    _ensure_usable(link, now)
    if not letters_to(link.parent, link.case).filter(pk=letter.pk).exists():
        raise ValueError("A parent confirms only their own letters.")
    done = ParentAction.objects.filter(kind=Kind.RECEIVED, parent=link.parent, letter=letter)
    if (existing := done.first()) is not None:
        return existing
    try:
        with transaction.atomic():
            return _record(link, Kind.RECEIVED, now=now, letter=letter, detail=letter.subject)
    except IntegrityError:  # the same button pressed twice at once
        return done.get()


def _meeting_of(link: ParentLink, meeting: Meeting, now: datetime.datetime) -> Direction:
    direction = link.case
    if not isinstance(direction, Direction) or meeting.direction_id != direction.pk:
        raise ValueError("A parent answers only their own child's meetings.")
    if meeting.held or meeting.date < timezone.localdate(now):
        raise GuardError(_("This meeting has already taken place."))
    return direction


@transaction.atomic
def parent_answer_attendance(
    *, link: ParentLink, meeting: Meeting, attending: bool, now: datetime.datetime | None = None
) -> MeetingReply:
    """The parent says whether they will come to a review meeting (the latest answer counts)."""
    now = now or timezone.now()
    _ensure_usable(link, now)
    _meeting_of(link, meeting, now)
    answer = MeetingReply.Attending.YES if attending else MeetingReply.Attending.NO
    reply = MeetingReply(
        meeting=meeting,
        parent=link.parent,
        parent_name=link.parent.name,
        attending=answer,
        sent_at=now,
    )
    reply.full_clean()
    reply.save()
    _record(link, Kind.ATTENDING, now=now, meeting_on=meeting.date, detail=answer)
    return reply


@transaction.atomic
def parent_send_views(
    *, link: ParentLink, meeting: Meeting, views: str, now: datetime.datetime | None = None
) -> MeetingReply:
    """The parent's written views before a review (003 template 4): kept with their name and
    date, shown to the case lead and printed on the review form; the case lead is told."""
    now = now or timezone.now()
    _ensure_usable(link, now)
    direction = _meeting_of(link, meeting, now)
    views = views.strip()
    if not views:
        raise GuardError({"views": _("Enter your views")})
    reply = MeetingReply(
        meeting=meeting,
        parent=link.parent,
        parent_name=link.parent.name,
        views=views,
        sent_at=now,
    )
    reply.full_clean()
    reply.save()
    _record(link, Kind.VIEWS, now=now, meeting_on=meeting.date, detail=views)
    pupil = direction.pupil
    notify(
        users=[direction.case_lead],
        school=direction.home_school,
        pupil=pupil,
        direction=direction,
        key=f"parent-views:{reply.pk}",
        message=_("%(parent)s sent their views before %(pupil)s's review on %(day)s.")
        % {"parent": link.parent.name, "pupil": pupil.full_name, "day": long_date(meeting.date)},
        url=f"{direction.get_absolute_url()}#parent-replies",
        urgent=False,
    )
    return reply


@transaction.atomic
def parent_ask_for_review(
    *, link: ParentLink, reason: str = "", today: datetime.date | None = None
) -> ReviewRequest:
    """The parent asks in writing for a review (002): recorded as a written request received
    today, so the 10-week rule (reviews.rules.must_hold_requested_review, through the
    direction's service) decides whether it must be held; the case lead is told at once. A
    second request on the same day is the same request."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    _ensure_usable(link, now)
    direction = link.case
    if not isinstance(direction, Direction) or not may_ask_for_review(direction):
        raise GuardError(
            _(
                "You can ask for a review once the off-site direction has started. "
                "Contact the school if you need to talk about it before then."
            )
        )
    already = direction.review_requests.filter(parent=link.parent, received_on=today).first()
    if already is not None:
        return already
    request = direction_record_review_request(
        direction=direction,
        requested_by=ReviewRequest.From.PARENTS,
        received_on=today,
        notes=reason.strip(),
        by=None,
        parent=link.parent,
    )
    _record(link, Kind.REVIEW_REQUESTED, now=now, detail=reason.strip())
    pupil = direction.pupil
    if request.must_hold:
        text = _(
            "%(parent)s asked in writing for a review of %(pupil)s's off-site direction. "
            "It must be held as soon as practicable."
        )
    else:
        text = _(
            "%(parent)s asked in writing for a review of %(pupil)s's off-site direction. A "
            "review was held within your LA's window, so it need not be held now."
        )
    notify(
        users=[direction.case_lead],
        school=direction.home_school,
        pupil=pupil,
        direction=direction,
        key=f"parent-review-request:{request.pk}",
        message=(text % {"parent": link.parent.name, "pupil": pupil.full_name})[:300],
        url=direction.get_absolute_url(),
        urgent=True,
    )
    return request


@transaction.atomic
def parent_choose_language(
    *, link: ParentLink, language: str, now: datetime.datetime | None = None
) -> ParentCarer:
    """The parent chooses the language of their future letters."""
    now = now or timezone.now()
    _ensure_usable(link, now)
    if not language or language not in ParentCarer.Language.values:
        raise GuardError({"language": _("Choose the language of your letters")})
    parent = ParentCarer.objects.select_for_update().get(pk=link.parent_id)
    if parent.preferred_language != language:
        parent.preferred_language = language
        parent._change_reason = _parent_label(parent.name)
        parent.save(update_fields=["preferred_language"])
        link.parent.preferred_language = language
        _record(link, Kind.LANGUAGE, now=now, detail=str(ParentCarer.Language(language).label))
    return parent


@transaction.atomic
def parent_ask_email_change(
    *, link: ParentLink, new_email: str, now: datetime.datetime | None = None
) -> EmailChange:
    """The parent gives a new email address. Nothing changes until they open the link the
    worker emails to that address (never sent from the web request)."""
    now = now or timezone.now()
    _ensure_usable(link, now)
    new_email = new_email.strip()
    if new_email.lower() == link.parent.email.strip().lower():
        raise GuardError({"email": _("This is the email address we already have for you")})
    change = EmailChange(
        parent=link.parent,
        link=link,
        new_email=new_email,
        created_at=now,
        expires_at=now + EMAIL_CONFIRMATION_LIFETIME,
    )
    change.full_clean()
    change.save()
    _record(link, Kind.EMAIL_ASKED, now=now, detail=new_email)
    transaction.on_commit(lambda: _queue_confirmation(change.pk), robust=True)
    return change


def _queue_confirmation(change_id: int) -> None:
    """Hand the confirmation email to the worker (the task is named, not imported: it calls
    this module). With the broker down the parent is told nothing went; they may ask again."""
    try:
        current_app.signature(CONFIRM_TASK, args=(change_id,)).delay()
    except (OperationalError, OSError) as error:
        logger.warning("Could not queue email confirmation %s (%s)", change_id, error)


def email_change_send(*, change_id: int, now: datetime.datetime | None = None) -> bool:
    """The worker emails the confirmation link to the new address, once: the row is claimed
    first; a mail failure undoes the claim (the parent may ask again). The token is made here
    and only its hash kept, so it never passes through the broker."""
    now = now or timezone.now()
    token, token_hash = new_token()
    claimed = EmailChange.objects.filter(
        pk=change_id, emailed_at__isnull=True, confirmed_at__isnull=True, expires_at__gt=now
    ).update(emailed_at=now, token_hash=token_hash)
    if not claimed:
        return False
    change = EmailChange.objects.select_related("parent__pupil__school").get(pk=change_id)
    school = change.parent.pupil.school
    language = "cy" if change.parent.preferred_language.startswith("cy") else "en-gb"
    with translation.override(language):
        try:
            send_mail(
                subject=_("Confirm your new email address for letters from %(school)s")
                % {"school": school.name},
                message=render_to_string(
                    "parents/email_confirmation.txt",
                    {
                        "name": change.parent.name,
                        "school": school,
                        "url": settings.SITE_URL.rstrip("/")
                        + reverse("parent-email-confirm", args=[token]),
                        "days": EMAIL_CONFIRMATION_LIFETIME.days,
                    },
                ),
                from_email=None,
                recipient_list=[change.new_email],
            )
        except Exception:  # any mail failure: the parent is told to try again on the page
            logger.exception("Could not email the confirmation of email change %s", change_id)
            EmailChange.objects.filter(pk=change_id).update(emailed_at=None, token_hash="")
            return False
    return True


def email_change_find(token: str, *, now: datetime.datetime) -> EmailChange | None:
    """The waiting change this confirmation token is for, or None (unknown, used, expired)."""
    change = (
        EmailChange.objects.select_related("parent__pupil__school", "link__case_type")
        .filter(token_hash=hash_token(token or ""))
        .exclude(token_hash="")
        .first()
    )
    if change is None or change.confirmed_at is not None or change.expires_at <= now:
        return None
    return change


@transaction.atomic
def parent_confirm_email(
    *, change: EmailChange, now: datetime.datetime | None = None
) -> tuple[ParentCarer, str]:
    """The parent opened the link sent to their new address: it becomes their email. Links
    sent to the old address stop working (it may not have been theirs), and a new one opens
    the same page; returns the parent and the new link's token."""
    now = now or timezone.now()
    change = EmailChange.objects.select_for_update().get(pk=change.pk)
    if change.confirmed_at is not None or change.expires_at <= now:
        raise GuardError(_("This confirmation link has already been used or has expired."))
    parent = ParentCarer.objects.select_for_update().get(pk=change.parent_id)
    parent.email = change.new_email
    parent._change_reason = _parent_label(parent.name)
    parent.full_clean()
    parent.save(update_fields=["email"])
    change.confirmed_at = now
    change.save(update_fields=["confirmed_at"])
    ParentLink.objects.filter(parent=parent, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=_("The parent changed their email address")
    )
    link, token = link_issue(parent=parent, case=change.link.case, now=now)
    _record(link, Kind.EMAIL_CONFIRMED, now=now, detail=change.new_email)
    return parent, token
