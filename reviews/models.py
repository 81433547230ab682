"""Meetings and reviews of a case, and the deadlines worked out from the rules.

Sources: 003_db4daf6c9cf2ba51.txt templates 3 (Initial Meeting Form) and 4 (Review or
Emergency Review Form); 002_decd2720d6352690.txt (invitations and decisions).
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.directions.models import Direction
from cases.pupils.models import Pupil
from reviews import rules
from tenancy.models import LocalAuthority, School
from ui.formats import long_date


class Meeting(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial meeting")
        REVIEW = "review", _("Review")
        EMERGENCY = "emergency", _("Emergency review")

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Continue with the direction")
        RETURN = "return", _("Return to the home school")
        MANAGED_MOVE = "managed_move", _("Convert to a managed move")

    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date of meeting"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for the home school."),
    )
    held = models.BooleanField(_("held"), default=False)
    parents_invited_on = models.DateField(_("parents invited in writing on"), null=True, blank=True)
    # 003 Review, 002: not later than six days before, unless the parents agree to less.
    shorter_notice_agreed_on = models.DateField(
        _("parents agreed to shorter notice on"), null=True, blank=True
    )
    parents_views = models.TextField(_("parents' written views before the meeting"), blank=True)
    address_changed = models.TextField(
        _("address, if it has changed since the previous meeting"), blank=True
    )
    home_representative = models.CharField(
        _("home school representative"), max_length=200, blank=True
    )
    host_representative = models.CharField(
        _("host school representative"), max_length=200, blank=True
    )
    parent_carer = models.CharField(_("parent or carer"), max_length=200, blank=True)
    others = models.CharField(_("others attending"), max_length=300, blank=True)
    # Template 3
    reasons = models.TextField(_("reasons for the off-site direction"), blank=True)
    success_needs = models.TextField(
        _("what needs to happen for the off-site direction to be successful"), blank=True
    )
    # Template 4
    progress = models.TextField(_("progress towards integration and success to date"), blank=True)
    concerns = models.TextField(_("issues causing concern and suggestions"), blank=True)
    support = models.TextField(
        _("additional support required and any additional information"), blank=True
    )
    outcome = models.CharField(
        _("outcome of review"), max_length=12, choices=Outcome.choices, blank=True
    )
    continue_until = models.DateField(_("continue until"), null=True, blank=True)
    next_meeting = models.DateField(_("date of next meeting"), null=True, blank=True)
    signed_by_parent = models.BooleanField(_("signed by the parent or carer"), default=False)
    signed_by_child = models.BooleanField(_("signed by the child"), default=False)
    signed_by_home = models.BooleanField(_("signed by the home school"), default=False)
    signed_by_host = models.BooleanField(_("signed by the host school"), default=False)
    decision_sent_on = models.DateField(
        _("decision sent to parents in writing on"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}, {long_date(self.date)}"


class ReviewRequest(models.Model):
    """A written request for a review from the parents or the LA that maintains the EHCP (002)."""

    class From(models.TextChoices):
        PARENTS = "parents", _("Parents or carers (or the pupil, if 18 or over)")
        LA = "la", _("The LA that maintains the pupil's EHCP")

    direction = models.ForeignKey(
        Direction, on_delete=models.CASCADE, related_name="review_requests"
    )
    requested_by = models.CharField(_("requested by"), max_length=8, choices=From.choices)
    received_on = models.DateField(_("received in writing on"))
    must_hold = models.BooleanField(_("a review must be held as soon as practicable"))
    notes = models.TextField(_("notes"), blank=True)
    # Staff record a request that came by letter or email; a parent's own request through the
    # link in their email (the parents app) has no member of staff, only the parent.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey(
        "cases.ParentCarer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by the parent or carer"),
    )
    # Kept as it was when they asked: the record still names them if the parent is removed.
    parent_name = models.CharField(_("parent or carer"), max_length=150, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review request")
        ordering = ["received_on"]
        constraints = [
            models.CheckConstraint(
                name="reviews_reviewrequest_recorded_by_someone",
                condition=Q(recorded_by__isnull=False) | ~Q(parent_name=""),
                violation_error_message=_(
                    "A request is recorded by a member of staff or sent by a parent."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_requested_by_display()}, {long_date(self.received_on)}"


class MeetingReply(models.Model):
    """A parent's answer before a review meeting, sent through the link in their email (issue
    14): whether they will come, and their written views, which the review form prints with
    what staff recorded (003 template 4, "Parents' written views"). Kept here, beside the
    meeting, so that the direction's pages and forms read it without knowing the parents app."""

    class Attending(models.TextChoices):
        YES = "yes", _("Will come")
        NO = "no", _("Cannot come")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="parent_replies")
    parent = models.ForeignKey(
        "cases.ParentCarer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    parent_name = models.CharField(_("parent or carer"), max_length=150)
    attending = models.CharField(
        _("coming to the meeting"), max_length=3, choices=Attending.choices, blank=True
    )
    views = models.TextField(_("views before the meeting"), blank=True)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("parent's reply before a meeting")
        verbose_name_plural = _("parents' replies before meetings")
        ordering = ["sent_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="reviews_meetingreply_says_something",
                condition=~Q(attending="") | ~Q(views=""),
                violation_error_message=_("A reply says whether they will come, or their views."),
            ),
        ]

    def __str__(self):
        return f"{self.parent_name}, {self.meeting}"


