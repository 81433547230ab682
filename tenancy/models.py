"""Organisations, people and their memberships.

Source for the organisations and roles: ../shared/DESIGN.md "People" and "Tenancy". The policy
values on LocalAuthority carry the defaults of DESIGN.md's rule table; each LA can change them.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.auth.models import Group as AuthGroup
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tenancy.jurisdiction import (
    RTT_PROTOCOL_CHOICES,
    Law,
    ReducedTimetableProtocol,
    law_for,
    protocol_fits_nation,
    reduced_timetable_protocol,
)
from tenancy.roles import GROUP_ROLES, LA_ROLES, PROVIDER_ROLES, SCHOOL_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with their work email address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)

    class Emails(models.TextChoices):
        AT_ONCE = "at_once", _("Each new step at once, and the daily summary")
        DIGEST = "digest", _("Only the daily summary (urgent steps still come at once)")

    emails = models.CharField(
        _("emails about your work"), max_length=8, choices=Emails.choices, default=Emails.AT_ONCE
    )

    class Language(models.TextChoices):
        # Each language is named in itself, as the GOV.UK language switch does (issue 15).
        ENGLISH = "en-gb", "English"
        WELSH = "cy", "Cymraeg"

    # Blank: not chosen, so the browser's language (or the service's, British English) applies.
    language = models.CharField(
        _("language of the pages"), max_length=5, choices=Language.choices, blank=True
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")


class LocalAuthority(models.Model):
    """An LA, its policy settings and the inboxes that receive copies."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    code = models.CharField(
        _("LA code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", _("Enter the LA code as 3 digits, like 885."))],
    )
    nation = models.CharField(_("nation"), max_length=10, choices=Nation.choices)

    # Contact addresses (sources: 004 PSP copies and transport form; 003 School Admissions).
    psp_email = models.EmailField(_("PSP copies inbox"), blank=True)
    transport_email = models.EmailField(_("travel assistance inbox"), blank=True)
    admissions_email = models.EmailField(_("school admissions inbox"), blank=True)
    safeguarding_email = models.EmailField(_("education safeguarding inbox"), blank=True)
    send_email = models.EmailField(_("SEND team inbox"), blank=True)

    # Policy settings, each with the default of DESIGN.md's rule table, bounded so that no LA
    # can set one looser than the sources' limit (nor to a value that makes no sense).
    review_invitation_days = models.PositiveSmallIntegerField(
        _("days before a review by which parents must be invited"),
        default=6,
        validators=[MinValueValidator(6), MaxValueValidator(20)],
        help_text=_("Source: 003 Review; 002. Statutory: not later than 6 days."),
    )
    decision_notice_days = models.PositiveSmallIntegerField(
        _("days after a review by which the decision must be sent"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("Source: 002."),
    )
    direction_notice_school_days = models.PositiveSmallIntegerField(
        _("school days' written notice before a direction starts"),
        default=2,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
        help_text=_("Source: the 2010 regulations as amended in 2012."),
    )
    first_review_school_weeks = models.PositiveSmallIntegerField(
        _("school weeks from the start to the first review"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("Source: 003 sample letter (no more than 6 school weeks)."),
    )
    review_interval_weeks = models.PositiveSmallIntegerField(
        _("usual weeks between reviews of a direction"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("Source: 001 (6-weekly); 002 (fortnightly)."),
    )
    requested_review_window_weeks = models.PositiveSmallIntegerField(
        _("weeks since the last review within which a parent's request may be declined"),
        default=10,
        validators=[MaxValueValidator(10)],
        help_text=_("Statutory 10 weeks (002); the Worcestershire letter says 6 (003)."),
    )
    home_host_contact_days = models.PositiveSmallIntegerField(
        _("days between home and host contacts at most"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_("Source: 002 (at least weekly)."),
    )
    parental_agreement_required = models.BooleanField(
        _("parents must agree to a direction"),
        default=False,
        help_text=_(
            "Worcestershire: not required, views recorded (003). Warwickshire: required (001)."
        ),
    )
    coordinator_consultation_required = models.BooleanField(
        _("area Education Entitlement Coordinator consulted before a direction"),
        default=False,
        help_text=_("Warwickshire (001)."),
    )
    psp_review_weeks = models.PositiveSmallIntegerField(
        _("weeks between PSP reviews at most"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("Source: 004 (at least every 6 weeks)."),
    )
    psp_first_review_weeks = models.PositiveSmallIntegerField(
        _("weeks to the first PSP review"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("Source: 004 (more often at first)."),
    )
    reduced_timetable_max_weeks = models.PositiveSmallIntegerField(
        _("weeks a reduced timetable may run without the Director's authorisation"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_(
            "Source: 004 (usually no more than 12 weeks). Only under a local protocol like "
            "Neath Port Talbot's: the DfE's national expectations have no Director's step."
        ),
    )
    # Blank: the nation's default (tenancy.jurisdiction.reduced_timetable_protocol).
    reduced_timetable_protocol = models.CharField(
        _("the protocol your schools' reduced timetables follow"),
        max_length=16,
        choices=RTT_PROTOCOL_CHOICES,
        blank=True,
        help_text=_(
            "Neath Port Talbot's (004): its checklist, its Green, Amber and Red audit, and the "
            "Director's authorisation beyond the limit. The DfE's national expectations "
            "(Working together to improve school attendance, 2024): time-limited, agreed with "
            "the parents, reviewed regularly, the LA told, code C2 for the sessions missed."
        ),
    )
    behaviour_service = models.CharField(
        _("the LA's service told when a pupil on a PSP is at risk of permanent exclusion"),
        max_length=150,
        blank=True,
        help_text=_(
            "Neath Port Talbot: the Wellbeing and Behaviour Service (004). Leave blank if your "
            "LA has no such service: the PSP then does not ask for it."
        ),
    )
    respite_days_without_approval = models.PositiveSmallIntegerField(
        _("Back-on-Track days allowed without the Head of Service"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("Source: 000 (respite beyond 3 days needs the Head of Service)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("local authority")
        verbose_name_plural = _("local authorities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not protocol_fits_nation(self.nation, self.reduced_timetable_protocol):
            raise ValidationError(
                {
                    "reduced_timetable_protocol": _(
                        "The DfE's national expectations are England's: choose your LA's own "
                        "protocol"
                    )
                }
            )

    @property
    def law(self) -> Law:
        """The words and statutory routes of the LA's nation (tenancy.jurisdiction)."""
        return law_for(self.nation)

    @property
    def rtt_protocol(self) -> ReducedTimetableProtocol:
        """The reduced-timetable protocol the LA's schools follow: its choice, else its
        nation's default (tenancy.jurisdiction)."""
        return reduced_timetable_protocol(self.nation, self.reduced_timetable_protocol)


class Area(models.Model):
    """An area of an LA with its Education Entitlement Coordinator (source: 001)."""

    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.CASCADE,
        related_name="areas",
        verbose_name=_("local authority"),
    )
    name = models.CharField(_("name"), max_length=100)
    coordinator_name = models.CharField(_("Education Entitlement Coordinator"), max_length=150)
    coordinator_email = models.EmailField(_("coordinator email"))
    coordinator_phone = models.CharField(_("coordinator phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("area")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "name"], name="tenancy_area_unique_name_per_la"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.local_authority})"


class Group(models.Model):
    """An academy trust or a pupil education service (whose head is the Head of Service)."""

    class Kind(models.TextChoices):
        TRUST = "trust", _("Academy trust")
        SERVICE = "service", _("Pupil education service")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("trust or service")
        verbose_name_plural = _("trusts and services")
        ordering = ["name"]

    def __str__(self):
        return self.name


class School(models.Model):
    class Phase(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")
        ALL_THROUGH = "all_through", _("All-through")

    class Kind(models.TextChoices):
        MAINTAINED = "maintained", _("Maintained")
        ACADEMY = "academy", _("Academy")
        CENTRE = "centre", _("Pupil referral unit or centre")
        SPECIAL = "special", _("Special school")

    name = models.CharField(_("name"), max_length=150)
    urn = models.CharField(
        _("URN"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("Enter the URN as 6 digits."))],
    )
    dfe_number = models.CharField(
        _("DfE number"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^\d{3}/\d{4}$", _("Enter the DfE number like 885/4012."))],
    )
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name=_("local authority"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("area"),
    )
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("trust or service"),
    )
    address = models.TextField(_("address"))
    postcode = models.CharField(_("postcode"), max_length=10)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # A Welsh-medium school writes to parents who have not chosen a language in Welsh (issue 15).
    welsh_medium = models.BooleanField(_("Welsh-medium school"), default=False)
    headteacher_name = models.CharField(_("headteacher"), max_length=150)
    dsl_name = models.CharField(_("designated safeguarding lead"), max_length=150)
    dsl_email = models.EmailField(_("DSL email"), blank=True)
    closures = models.JSONField(
        _("the school's own closure days"),
        default=list,
        blank=True,
        help_text=_("INSET and other closure days, as ISO dates."),
    )
    # The auth group that object grants (a hosted pupil) are given to, so new staff inherit them.
    staff_group = models.OneToOneField(
        AuthGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="school",
    )

    history = HistoricalRecords(excluded_fields=["staff_group"])

    class Meta:
        verbose_name = _("school")
        ordering = ["name"]
        indexes = [
            # an LA's schools by name: the LA lists sorted by school read a few schools' cases
            # in order and stop, rather than sorting every case of a county (issue 12)
            models.Index(fields=["local_authority", "name"], name="tenancy_school_la_name_idx"),
        ]

    def __str__(self):
        return self.name

    def dfe_establishment(self):
        return self.dfe_number.split("/")[1] if "/" in self.dfe_number else ""


class Provider(models.Model):
    """An alternative provision provider on an LA's register."""

    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        related_name="providers",
        verbose_name=_("local authority"),
    )
    name = models.CharField(_("name"), max_length=150)
    address = models.TextField(_("address"))
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    ofsted_urn = models.CharField(_("Ofsted registration"), max_length=12, blank=True)
    la_approved = models.BooleanField(_("on the LA's approved directory"), default=False)
    # 004 "Alternative Provision": schools notify the LA of every provider used; the LA's
    # safeguarding officers are told once, when a school of the LA first places a pupil here.
    la_notified_at = models.DateTimeField(
        _("LA safeguarding officers told of its first use"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("AP provider")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "name"], name="tenancy_provider_unique_name_per_la"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("provider-detail", args=[self.pk])


class Membership(models.Model):
    """A user's role in exactly one organisation; the user acts for one membership at a time."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        constraints = [
            models.CheckConstraint(
                name="tenancy_membership_exactly_one_organisation",
                condition=(
                    Q(
                        school__isnull=False,
                        local_authority__isnull=True,
                        group__isnull=True,
                        provider__isnull=True,
                    )
                    | Q(
                        school__isnull=True,
                        local_authority__isnull=False,
                        group__isnull=True,
                        provider__isnull=True,
                    )
                    | Q(
                        school__isnull=True,
                        local_authority__isnull=True,
                        group__isnull=False,
                        provider__isnull=True,
                    )
                    | Q(
                        school__isnull=True,
                        local_authority__isnull=True,
                        group__isnull=True,
                        provider__isnull=False,
                    )
                ),
                violation_error_message=_("A membership belongs to exactly one organisation."),
            ),
            models.CheckConstraint(
                name="tenancy_membership_role_fits_organisation",
                condition=(
                    Q(school__isnull=False, role__in=sorted(SCHOOL_ROLES))
                    | Q(local_authority__isnull=False, role__in=sorted(LA_ROLES))
                    | Q(group__isnull=False, role__in=sorted(GROUP_ROLES))
                    | Q(provider__isnull=False, role__in=sorted(PROVIDER_ROLES))
                ),
                violation_error_message=_(
                    "That role does not belong to that kind of organisation."
                ),
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", "role", org],
                    condition=Q(**{f"{org}__isnull": False}),
                    name=f"tenancy_membership_unique_role_per_{org}",
                )
                for org in ("school", "local_authority", "group", "provider")
            ),
        ]

    def __str__(self):
        return f"{self.role_label}, {self.organisation}"

    @property
    def organisation(self):
        return self.school or self.local_authority or self.group or self.provider

    @property
    def role_label(self) -> str:
        """The role as the nation names it: a Welsh school's ALNCo, an English LA's SEND team."""
        la = self.acting_la
        if la is not None and self.role == Role.SENCO:
            return str(la.law.needs_lead)
        if la is not None and self.role == Role.LA_SEND:
            return str(la.law.la_needs_team)
        return self.get_role_display()

    @property
    def acting_la(self) -> LocalAuthority | None:
        """The LA whose policy applies to what this membership does."""
        if self.school_id:
            return self.school.local_authority
        if self.provider_id:
            return self.provider.local_authority
        return self.local_authority


class TermDate(models.Model):
    """A stretch of term (half terms are separate rows), entered by the LA admin.

    With the school's own closures and bank holidays it makes the SchoolCalendar that every
    "school days" and "school weeks" deadline counts in (DESIGN.md, "Rules").
    """

    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.CASCADE,
        related_name="term_dates",
        verbose_name=_("local authority"),
    )
    name = models.CharField(_("name"), max_length=50, help_text=_("For example, Autumn 1."))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("term date")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                name="tenancy_termdate_last_after_first",
                condition=Q(last_day__gte=models.F("first_day")),
                violation_error_message=_("The last day must be on or after the first day."),
            ),
            models.UniqueConstraint(
                fields=["local_authority", "first_day"], name="tenancy_termdate_unique_start"
            ),
        ]

    def __str__(self):
        first, last = (date_format(day, "j M Y") for day in (self.first_day, self.last_day))
        return f"{self.name} ({first} – {last})"


from tenancy.enrolments import TwoFactorEnrolment  # noqa: E402, F401 - a model of this app
