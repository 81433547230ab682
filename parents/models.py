"""A parent's own route into Waymark, with no account (issue 14): the personal link in each
email of a letter, what the parent did through it, and a new email address waiting to be
confirmed.

A link opens one page for one parent and one case. Only the SHA-256 of its token is stored:
whoever reads the database cannot open a parent's page, and a token is found by its hash.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LINK_LIFETIME = datetime.timedelta(days=30)
EMAIL_CONFIRMATION_LIFETIME = datetime.timedelta(days=2)


class ParentLink(models.Model):
    """One personal link: issued when an email to the parent is put together, it works for
    30 days unless the school revokes it."""

    parent = models.ForeignKey(
        "cases.ParentCarer",
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("parent or carer"),
    )
    # The case the page is about (an off-site direction, a Back-on-Track off-siting).
    case_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    case_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("case_type", "case_id")
    # The link is found by this value (the unique index serves the lookup).
    token_hash = models.CharField(max_length=64, unique=True)
    # The email it was issued for (a retried email issues another link).
    message = models.ForeignKey(
        "documents.OutboxMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("works until"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_reason = models.CharField(_("why it was revoked"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("parent's link")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # a case's links on its page, and a parent's links revoked when their email changes
            models.Index(fields=["case_type", "case_id", "parent"], name="parents_link_case_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="parents_parentlink_expires_after_issue",
                condition=Q(expires_at__gt=models.F("created_at")),
                violation_error_message=_("A link expires after it is issued."),
            ),
        ]

    def __str__(self):
        return str(_("Link for %(parent)s") % {"parent": self.parent.name})

    def is_usable(self, now: datetime.datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class ParentAction(models.Model):
    """Something a parent did through their link, for the case's history with their name."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Confirmed receiving a letter")
        ATTENDING = "attending", _("Said whether they will come to a meeting")
        VIEWS = "views", _("Sent their views before a meeting")
        REVIEW_REQUESTED = "review", _("Asked in writing for a review")
        LANGUAGE = "language", _("Chose the language of their letters")
        EMAIL_ASKED = "email_asked", _("Asked to change their email address")
        EMAIL_CONFIRMED = "email_confirmed", _("Confirmed their new email address")

    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "cases.ParentCarer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as it was: the history still names them if the parent is later removed.
    parent_name = models.CharField(_("parent or carer"), max_length=150)
    case_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    case_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("case_type", "case_id")
    link = models.ForeignKey(
        ParentLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    letter = models.ForeignKey(
        "documents.Letter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting_on = models.DateField(_("meeting of"), null=True, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("parent's action")
        ordering = ["at", "pk"]
        indexes = [
            # the case's timeline: what its parents did, oldest first
            models.Index(fields=["case_type", "case_id", "at"], name="parents_action_case_idx"),
        ]
        constraints = [
            # A letter is received once: pressing the button again records nothing more.
            models.UniqueConstraint(
                fields=["parent", "letter"],
                condition=Q(kind="received"),
                name="parents_parentaction_received_once",
            ),
        ]

    def __str__(self):
        return f"{self.parent_name}: {self.get_kind_display()}"


class EmailChange(models.Model):
    """A new email address a parent gave through their link: it replaces the old one only
    when they open the confirmation link the worker emails to the new address."""

    parent = models.ForeignKey("cases.ParentCarer", on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey(ParentLink, on_delete=models.CASCADE, related_name="+")
    new_email = models.EmailField(_("new email address"))
    # Set by the worker when it emails the confirmation link; empty until then.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("asked at"))
    expires_at = models.DateTimeField(_("confirm by"))
    emailed_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email change")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.parent_id} → {self.new_email}"
