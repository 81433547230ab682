"""Who fills in and reads a travel assistance change request (004)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from access.pupils import is_home_school, visible_pupils_q
from cases.pupils.models import Pupil
from cases.reduced_timetables.models import ReducedTimetable
from cases.travel.models import TravelAssistanceRequest
from tenancy.models import Membership, Role

# Travel assistance change requests (004) ---------------------------------------------------
# Source: 004_f815cbfe89cfcc2a.txt, the Home to School Travel Assistance change form: "Section
# to be completed by the school". The pupil's own school fills it in and sends it; the LA and
# the service, who see the pupil, may read it (a host school, even while hosting, may not); the
# LA's own record is the copy in its transport inbox.

# Who at the pupil's own school fills in and sends the form: the people who arrange a pupil's
# timetable and transport, and the office that sends the LA's forms.
TRAVEL_REQUESTERS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD, Role.SENCO, Role.OFFICE})


def travel_requests_visible_to(membership: Membership | None):
    """Travel assistance change requests of the pupils the membership may see; a school sees
    only those of its own pupils (a host of a direction does not see the home school's request
    to the LA, which names the family's address and transport)."""

    requests = TravelAssistanceRequest.objects.filter(visible_pupils_q(membership))
    if membership is not None and membership.school_id:
        requests = requests.filter(pupil__school_id=membership.school_id)
    return requests


def can_request_travel_change(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role in TRAVEL_REQUESTERS


def can_edit_travel_request(membership: Membership | None, travel_request) -> bool:
    """The requesting school's staff, while the pupil is still on its roll."""
    return (
        membership is not None
        and membership.school_id == travel_request.school_id
        and travel_request.pupil.school_id == travel_request.school_id
        and membership.role in TRAVEL_REQUESTERS
    )


def get_travel_request_for_user(
    membership: Membership | None, request_id: int, *, write: bool = False
):
    """The request if visible (else 404); with write=True, 403 unless they may change it."""

    try:
        travel_request = (
            travel_requests_visible_to(membership)
            .select_related(
                "pupil__school__local_authority",
                "school__local_authority",
                "reduced_timetable",
                "requested_by",
                "sent_by",
            )
            .get(pk=request_id)
        )
    except (TravelAssistanceRequest.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such travel assistance change request.")) from None
    if write and not can_edit_travel_request(membership, travel_request):
        raise PermissionDenied(
            _(
                "Only the headteacher, case lead, SENCo or office of the pupil's school can "
                "change or send this request."
            )
        )
    return travel_request


def reduced_timetable_for_travel(membership: Membership | None, pupil: Pupil, timetable_id):
    """The pupil's reduced timetable a new travel request is for (its checklist's transport
    item links here), if it is this pupil's at the membership's own school; else 404."""

    if not can_request_travel_change(membership, pupil):
        raise Http404(_("No such reduced timetable."))
    try:
        return ReducedTimetable.objects.get(
            pk=timetable_id, pupil=pupil, school_id=membership.school_id
        )
    except (ReducedTimetable.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such reduced timetable.")) from None
