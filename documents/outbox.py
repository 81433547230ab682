"""The parent letter outbox: one letter (a stored PDF) to the parents of a pupil, one outbox row
per email address, delivered by documents.tasks with retries; the rest go by post.

Reused by every case type: a case makes its PDF, then calls `letter_send`. Sources: letters go
"to the parents" (003_db4daf6c9cf2ba51.txt, template 5 and the Review section: "a written
invitation to parents"; 002_decd2720d6352690.txt: the decision "communicated to the parent/carer"
in writing) — that is, to each parent with parental responsibility. Template 1 asks whether
"another parent with parental responsibility" exists, so every such parent gets the letter: by
email when Waymark has an address, otherwise by post.

Delivery never sends twice: a message is claimed (queued → sending) by one atomic UPDATE before
the mail server is called; a second delivery of the task, or a second worker, claims nothing.
"""

import datetime
import hashlib
import logging
import secrets
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.utils import formataddr, parseaddr

from celery import current_app
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError

from cases.guards import GuardError
from cases.pupils.languages import letter_languages
from cases.pupils.models import ParentCarer, Pupil
from documents import printing
from documents.models import GeneratedDocument, Letter, OutboxMessage, made_for
from documents.rendering import one_line
from documents.signals import letter_failed, parent_email_link
from tenancy.models import User
from ui.templatetags.govuk_extras import govuk_datetime

logger = logging.getLogger(__name__)
DELIVER_TASK = "documents.tasks.deliver_outbox_message"
State = OutboxMessage.State
Document = GeneratedDocument.State

