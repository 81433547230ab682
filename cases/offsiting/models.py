"""Back-on-Track off-siting between the centres of a pupil education service.

Source: 000_6280d14dcdeb4d53.txt. The lifecycle is cases.offsiting.services:
planned → started → ended → closed (or planned → cancelled). The seven items shared with the
receiving centre and the concerns it records are in safeguarding.models.information_sharing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.relations import case_deadlines
from tenancy.models import School
from ui.formats import long_date

__all__ = ["OffSiting", "OffSitingMeeting", "OffSitingWork"]


class OffSiting(models.Model):
    """A pupil off-sited from their home centre to another centre of the same service."""

    class Kind(models.TextChoices):
        CONSEQUENCE = "consequence", _("As a consequence")
        SAFETY = "safety", _("For safety, to allow risk assessment")
        RESPITE = "respite", _("For respite, as an intervention")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        STARTED = "started", _("At the receiving centre")
        ENDED = "ended", _("Returned: restorative meeting to record")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    class Circumstance(models.TextChoices):
        # 000 "Use of off-siting": the three circumstances of an off-siting as a consequence.
        ASSAULT = (
            "assault",
            _("Premeditated assault on another pupil leading to minor injury or safety concern"),
        )
        INCIDENT = (
            "incident",
            _(
                "A significant, dramatic one-off incident that has led to damage to property or "
                "disruption to the running of the centre over a period of time"
            ),
        )
        DAMAGE = "damage", _("Seemingly wilful damage to property")

    class Pattern(models.TextChoices):
        BLOCK = "block", _("A block of days")
        KEY_DAYS = "key_days", _("Key days each week (respite only, up to half a term)")

    class Decision(models.TextChoices):
        AGREED = "agreed", _("Agreed")
        DECLINED = "declined", _("Not agreed")

    class WeekOne(models.TextChoices):
        RETURN = "return", _("The pupil is able to return to the home centre")
        FURTHER_WEEK = "further_week", _("A further week is required")

    class Topic(models.TextChoices):
        # 000 "Back-On-Track Curriculum": the nine things the programme covers.
        CAUSES = "causes", _("Unpicking the causes of negative behaviours")
        BRAIN = "brain", _("Understanding how emotions are regulated by the human brain")
        IMPACT = "impact", _("Understanding the impact of negative behaviours on others")
        FEELINGS = (
            "feelings",
            _("Understanding own personal feelings at the time of negative behaviours occurring"),
        )
        ANGER_CYCLE = "anger_cycle", _("Understanding the ‘anger arousal’ cycle")
        PUT_RIGHT = "put_right", _("Understanding what needs to happen to put a wrong right")
        EMOTIONS = "emotions", _("Skills for managing feelings and strong emotions")
        PEERS = "peers", _("Skills for managing relationships with peers")
        REACT = "react", _("Planning for how to react differently in the same situation")

    WEEKDAYS = (
        (0, _("Monday")),
        (1, _("Tuesday")),
        (2, _("Wednesday")),
        (3, _("Thursday")),
        (4, _("Friday")),
    )
    # The pupil is (or is about to be) at the receiving centre: its staff see the record.
    RECEIVING_STATES = (State.PLANNED, State.STARTED, State.ENDED)
    OPEN_STATES = (State.PLANNED, State.STARTED, State.ENDED)

    pupil = models.ForeignKey(
        "cases.Pupil", on_delete=models.PROTECT, related_name="offsitings", verbose_name=_("pupil")
    )
    home_centre = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="offsitings_out",
        verbose_name=_("home centre"),
    )
    receiving_centre = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="offsitings_in",
        verbose_name=_("receiving centre"),
    )
    kind = models.CharField(_("type of off-siting"), max_length=12, choices=Kind.choices)
    case_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("case lead"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    circumstance = models.CharField(
        _("circumstance"),
        max_length=10,
        choices=Circumstance.choices,
        blank=True,
        help_text=_("Only for an off-siting as a consequence."),
    )
    pattern = models.CharField(
        _("days off-site"), max_length=10, choices=Pattern.choices, default=Pattern.BLOCK
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    key_days = models.JSONField(
        _("key days"),
        default=list,
        blank=True,
        help_text=_("Weekday numbers, Monday 0 to Friday 4, for key days each week."),
    )
    school_days = models.PositiveSmallIntegerField(
        _("school days off-site"),
        default=0,
        help_text=_("Worked out from the dates and the home centre's calendar."),
    )
    reasons = models.TextField(_("reasons for the off-siting"))
    intervention = models.TextField(
        _("intensive support and intervention planned"),
        blank=True,
        help_text=_("For respite: what will help the pupil have a more successful time at home."),
    )
    work_agreed = models.TextField(
        _("work agreed with the receiving centre"),
        blank=True,
        help_text=_(
            "What is realistic for the pupil to complete, taking into account any intervention."
        ),
    )
    receiving_class = models.CharField(
        _("class at the receiving centre"), max_length=150, blank=True
    )

    # Head of Service's agreement (respite beyond the LA's days without approval)
    approval_needed = models.BooleanField(_("Head of Service's agreement needed"), default=False)
    approval_decision = models.CharField(
        _("Head of Service's decision"), max_length=10, choices=Decision.choices, blank=True
    )
    approval_days = models.PositiveSmallIntegerField(_("school days agreed"), null=True, blank=True)
    approval_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    approval_on = models.DateField(_("decided on"), null=True, blank=True)
    approval_notes = models.TextField(_("Head of Service's notes"), blank=True)

    # A funded 1:1 teaching assistant (000 "Use of human resources")
    ta_requested_on = models.DateField(_("1:1 TA requested on"), null=True, blank=True)
    ta_request_reason = models.TextField(_("why a 1:1 TA is needed"), blank=True)
    ta_decision = models.CharField(
        _("decision on the 1:1 TA"), max_length=10, choices=Decision.choices, blank=True
    )
    ta_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("TA decided by"),
    )
    ta_decided_on = models.DateField(_("TA decided on"), null=True, blank=True)
    ta_decision_notes = models.TextField(_("notes on the TA decision"), blank=True)

    # End of week one (full programme)
    week_one_decision = models.CharField(
        _("decision at the end of week one"), max_length=12, choices=WeekOne.choices, blank=True
    )
    week_one_decided_on = models.DateField(_("week one decided on"), null=True, blank=True)
    week_one_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("week one decided by"),
    )
    week_one_notes = models.TextField(_("notes on the week one decision"), blank=True)

    # Workbook progress through the nine topics of the curriculum
    topics_done = models.JSONField(_("topics covered"), default=list, blank=True)
    workbook_notes = models.TextField(_("notes on the workbook"), blank=True)

    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("returned to the home centre on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    cancelled_reason = models.TextField(_("why it was cancelled"), blank=True)

    deadlines = case_deadlines()
    history = HistoricalRecords()

    wrong_state_message = _("This cannot be done while the off-siting is “%(state)s”.")

    class Meta:
        verbose_name = _("Back-on-Track off-siting")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # the Head of Service's list: a service's off-sitings awaiting a decision first
            models.Index(
                fields=["approval_needed", "approval_decision"], name="cases_offsiting_await_idx"
            ),
            # a receiving centre's off-sitings (visibility)
            models.Index(fields=["receiving_centre", "state"], name="cases_offsiting_recv_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="cases_offsiting_last_after_first",
                condition=Q(last_day__gte=models.F("first_day")),
                violation_error_message=_("The last day must be on or after the first day."),
            ),
            models.CheckConstraint(
                name="cases_offsiting_two_centres",
                condition=~Q(home_centre=models.F("receiving_centre")),
                violation_error_message=_(
                    "The receiving centre must be a different centre from the home centre."
                ),
            ),
        ]

    def __str__(self):
        return str(
            _("Off-siting of %(pupil)s to %(centre)s")
            % {"pupil": self.pupil, "centre": self.receiving_centre}
        )

    def get_absolute_url(self):
        return reverse("offsiting-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def awaiting_approval(self) -> bool:
        return self.approval_needed and not self.approval_decision

    @property
    def awaiting_ta_decision(self) -> bool:
        return self.ta_requested_on is not None and not self.ta_decision

    def key_day_names(self) -> str:
        names = dict(self.WEEKDAYS)
        return ", ".join(str(names[d]) for d in sorted(self.key_days) if d in names)


class OffSitingMeeting(models.Model):
    """A meeting of the off-siting: with the parents (000 "Parent involvement") or the
    restorative meeting on return; scheduled from the rules, then recorded when held."""

    class Kind(models.TextChoices):
        START = "start", _("Meeting at the start")
        REVIEW = "review", _("Review")
        FINAL = "final", _("Final review before return")
        END = "end", _("Meeting at the end")
        RESTORATIVE = "restorative", _("Restorative meeting")

    PARENT_KINDS = (Kind.START, Kind.REVIEW, Kind.FINAL, Kind.END)

    offsiting = models.ForeignKey(OffSiting, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("meeting"), max_length=12, choices=Kind.choices)
    scheduled_for = models.DateField(_("due on"))
    date = models.DateField(_("date held"), null=True, blank=True)
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for the receiving centre (the home centre for a restorative)."),
    )
    held = models.BooleanField(_("held"), default=False)
    parents_invited_on = models.DateField(_("parents invited on"), null=True, blank=True)
    attendees = models.TextField(
        _("who attended"),
        blank=True,
        help_text=_("Names and roles, one a line: the pupil, parents or carers, staff."),
    )
    notes = models.TextField(_("notes of the meeting"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("off-siting meeting")
        ordering = ["scheduled_for", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cases_offsitingmeeting_held_has_date",
                condition=Q(held=False) | Q(date__isnull=False),
                violation_error_message=_("Enter the date the meeting was held."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {long_date(self.scheduled_for)}"


class OffSitingWork(models.Model):
    """The work for one subject in one week: set by home, returned and marked by home.

    Source: 000_6280d14dcdeb4d53.txt "Providing work": at least maths, English and any option
    subjects of a KS4 pupil; "The work is sent back and marked by the home site."
    """

    offsiting = models.ForeignKey(OffSiting, on_delete=models.CASCADE, related_name="work")
    subject = models.CharField(_("subject"), max_length=100)
    week_beginning = models.DateField(_("week beginning"))
    set_by_home = models.BooleanField(_("work set by the home centre"), default=False)
    returned = models.BooleanField(_("work returned to the home centre"), default=False)
    marked = models.BooleanField(_("work marked by the home centre"), default=False)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work for a subject")
        ordering = ["week_beginning", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["offsiting", "subject", "week_beginning"],
                name="cases_offsitingwork_once_a_week",
            ),
        ]

    def __str__(self):
        return f"{self.subject}, {long_date(self.week_beginning)}"
