"""Pastoral Support Programmes.

Source: 004_f815cbfe89cfcc2a.txt "The Stages of a Pastoral Support Programme" and the PSP
Initial Meeting template. The lifecycle is cases.services.psp.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tenancy.models import School

__all__ = ["PastoralSupportProgramme"]


class PastoralSupportProgramme(models.Model):
    """A PSP for one pupil, led by a senior member of the school's staff (the PSP school lead)."""

    class Stage(models.TextChoices):
        # 004: the five stages; CEASED ends the PSP (a review's outcome "cease as achieved").
        DECIDING = "deciding", _("Stage 1: deciding on a PSP")
        INFORMATION_GATHERING = "information_gathering", _("Stage 2: information gathering")
        ORGANISING = "organising", _("Stage 3: organising the meeting")
        MEETING = "meeting", _("Stage 4: conducting the meeting")
        REVIEW = "review", _("Stage 5: review and monitoring")
        CEASED = "ceased", _("Ceased")

    pupil = models.ForeignKey(
        "cases.Pupil", on_delete=models.PROTECT, related_name="psps", verbose_name=_("pupil")
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="psps", verbose_name=_("school")
    )
    stage = models.CharField(
        _("stage"), max_length=24, choices=Stage.choices, default=Stage.DECIDING
    )
    school_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("PSP school lead"),
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Pastoral Support Programme")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return str(_("PSP for %(pupil)s") % {"pupil": self.pupil})

    def get_absolute_url(self):
        return reverse("psp-detail", args=[self.pk])