# A message is tried this many times (the first try and its retries) before it is marked failed.
# Tries, and the wait after the nth failure: 1, 2, 4 ... 128 minutes, then every 4 hours, so
# the tries span more than a day: a mail server down overnight loses no letter (issue 13).
MAX_ATTEMPTS = 14
RETRY_BACKOFF = 60
RETRY_BACKOFF_MAX = 4 * 60 * 60
# A send's lease: a message claimed this long ago and never marked sent or failed lost its
# worker mid-send. It may or may not have gone out; the sweep sends it again with the same
# Message-ID (so mail programs can recognise a copy) rather than let it wait for ever
# (issue 13). Until the sweep does, its status says delivery is uncertain.
UNCERTAIN_AFTER = datetime.timedelta(minutes=15)
# A new letter's own task normally delivers it within seconds; the sweep leaves it that long.
SWEEP_GRACE = datetime.timedelta(minutes=1)
SMTP_TIMEOUT = 30  # seconds; a mail server that never answers must not hold a worker forever


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`th failed try (exponential, capped)."""
    seconds = RETRY_BACKOFF * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, RETRY_BACKOFF_MAX))


# Recipients ------------------------------------------------------------------------------

# A subject or email text: a string, or a function that writes it (called in the recipient's
# language, so each parent's email is in the language of their letter).
Text = str | Callable[[], str]


@dataclass
class EmailRecipient:
    name: str
    email: str
    parents: list[ParentCarer] = field(default_factory=list)

    @property
    def parent(self) -> ParentCarer | None:
        return self.parents[0] if self.parents else None


@dataclass(frozen=True)
class Copy:
    """A copy named on a letter to parents ("Copy sent to:"): the line the letter prints, and
    whom the outbox sends it to. One function per letter (cases.directions.letter_contexts
    `letter_copies`) makes both, so the list printed and the copies sent agree."""

    line: str
    to_name: str
    email: str = ""
    # What to do when there is no email address to send it to, in words for the office.
    fix: str = ""


@dataclass
class Recipients:
    """Who a letter to this pupil's parents goes to, and how: each parent with parental
    responsibility gets a letter of their own (issue 14), by email or by post, and each copy
    named on the letter goes to its own address."""

    by_email: list[EmailRecipient]
    by_post: list[dict]
    without_responsibility: list[ParentCarer]
    copies: list[Copy] = field(default_factory=list)

    @property
    def anyone(self) -> bool:
        return bool(self.by_email or self.by_post)

    @property
    def parents(self) -> list[ParentCarer]:
        """Every parent who gets a letter, in the order they were recorded."""
        posted = {entry["parent_id"] for entry in self.by_post}
        return sorted(
            [r.parent for r in self.by_email if r.parent is not None]
            + list(ParentCarer.objects.filter(pk__in=posted)),
            key=lambda parent: parent.pk,
        )

    @property
    def copies_by_email(self) -> list[Copy]:
        return [copy for copy in self.copies if copy.email]

    @property
    def copies_by_post(self) -> list[Copy]:
        """Copies with no email address: listed for the office to post, never dropped."""
        return [copy for copy in self.copies if not copy.email]


def _post_entry(parent: ParentCarer) -> dict:
    """A parent's letter to post. A withheld address is kept apart from "address", so a page
    that prints entries as they are shows no address (post_address decides who sees it)."""
    address = parent.postal_address
    entry = {
        "parent_id": parent.pk,
        "name": parent.name,
        "relationship": parent.relationship,
        "address": "" if parent.address_withheld else address,
    }
    if parent.address_withheld:
        entry |= {"withheld": True, "withheld_address": address}
    return entry


def post_address(entry: dict, *, show_withheld: bool = False) -> str:
    """The address of an entry to post as a page shows it: "Address withheld" for a parent
    whose address is not disclosed, unless the person may read safeguarding detail
    (access.can_view_safeguarding); "No email address" for a copy with nowhere to send it."""
    if entry.get("withheld"):
        return entry.get("withheld_address", "") if show_withheld else _("Address withheld")
    if entry.get("copy"):
        return _("No email address: send it by post")
    return entry.get("address", "")


def post_line(entry: dict, *, show_withheld: bool = False) -> str:
    """ "Darren Walker, 12 High Street, Worcester", as a page lists a letter to post."""
    address = post_address(entry, show_withheld=show_withheld)
    return f"{entry['name']}, {one_line(address)}" if address else entry["name"]


def letter_recipients(pupil: Pupil, *, copies: Sequence[Copy] = ()) -> Recipients:
    """Parents with parental responsibility, each to get a letter of their own: by email when
    Waymark has their address, else by post to their own address (or the pupil's home address
    when none is recorded). `copies` are the copies named on the letter."""
    by_email, by_post, without = [], [], []
    for parent in ParentCarer.objects.filter(pupil=pupil).select_related("pupil").order_by("pk"):
        if not parent.parental_responsibility:
            without.append(parent)
            continue
        email = parent.email.strip()
        if email:
            by_email.append(EmailRecipient(name=parent.name, email=email, parents=[parent]))
        else:
            by_post.append(_post_entry(parent))
    return Recipients(by_email, by_post, without, list(copies))


def ensure_someone_to_write_to(pupil: Pupil, recipients: Recipients) -> None:
    if not recipients.anyone:
        raise GuardError(
            _(
                "Nobody with parental responsibility is recorded for %(pupil)s, so there is "
                "nobody to send the letter to. Add the parent or carer on %(pupil)s's page "
                "(Parents and carers), then send it again."
            )
            % {"pupil": pupil.full_name}
        )


# Sending ---------------------------------------------------------------------------------


@dataclass
class Sending:
    """The letters one send made: one per parent, and one per copy named on the letter.

    Read like the one letter a send used to make: `messages` are the parents' emails and
    `by_post` the parents' letters to post."""

    letters: list[Letter]
    copies: list[Letter] = field(default_factory=list)

    @property
    def all(self) -> list[Letter]:
        return [*self.letters, *self.copies]

    @property
    def messages(self) -> QuerySet[OutboxMessage]:
        return OutboxMessage.objects.filter(letter__in=[letter.pk for letter in self.letters])

    @property
    def by_post(self) -> list[dict]:
        return [entry for letter in self.letters for entry in letter.by_post]

    @property
    def copy_messages(self) -> QuerySet[OutboxMessage]:
        return OutboxMessage.objects.filter(letter__in=[letter.pk for letter in self.copies])

    @property
    def copies_by_post(self) -> list[dict]:
        return [entry for letter in self.copies for entry in letter.by_post]


def _text(text: Text) -> str:
    return str(text() if callable(text) else text)


def _valid_email(message: OutboxMessage) -> bool:
    try:
        message.full_clean(exclude=["letter"])
    except ValidationError:
        return False
    return True


@transaction.atomic
def letter_send(
    *,
    pupil: Pupil,
    make: Callable[[ParentCarer | None], GeneratedDocument],
    subject: Text,
    body: Text,
    by: User,
    issued_on: datetime.date | None = None,
    request_key: str | None = None,
    copies: Sequence[Copy] = (),
) -> Sending:
    """Send a letter of its own to each of the pupil's parents with parental responsibility,
    and the copies named on it (issue 14).

    `make(parent)` makes the parent's PDF, addressed to them alone, in their language
    (cases.pupils.languages); `make(None)` makes the copies' PDF, which names no parent's
    address. Each letter is emailed to its one parent (one outbox message, delivered after
    commit), or listed in its `by_post` for the office to print and post. A copy with no email
    address is kept, listed to post. Every letter is dated `issued_on` (today by default).

    Raises GuardError when the pupil has no parent with parental responsibility at all, or a
    parent's email address is not valid: nothing is recorded then. `request_key` (the
    confirmation page's) is shared by the letters of one send and unique per recipient: a
    second send from the same page raises IntegrityError, and the caller's transaction sends
    nothing.
    """
    recipients = letter_recipients(pupil, copies=copies)
    ensure_someone_to_write_to(pupil, recipients)
    issued_on = issued_on or timezone.localdate()
    # Shared by the letters of this send, so a case page shows them together.
    request_key = request_key or secrets.token_urlsafe(24)
    sending, messages = Sending([]), []

    def record(document, **fields) -> Letter:
        if document.pupil_id != pupil.pk:
            raise ValueError("A letter's document must be the same pupil's.")
        letter = Letter(
            pupil=pupil,
            document=document,
            issued_on=issued_on,
            sent_by=by,
            request_key=request_key,
            **fields,
        )
        # The database holds the key unique per recipient (a double click loses there).
        letter.full_clean(validate_unique=False, validate_constraints=False)
        letter.save()
        return letter

    for parent in recipients.parents:
        languages = letter_languages(parent)
        with translation.override(languages[0]):
            document = make(parent)
            words = {"subject": _text(subject)[:200], "body": _text(body)}
        for language in languages[1:]:  # bilingual: the Welsh, then the English (issue 15)
            with translation.override(language):
                words["subject"] = f"{words['subject']} / {_text(subject)}"[:200]
                words["body"] = f"{words['body']}\n\n{_text(body)}"
        email = parent.email.strip()
        letter = record(
            document,
            parent=parent,
            to_name=parent.name[:200],
            by_post=[] if email else [_post_entry(parent)],
            **words,
        )
        sending.letters.append(letter)
        if not email:
            continue
        message = OutboxMessage(
            letter=letter, parent=parent, to_name=parent.name[:150], to_email=email
        )
        if not _valid_email(message):
            raise GuardError(
                _(
                    "The email address of %(name)s, “%(email)s”, is not a valid address. "
                    "Correct it on %(pupil)s's page, then send the letter again."
                )
                % {"name": parent.name, "email": email, "pupil": pupil.full_name}
            )
        messages.append(message)

    if recipients.copies:
        document = make(None)
        words = {
            "subject": _text(subject)[:200],
            "body": _(
                "Please find attached, for your information, a copy of our letter to the "
                "parents and carers of %(pupil)s. It names you as a recipient of a copy."
            )
            % {"pupil": pupil.full_name},
        }
        for copy in recipients.copies:
            message = OutboxMessage(to_name=copy.to_name[:150], to_email=copy.email.strip())
            sendable = bool(message.to_email) and _valid_email(message)
            letter = record(
                document,
                is_copy=True,
                to_name=copy.to_name[:200],
                by_post=[]
                if sendable
                else [{"name": copy.to_name, "address": "", "copy": True, "fix": copy.fix}],
                **words,
            )
            sending.copies.append(letter)
            if sendable:
                message.letter = letter
                messages.append(message)

    OutboxMessage.objects.bulk_create(messages)
    for message in messages:
        transaction.on_commit(lambda pk=message.pk: enqueue(pk), robust=True)
    return sending


def letter_already_sent(request_key: str | None) -> bool:
    """Whether the confirmation page with this key has sent its letters already."""
    return bool(request_key) and Letter.objects.filter(request_key=request_key).exists()


def letter_issued_on(kind: str, about) -> datetime.date | None:
    """The day the letter of this kind about this record (a case, a meeting) was last issued,
    or None if it never was: a copy made later prints that date, not the day it is printed."""
    return (
        Letter.objects.filter(
            document__kind=kind,
            document__content_type=ContentType.objects.get_for_model(about),
            document__object_id=about.pk,
            issued_on__isnull=False,
        )
        .order_by("-issued_on", "-pk")
        .values_list("issued_on", flat=True)
        .first()
    )


@transaction.atomic
def letter_send_to_inbox(
    *,
    pupil: Pupil,
    document: GeneratedDocument,
    subject: str,
    body: str,
    to_name: str,
    to_email: str,
    by: User,
) -> Letter:
    """Send `document` to one organisation's inbox (the LA's PSP copies, transport or education
    safeguarding address, a policy value of the LA): one outbox message, delivered, retried and
    shown exactly like a letter to parents.

    Raises GuardError when the LA has no address set for it: nothing is recorded then.
    """
    if document.pupil_id != pupil.pk:
        raise ValueError("A letter's document must be the same pupil's.")
    to_email = (to_email or "").strip()
    if not to_email:
        raise GuardError(
            _(
                "%(to)s has no email address in Waymark, so the copy cannot be sent. Ask your "
                "LA's admin to add it under LA settings, then send it again."
            )
            % {"to": to_name}
        )
    letter = Letter(
        pupil=pupil,
        document=document,
        subject=subject,
        body=body,
        sent_by=by,
        to_name=to_name[:200],
        issued_on=timezone.localdate(),
    )
    letter.full_clean()
    letter.save()
    message = OutboxMessage(letter=letter, to_name=to_name[:150], to_email=to_email)
    try:
        message.full_clean(exclude=["letter"])
    except ValidationError:
        raise GuardError(
            _(
                "The address of %(to)s, “%(email)s”, is not a valid email address. Ask your "
                "LA's admin to correct it under LA settings, then send it again."
            )
            % {"to": to_name, "email": to_email}
        ) from None
    message.save()
    transaction.on_commit(lambda: enqueue(message.pk), robust=True)
    return letter


def enqueue(message_id: int) -> bool:
    """Hand a message to the workers. When the broker is down the row simply stays queued and
    the beat sweep (documents.tasks.deliver_queued_letters) delivers it later. The task is named,
    not imported: documents.tasks calls this module (registered by DocumentsConfig.ready)."""
    try:
        current_app.signature(DELIVER_TASK, args=(message_id,)).delay()
    except (OperationalError, OSError) as error:
        logger.warning("Could not queue outbox message %s (%s); the sweep will", message_id, error)
        return False
    return True


@transaction.atomic
def message_retry(message: OutboxMessage, by: User, *, now: datetime.datetime | None = None):
    """A person sends a failed message, or one whose delivery is uncertain, again."""
    now = now or timezone.now()
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if not (message.state == State.FAILED or is_uncertain(message, now=now)):
        raise GuardError(_("This email has already been sent, or is waiting to be sent."))
    message.state = State.QUEUED
    message.attempts = 0
    message.last_error = ""
    message.claimed_at = None
    message.save(update_fields=["state", "attempts", "last_error", "claimed_at"])
    logger.info("Outbox message %s queued again by user %s", message.pk, by.pk)
    document = message.letter.document
    if printing.document_retry(document):  # its PDF failed: make it first; that sends this
        letters_wait_for_pdf_again(document)
        printing.enqueue_on_commit(document.pk)
        return message
    transaction.on_commit(lambda pk=message.pk: enqueue(pk), robust=True)
    return message


# Delivery (called by documents.tasks) ----------------------------------------------------


class TemporaryDeliveryError(Exception):
    """The mail server could not take the message now; the row is queued again to retry."""


class _PermanentError(Exception):
    """Trying again cannot help (the PDF is gone, the address is refused)."""


def message_deliver(message_id: int, *, now: datetime.datetime | None = None) -> str:
    """Claim the message and send it. Returns "sent", "failed" or "skipped" (nothing to claim:
    already sent, being sent, or failed). Raises TemporaryDeliveryError, with the row put back
    to queued and the error recorded, when another try may succeed."""
    now = now or timezone.now()
    # The claim commits on its own before anything is sent: from here on no other delivery of
    # this row can start, and a crash leaves it "sending" for a person to look at. A letter
    # whose PDF the worker has not made yet is not claimed: making it queues its emails.
    claimed = OutboxMessage.objects.filter(
        pk=message_id, state=State.QUEUED, letter__document__state=Document.READY
    ).update(state=State.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    if not claimed:
        _fail_if_no_pdf(message_id)
        return "skipped"
    message = OutboxMessage.objects.select_related(
        "letter__document__pupil", "letter__pupil__school"
    ).get(pk=message_id)
    try:
        email = build_email(message)
        email.connection = get_connection(timeout=settings.EMAIL_TIMEOUT or SMTP_TIMEOUT)
        email.send()
    except _PermanentError as error:
        _finish(message, State.FAILED, str(error))
        return "failed"
    except ValueError as error:
        # BadHeaderError, or an address Django cannot encode: raised while the email is put
        # together, before the server is asked, and the same on every try (issue 13, finding 5).
        logger.warning("Outbox message %s cannot be made into an email: %s", message.pk, error)
        _finish(message, State.FAILED, unsendable_reason(message))
        return "failed"
    except smtplib.SMTPRecipientsRefused:
        _finish(
            message,
            State.FAILED,
            _("The mail server refused the address %(email)s. Check it with the parent.")
            % {"email": message.to_email},
        )
        return "failed"
    except (smtplib.SMTPException, OSError) as error:
        text = describe_error(error)
        if message.attempts >= MAX_ATTEMPTS:
            _finish(message, State.FAILED, text)
            return "failed"
        _finish(message, State.QUEUED, text)
        raise TemporaryDeliveryError(text) from error
    # Recorded whatever the row says now: it has gone, so it must never be sent again.
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=State.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def _fail_if_no_pdf(message_id: int) -> None:
    """A message queued after its PDF failed (the worker was quicker than the letter's commit)
    fails as the others did, instead of waiting for ever."""
    message = (
        OutboxMessage.objects.select_related("letter__document")
        .filter(pk=message_id, state=State.QUEUED, letter__document__state=Document.FAILED)
        .first()
    )
    if message is not None:
        letters_pdf_failed(message.letter.document)


def letters_pdf_ready(document: GeneratedDocument) -> int:
    """The worker made a letter's PDF: its emails go now (documents.tasks.make_document)."""
    waiting = list(
        OutboxMessage.objects.filter(letter__document=document, state=State.QUEUED).values_list(
            "pk", flat=True
        )
    )
    for message_id in waiting:
        enqueue(message_id)
    return len(waiting)


def letters_pdf_failed(document: GeneratedDocument) -> int:
    """The worker could not make a letter's PDF: its emails fail with the reason (the letter's
    page offers "Send again", which makes the PDF again), and the case hears of it."""
    reason = _("The letter's PDF could not be made: %(why)s") % {"why": document.error}
    failed = 0
    for letter in Letter.objects.filter(document=document, messages__state=State.QUEUED).distinct():
        failed += letter.messages.filter(state=State.QUEUED).update(
            state=State.FAILED, last_error=reason[:300]
        )
        letter_failed.send(sender=OutboxMessage, letter=letter)
    return failed


def letters_wait_for_pdf_again(document: GeneratedDocument) -> int:
    """A person asked for a failed PDF again: the emails that failed for want of it (never
    tried: no attempts) wait for it again."""
    return OutboxMessage.objects.filter(
        letter__document=document, state=State.FAILED, attempts=0
    ).update(state=State.QUEUED, last_error="", claimed_at=None)


def _finish(message: OutboxMessage, state: str, error: str) -> None:
    OutboxMessage.objects.filter(pk=message.pk, state=State.SENDING).update(
        state=state, last_error=error[:300]
    )
    logger.warning("Outbox message %s not sent (%s): %s", message.pk, state, error)
    if state == State.FAILED:
        # The case's deadlines may depend on it: a notice that reached nobody is not met.
        letter_failed.send(sender=OutboxMessage, letter=message.letter)


def unsendable_reason(message: OutboxMessage) -> str:
    """Why an email could not be made, and what to correct: a line break or another control
    character (saved before the forms refused them) cannot go in an email's header. Sending
    the same row again cannot help, as it keeps the name and subject it was made with."""

    def broken(text: str) -> bool:
        return any(ord(c) < 32 or ord(c) == 127 for c in text)

    if broken(message.to_name) or broken(message.to_email):
        where = _("the name or email address of %(name)s") % {
            "name": " ".join(message.to_name.split())[:60]
        }
        fix = _("Correct it under Parents and carers on the pupil's page")
    elif broken(message.letter.subject):
        where = _("the subject, which has the pupil's name in it,")
        fix = _("Correct the pupil's name on the pupil's page")
    else:
        where = _("a name or address in it")
        fix = _("Check the parents' names and email addresses on the pupil's page")
    return _(
        "This email cannot be sent: %(where)s has a line break or another character that "
        "emails cannot carry. %(fix)s, then make the letter again."
    ) % {"where": where, "fix": fix}


def describe_error(error: BaseException) -> str:
    """A short, plain description for the case page: never the server's full reply or secrets."""
    if isinstance(error, TimeoutError) or (
        isinstance(error, smtplib.SMTPServerDisconnected)
        and isinstance(error.__context__, TimeoutError)
    ):
        # smtplib reports a greeting or reply that never came as "Connection unexpectedly
        # closed: timed out" (SMTPServerDisconnected); the server did not close it, it hung.
        return _("The mail server did not answer in time.")
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return _("The mail server refused Waymark's sign-in. Tell your Waymark administrator.")
    if isinstance(error, smtplib.SMTPResponseException):
        return _("The mail server answered with error %(code)s.") % {"code": error.smtp_code}
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return _("The mail server closed the connection.")
    if isinstance(error, ConnectionRefusedError):
        return _("The mail server could not be reached: connection refused.")
    if isinstance(error, OSError):
        reason = (error.strerror or type(error).__name__)[:80]
        return _("The mail server could not be reached: %(reason)s.") % {"reason": reason}
    return _("The mail server could not take the message (%(kind)s).") % {
        "kind": type(error).__name__
    }


def _message_id(message: OutboxMessage) -> str:
    # The same message always carries the same Message-ID, so should it ever be delivered twice
    # (a crash after the server took it) mail programs can recognise the copy.
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "waymark.invalid"
    return f"<waymark-letter-{message.letter_id}-message-{message.pk}@{domain}>"


def attachment_name(document: GeneratedDocument) -> str:
    """direction-letter-jayden-walker.pdf: the UPN in the stored name stays inside the school
    (the DfE asks that UPNs are not passed outside the education system)."""
    pupil = document.pupil
    return f"{document.kind.replace('_', '-')}-{slugify(pupil.full_name)}.pdf"


def build_email(message: OutboxMessage) -> EmailMessage:
    """The email for one recipient, with the letter's PDF (checked against its checksum)."""
    letter = message.letter
    document = letter.document
    try:
        with document.file.open("rb") as handle:
            pdf = handle.read()
    except (OSError, ValueError) as error:
        raise _PermanentError(
            _("The letter's PDF can no longer be opened. Make the letter again.")
        ) from error
    if hashlib.sha256(pdf).hexdigest() != document.checksum:
        logger.error("Document %s does not match its checksum; not sending", document.pk)
        raise _PermanentError(
            _("The letter's PDF has changed since it was made. Make the letter again.")
        )
    school = letter.pupil.school
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    # The worker has no language of its own: the parent's, Welsh then English when both.
    languages = letter_languages(message.parent) if message.parent_id else ("en-gb",)
    with translation.override(languages[0]):
        body = _("Dear %(name)s,\n\n%(body)s\n\n%(school)s\n") % {
            "name": message.to_name,
            "body": letter.body,
            "school": school.name,
        }
    for url in parent_page_links(message):
        for language in languages:
            with translation.override(language):
                body += (
                    "\n"
                    + _(
                        "You can read your letters, tell us you have received this one, and "
                        "reply at: %(url)s (this link is personal to you and works for 30 days)"
                    )
                    % {"url": url}
                    + "\n"
                )
    email = EmailMessage(
        subject=letter.subject,
        body=body,
        from_email=formataddr((school.name, sender)) if sender else None,
        to=[formataddr((message.to_name, message.to_email))],
        reply_to=[school.email] if school.email else None,
        headers={"Message-ID": _message_id(message)},
    )
    email.attach(attachment_name(document), pdf, "application/pdf")
    return email


def parent_page_links(message: OutboxMessage) -> list[str]:
    """The parent's own page for this letter's case (issue 14), issued by whichever app
    answers documents.signals.parent_email_link; a failure there never stops the letter."""
    if message.parent_id is None and message.letter.parent_id is None:
        return []  # a copy to an organisation's inbox
    urls = []
    for _receiver, answer in parent_email_link.send_robust(sender=OutboxMessage, message=message):
        if isinstance(answer, Exception):
            logger.error("No parent link for outbox message %s: %r", message.pk, answer)
        elif answer:
            urls.append(answer)
    return urls


def reclaim_lost_sends(*, now: datetime.datetime) -> int:
    """Put back in the queue the messages whose worker died mid-send (their lease is over),
    saying so on the message; one already tried MAX_ATTEMPTS times is marked failed."""
    stale = OutboxMessage.objects.filter(state=State.SENDING, claimed_at__lte=now - UNCERTAIN_AFTER)
    note = _(
        "Waymark stopped while sending this and did not hear whether it went; it is being sent "
        "again with the same Message-ID."
    )
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(state=State.FAILED, last_error=note)
    queued = stale.update(state=State.QUEUED, last_error=note, claimed_at=now - UNCERTAIN_AFTER)
    if failed or queued:
        logger.warning("Outbox: %s lost sends queued again, %s failed", queued, failed)
    return queued


def queued_due(*, now: datetime.datetime) -> list[int]:
    """Queued messages the sweep should hand to the workers again: never tried (their task may
    have been lost with the broker) or past their backoff since the last try."""
    due = []
    rows = OutboxMessage.objects.filter(
        state=State.QUEUED, letter__document__state=Document.READY
    ).values_list("pk", "attempts", "claimed_at", "letter__created_at")
    for pk, attempts, claimed_at, created_at in rows:
        last = claimed_at or created_at
        wait = retry_delay(attempts) if claimed_at else SWEEP_GRACE
        if last + wait <= now:
            due.append(pk)
    return due


# What a person sees ----------------------------------------------------------------------


def is_uncertain(message: OutboxMessage, *, now: datetime.datetime) -> bool:
    return (
        message.state == State.SENDING
        and message.claimed_at is not None
        and message.claimed_at <= now - UNCERTAIN_AFTER
    )


@dataclass(frozen=True)
class Status:
    label: str
    colour: str  # a govuk-tag modifier
    detail: str = ""
    can_retry: bool = False


def message_status(message: OutboxMessage, *, now: datetime.datetime) -> Status:
    """How one recipient's email stands, in the words a school office uses."""
    if message.state == State.SENT:
        return Status(
            gettext_lazy("Sent"),
            "green",
            _("Sent at %(when)s") % {"when": govuk_datetime(message.sent_at)}
            if message.sent_at
            else "",
        )
    if message.state == State.FAILED:
        return Status(
            gettext_lazy("Not sent"),
            "red",
            message.last_error or _("Waymark gave up after repeated errors."),
            can_retry=True,
        )
    if is_uncertain(message, now=now):
        return Status(
            gettext_lazy("Delivery uncertain"),
            "orange",
            _(
                "Waymark started sending this at %(time)s but never heard whether it went. It "
                "sends it again within minutes, with the same Message-ID, unless you do now."
            )
            % {"time": govuk_datetime(message.claimed_at)},
            can_retry=True,
        )
    if message.state == State.SENDING:
        return Status(gettext_lazy("Sending"), "light-blue")
    if message.last_error:
        return Status(
            gettext_lazy("Waiting to send"),
            "yellow",
            _("%(error)s Waymark will try again by itself (%(n)s of %(max)s tries so far).")
            % {"error": message.last_error, "n": message.attempts, "max": MAX_ATTEMPTS},
        )
    return Status(gettext_lazy("Waiting to send"), "grey")


def emails_with_status(letter: Letter, *, now: datetime.datetime) -> list[dict]:
    """Each email of a letter with its status, as every case page lists them."""
    emails = list(letter.messages.all())
    # Asked only when an email waits: the letter's document is then read (one query at most).
    if any(m.state == State.QUEUED for m in emails) and letter.document.in_progress:
        waiting = Status(
            gettext_lazy("Waiting for the PDF"),
            "grey",
            _("Waymark is making the letter's PDF. The email goes as soon as it is ready."),
        )
        return [
            {
                "message": m,
                "status": waiting if m.state == State.QUEUED else message_status(m, now=now),
            }
            for m in emails
        ]
    return [{"message": m, "status": message_status(m, now=now)} for m in emails]


def letters_about(case, *parts: QuerySet, copies: bool = False) -> QuerySet[Letter]:
    """Letters whose PDF was made for this case or one of `parts` (the case's meetings or
    reviews), newest first, with their emails. Every case type's page lists its letters so.

    The copies named on a letter to parents (to School Admissions, the social worker...) only
    with `copies`: a deadline met by a letter reaching the parents never counts them."""
    letters = Letter.objects.filter(
        made_for(case, *parts, via="document__"), pupil_id=case.pupil_id
    )
    if not copies:
        letters = letters.filter(is_copy=False)
    return letters.select_related("document", "sent_by", "parent").prefetch_related("messages")


@dataclass
class SentTogether:
    """The letters of one send (one confirmation page), as a case page shows them: the same
    subject, each parent's letter and each copy with its own status."""

    first: Letter
    letters: list[Letter] = field(default_factory=list)

    @property
    def subject(self) -> str:
        return self.first.subject

    @property
    def parents(self) -> list[Letter]:
        return [letter for letter in self.letters if not letter.is_copy]

    @property
    def copies(self) -> list[Letter]:
        return [letter for letter in self.letters if letter.is_copy]


def sent_together(letters) -> list[SentTogether]:
    """Letters grouped by the send that made them (their shared request_key), newest first;
    a letter sent on its own (an inbox copy, a letter from before issue 14) is its own group."""
    groups: dict = {}
    for letter in letters:
        key = letter.request_key or ("letter", letter.pk)
        group = groups.setdefault(key, SentTogether(first=letter))
        group.letters.append(letter)
    for group in groups.values():
        group.letters.sort(key=lambda letter: (letter.is_copy, letter.pk))
    return list(groups.values())
