"""Forms of the Back-on-Track off-siting (source: 000_6280d14dcdeb4d53.txt; fields on the
models in cases/offsiting/models.py and safeguarding/models/information_sharing.py)."""

import copy

from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.directions.forms import ConfirmForm, DateForm  # noqa: F401 - reused by the steps
from cases.offsiting.guards import plan_problems
from cases.offsiting.models import OffSiting, OffSitingMeeting
from cases.offsiting.selectors import receiving_centres_for
from safeguarding.models import OffSitingConcern, SharedItem
from ui.formats import long_date
from ui.forms import GovukDateField, GovukForm, GovukModelForm


def _not_future(value, what):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("%(what)s must be today or in the past") % {"what": what})
    return value


def _time_field(field):
    field.widget = forms.TextInput(attrs={"class": "govuk-input--width-5"})
    field.help_text = _("For example, 9:30 or 14:00")
    field.error_messages["invalid"] = _("Enter a time like 9:30 or 14:00")


class OffSitingPlanForm(GovukModelForm):
    """The plan: where, which type (with its rule), when, why, and the work agreed."""

    key_days = forms.TypedMultipleChoiceField(
        label=_("Key days each week"),
        choices=OffSiting.WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for key days each week."),
    )

    class Meta(GovukModelForm.Meta):
        model = OffSiting
        fields = [
            "receiving_centre",
            "kind",
            "circumstance",
            "pattern",
            "first_day",
            "last_day",
            "reasons",
            "intervention",
            "work_agreed",
            "receiving_class",
        ]

    def __init__(self, *args, home, **kwargs):
        self.home = home
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.instance.home_centre = home
        else:
            self.initial.setdefault("key_days", self.instance.key_days)
        self.fields["receiving_centre"].queryset = receiving_centres_for(home)
        self.fields["receiving_centre"].empty_label = None
        if self.instance.pk and self.instance.state != OffSiting.State.PLANNED:
            # Its staff were given the pupil at the start: the centre is fixed from then on.
            self.fields["receiving_centre"].disabled = True
            self.fields["receiving_centre"].help_text = _(
                "The off-siting has started, so the receiving centre cannot change."
            )
        self.fields["receiving_centre"].error_messages["required"] = _(
            "Choose the receiving centre"
        )
        self.fields["kind"].help_text = _(
            "As a consequence or for safety: 1 to 3 school days. For respite: the Head of "
            "Service must agree more than %(days)s days."
        ) % {"days": home.local_authority.respite_days_without_approval}
        self.fields["kind"].error_messages["required"] = _("Choose the type of off-siting")
        self.fields["circumstance"].help_text = _("Only for an off-siting as a consequence.")
        self.fields["first_day"].required = True
        self.fields["last_day"].required = True
        self.fields["first_day"].error_messages["required"] = _("Enter the first day")
        self.fields["last_day"].error_messages["required"] = _("Enter the last day")
        self.fields["reasons"].error_messages["required"] = _("Enter the reasons")
        # The field order of the page: key days come after the pattern.
        order = list(self.fields)
        order.remove("key_days")
        order.insert(order.index("pattern") + 1, "key_days")
        self.order_fields(order)
        self.helper.layout = Layout(*self.layout_fields(), Button("submit", self.submit_label))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        probe = copy.copy(self.instance)
        for name in self._meta.fields:
            setattr(probe, name, cleaned.get(name))
        probe.key_days = cleaned.get("key_days") or []
        for name, message in plan_problems(probe).items():
            self.add_error(name if name in self.fields else None, message)
        self.instance.key_days = probe.key_days
        return cleaned

    def validate_constraints(self, exclude=None):
        """The dates and centres are already explained beside the fields in clean()."""

    def plan_values(self) -> dict[str, object]:
        """The plan as offsiting_plan and offsiting_update_plan take it."""
        values = {name: self.cleaned_data[name] for name in self._meta.fields}
        return values | {"key_days": self.cleaned_data.get("key_days") or []}


