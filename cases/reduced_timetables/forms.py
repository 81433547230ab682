"""Forms of the reduced timetable. Source: 004_f815cbfe89cfcc2a.txt "Reduced Timetables",
Appendix 1, Appendix 2 and the primary and secondary timetable examples."""

import datetime
import re

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.reduced_timetables.guards import start_locked_message
from cases.reduced_timetables.models import (
    ReducedTimetable,
    RttChecklistAnswer,
    RttReintegrationStep,
)
from cases.reduced_timetables.models import RttTimetableEntry as Entry
from cases.reduced_timetables.protocols import questions, reason_choices
from cases.reduced_timetables.services import PLAN_FIELDS
from ui.formats import long_date
from ui.forms import GovukDateField, GovukForm, GovukModelForm

LESSONS = range(1, 7)  # the secondary example: lessons 1 to 6
DAYS = list(Entry.Day)


class PlanForm(GovukModelForm):
    """The reduced timetable's details: Appendix 1's fields and who keeps the pupil safe."""

    submit_label = _("Save the reduced timetable")

    class Meta(GovukModelForm.Meta):
        model = ReducedTimetable
        fields = list(PLAN_FIELDS)

    def __init__(self, *args, psps, local_authority=None, **kwargs):
        self.psps = psps
        self.la = local_authority
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        # A new one's LA is the pupil's school's, given; a saved one's, its school's.
        la = self.la or self.instance.school.local_authority
        protocol = la.rtt_protocol
        psp = self.fields["psp"]
        psp.queryset = self.psps
        psp.required = False
        psp.label = _("Pastoral Support Programme")
        psp.empty_label = _("Choose the PSP")
        psp.label_from_instance = lambda p: (
            _("PSP opened %(day)s (%(stage)s, signed %(signed)s)")
            % {
                "day": long_date(timezone.localdate(p.created_at)),
                "stage": p.get_stage_display(),
                "signed": long_date(p.agreed_on),
            }
            if p.agreed_on
            else _("PSP opened %(day)s (%(stage)s, not signed yet)")
            % {
                "day": long_date(timezone.localdate(p.created_at)),
                "stage": p.get_stage_display(),
            }
        )
        # Waymark sets every reduced timetable up through a PSP (or a health care plan), as
        # 004 asks; the DfE's guidance names a PSP "or other agreement", so 004 is cited only
        # to an LA on its protocol.
        psp.help_text = (
            _(
                "A reduced timetable is set up through the pupil's PSP (004), and starts once "
                "the PSP is signed. If there is no PSP, start one first, unless the reason is "
                "purely medical."
            )
            if protocol.local_checklist
            else _(
                "A reduced timetable is set up through the pupil's PSP, and starts once the PSP "
                "is signed. If there is no PSP, start one first, unless the reason is purely "
                "medical."
            )
        )
        self.fields["basis"].label = _("How is the reduced timetable agreed?")
        # The model's words are 004's (Wales); an English school reads SEND.
        reason, words = self.fields["reason"], dict(reason_choices(la.law))
        reason.choices = [(value, words.get(value, label)) for value, label in reason.choices]
        self.fields["start"].help_text = (
            _("It has started: the start date cannot change now.")
            if self.start_locked
            else _(
                "The Appendix 1 checklist must be complete before this day. For example, 4 1 2027"
            )
            if protocol.local_checklist
            else _(
                "The parents' agreement and the plan back to full time are recorded before "
                "this day. For example, 4 1 2027"
            )
        )
        self.fields["provisional_end"].help_text = (
            _(
                "Usually no more than %(weeks)s weeks after the start; beyond that needs the "
                "Director's authorisation. For example, 26 3 2027"
            )
            % {"weeks": la.reduced_timetable_max_weeks}
            if protocol.director_authorisation
            else _(
                "A reduced timetable is time-limited: the date the pupil is back to full time, "
                "or a review agrees more. For example, 26 3 2027"
            )
        )
        self.fields["hours_per_day"].help_text = _("For example, 2.5")
        self.fields["hours_per_day"].error_messages["invalid"] = _(
            "Enter the hours a day as a number, like 2.5"
        )
        self.fields["lesson_minutes"].help_text = _("Secondary timetables only. For example, 60")
        self.fields["lesson_minutes"].error_messages["invalid"] = _(
            "Enter the length of a lesson in minutes, like 50"
        )
        self.fields["timetable_weeks"].help_text = _("Secondary timetables only.")
        self.fields["safeguarding_concern"].label = _(
            "There is a safeguarding concern, whatever the reason for the reduced timetable"
        )

    @property
    def start_locked(self) -> bool:
        """Once started the start date is fixed: the 12-week limit counts from it (004)."""
        return bool(self.instance.pk) and self.instance.state != ReducedTimetable.State.PLANNED

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("provisional_end")
        if self.start_locked and start and start != self.instance.start:
            self.add_error("start", start_locked_message(self.instance))
            start = self.instance.start
        if start and end and end < start:
            self.add_error("provisional_end", _("The provisional end date must be after the start"))
        basis = cleaned.get("basis")
        if basis == ReducedTimetable.Basis.PSP and not cleaned.get("psp"):
            self.add_error(
                "psp",
                _("Choose the PSP: without one, a reduced timetable must be purely medical")
                if self.psps.exists()
                else _(
                    "This pupil has no PSP: start a PSP first, or choose purely medical if it is"
                ),
            )
        if basis == ReducedTimetable.Basis.MEDICAL:
            if cleaned.get("reason") and cleaned["reason"] != ReducedTimetable.Reason.MEDICAL:
                self.add_error("reason", _("Without a PSP the reason must be medical"))
            if not (cleaned.get("health_care_plan") or "").strip():
                self.add_error(
                    "health_care_plan",
                    _("Enter the individual health care plan that records the reduced timetable"),
                )
            cleaned["psp"] = None
        return cleaned


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


