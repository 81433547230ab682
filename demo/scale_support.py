"""A synthetic school's PSPs, reduced timetables and AP placements, at every stage, as their
services leave them (cases.psp.services, cases.reduced_timetables.services,
cases.placements.services): PSPs at each of the five stages and ceased, with reviews held on
time or late and the key adult's weekly check-ins; reduced timetables through a signed PSP (or
purely medical), planned, running (some past the 12 weeks, authorised, declined or not yet
asked), and ended, with the Appendix 1 checklist; placements with providers whose declaration
is current, with the provider's daily attendance (the latest days missing at some), running
and ended. Bulk-created (see demo/scale.py); deadlines come from each case's own refresh."""

import datetime
from decimal import Decimal

from django.db.models import DateTimeField, ExpressionWrapper
from django.db.models.functions import Cast

from cases.placements.models import ApAttendance, ApPlacement
from cases.psp.models import PastoralSupportProgramme, PspCheckIn, PspReview
from cases.reduced_timetables.models import (
    ReducedTimetable,
    RttChecklistAnswer,
    RttReintegrationStep,
    RttTimetableEntry,
)
from cases.reduced_timetables.rating import ratings_refresh
from demo.scale_dates import create, done_on, school_day, school_days_between
from tenancy.models import Role

Stage = PastoralSupportProgramme.Stage
RttState = ReducedTimetable.State
# (stage, weeks since it was agreed) for one school's PSPs: 24 open, 3 ceased.
PSP_SHAPES = (
    *((Stage.DECIDING, 0),) * 2,
    *((Stage.INFORMATION_GATHERING, 0),) * 2,
    *((Stage.ORGANISING, 0),) * 2,
    *((Stage.MEETING, 0),) * 2,
    *((Stage.REVIEW, w) for w in (2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 14, 15, 16, 18, 20, 22)),
    *((Stage.CEASED, w) for w in (20, 24, 30)),
)
# (state, weeks since the start, the Director's answer) of the reduced timetables set up
# through the PSPs at review (in PSP_SHAPES' order), and two purely medical ones.
RTT_SHAPES = (
    (RttState.STARTED, 1, ""),
    (RttState.STARTED, 2, ""),
    (RttState.STARTED, 3, ""),
    (RttState.STARTED, 4, ""),
    (RttState.STARTED, 5, ""),
    (RttState.STARTED, 7, ""),
    (RttState.STARTED, 9, ""),
    (RttState.STARTED, 11, ""),
    (RttState.STARTED, 13, ReducedTimetable.Decision.AUTHORISED),
    (RttState.STARTED, 14, ""),  # past the limit, not yet asked
    (RttState.STARTED, 15, ReducedTimetable.Decision.DECLINED),
    (RttState.ENDED, 16, ""),
    (RttState.ENDED, 17, ""),
)
MEDICAL_SHAPES = ((RttState.PLANNED, -1, ""), (RttState.STARTED, 3, ""))
# Weeks since each placement started (negative: still to come); from 14 weeks, ended.
AP_WEEKS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, -1, 14, 16)
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


def seed_support(*, school, staff, pupils, providers, director, rng, today) -> int:
    """The school's PSPs, reduced timetables and placements; how many cases were made."""
    lead, key_adult = staff[Role.CASE_LEAD], staff[Role.KEY_ADULT]
    psps = create(
        PastoralSupportProgramme,
        [
            _psp(school, pupil, lead, key_adult, shape, today)
            for pupil, shape in zip(pupils, PSP_SHAPES, strict=False)
        ],
        by=lead,
    )
    _psp_work(psps, lead, key_adult, rng, today)
    # The longest-running timetables rest on the PSPs signed longest ago.
    at_review = sorted((p for p in psps if p.stage == Stage.REVIEW), key=lambda p: p.agreed_on)
    longest_first = sorted(RTT_SHAPES, key=lambda shape: -shape[1])
    timetables = [
        _timetable(school, psp.pupil, lead, director, psp, shape, today)
        for psp, shape in zip(at_review, longest_first, strict=False)
    ]
    medical = pupils[len(PSP_SHAPES) : len(PSP_SHAPES) + len(MEDICAL_SHAPES)]
    timetables += [
        _timetable(school, pupil, lead, director, None, shape, today)
        for pupil, shape in zip(medical, MEDICAL_SHAPES, strict=False)
    ]
    timetables = create(ReducedTimetable, timetables, by=lead)
    _checklists(timetables, lead, rng, today)
    # The stored audit rating and limit date, as the services keep them.
    ratings_refresh(ReducedTimetable.objects.filter(pk__in=[t.pk for t in timetables]), today=today)
    placed = pupils[len(PSP_SHAPES) + len(MEDICAL_SHAPES) :]
    placements = create(
        ApPlacement,
        [
            _placement(school, pupil, lead, providers[(n + pupil.pk) % len(providers)], w, today)
            for n, (pupil, w) in enumerate(zip(placed, AP_WEEKS, strict=False))
        ]
        if providers
        else [],
        by=lead,
    )
    _ap_attendance(placements, lead, rng, today)
    return len(psps) + len(timetables) + len(placements)


