"""Alternative provision placements.

Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision": the base school stays responsible;
no placement starts without the provider's current safeguarding declaration (Appendix 1).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.directions.host_models import AttendanceMark
from cases.relations import case_deadlines
from tenancy.jurisdiction import WALES, law_for
from tenancy.models import Provider, School
from ui.formats import long_date

__all__ = ["AP_CODE_CHOICES", "AP_WEEKDAYS", "PRESENT_AT_PROVIDER", "ApAttendance", "ApPlacement"]

AP_WEEKDAYS = (
    ("monday", _("Monday")),
    ("tuesday", _("Tuesday")),
    ("wednesday", _("Wednesday")),
    ("thursday", _("Thursday")),
    ("friday", _("Friday")),
)


def _day_constraints():
    """Each weekday has both times or neither, and ends after it starts."""
    out = []
    for day, _label in AP_WEEKDAYS:
        start, end = f"{day}_from", f"{day}_to"
        out.append(
            models.CheckConstraint(
                name=f"cases_applacement_{day}_times",
                condition=Q(**{f"{start}__isnull": True, f"{end}__isnull": True})
                | Q(**{f"{start}__isnull": False, f"{end}__isnull": False, f"{end}__gt": F(start)}),
                violation_error_message=_(
                    "Give both times for a day, the second after the first, or neither."
                ),
            )
        )
    return out


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
    # 004 "Process for considering use of alternative provisions" and "Use of Alternative
    # Provision": a clear and evidenced rationale, full consultation, clearly defined objectives
    # including the next steps following the placement.
    rationale = models.TextField(
        _("why this provision meets the pupil's needs"),
        help_text=_("There must be a clear and evidenced rationale (004)."),
    )
    consultation = models.TextField(
        _("who was consulted and their views"),
        help_text=_("The pupil, their parents or carers and any agency involved (004)."),
    )
    objectives = models.TextField(
        _("objectives"),
        help_text=_(
            "Clearly defined objectives, including the next steps after the placement, such as "
            "a return to mainstream education, further education, training or employment."
        ),
    )
    # The days and hours at the provider (AP_WEEKDAYS); a day without times is not one of them.
    monday_from = models.TimeField(_("Monday from"), null=True, blank=True)
    monday_to = models.TimeField(_("Monday until"), null=True, blank=True)
    tuesday_from = models.TimeField(_("Tuesday from"), null=True, blank=True)
    tuesday_to = models.TimeField(_("Tuesday until"), null=True, blank=True)
    wednesday_from = models.TimeField(_("Wednesday from"), null=True, blank=True)
    wednesday_to = models.TimeField(_("Wednesday until"), null=True, blank=True)
    thursday_from = models.TimeField(_("Thursday from"), null=True, blank=True)
    thursday_to = models.TimeField(_("Thursday until"), null=True, blank=True)
    friday_from = models.TimeField(_("Friday from"), null=True, blank=True)
    friday_to = models.TimeField(_("Friday until"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_outcome = models.TextField(_("outcome and next steps"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    deadlines = case_deadlines()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("AP placement")
        ordering = ["-start", "-pk"]
        indexes = [
            # the provider page and the first-use check: a provider's placements
            models.Index(fields=["provider", "end"], name="cases_applacement_provider_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="cases_applacement_end_after_start",
                condition=Q(end__gte=F("start")),
                violation_error_message=_("The end date must be on or after the start date."),
            ),
            models.CheckConstraint(
                name="cases_applacement_ended_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start")),
                violation_error_message=_("A placement cannot end before it starts."),
            ),
            *_day_constraints(),
        ]

    def __str__(self):
        return str(
            _("%(pupil)s at %(provider)s") % {"pupil": self.pupil, "provider": self.provider}
        )

    def get_absolute_url(self):
        return reverse("ap-placement-detail", args=[self.pk])

    @property
    def last_day(self) -> datetime.date:
        """The last day at the provider: the day it ended early, or the planned end."""
        return self.ended_on if self.ended_on and self.ended_on < self.end else self.end

    def times(self) -> dict[int, tuple[datetime.time, datetime.time]]:
        """Weekday (0 = Monday) → (from, until), for the days the pupil is at the provider."""
        out = {}
        for i, (day, _label) in enumerate(AP_WEEKDAYS):
            start, until = getattr(self, f"{day}_from"), getattr(self, f"{day}_to")
            if start and until:
                out[i] = (start, until)
        return out

    def day_rows(self):
        """(weekday name, from, until) for the days at the provider, for pages and PDFs."""
        times = self.times()
        return [(label, *times[i]) for i, (_day, label) in enumerate(AP_WEEKDAYS) if i in times]


# The codes for a day at the provider. 004 "Monitoring and reviewing an alternative provision":
# "Ordinarily a positive attendance should be recorded with a “B” code"; England's 2024 codes
# give B to AP the school arranged too, so one stored code serves both nations
# (tenancy.jurisdiction keeps the codes; tests/tenancy/test_jurisdiction.py holds them equal;
# K, AP the LA arranged, is not a placement's). Absences take the DfE codes the host register
# uses (cases.models.AttendanceMark.Code).
PRESENT_AT_PROVIDER = law_for(WALES).off_site.code
AP_ABSENCE_CODES = ("I", "M", "E", "C", "O", "N", "G", "X")
AP_CODE_CHOICES = [
    (PRESENT_AT_PROVIDER, _("B Attended the alternative provision (educated off site)")),
    *((code, label) for code, label in AttendanceMark.Code.choices if code in AP_ABSENCE_CODES),
]


class ApAttendance(models.Model):
    """The pupil's attendance at the provider on one day, recorded by the base school."""

    placement = models.ForeignKey(ApPlacement, on_delete=models.CASCADE, related_name="attendance")
    date = models.DateField(_("date"))
    code = models.CharField(_("attendance code"), max_length=1, choices=AP_CODE_CHOICES)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance at the provider")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "date"], name="cases_apattendance_one_per_day"
            ),
        ]

    def __str__(self):
        return f"{long_date(self.date)}: {self.code}"
