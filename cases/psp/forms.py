"""Forms of the Pastoral Support Programme's own pages: starting it, one per stage and the
Initial Meeting form, and what the PSP's other forms share. The outcomes, agreements and
signatures are in meeting_forms.py, the reviews and check-ins in review_forms.py, the LA's list
in la_forms.py. Sources are on the model fields (cases/psp/models/).
"""

from crispy_forms.layout import HTML
from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

import access
from cases.psp.models.programme import PastoralSupportProgramme
from reviews import rules
from ui.forms import GovukForm, GovukModelForm


def section_heading(text, hint=""):
    if hint:
        return HTML(
            format_html(
                '<h2 class="govuk-heading-m">{}</h2><p class="govuk-body">{}</p>', text, hint
            )
        )
    return HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', text))


def not_future(value, what):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("%(what)s must be today or in the past") % {"what": what})
    return value


class FieldValues:
    """What a service takes from a model form: the cleaned values of its model's fields (all of
    them, or only those that changed)."""

    def field_values(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}

    def changed_values(self) -> dict[str, object]:
        fields = set(self._meta.fields)
        return {name: self.cleaned_data[name] for name in self.changed_data if name in fields}


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}{f', {obj.job_title}' if obj.job_title else ''}"


class GroupedModelForm(FieldValues, GovukModelForm):
    """A model form laid out in parts, each under its own heading: GROUPS is (title, hint,
    number of fields) in field order."""

    GROUPS: tuple = ()

    def layout_fields(self):
        fields = super().layout_fields()
        if not self.GROUPS:
            return fields
        out, start = [], 0
        for title, hint, count in self.GROUPS:
            out.append(section_heading(title, hint))
            out.extend(fields[start : start + count])
            start += count
        out.extend(fields[start:])
        return out


