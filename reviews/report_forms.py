"""The period an LA officer chooses for the LA's reports."""

import datetime
from urllib.parse import urlencode

from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Size
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews import rules
from reviews.reports import PERIOD_NAMES, period_text
from ui.forms import GovukDateField, GovukForm, _layout_field

USUAL = "usual"
# The fields a chosen period travels in, from the reports page to each report's links.
PERIOD_KEYS = ("period", "start_0", "start_1", "start_2", "end_0", "end_1", "end_2")


class _PeriodChoice(ConditionalQuestion):
    template = "reviews/reports/_period_choice.html"


class _PeriodRadios(ConditionalRadios):
    """The period's radios, their legend the size of the page's other questions."""

    def render(self, form, context, *args, **kwargs):
        context.update({"legend_size": Size.for_legend(Size.SMALL)})
        return super().render(form, context, *args, **kwargs)


class ReportPeriodForm(GovukForm):
    """Each report's usual period, this half-term, this term, this academic year (from the LA's
    term dates) or two dates."""

    submit_label = gettext_lazy("Use this period")

    period = forms.ChoiceField(
        label=gettext_lazy("Period"), widget=forms.RadioSelect, initial=USUAL
    )
    start = GovukDateField(
        label=gettext_lazy("First day"),
        required=False,
        help_text=gettext_lazy("For example, 1 9 2026"),
    )
    end = GovukDateField(
        label=gettext_lazy("Last day"),
        required=False,
        help_text=gettext_lazy("For example, 31 8 2027"),
    )

    def __init__(
        self, *args, periods: dict[str, rules.Period], today: datetime.date, usual: str, **kwargs
    ):
        """`periods` holds this half-term, term and academic year; `usual` says what the
        first choice, the period each report covers unless another is chosen, is."""
        self.periods, self.today, self.usual = periods, today, usual
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        # Before the layout is built: five choices lay out one under another.
        choices = [(USUAL, self.usual)]
        for kind in (rules.HALF_TERM, rules.TERM, rules.ACADEMIC_YEAR):
            choices.append((kind, f"{PERIOD_NAMES[kind]} ({period_text(self.periods[kind])})"))
        choices.append((rules.CHOSEN_DATES, PERIOD_NAMES[rules.CHOSEN_DATES]))
        period = self.fields["period"]
        period.choices = choices
        period.error_messages["required"] = _("Choose the period of the report")
        period.error_messages["invalid_choice"] = _("Choose the period of the report")

    def layout_fields(self):
        """GOV.UK conditional reveal: the two dates under "Dates you choose", shown when it is
        chosen (and always without JavaScript); their errors stay beside them."""
        choices = [
            _PeriodChoice(
                label,
                _layout_field("start", self.fields["start"]),
                _layout_field("end", self.fields["end"]),
            )
            if key == rules.CHOSEN_DATES
            else _PeriodChoice(label)
            for key, label in self.fields["period"].choices
        ]
        return [_PeriodRadios("period", *choices)]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") != rules.CHOSEN_DATES:
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None and "start" not in self.errors:
            self.add_error("start", _("Enter the first day of the period"))
        if end is None and "end" not in self.errors:
            self.add_error("end", _("Enter the last day of the period"))
        if start and end and end < start:
            self.add_error("end", _("The last day must be the same as or after the first day"))
        if start and start > self.today:
            self.add_error("start", _("The first day must be today or in the past"))
        return cleaned

    def chosen(self, usual_kind: str) -> rules.Period:
        """The period chosen (a valid form), or the report's usual one."""
        kind = self.cleaned_data["period"] if self.is_bound else USUAL
        if kind == USUAL:
            return self.periods[usual_kind]
        if kind == rules.CHOSEN_DATES:
            return rules.Period(
                rules.CHOSEN_DATES, self.cleaned_data["start"], self.cleaned_data["end"]
            )
        return self.periods[kind]

    def query(self) -> str:
        """The chosen period as a query string, for the links to each report."""
        if not self.is_bound:
            return ""
        data = self.data.copy()
        kept = {key: data[key] for key in PERIOD_KEYS if data.get(key)}
        if kept.get("period") != rules.CHOSEN_DATES:
            kept = {"period": kept["period"]} if "period" in kept else {}
        return urlencode(kept)
