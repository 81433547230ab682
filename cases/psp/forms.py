"""Forms of the Pastoral Support Programme: one per stage, the Initial Meeting form, outcomes
written with the Outcome and Support Sequences, agreements, signatures, reviews, check-ins and
the LA's monitoring and list filters. Sources are on the model fields (cases/psp/models.py).
"""

import django_filters
from crispy_forms.layout import HTML
from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

import access
from cases.models import (
    PastoralSupportProgramme,
    PspAgreement,
    PspCheckIn,
    PspMonitoring,
    PspOutcome,
    PspProgress,
    PspReview,
)
from reviews import rules
from ui.forms import GovukDateField, GovukForm, GovukModelForm

Stage = PastoralSupportProgramme.Stage


def _heading(text, hint=""):
    if hint:
        return HTML(
            format_html(
                '<h2 class="govuk-heading-m">{}</h2><p class="govuk-body">{}</p>', text, hint
            )
        )
    return HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', text))


def _not_future(value, what):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("%(what)s must be today or in the past") % {"what": what})
    return value


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}{f', {obj.job_title}' if obj.job_title else ''}"


class GroupedModelForm(GovukModelForm):
    """A model form laid out in parts, each under its own heading: GROUPS is (title, hint,
    number of fields) in field order."""

    GROUPS: tuple = ()

    def layout_fields(self):
        fields = super().layout_fields()
        if not self.GROUPS:
            return fields
        out, start = [], 0
        for title, hint, count in self.GROUPS:
            out.append(_heading(title, hint))
            out.extend(fields[start : start + count])
            start += count
        out.extend(fields[start:])
        return out


