"""The Pupil Passport PDF: template 2 of 003_db4daf6c9cf2ba51.txt, filled from the pupil's record.

The context decides need-to-know, never the template: safeguarding answers are loaded only for
someone who may see them, and SEND detail likewise; otherwise each place says who holds it.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import access
from cases.pupils.models import Intervention, Pupil, PupilSend, YesNo
from cases.pupils.passport import display_value
from documents.rendering import format_date, letterhead
from safeguarding.models import SafeguardingRecord
from tenancy.models import Membership

TEMPLATE = "documents/pupil_passport.html"

WITHHELD_SAFEGUARDING = gettext_lazy("Held by the school's DSL — ask them")
WITHHELD_SEND = gettext_lazy("Held by the SENCo")
NOT_RECORDED = gettext_lazy("Not recorded")
NOT_APPLICABLE = gettext_lazy("Not applicable")


@dataclass(frozen=True)
class Answer:
    """One printed answer; `state` lets the print CSS set apart what is not a real answer."""

    text: str
    state: str = "given"  # given | blank | withheld | not-applicable

    def __str__(self):
        return str(self.text)


@dataclass(frozen=True)
class Access:
    """What this copy of the passport may include."""

    safeguarding: bool
    send: bool

    @classmethod
    def for_membership(cls, membership: Membership | None, pupil: Pupil) -> "Access":
        return cls(
            safeguarding=access.can_view_safeguarding(membership, pupil),
            send=access.can_view_send(membership, pupil),
        )


def year_group_label(year: int) -> str:
    if year == 0:
        return _("Reception")
    if year == -1:
        return _("Nursery")
    if year < -1:
        return _("Not yet at school")
    return _("Year %(year)s") % {"year": year}


def answer(record, field_name: str, *, applies: bool | None = None) -> Answer:
    """A field as printed, read as the pupil page reads it (cases.pupils.passport.display_value),
    the dates in the active language; blank says so.

    `applies=False` marks a follow-up ("If YES please give details") whose question was
    answered the other way: it prints "Not applicable" unless something was written anyway.
    """
    value = getattr(record, field_name)
    if value is None or value == "":
        if applies is False:
            return Answer(NOT_APPLICABLE, "not-applicable")
        return Answer(NOT_RECORDED, "blank")
    if isinstance(value, datetime.date):
        return Answer(format_date(value))
    return Answer(display_value(record, field_name))


def _yes(value: str | bool) -> bool | None:
    """Whether a Yes / No answer was Yes; None while it is not recorded."""
    if isinstance(value, bool):
        return value
    return {YesNo.YES: True, YesNo.NO: False}.get(value)


def _negate(value: bool | None) -> bool | None:
    return None if value is None else not value


def _withheld(fields: tuple[str, ...], text) -> dict:
    return {f: Answer(text, "withheld") for f in fields}


SAFEGUARDING_FIELDS = (
    "early_help_plan",
    "child_in_need_plan",
    "child_protection_plan",
    "parental_responsibility_issues",
    "parental_responsibility_details",
    "concerns",
    "concerns_details",
)
SEND_FIELDS = (
    "ehcna_details",
    "ehcna_rationale",
    "disabilities",
    "disabilities_details",
    "health_care_plan",
    "send_support_details",
    "send_support_rationale",
    "education_plan",
    "pastoral_support_plan",
)


def _safeguarding_answers(pupil: Pupil, allowed: bool) -> dict:
    if not allowed:
        return _withheld(SAFEGUARDING_FIELDS, WITHHELD_SAFEGUARDING)
    record = SafeguardingRecord.objects.filter(pupil=pupil).first() or SafeguardingRecord()
    return {
        **{f: answer(record, f) for f in SAFEGUARDING_FIELDS},
        "parental_responsibility_details": answer(
            record,
            "parental_responsibility_details",
            applies=_yes(record.parental_responsibility_issues),
        ),
        "concerns_details": answer(record, "concerns_details", applies=_yes(record.concerns)),
    }


def _send_answers(pupil: Pupil, allowed: bool) -> dict:
    if not allowed:
        return _withheld(SEND_FIELDS, WITHHELD_SEND)
    record = PupilSend.objects.filter(pupil=pupil).first() or PupilSend()
    return {
        **{f: answer(record, f) for f in SEND_FIELDS},
        "ehcna_details": answer(record, "ehcna_details", applies=pupil.undergoing_ehcna),
        "ehcna_rationale": answer(
            record,
            "ehcna_rationale",
            applies=not (pupil.undergoing_ehcna or pupil.has_ehcp),
        ),
        "disabilities_details": answer(
            record, "disabilities_details", applies=_yes(record.disabilities)
        ),
        "send_support_details": answer(record, "send_support_details", applies=pupil.send_support),
        "send_support_rationale": answer(
            record, "send_support_rationale", applies=not pupil.send_support
        ),
    }


def _pupil_answers(pupil: Pupil, today: datetime.date) -> dict:
    a = {
        f: answer(pupil, f)
        for f in (
            "upn",
            "gender",
            "date_of_birth",
            "home_address",
            "moving_address",
            "looked_after",
            "social_worker",
            "pupil_premium",
            "english_level",
            "refugee_or_asylum",
            "attendance_issues",
            "on_roll",
            "has_ehcp",
            "undergoing_ehcna",
            "send_support",
            "agency_education_investigation",
            "agency_educational_psychologist",
            "agency_yos",
            "agency_camhs",
            "agency_early_help",
            "agency_other",
            "attainment_term",
            "attainment_english",
            "attainment_maths",
            "attainment_science",
            "admission_date",
            "electively_home_educated",
            "previous_direction",
            "formulation",
            "completed_by_name",
            "completed_by_role",
            "completed_by_contact",
            "completed_on",
        )
    }
    any_agency = any(
        getattr(pupil, f)
        for f in (
            "agency_education_investigation",
            "agency_educational_psychologist",
            "agency_yos",
            "agency_camhs",
            "agency_early_help",
            "agency_other",
        )
    )
    a |= {
        "full_name": Answer(pupil.full_name),
        "year_group": Answer(year_group_label(pupil.year_group(today))),
        "moving_date": answer(pupil, "moving_date", applies=bool(pupil.moving_address)),
        "care_local_authority": answer(pupil, "care_local_authority", applies=pupil.looked_after),
        "virtual_school_contact": answer(
            pupil, "virtual_school_contact", applies=pupil.looked_after
        ),
        "pupil_premium_type": answer(
            pupil, "pupil_premium_type", applies=_yes(pupil.pupil_premium)
        ),
        "attendance_details": answer(
            pupil, "attendance_details", applies=_yes(pupil.attendance_issues)
        ),
        "deletion_ground": answer(pupil, "deletion_ground", applies=not pupil.on_roll),
        "roll_date": answer(pupil, "roll_date"),
        "agency_details": answer(pupil, "agency_details", applies=any_agency),
        "ehe_start_date": answer(pupil, "ehe_start_date", applies=pupil.electively_home_educated),
    }
    return a


def _interventions(pupil: Pupil) -> list[dict]:
    """All 14 rows of the template, in its order, with every period the pupil had of each."""
    periods = {kind: [] for kind in Intervention.Kind}
    for row in pupil.interventions.all():
        periods[Intervention.Kind(row.kind)].append(
            (format_date(row.start_date), format_date(row.end_date) or _("Ongoing"))
        )
    return [{"label": kind.label, "periods": periods[kind]} for kind in Intervention.Kind]


def passport_context(pupil: Pupil, *, allowed: Access, today: datetime.date) -> dict:
    """Everything templates/documents/pupil_passport.html prints, need-to-know applied."""
    pupil = (
        Pupil.objects.select_related("school__local_authority")
        .prefetch_related(
            "parents",
            "interventions",
            "exclusions",
            "suspensions",
            "ks4_options",
            "previous_schools",
            "previous_directions",
        )
        .get(pk=pupil.pk)
    )
    return {
        "pupil": pupil,
        "school": pupil.school,
        "letterhead": letterhead(pupil.school),
        "allowed": allowed,
        "a": _pupil_answers(pupil, today)
        | _safeguarding_answers(pupil, allowed.safeguarding)
        | _send_answers(pupil, allowed.send),
        "parents": [
            {
                "name": p.name,
                "relationship": p.relationship,
                "parental_responsibility": answer(p, "parental_responsibility"),
                "contact": "\n".join(x for x in (p.phone, p.email) if x),
                "address": p.address,
            }
            for p in pupil.parents.all()
        ],
        "interventions": _interventions(pupil),
        "exclusions": [(format_date(e.date), e.reason) for e in pupil.exclusions.all()],
        "suspensions": [
            (format_date(s.start_date), f"{s.days.normalize():f}", s.reason)
            for s in pupil.suspensions.all()
        ],
        "ks4_options": list(pupil.ks4_options.all()),
        "previous_schools": [
            (s.name, format_date(s.admitted), format_date(s.left))
            for s in pupil.previous_schools.all()
        ],
        "previous_directions": [
            {
                "home_school": d.home_school,
                "destination_school": d.destination_school,
                "successful": answer(d, "successful"),
                "reasons_not_successful": answer(
                    d, "reasons_not_successful", applies=_negate(_yes(d.successful))
                ),
            }
            for d in pupil.previous_directions.all()
        ],
        "title": _("Off-site Direction Pupil Passport"),
        "printed_on": format_date(today),
    }
