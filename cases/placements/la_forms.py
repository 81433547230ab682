"""The filters of the LA's list of AP placements: by provider, by base school, current or
ended (004 asks the LA to report AP use by school and by provider)."""

from django import forms
from django.utils.translation import gettext_lazy as _

SHOW = [
    ("", _("Current or to come")),
    ("current", _("At the provider now")),
    ("ended", _("Ended")),
    ("all", _("All")),
]


class LaPlacementFilterForm(forms.Form):
    """Its choices are the membership's own LA's providers and schools: any other is invalid,
    and the view answers 404, as for a record that does not exist."""

    provider = forms.ChoiceField(label=_("Provider"), required=False)
    school = forms.ChoiceField(label=_("School"), required=False)
    show = forms.ChoiceField(label=_("Placements"), choices=SHOW, required=False)

    def __init__(self, *args, providers, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", _("Any provider"))] + [
            (str(p.pk), p.name) for p in providers
        ]
        self.fields["school"].choices = [("", _("Any school"))] + [
            (str(s.pk), s.name) for s in schools
        ]
