"""The Pastoral Support Programme itself: its five stages and every field of the stages and of
the PSP Initial Meeting template.

Source: 004_f815cbfe89cfcc2a.txt "Pastoral Support Programmes (PSPs)" (purpose, roles), "The
Stages of a Pastoral Support Programme" (the five stages are the lifecycle) and the "Pastoral
Support Programme Initial Meeting" template.
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
    # Passport (cases.psp.selectors.child_details) and the school may correct them.
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
    def law(self):
        """The needs words of the school's nation (tenancy.jurisdiction): 004 is Neath Port
        Talbot's, in Wales; an English school's PSP speaks of SEND, the SENCo and an EHCP."""
        return self.school.local_authority.law

    @property
    def behaviour_service(self) -> str:
        """The LA's service told of a risk of permanent exclusion ("" if it names none)."""
        return self.school.local_authority.behaviour_service

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