class TimeText(forms.CharField):
    """A time typed as 9:15, 09.15, 1:30pm or 2pm (GOV.UK has no time input)."""

    def to_python(self, value):
        text = super().to_python(value).strip().lower().replace(" ", "")
        if not text:
            return None
        match = _TIME.match(text)
        if not match:
            raise forms.ValidationError(_("Enter a time like 9:15 or 1:30pm"))
        hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(_("Enter a time like 9:15 or 1:30pm"))
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(_("Enter a real time, like 13:30"))
        return datetime.time(hour, minute)


class PrimaryTimetableForm(forms.Form):
    """004 "Primary Timetable example": the activity and venue each day, with its times."""

    def __init__(self, *args, entries=(), **kwargs):
        by_day = {e.day: e for e in entries if e.lesson == 0}
        initial = {}
        for day in DAYS:
            entry = by_day.get(day.value)
            if entry:
                initial[f"activity_{day.value}"] = entry.activity
                initial[f"from_{day.value}"] = f"{entry.starts_at:%H:%M}" if entry.starts_at else ""
                initial[f"until_{day.value}"] = f"{entry.ends_at:%H:%M}" if entry.ends_at else ""
        super().__init__(*args, initial=initial, **kwargs)
        for day in DAYS:
            self.fields[f"activity_{day.value}"] = forms.CharField(
                label=_("Activity and venue"), max_length=200, required=False
            )
            self.fields[f"from_{day.value}"] = TimeText(label=_("From"), required=False)
            self.fields[f"until_{day.value}"] = TimeText(label=_("Until"), required=False)

    def rows(self):
        return [
            {
                "day": day,
                "activity": self[f"activity_{day.value}"],
                "from": self[f"from_{day.value}"],
                "until": self[f"until_{day.value}"],
            }
            for day in DAYS
        ]

    def clean(self):
        cleaned = super().clean()
        for day in DAYS:
            activity = (cleaned.get(f"activity_{day.value}") or "").strip()
            start, end = cleaned.get(f"from_{day.value}"), cleaned.get(f"until_{day.value}")
            if f"from_{day.value}" in self.errors or f"until_{day.value}" in self.errors:
                continue
            if activity and (start is None or end is None):
                self.add_error(
                    f"from_{day.value}" if start is None else f"until_{day.value}",
                    _("Enter when %(day)s's session starts and ends") % {"day": day.label},
                )
            elif (start or end) and not activity:
                self.add_error(
                    f"activity_{day.value}",
                    _("Enter the activity and venue for %(day)s") % {"day": day.label},
                )
            elif start and end and end <= start:
                self.add_error(
                    f"until_{day.value}",
                    _("%(day)s's session must end after it starts") % {"day": day.label},
                )
        return cleaned

    def cells(self) -> dict:
        out = {}
        for day in DAYS:
            activity = self.cleaned_data[f"activity_{day.value}"].strip()
            if activity:
                out[(day.value, 0)] = {
                    "activity": activity,
                    "starts_at": self.cleaned_data[f"from_{day.value}"],
                    "ends_at": self.cleaned_data[f"until_{day.value}"],
                }
        return out


