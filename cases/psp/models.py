"""Pastoral Support Programmes.

Source: 004_f815cbfe89cfcc2a.txt: "Pastoral Support Programmes (PSPs)" (purpose, roles), "The
Stages of a Pastoral Support Programme" (the five stages are the lifecycle), the "Pastoral
Support Programme Initial Meeting" template (every field is on PastoralSupportProgramme, its
outcomes and its agreements) and the "Outcome and Support Sequence" workbook (PspOutcome). The
lifecycle is cases.psp.services; its guards are cases.psp.guards.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.pupils.models import YesNo
from cases.relations import case_deadlines
from tenancy.models import School

__all__ = [
    "PastoralSupportProgramme",
    "PspAgreement",
    "PspCheckIn",
    "PspMonitoring",
    "PspOutcome",
    "PspProgress",
    "PspReview",
]


def _yes_no(label, **kwargs):
    return models.CharField(label, max_length=3, choices=YesNo.choices, blank=True, **kwargs)


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

    OPEN_STAGES = (
        Stage.DECIDING,
        Stage.INFORMATION_GATHERING,
        Stage.ORGANISING,
        Stage.MEETING,
        Stage.REVIEW,
    )

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
    key_adult = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("key adult for the weekly check-ins"),
        help_text=_("A member of staff with whom the child has a good relationship."),
    )

    # Stage one: deciding on a PSP
    graduated_response = models.TextField(
        _("how the child's needs were assessed and the graduated response so far"),
        blank=True,
        help_text=_("The internal expertise and external support already drawn on."),
    )
    has_aln = models.BooleanField(_("the child has additional learning needs (ALN)"), default=False)
    idp_in_place = models.BooleanField(
        _("at least one Individual Development Plan (IDP) has been developed"), default=False
    )
    idp_reviewed = models.BooleanField(_("the IDP has been reviewed"), default=False)
    idp_sudden_change = models.TextField(
        _("if there is no IDP: the sudden change in circumstances and need"), blank=True
    )
    risk_of_permanent_exclusion = models.BooleanField(
        _("the PSP is because the child is at risk of permanent exclusion"), default=False
    )
    wbs_informed_on = models.DateField(
        _("date the Wellbeing and Behaviour Service was made aware"), null=True, blank=True
    )
    wbs_contact = models.CharField(
        _("who at the Wellbeing and Behaviour Service"), max_length=200, blank=True
    )
    alnco_informed_on = models.DateField(
        _("date the ALNCo (SENCo) was made aware"), null=True, blank=True
    )

    # Stage two: information gathering
    evidence_staff = models.TextField(_("evidence from school staff"), blank=True)
    child_contribution = models.TextField(_("the child's contribution"), blank=True)
    parent_contribution = models.TextField(_("the parents' or carers' contribution"), blank=True)
    previous_interventions = models.TextField(
        _("evidence of all existing and previous interventions, including any IDP"), blank=True
    )
    agency_support = models.TextField(
        _("summary of current support from any agency involved"), blank=True
    )
    attendance_concern = models.BooleanField(_("attendance is an issue"), default=False)
    ewo_name = models.CharField(_("Education Welfare Officer involved"), max_length=200, blank=True)
    ewo_involved_on = models.DateField(_("date the EWO became involved"), null=True, blank=True)

    # Stage three: organising the meeting
    meeting_on = models.DateField(_("date of meeting"), null=True, blank=True)
    meeting_time = models.TimeField(_("time of meeting"), null=True, blank=True)
    venue = models.CharField(
        _("venue or room"),
        max_length=200,
        blank=True,
        help_text=_("If the parents are coming, somewhere as comfortable as possible."),
    )
    invited = models.TextField(_("who is invited (names, roles and agencies)"), blank=True)
    child_chosen_adult = models.CharField(
        _("the adult the child would like to attend to represent their views"),
        max_length=200,
        blank=True,
        help_text=_("Besides their parent or carer. Write “nobody” if the child chose nobody."),
    )

    # Stage four: the PSP Initial Meeting form. Child details are prefilled from the Pupil
    # Passport (cases.psp.services.prefill_child_details) and the school may correct them.
    upn = models.CharField(_("UPN"), max_length=13, blank=True)
    fsm = _yes_no(_("FSM (free school meals)"))
    cla = _yes_no(_("CLA (child looked after)"))
    school_idp = _yes_no(_("school IDP"))
    la_idp = _yes_no(_("LA IDP"))
    aln_need = models.CharField(_("ALN need"), max_length=200, blank=True)
    attendance_percent = models.DecimalField(
        _("attendance %"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    exclusions_count = models.PositiveSmallIntegerField(
        _("number of exclusions"), null=True, blank=True
    )
    days_excluded = models.DecimalField(
        _("number of days excluded"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    attendees = models.TextField(_("meeting attendees"), blank=True)
    reason = models.TextField(
        _("reason for PSP (objective summary from all perspectives)"), blank=True
    )
    previous_strategies = models.TextField(
        _("previous strategies and interventions"),
        blank=True,
        help_text=_("Refer to or attach any supporting documentation."),
    )
    what_is_working = models.TextField(
        _("what is working?"),
        blank=True,
        help_text=_(
            "Focus on strengths and current success. Use feedback from the family, the child "
            "and other agencies."
        ),
    )
    school_agrees = models.TextField(
        _("the school agrees to"),
        blank=True,
        help_text=_(
            "Proactive: what changes are needed to support. Reactive: how setbacks will be "
            "managed to ensure safety, reflection and learning."
        ),
    )
    signed_child_on = models.DateField(_("signed by the child on"), null=True, blank=True)
    signed_school_by = models.CharField(_("signed for the school by"), max_length=150, blank=True)
    signed_school_on = models.DateField(_("signed by the school on"), null=True, blank=True)
    signed_parent_name = models.CharField(
        _("signed by the parent or carer (name)"), max_length=150, blank=True
    )
    signed_parent_on = models.DateField(
        _("signed by the parent or carer on"), null=True, blank=True
    )
    first_review_on = models.DateField(_("review date"), null=True, blank=True)

    # Stage five
    agreed_on = models.DateField(_("agreed and signed on"), null=True, blank=True)
    ceased_on = models.DateField(_("ceased on"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)

    deadlines = case_deadlines()
    history = HistoricalRecords()

    state_field = "stage"
    wrong_state_message = _("This cannot be done while the PSP is at “%(state)s”.")

    class Meta:
        verbose_name = _("Pastoral Support Programme")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # the LA's list of PSPs and the nightly refresh: open PSPs by school and stage
            models.Index(fields=["school", "stage"], name="cases_psp_school_stage_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="cases_psp_ceased_has_date",
                condition=~Q(stage="ceased") | Q(ceased_on__isnull=False),
                violation_error_message=_("A ceased PSP has the date it ceased."),
            ),
            models.CheckConstraint(
                name="cases_psp_review_after_meeting",
                condition=Q(first_review_on__isnull=True)
                | Q(meeting_on__isnull=True)
                | Q(first_review_on__gt=models.F("meeting_on")),
                violation_error_message=_("The review date must be after the meeting."),
            ),
        ]

    def __str__(self):
        return str(_("PSP for %(pupil)s") % {"pupil": self.pupil})

    def get_absolute_url(self):
        return reverse("psp-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage != self.Stage.CEASED

    @property
    def is_agreed(self) -> bool:
        """Signed at (or after) the initial meeting: stage five, or ceased after it."""
        return self.agreed_on is not None

    @property
    def stage_number(self) -> int | None:
        order = [s.value for s in self.OPEN_STAGES]
        return order.index(self.stage) + 1 if self.stage in order else None


class PspOutcome(models.Model):
    """One positive change the PSP works towards, written with the Outcome Sequence and
    supported through the Support Sequence (004, "Outcome and Support Sequence" workbook)."""

    # The eight questions of step 5 of the Outcome Sequence, in the workbook's words.
    CHECKS = (
        ("check_measurable", _("Can we measure it? Do we know the starting point?")),
        ("check_achievable", _("Is it achievable?")),
        ("check_keeps_working", _("Does it keep or build on what is working?")),
        ("check_changes_not_working", _("Does it change what is not working?")),
        (
            "check_moves_closer",
            _("Does it move us closer to the person's positive change or aspiration?"),
        ),
        ("check_meets_need", _("Where there is assessed need, does the outcome meet it?")),
        (
            "check_everyday_language",
            _("Is it in everyday language, and not expressed from a service perspective?"),
        ),
        ("check_solution", _("Is there a solution embedded in the outcome?")),
    )
    # The seven steps of the Support Sequence.
    SUPPORTS = (
        ("support_yourself", _("1. Yourself")),
        ("support_technology", _("2. Technology")),
        ("support_equipment", _("3. Equipment and adaptations")),
        ("support_family", _("4. Family, friends and neighbours")),
        ("support_community", _("5. Community")),
        ("support_services", _("6. Services or setting")),
        ("support_specialist", _("7. Support")),
    )

    psp = models.ForeignKey(
        PastoralSupportProgramme, on_delete=models.CASCADE, related_name="outcomes"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    # Outcome Sequence steps 1 to 4
    what_matters = models.TextField(
        _("what matters, who matters and where matters to the child (and their aspirations)"),
        blank=True,
    )
    working = models.TextField(_("what is working now"), blank=True)
    not_working = models.TextField(_("what is not working now"), blank=True)
    positive_change = models.TextField(_("what is the positive change the child wants to see?"))
    outcome = models.TextField(_("the specific outcome"))
    starting_point = models.CharField(
        _("the starting point"),
        max_length=300,
        blank=True,
        help_text=_("Where things are now, so progress can be measured."),
    )
    # Outcome Sequence step 5: the eight checks
    check_measurable = models.BooleanField(CHECKS[0][1], default=False)
    check_achievable = models.BooleanField(CHECKS[1][1], default=False)
    check_keeps_working = models.BooleanField(CHECKS[2][1], default=False)
    check_changes_not_working = models.BooleanField(CHECKS[3][1], default=False)
    check_moves_closer = models.BooleanField(CHECKS[4][1], default=False)
    check_meets_need = models.BooleanField(CHECKS[5][1], default=False)
    check_everyday_language = models.BooleanField(CHECKS[6][1], default=False)
    check_solution = models.BooleanField(CHECKS[7][1], default=False)
    # Support Sequence
    tried_already = models.TextField(
        _("what the child has tried already, and their own ideas"), blank=True
    )
    support_yourself = models.TextField(SUPPORTS[0][1], blank=True)
    support_technology = models.TextField(SUPPORTS[1][1], blank=True)
    support_equipment = models.TextField(SUPPORTS[2][1], blank=True)
    support_family = models.TextField(SUPPORTS[3][1], blank=True)
    support_community = models.TextField(SUPPORTS[4][1], blank=True)
    support_services = models.TextField(SUPPORTS[5][1], blank=True)
    support_specialist = models.TextField(SUPPORTS[6][1], blank=True)
    child_involved = models.BooleanField(
        _("I involved the child in decision making as much as I could"), default=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PSP outcome")
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["psp", "number"], name="cases_pspoutcome_number"),
        ]

    def __str__(self):
        return str(_("Outcome %(n)s") % {"n": self.number})

    def unchecked(self) -> list[str]:
        """The step 5 questions not yet answered yes."""
        return [str(label) for name, label in self.CHECKS if not getattr(self, name)]

    def supports(self) -> list[tuple[str, str]]:
        """The Support Sequence answers given, as (step, answer)."""
        return [
            (str(label), getattr(self, name))
            for name, label in self.SUPPORTS
            if getattr(self, name).strip()
        ]


class PspAgreement(models.Model):
    """What a parent or carer (by name) or another professional (name and agency) agrees to."""

    class Party(models.TextChoices):
        PARENT = "parent", _("Parent or carer")
        PROFESSIONAL = "professional", _("Other professional")

    psp = models.ForeignKey(
        PastoralSupportProgramme, on_delete=models.CASCADE, related_name="agreements"
    )
    party = models.CharField(_("who"), max_length=12, choices=Party.choices)
    name = models.CharField(_("name"), max_length=150)
    agency = models.CharField(_("agency"), max_length=150, blank=True)
    agrees_to = models.TextField(_("agrees to"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PSP agreement")
        ordering = ["party", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cases_pspagreement_professional_agency",
                condition=~Q(party="professional") | ~Q(agency=""),
                violation_error_message=_("Give the professional's agency."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.agency})" if self.agency else self.name


class PspReview(models.Model):
    """A review of the PSP (004 Stage Five): at least every six weeks, more often at first."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Continue: progress is made and interventions are effective")
        ADAPT = "adapt", _("Adapt or amend the PSP to meet need")
        CEASE = "cease", _("Cease the PSP: the outcomes have been achieved")
        NEXT_STEPS = "next_steps", _("Discuss next steps with the relevant professionals")

    psp = models.ForeignKey(
        PastoralSupportProgramme, on_delete=models.CASCADE, related_name="reviews"
    )
    held_on = models.DateField(_("date of the review"))
    attendees = models.TextField(_("attendees"))
    working = models.TextField(_("what is working"))
    not_working = models.TextField(_("what is not working"), blank=True)
    parents_views = models.TextField(_("the parents' or carers' views"), blank=True)
    child_views = models.TextField(_("the child's views"), blank=True)
    outcome = models.CharField(_("outcome of the review"), max_length=12, choices=Outcome.choices)
    changes = models.TextField(_("how the PSP is adapted or amended"), blank=True)
    next_steps = models.TextField(_("next steps agreed with the professionals"), blank=True)
    next_review_on = models.DateField(_("date of the next review"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PSP review")
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cases_pspreview_next_after",
                condition=Q(next_review_on__isnull=True)
                | Q(next_review_on__gt=models.F("held_on")),
                violation_error_message=_("The next review must be after this one."),
            ),
            models.CheckConstraint(
                name="cases_pspreview_next_unless_ceased",
                condition=Q(outcome="cease") | Q(next_review_on__isnull=False),
                violation_error_message=_("Set the date of the next review."),
            ),
        ]

    def __str__(self):
        return str(_("Review of %(day)s") % {"day": f"{self.held_on:%-d %B %Y}"})


