"""Who sees and runs a Pastoral Support Programme (004)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from access.pupils import LA_WIDE_ROLES, _la_role_pupils, is_home_school
from cases.psp.models.programme import PastoralSupportProgramme
from cases.pupils.models import Pupil
from tenancy.models import Membership, Role, User

# Sources: 004_f815cbfe89cfcc2a.txt "Recognising different roles" and "The Stages of a Pastoral
# Support Programme": led by a senior member of staff and/or the ALNCo, the ALNCo involved, a
# member of staff the child trusts meeting them weekly; copies to the LA, which monitors.
# Who sees a PSP: the home school's headteacher, case lead, DSL, SENCo/ALNCo and key adults,
# and the LA roles who see the pupil. The office sees none (it holds the child's and family's
# pastoral detail, which registers and letters do not need), nor does a host school (a PSP is
# the home school's plan, not shared with a direction's host), nor a trust or service.


# Roles of the home school who run a PSP (lead it, record its meeting and reviews).
PSP_RUNNERS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD, Role.SENCO, Role.DSL})
# ... and the key adults, who see it and record the weekly check-ins.
PSP_SCHOOL_READERS = PSP_RUNNERS | {Role.KEY_ADULT}


def psps_visible_to(membership: Membership | None):
    """PSPs the membership may see: its own school's (PSP roles only), or its LA's for the LA
    roles that see the pupil; none for anyone else."""
    psps = PastoralSupportProgramme.objects.all()
    if membership is None:
        return psps.none()
    if membership.school_id:
        if membership.role not in PSP_SCHOOL_READERS:
            return psps.none()
        return psps.filter(school_id=membership.school_id)
    if membership.local_authority_id:
        own = _la_role_pupils(membership.role, prefix="pupil__")
        if own is None:
            return psps.none()
        return psps.filter(own, school__local_authority_id=membership.local_authority_id)
    return psps.none()


def get_psp_for_user(membership: Membership | None, psp_id: int, *, write: bool = False):
    """The PSP if visible (else 404); with write=True, 403 unless they may run it."""
    try:
        psp = (
            psps_visible_to(membership)
            .select_related("pupil__school__local_authority", "school__local_authority")
            .select_related("school_lead", "key_adult")
            .get(pk=psp_id)
        )
    except (PastoralSupportProgramme.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such Pastoral Support Programme.")) from None
    if write and not can_run_psp(membership, psp):
        raise PermissionDenied(
            _("Only the school's head, case lead, ALNCo (SENCo) or DSL can change this PSP.")
        )
    return psp


def can_start_psp(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role in PSP_RUNNERS


def can_run_psp(membership: Membership | None, psp) -> bool:
    """The school's PSP roles, while the pupil is on its roll (services guard the stage)."""
    return (
        membership is not None
        and membership.school_id == psp.school_id
        and psp.pupil.school_id == psp.school_id
        and membership.role in PSP_RUNNERS
    )


def can_record_psp_check_in(membership: Membership | None, psp) -> bool:
    """The key adult (or a runner) meets the child weekly once the PSP is agreed (004)."""
    return (
        membership is not None
        and membership.school_id == psp.school_id
        and psp.pupil.school_id == psp.school_id
        and membership.role in PSP_SCHOOL_READERS
        and psp.stage == psp.Stage.REVIEW
    )


def can_view_la_psps(membership: Membership | None) -> bool:
    """The LA's list of PSPs for the termly PSP Monitoring Group: its officers, safeguarding
    officers and the Director."""
    return bool(membership and membership.local_authority_id and membership.role in LA_WIDE_ROLES)


def la_psps_visible_to(membership: Membership | None):
    """Every PSP of the membership's LA for the LA-wide roles; none for anyone else."""
    if not can_view_la_psps(membership):
        return PastoralSupportProgramme.objects.none()
    return PastoralSupportProgramme.objects.filter(
        school__local_authority_id=membership.local_authority_id
    )


def can_record_psp_monitoring(membership: Membership | None, psp) -> bool:
    """The LA's officers record that the monitoring group considered an agreed PSP."""
    return (
        can_view_la_psps(membership)
        and membership.local_authority_id == psp.school.local_authority_id
        and psp.agreed_on is not None
    )


def psp_staff_for(school, *, roles=PSP_RUNNERS):
    """Staff of the PSP's school who may lead it (or, with roles=PSP_SCHOOL_READERS, meet the
    child weekly): the choices of the PSP's forms, and no other school's people."""

    return (
        User.objects.filter(
            memberships__school_id=school.pk, memberships__role__in=sorted(roles), is_active=True
        )
        .distinct()
        .order_by("full_name")
    )
