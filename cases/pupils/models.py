"""Pupils and the Pupil Passport.

Source: 003_db4daf6c9cf2ba51.txt, template 2 "Off-site Direction Pupil Passport": every field of
its sections 1a, 1b, SEND, school interventions, exclusions and suspensions, other agency
involvement, 1c, admission history and previous off-site directions, 1e and 2. The safeguarding
parts of 1b live in safeguarding.SafeguardingRecord (DSL-only); SEND detail in PupilSend.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase
from simple_history.models import HistoricalRecords

from reviews.rules import year_group_for
from tenancy.models import School
from ui.formats import long_date


class YesNo(models.TextChoices):
    """Template 2's Yes / No questions, with "not yet known" rather than a silent No."""

    YES = "yes", _("Yes")
    NO = "no", _("No")


def yes_no(label, **kwargs):
    return models.CharField(label, max_length=3, choices=YesNo.choices, blank=True, **kwargs)


class Pupil(models.Model):
    """A child on the roll of one school, with sections 1a, 1b (non-safeguarding), 1c–2."""

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")
        NON_BINARY = "non_binary", _("Non-binary")

    class EnglishLevel(models.TextChoices):
        FIRST_LANGUAGE = "first", _("English is their first language")
        NONE = "none", _("None")
        BASIC = "basic", _("Basic")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="pupils", verbose_name=_("school")
    )

    # Section 1a: child details
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    upn = models.CharField(_("UPN"), max_length=13)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    year_group_override = models.SmallIntegerField(
        _("year group (if not the usual one for their age)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to work it out from the date of birth."),
    )
    home_address = models.TextField(_("current home address"))
    moving_address = models.TextField(_("moving address (where relevant)"), blank=True)
    moving_date = models.DateField(_("date effective from"), null=True, blank=True)

    # Section 1b: additional information (the safeguarding questions are DSL-only, elsewhere)
    looked_after = models.BooleanField(_("child looked after"), default=False)
    care_local_authority = models.CharField(
        _("local authority the child is in the care of or accommodated by"),
        max_length=150,
        blank=True,
    )
    social_worker = models.TextField(_("name and contact details of social worker"), blank=True)
    virtual_school_contact = models.TextField(
        _("name and contact details of Virtual School contact"), blank=True
    )
    # Where the copies named on the direction letter go (003 template 5: "cc: social worker,
    # Virtual School Head"); the contact details above are free text, not an address to send to.
    social_worker_email = models.EmailField(_("social worker's email"), blank=True)
    virtual_school_email = models.EmailField(_("Virtual School Head's email"), blank=True)
    pupil_premium = yes_no(_("in receipt of any of the Pupil Premiums"))
    pupil_premium_type = models.CharField(_("type of Pupil Premium"), max_length=150, blank=True)
    english_level = models.CharField(
        _("level of English understanding"),
        max_length=12,
        choices=EnglishLevel.choices,
        default=EnglishLevel.FIRST_LANGUAGE,
    )
    refugee_or_asylum = yes_no(_("from a refugee or asylum-seeking family"))
    attendance_issues = yes_no(_("attendance issues (attendance below 90%)"))
    attendance_details = models.TextField(_("details of attendance issues"), blank=True)
    on_roll = models.BooleanField(_("still on the roll of this school"), default=True)
    deletion_ground = models.CharField(
        _(
            "ground for deletion from roll (regulation 8, Education (Pupil Registration) (England) "
            "Regulations 2006)"
        ),
        max_length=255,
        blank=True,
    )
    roll_date = models.DateField(
        _("date removed from roll, or date of last attendance if still on roll"),
        null=True,
        blank=True,
    )

    # Special educational needs: the flags everyone with access sees; detail is in PupilSend.
    has_ehcp = models.BooleanField(_("has an EHCP"), default=False)
    undergoing_ehcna = models.BooleanField(
        _("undergoing an EHCNA (Education, Health and Care Needs Assessment)"), default=False
    )
    send_support = models.BooleanField(_("receives SEND Support"), default=False)

    # Other agency involvement
    agency_education_investigation = models.BooleanField(
        _("Education Investigation / CME"), default=False
    )
    agency_educational_psychologist = models.BooleanField(
        _("Educational Psychologist"), default=False
    )
    agency_yos = models.BooleanField(_("YOS"), default=False)
    agency_camhs = models.BooleanField(_("CAMHS"), default=False)
    agency_early_help = models.BooleanField(_("Early Help Assessment"), default=False)
    agency_other = models.BooleanField(_("another agency is involved"), default=False)
    agency_details = models.TextField(_("details of agency involvement"), blank=True)

    # Section 1c: academic information
    attainment_english = models.TextField(_("English"), blank=True)
    attainment_maths = models.TextField(_("maths"), blank=True)
    attainment_science = models.TextField(_("science"), blank=True)
    attainment_term = models.CharField(
        _("term taken"), max_length=50, blank=True, help_text=_("For example, Summer 2026.")
    )

    # Admission history
    admission_date = models.DateField(_("date of admission"), null=True, blank=True)
    electively_home_educated = models.BooleanField(
        _("currently electively home educated"), default=False
    )
    ehe_start_date = models.DateField(_("date EHE commenced"), null=True, blank=True)
    previous_direction = yes_no(_("ever been subject to an off-site direction between schools"))

    # Section 1e: formulation
    formulation = models.TextField(
        _("formulation"),
        blank=True,
        help_text=_(
            "A hypothesis as to the reasons behind any current issues in school: "
            "behaviour, attendance and so on."
        ),
    )

    # Section 2: details of the person completing the passport
    completed_by_name = models.CharField(_("name"), max_length=150, blank=True)
    completed_by_role = models.CharField(_("role"), max_length=150, blank=True)
    completed_by_contact = models.CharField(_("contact details"), max_length=255, blank=True)
    completed_on = models.DateField(_("date completed"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pupil")
        ordering = ["last_name", "first_name"]
        indexes = [
            # the pupil list: a school's pupils in name order
            models.Index(
                fields=["school", "last_name", "first_name"], name="cases_pupil_school_name_idx"
            ),
        ]
        constraints = [
            # Unique per school, not nationally: a clash at another school must not reveal
            # that the child is on Waymark there.
            models.UniqueConstraint(
                fields=["school", "upn"], name="cases_pupil_unique_upn_per_school"
            ),
            models.CheckConstraint(
                name="cases_pupil_born_before_admission",
                condition=Q(admission_date__isnull=True)
                | Q(admission_date__gt=models.F("date_of_birth")),
                violation_error_message=_("The date of admission must be after the date of birth."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("pupil-detail", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def law(self):
        """The law and words of the nation of the pupil's school (tenancy.jurisdiction)."""
        return self.school.local_authority.law

    def year_group(self, today):
        """The year group on `today`: the override, or the usual one for the date of birth."""

        if self.year_group_override is not None:
            return self.year_group_override
        return year_group_for(self.date_of_birth, today)


class PupilSend(models.Model):
    """SEND detail (template 2, "Special Educational Needs & Disabilities"): SENCo and LA SEND."""

    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="send")
    ehcna_details = models.TextField(_("details of the EHCNA"), blank=True)
    ehcna_rationale = models.TextField(
        _("rationale for not yet starting an assessment"), blank=True
    )
    disabilities = yes_no(
        _(
            "disabilities, relevant diagnoses or medical conditions (including those under "
            "investigation)"
        )
    )
    disabilities_details = models.TextField(_("details of disabilities or conditions"), blank=True)
    health_care_plan = yes_no(_("the school has completed an Individual Health Care Plan"))
    send_support_details = models.TextField(_("details of SEND Support"), blank=True)
    send_support_rationale = models.TextField(
        _("why they are not receiving SEND Support"), blank=True
    )
    education_plan = yes_no(_("the school has completed an Individual Education Plan"))
    pastoral_support_plan = yes_no(_("the school has completed a Pastoral Support Plan"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SEND detail")
        verbose_name_plural = _("SEND detail")

    def __str__(self):
        return str(_("SEND detail for %(pupil)s") % {"pupil": self.pupil})


class ParentCarer(models.Model):
    """A parent or carer: letters go to those with parental responsibility."""

    class Language(models.TextChoices):
        # Blank: not chosen, so the school's default applies (cases.pupils.languages).
        ENGLISH = "en", _("English")
        WELSH = "cy", _("Welsh")
        BOTH = "cy+en", _("Welsh and English (Welsh first)")
        __empty__ = _("Not chosen: the school's usual language")

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="parents")
    name = models.CharField(_("name"), max_length=150)
    relationship = models.CharField(
        _("relationship to child"),
        max_length=50,
        help_text=_("For example, mother or foster carer."),
    )
    parental_responsibility = models.BooleanField(_("has parental responsibility"), default=True)
    address = models.TextField(_("address, if different from the child's"), blank=True)
    # Issue 14: a parent whose address must not reach anyone without need-to-know. Their own
    # letter is addressed to them; every other page and document says "Address withheld".
    address_withheld = models.BooleanField(
        _("do not disclose this parent's address"),
        default=False,
        help_text=_(
            "For example, a court order or a refuge. Only the designated safeguarding lead "
            "sees the address; other people's letters and pages never show it."
        ),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    preferred_language = models.CharField(
        _("preferred language for letters"),
        max_length=5,
        choices=Language.choices,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parent or carer")
        verbose_name_plural = _("parents and carers")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name} ({self.relationship})"

    @property
    def postal_address(self) -> str:
        """Where this parent's letters go: their own address, else the child's."""
        return (self.address or self.pupil.home_address).strip()


class Intervention(models.Model):
    """A school intervention with its start and end dates (template 2, "School Interventions")."""

    class Kind(models.TextChoices):
        THERAPEUTIC = "therapeutic", _("Therapeutic intervention")
        TIMETABLE_VARIATION = "timetable_variation", _("Timetable variation")
        PARENTAL_ENGAGEMENT = "parental_engagement", _("Parental engagement")
        KEY_WORKER = "key_worker", _("Key worker")
        OFF_SITE_DIRECTION = "off_site_direction", _("Off-site direction")
        IN_SCHOOL_AP = "in_school_ap", _("In-school alternative provision")
        EXTERNAL_AP = "external_ap", _("External alternative provision")
        SOCIAL_SKILLS = "social_skills", _("Social skills programme")
        SPEECH_LANGUAGE = "speech_language", _("Speech and language input")
        ACADEMIC = "academic", _("Academic intervention")
        ATTENDANCE = "attendance", _("Attendance intervention")
        PEP = "pep", _("PEP")
        POSITIVE_HANDLING = "positive_handling", _("Positive handling plan")
        PASTORAL_SUPPORT = "pastoral_support", _("Pastoral support plan")

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField(_("intervention"), max_length=24, choices=Kind.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty if it is still going on.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intervention")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cases_intervention_end_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                violation_error_message=_("The end date must be on or after the start date."),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class Exclusion(models.Model):
    """A permanent exclusion (template 2, "Exclusions")."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="exclusions")
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason for exclusion"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exclusion")
        ordering = ["date", "pk"]

    def __str__(self):
        return str(_("the exclusion of %(day)s") % {"day": long_date(self.date)})


class Suspension(models.Model):
    """A suspension (template 2, "Suspensions")."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="suspensions")
    start_date = models.DateField(_("start date"))
    days = models.DecimalField(
        _("number of days"),
        max_digits=4,
        decimal_places=1,
        help_text=_("Half days as .5, for example 1.5."),
    )
    reason = models.TextField(_("reason for suspension"))
    # A suspension by a host school during a direction (003: the home school is told at once).
    suspended_by = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suspended by"),
        help_text=_("Empty when the pupil's own school suspended them."),
    )
    direction = models.ForeignKey(
        "Direction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suspensions",
        verbose_name=_("during the off-site direction"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("suspension")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cases_suspension_days_positive",
                condition=Q(days__gt=0),
                violation_error_message=_("The number of days must be more than 0."),
            ),
        ]

    def __str__(self):
        return str(_("the suspension from %(day)s") % {"day": long_date(self.start_date)})


class Ks4Option(models.Model):
    """A current Key Stage 4 option (template 2, section 1c, Y9 where applicable, Y10 and Y11)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="ks4_options")
    subject = models.CharField(_("subject"), max_length=100)
    course = models.CharField(_("course details"), max_length=150, blank=True)
    exam_board = models.CharField(_("exam board"), max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KS4 option")
        ordering = ["subject", "pk"]

    def __str__(self):
        return self.subject


class PreviousSchool(models.Model):
    """Another school attended in the last 5 years (template 2, admission history)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="previous_schools")
    name = models.CharField(_("school"), max_length=150)
    admitted = models.DateField(_("date admitted"))
    left = models.DateField(_("date of leaving"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("previous school")
        ordering = ["admitted", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cases_previousschool_left_after_admitted",
                condition=Q(left__gte=models.F("admitted")),
                violation_error_message=_("The date of leaving must be after the date admitted."),
            ),
        ]

    def __str__(self):
        return self.name


class PreviousDirection(models.Model):
    """An earlier off-site direction between schools (template 2, "Off-site Directions")."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="previous_directions")
    # Optional: rows typed from paper records may not have them. A row with the start date of a
    # direction Waymark holds is that direction, printed once (cases.pupils.record, issue 14).
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    home_school = models.CharField(_("name of home school"), max_length=150)
    destination_school = models.CharField(_("name of destination school"), max_length=150)
    successful = models.CharField(
        _("was the off-site direction successful?"), max_length=3, choices=YesNo.choices
    )
    reasons_not_successful = models.TextField(
        _("reasons the off-site direction was not successful"), blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("previous off-site direction")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="cases_previousdirection_end_after_start",
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                violation_error_message=_("The end date must be on or after the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.home_school} → {self.destination_school}"


class PupilGroupObjectPermission(GroupObjectPermissionBase):
    """django-guardian's object grant on a pupil, held by a host school's staff group."""

    content_object = models.ForeignKey(Pupil, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