def _psp(school, pupil, lead, key_adult, shape, today) -> PastoralSupportProgramme:
    stage, weeks = shape
    psp = PastoralSupportProgramme(
        pupil=pupil,
        school=school,
        stage=stage,
        school_lead=lead,
        key_adult=key_adult,
        risk_of_permanent_exclusion=pupil.pk % 3 == 0,
        reason="Repeated suspensions this term; at risk of permanent exclusion.",
        upn=pupil.upn,
    )
    if stage == Stage.ORGANISING:
        psp.meeting_on = school_day(today, 1)
    if stage in (Stage.REVIEW, Stage.CEASED):
        psp.meeting_on = psp.agreed_on = school_day(today, -weeks)
        psp.first_review_on = school_day(psp.agreed_on, 2)
        psp.signed_school_by = lead.full_name
        psp.signed_school_on = psp.signed_parent_on = psp.agreed_on
    if stage == Stage.CEASED:
        psp.ceased_on = school_day(today, -2)
    return psp


def _psp_work(psps, lead, key_adult, rng, today) -> None:
    """Reviews at the first interval and then every six weeks, some held late; weekly
    check-ins with the key adult, the latest missed at some."""
    reviews, check_ins = [], []
    for psp in psps:
        if psp.agreed_on is None:
            continue
        due = psp.first_review_on
        end = psp.ceased_on or today
        while due <= end:
            held = done_on(due, rng, end, missed=0) or due
            if held > end:
                break
            ceasing = psp.ceased_on is not None and school_day(held, 6) > end
            reviews.append(
                PspReview(
                    psp=psp,
                    held_on=held,
                    attendees=f"{lead.full_name}; {key_adult.full_name}; parent",
                    working="Fewer removals from lessons.",
                    outcome=PspReview.Outcome.CEASE if ceasing else PspReview.Outcome.CONTINUE,
                    next_review_on=None if ceasing else school_day(held, 6),
                    recorded_by=lead,
                )
            )
            if ceasing:
                break
            due = school_day(held, 6)
        if psp.stage != Stage.REVIEW:
            continue
        week = school_day(psp.agreed_on, 1)
        last = today - datetime.timedelta(days=7 if rng.random() < 0.3 else 0)
        while week <= last:
            check_ins.append(
                PspCheckIn(
                    psp=psp,
                    held_on=week,
                    working="Managed the mornings well.",
                    recorded_by=key_adult,
                )
            )
            week = school_day(week, 1)
    create(PspReview, reviews, by=lead)
    create(PspCheckIn, check_ins, by=key_adult)


def _timetable(school, pupil, lead, director, psp, shape, today) -> ReducedTimetable:
    state, weeks, decision = shape
    start = school_day(today, -weeks)
    if psp is not None and psp.agreed_on > start:
        start = psp.agreed_on
    t = ReducedTimetable(
        pupil=pupil,
        school=school,
        psp=psp,
        case_lead=lead,
        start=start,
        provisional_end=start + datetime.timedelta(weeks=10 if weeks < 12 else weeks + 4),
        state=state,
        basis=ReducedTimetable.Basis.PSP if psp else ReducedTimetable.Basis.MEDICAL,
        reason=ReducedTimetable.Reason.BEHAVIOUR if psp else ReducedTimetable.Reason.MEDICAL,
        health_care_plan="" if psp else "Individual health care plan, school nurse",
        hours_per_day=Decimal("3.5"),
        responsible_adult="Parent, at home",
        agencies="Education Welfare Officer",
    )
    if pupil.looked_after:
        t.lac_authority = ReducedTimetable.LacAuthority.SOCIAL_WORKER
        t.lac_authorised_by, t.lac_authorised_on = "Synthetic Social Worker", start
    if state != RttState.PLANNED:
        t.started_on, t.started_by, t.start_weekly_hours = start, lead, Decimal("15")
    if weeks >= 12 and decision:
        t.authorisation_requested_on = start + datetime.timedelta(weeks=10)
        t.authorisation_requested_by = lead
        t.authorisation_request = "Reintegration is slower than planned."
        t.authorisation_decision = decision
        if decision == ReducedTimetable.Decision.AUTHORISED:
            t.authorised_by, t.authorised_on = director, start + datetime.timedelta(weeks=11)
            t.authorised_until = t.provisional_end
        else:
            t.declined_by, t.declined_on = director, start + datetime.timedelta(weeks=11)
            t.decline_reason = "Return to full time by the end of the limit."
    if state == RttState.ENDED:
        t.ended_on = min(today, start + datetime.timedelta(weeks=10))
        t.provisional_end = t.ended_on
        t.end_note = "Back on a full timetable."
    return t


