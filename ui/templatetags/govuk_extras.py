from django import forms, template
from django.utils.html import format_html_join

from ui.formats import long_datetime

register = template.Library()


@register.filter
def error_anchor(bound_field) -> str:
    """The id an error summary link must point at so focus lands on the field itself: the
    first radio or checkbox, or the day box of a date."""
    if not hasattr(bound_field, "field"):  # a form with no fields: point at the page
        return "main-content"
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def govuk_datetime(moment) -> str:
    """4:04pm on 22 November 2026 (ui.formats.long_datetime)."""
    return long_datetime(moment)


@register.filter
def select_options(bound_field) -> str:
    """A select's options, the chosen one selected, written in one go: a list's filter of
    schools has one for every school of a county, which the template engine took several
    milliseconds to write one by one (issue 12)."""
    chosen = str(bound_field.value())  # as the template's stringformat:"s" compared them
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (key, " selected" if str(key) == chosen else "", label)
            for key, label in bound_field.field.choices
        ),
    )
