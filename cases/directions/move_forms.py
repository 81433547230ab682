"""The form of a managed move agreed without an off-site direction (003's second route).

Source: 003_db4daf6c9cf2ba51.txt "Managed Move", "Funding", "Transport": the new school, the
agreed start date, the funding transfer, transport, and the agreement of the parents and of the
new school's admission authority.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.directions.models import ManagedMove
from cases.directions.moves import MOVE_DETAILS
from ui.forms import GovukModelForm


class ManagedMoveProposeForm(GovukModelForm):
    """The home school's proposal, and later the agreements as they come."""

    submit_label = _("Save the managed move")

    class Meta(GovukModelForm.Meta):
        model = ManagedMove
        fields = list(MOVE_DETAILS)

    def __init__(self, *args, schools, home_school, **kwargs):
        self.home_school = home_school
        super().__init__(*args, **kwargs)
        self.fields["to_school"].queryset = schools

    def adjust_fields(self):
        school = self.fields["to_school"]
        school.label = _("Which school does the pupil move to?")
        school.help_text = _(
            "Another mainstream school of the local authority, for example as agreed at its "
            "Fair Access panel."
        )
        school.empty_label = _("Select a school")
        school.error_messages["required"] = _("Select the school the pupil moves to")
        start = self.fields["agreed_start"]
        start.label = _("Agreed start date")
        start.help_text = _(
            "The pupil goes onto the new school's roll that day. For example, 4 1 2027"
        )
        start.error_messages["required"] = _("Enter the agreed start date")
        self.fields["funding_awpu"].help_text = _(
            "003: the balance remaining of the AWPU, by the agreed current formulae."
        )
        self.fields["funding_backdated"].label = _(
            "The funding is backdated to the beginning of the trial period"
        )
        transport = self.fields["transport_redesignation"]
        transport.label = _("Transport redesignation")
        transport.help_text = _(
            "003: School Admissions redesignates the school for transport purposes; transport "
            "assistance is assessed under the policy."
        )
        for name in ("parents_agree", "admission_authority_agrees"):
            self.fields[name].help_text = _(
                "003: a managed move must be agreed with all parties, including the parents "
                "and the admission authority of the new school. Until both have agreed the "
                "pupil stays on the roll of %(home)s."
            ) % {"home": self.home_school}


class LaManagedMoveFilterForm(forms.Form):
    """The LA's list of managed moves without a direction: the old school and how far each
    move has gone (003 "Managed Move": agreed by the parents and the admission authority, then
    on the new roll from the agreed start date)."""

    STATES = [
        ("", _("Any state")),
        ("moving", _("Not yet on the new roll")),
        ("waiting", _("Waiting for agreement")),
        ("agreed", _("Agreed, not yet on the new roll")),
        ("on_roll", _("On the new roll")),
        ("cancelled", _("Not going ahead")),
    ]

    school = forms.ChoiceField(label=_("From school"), required=False)
    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", _("Any school"))] + [
            (str(s.pk), s.name) for s in schools
        ]
