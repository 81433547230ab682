"""Reduced timetables.

Source: 004_f815cbfe89cfcc2a.txt "Reduced Timetables", Appendix 1 (checklist), Appendix 2
(audit matrix) and the primary and secondary timetable examples. The lifecycle is
cases.reduced_timetables.services; the rules are in reviews/rules.py.

planned → started (the LA told, the checklist sent) → ended (back to full-time education).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.reduced_timetables.checklist_models import RttChecklistAnswer  # noqa: F401
from cases.relations import case_deadlines
from tenancy.models import School
from ui.formats import long_date

__all__ = [
    "ReducedTimetable",
    "RttChecklistAnswer",
    "RttReintegrationStep",
    "RttTimetableEntry",
]


class ReducedTimetable(models.Model):
    """A pupil's reduced timetable: only through a PSP, unless purely medical with an individual
    health care plan (004)."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        STARTED = "started", _("Started")
        ENDED = "ended", _("Ended")

    class Basis(models.TextChoices):
        # 004 Introduction: "One exemption for the need of a PSP would be when a reduced
        # timetable is required purely due to healthcare/medical needs".
        PSP = "psp", _("Through the pupil's Pastoral Support Programme")
        MEDICAL = "medical", _("Purely medical, recorded in an individual health care plan")

    class Reason(models.TextChoices):
        # Appendix 1: "Reason for R/TT (behaviour; ALN; safeguarding; mental health/wellbeing;
        # medical)".
        BEHAVIOUR = "behaviour", _("Behaviour")
        ALN = "aln", _("Additional learning needs (ALN)")
        SAFEGUARDING = "safeguarding", _("Safeguarding")
        WELLBEING = "wellbeing", _("Mental health or wellbeing")
        MEDICAL = "medical", _("Medical")

    class LacAuthority(models.TextChoices):
        # Appendix 1: "N.B if the pupil is Looked After and the foster carer does not have
        # delegated authority please ensure that the Looked After Social Worker authorises";
        # Appendix 2: "Foster Carer if they have delegated authority for any Child Looked After
        # (CLA), otherwise the social worker".
        FOSTER_CARER = "foster_carer", _("The foster carer, who has delegated authority")
        SOCIAL_WORKER = (
            "social_worker",
            _(
                "The looked-after social worker (the foster carer does not have delegated "
                "authority)"
            ),
        )

    class Decision(models.TextChoices):
        # "Process for considering a reduced timetable": beyond 12 weeks it "will require the
        # authorisation of the Director"; the Director may also decline.
        AUTHORISED = "authorised", _("Authorised")
        DECLINED = "declined", _("Declined")

    class Layout(models.TextChoices):
        # The primary example has one activity and venue a day; the secondary one six lessons
        # a day, repeated for week 2.
        PRIMARY = "primary", _("Primary: one session a day")
        SECONDARY = "secondary", _("Secondary: lessons each day")

    class Progress(models.TextChoices):
        GOOD = "good", _("Good progress")
        SOME = "some", _("Some progress")
        LITTLE = "little", _("Little or no progress")

    class Rating(models.TextChoices):
        # Appendix 2's audit matrix; the values are reviews.rules' RTT_GREEN, RTT_AMBER, RTT_RED.
        GREEN = "green", _("Green")
        AMBER = "amber", _("Amber")
        RED = "red", _("Red")

    class HarmRisk(models.TextChoices):
        # Appendix 2, Red: "The pupil is known to be at risk of significant harm from".
        CSE = "cse", _("Child Sexual Exploitation (CSE)")
        CCE = "cce", _("Child Criminal Exploitation (CCE)")
        RADICALISATION = "radicalisation", _("Radicalisation")
        ABUSE = "abuse", _("Abuse")
        DOMESTIC_ABUSE = "domestic_abuse", _("History of domestic abuse")

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

    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PLANNED)
    basis = models.CharField(
        _("how the reduced timetable is agreed"),
        max_length=8,
        choices=Basis.choices,
        default=Basis.PSP,
    )
    health_care_plan = models.CharField(
        _("individual health care plan"),
        max_length=300,
        blank=True,
        help_text=_(
            "Only for a purely medical reason: the plan that records this reduced timetable, "
            "its date and who keeps it."
        ),
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    hours_per_day = models.DecimalField(
        _("number of hours attending per day"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(8)],
    )
    safeguarding_concern = models.BooleanField(
        _("there is a safeguarding concern"),
        default=False,
        help_text=_("Tick whatever the reason for the reduced timetable (Appendix 1)."),
    )
    responsible_adult = models.CharField(
        _("who is responsible for the pupil's safety and wellbeing when not in school"),
        max_length=300,
        help_text=_("Agreed at the planning meeting, for example: Mother, at home."),
    )
    agencies = models.TextField(
        _("other agencies involved"),
        blank=True,
        help_text=_(
            "For example, Education Welfare Officer, CAMHS, Team Around the Family. Leave "
            "empty if the school is the only agency."
        ),
    )
    parental_views = models.TextField(_("parents' or carers' views"), blank=True)

    # A looked-after pupil: who authorised the reduced timetable (Appendix 1's consent item)
    lac_authority = models.CharField(
        _("who authorised it for the looked-after pupil"),
        max_length=13,
        choices=LacAuthority.choices,
        blank=True,
    )
    lac_authorised_by = models.CharField(_("their name"), max_length=150, blank=True)
    lac_authorised_on = models.DateField(_("date they authorised it"), null=True, blank=True)

    # The timetable itself
    layout = models.CharField(
        _("kind of timetable"), max_length=10, choices=Layout.choices, default=Layout.SECONDARY
    )
    timetable_weeks = models.PositiveSmallIntegerField(
        _("weeks in the timetable cycle"),
        default=1,
        choices=[(1, _("One week")), (2, _("Two weeks (week 1 and week 2)"))],
    )
    lesson_minutes = models.PositiveSmallIntegerField(
        _("length of a lesson in minutes"),
        default=60,
        validators=[MinValueValidator(10), MaxValueValidator(180)],
    )

    # Monitoring (Appendix 2's Amber and Red indicators the school reports)
    progress = models.CharField(
        _("progress"), max_length=8, choices=Progress.choices, default=Progress.SOME
    )
    progress_notes = models.TextField(_("progress notes"), blank=True)
    non_attendance = models.BooleanField(
        _("the pupil has not attended for a period of time"), default=False
    )
    parent_dissatisfied = models.BooleanField(
        _("the parents or carers are dissatisfied"), default=False
    )
    professional_concerns = models.BooleanField(
        _("other professionals have expressed concerns"), default=False
    )
    monitored_on = models.DateField(_("progress last recorded"), null=True, blank=True)

    # Safeguarding (DSL only): the risks of significant harm of Appendix 2
    harm_risks = models.JSONField(_("known risks of significant harm"), default=list, blank=True)

    # The Director's authorisation beyond the limit, requested by the school through the LA
    authorisation_requested_on = models.DateField(
        _("Director's authorisation requested on"), null=True, blank=True
    )
    authorisation_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    authorisation_request = models.TextField(_("why it must run longer"), blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("authorised by"),
    )
    authorised_on = models.DateField(_("authorised on"), null=True, blank=True)
    authorised_until = models.DateField(_("authorised until"), null=True, blank=True)
    authorisation_note = models.TextField(_("the Director's note"), blank=True)
    # The answer to the latest request: empty while a request waits (or none was made).
    authorisation_decision = models.CharField(
        _("the Director's decision"), max_length=10, choices=Decision.choices, blank=True
    )
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declined by"),
    )
    declined_on = models.DateField(_("declined on"), null=True, blank=True)
    decline_reason = models.TextField(_("why the Director declined"), blank=True)

    # Commencement and end
    started_on = models.DateField(_("started on"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    start_weekly_hours = models.DecimalField(
        _("weekly hours at the start"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_note = models.TextField(_("how it ended"), blank=True)

    # Worked out by the rules, never typed in: kept by cases.reduced_timetables.rating after
    # every change and nightly, so the LA's record filters, sorts and counts them in SQL.
    rating = models.CharField(
        _("audit rating"), max_length=5, choices=Rating.choices, blank=True, editable=False
    )
    past_limit_on = models.DateField(
        _("past the limit without authorisation from"), null=True, blank=True, editable=False
    )

    deadlines = case_deadlines()
    # The stored rating is derived, not a person's edit: the history leaves it out.
    history = HistoricalRecords(excluded_fields=["rating", "past_limit_on"])

    # Only an ended reduced timetable is in neither of the states a change needs.
    wrong_state_message = _("This reduced timetable has ended.")

    class Meta:
        verbose_name = _("reduced timetable")
        ordering = ["-start", "-pk"]
        indexes = [
            # the LA's central record: a school's open reduced timetables by start
            models.Index(fields=["school", "state", "start"], name="cases_rtt_school_state_idx"),
            # the LA's record and picture: a school's timetables by audit rating
            models.Index(fields=["school", "rating"], name="cases_rtt_school_rating_idx"),
            # the LA's record and picture: a school's timetables past the limit by a day
            models.Index(fields=["school", "past_limit_on"], name="cases_rtt_school_past_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="cases_reducedtimetable_end_after_start",
                condition=Q(provisional_end__gte=models.F("start")),
                violation_error_message=_("The provisional end date must be after the start."),
            ),
            models.CheckConstraint(
                name="cases_reducedtimetable_psp_or_medical",
                condition=Q(basis="psp", psp__isnull=False)
                | (Q(basis="medical", reason="medical") & ~Q(health_care_plan="")),
                violation_error_message=_(
                    "A reduced timetable is set up through a PSP, unless it is purely medical "
                    "and recorded in an individual health care plan."
                ),
            ),
            models.CheckConstraint(
                name="cases_reducedtimetable_lac_authorisation_complete",
                condition=Q(lac_authority="")
                | (~Q(lac_authorised_by="") & Q(lac_authorised_on__isnull=False)),
                violation_error_message=_(
                    "Say who authorised it for the looked-after pupil, and when."
                ),
            ),
            models.CheckConstraint(
                name="cases_reducedtimetable_authorised_has_who_when",
                condition=~Q(authorisation_decision="authorised")
                | Q(
                    authorised_by__isnull=False,
                    authorised_on__isnull=False,
                    authorised_until__isnull=False,
                ),
                violation_error_message=_(
                    "An authorisation has the Director, the date and the date it runs until."
                ),
            ),
            models.CheckConstraint(
                name="cases_reducedtimetable_declined_has_who_when_why",
                condition=~Q(authorisation_decision="declined")
                | (Q(declined_by__isnull=False, declined_on__isnull=False) & ~Q(decline_reason="")),
                violation_error_message=_("A decline has the Director, the date and the reason."),
            ),
        ]

    def __str__(self):
        return str(_("Reduced timetable for %(pupil)s") % {"pupil": self.pupil})

    def get_absolute_url(self):
        return reverse("reduced-timetable-detail", args=[self.pk])

    @property
    def hours_per_day_text(self) -> str:
        text = f"{self.hours_per_day:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text

    @property
    def is_open(self) -> bool:
        return self.state != self.State.ENDED

    @property
    def awaits_decision(self) -> bool:
        """The school asked for the Director's authorisation and has no answer yet."""
        return (
            self.is_open
            and self.authorisation_requested_on is not None
            and not self.authorisation_decision
        )

    @property
    def is_declined(self) -> bool:
        return self.authorisation_decision == self.Decision.DECLINED

    @property
    def needs_lac_authorisation(self) -> bool:
        """Appendix 1: a looked-after pupil's reduced timetable is authorised by the foster
        carer with delegated authority, otherwise by the looked-after social worker."""
        return self.pupil.looked_after and not self.lac_authority

    def harm_risk_labels(self) -> list[str]:
        labels = dict(self.HarmRisk.choices)
        return [str(labels[r]) for r in self.harm_risks if r in labels]


class RttTimetableEntry(models.Model):
    """One cell of the timetable: a primary day's session, or a secondary lesson."""

    class Day(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")

    timetable = models.ForeignKey(
        ReducedTimetable, on_delete=models.CASCADE, related_name="entries"
    )
    week = models.PositiveSmallIntegerField(_("week"), default=1)
    day = models.PositiveSmallIntegerField(_("day"), choices=Day.choices)
    lesson = models.PositiveSmallIntegerField(
        _("lesson"), default=0, help_text=_("0 for a primary day's session.")
    )
    activity = models.CharField(_("activity and venue"), max_length=200)
    starts_at = models.TimeField(_("from"), null=True, blank=True)
    ends_at = models.TimeField(_("until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("timetable entry")
        verbose_name_plural = _("timetable entries")
        ordering = ["week", "day", "lesson"]
        constraints = [
            models.UniqueConstraint(
                fields=["timetable", "week", "day", "lesson"], name="cases_rttentry_one_per_cell"
            ),
            models.CheckConstraint(
                name="cases_rttentry_week_1_or_2",
                condition=Q(week__in=[1, 2]),
                violation_error_message=_("A timetable has week 1 and week 2 at most."),
            ),
            models.CheckConstraint(
                name="cases_rttentry_ends_after_start",
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                violation_error_message=_("A session must end after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.get_day_display()}: {self.activity}"


class RttReintegrationStep(models.Model):
    """A planned increase of hours on the way back to full-time education."""

    timetable = models.ForeignKey(ReducedTimetable, on_delete=models.CASCADE, related_name="steps")
    from_date = models.DateField(_("from"))
    hours_per_week = models.DecimalField(
        _("hours a week"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
    )
    note = models.CharField(_("what changes"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reintegration step")
        ordering = ["from_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["timetable", "from_date"], name="cases_rttstep_one_per_date"
            ),
        ]

    def __str__(self):
        return f"{long_date(self.from_date)}: {self.hours_text}"

    @property
    def hours_text(self) -> str:
        text = f"{self.hours_per_week:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
