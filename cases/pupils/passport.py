"""The Pupil Passport's sections and lists, in the order of template 2.

Source: 003_db4daf6c9cf2ba51.txt, "2. Off-site Direction Pupil Passport". One registry drives
the pupil page, the edit forms and the history, so a field added here shows everywhere.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import access
from cases.pupils import models as m
from safeguarding.models import SafeguardingRecord
from ui.formats import long_date


def display_value(record, field_name) -> str:
    """A field's value as a person reads it: choices by label, Yes / No, dates in words.

    Works on historical records too, so the History tab reads like the passport."""
    field = record._meta.get_field(field_name)
    value = getattr(record, field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value) or "")
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return long_date(value)
    return str(value)


@dataclass(frozen=True)
class Section:
    """A set of fields on one record (the pupil, or a one-to-one beside it)."""

    slug: str
    title: object  # a string, or (law) -> str where the nation names it
    model: type
    fields: tuple[str, ...]
    can_view: object = None  # (membership, pupil) -> bool; None means whoever sees the pupil
    can_edit: object = access.can_edit_passport
    intro: object = ""  # as the title

    def heading(self, law) -> str:
        return str(self.title(law) if callable(self.title) else self.title)

    def introduction(self, law) -> str:
        return str(self.intro(law) if callable(self.intro) else self.intro)

    def visible(self, membership, pupil) -> bool:
        return self.can_view is None or self.can_view(membership, pupil)

    def record(self, pupil):
        """The row holding this section's fields; an unsaved empty one until first saved."""
        if self.model is m.Pupil:
            return pupil
        related = self.model._meta.get_field("pupil").remote_field.related_name
        try:
            return getattr(pupil, related)
        except self.model.DoesNotExist:
            return self.model(pupil=pupil)


@dataclass(frozen=True)
class Collection:
    """A list of rows belonging to the pupil (parents, interventions, …)."""

    slug: str
    title: str
    model: type
    fields: tuple[str, ...]
    add_label: str
    empty: str
    section: str  # the section it is shown under
    columns: tuple[str, ...] = field(default=())

    @property
    def related_name(self) -> str:
        return self.model._meta.get_field("pupil").remote_field.related_name


SECTIONS = (
    Section(
        "child",
        _("1a. Child details"),
        m.Pupil,
        (
            "first_name",
            "last_name",
            "upn",
            "gender",
            "date_of_birth",
            "year_group_override",
            "home_address",
            "moving_address",
            "moving_date",
        ),
    ),
    Section(
        "additional",
        _("1b. Additional information"),
        m.Pupil,
        (
            "looked_after",
            "care_local_authority",
            "social_worker",
            "social_worker_email",
            "virtual_school_contact",
            "virtual_school_email",
            "pupil_premium",
            "pupil_premium_type",
            "english_level",
            "refugee_or_asylum",
            "attendance_issues",
            "attendance_details",
            "on_roll",
            "deletion_ground",
            "roll_date",
        ),
    ),
    Section(
        "safeguarding",
        _("Safeguarding"),
        SafeguardingRecord,
        (
            "early_help_plan",
            "child_in_need_plan",
            "child_protection_plan",
            "parental_responsibility_issues",
            "parental_responsibility_details",
            "concerns",
            "concerns_details",
        ),
        can_view=access.can_view_safeguarding,
        can_edit=access.can_edit_safeguarding,
        intro=_(
            "Only designated safeguarding leads, the LA safeguarding officer and, for a "
            "looked-after child, the Virtual School see this section. Every view is logged."
        ),
    ),
    Section(
        "send",
        lambda law: law.needs_long.capitalize(),
        m.Pupil,
        ("has_ehcp", "undergoing_ehcna", "send_support"),
    ),
    Section(
        "send-detail",
        lambda law: gettext("%(needs)s detail") % {"needs": law.needs},
        m.PupilSend,
        (
            "ehcna_details",
            "ehcna_rationale",
            "disabilities",
            "disabilities_details",
            "health_care_plan",
            "send_support_details",
            "send_support_rationale",
            "education_plan",
            "pastoral_support_plan",
        ),
        can_view=access.can_view_send,
        can_edit=access.can_edit_send,
        intro=lambda law: (
            gettext("Only the %(lead)s and the %(team)s see this section.")
            % {"lead": law.needs_lead, "team": law.la_needs_team}
        ),
    ),
    Section(
        "agencies",
        _("Other agency involvement"),
        m.Pupil,
        (
            "agency_education_investigation",
            "agency_educational_psychologist",
            "agency_yos",
            "agency_camhs",
            "agency_early_help",
            "agency_other",
            "agency_details",
        ),
    ),
    Section(
        "academic",
        _("1c. Academic information"),
        m.Pupil,
        ("attainment_term", "attainment_english", "attainment_maths", "attainment_science"),
    ),
    Section(
        "admission",
        _("1d. Admission history"),
        m.Pupil,
        ("admission_date", "electively_home_educated", "ehe_start_date", "previous_direction"),
    ),
    Section("formulation", _("1e. Formulation"), m.Pupil, ("formulation",)),
    Section(
        "completed-by",
        _("2. Details of the person completing the passport"),
        m.Pupil,
        ("completed_by_name", "completed_by_role", "completed_by_contact", "completed_on"),
    ),
)
SECTIONS_BY_SLUG = {s.slug: s for s in SECTIONS}

