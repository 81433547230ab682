"""GOV.UK Design System forms: one helper that lays out any form with crispy-forms-gds.

Every form a person fills in uses `GovukForm` or `GovukModelForm`, so labels, hints, errors
beside the field and the error summary look the same everywhere.
"""

import datetime
import unicodedata

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _


def _layout_field(name, field):
    widget = field.widget
    if isinstance(widget, forms.RadioSelect):
        return Field.radios(name, legend_size=Size.SMALL, inline=len(field.choices) <= 2)
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return Field.checkboxes(name, legend_size=Size.SMALL)
    if isinstance(widget, forms.CheckboxInput):
        return Field.checkbox(name)
    if isinstance(widget, forms.Textarea):
        return Field.textarea(name, label_size=Size.SMALL, rows=4)
    if isinstance(widget, forms.Select):
        return Field.select(name, label_size=Size.SMALL)
    if isinstance(field, DateInputField):
        return Field(name, context={"legend_size": Size.for_legend(Size.SMALL)})
    width = 10 if isinstance(field, forms.IntegerField | forms.DecimalField) else None
    if isinstance(field, forms.EmailField | forms.CharField) and (field.max_length or 0) <= 30:
        width = 20
    return Field.text(name, label_size=Size.SMALL, field_width=width)


MULTI_LINE_ALLOWED = "\n\r\t"  # what a text box (textarea) may hold besides printable text
# The longest answer a text box takes: a few pages, plenty for a narrative, and it keeps a
# form's PDF quick to make (issue 13: megabytes in one box took a minute to print).
TEXT_BOX_LIMIT = 5000


def has_hidden_characters(value: str, allowed: str) -> bool:
    """Control characters and line or paragraph separators, other than those allowed: a new
    line in a name would break an email's headers; an escape code prints as nothing."""
    return any(
        char not in allowed and unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value
    )


class GovukMixin:
    """Builds a crispy-forms-gds layout from the form's fields, in order."""

    submit_label = _("Save")

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_text_boxes()
        self.adjust_fields()
        self._name_required_errors()
        self.submit_label = submit_label or self.submit_label
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> carries the token
        self.helper.layout = Layout(*self.layout_fields(), Button("submit", self.submit_label))

    def _limit_text_boxes(self):
        """Every text box without a limit of its own takes at most TEXT_BOX_LIMIT characters,
        and says so beside it when a longer answer is sent."""
        for field in self.fields.values():
            if (
                isinstance(field, forms.CharField)
                and isinstance(field.widget, forms.Textarea)
                and field.max_length is None
            ):
                field.max_length = TEXT_BOX_LIMIT
                field.validators.append(
                    MaxLengthValidator(
                        TEXT_BOX_LIMIT,
                        message=_(
                            "Keep this to %(limit_value)s characters or fewer "
                            "(it has %(show_value)s): attach a longer document instead"
                        ),
                    )
                )

    def _name_required_errors(self):
        """GOV.UK: say which answer is missing, never "This field is required"."""
        generic = forms.Field.default_error_messages["required"]
        for field in self.fields.values():
            if field.error_messages.get("required") != generic or not field.label:
                continue
            label = str(field.label)
            label = label[:1].lower() + label[1:] if not label[:3].isupper() else label
            verb = _("Choose") if isinstance(field, forms.ChoiceField) else _("Enter")
            field.error_messages["required"] = f"{verb} {label}".rstrip("?")

    def adjust_fields(self):
        """Add, drop or relabel fields before the layout is built."""

    def layout_fields(self):
        return [_layout_field(name, field) for name, field in self.fields.items()]

    def clean(self):
        """Reject markup and hidden characters in typed text: names and notes are printed in
        letters and PDFs, and names and addresses go into email headers."""
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            widget = self.fields[name].widget if name in self.fields else None
            if isinstance(widget, forms.PasswordInput) or not isinstance(value, str):
                continue
            label = self.fields[name].label or name
            if value != strip_tags(value) and "<" in value:
                self.add_error(
                    name,
                    _("%(label)s must be plain text, without tags such as <b>") % {"label": label},
                )
            elif not isinstance(widget, forms.Textarea) and has_hidden_characters(value, ""):
                self.add_error(
                    name,
                    _("%(label)s must be on one line, without tabs or hidden characters")
                    % {"label": label},
                )
            elif has_hidden_characters(value, MULTI_LINE_ALLOWED):
                self.add_error(
                    name,
                    _("%(label)s contains a hidden character that cannot be printed: type it again")
                    % {"label": label},
                )
        return cleaned


class GovukForm(GovukMixin, forms.Form):
    pass


def _sentence_case(text) -> str:
    """Upper-case the first letter only, keeping acronyms such as EHE and UPN."""
    text = str(text)
    return text[:1].upper() + text[1:]


class GovukDateField(DateInputField):
    """A GOV.UK date input whose errors say what to fix in plain English."""

    def compress(self, data_list):
        day, month, year = data_list
        if not (day or month or year):
            return None
        for part, name in ((day, _("a day")), (month, _("a month")), (year, _("a year"))):
            if not part:
                raise forms.ValidationError(_("The date must include %(part)s") % {"part": name})
        if len(year) != 4:
            raise forms.ValidationError(_("The year must include 4 numbers, like 2014"))
        if not 1 <= int(month) <= 12:
            raise forms.ValidationError(_("The month must be a number from 1 to 12"))
        if not 1 <= int(day) <= 31 or int(year) < 1900:
            raise forms.ValidationError(_("Enter a real date"))
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                _("Enter a real date: that month does not have that many days")
            ) from None


def _formfield(db_field: models.Field, **kwargs):
    """Dates as GOV.UK date inputs (day, month, year); Yes / No choices as radios."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        return GovukDateField(
            label=_sentence_case(db_field.verbose_name),
            required=not db_field.blank,
            help_text=db_field.help_text or _("For example, 27 3 2027"),
        )
    field = db_field.formfield(**kwargs)
    if field is None:
        return None
    if field.label:
        field.label = _sentence_case(field.label)
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        # GOV.UK: a text input with a numeric keyboard, not type=number.
        field.widget = forms.TextInput(
            attrs={
                "inputmode": "decimal" if isinstance(field, forms.DecimalField) else "numeric",
                "spellcheck": "false",
            }
        )
    if db_field.choices and len(db_field.choices) <= 6:
        field.widget = forms.RadioSelect()
        field.choices = [c for c in field.choices if c[0] != ""]
    return field


class GovukModelForm(GovukMixin, forms.ModelForm):
    class Meta:
        formfield_callback = staticmethod(_formfield)
