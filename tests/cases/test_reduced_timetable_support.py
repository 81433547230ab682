"""Helpers shared by the reduced timetable tests (no tests here)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases.psp.models import PastoralSupportProgramme
from cases.reduced_timetables.models import (
    ReducedTimetable,
    RttChecklistAnswer,
    RttReintegrationStep,
    RttTimetableEntry,
)
from cases.reduced_timetables.rating import rating_refresh
from tenancy.jurisdiction import DFE_NATIONAL, NPT_004

MONDAY = datetime.date(2026, 11, 16)
Item = RttChecklistAnswer.Item


def on_the_004_protocol(world):
    """The world's LA follows Neath Port Talbot's protocol (004): its Appendix 1 checklist, its
    Appendix 2 audit and the Director's authorisation beyond 12 weeks. The world's LA is
    English (Worcestershire), whose own default is the DfE's national expectations."""
    world.la.reduced_timetable_protocol = NPT_004
    world.la.save(update_fields=["reduced_timetable_protocol"])
    return world


def on_national_expectations(world):
    """The world's LA on the DfE's national expectations (its English default, said outright)."""
    world.la.reduced_timetable_protocol = DFE_NATIONAL
    world.la.save(update_fields=["reduced_timetable_protocol"])
    return world


def in_neath_port_talbot(world):
    """The world's LA as the source's own: in Wales, on its own protocol (the nation's
    default), with its Wellbeing and Behaviour Service."""
    world.la.nation = "wales"
    world.la.reduced_timetable_protocol = ""
    world.la.behaviour_service = "Wellbeing and Behaviour Service"
    world.la.save(update_fields=["nation", "reduced_timetable_protocol", "behaviour_service"])
    return world


def rated(timetable):
    """Keep the stored audit rating as the services do: these helpers write rows directly."""
    rating_refresh(timetable.pk, today=timezone.localdate())
    timetable.refresh_from_db(fields=["rating", "past_limit_on"])
    return timetable


def psp_for(world, pupil=None, *, signed_on=None):
    """A PSP of the pupil; with `signed_on`, signed (agreed) that day, in stage five."""
    pupil = pupil or world.pupil
    signed = {"stage": PastoralSupportProgramme.Stage.REVIEW, "agreed_on": signed_on}
    return PastoralSupportProgramme.objects.create(
        pupil=pupil,
        school=pupil.school,
        school_lead=world.users["school_case_lead"],
        **(signed if signed_on else {}),
    )


def lac_authorised(on=None) -> dict:
    """The fields of a looked-after pupil's reduced timetable authorised by the social
    worker (004 Appendix 1)."""
    return {
        "lac_authority": ReducedTimetable.LacAuthority.SOCIAL_WORKER,
        "lac_authorised_by": "Sam Jones, Children's Services",
        "lac_authorised_on": on or MONDAY - datetime.timedelta(days=5),
    }


def make_timetable(world, *, pupil=None, start=MONDAY, weeks=10, **fields) -> ReducedTimetable:
    pupil = pupil or world.pupil
    values = {
        "pupil": pupil,
        "school": pupil.school,
        "psp": psp_for(world, pupil),
        "case_lead": world.users["school_case_lead"],
        "start": start,
        "provisional_end": start + datetime.timedelta(weeks=weeks, days=-1),  # `weeks` long
        "reason": ReducedTimetable.Reason.BEHAVIOUR,
        "hours_per_day": Decimal("2"),
        "responsible_adult": "Mother, at home",
        "agencies": "Education Welfare Officer",
    }
    return rated(ReducedTimetable.objects.create(**(values | fields)))


def agreed(world, pupil=None) -> dict:
    """The fields of a reduced timetable whose PSP is signed and, for a looked-after pupil,
    whose authorisation is recorded: what Appendix 1 asks beyond its answers."""
    pupil = pupil or world.pupil
    fields = {"psp": psp_for(world, pupil, signed_on=MONDAY - datetime.timedelta(days=7))}
    return fields | (lac_authorised() if pupil.looked_after else {})


def fill_secondary(timetable, lessons_a_day=2):
    for day in RttTimetableEntry.Day:
        for lesson in range(1, lessons_a_day + 1):
            RttTimetableEntry.objects.create(
                timetable=timetable, day=day.value, lesson=lesson, activity=f"Lesson {lesson}"
            )
    rated(timetable)


def add_step(timetable, weeks=4, hours="15"):
    step = RttReintegrationStep.objects.create(
        timetable=timetable,
        from_date=timetable.start + datetime.timedelta(weeks=weeks),
        hours_per_week=Decimal(hours),
    )
    rated(timetable)
    return step


def answer_all(timetable, by, on=None):
    on = on or timetable.start - datetime.timedelta(days=3)
    for item in Item:
        RttChecklistAnswer.objects.create(
            timetable=timetable,
            item=item,
            answer="na" if item in (Item.TRANSPORT, Item.ALN) else "yes",
            answered_by=by,
            answered_on=on,
        )


def ready_to_start(world, **fields) -> ReducedTimetable:
    """A planned reduced timetable with everything Appendix 1 asks for before the start: set
    up through a PSP signed the week before and, the world's pupil being looked after, the
    social worker's authorisation."""
    world.la.safeguarding_email = "safeguarding@worcs.example"
    world.la.psp_email = "psp@worcs.example"
    world.la.save()
    timetable = make_timetable(world, **(agreed(world, fields.get("pupil")) | fields))
    fill_secondary(timetable)
    add_step(timetable)
    answer_all(timetable, world.users["school_case_lead"])
    return timetable


def loaded(timetable) -> ReducedTimetable:
    """The timetable as the views load it (for rtt_status)."""
    return (
        ReducedTimetable.objects.select_related(
            "pupil__school__local_authority",
            "pupil__safeguarding",
            "school__local_authority",
            "psp",
        )
        .prefetch_related("entries", "steps", "checklist")
        .get(pk=timetable.pk)
    )
