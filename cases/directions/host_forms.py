"""Forms for the host's side of a direction: a week's register, a contact, a host suspension.

Sources: 003_db4daf6c9cf2ba51.txt ("Attendance Coding"; the host suspending);
002_decd2720d6352690.txt (contact between schools).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.directions.guards import MAX_SUSPENSION_DAYS
from cases.directions.host_models import AttendanceMark, ContactEntry
from ui.forms import GovukDateField, GovukForm, GovukModelForm

SESSIONS = AttendanceMark.Session
# The DfE codes as the register's select shows them: short enough for five days on one screen.
SHORT_CODES = {
    "/": _("/ Present"),
    "L": _("L Late, before close"),
    "U": _("U Late, after close"),
    "K": _("K LA-arranged provision"),
    "I": _("I Illness"),
    "M": _("M Medical appointment"),
    "E": _("E Suspended"),
    "C": _("C Authorised absence"),
    "O": _("O Unauthorised absence"),
    "N": _("N No reason yet"),
    "G": _("G Holiday not agreed"),
    "X": _("X Not required to attend"),
}


def _weekday(day: datetime.date) -> str:
    """Monday 2 November: a day of the week on screen, where the year goes without saying."""
    return date_format(day, "l j F")


class AttendanceWeekForm(GovukForm):
    """One week of the host's register: a code per session and a note per day.

    The page shows a select only for the sessions that can be recorded; any other session that
    is posted is passed on, and the service says why it cannot be recorded.
    """

    submit_label = _("Save the week's attendance")

    def __init__(self, *args, rows, **kwargs):
        self.rows = rows
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        for row in self.rows:
            iso = row.day.isoformat()
            for session in SESSIONS.values:
                self.fields[f"{iso}-{session}"] = forms.ChoiceField(
                    label=_("%(day)s, %(session)s")
                    % {"day": _weekday(row.day), "session": SESSIONS(session).label.lower()},
                    choices=[
                        (c, SHORT_CODES.get(c, label)) for c, label in AttendanceMark.Code.choices
                    ],
                    required=False,
                    initial=row.defaults.get(session, AttendanceMark.Code.PRESENT),
                    error_messages={"invalid_choice": _("Choose a code from the list")},
                )
            self.fields[f"{iso}-note"] = forms.CharField(
                label=_("Note for %(day)s") % {"day": _weekday(row.day)},
                max_length=200,
                required=False,
            )
            if row.note:
                self.fields[f"{iso}-note"].initial = row.note

    def cells(self):
        """Each row with its bound fields, for the table."""
        for row in self.rows:
            iso = row.day.isoformat()
            yield (
                row,
                [
                    (session, self[f"{iso}-{session}"], mark, reason)
                    for session, mark, reason in row.cells()
                ],
                self[f"{iso}-note"],
            )

    def marks(self) -> dict:
        """(day, session) → (code, note) for every session posted with a code."""
        out = {}
        for row in self.rows:
            iso = row.day.isoformat()
            note = self.cleaned_data.get(f"{iso}-note", "").strip()
            for session in SESSIONS.values:
                code = self.cleaned_data.get(f"{iso}-{session}")
                if code:
                    out[(row.day, session)] = (code, note)
        return out


class NarrowInputs:
    """Times and numbers of days in a 5-character box: GOV.UK sizes inputs to the answer."""

    narrow = ("at", "days")

    def layout_fields(self):
        return [
            Field.text(name, label_size=Size.SMALL, field_width=5) if name in self.narrow else item
            for name, item in zip(self.fields, super().layout_fields(), strict=True)
        ]


_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*(am|pm)?\s*$", re.IGNORECASE)


class ContactForm(NarrowInputs, GovukModelForm):
    """A contact: when (a date and a time), between whom, who, how and what."""

    submit_label = _("Add to the contact log")

    class Meta(GovukModelForm.Meta):
        model = ContactEntry
        fields = ["between", "who", "how", "what"]

    def adjust_fields(self):
        fields = dict(self.fields)
        self.fields.clear()
        self.fields["on"] = GovukDateField(label=_("Date of the contact"))
        self.fields["at"] = forms.CharField(
            label=_("Time"),
            help_text=_("For example, 9:30 or 14:15"),
            max_length=8,
            error_messages={"required": _("Enter the time of the contact")},
        )
        self.fields.update(fields)
        self.fields["between"].label = _("Who was the contact between?")
        self.fields["between"].error_messages["required"] = _("Choose who the contact was between")
        self.fields["how"].label = _("How was the contact made?")
        self.fields["how"].error_messages["required"] = _("Choose how the contact was made")
        self.fields["who"].help_text = _(
            "For example, Ms Begum (host head of year) and Mr Bradley."
        )
        self.fields["what"].help_text = _("What was said or agreed, and anything to follow up.")

    def clean_at(self):
        match = _TIME.match(self.cleaned_data.get("at", ""))
        if not match:
            raise forms.ValidationError(_("Enter a time like 9:30 or 14:15"))
        hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
        if half == "pm" and hour < 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            raise forms.ValidationError(_("Enter a time like 9:30 or 14:15"))
        return datetime.time(hour, minute)

    def clean(self):
        """The date and the time make `when`, the moment the service records."""
        cleaned = super().clean()
        on, at = cleaned.get("on"), cleaned.get("at")
        if on and at:
            when = timezone.make_aware(datetime.datetime.combine(on, at))
            if when > timezone.now():
                self.add_error("on", _("The contact cannot be in the future"))
            else:
                cleaned["when"] = when
        return cleaned


class HostSuspensionForm(NarrowInputs, GovukForm):
    """003: the host tells the home school at once and an emergency review is held."""

    submit_label = _("Record the suspension and tell the home school")

    start_date = GovukDateField(label=_("First day of the suspension"))
    days = forms.CharField(
        label=_("Number of days"),
        help_text=_("Half days as .5, for example 1.5."),
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"required": _("Enter the number of days")},
    )
    reason = forms.CharField(
        label=_("Reason for the suspension"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Enter the reason for the suspension")},
    )
    review_on = GovukDateField(
        label=_("Date proposed for the emergency review"),
        help_text=_("The next school day unless you propose another. It goes in the diary."),
    )

    def clean_days(self):
        try:
            days = Decimal(self.cleaned_data["days"].strip())
        except InvalidOperation:
            raise forms.ValidationError(
                _("Enter the number of days as a number, like 2 or 1.5")
            ) from None
        if not days.is_finite() or days <= 0:
            raise forms.ValidationError(_("Enter whole or half days, like 2 or 1.5"))
        if days > MAX_SUSPENSION_DAYS:
            return days  # the service explains the limit
        if days % Decimal("0.5"):
            raise forms.ValidationError(_("Enter whole or half days, like 2 or 1.5"))
        return days
