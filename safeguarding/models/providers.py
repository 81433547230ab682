"""The LA's register of alternative provision providers: safeguarding declarations and visits.

Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision" and its Appendix 1 "Safeguarding
declaration for Alternative Provision". The provider itself is tenancy.Provider.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tenancy.models import Provider

__all__ = ["SafeguardingDeclaration"]


class SafeguardingDeclaration(models.Model):
    """One signed safeguarding declaration of a provider, current until it expires."""

    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("provider"),
    )
    signed_on = models.DateField(_("date signed"))
    expires_on = models.DateField(_("expires on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("safeguarding declaration")
        ordering = ["-signed_on", "-pk"]

    def __str__(self):
        return str(
            _("Safeguarding declaration of %(provider)s, signed %(date)s")
            % {"provider": self.provider, "date": self.signed_on}
        )

    def get_absolute_url(self):
        return reverse("provider-detail", args=[self.provider_id])
