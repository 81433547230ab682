"""The demo's off-site directions at every stage, with their meetings, letters, host work, a
managed move and the LA's tasks.

Each direction is walked from its proposal through the same services (and so the same guards) as
the pages, on the days it happened: propose, consult, approach the host, the host's answer, the
decision, the direction letter (the notice), the initial meeting, the start, reviews, and the end
or the managed move. Every demo case is one a case lead could have made. Idempotent: a pupil
who already has a direction is skipped.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils import timezone

from cases.directions import letters, managed_moves
from cases.directions import services as svc
from cases.directions.deadlines import deadlines_refresh
from cases.directions.host_models import ContactEntry
from cases.directions.models import Consultation, Direction, LaTask
from cases.guards import GuardError
from cases.pupils.models import Pupil
from demo.host_work import (
    at,
    host_suspends,
    log,
    register,
    run_active_host_work,
    suspended_sessions,
)
from demo.letters import delivered
from demo.organisations import schools_by_slug
from demo.pupils import school_day_on_or_after, school_day_on_or_before
from documents.rendering import DocumentRenderError
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Deadline, Meeting
from reviews.services.deadlines import deadline_waive
from tenancy.models import Role, School, User

State = Direction.State
ORDER = [s.value for s in State]


@dataclass(frozen=True)
class DemoDirection:
    school: str
    host: str | None
    state: str  # how far it has gone
    ending: str
    weeks: int  # from this week's Monday to the first day
    keeps_in_touch: bool = True  # an active one: the weekly home–host contact never slipped
    emergency_review: bool = False  # an emergency review two weeks in that decided to continue
    letter_bounces: bool = False  # one parent's email of the direction letter failed
    review_every: int | None = None  # weeks between reviews agreed, if not the LA's usual


DIRECTIONS = [
    DemoDirection("elmbridge", None, State.PROPOSED, "", 4),
    DemoDirection("elmbridge", "severn-meadow", State.CONSULTED, "", 4),
    DemoDirection("elmbridge", "severn-meadow", State.HOST_AGREED, "", 3),
    DemoDirection("elmbridge", "severn-meadow", State.DECIDED, "", 1),
    DemoDirection("elmbridge", "severn-meadow", State.NOTICE_SENT, "", 1),
    DemoDirection("elmbridge", "severn-meadow", State.ACTIVE, "", -5),
    DemoDirection("elmbridge", "severn-meadow", State.ENDED, Direction.Ending.MANAGED_MOVE, -14),
    DemoDirection("elmbridge", "severn-meadow", State.ENDED, Direction.Ending.HOST_ENDED, -8),
    DemoDirection(
        "arden-park",
        "avon-valley",
        State.ACTIVE,
        "",
        -3,
        keeps_in_touch=False,
        emergency_review=True,
        letter_bounces=True,
        review_every=4,
    ),
    DemoDirection("arden-park", None, State.PROPOSED, "", 5),
]

PLAN = {
    "reasons": "Persistent disruptive behaviour in lessons and three suspensions this "
    "term; in-school support and a PSP have not been enough.",
    "objectives": "Attend every lesson on time\nNo suspensions\nKeep up with English, "
    "maths and science",
    "success_criteria": "Attendance above 95% and positive reports from every subject "
    "teacher for six weeks.",
    "maximum_period": "twelve weeks",
    "start_time": datetime.time(8, 40),
    "end_time": datetime.time(15, 10),
    "break_times": "registration 8:40am, morning break 10:40am to 11am, lunch 12:20pm to 1pm",
    "report_to_name": "Ms Fatima Begum",
    "report_to_role": "Head of Year 9",
    "report_time": datetime.time(8, 30),
    "parent_understands": "yes",
    "parental_comments": "Mum is worried about the journey but understands the reasons.",
    "parents_agree": True,
}


def seed_directions(today: datetime.date) -> None:
    """Off-site directions at every stage, host work, a managed move, LA tasks and letters."""
    schools = schools_by_slug()
    used: dict[str, int] = {}
    for spec in DIRECTIONS:
        home = schools[spec.school]
        # The school's pupils, and its former ones (a managed move), so the same pupils are
        # picked on every run.
        pupils = list(
            Pupil.objects.filter(Q(school=home) | Q(directions__home_school=home))
            .distinct()
            .order_by("upn")
        )
        pupil = pupils[used.setdefault(spec.school, 0)]
        used[spec.school] += 1
        if pupil.directions.exists():
            continue
        _Walk(spec, pupil, home, schools.get(spec.host), today).run()


def _member(school: School, role: str) -> User | None:
    return User.objects.filter(memberships__school=school, memberships__role=role).first()


def _la_member(school: School, role: str) -> User | None:
    return User.objects.filter(
        memberships__local_authority_id=school.local_authority_id, memberships__role=role
    ).first()


class _Walk:
    """One demo direction, taken as far as its spec says, one service call per step."""

    def __init__(self, spec: DemoDirection, pupil: Pupil, home: School, host, today):
        self.spec, self.pupil, self.home, self.host, self.today = spec, pupil, home, host, today
        monday = today - datetime.timedelta(days=today.weekday())
        # The first day is a school day at the home school (the service refuses a holiday).
        self.cal = calendar_for_school(home)
        self.start = school_day_on_or_after(monday + datetime.timedelta(weeks=spec.weeks), self.cal)
        self.lead = _member(home, Role.CASE_LEAD)
        self.head = _member(home, Role.HEADTEACHER)
        self.direction: Direction | None = None

    def reached(self, state: str) -> bool:
        return ORDER.index(self.spec.state) >= ORDER.index(state)

    def school_day(self, day: datetime.date) -> datetime.date:
        """The school day on or after `day`: meetings are held on school days."""
        return school_day_on_or_after(day, self.cal)

    def meeting_before_start(self) -> datetime.date:
        """The initial meeting: the last school day before the first day, or the first day
        itself when the term starts that day."""
        before = rules.add_school_days(self.start, -1, self.cal)
        return before if (self.start - before).days <= 4 else self.start

    def past(self, day: datetime.date) -> datetime.date:
        """A step of a direction that starts soon happened no later than today."""
        return min(day, self.today)

    def step(self, day: datetime.date, action):
        """Run one step and date the direction's history on the day it happened (the demo
        walks through weeks of a case in a moment; the timeline reads the history)."""
        since = self.direction.history.aggregate(last=Max("history_id"))["last"] or 0
        result = action()
        moment = min(at(day, 9), timezone.now())
        self.direction.history.filter(history_id__gt=since).update(history_date=moment)
        return result

    def run(self) -> None:
        weeks = datetime.timedelta(weeks=1)
        self.propose(self.past(self.start - 5 * weeks))
        if self.reached(State.CONSULTED):
            self.consult(self.past(self.start - 4 * weeks))
            if self.host:
                self.step(
                    day := self.past(self.start - 3 * weeks),
                    lambda: svc.direction_approach_host(
                        direction=self.direction, host=self.host, on=day, by=self.lead
                    ),
                )
        if self.reached(State.HOST_AGREED):
            self.step(
                day := self.past(self.start - 2 * weeks),
                lambda: svc.direction_host_answers(
                    direction=self.direction, accepted=True, on=day, by=self.lead
                ),
            )
        if self.reached(State.DECIDED):
            self.decide(self.past(self.start - datetime.timedelta(days=12)))
        if self.reached(State.NOTICE_SENT):
            self.send_notice(self.past(self.start - datetime.timedelta(days=8)))
        if self.reached(State.INITIAL_MEETING_HELD):
            self.initial_meeting(self.meeting_before_start())
        if self.reached(State.ACTIVE):
            self.step(
                self.start,
                lambda: svc.direction_start(
                    direction=self.direction, by=self.lead, today=self.start
                ),
            )
        if self.spec.emergency_review:
            self.emergency_review_continues()
        if self.spec.state == State.ACTIVE:
            run_active_host_work(
                self.direction, self.today, keeps_in_touch=self.spec.keeps_in_touch
            )
        if self.spec.ending == Direction.Ending.MANAGED_MOVE:
            self.converted_to_managed_move()
        if self.spec.ending == Direction.Ending.HOST_ENDED:
            self.ended_by_the_host()
        deadlines_refresh(direction=self.direction, today=self.today)

    # The steps ----------------------------------------------------------------------------

    def propose(self, day: datetime.date) -> None:
        point = f"{self.lead.full_name}, case lead" if self.lead else ""
        self.direction = svc.direction_propose(
            pupil=self.pupil,
            case_lead=self.lead,
            plan={
                **PLAN,
                "planned_start": self.start,
                "planned_end": self.start + datetime.timedelta(weeks=12),
                "point_of_contact": point,
            },
        )
        proposed = min(at(day, 9), timezone.now())
        Direction.objects.filter(pk=self.direction.pk).update(created_at=proposed)
        self.direction.history.update(history_date=proposed)

    def consult(self, day: datetime.date) -> None:
        """Whoever this pupil and this LA need consulted (guards.missing_consultations)."""
        pupil, la = self.pupil, self.home.local_authority
        Kind = Consultation.Kind
        wanted = []
        if la.coordinator_consultation_required:
            area = self.home.area
            who = (
                f"{area.coordinator_name}, Education Entitlement Coordinator ({area.name})"
                if area
                else "The area's Education Entitlement Coordinator"
            )
            wanted.append((Kind.COORDINATOR, who, "Agrees a direction is worth trying first."))
        if pupil.has_ehcp:
            send = _la_member(self.home, Role.LA_SEND)
            who = f"{send.full_name}, LA SEND team" if send else "LA SEND team"
            wanted.append((Kind.SEND_TEAM, who, "The host can meet the needs in the EHCP."))
        if pupil.looked_after:
            head = _la_member(self.home, Role.VIRTUAL_SCHOOL)
            who = f"{head.full_name}, Virtual School Head" if head else "The Virtual School"
            wanted.append((Kind.VIRTUAL_SCHOOL, who, "Supports it; the PEP to be updated."))
            worker = pupil.social_worker.split(",")[0].strip() or "The child's social worker"
            wanted.append((Kind.SOCIAL_WORKER, worker, "Supports a fresh start at the host."))
        for kind, person, notes in wanted:
            svc.direction_record_consultation(
                direction=self.direction,
                kind=kind,
                person=person,
                on=day,
                supports=True,
                notes=notes,
                by=self.lead,
            )
        self.step(day, lambda: svc.direction_mark_consulted(direction=self.direction, by=self.lead))

    def decide(self, day: datetime.date) -> None:
        self.step(
            day,
            lambda: svc.direction_decide(
                direction=self.direction,
                decided_by=self.head,
                decided_on=day,
                delegation=Direction.Delegation.PERSON,
                delegation_details="Headteacher, under the scheme of delegation",
                today=day,
            ),
        )

    def send_notice(self, day: datetime.date) -> None:
        """The direction letter, emailed to the parents, is the written notice; with nobody to
        write to (or no PDF) the notice is recorded as sent by hand."""
        try:
            letter = self.step(
                day,
                lambda: letters.direction_letter_send(
                    direction=self.direction, by=self.lead, today=day
                ),
            )
        except (GuardError, DocumentRenderError):
            self.step(
                day,
                lambda: svc.direction_record_notice(
                    direction=self.direction, sent_on=day, by=self.lead
                ),
            )
            return
        delivered([letter], at=at(day, 9, 5), bounce=self.spec.letter_bounces)

    def initial_meeting(self, day: datetime.date) -> None:
        self.step(
            day,
            lambda: svc.direction_record_meeting(
                direction=self.direction,
                kind=Meeting.Kind.INITIAL,
                changes={
                    "date": day,
                    "home_representative": self.lead.full_name,
                    "host_representative": "Ms Fatima Begum",
                    "parent_carer": "Mother",
                    "reasons": self.direction.reasons,
                    "success_needs": self.direction.success_criteria,
                    "next_meeting": self.school_day(self.start + datetime.timedelta(weeks=6)),
                },
                review_interval_weeks=self.spec.review_every,
                by=self.lead,
            ),
        )

    def emergency_review_continues(self) -> None:
        """An emergency review called the next day after an incident, with Mum there; it
        decided to continue. Called at a day's notice, so its written invitation is waived."""
        direction = self.direction
        day = self.school_day(direction.planned_start + datetime.timedelta(weeks=2, days=1))
        review = direction.meetings.filter(held=False, kind=Meeting.Kind.REVIEW).first()
        meeting = self.step(
            day,
            lambda: svc.direction_record_meeting(
                direction=direction,
                kind=Meeting.Kind.EMERGENCY,
                changes={
                    "date": day,
                    "home_representative": f"{self.lead.full_name}, case lead",
                    "host_representative": f"{self.host.headteacher_name}, headteacher",
                    "parent_carer": "Mother",
                    "others": "Year 9 pastoral lead, host school",
                    "progress": "Good attendance (96%) and settling into lessons; two "
                    "positive reports from maths and English.",
                    "concerns": "A serious argument with another pupil at lunchtime that "
                    "the host could not calm down. Suggested: a named adult at lunch and a "
                    "quiet room to go to.",
                    "support": "Lunchtime key adult at the host; weekly call between the two "
                    "schools' pastoral leads.",
                    "outcome": Meeting.Outcome.CONTINUE,
                    "continue_until": direction.planned_end,
                    "next_meeting": review.date if review else None,
                    "signed_by_parent": True,
                    "signed_by_child": True,
                    "signed_by_home": True,
                    "signed_by_host": True,
                },
                by=self.lead,
            ),
        )
        deadlines_refresh(direction=direction, today=self.today)
        invitation = direction.deadlines.filter(
            key=f"invitation:{meeting.pk}", state__in=Deadline.PENDING_STATES
        ).first()
        if invitation is not None:
            deadline_waive(
                deadline=invitation,
                reason="Called at a day's notice after the incident at lunchtime; Mum agreed "
                "on the phone to the short notice and came.",
                by=self.lead,
            )

    def converted_to_managed_move(self) -> None:
        """The review twelve weeks in agreed a managed move to the host (003): the direction
        stayed open, moving, until the parents and the admission authority agreed, and ended
        when the pupil went onto the new roll on the agreed start date, a week after the review
        (seed_demo finds the moved pupil by UPN, so a second run does not make them again).
        The portal return is done, the spreadsheet is not."""
        direction = self.direction
        weeks = datetime.timedelta(weeks=1)
        review = direction.meetings.get(held=False, kind=Meeting.Kind.REVIEW)
        # Twelve weeks in, or sooner when that is under a week ago: the pupil must be on the
        # new roll by today, and the roll changes on the agreed start a week after the review.
        day = min(
            self.school_day(self.start + 12 * weeks),
            school_day_on_or_before(self.today - weeks, self.cal),
        )
        svc.meeting_record_invitation(
            meeting=review, invited_on=min(self.start + 11 * weeks, day - weeks), by=self.lead
        )
        self.step(
            day,
            lambda: svc.direction_record_meeting(
                direction=direction,
                kind=Meeting.Kind.REVIEW,
                scheduled=review,
                changes={
                    "date": day,
                    "outcome": Meeting.Outcome.MANAGED_MOVE,
                    "progress": "Settled well; attendance 97%; no incidents since week 3.",
                    "signed_by_parent": True,
                    "signed_by_home": True,
                    "signed_by_host": True,
                },
                by=self.lead,
            ),
        )
        host = direction.host_school
        starts = max(day, min(self.school_day(day + weeks), self.today))
        self.step(
            day,
            lambda: managed_moves.managed_move_record(
                direction=direction,
                changes={
                    "agreed_start": starts,
                    "funding_awpu": "£2,140 (AWPU balance for the rest of the year)",
                    "funding_send": "",
                    "funding_backdated": True,
                    "transport_redesignation": f"School Admissions to redesignate {host.name} "
                    "for transport purposes; the family does not need transport assistance.",
                    "parents_agree": True,
                    "admission_authority_agrees": False,
                },
                by=self.lead,
                today=day,
            ),
        )
        # The admission authority's agreement came later; the roll changed on the agreed date.
        self.step(
            starts,
            lambda: managed_moves.managed_move_record(
                direction=direction,
                changes={"admission_authority_agrees": True},
                by=self.lead,
                today=self.today,
            ),
        )
        direction.refresh_from_db()
        managed_moves.la_task_mark_done(
            task=LaTask.objects.get(direction=direction, kind=LaTask.Kind.PORTAL_RETURN),
            by=self.lead,
            note="Off-roll return submitted on the Children's Services Portal.",
            today=min(direction.ended_on + datetime.timedelta(days=3), self.today),
        )

    def ended_by_the_host(self) -> None:
        """Two weeks before the end, the host suspended the pupil and an emergency review the
        next school day gave one more chance; after a further incident the host ended the
        arrangement and the pupil went home (003 "Review")."""
        direction = self.direction
        ended_on = self.start + datetime.timedelta(weeks=6)
        cal = calendar_for_school(direction.host_school)
        start = rules.add_school_days(ended_on, -3, cal)
        review_day = rules.add_school_days(start, 1, cal)
        suspension = host_suspends(direction, start, review_day)
        register(
            direction, direction.planned_start, ended_on, suspended=suspended_sessions(suspension)
        )
        emergency = direction.meetings.get(held=False, kind=Meeting.Kind.EMERGENCY)
        svc.meeting_record_invitation(meeting=emergency, invited_on=start, by=self.lead)
        next_review = rules.add_school_days(review_day, 10, self.cal)
        meeting = self.step(
            review_day,
            lambda: svc.direction_record_meeting(
                direction=direction,
                kind=Meeting.Kind.EMERGENCY,
                scheduled=emergency,
                changes={
                    "date": review_day,
                    "home_representative": f"{self.lead.full_name}, case lead",
                    "host_representative": f"{self.host.headteacher_name}, headteacher",
                    "parent_carer": "Mother",
                    "progress": "Attendance good until the incident; work completed in most "
                    "lessons.",
                    "concerns": "A serious assault on a member of staff. The host will give one "
                    "more chance, on a shorter day, and will end the placement if anything "
                    "like it happens again.",
                    "support": "Shorter day with a key adult at the host; reintegration plan "
                    "at the home school ready if needed.",
                    "outcome": Meeting.Outcome.CONTINUE,
                    # Until the planned end, or the next review if that is later (across the
                    # summer): a direction never ends before the review that decides.
                    "continue_until": max(direction.planned_end, next_review),
                    "next_meeting": next_review,
                    "signed_by_parent": True,
                    "signed_by_home": True,
                    "signed_by_host": True,
                },
                by=self.lead,
            ),
        )
        sent_on = rules.add_school_days(review_day, 1, cal)
        try:
            letter = letters.decision_letter_send(meeting=meeting, by=self.lead, today=sent_on)
        except (GuardError, DocumentRenderError):
            letters.meeting_record_decision_sent(meeting=meeting, sent_on=sent_on, by=self.lead)
        else:
            delivered([letter], at=at(sent_on, 9, 5))
        log(
            direction,
            [
                (
                    at(ended_on, 10, 30),
                    ContactEntry.Between.HOME_HOST,
                    f"Host headteacher and {self.lead.full_name}",
                    ContactEntry.How.PHONE,
                    "A further incident this morning: the host has ended the arrangement. "
                    "Back at the home school from tomorrow, with the reintegration plan.",
                    True,
                )
            ],
        )
        self.step(
            ended_on,
            lambda: svc.direction_host_ends(direction=direction, on=ended_on, by=self.lead),
        )
