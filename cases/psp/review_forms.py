"""The forms of a PSP's stage five: reviews, the key adult's weekly check-ins (each with the
progress towards every outcome) and the LA's monitoring group.

Source: 004_f815cbfe89cfcc2a.txt Stage Five "Review and Monitoring".
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.psp.forms import FieldValues, not_future, section_heading
from cases.psp.models import PspCheckIn, PspMonitoring, PspProgress, PspReview
from reviews import rules
from ui.forms import GovukModelForm


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
        return [*own, section_heading(_("Progress towards each outcome")), *progress]

    def ratings(self) -> dict:
        return {
            o.pk: (self.cleaned_data[f"progress_{o.pk}"], self.cleaned_data[f"note_{o.pk}"])
            for o in self.outcomes
        }


class ReviewForm(ProgressMixin, FieldValues, GovukModelForm):
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
        return not_future(self.cleaned_data.get("held_on"), _("The date of the review"))

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


class CheckInForm(ProgressMixin, FieldValues, GovukModelForm):
    submit_label = _("Record the check-in")

    class Meta(GovukModelForm.Meta):
        model = PspCheckIn
        fields = ["held_on", "working", "not_working", "next_step"]

    def clean_held_on(self):
        return not_future(self.cleaned_data.get("held_on"), _("The date of the check-in"))


class MonitoringForm(FieldValues, GovukModelForm):
    submit_label = _("Record it")

    class Meta(GovukModelForm.Meta):
        model = PspMonitoring
        fields = ["considered_on", "notes"]

    def clean_considered_on(self):
        return not_future(self.cleaned_data.get("considered_on"), _("The date"))