class PspCheckIn(models.Model):
    """The key adult's weekly, solution-focused check-in with the child (004 Stage Five)."""

    psp = models.ForeignKey(
        PastoralSupportProgramme, on_delete=models.CASCADE, related_name="check_ins"
    )
    held_on = models.DateField(_("date"))
    working = models.TextField(_("what is working, in the child's words"))
    not_working = models.TextField(_("what is not working"), blank=True)
    next_step = models.TextField(_("what we will try before the next check-in"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("met the child"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PSP check-in")
        ordering = ["-held_on", "-pk"]
        indexes = [
            # the PSP page and the deadline refresh: the latest check-ins first
            models.Index(fields=["psp", "-held_on"], name="cases_pspcheckin_latest_idx"),
        ]

    def __str__(self):
        return str(_("Check-in of %(day)s") % {"day": f"{self.held_on:%-d %B %Y}"})


class PspProgress(models.Model):
    """Progress towards one outcome, as seen at a check-in or a review."""

    class Rating(models.TextChoices):
        NONE = "none", _("No progress yet")
        SOME = "some", _("Some progress")
        GOOD = "good", _("Good progress")
        ACHIEVED = "achieved", _("Achieved")

    outcome = models.ForeignKey(PspOutcome, on_delete=models.CASCADE, related_name="progress")
    check_in = models.ForeignKey(
        PspCheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="progress"
    )
    review = models.ForeignKey(
        PspReview, on_delete=models.CASCADE, null=True, blank=True, related_name="progress"
    )
    rating = models.CharField(_("progress"), max_length=8, choices=Rating.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress towards an outcome")
        ordering = ["outcome__number", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cases_pspprogress_one_occasion",
                condition=Q(check_in__isnull=False, review__isnull=True)
                | Q(check_in__isnull=True, review__isnull=False),
                violation_error_message=_("Progress is seen at a check-in or a review."),
            ),
            models.UniqueConstraint(
                fields=["check_in", "outcome"],
                condition=Q(check_in__isnull=False),
                name="cases_pspprogress_once_per_check_in",
            ),
            models.UniqueConstraint(
                fields=["review", "outcome"],
                condition=Q(review__isnull=False),
                name="cases_pspprogress_once_per_review",
            ),
        ]

    def __str__(self):
        return f"{self.outcome}: {self.get_rating_display()}"


class PspMonitoring(models.Model):
    """The LA's PSP Monitoring Group considered the PSP (004: it meets termly)."""

    psp = models.ForeignKey(
        PastoralSupportProgramme, on_delete=models.CASCADE, related_name="monitoring"
    )
    considered_on = models.DateField(_("date the monitoring group considered it"))
    notes = models.TextField(_("the group's notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PSP monitoring")
        ordering = ["-considered_on", "-pk"]

    def __str__(self):
        return str(_("Monitoring group, %(day)s") % {"day": f"{self.considered_on:%-d %B %Y}"})
