"""Forms of an alternative provision placement: the plan, its end, a week's attendance.

Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision".
"""

import datetime
import re

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.placements.models import AP_CODE_CHOICES, AP_WEEKDAYS, PRESENT_AT_PROVIDER, ApPlacement
from cases.placements.selectors import day_text
from cases.placements.services import PLACEMENT_FIELDS
from tenancy.selectors import providers_for_school, school_staff
from ui.forms import GovukDateField, GovukForm, GovukModelForm, _layout_field

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)
TIME_FIELDS = [f"{day}_{part}" for day, _label in AP_WEEKDAYS for part in ("from", "to")]


class GovukTimeField(forms.Field):
    """A time typed as 9:00, 13:30, 9am or 1:30pm."""

    widget = forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"})

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.time):
            return value
        match = _TIME.match(str(value))
        if not match:
            raise forms.ValidationError(_("Enter a time like 9:00 or 13:30"))
        hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
        if half == "pm" and hour < 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            raise forms.ValidationError(_("Enter a time like 9:00 or 13:30"))
        return datetime.time(hour, minute)

    def prepare_value(self, value):
        if isinstance(value, datetime.time):
            return f"{value:%-H:%M}"
        return value


class PlacementForm(GovukModelForm):
    """The plan of a placement: provider, days and hours, objectives, who monitors it."""

    submit_label = _("Save the placement")

    class Meta(GovukModelForm.Meta):
        model = ApPlacement
        fields = list(PLACEMENT_FIELDS)

    def __init__(self, *args, pupil, **kwargs):
        self.pupil = pupil
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        school = self.pupil.school
        provider = self.fields["provider"]
        provider.queryset = providers_for_school(school).order_by("name")
        provider.label = _("Provider")
        provider.help_text = _(
            "From your LA's register. The provider's safeguarding declaration must be current on "
            "the start date."
        )
        provider.error_messages["required"] = _("Choose the provider")
        timetable = self.fields["reduced_timetable"]
        timetables = self.pupil.reduced_timetables.order_by("-start")
        if timetables.exists():
            timetable.queryset = timetables
            timetable.label = _("Part of a reduced timetable (if it is)")
            timetable.empty_label = _("No, a placement on its own")
        else:
            del self.fields["reduced_timetable"]
        staff = self.fields["monitoring_staff"]
        staff.queryset = school_staff(school).order_by("full_name")
        staff.label = _("Named member of staff monitoring the placement")
        staff.help_text = _("They monitor attendance and outcomes and record the attendance.")
        staff.error_messages["required"] = _("Choose the member of staff monitoring it")
        self.fields["start"].error_messages["required"] = _("Enter the start date")
        self.fields["end"].error_messages["required"] = _("Enter the end date")
        self.fields["end"].help_text = _("The planned last day. For example, 17 7 2027")
        for name in TIME_FIELDS:
            label = self.fields[name].label
            self.fields[name] = GovukTimeField(label=label, required=False)
        self.fields["monday_from"].help_text = _(
            "Times like 9:00 or 1:30pm. Leave both empty on a day the pupil is not there."
        )
        self.fields["rationale"].label = _("Why this provision meets the pupil's needs")
        self.fields["consultation"].label = _("Who was consulted and their views")
        self.fields["objectives"].label = _("Objectives and next steps")

    def layout_fields(self):
        out = []
        days = []
        for name, field in self.fields.items():
            if name in TIME_FIELDS:
                days.append(Field.text(name, label_size=Size.SMALL, field_width=5))
                continue
            if name == "rationale":
                out.append(
                    Fieldset(
                        *days,
                        legend=_("Days and hours at the provider"),
                        legend_size=Size.MEDIUM,
                    )
                )
            out.append(_layout_field(name, field))
        return out

    def clean(self):
        cleaned = super().clean()
        for day, label in AP_WEEKDAYS:
            start, until = cleaned.get(f"{day}_from"), cleaned.get(f"{day}_to")
            if bool(start) != bool(until):
                missing = f"{day}_to" if start else f"{day}_from"
                self.add_error(missing, _("Enter both times for %(day)s") % {"day": label})
            elif start and until and until <= start:
                self.add_error(
                    f"{day}_to",
                    _("The time until must be after the time from on %(day)s") % {"day": label},
                )
        begin, end = cleaned.get("start"), cleaned.get("end")
        if begin and end and end < begin:
            self.add_error("end", _("The end date must be on or after the start date"))
        return cleaned


class EndPlacementForm(GovukForm):
    submit_label = _("Record the end of the placement")

    ended_on = GovukDateField(label=_("Last day at the provider"))
    outcome = forms.CharField(
        label=_("Outcome and next steps"),
        help_text=_(
            "For example, a return to mainstream lessons, further education, training or "
            "employment (004)."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Enter the outcome and the next steps")},
    )

    def adjust_fields(self):
        self.fields["ended_on"].error_messages["required"] = _("Enter the last day at the provider")


SHORT_CODES = {
    PRESENT_AT_PROVIDER: _("B Attended the provider"),
    "I": _("I Illness"),
    "M": _("M Medical appointment"),
    "E": _("E Suspended or excluded"),
    "C": _("C Authorised absence"),
    "O": _("O Unauthorised absence"),
    "N": _("N No reason yet"),
    "G": _("G Holiday not agreed"),
    "X": _("X Not required to attend"),
}


class ApAttendanceWeekForm(GovukForm):
    """One week at the provider: a code and a note for each day that can be recorded."""

    submit_label = _("Save the week's attendance")

    def __init__(self, *args, rows, **kwargs):
        self.rows = rows
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        for row in self.rows:
            if row["blocked"]:
                continue
            iso = row["day"].isoformat()
            mark = row["mark"]
            self.fields[f"{iso}-code"] = forms.ChoiceField(
                label=_("Code for %(day)s") % {"day": day_text(row["day"])},
                choices=[(c, SHORT_CODES.get(c, label)) for c, label in AP_CODE_CHOICES],
                initial=mark.code if mark else PRESENT_AT_PROVIDER,
                error_messages={"invalid_choice": _("Choose a code from the list")},
            )
            self.fields[f"{iso}-note"] = forms.CharField(
                label=_("Note for %(day)s") % {"day": day_text(row["day"])},
                max_length=200,
                required=False,
                initial=mark.note if mark else "",
            )

    def cells(self):
        """Each row with its bound code and note fields (None where it cannot be recorded)."""
        for row in self.rows:
            iso = row["day"].isoformat()
            if row["blocked"]:
                yield row, None, None
            else:
                yield row, self[f"{iso}-code"], self[f"{iso}-note"]

    def marks(self) -> dict:
        """day → (code, note) for every day posted with a code."""
        out = {}
        for row in self.rows:
            iso = row["day"].isoformat()
            code = self.cleaned_data.get(f"{iso}-code")
            if code:
                out[row["day"]] = (code, self.cleaned_data.get(f"{iso}-note", "").strip())
        return out
