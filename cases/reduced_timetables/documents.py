"""The reduced timetable checklist, as sent to the LA at the commencement: a print template
and its context.

Source: 004_f815cbfe89cfcc2a.txt Appendix 1 ("Checklist for using Reduced Timetables": school
and key stage, name, date of birth, the eight Yes / No questions), the start and provisional
end, the reason, the hours a day and the safeguarding tick box, and the primary and secondary
timetable examples; for a looked-after pupil, who authorised it (the consent item's N.B.: the
foster carer with delegated authority, otherwise the Looked After Social Worker); the
Director's decision beyond 12 weeks ("Process for considering a reduced timetable");
"Notifying the Local Authority": the checklist goes to the LA, with the PSP (if appropriate)
or the health care plan.

Under the DfE's national expectations (an English LA without a protocol of its own: "Working
together to improve school attendance", 2024) the same record goes to the LA without NPT's
content: the DfE's questions (protocols.DFE_NATIONAL), no Director's step, England's codes.

Need-to-know: the document prints the safeguarding tick box of Appendix 1 (a Yes / No that the
LA's form asks every school for), never the DSL's detail (the risks of significant harm), so it
is stored with includes_safeguarding False.
"""

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

from cases.pupils.languages import family_languages
from cases.reduced_timetables.models import ReducedTimetable, RttChecklistAnswer, RttTimetableEntry
from cases.reduced_timetables.protocols import Question, law_of, questions, reason_label
from cases.reduced_timetables.selectors import rtt_status
from documents.models import GeneratedDocument
from documents.rendering import (
    Blanks,
    FormRenderer,
    format_date,
    format_time,
    letterhead,
    render_html_in,
    render_pdf_in,
)
from documents.services import document_generate
from tenancy.models import User

TEMPLATE = "documents/reduced_timetable/checklist.html"
LESSONS = range(1, 7)  # the secondary example's six lessons a day


def key_stage(year_group: int | None, nation: str) -> str:
    """The key stage (or phase) a year group is in, as a school writes it on the form."""
    if year_group is None:
        return ""
    if year_group <= 0:
        return _("Foundation Phase") if nation == "wales" else _("Early Years Foundation Stage")
    if year_group <= 2:
        return _("Foundation Phase") if nation == "wales" else _("Key Stage 1")
    if year_group <= 6:
        return _("Key Stage 2")
    if year_group <= 9:
        return _("Key Stage 3")
    if year_group <= 11:
        return _("Key Stage 4")
    return _("Key Stage 5 (sixth form)")


def _year(timetable: ReducedTimetable, today: datetime.date) -> int | None:
    try:
        return timetable.pupil.year_group(today)
    except ValueError:
        return None


def _grid(timetable: ReducedTimetable, entries: list[RttTimetableEntry]) -> dict:
    days = RttTimetableEntry.Day
    if timetable.layout == ReducedTimetable.Layout.PRIMARY:
        by_day = {e.day: e for e in entries if e.week == 1 and e.lesson == 0}
        rows = []
        for day in days:
            entry = by_day.get(day.value)
            times = (
                f"{format_time(entry.starts_at)} to {format_time(entry.ends_at)}"
                if entry and entry.starts_at and entry.ends_at
                else ""
            )
            rows.append(
                {"day": day.label, "activity": entry.activity if entry else "", "times": times}
            )
        return {"primary": rows}
    by_cell = {(e.week, e.day, e.lesson): e.activity for e in entries}
    weeks = []
    for week in range(1, timetable.timetable_weeks + 1):
        weeks.append(
            {
                "week": week,
                "rows": [
                    {
                        "lesson": lesson,
                        "cells": [by_cell.get((week, day.value, lesson), "") for day in days],
                    }
                    for lesson in LESSONS
                ],
            }
        )
    return {"weeks": weeks, "days": [d.label for d in days]}


def _answers(answers: Iterable[RttChecklistAnswer], asked: tuple[Question, ...]) -> list[dict]:
    by_item = {a.item: a for a in answers}
    rows = []
    for question in asked:
        answer = by_item.get(question.item)
        rows.append(
            {
                "item": question.item,
                "question": question.label,
                "answer": answer.get_answer_display() if answer else "",
                "note": answer.note if answer else "",
                "by": _("%(who)s, %(day)s")
                % {"who": answer.answered_by.full_name, "day": format_date(answer.answered_on)}
                if answer
                else "",
            }
        )
    return rows