class PspOpenForm(GovukForm):
    submit_label = _("Start the PSP")

    school_lead = StaffChoice(
        label=_("PSP school lead"),
        queryset=None,
        help_text=_("A senior member of staff, or the SENCo or ALNCo, who oversees the PSP (004)."),
        error_messages={"required": _("Choose the PSP school lead")},
    )

    def __init__(self, *args, school, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        self.fields["school_lead"].queryset = access.psp_staff_for(self.school)


class DecidingForm(GroupedModelForm):
    """Stage one (004): the graduated response, any plan for the child's needs, and the LA's
    service told of a risk of permanent exclusion (Neath Port Talbot's Wellbeing and Behaviour
    Service)."""

    class Meta(GovukModelForm.Meta):
        model = PastoralSupportProgramme
        fields = [
            "school_lead",
            "graduated_response",
            "has_aln",
            "idp_in_place",
            "idp_reviewed",
            "idp_sudden_change",
            "alnco_informed_on",
            "risk_of_permanent_exclusion",
            "wbs_informed_on",
            "wbs_contact",
        ]

    GROUPS = (
        (_("Who leads it"), "", 1),
        (
            _("The graduated response"),
            _(
                "The child's needs should already have been assessed and a graduated response "
                "adopted, drawing on the school's own expertise and external support."
            ),
            1,
        ),
        # Then needs and the risk of exclusion, in the nation's and the LA's words
        # (adjust_fields).
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["school_lead"]
        field.queryset = access.psp_staff_for(self.instance.school)
        field.label_from_instance = StaffChoice.label_from_instance.__get__(field)

    def adjust_fields(self):
        """004's stage one in the words of the school's nation, and the LA's own service (its
        setting) only where it names one."""
        super().adjust_fields()
        law, service = self.instance.law, self.instance.behaviour_service
        words = {"needs": law.needs, "plan": law.any_plan_long, "lead": law.needs_lead}
        labels = {
            "has_aln": _("The child has %(needs)s") % words,  # 004: ALN; England: SEND
            "idp_in_place": _("At least one plan (%(plan)s) has been developed") % words,
            "idp_reviewed": _("The plan has been reviewed"),
            "idp_sudden_change": _(
                "If there is no plan: the sudden change in circumstances and need"
            ),
            "alnco_informed_on": _("Date the %(lead)s was made aware") % words,
            "wbs_informed_on": _("Date the %(service)s was made aware") % {"service": service},
            "wbs_contact": _("Who at the %(service)s") % {"service": service},
        }
        for name, label in labels.items():
            self.fields[name].label = label
        needs = (
            law.needs_long.capitalize(),
            _(
                "A child with %(needs)s should have %(plan)s, developed and if possible "
                "reviewed, unless there has been a sudden change in circumstances and need. "
                "The %(lead)s should be made aware of every PSP."
            )
            % words,
            5,
        )
        risk = (_("Risk of permanent exclusion"), "", 1)
        if service:
            hint = _(
                "If the PSP is because the child is at risk of permanent exclusion, the "
                "%(service)s should be made aware."
            )
            risk = (risk[0], hint % {"service": service}, 3)
        else:
            del self.fields["wbs_informed_on"], self.fields["wbs_contact"]
        self.GROUPS = (*self.GROUPS, needs, risk)

    def clean_alnco_informed_on(self):
        return not_future(self.cleaned_data.get("alnco_informed_on"), _("The date"))

    def clean_wbs_informed_on(self):
        return not_future(self.cleaned_data.get("wbs_informed_on"), _("The date"))


class InformationForm(GroupedModelForm):
    """Stage two (004): the five kinds of information, and the EWO where attendance is an issue
    or there is a reduced timetable."""

    class Meta(GovukModelForm.Meta):
        model = PastoralSupportProgramme
        fields = [
            "evidence_staff",
            "child_contribution",
            "parent_contribution",
            "previous_interventions",
            "agency_support",
            "attendance_concern",
            "attendance_percent",
            "ewo_name",
            "ewo_involved_on",
        ]

    GROUPS = (
        (
            _("What to collate before the meeting"),
            _(
                "A member of staff with a good relationship with the child works with them so "
                "that their voice is evident: their views, strengths and solutions."
            ),
            5,
        ),
        (
            _("Attendance and the Education Welfare Officer"),
            _(
                "The Education Welfare Officer must be involved when attendance is an issue "
                "(below 90%) or there is a reduced timetable."
            ),
            4,
        ),
    )

    def clean_ewo_involved_on(self):
        return not_future(self.cleaned_data.get("ewo_involved_on"), _("The date"))


class OrganisingForm(FieldValues, GovukModelForm):
    """Stage three (004): a meeting with notice, a comfortable room, the adult the child chose."""

    class Meta(GovukModelForm.Meta):
        model = PastoralSupportProgramme
        fields = ["meeting_on", "meeting_time", "venue", "invited", "child_chosen_adult"]

    def adjust_fields(self):
        time = self.fields["meeting_time"]
        time.widget = forms.TextInput(attrs={"class": "govuk-input--width-5"})
        time.help_text = _("For example, 9:30 or 14:00")
        time.error_messages["invalid"] = _("Enter a time like 9:30 or 14:00")
        self.fields["invited"].help_text = _(
            "Give all relevant professionals enough notice to attend: the parents or carers, "
            "the child where appropriate, and the agencies involved."
        )


class MeetingForm(GroupedModelForm):
    """The PSP Initial Meeting form (004): the child's details, then what the meeting decides.
    The outcomes and agreements have their own pages."""

    class Meta(GovukModelForm.Meta):
        model = PastoralSupportProgramme
        fields = [
            "upn",
            "fsm",
            "cla",
            "school_idp",
            "la_idp",
            "aln_need",
            "attendance_percent",
            "exclusions_count",
            "days_excluded",
            "meeting_on",
            "attendees",
            "reason",
            "previous_strategies",
            "what_is_working",
            "school_agrees",
            "key_adult",
        ]

    GROUPS = (
        (
            _("The child's details"),
            _(
                "Filled in from the Pupil Passport where it records them. Correct anything "
                "that is out of date."
            ),
            9,
        ),
        (_("The meeting"), "", 5),
        (_("What the school agrees to"), "", 1),
        (
            _("Weekly check-ins"),
            _(
                "A member of staff with whom the child has a good relationship meets them weekly "
                "to review progress, in a solution-focused way."
            ),
            1,
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["key_adult"]
        field.queryset = access.psp_staff_for(self.instance.school, roles=access.PSP_SCHOOL_READERS)
        field.label_from_instance = StaffChoice.label_from_instance.__get__(field)
        self.fields["upn"].widget.attrs["spellcheck"] = "false"

    def clean_meeting_on(self):
        return not_future(self.cleaned_data.get("meeting_on"), _("The date of the meeting"))

    def clean_upn(self):
        value = (self.cleaned_data.get("upn") or "").strip().upper()
        if value and not rules.is_valid_upn(value):
            raise forms.ValidationError(
                _("Enter a real UPN: 13 characters, a letter then 12 more, like A885410120100")
            )
        return value