class SecondaryTimetableForm(forms.Form):
    """004 "Secondary Timetable example": lessons 1 to 6, Monday to Friday, activity and
    venue in each; one form per week."""

    def __init__(self, *args, entries=(), **kwargs):
        initial = {f"cell_{e.day}_{e.lesson}": e.activity for e in entries if e.lesson}
        super().__init__(*args, initial=initial, **kwargs)
        for lesson in LESSONS:
            for day in DAYS:
                self.fields[f"cell_{day.value}_{lesson}"] = forms.CharField(
                    label=_("Lesson %(n)s, %(day)s") % {"n": lesson, "day": day.label},
                    max_length=200,
                    required=False,
                )

    def rows(self):
        return [
            {"lesson": lesson, "cells": [self[f"cell_{day.value}_{lesson}"] for day in DAYS]}
            for lesson in LESSONS
        ]

    def cells(self) -> dict:
        out = {}
        for lesson in LESSONS:
            for day in DAYS:
                activity = self.cleaned_data[f"cell_{day.value}_{lesson}"].strip()
                if activity:
                    out[(day.value, lesson)] = {"activity": activity}
        return out


class StepForm(GovukModelForm):
    submit_label = _("Add the step")

    class Meta(GovukModelForm.Meta):
        model = RttReintegrationStep
        fields = ["from_date", "hours_per_week", "note"]

    def adjust_fields(self):
        self.fields["from_date"].label = _("From")
        self.fields["from_date"].help_text = _("The day the hours go up. For example, 18 1 2027")
        self.fields["hours_per_week"].label = _("Hours a week from then")
        self.fields["hours_per_week"].help_text = _("For example, 15")
        self.fields["hours_per_week"].error_messages["invalid"] = _(
            "Enter the hours a week as a number, like 15"
        )
        self.fields["note"].label = _("What changes (optional)")


class ChecklistForm(GovukForm):
    """The checklist of the LA's protocol (004 Appendix 1's eight questions, or the DfE's
    expectations: protocols.questions), each answered Yes, No or (where it can be) Not
    applicable, with an optional note."""

    submit_label = _("Save the checklist")

    def __init__(self, *args, timetable, answers, **kwargs):
        self.timetable = timetable
        self.questions = questions(timetable)
        by_item = {a.item: a for a in answers}
        initial = {}
        for question in self.questions:
            if question.item in by_item:
                initial[question.item] = by_item[question.item].answer
                initial[f"{question.item}_note"] = by_item[question.item].note
        super().__init__(*args, initial=initial, **kwargs)

    def adjust_fields(self):
        for question in self.questions:
            choices = [
                (a.value, a.label)
                for a in RttChecklistAnswer.Answer
                if a != RttChecklistAnswer.Answer.NOT_APPLICABLE or question.may_be_not_applicable
            ]
            self.fields[question.item] = forms.ChoiceField(
                label=question.label,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                help_text=question.hint,
            )
            self.fields[f"{question.item}_note"] = forms.CharField(
                label=_("Note (optional)"), max_length=300, required=False
            )

    def answers(self) -> dict[str, tuple[str, str]]:
        return {
            q.item: (self.cleaned_data[q.item], self.cleaned_data[f"{q.item}_note"].strip())
            for q in self.questions
        }


class ProgressForm(GovukModelForm):
    """Appendix 2's indicators the school reports as it monitors the reduced timetable."""

    submit_label = _("Save progress")

    class Meta(GovukModelForm.Meta):
        model = ReducedTimetable
        fields = [
            "progress",
            "progress_notes",
            "non_attendance",
            "parent_dissatisfied",
            "professional_concerns",
        ]

    def adjust_fields(self):
        self.fields["progress"].label = _("How is the pupil progressing?")


class HarmRisksForm(GovukForm):
    submit_label = _("Save")

    risks = forms.MultipleChoiceField(
        label=_("The pupil is known to be at risk of significant harm from"),
        choices=ReducedTimetable.HarmRisk.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Select all that apply, or none. Only the DSL and safeguarding officers see this."
        ),
    )


