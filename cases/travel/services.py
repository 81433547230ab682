"""Home to School Travel Assistance change requests: prefill, create, change, send.

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

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.guards import GuardError
from cases.models import Pupil, TravelAssistanceRequest
from cases.travel import documents as travel_documents
from cases.travel.models import WEEKDAYS
from documents import outbox
from documents.models import Letter
from documents.rendering import format_date
from tenancy.models import Membership, User


def transport_inbox_name(la) -> str:
    return _("%(la)s Home to School Transport") % {"la": la.name}


def _timetable_times(reduced_timetable) -> dict:
    """The daily times of a reduced timetable, when it records them: its `travel_times()`
    ({"monday": (arrival, departure), …}) if it has one, else the first and last times of each
    day's entries in week 1 (the pupil arrives for the first, leaves after the last). Days with
    no times stay empty."""
    times = getattr(reduced_timetable, "travel_times", None)
    if callable(times):
        by_day = times() or {}
    else:
        by_day = _times_from_entries(reduced_timetable)
    initial = {}
    days = dict(WEEKDAYS)
    for day, (arrival, departure) in by_day.items():
        if day in days:
            initial[f"{day}_arrival"] = arrival
            initial[f"{day}_departure"] = departure
    return initial


def _times_from_entries(reduced_timetable) -> dict:
    entries = getattr(reduced_timetable, "entries", None)
    if entries is None or reduced_timetable.pk is None:
        return {}
    names = [day for day, _label in WEEKDAYS]  # the entries' days count from Monday = 0
    starts: dict[str, list] = {}
    ends: dict[str, list] = {}
    for day, starts_at, ends_at in entries.filter(week=1).values_list(
        "day", "starts_at", "ends_at"
    ):
        if not 0 <= day < len(names):
            continue
        if starts_at:
            starts.setdefault(names[day], []).append(starts_at)
        if ends_at:
            ends.setdefault(names[day], []).append(ends_at)
    return {
        day: (min(starts.get(day, []), default=None), max(ends.get(day, []), default=None))
        for day in names
        if day in starts or day in ends
    }


def travel_request_initial(
    *, pupil: Pupil, by: User, membership: Membership, reduced_timetable=None
) -> dict:
    """The form's answers before anyone types: the pupil's details from the Pupil Passport, the
    person's own details, and the reduced timetable's dates (and daily times, if it has them)."""
    school = pupil.school
    initial = {
        "pupil_name": pupil.full_name,
        "pupil_date_of_birth": pupil.date_of_birth,
        "pupil_address": pupil.home_address,
        "requester_name": by.full_name,
        "requester_position": by.job_title or membership.get_role_display(),
        "requester_email": by.email,
        "requester_phone": school.phone,
    }
    if reduced_timetable is not None:
        initial |= {
            "change_start": reduced_timetable.start,
            "change_end": reduced_timetable.provisional_end,
            "requested_change": _(
                "%(pupil)s is on a reduced timetable from %(start)s to %(end)s (provisional "
                "end date). Transport is needed at the times below instead of the usual school "
                "start and finish times."
            )
            % {
                "pupil": pupil.first_name,
                "start": format_date(reduced_timetable.start),
                "end": format_date(reduced_timetable.provisional_end),
            },
            **_timetable_times(reduced_timetable),
        }
    return initial


# Guards ------------------------------------------------------------------------------------


def ensure_pupil_on_roll(pupil: Pupil, school_id: int) -> None:
    """Only the school whose roll the pupil is on asks the LA to change their transport."""
    if pupil.school_id != school_id:
        raise GuardError(
            _(
                "%(pupil)s is no longer on this school's roll, so this school cannot change "
                "or send the request. The pupil's new school makes its own request."
            )
            % {"pupil": pupil.full_name}
        )


def ensure_entitlement_confirmed(travel_request: TravelAssistanceRequest) -> None:
    if not travel_request.entitlement_confirmed:
        raise GuardError(
            _(
                "This form is only for a pupil who already has a confirmed entitlement to home "
                "to school travel assistance. Confirm it on the request before sending."
            )
        )


def ensure_transport_inbox(travel_request: TravelAssistanceRequest) -> None:
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
    ensure_pupil_on_roll(travel_request.pupil, travel_request.school_id)
    ensure_entitlement_confirmed(travel_request)
    ensure_transport_inbox(travel_request)


# Changes -----------------------------------------------------------------------------------


def _save(travel_request: TravelAssistanceRequest, by: User) -> None:
    travel_request._history_user = by
    travel_request.full_clean()
    travel_request.save()


@transaction.atomic
def travel_request_create(
    *, pupil: Pupil, by: User, form, reduced_timetable=None
) -> TravelAssistanceRequest:
    """Record a new request from the filled-in form (a ModelForm of TravelAssistanceRequest)."""
    travel_request = form.save(commit=False)
    travel_request.pupil = pupil
    travel_request.school = pupil.school
    travel_request.requested_by = by
    if reduced_timetable is not None and reduced_timetable.pupil_id != pupil.pk:
        raise ValueError("A travel request's reduced timetable must be the same pupil's.")
    travel_request.reduced_timetable = reduced_timetable
    _save(travel_request, by)
    return travel_request


@transaction.atomic
def travel_request_update(
    *, travel_request: TravelAssistanceRequest, by: User, form
) -> TravelAssistanceRequest:
    """Change the request; once it has been sent it shows as changed until it is sent again."""
    ensure_pupil_on_roll(travel_request.pupil, travel_request.school_id)
    travel_request = form.save(commit=False)
    travel_request.edited_at = timezone.now()
    _save(travel_request, by)
    return travel_request


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


# Reads -------------------------------------------------------------------------------------
