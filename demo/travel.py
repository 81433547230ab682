"""Demo travel assistance change requests (004): one sent to Neath Port Talbot's transport team,
one draft at a Worcestershire school, both made and sent through the services and their guards.
Idempotent: a school that already has a demo request gets no other. Uses only the demo's own
schools, people and pupils (demo/seed.py)."""

import datetime
import logging

from django.db import transaction

from cases.guards import GuardError
from cases.pupils.models import Pupil
from cases.reduced_timetables.models import ReducedTimetable
from cases.travel.models import TravelAssistanceRequest
from cases.travel.services import travel_request_create, travel_request_send
from demo.letters import delivered
from documents.rendering import DocumentRenderError
from tenancy.models import School, User

logger = logging.getLogger(__name__)


def _next_monday(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=7 - today.weekday())


def _pupil_and_timetable(school: School, *, with_timetable: bool):
    """A pupil on a reduced timetable at the school if wanted and the demo has one, else the
    school's first pupil."""
    if not with_timetable:
        return Pupil.objects.filter(school=school).order_by("upn").first(), None
    timetable = (
        ReducedTimetable.objects.filter(school=school, pupil__school=school)
        .select_related("pupil")
        .order_by("pk")
        .first()
    )
    if timetable is not None:
        return timetable.pupil, timetable
    return Pupil.objects.filter(school=school).order_by("upn").first(), None


def _request(school: School, user: User, today: datetime.date, *, with_timetable=False, **fields):
    pupil, timetable = _pupil_and_timetable(school, with_timetable=with_timetable)
    if pupil is None:
        return None
    start = timetable.start if timetable else _next_monday(today)
    end = timetable.provisional_end if timetable else start + datetime.timedelta(weeks=6, days=4)
    return travel_request_create(
        pupil=pupil,
        by=user,
        reduced_timetable=timetable,
        details={
            "entitlement_confirmed": True,
            "requester_name": user.full_name,
            "requester_email": user.email,
            "requester_phone": school.phone,
            "pupil_name": pupil.full_name,
            "pupil_date_of_birth": pupil.date_of_birth,
            "pupil_address": pupil.home_address,
            "change_start": start,
            "change_end": end,
            **fields,
        },
    )


def _send(travel_request: TravelAssistanceRequest, today: datetime.date) -> None:
    """Sent to the LA's transport inbox, as the outbox records it once delivered (seeding sends
    no email)."""
    try:
        letter = travel_request_send(
            travel_request=travel_request, by=travel_request.requested_by, today=today
        )
    except (GuardError, DocumentRenderError) as error:
        logger.warning("Demo travel request %s not sent: %s", travel_request.pk, error)
        return
    delivered([letter], at=travel_request.sent_at)


@transaction.atomic
def seed_travel_requests(today: datetime.date) -> None:
    afan_vale = School.objects.filter(urn="900301").select_related("local_authority").first()
    if afan_vale and not TravelAssistanceRequest.objects.filter(school=afan_vale).exists():
        office = User.objects.get(email="office@afan-vale.demo")
        sent = _request(
            afan_vale,
            office,
            today,
            with_timetable=True,
            requester_position="School business manager",
            requester_signature=office.full_name,
            requester_signed_on=today - datetime.timedelta(days=1),
            requested_change="A reduced timetable: the pupil attends from 10:30am "
            "to 1pm Monday to Thursday and not on Fridays. Transport is needed at those times "
            "instead of the usual school start and finish.",
            monday_arrival=datetime.time(10, 30),
            monday_departure=datetime.time(13, 0),
            tuesday_arrival=datetime.time(10, 30),
            tuesday_departure=datetime.time(13, 0),
            wednesday_arrival=datetime.time(10, 30),
            wednesday_departure=datetime.time(13, 0),
            thursday_arrival=datetime.time(10, 30),
            thursday_departure=datetime.time(13, 0),
            reason="Agreed at the Pastoral Support Programme meeting with the family and the "
            "Additional Learning Needs service: a phased return after a long absence, "
            "increasing hours every fortnight.",
            sanctioner_name="Geraint Bowen",
            sanctioner_service="Additional Learning Needs Service",
            sanctioner_position="ALN officer",
            sanctioner_email="aln@npt.demo",
            sanctioner_phone="01639 763 000",
            sanction_reason="The reduced timetable is part of the pupil's PSP and is time "
            "limited with a plan to return to full-time education.",
            sanctioner_signature="G. Bowen",
            sanctioned_on=today - datetime.timedelta(days=2),
        )
        if sent is not None:
            _send(sent, today)
    elmbridge = School.objects.filter(urn="900101").first()
    if elmbridge and not TravelAssistanceRequest.objects.filter(school=elmbridge).exists():
        senco = User.objects.get(email="senco@elmbridge.demo")
        _request(
            elmbridge,
            senco,
            today,
            requester_position="SENCo",
            requested_change="Later collection on Wednesdays for an after-school therapy "
            "session at school; the usual times on other days.",
            monday_arrival=datetime.time(8, 30),
            monday_departure=datetime.time(15, 10),
            tuesday_arrival=datetime.time(8, 30),
            tuesday_departure=datetime.time(15, 10),
            wednesday_arrival=datetime.time(8, 30),
            wednesday_departure=datetime.time(16, 30),
            thursday_arrival=datetime.time(8, 30),
            thursday_departure=datetime.time(15, 10),
            friday_arrival=datetime.time(8, 30),
            friday_departure=datetime.time(15, 10),
            reason="Weekly occupational therapy at school, agreed with the family and the SENCo.",
        )