class SharedItemForm(GovukForm):
    submit_label = _("Save")
    available = forms.TypedChoiceField(
        label=_("Is it available to the receiving centre?"),
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("Not yet"))],
        coerce=lambda v: v == "yes",
        error_messages={"required": _("Choose whether it is available")},
    )
    available_on = GovukDateField(label=_("Date it was made available"), required=False)
    document = forms.CharField(
        label=_("Where the document is"),
        max_length=300,
        required=False,
        help_text=_("For example, the shared drive folder or My Concern record it is in."),
    )
    note = forms.CharField(
        label=_("Note for the receiving centre"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args, item: SharedItem, **kwargs):
        self.item = item
        super().__init__(*args, **kwargs)
        if item.is_safeguarding:
            self.fields["note"].label = _("Note for the receiving centre's DSL")
            self.fields["note"].help_text = _(
                "Safeguarding detail: only the designated safeguarding leads see it."
            )

    def clean_available_on(self):
        return _not_future(self.cleaned_data.get("available_on"), _("The date"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("available") and not cleaned.get("available_on"):
            self.add_error("available_on", _("Enter the date it was made available"))
        if cleaned.get("available") and not (
            (cleaned.get("document") or "").strip() or (cleaned.get("note") or "").strip()
        ):
            self.add_error(
                "document", _("Say where the document is, or add a note for the receiving centre")
            )
        return cleaned


class HeadOfServiceDecisionForm(GovukForm):
    submit_label = _("Record the decision")
    agreed = forms.TypedChoiceField(
        label=_("Do you agree?"),
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes, I agree")), ("no", _("No, I do not agree"))],
        coerce=lambda v: v == "yes",
        error_messages={"required": _("Choose whether you agree")},
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        widget=forms.Textarea,
        help_text=_("For example, conditions of the agreement, or why you do not agree."),
    )


class ApprovalDecisionForm(HeadOfServiceDecisionForm):
    """The Head of Service's agreement to respite, for the plan's days or more (so that a
    further week after the start can be agreed before it is recorded)."""

    days = forms.IntegerField(
        label=_("School days agreed (optional)"),
        required=False,
        min_value=1,
        max_value=200,
        help_text=_("Leave empty to agree the days in the plan."),
        error_messages={
            "invalid": _("Enter the number of school days, like 10"),
            "min_value": _("Enter at least 1 school day"),
            "max_value": _("Enter no more than 200 school days"),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )


class TaRequestForm(GovukForm):
    submit_label = _("Send the request")
    reason = forms.CharField(
        label=_("Why is a funded 1:1 TA needed?"),
        widget=forms.Textarea,
        help_text=_("The intensive, structured intervention the pupil needs, and for how long."),
        error_messages={"required": _("Enter why a funded 1:1 TA is needed")},
    )


class WeekOneForm(GovukForm):
    submit_label = _("Record the decision")
    decision = forms.ChoiceField(
        label=_("At the end of week one"),
        widget=forms.RadioSelect,
        choices=OffSiting.WeekOne.choices,
        error_messages={"required": _("Choose the decision")},
    )
    on = GovukDateField(label=_("Date of the decision"))
    notes = forms.CharField(label=_("Notes (optional)"), required=False, widget=forms.Textarea)

    def clean_on(self):
        return _not_future(self.cleaned_data.get("on"), _("The date of the decision"))


class ReasonForm(GovukForm):
    submit_label = _("Cancel the off-siting")
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        widget=forms.Textarea,
        error_messages={"required": _("Enter why it is cancelled")},
    )


class OffSitingMeetingForm(GovukModelForm):
    """The record of a meeting that was held."""

    submit_label = _("Save the record of the meeting")

    class Meta(GovukModelForm.Meta):
        model = OffSitingMeeting
        fields = ["date", "time", "place", "attendees", "notes"]

    def adjust_fields(self):
        self.fields["date"].required = True
        self.fields["date"].error_messages["required"] = _("Enter the date of the meeting")
        self.fields["date"].label = _("Date of the meeting")
        self.fields["attendees"].required = True
        self.fields["attendees"].error_messages["required"] = _("Enter who attended")
        self.fields["notes"].required = True
        self.fields["notes"].error_messages["required"] = _("Enter the notes of the meeting")
        _time_field(self.fields["time"])
        self.fields["time"].label = _("Time (optional)")
        if self.instance.kind == OffSitingMeeting.Kind.RESTORATIVE:
            self.fields["attendees"].help_text = _(
                "The pupil and the staff and pupils who were harmed or involved, one a line."
            )
            self.fields["notes"].label = _("What was repaired and agreed for a safe return")
        elif self.instance.kind == OffSitingMeeting.Kind.FINAL:
            self.fields["notes"].help_text = _(
                "How the pupil showed their understanding of what led to the off-siting, and "
                "how they will stay calm, focused and self-regulated on return."
            )

    def clean_date(self):
        return _not_future(self.cleaned_data.get("date"), _("The date of the meeting"))


class WorkForm(GovukForm):
    submit_label = _("Save the work for this week")
    week = forms.TypedChoiceField(
        label=_("Week beginning"),
        coerce=str,
        error_messages={
            "required": _("Choose a week of the off-siting"),
            "invalid_choice": _("Choose a week of the off-siting"),
        },
    )
    subject = forms.ChoiceField(
        label=_("Subject"),
        error_messages={
            "required": _("Choose the subject"),
            "invalid_choice": _("Choose one of the subjects"),
        },
    )
    other_subject = forms.CharField(
        label=_("Another subject (optional)"),
        max_length=100,
        required=False,
        help_text=_("Instead of the subject chosen above."),
    )
    set_by_home = forms.BooleanField(label=_("Work set by the home centre"), required=False)
    returned = forms.BooleanField(label=_("Work returned to the home centre"), required=False)
    marked = forms.BooleanField(label=_("Work marked by the home centre"), required=False)
    notes = forms.CharField(label=_("Notes (optional)"), max_length=300, required=False)

    def __init__(self, *args, weeks, subjects, home=True, **kwargs):
        self.weeks = weeks
        self.home = home
        super().__init__(*args, **kwargs)
        if not home:
            # 000: "The work is sent back and marked by the home site": the receiving centre
            # records only that it was returned.
            del self.fields["set_by_home"]
            del self.fields["marked"]
        self.fields["week"].choices = [(w.isoformat(), long_date(w)) for w in weeks]
        self.fields["week"].widget = forms.Select(choices=self.fields["week"].choices)
        self.fields["subject"].choices = [(s, s) for s in subjects]
        self.helper.layout = Layout(*self.layout_fields(), Button("submit", self.submit_label))

    def clean_week(self):
        value = self.cleaned_data.get("week")
        week = next((w for w in self.weeks if w.isoformat() == value), None)
        if week is None:
            raise forms.ValidationError(_("Choose a week of the off-siting"))
        return week

    def clean(self):
        cleaned = super().clean()
        other = (cleaned.get("other_subject") or "").strip()
        if other:
            cleaned["subject"] = other
        if not self.home:
            return cleaned
        if (cleaned.get("returned") or cleaned.get("marked")) and not cleaned.get("set_by_home"):
            self.add_error("set_by_home", _("Work can only be returned or marked once it is set"))
        elif cleaned.get("marked") and not cleaned.get("returned"):
            self.add_error("returned", _("Work is marked once it has been returned"))
        return cleaned


class WorkbookForm(GovukForm):
    submit_label = _("Save progress")
    topics = forms.MultipleChoiceField(
        label=_("Topics the pupil has worked through"),
        choices=OffSiting.Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Notes (optional)"), required=False, widget=forms.Textarea)


class ConcernForm(GovukModelForm):
    submit_label = _("Record the concern and tell the home DSL")

    class Meta(GovukModelForm.Meta):
        model = OffSitingConcern
        fields = ["raised_on", "summary", "my_concern_reference"]

    def adjust_fields(self):
        self.fields["raised_on"].error_messages["required"] = _("Enter the date of the concern")
        self.fields["summary"].error_messages["required"] = _(
            "Enter what happened and what was done"
        )

    def clean_raised_on(self):
        return _not_future(self.cleaned_data.get("raised_on"), _("The date of the concern"))
