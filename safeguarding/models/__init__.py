"""Safeguarding detail: seen and recorded only by those with need-to-know.

Source: 003_db4daf6c9cf2ba51.txt template 2, section 1b (Early Help, Child in Need, Child
Protection, parental responsibility issues, safeguarding concerns). Kept apart from the pupil so
no page that is not meant to show it can load it by accident; every read is logged.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.pupils.models import Pupil, yes_no


class SafeguardingRecord(models.Model):
    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="safeguarding")
    early_help_plan = yes_no(_("Early Help Assessment and Plan"))
    child_in_need_plan = yes_no(_("Child in Need Plan"))
    child_protection_plan = yes_no(_("Child Protection Plan"))
    parental_responsibility_issues = yes_no(
        _("issues relating to parental responsibility the school or LA should be aware of")
    )
    parental_responsibility_details = models.TextField(
        _("details of parental responsibility issues"), blank=True
    )
    concerns = yes_no(_("safeguarding concerns a receiving school needs to be aware of"))
    concerns_details = models.TextField(_("details of safeguarding concerns"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("safeguarding record")

    def __str__(self):
        return str(_("Safeguarding record for %(pupil)s") % {"pupil": self.pupil})


class SafeguardingRead(models.Model):
    """Who read a pupil's safeguarding detail, and when (the read audit)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acting_for = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # "who has read this pupil's safeguarding detail", newest first
            models.Index(fields=["pupil", "-at"], name="safeguarding_read_pupil_at_idx"),
        ]

    def __str__(self):
        return f"{self.user} read {self.pupil} at {self.at:%Y-%m-%d %H:%M}"


# Newer safeguarding models keep their own modules, imported here so Django registers them.
from safeguarding.models.information_sharing import *  # noqa: E402, F403  Back-on-Track (000)
from safeguarding.models.providers import *  # noqa: E402, F403  AP provider register (004)
