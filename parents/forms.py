"""The parent's forms: short, one question each, in plain words."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.pupils.models import ParentCarer
from ui.forms import GovukForm


class ViewsForm(GovukForm):
    submit_label = _("Send your views")

    views = forms.CharField(
        label=_("Your views"),
        help_text=_(
            "What you would like the meeting to know: how things are going, what is working "
            "and what is not, and anything you want to ask."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
    )


class ReviewRequestForm(GovukForm):
    submit_label = _("Ask for a review")

    reason = forms.CharField(
        label=_("Why would you like a review? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
    )


class EmailForm(GovukForm):
    submit_label = _("Send me a confirmation email")

    email = forms.EmailField(
        label=_("Your new email address"),
        help_text=_("We will email a link to this address. Your address changes when you open it."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class LanguageForm(GovukForm):
    submit_label = _("Save language")

    language = forms.ChoiceField(
        label=_("Which language would you like your letters in?"),
        # Not "not chosen": a parent who answers has chosen.
        choices=[(value, label) for value, label in ParentCarer.Language.choices if value],
        widget=forms.RadioSelect,
    )


class AttendingForm(forms.Form):
    """The two buttons under a meeting: coming or not."""

    attending = forms.ChoiceField(choices=[("yes", "yes"), ("no", "no")])
