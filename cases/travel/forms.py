"""The Home to School Travel Assistance change form (004_f815cbfe89cfcc2a.txt), as a page."""

import datetime

from crispy_forms_gds.layout import HTML, Fieldset, Size
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.travel.models import WEEKDAYS, TravelAssistanceRequest
from cases.travel.services import REQUEST_FIELDS
from documents.rendering import format_time
from ui.forms import GovukModelForm

TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
SCHOOL_FIELDS = [
    "requester_name",
    "requester_position",
    "requester_email",
    "requester_phone",
    "requester_signature",
    "requester_signed_on",
]
PUPIL_FIELDS = [
    "pupil_name",
    "pupil_date_of_birth",
    "pupil_address",
    "change_start",
    "change_end",
    "requested_change",
]
GRID_FIELDS = [f"{day}_{when}" for day, _label in WEEKDAYS for when in ("arrival", "departure")]
SERVICE_FIELDS = [
    "sanctioner_name",
    "sanctioner_service",
    "sanctioner_position",
    "sanctioner_email",
    "sanctioner_phone",
    "sanction_reason",
    "sanctioner_signature",
    "sanctioned_on",
]


class GovukTimeField(forms.TimeField):
    """A time typed as 10:30 or 10.30, shown back as 10:30 (Django would show 10:30:00)."""

    def prepare_value(self, value):
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        return super().prepare_value(value)


class TravelRequestForm(GovukModelForm):
    """Every field of the form, in its order, with the weekday grid as one fieldset per day."""

    submit_label = _("Save the request")

    class Meta(GovukModelForm.Meta):
        model = TravelAssistanceRequest
        fields = list(REQUEST_FIELDS)

    def adjust_fields(self):
        entitlement = self.fields["entitlement_confirmed"]
        entitlement.required = True
        entitlement.label = _(
            "The pupil has completed the online application for home to school travel "
            "assistance and has received confirmation of an entitlement to it"
        )
        entitlement.error_messages["required"] = _(
            "Confirm the pupil has a confirmed entitlement to home to school travel assistance. "
            "This form only changes current travel assistance: without an entitlement the "
            "family must first apply online."
        )
        self.fields["requester_phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["requester_email"].widget.attrs["autocomplete"] = "email"
        self.fields["requester_signed_on"].help_text = _(
            "Leave it empty to date the printed form by hand. For example, 27 3 2027"
        )
        self.fields["pupil_date_of_birth"].help_text = _(
            "From the Pupil Passport. For example, 17 5 2013"
        )
        self.fields["pupil_name"].help_text = _("From the Pupil Passport: change it if needed.")
        self.fields["pupil_address"].help_text = _(
            "From the Pupil Passport: change it if the pupil travels from another address."
        )
        for day, label in WEEKDAYS:
            for when, what in (
                ("arrival", _("time of arrival")),
                ("departure", _("time of departure")),
            ):
                name = f"{day}_{when}"
                self.fields[name] = GovukTimeField(
                    label=_("Time of arrival") if when == "arrival" else _("Time of departure"),
                    required=False,
                    input_formats=TIME_FORMATS,
                    widget=forms.TextInput(
                        attrs={"class": "govuk-input--width-5", "spellcheck": "false"}
                    ),
                    error_messages={
                        "invalid": _("Enter the %(day)s %(what)s as a time like 8:45 or 15:10")
                        % {"day": label, "what": what}
                    },
                    initial=self.initial.get(name),
                )
        for name, message in (
            ("pupil_date_of_birth", _("Enter the pupil's date of birth")),
            ("change_start", _("Enter the proposed start date of the requested change")),
            ("change_end", _("Enter the proposed end date of the requested change")),
            ("requested_change", _("Enter the requested change, with full details")),
            ("reason", _("Enter the reason for the request, with full details")),
        ):
            self.fields[name].error_messages["required"] = message
        self.fields["sanction_reason"].label = _(
            "Reason for sanctioning the request (please provide full details)"
        )

    def layout_fields(self):
        by_name = dict(zip(self.fields, super().layout_fields(), strict=True))

        def heading(text, hint=""):
            html = format_html('<h2 class="govuk-heading-m">{}</h2>', text)
            if hint:
                html += format_html('<p class="govuk-body">{}</p>', hint)
            return HTML(html)

        days = [
            Fieldset(
                by_name[f"{day}_arrival"],
                by_name[f"{day}_departure"],
                legend=str(label),
                legend_size=Size.SMALL,
            )
            for day, label in WEEKDAYS
        ]
        return [
            heading(
                _("Entitlement"),
                _(
                    "This form should only be completed if the pupil has completed the home to "
                    "school travel assistance online application process and has received "
                    "confirmation of an entitlement to travel assistance."
                ),
            ),
            by_name["entitlement_confirmed"],
            heading(_("The person requesting the change")),
            *(by_name[name] for name in SCHOOL_FIELDS),
            heading(_("The pupil and the change")),
            *(by_name[name] for name in PUPIL_FIELDS),
            heading(
                _("Times of arrival and departure"),
                _(
                    "The times the pupil needs transport to arrive at school and to leave it, "
                    "for example 10:30 or 14:15. Leave a time empty if no transport is needed "
                    "then: the form says “Not needed”."
                ),
            ),
            *days,
            by_name["reason"],
            heading(
                _("For the service that sanctions the change"),
                _(
                    "The relevant Additional Learning Needs, SEND, Pupil Wellbeing or Health "
                    "service completes this part. Fill it in only if they have already "
                    "sanctioned the change; otherwise the form leaves lines for them."
                ),
            ),
            *(by_name[name] for name in SERVICE_FIELDS),
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("change_start"), cleaned.get("change_end")
        if start and end and end < start:
            self.add_error(
                "change_end",
                _("The proposed end date must be on or after the proposed start date"),
            )
        for day, label in WEEKDAYS:
            arrival, departure = cleaned.get(f"{day}_arrival"), cleaned.get(f"{day}_departure")
            if arrival and departure and departure <= arrival:
                self.add_error(
                    f"{day}_departure",
                    _(
                        "On %(day)s the time of departure must be after the time of arrival "
                        "(%(arrival)s)"
                    )
                    % {"day": label, "arrival": format_time(arrival)},
                )
        return cleaned