class DeadlineQuerySet(models.QuerySet):
    def overdue(self, today):
        """Not done and past due. Rows still "due" past their date count too: the nightly
        refresh may not have run yet today."""
        return self.filter(
            Q(state=Deadline.State.OVERDUE) | Q(state=Deadline.State.DUE, due__lt=today)
        )

    def late(self):
        """Done, but after the due date: the record never shows these as on time."""
        return self.filter(state=Deadline.State.LATE)


class Deadline(models.Model):
    """A deadline materialised from the rules; recomputed whenever its case changes and nightly.

    `key` identifies the deadline within its case (for example "review-invitation:42"), so
    recomputing updates the same row and never makes a second one. The case (`case`) is of any
    type: an off-site direction, a Back-on-Track off-siting, a PSP, a reduced timetable, an AP
    placement, or an LA's AP provider declaration, which has no pupil or school.
    """

    class State(models.TextChoices):
        """What happened, as reviews.rules.deadline_state says (its values are these), and
        "not_needed": a step the case stopped asking for after it fell overdue (kept, with why,
        so the record shows it was missed while it was needed)."""

        DUE = "due", _("To do")
        OVERDUE = "overdue", _("Overdue")
        ON_TIME = "on_time", _("Done on time")
        LATE = "late", _("Done late")
        WAIVED = "waived", _("Waived")
        NOT_NEEDED = "not_needed", _("No longer needed")

    class Kind(models.TextChoices):
        DIRECTION_NOTICE = "direction_notice", _("Written notice of the direction to parents")
        FIRST_REVIEW = "first_review", _("Latest date for the first review")
        NEXT_REVIEW = "next_review", _("Review meeting in the diary")
        REVIEW_INVITATION = "review_invitation", _("Invite parents to the review in writing")
        DECISION_NOTICE = "decision_notice", _("Send the decision to continue to parents")
        REQUESTED_REVIEW = "requested_review", _("Hold the review that was requested")
        HOME_HOST_CONTACT = "home_host_contact", _("Weekly contact between home and host")
        HOST_ATTENDANCE = "host_attendance", _("The host's attendance for the day")
        PLANNED_END = "planned_end", _("Planned end of the direction")
        # Back-on-Track (000)
        OFFSITING_SHARING = "offsiting_sharing", _("Share the 7 items with the receiving centre")
        OFFSITING_MEETING = "offsiting_meeting", _("Parent meeting of the off-siting")
        OFFSITING_WEEK_ONE = "offsiting_week_one", _("End of week one: return or a further week")
        OFFSITING_RESTORATIVE = "offsiting_restorative", _("Restorative meeting on return")
        # Pastoral Support Programme (004)
        PSP_REVIEW = "psp_review", _("PSP review")
        PSP_CHECK_IN = "psp_check_in", _("Weekly check-in with the key adult")
        # Reduced timetable (004)
        RTT_CHECKLIST = "rtt_checklist", _("Reduced timetable checklist complete before the start")
        RTT_END = "rtt_end", _("Provisional end of the reduced timetable")
        RTT_LIMIT = "rtt_limit", _("Reduced timetable limit: Director's authorisation")
        # Alternative provision (004)
        DECLARATION_EXPIRY = "declaration_expiry", _("Provider's safeguarding declaration expires")
        AP_ATTENDANCE = "ap_attendance", _("Attendance at the provider for the day")
        AP_PLACEMENT_END = "ap_placement_end", _("Planned end of the AP placement")

    # Still to be done: the Due page, the digest and the waive page show these.
    PENDING_STATES = (State.DUE, State.OVERDUE)
    # Done, whether on time or late: the record of when it happened.
    DONE_STATES = (State.ON_TIME, State.LATE)

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        help_text=_("The school responsible (the home school); empty for an LA's own deadline."),
    )
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The LA responsible, for a deadline of the LA's own (a provider's)."),
    )
    # The case, of any type; its model declares a GenericRelation to Deadline so deleting the
    # case deletes its deadlines (cases.relations.case_deadlines).
    case_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    case_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("case_type", "case_id")
    kind = models.CharField(_("what"), max_length=24, choices=Kind.choices)
    key = models.CharField(max_length=80)
    due = models.DateField(_("due"))
    # The meeting a step is about (a review's invitation, its decision letter), for its name.
    meeting_on = models.DateField(null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="deadlines",
        verbose_name=_("named person"),
        help_text=_("The person named on the case (its case lead, a PSP's key adult)."),
    )
    # Whose work it is: the organisation that acts (reviews.work.WHO_ACTS says which roles).
    owner_school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    owner_la = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DUE)
    met_on = models.DateField(_("done on"), null=True, blank=True)
    waived_reason = models.TextField(_("why it was waived"), blank=True)
    waived_at = models.DateTimeField(_("waived at"), null=True, blank=True)
    not_needed_reason = models.TextField(_("why it is no longer needed"), blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("waived by"),
    )

    objects = DeadlineQuerySet.as_manager()

    ABOUT_A_MEETING = {
        # A review's own row has no meeting_on; the one due at the agreed interval after the
        # last review names that review (cases.directions.deadlines).
        Kind.NEXT_REVIEW: _("Hold the next review after the one on %(day)s"),
        Kind.REVIEW_INVITATION: _("Invite parents in writing to the review on %(day)s"),
        Kind.DECISION_NOTICE: _("Send parents the decision of the review on %(day)s"),
    }

    class Meta:
        verbose_name = _("deadline")
        ordering = ["due", "pk"]
        indexes = [
            # the Due page: a school's or a person's open and overdue deadlines by date
            models.Index(fields=["school", "state", "due"], name="reviews_deadline_school_idx"),
            models.Index(
                fields=["responsible", "state", "due"], name="reviews_deadline_person_idx"
            ),
            # each person's work: their organisation's steps still to do, by date
            models.Index(
                fields=["owner_school", "state", "due"], name="reviews_deadline_owner_idx"
            ),
            models.Index(fields=["owner_la", "state", "due"], name="reviews_deadline_la_idx"),
            # the LA lists' "overdue" filters: the cases of one type with a step overdue, found
            # from the overdue steps rather than by looking at every case's steps (issue 12)
            models.Index(
                fields=["case_type", "state", "due"],
                include=["case_id"],
                name="reviews_deadline_type_idx",
            ),
        ]
        constraints = [
            # also serves the Due page's "deadlines of these cases" (case_type, case_id IN ...)
            models.UniqueConstraint(
                fields=["case_type", "case_id", "key"],
                name="reviews_deadline_unique_key_per_case",
            ),
            models.CheckConstraint(
                name="reviews_deadline_waived_has_reason",
                condition=~Q(state="waived") | ~Q(waived_reason=""),
                violation_error_message=_("Say why the deadline was waived."),
            ),
        ]

    def __str__(self):
        return f"{self.what} by {long_date(self.due)}"

    @property
    def what(self) -> str:
        """The step in words, naming its meeting where it has one ("Invite parents to the
        in writing to the review on 7 December 2026")."""
        if self.meeting_on and self.kind in self.ABOUT_A_MEETING:
            return self.ABOUT_A_MEETING[self.kind] % {"day": long_date(self.meeting_on)}
        # Not get_kind_display(): it hashes every kind's label, translating each, on every call
        # (a fifth of the Due page's time for its 28 rows).
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def days_late(self) -> int:
        """Calendar days after the due date it was done (0 unless done late)."""
        return rules.days_late(self.due, self.met_on)

    @property
    def case_object(self):
        """The case the deadline belongs to, whatever its type."""
        return self.case

    @property
    def case_url(self) -> str:
        """Where to go to meet it: the case's own page."""
        return self.case_object.get_absolute_url()

    @property
    def subject(self) -> str:
        """Whom it is about, for lists: the pupil, or the case itself (a provider)."""
        return self.pupil.full_name if self.pupil_id else str(self.case_object)


