"""Who sees and runs a Back-on-Track off-siting (000)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from access.directions import DIRECTION_RUNNERS, _school_staff, can_view_la_lists
from access.pupils import can_view_safeguarding, is_home_school, pupils_visible_to
from cases.offsiting.models import OffSiting
from cases.pupils.models import Pupil
from safeguarding.models import SharedItem
from tenancy.models import Membership, Role

# Source: 000_6280d14dcdeb4d53.txt. The home centre runs the off-siting; the receiving centre
# sees it from planning until it closes (its staff see the pupil's passport only while the
# pupil is there: grant_host_access at the start, revoked when the pupil returns unless another
# open case still places the pupil there, cases.offsiting.services.release_receiving_access);
# the Head of Service sees every off-siting of the service's centres and decides; the LA reads.


OFFSITING_WORKERS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD, Role.DSL, Role.KEY_ADULT})


def offsitings_visible_to(membership: Membership | None):
    """Off-sitings the membership may see: its own centre's, those it receives until they
    close, its service's (Head of Service), or its LA's pupils' (LA roles, read only)."""
    offsitings = OffSiting.objects.all()
    if membership is None:
        return offsitings.none()
    if membership.school_id:
        return offsitings.filter(
            Q(home_centre_id=membership.school_id)
            | Q(
                receiving_centre_id=membership.school_id,
                state__in=OffSiting.RECEIVING_STATES,
            )
        )
    if membership.group_id:
        return offsitings.filter(home_centre__group_id=membership.group_id)
    if membership.local_authority_id:
        return offsitings.filter(
            pupil__in=pupils_visible_to(membership),
            home_centre__local_authority_id=membership.local_authority_id,
        )
    return offsitings.none()


def get_offsiting_for_user(membership: Membership | None, offsiting_id: int, *, write=False):
    """The off-siting if visible (else 404); with write=True, 403 unless they may run it."""
    try:
        offsiting = (
            offsitings_visible_to(membership)
            .select_related(
                "pupil__school__local_authority",
                "home_centre__local_authority",
                "home_centre__group",
                "receiving_centre",
                "case_lead",
                "approval_by",
                "ta_decided_by",
                "week_one_decided_by",
            )
            .get(pk=offsiting_id)
        )
    except (OffSiting.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such off-siting.")) from None
    if write and not can_run_offsiting(membership, offsiting):
        raise PermissionDenied(_("Only the home centre's head or case lead can change this."))
    return offsiting


def can_start_offsiting(membership: Membership | None, pupil: Pupil) -> bool:
    """The home centre's head or case lead, for a pupil of a centre in a service."""
    return (
        is_home_school(membership, pupil)
        and membership.role in DIRECTION_RUNNERS
        and pupil.school.group_id is not None
    )


def can_run_offsiting(membership: Membership | None, offsiting) -> bool:
    return (
        membership is not None
        and membership.school_id == offsiting.home_centre_id
        and membership.role in DIRECTION_RUNNERS
    )


def is_receiving_offsiting(membership: Membership | None, offsiting) -> bool:
    return (
        _school_staff(membership)
        and membership.school_id == offsiting.receiving_centre_id
        and offsiting.state in offsiting.RECEIVING_STATES
    )


def can_work_on_offsiting(membership: Membership | None, offsiting) -> bool:
    """Staff of either centre who teach or run it: the work tracked each week, the workbook,
    the week-one decision (000: "the receiving site will make a decision")."""
    if not _school_staff(membership) or not offsiting.is_open:
        return False
    return membership.role in OFFSITING_WORKERS and (
        membership.school_id == offsiting.home_centre_id
        or is_receiving_offsiting(membership, offsiting)
    )


def can_decide_offsiting(membership: Membership | None, offsiting) -> bool:
    """The Head of Service of the home centre's service (000)."""
    return (
        membership is not None
        and membership.role == Role.HEAD_OF_SERVICE
        and membership.group_id is not None
        and membership.group_id == offsiting.home_centre.group_id
    )


def offsitings_awaiting_approval(membership: Membership | None):
    """A Head of Service's work: respite beyond the days allowed, waiting for their answer."""
    if membership is None or membership.role != Role.HEAD_OF_SERVICE or not membership.group_id:
        return OffSiting.objects.none()
    return offsitings_visible_to(membership).filter(
        home_centre__group_id=membership.group_id,
        approval_needed=True,
        approval_decision="",
        state__in=[OffSiting.State.PLANNED, OffSiting.State.STARTED],
    )


def can_view_offsiting_safeguarding(membership: Membership | None, offsiting) -> bool:
    """The safeguarding items' notes and new concerns: whoever may see the pupil's
    safeguarding detail, and the receiving centre's DSL from planning until the pupil returns
    (000: the information is made available before the start; once home, the home site keeps
    the concerns)."""
    if membership is not None and membership.role == Role.DSL:
        if is_receiving_offsiting(membership, offsiting) and offsiting.state in (
            offsiting.State.PLANNED,
            offsiting.State.STARTED,
        ):
            return True
    return can_view_safeguarding(membership, offsiting.pupil)


def can_share_offsiting_item(membership: Membership | None, offsiting, item: str) -> bool:
    """The home centre makes the seven items available; the safeguarding ones only its DSL
    (the home site keeps the existing concerns, 000)."""

    if membership is None or membership.school_id != offsiting.home_centre_id:
        return False
    if offsiting.state != offsiting.State.PLANNED and offsiting.state != offsiting.State.STARTED:
        return False
    if item in SharedItem.SAFEGUARDING_ITEMS:
        return membership.role == Role.DSL
    return membership.role in DIRECTION_RUNNERS | {Role.DSL}


def can_record_offsiting_concern(membership: Membership | None, offsiting) -> bool:
    """The receiving centre's DSL records new concerns while the pupil is there (000)."""
    return (
        is_receiving_offsiting(membership, offsiting)
        and membership.role == Role.DSL
        and offsiting.state == offsiting.State.STARTED
    )


def can_view_offsiting_list(membership: Membership | None) -> bool:
    """The "Off-sitings" list: a Head of Service, the LA's list roles, and the staff of a
    centre in a service."""
    if membership is None:
        return False
    if membership.group_id:
        return membership.role == Role.HEAD_OF_SERVICE
    if membership.school_id:
        return membership.school.group_id is not None
    return can_view_la_lists(membership)