def _checklists(timetables, lead, rng, today) -> None:
    """The timetable (three lessons a day), the reintegration plan (two increases) and
    Appendix 1 answered before the start (some on the day, a few after it); a planned
    timetable's half done."""
    answers, entries, steps = [], [], []
    for t in timetables:
        entries += [
            RttTimetableEntry(timetable=t, day=day, lesson=lesson, activity="English, room 4")
            for day in RttTimetableEntry.Day.values
            for lesson in (1, 2, 3)
        ]
        steps += [
            RttReintegrationStep(
                timetable=t,
                from_date=t.start + datetime.timedelta(weeks=weeks),
                hours_per_week=Decimal(hours),
                note="One more lesson a day",
            )
            for weeks, hours in ((4, "20"), (8, "25"))
        ]
        items = list(RttChecklistAnswer.Item)
        if t.state == RttState.PLANNED:
            items = items[: len(items) // 2]
        answered = done_on(t.start, rng, today, missed=0) or t.start
        for item in items:
            not_applicable = item in (RttChecklistAnswer.Item.TRANSPORT,) or (
                item == RttChecklistAnswer.Item.PSP and t.psp_id is None
            )
            answers.append(
                RttChecklistAnswer(
                    timetable=t,
                    item=item,
                    answer=RttChecklistAnswer.Answer.NOT_APPLICABLE
                    if not_applicable
                    else RttChecklistAnswer.Answer.YES,
                    answered_by=lead,
                    answered_on=min(answered, today),
                )
            )
    create(RttTimetableEntry, entries, by=lead)
    create(RttReintegrationStep, steps, by=lead)
    create(RttChecklistAnswer, answers, by=lead)


def _placement(school, pupil, lead, provider, weeks, today) -> ApPlacement:
    start = school_day(today, -weeks)
    p = ApPlacement(
        pupil=pupil,
        school=school,
        provider=provider,
        monitoring_staff=lead,
        start=start,
        end=start + datetime.timedelta(weeks=12, days=4),
        rationale="Vocational learning re-engages the pupil; attendance in school has fallen.",
        consultation="Agreed with the pupil and their parents at the PSP meeting.",
        objectives="Attend every session.\nWork towards a Level 1 qualification.",
        created_by=lead,
    )
    for day in DAYS[pupil.pk % 3 :: 2]:
        setattr(p, f"{day}_from", datetime.time(9, 30))
        setattr(p, f"{day}_to", datetime.time(14, 30))
    if weeks >= 14:
        p.ended_on = school_day(today, -1)
        p.end_outcome = "Completed the course; back in school full time."
    return p


def _ap_attendance(placements, lead, rng, today) -> None:
    """The provider's marks for each day of the placement until yesterday (B), the latest
    day or two still missing at some."""
    marks = []
    for p in placements:
        weekdays = {n for n, day in enumerate(DAYS) if getattr(p, f"{day}_from")}
        last = min(today - datetime.timedelta(days=1), p.ended_on or p.end)
        days = list(school_days_between(p.start, last, weekdays))
        missing = rng.choice((0, 0, 1, 2))
        marks += [
            ApAttendance(placement=p, date=day, code="B", recorded_by=lead)
            for day in (days[: len(days) - missing] if missing else days)
        ]
    ApAttendance.objects.bulk_create(marks, batch_size=1000)
    # auto_now stamped them now; the provider reported each day that afternoon. The day made a
    # time first: SQLite adds hours to a bare date as whole days, and stored the date alone.
    ApAttendance.objects.filter(placement__in=placements).update(
        recorded_at=ExpressionWrapper(
            Cast("date", DateTimeField()) + datetime.timedelta(hours=16),
            output_field=DateTimeField(),
        )
    )
