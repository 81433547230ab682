"""Who sees a pupil, the passport, and the safeguarding and SEND detail in it."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cases.pupils.models import ParentCarer, Pupil, PupilGroupObjectPermission
from tenancy.models import Membership, Role

# Roles of the pupil's own school who keep the passport up to date.
PASSPORT_EDITORS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD, Role.DSL, Role.SENCO})
# LA roles who see every pupil of the LA.
LA_WIDE_ROLES = frozenset({Role.LA_OFFICER, Role.LA_SAFEGUARDING, Role.DIRECTOR})


def _hosted_pupil_ids(school_id: int):
    return (
        PupilGroupObjectPermission.objects.filter(
            group__school__id=school_id, permission__codename="view_pupil"
        )
        .order_by()
        .values("content_object_id")
    )


def _la_role_pupils(role: str, prefix: str = "") -> Q | None:
    """Which of its LA's pupils an LA role sees (None: none of them). `prefix` reaches the
    pupil from another model, as "pupil__"."""
    if role in LA_WIDE_ROLES:
        return Q()
    if role == Role.LA_SEND:
        return Q(**{f"{prefix}has_ehcp": True}) | Q(**{f"{prefix}undergoing_ehcna": True})
    if role == Role.VIRTUAL_SCHOOL:
        return Q(**{f"{prefix}looked_after": True})
    return None


def pupils_visible_to(membership: Membership | None) -> QuerySet[Pupil]:
    """Every pupil the membership may see, and no other."""
    pupils = Pupil.objects.all()
    if membership is None:
        return pupils.none()
    if membership.school_id:
        # One index scan for the school's own pupils and one for its grants, joined as a
        # UNION: `school_id = X OR id IN (grants)` cannot use an index, so every lookup of a
        # case scanned the whole pupil table (issue 12: 43 ms for one direction at 90,000).
        own = Pupil.objects.filter(school_id=membership.school_id).order_by().values("pk")
        return pupils.filter(pk__in=own.union(_hosted_pupil_ids(membership.school_id)))
    if membership.local_authority_id:
        own = _la_role_pupils(membership.role)
        if own is None:
            return pupils.none()  # LA admins run settings, not pupils' records
        return pupils.filter(own, school__local_authority_id=membership.local_authority_id)
    if membership.group_id:
        return pupils.filter(school__group_id=membership.group_id)
    return pupils.none()


def visible_pupils_q(membership: Membership | None, prefix: str = "pupil__") -> Q:
    """The condition "its pupil is one the membership may see", for a case reached through
    `prefix`. For an LA role it is a join to the pupil's school, not `pupil IN (every pupil of
    the LA)`, which made the database read every pupil of a county for each list (issue 12)."""
    if membership is not None and membership.local_authority_id and not membership.school_id:
        own = _la_role_pupils(membership.role, prefix)
        if own is None:
            return Q(pk__in=[])
        return own & Q(**{f"{prefix}school__local_authority_id": membership.local_authority_id})
    return Q(**{f"{prefix}in": pupils_visible_to(membership)})


def get_pupil_for_user(membership: Membership | None, pupil_id: int, *, write: bool = False):
    """The pupil, if visible (else 404); with write=True, 403 unless they may edit it."""
    try:
        pupil = (
            pupils_visible_to(membership).select_related("school__local_authority").get(pk=pupil_id)
        )
    except (Pupil.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such pupil.")) from None
    if write and not can_edit_passport(membership, pupil):
        raise PermissionDenied(_("You can see this pupil's passport but not change it."))
    return pupil


def get_parent_link_for_user(membership: Membership | None, link_id: int, *, write: bool = False):
    """A parent's personal link, if its pupil is visible (else 404); with write=True, 403
    unless they may change the pupil's record (and so revoke it). The link is found among its
    parent's links: the parents app sits above this policy, which may not import it."""
    try:
        parent = (
            ParentCarer.objects.filter(pupil__in=pupils_visible_to(membership))
            .select_related("pupil")
            .get(links=link_id)
        )
        link = parent.links.get(pk=link_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(_("No such link.")) from None
    if write and not can_edit_passport(membership, parent.pupil):
        raise PermissionDenied(_("You can see this pupil's passport but not change it."))
    return link


def is_home_school(membership: Membership | None, pupil: Pupil) -> bool:
    return membership is not None and membership.school_id == pupil.school_id


def is_hosting(membership: Membership | None, pupil: Pupil) -> bool:
    """True while the membership's school hosts the pupil through an object grant."""
    if membership is None or not membership.school_id or is_home_school(membership, pupil):
        return False
    return PupilGroupObjectPermission.objects.filter(
        content_object=pupil,
        group__school__id=membership.school_id,
        permission__codename="view_pupil",
    ).exists()


def can_add_pupil(membership: Membership | None) -> bool:
    return bool(membership and membership.school_id and membership.role in PASSPORT_EDITORS)


def can_edit_passport(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role in PASSPORT_EDITORS


def can_view_safeguarding(membership: Membership | None, pupil: Pupil) -> bool:
    """DSLs of the home or host school, LA safeguarding officers, and the Virtual School for a
    looked-after child."""
    if membership is None:
        return False
    if membership.role == Role.DSL:
        return is_home_school(membership, pupil) or is_hosting(membership, pupil)
    if membership.local_authority_id == pupil.school.local_authority_id:
        return membership.role == Role.LA_SAFEGUARDING or (
            membership.role == Role.VIRTUAL_SCHOOL and pupil.looked_after
        )
    return False


def can_edit_safeguarding(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role == Role.DSL


def can_view_send(membership: Membership | None, pupil: Pupil) -> bool:
    """SEND detail: the home school's SENCo and the LA SEND team."""
    if membership is None:
        return False
    if membership.role == Role.SENCO:
        return is_home_school(membership, pupil)
    return (
        membership.role == Role.LA_SEND
        and membership.local_authority_id == pupil.school.local_authority_id
    )


def can_edit_send(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role == Role.SENCO


def can_manage_la_settings(membership: Membership | None) -> bool:
    """LA admins change their own LA's policy settings and inboxes."""
    return bool(membership and membership.local_authority_id and membership.role == Role.LA_ADMIN)
