"""Two-factor enrolment links (issue 13, finding 1): a person's first set-up of an
authenticator app needs more than the password, a one-time link sent to their work email.

Kept beside models.py (which imports it) so that neither module grows past 500 lines.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TwoFactorEnrolment(models.Model):
    """One link to set up two-factor sign-in, valid for a short time and once.

    Only the SHA-256 hash of the token is kept; the raw token exists only in the email. The
    hash stays empty until the worker makes the token and sends the email. A link an LA admin
    issues after resetting a person's second factor records who reset it (`reset`,
    `issued_by`, `created_at`).
    """

    user = models.ForeignKey(
        "tenancy.User",
        on_delete=models.PROTECT,
        related_name="two_factor_enrolments",
        verbose_name=_("person"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        "tenancy.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
        help_text=_("Empty when the person asked for the link themselves."),
    )
    reset = models.BooleanField(
        _("second factor reset"),
        default=False,
        help_text=_("The LA admin who issued it removed the person's second factor first."),
    )

    class Meta:
        verbose_name = _("two-factor enrolment link")
        verbose_name_plural = _("two-factor enrolment links")
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="tenancy_twofactorenrolment_unique_token",
            ),
            models.CheckConstraint(
                condition=Q(reset=False) | Q(issued_by__isnull=False),
                name="tenancy_twofactorenrolment_reset_by_someone",
            ),
        ]
        indexes = [
            # A person's newest link: the live one, and the one-a-minute throttle.
            models.Index(fields=["user", "-created_at"], name="tenancy_enrol_user_created"),
        ]

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"
