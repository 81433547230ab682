"""Home to School Travel Assistance change requests.

Source: 004_f815cbfe89cfcc2a.txt "Home to School Travel Assistance Service" change form.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tenancy.models import School

__all__ = ["TravelAssistanceRequest"]


class TravelAssistanceRequest(models.Model):
    """A school's request to change a pupil's travel assistance (for example for a reduced
    timetable), sent as the LA's form to the LA's transport address."""

    pupil = models.ForeignKey(
        "cases.Pupil",
        on_delete=models.PROTECT,
        related_name="travel_requests",
        verbose_name=_("pupil"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="travel_requests", verbose_name=_("school")
    )
    reduced_timetable = models.ForeignKey(
        "cases.ReducedTimetable",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="travel_requests",
        verbose_name=_("for the reduced timetable"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("travel assistance change request")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return str(_("Travel assistance change for %(pupil)s") % {"pupil": self.pupil})

    def get_absolute_url(self):
        return reverse("travel-request-detail", args=[self.pk])
