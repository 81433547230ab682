"""A small world of cases for the LA's reports, with known answers (no tests here).

"Today" is Thursday 3 December 2026, in Autumn 2 of the demo's English term dates: this
half-term is 2 November to 18 December 2026, this term 2 September to 18 December 2026, this
academic year 1 September 2026 to 31 August 2027. Each case type has cases on the edges of the
period (its first day in, the day before out) and one in another LA that must not appear.
"""

import datetime
from decimal import Decimal

from cases.directions.models import Direction, ManagedMove
from cases.placements.models import ApAttendance
from cases.psp.models import PastoralSupportProgramme, PspMonitoring, PspReview
from cases.reduced_timetables.models import ReducedTimetable
from demo.calendar import seed_term_dates
from reviews import reports
from safeguarding.models import ProviderVisit
from tests.cases.test_reduced_timetable_support import on_the_004_protocol
from tests.factories import PupilFactory, SchoolFactory
from tests.safeguarding import make_declaration, make_placement, make_provider

D = datetime.date
TODAY = D(2026, 12, 3)
Stage = PastoralSupportProgramme.Stage


def membership(world, role="la_la_officer"):
    return world.users[role].memberships.get()


def report(world, slug, kind, role="la_la_officer", today=TODAY):
    """The report `slug` over this `kind` of period, as the officer of `role` gets it."""
    declared = reports.find(slug)
    periods = reports.default_periods(today, reports.term_ranges(world.la.pk))
    return reports.make(declared, membership(world, role), periods[kind], today)


def table(report_, title):
    (found,) = [t for t in report_.body.tables if t.title == title]
    return found


def summary(report_) -> dict:
    return {str(label): value for label, value in report_.body.summary}


def pupil(world, school=None, first="Pat", last="Pupil"):
    return PupilFactory(school=school or world.school, first_name=first, last_name=last)


# PSPs (term: 2 September to 18 December 2026) ------------------------------------------------


def psp(world, pupil_, *, opened, **fields):
    made = PastoralSupportProgramme.objects.create(
        pupil=pupil_,
        school=pupil_.school,
        school_lead=world.users["school_case_lead"],
        **fields,
    )
    PastoralSupportProgramme.objects.filter(pk=made.pk).update(
        created_at=datetime.datetime.combine(opened, datetime.time(12), tzinfo=datetime.UTC)
    )
    return made


def psp_world(world):
    seed_term_dates(world.la)
    lead = world.users["school_case_lead"]
    agreed = psp(
        world,
        world.pupil,
        opened=D(2026, 9, 2),  # the term's first day: opened in it
        stage=Stage.REVIEW,
        agreed_on=D(2026, 9, 10),
        risk_of_permanent_exclusion=True,
        attendance_concern=True,
        has_aln=True,
    )
    for held in (D(2026, 8, 28), D(2026, 10, 1), D(2026, 12, 19)):  # only the second is in
        PspReview.objects.create(
            psp=agreed,
            held_on=held,
            attendees="School, parent",
            working="Attending",
            outcome=PspReview.Outcome.CONTINUE,
            next_review_on=held + datetime.timedelta(weeks=6),
            recorded_by=lead,
        )
    PspMonitoring.objects.create(psp=agreed, considered_on=D(2026, 9, 20), recorded_by=lead)
    ceased_on_first_day = psp(
        world,
        pupil(world, first="Casey", last="Ceased"),
        opened=D(2026, 5, 1),
        stage=Stage.CEASED,
        ceased_on=D(2026, 9, 2),
    )
    psp(  # ceased the day before the term began: not in it
        world,
        pupil(world, world.host, "Before", "Term"),
        opened=D(2026, 5, 1),
        stage=Stage.CEASED,
        ceased_on=D(2026, 9, 1),
    )
    psp(world, pupil(world, first="After", last="Term"), opened=D(2026, 12, 19))
    psp(world, world.other_pupil, opened=D(2026, 10, 1))  # another LA's
    timetable(  # waits for the Director, whose authorisation goes through the PSP Group
        world, world.pupil, D(2026, 9, 7), authorisation_requested_on=D(2026, 11, 23)
    )
    return agreed, ceased_on_first_day


# Reduced timetables (half-term: 2 November to 18 December 2026) ------------------------------


def timetable(world, pupil_, start, *, weeks=10, **fields):
    return ReducedTimetable.objects.create(
        pupil=pupil_,
        school=pupil_.school,
        basis=ReducedTimetable.Basis.MEDICAL,
        reason=fields.pop("reason", ReducedTimetable.Reason.MEDICAL),
        health_care_plan="Individual health care plan, 1 September 2026",
        case_lead=world.users["school_case_lead"],
        start=start,
        provisional_end=fields.pop("provisional_end", start + datetime.timedelta(weeks=weeks)),
        hours_per_day=Decimal("3"),
        responsible_adult="Mother, at home",
        agencies="School nurse",
        state=fields.pop("state", ReducedTimetable.State.STARTED),
        started_on=fields.pop("started_on", start),
        **fields,
    )


