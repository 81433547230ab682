"""Who is who in an organisation: the people a service tells, the choices a form offers."""

from django.db.models import Exists, OuterRef, Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from tenancy.models import Provider, Role, School, User


def la_members(local_authority_id: int, role: str):
    """The LA's active people in `role` (those a service tells, or gives a task to)."""
    return User.objects.filter(
        memberships__local_authority_id=local_authority_id,
        memberships__role=role,
        is_active=True,
    ).distinct()


def la_safeguarding_officers(local_authority_id: int):
    """The LA's safeguarding officers, who are told of a provider's first use (004)."""
    return la_members(local_authority_id, Role.LA_SAFEGUARDING)


def school_staff(school: School):
    """The people who work at a school (the named member of staff monitoring a placement)."""
    return User.objects.filter(memberships__school=school, is_active=True).distinct()


def providers_for_school(school: School):
    """The providers a school chooses from: its LA's register."""
    return Provider.objects.filter(local_authority_id=school.local_authority_id)


def la_people(local_authority_id: int):
    """The people who work for an LA or one of its schools (whose second factor its LA admin
    may reset), by name; `has_two_factor` says who has set it up."""
    return (
        User.objects.filter(
            Q(memberships__local_authority_id=local_authority_id)
            | Q(memberships__school__local_authority_id=local_authority_id)
        )
        .distinct()
        .annotate(
            has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        )
        .order_by("full_name", "email")
    )
