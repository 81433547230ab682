"""Home to School Travel Assistance change requests: create, change, send (the answers before
anyone types are cases/travel/selectors.py; the guards cases/travel/guards.py).

Source: 004_f815cbfe89cfcc2a.txt, the "Request for Change to Current Travel Assistance
Arrangements" form ("completed forms should be emailed to: educationtransport@npt.gov.uk", each
LA's transport inbox here) and Appendix 1 (a pupil on a reduced timetable who receives travel
assistance needs this form). The form "should only be completed if the pupil has … received
confirmation of an entitlement to home to school travel assistance": a required confirmation.

A request stays saved whatever happens to the sending: with no transport inbox set, the person
is told and nothing is lost; a mail failure leaves the copy queued in the outbox. Changing a sent
request and sending it again sends the next version of the PDF.
"""

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.changes import apply_changes
from cases.pupils.models import Pupil
from cases.travel import documents as travel_documents
from cases.travel.guards import ensure_can_send, ensure_pupil_on_roll
from cases.travel.models import WEEKDAYS, TravelAssistanceRequest
from documents import outbox
from documents.models import Letter
from documents.rendering import format_date
from tenancy.models import User

# Every field of the form the school fills in (and, when already known, the sanctioning
# service's part), in the form's order.
REQUEST_FIELDS = (
    "entitlement_confirmed",
    "requester_name",
    "requester_position",
    "requester_email",
    "requester_phone",
    "requester_signature",
    "requester_signed_on",
    "pupil_name",
    "pupil_date_of_birth",
    "pupil_address",
    "change_start",
    "change_end",
    "requested_change",
    *(f"{day}_{when}" for day, _label in WEEKDAYS for when in ("arrival", "departure")),
    "reason",
    "sanctioner_name",
    "sanctioner_service",
    "sanctioner_position",
    "sanctioner_email",
    "sanctioner_phone",
    "sanction_reason",
    "sanctioner_signature",
    "sanctioned_on",
)


def transport_inbox_name(la) -> str:
    return _("%(la)s Home to School Transport") % {"la": la.name}


def _save(travel_request: TravelAssistanceRequest, by: User) -> None:
    travel_request._history_user = by
    travel_request.full_clean()
    travel_request.save()


@transaction.atomic
def travel_request_create(
    *, pupil: Pupil, by: User, details: Mapping[str, object], reduced_timetable=None
) -> TravelAssistanceRequest:
    """Record a new request from the form's answers (fields of REQUEST_FIELDS)."""
    if reduced_timetable is not None and reduced_timetable.pupil_id != pupil.pk:
        raise ValueError("A travel request's reduced timetable must be the same pupil's.")
    travel_request = TravelAssistanceRequest(
        pupil=pupil, school=pupil.school, requested_by=by, reduced_timetable=reduced_timetable
    )
    apply_changes(travel_request, details, REQUEST_FIELDS)
    _save(travel_request, by)
    return travel_request


@transaction.atomic
def travel_request_update(
    *, travel_request: TravelAssistanceRequest, by: User, changes: Mapping[str, object]
) -> TravelAssistanceRequest:
    """Change the request (fields of REQUEST_FIELDS); once it has been sent it shows as changed
    until it is sent again."""
    saved = TravelAssistanceRequest.objects.select_for_update().get(pk=travel_request.pk)
    ensure_pupil_on_roll(saved.pupil, saved.school_id)
    apply_changes(saved, changes, REQUEST_FIELDS)
    saved.edited_at = timezone.now()
    _save(saved, by)
    return saved


def travel_request_send(
    *, travel_request: TravelAssistanceRequest, by: User, today: datetime.date
) -> Letter:
    """Make the next version of the form's PDF and email it to the LA's transport inbox.

    Raises GuardError (cannot be sent now; nothing recorded) or DocumentRenderError (no PDF).
    Delivery, retries and "Send again" are the outbox's (documents/outbox.py).
    """
    ensure_can_send(travel_request)
    # Rendered before the transaction: WeasyPrint must not hold a write lock.
    document = travel_documents.generate(travel_request, by=by, today=today)
    pupil = travel_request.pupil
    la = travel_request.school.local_authority
    with transaction.atomic():
        fresh = TravelAssistanceRequest.objects.select_for_update().get(pk=travel_request.pk)
        letter = outbox.letter_send_to_inbox(
            pupil=pupil,
            document=document,
            subject=_("Request for change to travel assistance: %(pupil)s, %(school)s")
            % {"pupil": fresh.pupil_name, "school": travel_request.school.name},
            body=_(
                "Please find attached a Home to School Travel Assistance request for change to "
                "current travel assistance arrangements for %(pupil)s (date of birth %(dob)s), "
                "from %(start)s to %(end)s.\n\nIf you have any questions, please contact "
                "%(name)s, %(position)s, at %(email)s or on %(phone)s."
            )
            % {
                "pupil": fresh.pupil_name,
                "dob": format_date(fresh.pupil_date_of_birth),
                "start": format_date(fresh.change_start),
                "end": format_date(fresh.change_end),
                "name": fresh.requester_name,
                "position": fresh.requester_position,
                "email": fresh.requester_email,
                "phone": fresh.requester_phone,
            },
            to_name=transport_inbox_name(la),
            to_email=la.transport_email,
            by=by,
        )
        fresh.sent_at = timezone.now()
        fresh.sent_by = by
        fresh._history_user = by
        fresh.save(update_fields=["sent_at", "sent_by"])
    travel_request.sent_at, travel_request.sent_by = fresh.sent_at, by
    return letter
