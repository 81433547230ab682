"""Alternative provision placements.

Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision": the base school stays responsible;
no placement starts without the provider's current safeguarding declaration (Appendix 1).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tenancy.models import Provider, School

__all__ = ["ApPlacement"]


class ApPlacement(models.Model):
    """A pupil placed with an AP provider for some days and hours, by the base school."""

    pupil = models.ForeignKey(
        "cases.Pupil",
        on_delete=models.PROTECT,
        related_name="ap_placements",
        verbose_name=_("pupil"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="ap_placements",
        verbose_name=_("base school"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="placements", verbose_name=_("provider")
    )
    reduced_timetable = models.ForeignKey(
        "cases.ReducedTimetable",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ap_placements",
        verbose_name=_("as part of a reduced timetable"),
    )
    monitoring_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("named member of staff monitoring the placement"),
    )
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("AP placement")
        ordering = ["-start", "-pk"]

    def __str__(self):
        return str(
            _("%(pupil)s at %(provider)s") % {"pupil": self.pupil, "provider": self.provider}
        )

    def get_absolute_url(self):
        return reverse("ap-placement-detail", args=[self.pk])