COLLECTIONS = (
    Collection(
        "parents",
        _("Parents and carers"),
        m.ParentCarer,
        (
            "name",
            "relationship",
            "parental_responsibility",
            "address",
            "address_withheld",
            "phone",
            "email",
            "preferred_language",
        ),
        _("Add a parent or carer"),
        _("No parents or carers recorded."),
        section="child",
        columns=("name", "relationship", "parental_responsibility", "phone", "email"),
    ),
    Collection(
        "interventions",
        _("School interventions"),
        m.Intervention,
        ("kind", "start_date", "end_date"),
        _("Add an intervention"),
        _("No interventions recorded."),
        section="send",
    ),
    Collection(
        "exclusions",
        _("Exclusions"),
        m.Exclusion,
        ("date", "reason"),
        _("Add an exclusion"),
        _("No exclusions recorded."),
        section="send",
    ),
    Collection(
        "suspensions",
        _("Suspensions"),
        m.Suspension,
        ("start_date", "days", "reason"),
        _("Add a suspension"),
        _("No suspensions recorded."),
        section="send",
    ),
    Collection(
        "ks4-options",
        _("Key Stage 4 options"),
        m.Ks4Option,
        ("subject", "course", "exam_board"),
        _("Add a KS4 option"),
        _("No KS4 options recorded."),
        section="academic",
    ),
    Collection(
        "previous-schools",
        _("Other schools attended in the last 5 years"),
        m.PreviousSchool,
        ("name", "admitted", "left"),
        _("Add a previous school"),
        _("No other schools recorded."),
        section="admission",
    ),
    Collection(
        "previous-directions",
        _("Previous off-site directions"),
        m.PreviousDirection,
        (
            "start_date",
            "end_date",
            "home_school",
            "destination_school",
            "successful",
            "reasons_not_successful",
        ),
        _("Add a previous off-site direction"),
        _("No previous off-site directions recorded."),
        section="admission",
        columns=("start_date", "end_date", "home_school", "destination_school", "successful"),
    ),
)
COLLECTIONS_BY_SLUG = {c.slug: c for c in COLLECTIONS}


def field_labels(law) -> dict[str, str]:
    """The labels of the fields whose words are the nation's (tenancy.jurisdiction): template
    2's own questions in England (003), Wales's law in Wales. Other fields keep their model's."""
    words = {
        "premium": law.premium,
        "regulations": law.registration_regulations,
        "assessment": law.assessment_long,
        "support": law.school_support_long,
    }
    return {
        "has_ehcp": str(law.plan_question),
        "undergoing_ehcna": str(law.assessment_question),
        "send_support": str(law.school_support_question),
        "pupil_premium": str(law.premium_question),
        "pupil_premium_type": gettext("type of %(premium)s") % words,
        "deletion_ground": gettext(
            "ground for deletion from roll (regulation 8 of %(regulations)s)"
        )
        % words,
        "ehcna_details": gettext("details of %(assessment)s") % words,
        "send_support_details": gettext("details of %(support)s") % words,
        "send_support_rationale": gettext("if they do not have %(support)s, why not") % words,
    }


def label(model, name: str, law) -> str:
    """A field's label as the pupil's nation words it."""
    return field_labels(law).get(name) or str(model._meta.get_field(name).verbose_name)
