"""The forms of the PSP Initial Meeting's outcomes, agreements and signatures.

Source: 004_f815cbfe89cfcc2a.txt, the "Pastoral Support Programme Initial Meeting" template and
the "Outcome and Support Sequence" workbook (sources are on the model fields too).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.psp.forms import FieldValues, GroupedModelForm, not_future
from cases.psp.models import PspAgreement, PspOutcome
from ui.forms import GovukDateField, GovukForm, GovukModelForm


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


class AgreementForm(FieldValues, GovukModelForm):
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
        return not_future(self.cleaned_data.get("signed_child_on"), _("The date"))
