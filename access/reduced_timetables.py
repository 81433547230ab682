"""Who sees, runs and authorises a reduced timetable (004)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from access.directions import DIRECTION_RUNNERS
from access.pupils import can_edit_safeguarding, is_home_school, visible_pupils_q
from cases.psp.models.programme import PastoralSupportProgramme
from cases.pupils.models import Pupil
from cases.reduced_timetables.models import ReducedTimetable
from tenancy.models import Membership, Role

# Reduced timetables (004) ------------------------------------------------------------------
# Source: 004_f815cbfe89cfcc2a.txt "Reduced Timetables": the school runs it (a named senior
# member of staff), the LA keeps the central record and its Deputy Education Safeguarding
# Officer is told; the Director authorises beyond 12 weeks.


RTT_RUNNERS = DIRECTION_RUNNERS
# The LA's central record of pupils not in full-time education: its inclusion officers, its
# safeguarding officers (told at every start) and the Director (who authorises).
RTT_LA_ROLES = frozenset({Role.LA_OFFICER, Role.LA_SAFEGUARDING, Role.DIRECTOR})


def reduced_timetables_visible_to(membership: Membership | None):
    """Reduced timetables of the pupils the membership sees; a school sees only its own (a
    host of a direction does not see the pupil's reduced timetable)."""
    timetables = ReducedTimetable.objects.filter(visible_pupils_q(membership))
    if membership is not None and membership.school_id:
        timetables = timetables.filter(school_id=membership.school_id)
    return timetables


def get_reduced_timetable_for_user(
    membership: Membership | None, timetable_id: int, *, write: bool = False
):
    """The reduced timetable if visible (else 404); with write=True, 403 unless they run it."""
    try:
        timetable = (
            reduced_timetables_visible_to(membership)
            .select_related(
                "pupil__school__local_authority",
                "pupil__safeguarding",
                "school__local_authority",
                "psp",
                "case_lead",
                "authorised_by",
                "declined_by",
                "authorisation_requested_by",
                "started_by",
            )
            .get(pk=timetable_id)
        )
    except (ReducedTimetable.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such reduced timetable.")) from None
    if write and not can_run_reduced_timetable(membership, timetable):
        raise PermissionDenied(_("Only the school's head or case lead can change this."))
    return timetable


def can_start_reduced_timetable(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role in RTT_RUNNERS


def can_run_reduced_timetable(membership: Membership | None, timetable) -> bool:
    """The school's head or case lead, while the pupil is on its roll."""
    return (
        membership is not None
        and membership.school_id == timetable.school_id
        and timetable.pupil.school_id == timetable.school_id
        and membership.role in RTT_RUNNERS
    )


def can_record_rtt_harm_risks(membership: Membership | None, timetable) -> bool:
    """Appendix 2's risks of significant harm are safeguarding detail: the school's DSL."""
    return (
        membership is not None
        and membership.school_id == timetable.school_id
        and can_edit_safeguarding(membership, timetable.pupil)
    )


def can_authorise_reduced_timetable(membership: Membership | None, timetable) -> bool:
    """The Director of Education of the school's LA (004: the Director for Education,
    Leisure and Lifelong Learning), who authorises running past the limit or declines it."""
    return (
        membership is not None
        and membership.role == Role.DIRECTOR
        and membership.local_authority_id == timetable.school.local_authority_id
    )


def reduced_timetables_awaiting_authorisation(membership: Membership | None):
    """A Director's work: timetables whose school asked to run past the limit, not yet
    answered (authorised or declined) since the school last asked."""
    if membership is None or membership.role != Role.DIRECTOR:
        return ReducedTimetable.objects.none()
    return reduced_timetables_visible_to(membership).filter(
        school__local_authority_id=membership.local_authority_id,
        authorisation_requested_on__isnull=False,
        authorisation_decision="",
        ended_on__isnull=True,
    )


def can_view_la_reduced_timetables(membership: Membership | None) -> bool:
    return bool(membership and membership.local_authority_id and membership.role in RTT_LA_ROLES)


def la_reduced_timetables_visible_to(membership: Membership | None):
    """The LA's central record: every reduced timetable of its schools, open and ended, no
    other LA's (the list shows the open ones first, the ended ones on request)."""
    if not can_view_la_reduced_timetables(membership):
        return ReducedTimetable.objects.none()
    return ReducedTimetable.objects.filter(school__local_authority_id=membership.local_authority_id)


def psps_for_reduced_timetable(membership: Membership | None, pupil: Pupil, keep=None):
    """The PSPs a reduced timetable of this pupil may be set up through: the school's own, not
    ceased (and `keep`, the PSP it already has, even if that has ceased since)."""
    if not can_start_reduced_timetable(membership, pupil):
        return PastoralSupportProgramme.objects.none()
    psps = PastoralSupportProgramme.objects.filter(pupil=pupil, school_id=membership.school_id)
    return psps.filter(~Q(stage=PastoralSupportProgramme.Stage.CEASED) | Q(pk=keep)).order_by(
        "-created_at", "-pk"
    )
