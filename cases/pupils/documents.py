"""The Pupil Passport PDF: template 2 of 003_db4daf6c9cf2ba51.txt, filled from the pupil's record.

The context decides need-to-know, never the template: safeguarding answers are loaded only for
someone who may see them, and SEND detail likewise; otherwise each place says who holds it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import access
from cases.pupils import record
from cases.pupils.models import Intervention, Pupil, PupilSend, Suspension, YesNo
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


def _period(start: datetime.date | None, end: datetime.date | None) -> tuple[str, str]:
    return (format_date(start), format_date(end) or _("Ongoing"))


def _interventions(pupil: Pupil, directions: list[record.PastDirection]) -> list[dict]:
    """All 14 rows of the template, in its order, with every period the pupil had of each.

    The "Off-site direction" row lists the dated directions of the "Off-site Directions" table
    (which include the typed interventions of that kind), so the two never disagree."""
    periods = {kind: [] for kind in Intervention.Kind}
    for row in pupil.interventions.all():
        if row.kind != Intervention.Kind.OFF_SITE_DIRECTION:
            periods[Intervention.Kind(row.kind)].append(_period(row.start_date, row.end_date))
    periods[Intervention.Kind.OFF_SITE_DIRECTION] = [
        (format_date(d.start), record.end_text(d, day=format_date))
        for d in directions
        if d.start is not None
    ]
    return [{"label": kind.label, "periods": periods[kind]} for kind in Intervention.Kind]


def _text(text: str, *, applies: bool | None = None) -> Answer:
    """A value that is not a model field's, printed as answer() prints one."""
    if text:
        return Answer(text)
    if applies is False:
        return Answer(NOT_APPLICABLE, "not-applicable")
    return Answer(NOT_RECORDED, "blank")


def _dates(d: record.PastDirection) -> str:
    """A direction's dates in the table's row heading: "from to", "from, ongoing", or "from"."""
    if not d.start:
        return _("Dates not recorded")
    start = format_date(d.start)
    if d.end:
        return _("%(start)s to %(end)s") % {"start": start, "end": format_date(d.end)}
    if d.from_waymark or d.from_intervention:  # record.end_text: "Ongoing"
        return _("%(start)s, ongoing") % {"start": start}
    return start


def _previous_directions(directions: list[record.PastDirection]) -> list[dict]:
    """The "Off-site Directions" table: Waymark's records marked as such, typed rows as typed."""
    rows = []
    for d in directions:
        successful = str(YesNo(d.successful).label) if d.successful else ""
        if d.outcome:
            successful = f"{successful}\n{d.outcome}" if successful else d.outcome
        rows.append(
            {
                "start": format_date(d.start),
                "dates": _dates(d),
                "home_school": _text(d.home_school),
                "destination_school": _text(d.destination_school),
                "successful": _text(successful),
                "reasons_not_successful": _text(
                    d.reasons_not_successful,
                    applies=_negate(_yes(d.successful))
                    if d.successful
                    else (False if d.from_waymark else None),
                ),
                "from_waymark": d.from_waymark,
                "from_intervention": d.from_intervention,
            }
        )
    return rows


def passport_context(pupil: Pupil, *, allowed: Access, today: datetime.date) -> dict:
    """Everything templates/documents/pupil_passport.html prints, need-to-know applied."""
    pupil = (
        Pupil.objects.select_related("school__local_authority")
        .prefetch_related(
            "parents",
            "interventions",
            "exclusions",
            Prefetch("suspensions", Suspension.objects.select_related("suspended_by")),
            "ks4_options",
            "previous_schools",
            "previous_directions",
        )
        .get(pk=pupil.pk)
    )
    directions = record.past_directions(pupil)
    answers = _pupil_answers(pupil, today)
    # Derived from the list printed below it (issue 14): never "No" beside a listed direction.
    pupil.previous_direction = record.ever_directed(pupil.previous_direction, directions)
    answers["previous_direction"] = answer(pupil, "previous_direction")
    return {
        "pupil": pupil,
        "school": pupil.school,
        "letterhead": letterhead(pupil.school),
        "allowed": allowed,
        "a": answers
        | _safeguarding_answers(pupil, allowed.safeguarding)
        | _send_answers(pupil, allowed.send),
        "parents": [
            {
                "name": p.name,
                "relationship": p.relationship,
                "parental_responsibility": answer(p, "parental_responsibility"),
                "contact": "\n".join(x for x in (p.phone, p.email) if x),
                # Issue 14: a withheld address only in the passport of someone who may read
                # safeguarding detail (that version is stored as including it).
                "address": _("Address withheld")
                if p.address_withheld and not allowed.safeguarding
                else p.address,
            }
            for p in pupil.parents.all()
        ],
        "interventions": _interventions(pupil, directions),
        "exclusions": [(format_date(e.date), e.reason) for e in pupil.exclusions.all()],
        "suspensions": [
            (
                format_date(s.start_date),
                f"{s.days.normalize():f}",
                s.reason,
                record.suspension_note(s),
            )
            for s in pupil.suspensions.all()
        ],
        "ks4_options": list(pupil.ks4_options.all()),
        "previous_schools": [
            (s.name, format_date(s.admitted), format_date(s.left))
            for s in pupil.previous_schools.all()
        ],
        "previous_directions": _previous_directions(directions),
        "title": _("Off-site Direction Pupil Passport"),
        "printed_on": format_date(today),
    }