def rtt_world(world):
    on_the_004_protocol(world)  # the return's limit, Director and audit are 004's
    seed_term_dates(world.la)
    Ended = ReducedTimetable.State.ENDED
    director = world.users["la_director"]
    new = timetable(world, world.pupil, D(2026, 11, 2))  # the half-term's first day
    past = timetable(
        world, pupil(world, first="Long", last="Running"), D(2026, 7, 1), weeks=30
    )  # 12 weeks were up on 22 September 2026: past the limit, unauthorised
    timetable(
        world,
        pupil(world, first="Gone", last="Before"),
        D(2026, 9, 7),
        state=Ended,
        ended_on=D(2026, 11, 1),
    )  # ended the day before the half-term
    ended = timetable(
        world,
        pupil(world, world.host, "Ended", "Firstday"),
        D(2026, 7, 6),
        state=Ended,
        ended_on=D(2026, 11, 2),
    )
    authorised = timetable(
        world,
        pupil(world, first="Dee", last="Authorised"),
        D(2026, 8, 20),
        weeks=20,
        authorisation_requested_on=D(2026, 11, 1),
        authorisation_decision=ReducedTimetable.Decision.AUTHORISED,
        authorised_by=director,
        authorised_on=D(2026, 11, 20),
        authorised_until=D(2027, 1, 29),
        reason=ReducedTimetable.Reason.MEDICAL,
    )
    timetable(
        world,
        pupil(world, first="Not", last="Yet"),
        D(2026, 12, 10),
        state=ReducedTimetable.State.PLANNED,
        started_on=None,
    )
    timetable(world, world.other_pupil, D(2026, 11, 9))  # another LA's
    return new, past, ended, authorised


# AP (academic year: 1 September 2026 to 31 August 2027) --------------------------------------


def ap_world(world):
    seed_term_dates(world.la)
    staff = world.users["school_case_lead"]
    officer = world.users["la_la_safeguarding"]
    pathways = make_provider(world.la, "Pathways Vocational Centre", la_approved=True)
    make_declaration(pathways, D(2026, 6, 1), officer)
    riverside = make_provider(world.la, "Riverside Farm")  # no declaration
    elsewhere = make_provider(world.other_la, "Elsewhere Academy")
    first_day = make_placement(world.pupil, pathways, staff, D(2026, 9, 1), D(2027, 1, 29))
    for day, code in ((D(2026, 9, 1), "B"), (D(2026, 9, 3), "B"), (D(2026, 9, 8), "N")):
        ApAttendance.objects.create(placement=first_day, date=day, code=code, recorded_by=staff)
    make_placement(  # ended the day before the year began
        pupil(world, world.host, "Summer", "Only"), pathways, staff, D(2026, 6, 1), D(2026, 8, 31)
    )
    make_placement(  # ended early, on the year's first day
        pupil(world, first="Early", last="Leaver"),
        riverside,
        staff,
        D(2026, 6, 1),
        D(2026, 12, 18),
        ended_on=D(2026, 9, 1),
    )
    make_placement(
        world.other_pupil, elsewhere, world.users["other_case_lead"], D(2026, 9, 1), D(2026, 12, 1)
    )
    for provider, on, outcome in (
        (pathways, D(2026, 10, 5), ProviderVisit.Outcome.NO_CONCERNS),
        (pathways, D(2026, 8, 1), ProviderVisit.Outcome.ACTIONS),  # before the year
        (riverside, D(2026, 11, 10), ProviderVisit.Outcome.CONCERNS),
        (elsewhere, D(2026, 10, 5), ProviderVisit.Outcome.CONCERNS),
    ):
        ProviderVisit.objects.create(
            provider=provider,
            visited_on=on,
            officer="Sam Officer",
            findings="FINDINGS-NOT-IN-REPORT",
            outcome=outcome,
            recorded_by=officer,
        )
    return pathways, riverside


# Directions and managed moves (academic year) ------------------------------------------------


def direction(world, pupil_, home, host, start, **fields):
    return Direction.objects.create(
        pupil=pupil_,
        home_school=home,
        host_school=host,
        case_lead=world.users["school_case_lead"],
        state=fields.pop("state", Direction.State.ACTIVE),
        reasons="Persistent disruption",
        objectives="Attend every lesson",
        success_criteria="No suspensions",
        planned_start=start,
        planned_end=fields.pop("planned_end", start + datetime.timedelta(weeks=12)),
        **fields,
    )


def move(world, pupil_, old, new, on, direction_=None):
    return ManagedMove.objects.create(
        direction=direction_,
        pupil=pupil_,
        from_school=old,
        to_school=new,
        agreed_start=on,
        roll_changed_on=on,
        parents_agree=True,
        admission_authority_agrees=True,
        recorded_by=world.users["school_case_lead"],
    )


def moves_world(world):
    seed_term_dates(world.la)
    Ended, Ending = Direction.State.ENDED, Direction.Ending
    home, host = world.school, world.host
    direction(world, world.pupil, home, host, D(2026, 9, 1))  # the year's first day
    direction(  # began last year, back home on the year's first day
        world,
        pupil(world, first="Back", last="Home"),
        home,
        host,
        D(2026, 6, 1),
        state=Ended,
        ending=Ending.RETURNED,
        ended_on=D(2026, 9, 1),
    )
    mover = pupil(world, host, "Moved", "Across")
    converted = direction(
        world,
        mover,
        host,
        home,
        D(2026, 9, 15),
        state=Ended,
        ending=Ending.MANAGED_MOVE,
        ended_on=D(2026, 11, 20),
    )
    move(world, mover, host, home, D(2026, 11, 20), converted)
    move(world, pupil(world, first="Last", last="Year"), home, host, D(2026, 8, 31))
    move(world, pupil(world, first="Fresh", last="Start"), home, host, D(2026, 10, 1))
    other_host = SchoolFactory(local_authority=world.other_la, name="Other LA Host")
    direction(world, world.other_pupil, world.other_school, other_host, D(2026, 10, 1))
