from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from tenancy.models import LocalAuthority, User
from ui.forms import GovukForm, GovukMixin, GovukModelForm


class SignInForm(GovukMixin, AuthenticationForm):
    submit_label = _("Sign in")

    error_messages = {
        "invalid_login": _(
            "Enter a correct email address and password. The password is case-sensitive."
        ),
        "inactive": _("This account has been switched off. Ask your LA admin."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["username"].error_messages["required"] = _("Enter your email address")
        self.fields["password"].error_messages["required"] = _("Enter your password")

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class TwoFactorForm(GovukForm):
    """A code from the authenticator app (`device`) or, when the person has them, one of
    their recovery codes (`recovery`, each works once)."""

    submit_label = _("Continue")

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,
        help_text=_("The 6-digit code the app shows now."),
        error_messages={"required": _("Enter the 6-digit code from your authenticator app")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )

    def __init__(self, *args, device, recovery=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.recovery = recovery
        if recovery is not None:
            self.fields["code"].help_text = _(
                "The 6-digit code the app shows now. Lost your phone? Enter one of your "
                "recovery codes instead."
            )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().replace(" ", "").lower()
        if len(code) == 6 and code.isdigit():
            if self.device.verify_token(code):
                return code
        elif self.recovery is not None and self.recovery.verify_token(code):
            self.device = self.recovery
            return code
        raise forms.ValidationError(
            _("That code is not right. Check the time on your phone and try the newest code.")
        )


class ChooseOrganisationForm(GovukForm):
    submit_label = _("Continue")

    membership = forms.TypedChoiceField(
        label=_("Who are you working for now?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the organisation you are working for")},
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [(m.pk, str(m)) for m in memberships]

    def layout_fields(self):
        return [Field.radios("membership", legend_size=Size.MEDIUM)]


class EmailsForm(GovukForm):
    submit_label = _("Save")

    emails = forms.ChoiceField(
        label=_("How do you want to hear of new work?"),
        choices=User.Emails.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Urgent steps (a host suspending a pupil, a decision waiting for you, a step due in "
            "the next two days) are emailed at once either way. Emails never carry "
            "safeguarding or SEND detail: sign in to see it."
        ),
        error_messages={"required": _("Choose how you want to hear of new work")},
    )

    def layout_fields(self):
        return [Field.radios("emails", legend_size=Size.MEDIUM)]


POLICY_FIELDS = (
    "review_invitation_days",
    "decision_notice_days",
    "direction_notice_school_days",
    "first_review_school_weeks",
    "review_interval_weeks",
    "requested_review_window_weeks",
    "home_host_contact_days",
    "parental_agreement_required",
    "coordinator_consultation_required",
    "psp_review_weeks",
    "psp_first_review_weeks",
    "reduced_timetable_protocol",
    "reduced_timetable_max_weeks",
    "behaviour_service",
    "respite_days_without_approval",
)
INBOX_FIELDS = (
    "psp_email",
    "transport_email",
    "admissions_email",
    "safeguarding_email",
    "send_email",
)


class LocalAuthoritySettingsForm(GovukModelForm):
    """An LA's policy values (defaults from DESIGN.md's rule table) and its inboxes."""

    class Meta(GovukModelForm.Meta):
        model = LocalAuthority
        fields = POLICY_FIELDS + INBOX_FIELDS

    GROUPS = (
        (_("Off-site directions and managed moves"), POLICY_FIELDS[:9]),
        (_("Pastoral Support Programmes and reduced timetables"), POLICY_FIELDS[9:14]),
        (_("Back-on-Track off-siting"), POLICY_FIELDS[14:]),
        (_("Where copies go"), INBOX_FIELDS),
    )

    def adjust_fields(self):
        """Each number's range from the model (the sources set the bounds), refused beside
        the field in plain English."""
        super().adjust_fields()
        # The protocol in force is chosen: the LA's own choice, else its nation's default
        # (tenancy.jurisdiction: Wales 004's, England the DfE's national expectations).
        protocol = self.fields["reduced_timetable_protocol"]
        protocol.required = True
        protocol.error_messages["required"] = _(
            "Choose the protocol your schools' reduced timetables follow"
        )
        if not self.initial.get("reduced_timetable_protocol"):
            self.initial["reduced_timetable_protocol"] = self.instance.rtt_protocol.key
        for name, field in self.fields.items():
            if not isinstance(field, forms.IntegerField):
                continue
            limits = LocalAuthority._meta.get_field(name).validators
            low = max([0, *(v.limit_value for v in limits if isinstance(v, MinValueValidator))])
            high = min(v.limit_value for v in limits if isinstance(v, MaxValueValidator))
            message = _("Enter a whole number from %(low)s to %(high)s") % {
                "low": low,
                "high": high,
            }
            field.min_value, field.max_value = low, high
            field.validators = [
                MinValueValidator(low, message=message),
                MaxValueValidator(high, message=message),
            ]
            field.widget.attrs.update(min=low, max=high)

    def layout_fields(self):
        fields = super().layout_fields()
        by_name = dict(zip(self.fields, fields, strict=True))
        return [
            Fieldset(
                *(by_name[name] for name in names), legend=str(legend), legend_size=Size.MEDIUM
            )
            for legend, names in self.GROUPS
        ]
