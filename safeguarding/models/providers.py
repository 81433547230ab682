"""The LA's register of alternative provision providers: safeguarding declarations and visits.

Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision" and its Appendix 1 "Safeguarding
declaration for Alternative Provision". The provider itself is tenancy.Provider.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.relations import case_deadlines
from tenancy.models import Provider
from ui.formats import long_date

__all__ = ["ProviderVisit", "SafeguardingDeclaration"]


class SafeguardingDeclaration(models.Model):
    """One signed safeguarding declaration of a provider, current until it expires.

    The four checks and the undertaking are Appendix 1's words. A declaration is made only when
    the provider confirms every one of them, so each is stored as confirmed (a check constraint),
    which keeps what was declared on the record in the form's own words.
    """

    class Received(models.TextChoices):
        PAPER = "paper", _("A signed paper or scanned copy was received")
        TYPED = "typed", _("Typed in for the provider from its signed declaration")
        IN_APP = "in_app", _("Signed in Waymark by the provider")

    # Appendix 1, in its order: "I confirm that all staff who are employed in this provision
    # have undergone strict safeguarding checks, including:"
    ITEMS = (
        (
            "enhanced_dbs",
            _(
                "An enhanced DBS check in the last three years (which raises no concerns of a "
                "child protection/safeguarding nature)"
            ),
        ),
        ("two_references", _("A minimum of two satisfactory reference checks on appointment")),
        (
            "annual_training",
            _(
                "Regular enhanced certified/accredited safeguarding training (updated at least "
                "annually)"
            ),
        ),
        (
            "no_suitability_concerns",
            _("I have no concerns regarding their suitability for working with children"),
        ),
        (
            "will_inform_dsl",
            _(
                "We will inform the school’s Designated Safeguarding Officer of all safeguarding "
                "concerns immediately."
            ),
        ),
    )

    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("provider"),
    )
    signed_on = models.DateField(_("date signed"))
    expires_on = models.DateField(_("expires on"))
    enhanced_dbs = models.BooleanField(ITEMS[0][1], default=False)
    two_references = models.BooleanField(ITEMS[1][1], default=False)
    annual_training = models.BooleanField(ITEMS[2][1], default=False)
    no_suitability_concerns = models.BooleanField(ITEMS[3][1], default=False)
    will_inform_dsl = models.BooleanField(ITEMS[4][1], default=False)
    signatory_name = models.CharField(_("print name"), max_length=150)
    signatory_position = models.CharField(_("position"), max_length=150)
    received = models.CharField(_("how it was received"), max_length=8, choices=Received.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    deadlines = case_deadlines()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("safeguarding declaration")
        ordering = ["-signed_on", "-pk"]
        indexes = [
            # the register: each provider's latest declaration
            models.Index(fields=["provider", "-signed_on"], name="safeguarding_decl_latest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="safeguarding_declaration_every_item_confirmed",
                condition=Q(
                    enhanced_dbs=True,
                    two_references=True,
                    annual_training=True,
                    no_suitability_concerns=True,
                    will_inform_dsl=True,
                ),
                violation_error_message=_(
                    "The provider must confirm every item of the declaration."
                ),
            ),
            models.CheckConstraint(
                name="safeguarding_declaration_expires_after_signed",
                condition=Q(expires_on__gte=F("signed_on")),
                violation_error_message=_("A declaration cannot expire before it is signed."),
            ),
        ]

    def __str__(self):
        return str(
            _("Safeguarding declaration of %(provider)s, signed %(date)s")
            % {"provider": self.provider, "date": long_date(self.signed_on)}
        )

    def get_absolute_url(self):
        return reverse("provider-detail", args=[self.provider_id])

    def items(self):
        """(wording, confirmed) for each item of Appendix 1, in its order."""
        return [(label, getattr(self, name)) for name, label in self.ITEMS]


class ProviderVisit(models.Model):
    """A safeguarding review or visit by the LA, "checking the checker" (004)."""

    class Outcome(models.TextChoices):
        NO_CONCERNS = "no_concerns", _("No concerns")
        ACTIONS = "actions", _("Actions agreed with the provider")
        CONCERNS = "concerns", _("Concerns: the schools using it are told")

    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="visits", verbose_name=_("provider")
    )
    visited_on = models.DateField(_("date of the visit"))
    officer = models.CharField(_("visiting officer"), max_length=150)
    findings = models.TextField(_("findings"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("safeguarding visit")
        ordering = ["-visited_on", "-pk"]

    def __str__(self):
        return str(
            _("Visit to %(provider)s on %(date)s")
            % {"provider": self.provider, "date": long_date(self.visited_on)}
        )

    def get_absolute_url(self):
        return reverse("provider-detail", args=[self.provider_id])
