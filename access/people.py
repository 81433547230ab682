"""Whose account an LA's Waymark admin manages: the people of the LA and of its schools."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from access.pupils import can_manage_la_settings
from tenancy.models import Membership, User
from tenancy.selectors import la_people


def people_managed_by(membership: Membership | None):
    """The people whose second factor this LA admin may reset (403 for anyone else)."""
    if not can_manage_la_settings(membership):
        raise PermissionDenied(_("Only your LA's Waymark admin can manage its people."))
    return la_people(membership.local_authority_id)


def get_person_managed_by(membership: Membership | None, user_id: int) -> User:
    """One of them; anyone else, another LA's included, looks missing (404)."""
    try:
        return people_managed_by(membership).get(pk=user_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such person.")) from None