def build(timetable: ReducedTimetable, *, today: datetime.date) -> tuple[str, dict]:
    """The checklist's template and context. No more queries than the relations loaded."""
    blanks = Blanks()
    pupil = timetable.pupil
    school = timetable.school
    la = school.local_authority
    status = rtt_status(timetable, today=today)
    entries = list(timetable.entries.all())
    answers = list(timetable.checklist.select_related("answered_by"))
    steps = sorted(timetable.steps.all(), key=lambda s: s.from_date)
    stage = key_stage(_year(timetable, today), la.nation)
    protocol, law = status.protocol, law_of(timetable)
    context = {
        "title": _("Checklist for using Reduced Timetables")
        if protocol.local_checklist
        else _("Reduced (part-time) timetable: record for the local authority"),
        "protocol": protocol,
        "law": law,
        "pupil": pupil,
        "letterhead": letterhead(school),
        "printed_on": format_date(today),
        "school_stage": f"{school.name} / {stage}" if stage else school.name,
        "dob": format_date(pupil.date_of_birth),
        "la": la,
        "answers": _answers(answers, questions(timetable)),
        "start": format_date(timetable.start),
        "provisional_end": format_date(timetable.provisional_end),
        "reason": reason_label(timetable),
        "hours_per_day": timetable.hours_per_day_text,
        "safeguarding_concern": timetable.safeguarding_concern,
        "basis": timetable.get_basis_display(),
        "psp": timetable.psp,
        "psp_signed_on": format_date(timetable.psp.agreed_on) if timetable.psp else "",
        "health_care_plan": timetable.health_care_plan,
        "looked_after": pupil.looked_after or bool(timetable.lac_authority),
        "lac_authority": timetable.get_lac_authority_display(),
        "lac_authorised_by": timetable.lac_authorised_by,
        "lac_authorised_on": format_date(timetable.lac_authorised_on),
        "responsible_adult": blanks(
            _("who is responsible for the pupil when not in school"), timetable.responsible_adult
        ),
        "agencies": timetable.agencies,
        "parental_views": timetable.parental_views,
        "case_lead": timetable.case_lead.full_name,
        "layout": timetable.layout,
        "grid": _grid(timetable, entries),
        "weekly_hours": status.weekly_hours_text if status.weekly_hours is not None else None,
        "full_time_hours": status.full_time_text if status.full_time_hours is not None else None,
        "lesson_minutes": timetable.lesson_minutes,
        "steps": [
            {"from": format_date(s.from_date), "hours": s.hours_text, "note": s.note} for s in steps
        ],
        "limit_date": format_date(status.limit_date),
        "max_weeks": la.reduced_timetable_max_weeks,
        "authorisation": status.authorisation,
        "authorisation_label": status.authorisation_label,
        "authorised_by": timetable.authorised_by.full_name if timetable.authorised_by else "",
        "authorised_on": format_date(timetable.authorised_on),
        "authorised_until": format_date(timetable.authorised_until),
        "declined": timetable.is_declined,
        "declined_by": timetable.declined_by.full_name if timetable.declined_by else "",
        "declined_on": format_date(timetable.declined_on),
        "decline_reason": timetable.decline_reason,
        "must_end_by": format_date(status.must_end_by),
        "absence_code": law.part_time_absence,
        "started_on": format_date(timetable.started_on),
        "blanks": blanks,
    }
    return TEMPLATE, context


def generate(timetable: ReducedTimetable, *, by: User, today: datetime.date) -> GeneratedDocument:
    """A new stored version of the checklist, about the reduced timetable. Raises
    documents.rendering.DocumentRenderError (with a message for people) if no PDF was made."""
    template, context = build(timetable, today=today)
    return document_generate(
        kind=GeneratedDocument.Kind.RTT_CHECKLIST,
        pupil=timetable.pupil,
        template=template,
        context=context,
        generated_by=by,
        about=timetable,
        includes_safeguarding=False,
        includes_send=False,
        # In the family's language, or Welsh then English (issue 15).
        html=render_html_in(
            family_languages(timetable.pupil), lambda: build(timetable, today=today)
        ),
    )


# render_forms: every demo reduced timetable's checklist ------------------------------------


def printable_reduced_timetables(schools):
    return (
        ReducedTimetable.objects.filter(school__in=schools)
        .select_related(
            "pupil__school__local_authority",
            "pupil__safeguarding",
            "school__local_authority",
            "psp",
            "case_lead",
            "authorised_by",
            "declined_by",
        )
        .prefetch_related("entries", "steps", "checklist")
        .order_by("school__name", "pupil__upn", "pk")
    )


def _render(timetable: ReducedTimetable, today: datetime.date) -> bytes:
    return render_pdf_in(family_languages(timetable.pupil), lambda: build(timetable, today=today))


FORM_RENDERERS = (
    FormRenderer(
        slug="rtt-checklist",
        description="Checklist for using Reduced Timetables (004 Appendix 1), with the "
        "timetable and the reintegration plan, every demo reduced timetable",
        records=printable_reduced_timetables,
        filename=lambda t: f"rtt-checklist-{t.pupil.upn}-{t.pk}.pdf",
        render=_render,
    ),
)