class PspOpenForm(GovukForm):
    submit_label = _("Start the PSP")

    school_lead = StaffChoice(
        label=_("PSP school lead"),
        queryset=None,
        help_text=_("A senior member of staff, or the ALNCo, who oversees the PSP (004)."),
        error_messages={"required": _("Choose the PSP school lead")},
    )

    def __init__(self, *args, school, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        self.fields["school_lead"].queryset = access.psp_staff_for(self.school)


class DecidingForm(GroupedModelForm):
    """Stage one (004): the graduated response, any IDP, the Wellbeing and Behaviour Service."""

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
        (
            _("Additional learning needs"),
            _(
                "A child with ALN should have at least one developed (and if possible reviewed) "
                "Individual Development Plan, unless there has been a sudden change in "
                "circumstances and need. The ALNCo should be made aware of every PSP."
            ),
            5,
        ),
        (
            _("Risk of permanent exclusion"),
            _(
                "If the PSP is because the child is at risk of permanent exclusion, the "
                "Wellbeing and Behaviour Service should be made aware."
            ),
            3,
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["school_lead"]
        field.queryset = access.psp_staff_for(self.instance.school)
        field.label_from_instance = StaffChoice.label_from_instance.__get__(field)

    def clean_alnco_informed_on(self):
        return _not_future(self.cleaned_data.get("alnco_informed_on"), _("The date"))

    def clean_wbs_informed_on(self):
        return _not_future(self.cleaned_data.get("wbs_informed_on"), _("The date"))


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
        return _not_future(self.cleaned_data.get("ewo_involved_on"), _("The date"))


class OrganisingForm(GovukModelForm):
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
        return _not_future(self.cleaned_data.get("meeting_on"), _("The date of the meeting"))

    def clean_upn(self):
        value = (self.cleaned_data.get("upn") or "").strip().upper()
        if value and not rules.is_valid_upn(value):
            raise forms.ValidationError(
                _("Enter a real UPN: 13 characters, a letter then 12 more, like A885410120100")
            )
        return value


class OutcomeForm(GroupedModelForm):
    """One outcome, written as the workbook does: the Outcome Sequence's five steps, then the
    Support Sequence's seven."""

    submit_label = _("Save the outcome")

    class Meta(GovukModelForm.Meta):
        model = PspOutcome
        fields = [
            "what_matters",
            "working",
            "not_working",
            "positive_change",
            "outcome",
            "starting_point",
            *(name for name, _label in PspOutcome.CHECKS),
            "tried_already",
            *(name for name, _label in PspOutcome.SUPPORTS),
            "child_involved",
        ]

    GROUPS = (
        (
            _("Step 1: what matters"),
            _("Discover it with the child and their family, in the child's own words."),
            1,
        ),
        (
            _("Step 2: what is working and not working now?"),
            _("From the child's point of view."),
            2,
        ),
        (
            _("Step 3: the positive change"),
            _(
                "Either changing what is not working, or moving towards an aspiration. An "
                "outcome describes what the child wants to change or achieve, not how."
            ),
            1,
        ),
        (
            _("Step 4: make it into a specific outcome"),
            _("Personal, specific and measurable: SMART and solution focused."),
            2,
        ),
        (
            _("Step 5: now check it"),
            _("Tick each question you can answer yes. All eight are needed before signing."),
            len(PspOutcome.CHECKS),
        ),
        (
            _("The Support Sequence: how will the outcome be achieved?"),
            _(
                "Start with what the child has tried already and their own ideas, then explore "
                "every resource, in this order."
            ),
            1 + len(PspOutcome.SUPPORTS),
        ),
        (_("Involving the child"), "", 1),
    )

    SUPPORT_HINTS = {
        "support_yourself": _(
            "How can the child build on their strengths and qualities? What else could they do "
            "to improve their knowledge, skills or confidence?"
        ),
        "support_technology": _("Are there any apps or technology that could help?"),
        "support_equipment": _(
            "Are there products or equipment, or physical changes at home or school, that "
            "could help?"
        ),
        "support_family": _("Is there anything family, friends or neighbours could help with?"),
        "support_community": _(
            "Are there places, groups or events in the community (or online) that could help?"
        ),
        "support_services": _("What could the school do to help? What is in the local offer?"),
        "support_specialist": _("Could additional specialist support help?"),
    }

    def adjust_fields(self):
        for name, hint in self.SUPPORT_HINTS.items():
            self.fields[name].help_text = hint
            self.fields[name].widget.attrs["rows"] = 2
        self.fields["outcome"].error_messages["required"] = _("Write the specific outcome")
        self.fields["positive_change"].error_messages["required"] = _(
            "Write the positive change the child wants to see"
        )


class AgreementForm(GovukModelForm):
    submit_label = _("Save the agreement")

    class Meta(GovukModelForm.Meta):
        model = PspAgreement
        fields = ["party", "name", "agency", "agrees_to"]

    def adjust_fields(self):
        self.fields["party"].label = _("Who agrees")
        self.fields["agency"].help_text = _("For a professional, for example Careers Wales.")
        self.fields["agrees_to"].help_text = _(
            "For the family: how they can help achieve the outcomes."
        )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("party") == PspAgreement.Party.PROFESSIONAL
            and not (cleaned.get("agency") or "").strip()
        ):
            self.add_error("agency", _("Enter the professional's agency"))
        return cleaned

    def validate_constraints(self, exclude=None):
        """The agency rule is explained beside the field in clean()."""


class SignForm(GovukForm):
    """The signatures of the Initial Meeting form, and its review date."""

    submit_label = _("Record the signatures and send the copy to the LA")

    signed_child_on = GovukDateField(
        label=_("Date signed by the child (optional)"),
        required=False,
        help_text=_("Leave empty if the child did not sign."),
    )
    signed_school_by = forms.CharField(
        label=_("Signed for the school by"),
        max_length=150,
        error_messages={"required": _("Enter who signed for the school")},
    )
    signed_school_on = GovukDateField(label=_("Date signed by the school"))
    signed_parent_name = forms.CharField(
        label=_("Signed by the parent or carer (name)"),
        max_length=150,
        error_messages={"required": _("Enter the name of the parent or carer who signed")},
    )
    signed_parent_on = GovukDateField(label=_("Date signed by the parent or carer"))
    first_review_on = GovukDateField(label=_("Review date"))

    def __init__(self, *args, psp, **kwargs):
        self.psp = psp
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        la = self.psp.school.local_authority
        self.fields["first_review_on"].help_text = _(
            "The first review, set by the school: reviews are more frequent at first "
            "(suggested: %(first)s weeks after the meeting) and at least every %(max)s weeks."
        ) % {"first": la.psp_first_review_weeks, "max": la.psp_review_weeks}

    def clean_signed_child_on(self):
        return _not_future(self.cleaned_data.get("signed_child_on"), _("The date"))


class ProgressMixin:
    """One progress question per outcome of the PSP, after the form's own fields."""

    def __init__(self, *args, outcomes, **kwargs):
        self.outcomes = list(outcomes)
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        super().adjust_fields()
        for outcome in self.outcomes:
            self.fields[f"progress_{outcome.pk}"] = forms.ChoiceField(
                label=_("Outcome %(n)s: %(text)s") % {"n": outcome.number, "text": outcome.outcome},
                choices=PspProgress.Rating.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose the progress towards outcome %(n)s")
                    % {"n": outcome.number}
                },
            )
            self.fields[f"note_{outcome.pk}"] = forms.CharField(
                label=_("Note on outcome %(n)s (optional)") % {"n": outcome.number},
                max_length=300,
                required=False,
            )

    def layout_fields(self):
        fields = super().layout_fields()
        count = 2 * len(self.outcomes)
        if not count:
            return fields
        own, progress = fields[:-count], fields[-count:]
        return [*own, _heading(_("Progress towards each outcome")), *progress]

    def ratings(self) -> dict:
        return {
            o.pk: (self.cleaned_data[f"progress_{o.pk}"], self.cleaned_data[f"note_{o.pk}"])
            for o in self.outcomes
        }


