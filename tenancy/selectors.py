"""Who is who in an organisation: the people a service tells, the choices a form offers."""

from tenancy.models import Provider, Role, School, User


def la_safeguarding_officers(local_authority_id: int):
    """The LA's safeguarding officers, who are told of a provider's first use (004)."""
    return User.objects.filter(
        memberships__local_authority_id=local_authority_id,
        memberships__role=Role.LA_SAFEGUARDING,
        is_active=True,
    ).distinct()


def school_staff(school: School):
    """The people who work at a school (the named member of staff monitoring a placement)."""
    return User.objects.filter(memberships__school=school, is_active=True).distinct()


def providers_for_school(school: School):
    """The providers a school chooses from: its LA's register."""
    return Provider.objects.filter(local_authority_id=school.local_authority_id)
