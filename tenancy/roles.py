"""The roles a person holds in an organisation (DESIGN.md "People")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles of DESIGN.md "People", grouped by the kind of organisation that holds them."""

    HEADTEACHER = "headteacher", _("Headteacher")
    CASE_LEAD = "case_lead", _("Case lead")
    DSL = "dsl", _("Designated safeguarding lead")
    SENCO = "senco", _("SENCo / ALNCo")
    KEY_ADULT = "key_adult", _("Key adult / teacher")
    OFFICE = "office", _("Office / attendance")
    LA_OFFICER = "la_officer", _("LA inclusion officer")
    LA_SAFEGUARDING = "la_safeguarding", _("LA safeguarding officer")
    LA_SEND = "la_send", _("LA SEND team")
    DIRECTOR = "director", _("Director of Education")
    VIRTUAL_SCHOOL = "virtual_school", _("Virtual School Head")
    LA_ADMIN = "la_admin", _("LA admin")
    HEAD_OF_SERVICE = "head_of_service", _("Head of Service")
    PROVIDER_CONTACT = "provider_contact", _("AP provider contact")


SCHOOL_ROLES = frozenset(
    {Role.HEADTEACHER, Role.CASE_LEAD, Role.DSL, Role.SENCO, Role.KEY_ADULT, Role.OFFICE}
)
LA_ROLES = frozenset(
    {
        Role.LA_OFFICER,
        Role.LA_SAFEGUARDING,
        Role.LA_SEND,
        Role.DIRECTOR,
        Role.VIRTUAL_SCHOOL,
        Role.LA_ADMIN,
    }
)
GROUP_ROLES = frozenset({Role.HEAD_OF_SERVICE})
PROVIDER_ROLES = frozenset({Role.PROVIDER_CONTACT})
