"""Back-on-Track off-siting between the centres of a pupil education service.

Source: 000_6280d14dcdeb4d53.txt. The lifecycle is cases.services.offsiting.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tenancy.models import School

__all__ = ["OffSiting"]


class OffSiting(models.Model):
    """A pupil off-sited from their home centre to another centre of the same service."""

    class Kind(models.TextChoices):
        CONSEQUENCE = "consequence", _("As a consequence")
        SAFETY = "safety", _("For safety, to allow risk assessment")
        RESPITE = "respite", _("For respite, as an intervention")

    pupil = models.ForeignKey(
        "cases.Pupil", on_delete=models.PROTECT, related_name="offsitings", verbose_name=_("pupil")
    )
    home_centre = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="offsitings_out",
        verbose_name=_("home centre"),
    )
    receiving_centre = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="offsitings_in",
        verbose_name=_("receiving centre"),
    )
    kind = models.CharField(_("type of off-siting"), max_length=12, choices=Kind.choices)
    case_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("case lead"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Back-on-Track off-siting")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return str(
            _("Off-siting of %(pupil)s to %(centre)s")
            % {"pupil": self.pupil, "centre": self.receiving_centre}
        )

    def get_absolute_url(self):
        return reverse("offsiting-detail", args=[self.pk])
