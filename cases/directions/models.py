"""Off-site directions and what hangs off them: LA consultations, managed moves, LA tasks, the
host's attendance register and the home-host contact log.

Sources: 003_db4daf6c9cf2ba51.txt (the Worcestershire protocol and its templates),
002_decd2720d6352690.txt (during a direction), 001_c58a6ee2a70ae155.txt (Warwickshire).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.pupils.models import Pupil, yes_no
from cases.relations import case_deadlines
from tenancy.models import School


class Direction(models.Model):
    """An off-site direction: the home school directs a pupil to be educated at a host for a
    while to improve their future behaviour (sources: the module's).

    The lifecycle is cases.directions.services; each transition is a service with a named guard.
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONSULTED = "consulted", _("Consulted")
        HOST_AGREED = "host_agreed", _("Host agreed in principle")
        DECIDED = "decided", _("Decided")
        NOTICE_SENT = "notice_sent", _("Notice sent")
        INITIAL_MEETING_HELD = "initial_meeting_held", _("Initial meeting held")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    class Ending(models.TextChoices):
        RETURNED = "returned", _("Returned to the home school")
        MANAGED_MOVE = "managed_move", _("Converted to a managed move")
        HOST_ENDED = "host_ended", _("Ended by the host (breakdown)")

    class Delegation(models.TextChoices):
        GOVERNING_BOARD = "governing_board", _("The governing board")
        TRUST = "trust", _("The academy trust")
        COMMITTEE = "committee", _("A committee, under the scheme of delegation")
        PERSON = "person", _("A named person, under the scheme of delegation")

    class Attendance(models.TextChoices):
        FULL_TIME = "full_time", _("Full-time at the host")
        PART_TIME = "part_time", _("Part-time at the host, part-time at the home school")

    class TransportPayer(models.TextChoices):
        NOT_NEEDED = "not_needed", _("Not needed")
        PARENT = "parent", _("The parents")
        HOME_SCHOOL = "home_school", _("The home school")

    # The pupil is at the host: from the initial meeting until the direction ends (003).
    AT_HOST_STATES = (State.INITIAL_MEETING_HELD, State.ACTIVE)
    # Decided: from then on the end date changes only by a review's decision (003 "Review").
    DECIDED_STATES = (State.DECIDED, State.NOTICE_SENT, *AT_HOST_STATES, State.ENDED)

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="directions")
    home_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="directions_out",
        verbose_name=_("home school"),
    )
    host_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directions_in",
        verbose_name=_("host school"),
    )
    state = models.CharField(
        _("state"), max_length=24, choices=State.choices, default=State.PROPOSED
    )
    ending = models.CharField(_("how it ended"), max_length=16, choices=Ending.choices, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    case_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("case lead"),
    )

    # Planning (001 "should" list; 003 Procedure, Funding, Transport)
    reasons = models.TextField(_("reasons for the off-site direction"))
    objectives = models.TextField(
        _("objectives"), help_text=_("What the pupil is to achieve; one per line.")
    )
    success_criteria = models.TextField(
        _("what needs to happen for the off-site direction to be successful")
    )
    planned_start = models.DateField(_("first day"), null=True, blank=True)
    planned_end = models.DateField(
        _("planned end date"),
        null=True,
        blank=True,
        help_text=_("A direction is never open-ended (001)."),
    )
    maximum_period = models.CharField(
        _("proposed maximum period"),
        max_length=150,
        blank=True,
        help_text=_("As the letter will say it, for example the remainder of term."),
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.FULL_TIME
    )
    part_time_timetable = models.TextField(
        _("timetable between host and home school, if part-time"), blank=True
    )
    days = models.CharField(_("days"), max_length=100, default="Monday to Friday")
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    break_times = models.CharField(_("session and break times"), max_length=200, blank=True)
    report_to_name = models.CharField(_("report to (name)"), max_length=150, blank=True)
    report_to_role = models.CharField(_("report to (role)"), max_length=150, blank=True)
    report_time = models.TimeField(_("time to report on the first day"), null=True, blank=True)
    contact_arrangements = models.CharField(
        _("how the school will keep in touch with the parents"),
        max_length=200,
        default="weekly phone calls",
    )
    point_of_contact = models.CharField(
        _("parents' point of contact (name, role)"), max_length=200, blank=True
    )
    funding_awpu = models.CharField(_("AWPU balance to transfer"), max_length=200, blank=True)
    funding_send = models.CharField(_("SEN / EHCP funding to transfer"), max_length=200, blank=True)
    funding_backdated = models.BooleanField(
        _("funding backdated to the start of the trial period"), default=False
    )
    transport_payer = models.CharField(
        _("who pays for transport"),
        max_length=12,
        choices=TransportPayer.choices,
        default=TransportPayer.NOT_NEEDED,
    )
    transport_arrangements = models.TextField(_("transport arrangements"), blank=True)

    # Notification Form (003 template 1): parents' views
    parent_understands = yes_no(_("does the parent understand the reasons?"))
    other_parent_agrees = yes_no(
        _("if another parent has parental responsibility, has agreement been reached?")
    )
    parental_comments = models.TextField(_("parental comments"), blank=True)
    parents_agree = models.BooleanField(_("the parents agree to the direction"), default=False)

    # The host's answer
    host_approached_on = models.DateField(_("host approached on"), null=True, blank=True)
    host_agreed_on = models.DateField(_("host agreed in principle on"), null=True, blank=True)

    # The decision (003: the governing board or trust, or under its scheme of delegation)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    delegation = models.CharField(
        _("decided by, or under the delegation of"),
        max_length=16,
        choices=Delegation.choices,
        blank=True,
    )
    delegation_details = models.CharField(
        _("delegation details"),
        max_length=200,
        blank=True,
        help_text=_("Which committee or person, under which scheme of delegation."),
    )
    checklist_confirmed = models.BooleanField(
        _("the decision maker confirms the direction meets the should and should not lists"),
        default=False,
    )
    notice_sent_on = models.DateField(_("written notice sent on"), null=True, blank=True)
    # Agreed at the initial meeting (003 template 3: "agreed frequency of subsequent reviews");
    # until then the LA's usual interval. Never longer than the LA's, itself at most 6 weeks.
    review_interval_weeks = models.PositiveSmallIntegerField(
        _("weeks between reviews"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("Enter 1 or more weeks between reviews")),
            MaxValueValidator(
                6, _("Reviews must be held at least every 6 weeks: enter 6 or fewer")
            ),
        ],
        help_text=_(
            "How often the reviews after the first are held, as agreed at the initial meeting "
            "(003): for example 2 for fortnightly (002), 6 at most (001)."
        ),
    )

    # 003 "Managed Move": a review's outcome "Convert to Managed Move" leaves the direction open,
    # moving, until the parents and the admission authority agree and the roll changes; if they
    # do not, the direction goes on and the case lead records why.
    moving_since = models.DateField(
        _("managed move agreed at the review of"), null=True, blank=True
    )
    move_stopped_on = models.DateField(
        _("managed move not going ahead since"), null=True, blank=True
    )
    move_stopped_reason = models.TextField(_("why the managed move is not going ahead"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    deadlines = case_deadlines()
    history = HistoricalRecords()

    wrong_state_message = _("This cannot be done while the direction is “%(state)s”.")

    class Meta:
        verbose_name = _("off-site direction")
        ordering = ["-created_at"]
        indexes = [
            # the LA's and the school's lists of directions by state
            models.Index(fields=["home_school", "state"], name="cases_direction_home_state_idx"),
            models.Index(fields=["host_school", "state"], name="cases_direction_host_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="cases_direction_end_after_start",
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gt=models.F("planned_start")),
                violation_error_message=_("The planned end date must be after the first day."),
            ),
            models.CheckConstraint(
                name="cases_direction_host_is_not_home",
                condition=~Q(host_school=models.F("home_school")),
                violation_error_message=_("The host cannot be the pupil's own school."),
            ),
        ]

    def __str__(self):
        return str(_("Off-site direction for %(pupil)s") % {"pupil": self.pupil})

    def get_absolute_url(self):
        return reverse("direction-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state != self.State.ENDED

    @property
    def is_moving(self) -> bool:
        """A review agreed a managed move and the pupil is not yet on the new roll (003)."""
        return self.moving_since is not None and self.is_open

    @property
    def review_weeks(self) -> int:
        """Weeks between reviews: as agreed at the initial meeting, else the LA's usual."""
        return self.review_interval_weeks or self.home_school.local_authority.review_interval_weeks

    @property
    def was_at_host(self) -> bool:
        """The pupil has been (or is) at the host: attendance exists to record and show."""
        return bool(
            self.host_school_id
            and self.planned_start
            and self.state in (*self.AT_HOST_STATES, self.State.ENDED)
        )


class Consultation(models.Model):
    """Who was consulted before the decision, and what they said (guards read these)."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Area Education Entitlement Coordinator (001)")
        SEND_TEAM = "send_team", _("LA SEND team, for a pupil with an EHCP (003)")
        VIRTUAL_SCHOOL = "virtual_school", _("Virtual School, for a looked-after child (003)")
        SOCIAL_WORKER = "social_worker", _("The child's social worker (003)")
        PARENTS = "parents", _("Parents or carers")
        OTHER = "other", _("Other")

    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(_("who"), max_length=16, choices=Kind.choices)
    person = models.CharField(_("name and role"), max_length=200)
    on = models.DateField(_("date"))
    supports = models.BooleanField(_("they support the direction"), default=False)
    notes = models.TextField(_("what they said"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation")
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person}"


class ManagedMove(models.Model):
    """A permanent move to another school, usually converted from a direction at a review.

    Source: 003_db4daf6c9cf2ba51.txt "Managed Move", "Funding", "Transport": the pupil goes on the
    new school's roll on the agreed start date; funding (AWPU balance, SEN / EHCP, backdating)
    may transfer; School Admissions redesignates the school for transport.
    """

    direction = models.OneToOneField(
        Direction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_move",
        verbose_name=_("converted from the off-site direction"),
    )
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="managed_moves")
    from_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="moves_out", verbose_name=_("from school")
    )
    to_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="moves_in", verbose_name=_("to school")
    )
    agreed_start = models.DateField(
        _("agreed start date"), help_text=_("The pupil goes on the new school's roll that day.")
    )
    roll_changed_on = models.DateField(_("placed on the new roll on"), null=True, blank=True)
    funding_awpu = models.CharField(_("AWPU balance transferred"), max_length=200, blank=True)
    funding_send = models.CharField(_("SEN / EHCP funding transferred"), max_length=200, blank=True)
    funding_backdated = models.BooleanField(
        _("funding backdated to the start of the trial period"), default=False
    )
    transport_redesignation = models.TextField(
        _("transport: redesignation by School Admissions"), blank=True
    )
    parents_agree = models.BooleanField(_("the parents agree to the managed move"), default=False)
    admission_authority_agrees = models.BooleanField(
        _("the new school's admission authority agrees"), default=False
    )
    # A move agreed without a direction that does not go ahead is kept, with why (003).
    cancelled_on = models.DateField(_("not going ahead since"), null=True, blank=True)
    cancelled_reason = models.TextField(_("why the managed move is not going ahead"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("managed move")
        ordering = ["-agreed_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="cases_managedmove_to_other_school",
                condition=~Q(to_school=models.F("from_school")),
                violation_error_message=_("A managed move is to another school."),
            ),
            # 003 "Managed Move": one permanent move at a time, until the roll changes.
            models.UniqueConstraint(
                fields=["pupil"],
                condition=Q(roll_changed_on__isnull=True, cancelled_on__isnull=True),
                name="cases_managedmove_one_in_progress",
                violation_error_message=_("This pupil already has a managed move in progress."),
            ),
        ]

    def __str__(self):
        return str(_("Managed move of %(pupil)s") % {"pupil": self.pupil})

    def get_absolute_url(self):
        """A move converted from a direction is shown on the direction; any other on its own."""
        if self.direction_id:
            return reverse("direction-detail", args=[self.direction_id])
        return reverse("managed-move-detail", args=[self.pk])

    @property
    def agreed_by_all(self) -> bool:
        """003 "Managed Move": "must be agreed with all parties involved, including the parents
        and the admission authority of the new school". Until both are recorded the pupil stays
        on the home school's roll and the direction stays open."""
        return self.parents_agree and self.admission_authority_agrees

    @property
    def in_progress(self) -> bool:
        """Still being agreed: not yet on the new roll, and not called off."""
        return self.roll_changed_on is None and self.cancelled_on is None


class LaTask(models.Model):
    """A checklist item for the LA that stays open until someone ticks it.

    Source: 003_db4daf6c9cf2ba51.txt: on a managed move or a return to the home school, the
    on / off-roll return on the Children's Services Portal and the Off-site Direction
    spreadsheet on the secure Teams site; before the decision, the SEND or Virtual School
    consultation.
    """

    class Kind(models.TextChoices):
        PORTAL_RETURN = (
            "portal_return",
            _("Complete the on or off-roll return on the Children's Services Portal"),
        )
        SPREADSHEET = (
            "spreadsheet",
            _("Update the Off-site Direction spreadsheet on the secure Teams site"),
        )
        SEND_CONSULTATION = "send_consultation", _("SEND team consultation on an EHCP pupil")
        VIRTUAL_SCHOOL_CONSULTATION = (
            "virtual_school_consultation",
            _("Virtual School consultation on a looked-after child"),
        )

    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority", on_delete=models.PROTECT, related_name="tasks"
    )
    kind = models.CharField(_("task"), max_length=32, choices=Kind.choices)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="la_tasks")
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="la_tasks", verbose_name=_("school")
    )
    direction = models.ForeignKey(
        Direction, on_delete=models.PROTECT, null=True, blank=True, related_name="la_tasks"
    )
    managed_move = models.ForeignKey(
        ManagedMove, on_delete=models.PROTECT, null=True, blank=True, related_name="la_tasks"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="la_tasks",
        verbose_name=_("assigned to"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("LA task")
        ordering = ["done_on", "created_at", "pk"]
        indexes = [
            models.Index(fields=["local_authority", "done_on"], name="cases_latask_la_open_idx"),
        ]
        constraints = [
            # Creating the tasks twice (a retried request, a second conversion) makes no copies.
            models.UniqueConstraint(
                fields=["direction", "kind"],
                condition=Q(direction__isnull=False),
                name="cases_latask_once_per_direction",
            ),
            # A managed move agreed without a direction has each roll task once too.
            models.UniqueConstraint(
                fields=["managed_move", "kind"],
                condition=Q(direction__isnull=True, managed_move__isnull=False),
                name="cases_latask_once_per_move",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    def get_absolute_url(self):
        """Where it is done: the page that marks it done."""
        return reverse("la-task-done", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.done_on is None


def letter_direction(letter) -> "Direction | None":
    """The direction a letter was made for: directly, or through one of its meetings."""
    about = letter.document.about
    return about if isinstance(about, Direction) else getattr(about, "direction", None)
