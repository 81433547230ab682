"""The LA's filters on its central record of reduced timetables."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LaFilterForm(forms.Form):
    """The LA's central record: by school, by rating, and those past the limit unauthorised
    (now, or on a day the LA picture's trend names)."""

    school = forms.ChoiceField(label=_("School"), required=False)
    show = forms.ChoiceField(
        label=_("Which timetables"),
        required=False,
        choices=[
            ("", _("Open: planned or running")),
            ("running", _("Running now")),
            ("ended", _("Ended")),
            ("all", _("All, open and ended")),
        ],
    )
    rating = forms.ChoiceField(
        label=_("Audit rating"),
        required=False,
        choices=[
            ("", _("Any rating")),
            ("red", _("Red")),
            ("amber", _("Amber")),
            ("green", _("Green")),
        ],
    )
    past_limit = forms.BooleanField(
        label=_("Only those past the limit without the Director's authorisation"), required=False
    )
    # From the LA picture's trend: past the limit on that day rather than today.
    on = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", _("Any school"))] + [
            (str(s.pk), s.name) for s in schools
        ]