class AuthorisationRequestForm(GovukForm):
    submit_label = _("Ask for the Director's authorisation")

    reason = forms.CharField(
        label=_("Why must it run longer than 12 weeks?"),
        widget=forms.Textarea,
        max_length=2000,
    )


def _stacked_radios(name: str):
    """Radios one above the other: their labels are sentences, too long to sit in a row."""
    return Field.radios(name, legend_size=Size.SMALL, inline=False)


class DecisionForm(GovukForm):
    """The Director's answer (004: beyond 12 weeks a reduced timetable "will require the
    authorisation of the Director"): authorise it until a date, or decline, saying why."""

    submit_label = _("Record the decision")

    decision = forms.ChoiceField(
        label=_("Does the Director authorise it to run beyond the limit?"),
        choices=ReducedTimetable.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the Director authorises it or declines")},
    )
    until = GovukDateField(
        label=_("Authorised until"),
        help_text=_("Only if the Director authorises it. For example, 26 3 2027"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Why the Director declines, or a note"),
        help_text=_("Needed if the Director declines: the school and the LA see it."),
        widget=forms.Textarea,
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, must_end_by: datetime.date, **kwargs):
        self.must_end_by = must_end_by
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        self.fields["decision"].choices = [
            (ReducedTimetable.Decision.AUTHORISED, _("Yes, authorise it until the date below")),
            (
                ReducedTimetable.Decision.DECLINED,
                _("No, decline: it must end by %(day)s") % {"day": long_date(self.must_end_by)},
            ),
        ]

    def layout_fields(self):
        return [_stacked_radios("decision"), *super().layout_fields()[1:]]

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == ReducedTimetable.Decision.AUTHORISED and not cleaned.get("until"):
            if "until" not in self.errors:
                self.add_error("until", _("Enter the date it is authorised until"))
        if (
            decision == ReducedTimetable.Decision.DECLINED
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Enter why the Director declines"))
        return cleaned


class LacAuthorisationForm(GovukModelForm):
    """Appendix 1's N.B. for a looked-after pupil: the foster carer with delegated authority,
    otherwise the looked-after social worker, authorises the reduced timetable."""

    submit_label = _("Save")

    class Meta(GovukModelForm.Meta):
        model = ReducedTimetable
        fields = ["lac_authority", "lac_authorised_by", "lac_authorised_on"]

    def adjust_fields(self):
        self.fields["lac_authority"].label = _("Who authorised the reduced timetable?")
        self.fields["lac_authority"].required = True
        self.fields["lac_authority"].error_messages["required"] = _(
            "Choose who authorised it: the foster carer with delegated authority, or the "
            "looked-after social worker"
        )
        self.fields["lac_authorised_by"].label = _("Their name")
        if self.instance.pupil.social_worker:
            self.fields["lac_authorised_by"].help_text = _(
                "The Pupil Passport names the social worker: %(social_worker)s"
            ) % {"social_worker": self.instance.pupil.social_worker}
        self.fields["lac_authorised_by"].required = True
        self.fields["lac_authorised_by"].error_messages["required"] = _(
            "Enter the name of the person who authorised it"
        )
        self.fields["lac_authorised_on"].label = _("Date they authorised it")
        self.fields["lac_authorised_on"].help_text = _("For example, 9 11 2026")
        self.fields["lac_authorised_on"].required = True
        self.fields["lac_authorised_on"].error_messages["required"] = _(
            "Enter the date they authorised it"
        )

    def layout_fields(self):
        return [_stacked_radios("lac_authority"), *super().layout_fields()[1:]]


class StartForm(GovukForm):
    submit_label = _("Record the start and tell the LA")

    confirm = forms.BooleanField(
        label=_("The pupil has started the reduced timetable as agreed"),
        error_messages={"required": _("Confirm the pupil has started the reduced timetable")},
    )


class EndForm(GovukForm):
    submit_label = _("End the reduced timetable")

    on = GovukDateField(label=_("Date it ended"), help_text=_("For example, 26 3 2027"))
    note = forms.CharField(
        label=_("How it ended"),
        help_text=_("For example, back to full-time education."),
        widget=forms.Textarea,
        max_length=2000,
    )

    def adjust_fields(self):
        self.fields["on"].error_messages["required"] = _("Enter the date it ended")
