"""Forms of the LA's provider register: a provider, a safeguarding declaration, a visit.

Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision" and Appendix 1.
"""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from safeguarding.models import ProviderVisit, SafeguardingDeclaration
from safeguarding.providers import ITEM_NAMES, PROVIDER_FIELDS
from tenancy.models import Provider
from ui.forms import GovukModelForm, _layout_field

Received = SafeguardingDeclaration.Received


class ProviderForm(GovukModelForm):
    submit_label = _("Save the provider")

    class Meta(GovukModelForm.Meta):
        model = Provider
        fields = list(PROVIDER_FIELDS)

    def adjust_fields(self):
        self.fields["name"].label = _("Name of the provider")
        self.fields["address"].label = _("Address")
        self.fields["contact_name"].label = _("Contact name")
        self.fields["contact_phone"].label = _("Contact telephone")
        self.fields["ofsted_urn"].label = _("Ofsted registration number (if registered)")
        self.fields["ofsted_urn"].help_text = _("Leave empty if it is not registered.")
        self.fields["la_approved"].label = _("The LA has approved this provider")
        self.fields["name"].error_messages["required"] = _("Enter the name of the provider")
        self.fields["address"].error_messages["required"] = _("Enter the provider's address")


class DeclarationForm(GovukModelForm):
    """Appendix 1 of 004 as the LA records it: a signed copy received, or typed in for the
    provider from what it signed. Every item must be confirmed."""

    submit_label = _("Record the declaration")
    in_app = False

    class Meta(GovukModelForm.Meta):
        model = SafeguardingDeclaration
        fields = [*ITEM_NAMES, "signatory_name", "signatory_position", "signed_on"]

    def adjust_fields(self):
        for name in ITEM_NAMES:
            field = self.fields[name]
            field.required = True
            field.error_messages["required"] = _(
                "The provider must confirm this to make the declaration"
            )
        self.fields["signatory_name"].label = _("Print name")
        self.fields["signatory_name"].help_text = _(
            "A senior member of the organisation must sign (Appendix 1)."
        )
        self.fields["signatory_name"].error_messages["required"] = _(
            "Enter the name of the person who signed"
        )
        self.fields["signatory_position"].label = _("Position")
        self.fields["signatory_position"].error_messages["required"] = _(
            "Enter the position of the person who signed"
        )
        if self.in_app:
            self.fields.pop("signed_on", None)
            self.fields["senior"] = forms.BooleanField(
                label=_("I am a senior member of the organisation and I sign this declaration"),
                error_messages={"required": _("Confirm that you are a senior member and sign")},
            )
        else:
            self.fields["signed_on"].label = _("Date signed")
            self.fields["signed_on"].error_messages["required"] = _(
                "Enter the date the declaration was signed"
            )
            self.fields["received"] = forms.ChoiceField(
                label=_("How did you receive it?"),
                choices=[
                    (Received.PAPER, Received.PAPER.label),
                    (Received.TYPED, Received.TYPED.label),
                ],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how you received the declaration")},
            )

    def layout_fields(self):
        items = [Field.checkbox(name) for name in ITEM_NAMES[:4]]
        rest = [
            _layout_field(name, field)
            for name, field in self.fields.items()
            if name not in ITEM_NAMES
        ]
        return [
            Fieldset(
                *items,
                legend=_(
                    "I confirm that all staff who are employed in this provision have undergone "
                    "strict safeguarding checks, including:"
                ),
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.checkbox(ITEM_NAMES[4]), legend=_("Undertaking"), legend_size=Size.SMALL
            ),
            *rest,
        ]


class SignDeclarationForm(DeclarationForm):
    """The provider's own contact signs in Waymark: dated today, and they confirm they are a
    senior member of the organisation."""

    submit_label = _("Sign the declaration")
    in_app = True

    class Meta(DeclarationForm.Meta):
        fields = [*ITEM_NAMES, "signatory_name", "signatory_position"]


class VisitForm(GovukModelForm):
    submit_label = _("Record the visit")

    class Meta(GovukModelForm.Meta):
        model = ProviderVisit
        fields = ["visited_on", "officer", "findings", "outcome"]

    def adjust_fields(self):
        self.fields["visited_on"].label = _("Date of the visit")
        self.fields["visited_on"].error_messages["required"] = _("Enter the date of the visit")
        self.fields["officer"].label = _("Visiting officer")
        self.fields["findings"].help_text = _(
            "What was checked (safeguarding, wellbeing, health and safety) and what was found."
        )
        self.fields["outcome"].label = _("Outcome of the visit")
        self.fields["outcome"].help_text = _(
            "With concerns, Waymark tells the DSL of every school with a pupil placed there now."
        )
