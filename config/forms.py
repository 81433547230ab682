"""GOV.UK Design System forms: one helper that lays out any form with crispy-forms-gds.

Every form a person fills in uses `GovukForm` or `GovukModelForm`, so labels, hints, errors
beside the field and the error summary look the same everywhere.
"""

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
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


class GovukMixin:
    """Builds a crispy-forms-gds layout from the form's fields, in order."""

    submit_label = _("Save")

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = submit_label or self.submit_label
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.layout_fields(), Button("submit", self.submit_label))

    def layout_fields(self):
        return [_layout_field(name, field) for name, field in self.fields.items()]

    def clean(self):
        """Reject markup in free text: names and notes are printed in letters and PDFs."""
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and value != strip_tags(value) and "<" in value:
                label = self.fields[name].label or name
                self.add_error(
                    name,
                    _("%(label)s must not include < or > (write plain text)") % {"label": label},
                )
        return cleaned


class GovukForm(GovukMixin, forms.Form):
    pass


class GovukDateField(DateInputField):
    """A GOV.UK date input whose errors say what to fix in plain English."""

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(year) != 4:
            raise forms.ValidationError(_("The year must include 4 numbers, like 2014"))
        if not 1 <= int(month) <= 12:
            raise forms.ValidationError(_("The month must be a number from 1 to 12"))
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
            label=db_field.verbose_name.capitalize(),
            required=not db_field.blank,
            help_text=db_field.help_text or _("For example, 27 3 2026"),
        )
    field = db_field.formfield(**kwargs)
    if field is None:
        return None
    if field.label:
        field.label = field.label[0].upper() + field.label[1:]
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