class ReviewForm(ProgressMixin, GovukModelForm):
    submit_label = _("Record the review")

    class Meta(GovukModelForm.Meta):
        model = PspReview
        fields = [
            "held_on",
            "attendees",
            "working",
            "not_working",
            "child_views",
            "parents_views",
            "outcome",
            "changes",
            "next_steps",
            "next_review_on",
        ]

    def __init__(self, *args, psp, **kwargs):
        self.psp = psp
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        super().adjust_fields()
        self.fields["outcome"].error_messages["required"] = _("Choose the outcome of the review")
        self.fields["next_review_on"].help_text = _(
            "At least every %(weeks)s weeks, and more often at first. Leave empty if the PSP "
            "ceases."
        ) % {"weeks": self.psp.school.local_authority.psp_review_weeks}
        self.fields["changes"].help_text = _(
            "If the PSP is adapted or amended: what changes. Change the outcomes on the PSP page."
        )

    def clean_held_on(self):
        return _not_future(self.cleaned_data.get("held_on"), _("The date of the review"))

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if outcome == PspReview.Outcome.ADAPT and not (cleaned.get("changes") or "").strip():
            self.add_error("changes", _("Say how the PSP is adapted or amended"))
        if outcome == PspReview.Outcome.NEXT_STEPS and not (
            (cleaned.get("next_steps") or "").strip()
        ):
            self.add_error("next_steps", _("Say what next steps were agreed"))
        if outcome and outcome != PspReview.Outcome.CEASE and not cleaned.get("next_review_on"):
            self.add_error("next_review_on", _("Set the date of the next review"))
        held, following = cleaned.get("held_on"), cleaned.get("next_review_on")
        if held and following and outcome != PspReview.Outcome.CEASE:
            max_weeks = self.psp.school.local_authority.psp_review_weeks
            problem = rules.psp_review_date_problem(held, following, max_weeks)
            if problem == "early":
                self.add_error("next_review_on", _("The next review must be after this one"))
            elif problem == "late":
                self.add_error(
                    "next_review_on",
                    _("The next review must be no more than %(weeks)s weeks after this one")
                    % {"weeks": max_weeks},
                )
        return cleaned

    def validate_constraints(self, exclude=None):
        """The next review's rules are explained beside the field in clean()."""


class CheckInForm(ProgressMixin, GovukModelForm):
    submit_label = _("Record the check-in")

    class Meta(GovukModelForm.Meta):
        model = PspCheckIn
        fields = ["held_on", "working", "not_working", "next_step"]

    def clean_held_on(self):
        return _not_future(self.cleaned_data.get("held_on"), _("The date of the check-in"))


class MonitoringForm(GovukModelForm):
    submit_label = _("Record it")

    class Meta(GovukModelForm.Meta):
        model = PspMonitoring
        fields = ["considered_on", "notes"]

    def clean_considered_on(self):
        return _not_future(self.cleaned_data.get("considered_on"), _("The date"))


# The LA's list -----------------------------------------------------------------------------


def stage_choices():
    return [("open", _("Any open PSP")), *PastoralSupportProgramme.Stage.choices]


class LaPspFilter(django_filters.FilterSet):
    """The monitoring group's filters: school, stage, due for this term's group, overdue."""

    school = django_filters.ChoiceFilter(
        label=_("School"), field_name="school_id", empty_label=_("Any school")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), method="filter_stage", empty_label=_("Any stage"), choices=stage_choices()
    )
    monitoring = django_filters.BooleanFilter(
        label=_("Only those due for this term's monitoring group"),
        method="filter_monitoring",
        widget=forms.CheckboxInput,
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only those with an overdue review or check-in"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = PastoralSupportProgramme
        fields = ["school", "stage", "monitoring", "overdue"]

    def __init__(self, *args, schools, term_start, **kwargs):
        self.term_start = term_start
        super().__init__(*args, **kwargs)
        self.filters["school"].extra["choices"] = [(str(s.pk), s.name) for s in schools]

    def filter_stage(self, queryset, name, value):
        if value == "open":
            return queryset.exclude(stage=Stage.CEASED)
        return queryset.filter(stage=value)

    def filter_monitoring(self, queryset, name, value):
        """reviews.rules.psp_due_for_monitoring, in the database: agreed and open, and not
        considered since this term began."""
        from django.db.models import Exists, OuterRef

        if not value:
            return queryset
        considered = PspMonitoring.objects.filter(psp=OuterRef("pk"))
        if self.term_start is not None:
            considered = considered.filter(considered_on__gte=self.term_start)
        return queryset.filter(stage=Stage.REVIEW, agreed_on__isnull=False).exclude(
            Exists(considered)
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_count__gt=0) if value else queryset
