"""Generated documents: every PDF Waymark makes and stores, one immutable row per version.

A document is never changed after it is made (no history needed): making it again adds the next
version. What it contains is recorded (safeguarding, SEND detail) so that only people who may
read that detail can download it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.pupils.models import Pupil


def made_for(case, *parts, via: str = "") -> Q:
    """Documents made for a case or one of `parts` (querysets of its meetings or reviews);
    `via` reaches the document from another model, as "document__" from a Letter."""
    scope = Q(
        **{
            f"{via}content_type": ContentType.objects.get_for_model(case),
            f"{via}object_id": case.pk,
        }
    )
    for part in parts:
        scope |= Q(
            **{
                f"{via}content_type": ContentType.objects.get_for_model(part.model),
                f"{via}object_id__in": part.values("pk"),
            }
        )
    return scope


class PdfToMake(models.Model):
    """A PDF asked for in a web request (its HTML printed from the record then, so it says what
    the record said) and made by a worker (documents.printing): WeasyPrint can take a minute on
    a very long record, which must never hold a request."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be made")
        MAKING = "making", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", max_length=255, blank=True)
    checksum = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    state = models.CharField(_("status"), max_length=8, choices=State.choices, default=State.READY)
    # The print HTML, kept until the PDF is made (and after a failure, to try again).
    html = models.TextField(blank=True)
    error = models.CharField(_("why it could not be made"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    made_at = models.DateTimeField(_("made at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

    @property
    def in_progress(self) -> bool:
        return self.state in {self.State.PENDING, self.State.MAKING}


class GeneratedDocument(PdfToMake):
    """One version of a document about a pupil, kept with the record."""

    class Kind(models.TextChoices):
        PUPIL_PASSPORT = "pupil_passport", _("Pupil Passport")
        NOTIFICATION_FORM = "notification_form", _("Off-site Direction Notification Form")
        INITIAL_MEETING_FORM = "initial_meeting_form", _("Initial Meeting Form")
        REVIEW_FORM = "review_form", _("Review Form")
        DIRECTION_LETTER = "direction_letter", _("Letter directing the pupil off-site")
        REVIEW_INVITATION = "review_invitation", _("Invitation to a review meeting")
        DECISION_LETTER = "decision_letter", _("Letter with the review's decision")
        # Back-on-Track (000)
        OFFSITING_SUMMARY = "offsiting_summary", _("Back-on-Track off-siting summary")
        OFFSITING_INVITATION = "offsiting_invitation", _("Invitation to a Back-on-Track meeting")
        # Pastoral Support Programme, reduced timetable, travel assistance (004)
        PSP_INITIAL_MEETING = "psp_initial_meeting", _("PSP Initial Meeting form")
        PSP_REVIEW = "psp_review", _("PSP review")
        RTT_CHECKLIST = "rtt_checklist", _("Reduced timetable checklist")
        TRAVEL_ASSISTANCE_CHANGE = (
            "travel_assistance_change",
            _("Home to School Travel Assistance change request"),
        )

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="documents", verbose_name=_("pupil")
    )
    # What it was made for (a case, a meeting); empty for the passport, which is the pupil's.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField(_("version"))
    includes_safeguarding = models.BooleanField(_("includes safeguarding detail"), default=False)
    includes_send = models.BooleanField(_("includes SEND detail"), default=False)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("generated by"),
    )

    class Meta:
        verbose_name = _("generated document")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # a pupil's documents, newest first (the pupil page's document list)
            models.Index(fields=["pupil", "-created_at"], name="documents_doc_pupil_new_idx"),
            # the sweep's query: documents still to be made (few rows, so a partial index)
            models.Index(
                fields=["state", "claimed_at"],
                condition=Q(state__in=["pending", "making"]),
                name="documents_doc_unmade_idx",
            ),
        ]
        constraints = [
            # NULLs are distinct in a unique index, so documents about nothing need their own.
            models.UniqueConstraint(
                fields=["pupil", "kind", "version"],
                condition=Q(object_id__isnull=True),
                name="documents_generateddocument_unique_version",
            ),
            models.UniqueConstraint(
                fields=["pupil", "kind", "content_type", "object_id", "version"],
                condition=Q(object_id__isnull=False),
                name="documents_generateddocument_unique_version_about",
            ),
            models.CheckConstraint(
                name="documents_generateddocument_about_complete",
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
                violation_error_message=_("A document is about both a type and a record, or none."),
            ),
            models.CheckConstraint(
                name="documents_generateddocument_version_positive",
                condition=Q(version__gte=1),
                violation_error_message=_("Versions start at 1."),
            ),
            models.CheckConstraint(
                name="documents_generateddocument_ready_has_file",
                condition=~Q(state="ready") | (~Q(file="") & ~Q(checksum="")),
                violation_error_message=_("A ready document has its file and checksum."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version} – {self.pupil}"

    def get_absolute_url(self):
        return reverse("document-download", args=[self.pk])

    def get_status_url(self):
        return reverse("document-status", args=[self.pk])

    def get_retry_url(self):
        return reverse("document-retry", args=[self.pk])

    @property
    def title(self) -> str:
        return _("%(kind)s, version %(version)s") % {
            "kind": self.get_kind_display(),
            "version": self.version,
        }

    @property
    def pdf_file_name(self) -> str:
        return self.download_name

    @property
    def download_name(self) -> str:
        slug = self.kind.replace("_", "-")
        return f"{slug}-{self.pupil.upn}-v{self.version}.pdf"


class Letter(models.Model):
    """One letter to one recipient, with its own PDF (issue 14): to a parent with parental
    responsibility, addressed to them alone at their own address; or a copy named on a letter
    to parents (School Admissions, the social worker...), addressed to no parent; or a copy to
    an organisation's inbox (documents.outbox.letter_send_to_inbox).

    A letter emailed has one outbox message. A parent with no email address is listed in
    `by_post` (one entry) so the office prints and posts this letter's PDF to them; a copy with
    no email address is listed there too, with no address. The letters sent together from one
    confirmation page share its `request_key`.
    """

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="letters")
    document = models.ForeignKey(
        GeneratedDocument, on_delete=models.PROTECT, related_name="letters"
    )
    # Whom this letter is addressed to: one letter per parent, at their own address (issue
    # 14); empty for a copy to an organisation or professional named on the letter.
    parent = models.ForeignKey(
        "cases.ParentCarer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("parent or carer"),
    )
    to_name = models.CharField(_("to"), max_length=200, blank=True)
    # A copy named on a letter to parents ("Copy sent to:"), sent with the parents' letters.
    is_copy = models.BooleanField(_("copy named on a letter to parents"), default=False)
    # The date printed on the letter: frozen when it is issued, so a copy made later says the
    # same date (and "Copy, printed on …").
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("email text"))
    by_post = models.JSONField(
        _("to send by post"),
        default=list,
        blank=True,
        help_text=_("The name and address of a recipient with no email address."),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The key of the confirmation page it was sent from, shared by the letters sent together:
    # the same page posted twice (a double click, a retried request) finds its letters already
    # sent and sends nothing more; two sends at once clash on the constraints below.
    # NULL (never a clash) for a letter sent on its own: a copy to an LA inbox.
    request_key = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # documents.outbox.letter_already_sent: has this confirmation page sent already?
            models.Index(fields=["request_key"], name="documents_letter_request_idx"),
        ]
        constraints = [
            # A double click's second send clashes here, per recipient of the same page.
            models.UniqueConstraint(
                fields=["request_key", "parent"],
                condition=Q(request_key__isnull=False, parent__isnull=False),
                name="documents_letter_once_per_parent",
            ),
            models.UniqueConstraint(
                fields=["request_key", "to_name"],
                condition=Q(request_key__isnull=False, parent__isnull=True),
                name="documents_letter_once_per_recipient",
            ),
        ]

    def __str__(self):
        return self.subject


class OutboxMessage(models.Model):
    """One letter to one recipient, delivered by documents.tasks.deliver_outbox_message.

    The row is claimed (queued → sending) before the mail server is called, so a second
    delivery of the task finds nothing to do; a failure puts it back to queued with the error.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to send")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not sent: gave up after repeated errors")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="messages")
    parent = models.ForeignKey(
        "cases.ParentCarer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_name = models.CharField(_("to"), max_length=150)
    to_email = models.EmailField(_("email"))
    state = models.CharField(_("status"), max_length=8, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        ordering = ["pk"]
        indexes = [models.Index(fields=["state"], name="documents_outbox_state_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "to_email"], name="documents_outbox_once_per_address"
            ),
        ]

    def __str__(self):
        return f"{self.letter} → {self.to_email}"


class ExportRecord(models.Model):
    """A list downloaded as a spreadsheet: who, when, as which organisation, which list, with
    which filters and how many rows. Children's records leave Waymark this way, so each export
    is kept (issue 12)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.CharField(_("as"), max_length=200)
    what = models.CharField(_("list"), max_length=100)
    filters = models.CharField(_("filters"), max_length=500, blank=True)
    file_format = models.CharField(_("format"), max_length=8)
    rows = models.PositiveIntegerField(_("rows"))
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("export")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.what} ({self.rows}) by {self.user}"


class PrintedCopy(PdfToMake):
    """A PDF made for one person to read or print, kept as no version of anything: the travel
    form before it is sent, an AP provider's declaration form. Made by the worker like a
    document; only the person who asked may open it, and the sweep deletes it after a day."""

    title = models.CharField(_("title"), max_length=200)
    download_name = models.CharField(_("file name"), max_length=150)
    back_url = models.CharField(_("back to"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("printed copy")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # the sweep's query: copies still to be made (few rows, so a partial index)
            models.Index(
                fields=["state", "claimed_at"],
                condition=Q(state__in=["pending", "making"]),
                name="documents_copy_unmade_idx",
            ),
            # the sweep's clearing of copies over a day old
            models.Index(fields=["created_at"], name="documents_copy_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="documents_printedcopy_ready_has_file",
                condition=~Q(state="ready") | (~Q(file="") & ~Q(checksum="")),
                violation_error_message=_("A ready copy has its file and checksum."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("printed-copy-download", args=[self.pk])

    def get_status_url(self):
        return reverse("printed-copy-status", args=[self.pk])

    def get_retry_url(self):
        return reverse("printed-copy-retry", args=[self.pk])

    @property
    def pdf_file_name(self) -> str:
        return self.download_name
