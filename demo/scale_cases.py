"""One synthetic school's cases, and their deadlines through each case type's own refresh."""

import datetime
import random

from cases.directions.deadlines import deadlines_refresh as direction_refresh
from cases.directions.models import Direction
from cases.placements.deadlines import placement_refresh_deadlines
from cases.placements.models import ApPlacement
from cases.psp.deadlines import psp_refresh_deadlines
from cases.psp.models import PastoralSupportProgramme
from cases.reduced_timetables.deadlines import refresh_deadlines as timetable_refresh
from cases.reduced_timetables.models import ReducedTimetable
from demo.scale_directions import SHAPES, seed_directions
from demo.scale_support import MEDICAL_SHAPES, PSP_SHAPES, seed_support
from reviews.calendars import term_dates_read_once
from reviews.models import Deadline
from reviews.services.deadlines import deadlines_batch
from tenancy.models import Role, School


def seed_school_cases(
    *, school: School, host, staff, pupils, providers, officer, rng: random.Random, today
) -> int:
    """The school's cases, unless it has some already (a second run adds none); how many."""
    if (
        Direction.objects.filter(home_school=school).exists()
        or PastoralSupportProgramme.objects.filter(school=school).exists()
    ):
        return 0
    # Each case on a pupil of its own, picked at random so needs and care status vary.
    wanted = len(SHAPES) + 1 + len(PSP_SHAPES) + len(MEDICAL_SHAPES) + 15
    chosen = rng.sample(pupils, min(wanted, len(pupils)))
    moving = len(SHAPES) + 1
    made = seed_directions(
        school=school,
        host=host,
        staff=staff,
        pupils=chosen[:moving],
        la_staff=officer,
        rng=rng,
        today=today,
    )
    return made + seed_support(
        school=school,
        staff=staff,
        pupils=chosen[moving:],
        providers=providers,
        director=officer[Role.DIRECTOR],
        rng=rng,
        today=today,
    )


def refresh_school_deadlines(school: School, today: datetime.date) -> int:
    """Every case of the school, open or ended, through its own deadline refresh (the path
    every service takes), in one batch that tells nobody; how many deadline rows it has."""
    with term_dates_read_once(), deadlines_batch(tell=False):
        for direction in Direction.objects.filter(home_school=school).select_related(
            "home_school__local_authority", "host_school__local_authority"
        ):
            direction_refresh(direction=direction, today=today)
        for psp in PastoralSupportProgramme.objects.filter(
            school=school, agreed_on__isnull=False
        ).select_related("school__local_authority"):
            psp_refresh_deadlines(psp=psp, today=today)
        for timetable in (
            ReducedTimetable.objects.filter(school=school)
            .select_related("school__local_authority", "pupil", "psp")
            .prefetch_related("checklist", "steps")
        ):
            timetable_refresh(timetable, today=today)
        for placement in ApPlacement.objects.filter(school=school).select_related(
            "school__local_authority"
        ):
            placement_refresh_deadlines(placement=placement, today=today)
    return Deadline.objects.filter(school=school).count()