# Each kind of step's name by its value (the labels stay lazy: translated when printed).
KIND_LABELS = dict(Deadline.Kind.choices)


class DigestSent(models.Model):
    """One row per person per day: the daily digest is sent at most once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="reviews_digestsent_once_a_day"),
        ]

    def __str__(self):
        return f"{self.user} {self.day}"


class Notification(models.Model):
    """Something a person must know at once, shown in the app (and emailed when `emailed`).

    Source: 003_db4daf6c9cf2ba51.txt: a host that suspends the pupil must notify the home school
    immediately.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The organisation the person is told as; empty for an LA or group."),
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )  # empty for a step about no one pupil (a provider's declaration)
    direction = models.ForeignKey(
        Direction, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A stable key per event, so a retried request or task tells nobody twice.
    key = models.CharField(max_length=80)
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Emailed at once (urgent, or the person wants each step at once); else in the app only.
    by_email = models.BooleanField(default=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="reviews_notif_unread_idx")]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="reviews_notification_once"),
        ]

    def __str__(self):
        return self.message


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar address: whoever holds the token reads their deadlines and
    review meetings (pupils by initials and case reference only), with no session, the way a
    calendar app fetches it. Resetting replaces the token, so the old address answers 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    # The feed is found by this exact value (the unique index serves the lookup).
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("address made at"), auto_now_add=True)
    reset_at = models.DateTimeField(_("address last reset at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self):
        return str(_("Calendar feed of %(user)s") % {"user": self.user})

    def get_absolute_url(self):
        return reverse("calendar-feed", args=[self.token])
