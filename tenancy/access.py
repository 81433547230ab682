"""The access policy: the one place that decides what a person may see and do.

Every queryset a view uses comes from here, scoped to the membership the person acts for.
Another tenant's record answers 404 exactly as a missing one does; 403 only for a record the
person may see but not change. Sources: ../shared/DESIGN.md "People" and "Tenancy".
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from cases.models import Pupil, PupilGroupObjectPermission
from tenancy.models import Membership, Role, School

HOST_PERMISSION = "cases.view_pupil"

# Roles of the pupil's own school who keep the passport up to date.
PASSPORT_EDITORS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD, Role.DSL, Role.SENCO})
# LA roles who see every pupil of the LA.
LA_WIDE_ROLES = frozenset({Role.LA_OFFICER, Role.LA_SAFEGUARDING, Role.DIRECTOR})


def school_staff_group(school: School):
    """The auth group that holds a school's object grants, created on first use."""
    from django.contrib.auth.models import Group as AuthGroup

    if school.staff_group_id is None:
        school.staff_group, _created = AuthGroup.objects.get_or_create(
            name=f"school-{school.pk}-staff"
        )
        school.save(update_fields=["staff_group"])
    return school.staff_group


def _hosted_pupil_ids(school_id: int):
    return PupilGroupObjectPermission.objects.filter(
        group__school__id=school_id, permission__codename="view_pupil"
    ).values("content_object_id")


def pupils_visible_to(membership: Membership | None) -> QuerySet[Pupil]:
    """Every pupil the membership may see, and no other."""
    pupils = Pupil.objects.all()
    if membership is None:
        return pupils.none()
    role = membership.role
    if membership.school_id:
        return pupils.filter(
            Q(school_id=membership.school_id) | Q(pk__in=_hosted_pupil_ids(membership.school_id))
        )
    if membership.local_authority_id:
        in_la = pupils.filter(school__local_authority_id=membership.local_authority_id)
        if role in LA_WIDE_ROLES:
            return in_la
        if role == Role.LA_SEND:
            return in_la.filter(Q(has_ehcp=True) | Q(undergoing_ehcna=True))
        if role == Role.VIRTUAL_SCHOOL:
            return in_la.filter(looked_after=True)
        return pupils.none()  # LA admins run settings, not pupils' records
    if membership.group_id:
        return pupils.filter(school__group_id=membership.group_id)
    return pupils.none()


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


def grant_host_access(pupil: Pupil, host: School) -> None:
    """Let a host school's staff see the pupil while it hosts them."""
    if host.pk == pupil.school_id:
        raise ValueError("A pupil's own school cannot host them.")
    assign_perm(HOST_PERMISSION, school_staff_group(host), pupil)


def revoke_host_access(pupil: Pupil, host: School) -> None:
    """End a host school's access when hosting ends."""
    if host.staff_group_id is not None:
        remove_perm(HOST_PERMISSION, host.staff_group, pupil)


def can_manage_la_settings(membership: Membership | None) -> bool:
    """LA admins change their own LA's policy settings and inboxes."""
    return bool(membership and membership.local_authority_id and membership.role == Role.LA_ADMIN)


# Off-site directions ---------------------------------------------------------------------

DIRECTION_RUNNERS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD})


def directions_visible_to(membership: Membership | None):
    """Directions whose pupil the membership may see; a host school sees only the directions
    it hosts, and only until they end."""
    from cases.models import Direction

    directions = Direction.objects.filter(pupil__in=pupils_visible_to(membership))
    if membership is not None and membership.school_id:
        directions = directions.filter(
            Q(home_school_id=membership.school_id)
            | (Q(host_school_id=membership.school_id) & ~Q(state=Direction.State.ENDED))
        )
    return directions


def get_direction_for_user(
    membership: Membership | None, direction_id: int, *, write: bool = False
):
    """The direction if visible (else 404); with write=True, 403 unless they may run it."""
    from cases.models import Direction

    try:
        direction = (
            directions_visible_to(membership)
            .select_related(
                "pupil__school__local_authority",
                "home_school__local_authority",
                "host_school",
                "case_lead",
                "decided_by",
            )
            .get(pk=direction_id)
        )
    except (Direction.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such off-site direction.")) from None
    if write and not can_run_direction(membership, direction):
        raise PermissionDenied(_("Only the home school's head or case lead can change this."))
    return direction


def can_start_direction(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role in DIRECTION_RUNNERS


def can_run_direction(membership: Membership | None, direction) -> bool:
    return (
        membership is not None
        and membership.school_id == direction.home_school_id
        and membership.role in DIRECTION_RUNNERS
    )


def can_decide_direction(membership: Membership | None, direction) -> bool:
    """The headteacher records the decision of the board, trust or delegate (003)."""
    return (
        membership is not None
        and membership.school_id == direction.home_school_id
        and membership.role == Role.HEADTEACHER
    )


def deadlines_visible_to(membership: Membership | None):
    """Deadlines of the cases the membership may see (the Due page)."""
    from reviews.models import Deadline

    return Deadline.objects.filter(direction__in=directions_visible_to(membership))
