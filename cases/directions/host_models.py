"""What the host and the home school record while the pupil is at the host: the daily
register (003 "Attendance Coding") and the home-host contact log (002: at least weekly)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.directions.models import Direction
from cases.pupils.models import Pupil
from tenancy.models import School
from ui.formats import long_date


class AttendanceMark(models.Model):
    """One session's actual attendance at the host, recorded by the host.

    Source: 003_db4daf6c9cf2ba51.txt "Attendance Coding": the home school keeps the pupil on roll
    with D (dual registered, main); the host's register shows the actual attendance; the home
    school gathers it. 002_decd2720d6352690.txt: attendance daily.
    """

    class Session(models.TextChoices):
        AM = "am", _("Morning")
        PM = "pm", _("Afternoon")

    class Code(models.TextChoices):
        # DfE school attendance codes a host uses for a dual-registered pupil.
        PRESENT = "/", _("/ or \\ Present")
        LATE = "L", _("L Late, before registers closed")
        LATE_AFTER = "U", _("U Late, after registers closed")
        OFF_SITE = "K", _("K Attending education provision arranged by the LA")
        ILLNESS = "I", _("I Illness")
        MEDICAL = "M", _("M Medical or dental appointment")
        SUSPENDED = "E", _("E Suspended or excluded")
        AUTHORISED = "C", _("C Other authorised absence")
        UNAUTHORISED = "O", _("O Unauthorised absence")
        NO_REASON = "N", _("N Reason not yet given")
        HOLIDAY = "G", _("G Holiday not agreed")
        NOT_REQUIRED = "X", _("X Not required to attend")

    direction = models.ForeignKey(
        Direction, on_delete=models.CASCADE, related_name="attendance_marks"
    )
    date = models.DateField(_("date"))
    session = models.CharField(_("session"), max_length=2, choices=Session.choices)
    code = models.CharField(_("attendance code"), max_length=1, choices=Code.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance mark")
        ordering = ["date", "session"]
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "date", "session"], name="cases_attendance_one_per_session"
            ),
        ]

    def __str__(self):
        return f"{long_date(self.date)} {self.get_session_display()}: {self.code}"


class ContactEntry(models.Model):
    """A contact about the case: when, who, how, what.

    Source: 002_decd2720d6352690.txt: contact between the home and host at least weekly;
    003_db4daf6c9cf2ba51.txt template 5: the school keeps in touch with the parents.
    """

    class Between(models.TextChoices):
        HOME_HOST = "home_host", _("Home school and host")
        FAMILY = "family", _("School and family")
        PROFESSIONAL = "professional", _("School and another professional")
        PUPIL = "pupil", _("School and pupil")

    class How(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")
        MEETING = "meeting", _("Meeting")
        VISIT = "visit", _("Visit")
        LETTER = "letter", _("Letter")
        VIDEO = "video", _("Video call")

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="contacts")
    direction = models.ForeignKey(
        Direction, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    when = models.DateTimeField(_("when"))
    between = models.CharField(_("between"), max_length=16, choices=Between.choices)
    who = models.CharField(_("who (names and roles)"), max_length=300)
    how = models.CharField(_("how"), max_length=8, choices=How.choices)
    what = models.TextField(_("what was said or agreed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by school")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contact log")
        ordering = ["-when", "-pk"]
        indexes = [models.Index(fields=["direction", "between", "-when"], name="cases_contact_idx")]

    def __str__(self):
        return f"{self.get_how_display()}, {long_date(self.when)}"
