"""Named guards of a travel assistance change request. Each raises GuardError with a message the
school's office can act on; services call them, templates never decide.

Source: 004_f815cbfe89cfcc2a.txt, "Home to School Travel Assistance Service, Request for Change
to Current Travel Assistance Arrangements"; the part each rule rests on is in its docstring.
"""

from django.utils.translation import gettext as _

from cases.guards import GuardError
from cases.pupils.models import Pupil
from cases.travel.models import TravelAssistanceRequest


def ensure_pupil_on_roll(pupil: Pupil, school_id: int) -> None:
    """004_f815cbfe89cfcc2a.txt, the travel assistance change form's "Section to be completed by the
    school": the school whose roll the pupil is on asks the LA to change their transport."""
    if pupil.school_id != school_id:
        raise GuardError(
            _(
                "%(pupil)s is no longer on this school's roll, so this school cannot change "
                "or send the request. The pupil's new school makes its own request."
            )
            % {"pupil": pupil.full_name}
        )


def ensure_entitlement_confirmed(travel_request: TravelAssistanceRequest) -> None:
    """004_f815cbfe89cfcc2a.txt, the travel assistance change form's note: it "should only be
    completed if the pupil has completed the HTST online application process and has received
    confirmation of an entitlement to home to school travel assistance"."""
    if not travel_request.entitlement_confirmed:
        raise GuardError(
            _(
                "This form is only for a pupil who already has a confirmed entitlement to home "
                "to school travel assistance. Confirm it on the request before sending."
            )
        )


def ensure_transport_inbox(travel_request: TravelAssistanceRequest) -> None:
    """004_f815cbfe89cfcc2a.txt Appendix 1 of "Reduced Timetables": the form "must be completed and
    sent to educationtransport@npt.gov.uk", each LA's transport inbox (an LA setting)."""
    la = travel_request.school.local_authority
    if not la.transport_email.strip():
        raise GuardError(
            _(
                "%(la)s has no travel assistance inbox in Waymark, so the form cannot be sent. "
                "The request is saved. Ask your LA's admin to add the address under LA "
                "settings, then send it."
            )
            % {"la": la.name}
        )


def ensure_can_send(travel_request: TravelAssistanceRequest) -> None:
    """004_f815cbfe89cfcc2a.txt, the travel assistance change form and Appendix 1 of "Reduced
    Timetables": before it goes to the LA, the pupil is still on the school's roll, the entitlement
    is confirmed and the LA has a transport inbox (see each guard)."""
    ensure_pupil_on_roll(travel_request.pupil, travel_request.school_id)
    ensure_entitlement_confirmed(travel_request)
    ensure_transport_inbox(travel_request)
