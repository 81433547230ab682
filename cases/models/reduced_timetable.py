"""Reduced timetables.

Source: 004_f815cbfe89cfcc2a.txt "Reduced Timetables", Appendix 1 (checklist) and Appendix 2
(audit matrix). The lifecycle is cases.services.reduced_timetable.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tenancy.models import School

__all__ = ["ReducedTimetable"]


class ReducedTimetable(models.Model):
    """A pupil's reduced timetable: only through a PSP, unless purely medical with an individual
    health care plan (004)."""

    pupil = models.ForeignKey(
        "cases.Pupil",
        on_delete=models.PROTECT,
        related_name="reduced_timetables",
        verbose_name=_("pupil"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="reduced_timetables",
        verbose_name=_("school"),
    )
    psp = models.ForeignKey(
        "cases.PastoralSupportProgramme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reduced_timetables",
        verbose_name=_("Pastoral Support Programme"),
    )
    case_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("case lead"),
    )
    start = models.DateField(_("start date"))
    provisional_end = models.DateField(_("provisional end date"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reduced timetable")
        ordering = ["-start", "-pk"]

    def __str__(self):
        return str(_("Reduced timetable for %(pupil)s") % {"pupil": self.pupil})

    def get_absolute_url(self):
        return reverse("reduced-timetable-detail", args=[self.pk])
