"""The demo's off-site directions at every stage, with their meetings, letters, a managed
move and LA tasks."""

import datetime

from django.db.models import Q
from django.utils import timezone

from cases.directions import documents as direction_documents
from cases.directions import managed_moves
from cases.directions.deadlines import deadlines_refresh
from cases.guards import GuardError
from cases.models import (
    Direction,
    LaTask,
    ManagedMove,
    Pupil,
)
from demo.host_work import seed_host_work
from demo.organisations import SCHOOLS
from documents import outbox
from documents.models import GeneratedDocument, Letter, OutboxMessage
from documents.rendering import DocumentRenderError
from reviews.models import Meeting
from tenancy.models import (
    Role,
    School,
    User,
)
from tenancy.services import grant_host_access


def seed_directions(today: datetime.date) -> None:
    """Off-site directions at every stage, host work, a managed move, LA tasks and letters."""
    schools = {slug: School.objects.get(urn=urn) for slug, _n, _la, urn, *_rest in SCHOOLS}
    _seed_directions(schools, today)
    _seed_emergency_review(today)
    seed_host_work(today)
    _seed_managed_move_and_la_tasks(today)
    _seed_letters(today)


# (school, host, state, ending, weeks from today to the first day): directions in every state.
DIRECTIONS = [
    ("elmbridge", None, "proposed", "", 4),
    ("elmbridge", "severn-meadow", "consulted", "", 4),
    ("elmbridge", "severn-meadow", "host_agreed", "", 3),
    ("elmbridge", "severn-meadow", "decided", "", 1),
    ("elmbridge", "severn-meadow", "notice_sent", "", 1),
    ("elmbridge", "severn-meadow", "active", "", -5),
    ("elmbridge", "severn-meadow", "ended", "managed_move", -14),
    ("elmbridge", "severn-meadow", "ended", "host_ended", -8),
    ("arden-park", "avon-valley", "active", "", -3),
    ("arden-park", None, "proposed", "", 5),
]


def _seed_directions(schools: dict, today: datetime.date) -> None:
    """Directions at every stage, with meetings and deadlines, for the demo's Due pages."""

    used = {}
    for home_slug, host_slug, state, ending, weeks in DIRECTIONS:
        home = schools[home_slug]
        # The school's pupils, and its former ones (a managed move), so the same pupils are
        # picked on every run.
        pupils = list(
            Pupil.objects.filter(Q(school=home) | Q(directions__home_school=home))
            .distinct()
            .order_by("upn")
        )
        pupil = pupils[used.setdefault(home_slug, 0)]
        used[home_slug] += 1
        if pupil.directions.exists():
            continue
        monday = today - datetime.timedelta(days=today.weekday())
        start = monday + datetime.timedelta(weeks=weeks)
        lead = User.objects.filter(
            memberships__school=home, memberships__role=Role.CASE_LEAD
        ).first()
        head = User.objects.filter(
            memberships__school=home, memberships__role=Role.HEADTEACHER
        ).first()
        host = schools[host_slug] if host_slug else None
        order = [s.value for s in Direction.State]
        reached = order.index(state)
        direction = Direction.objects.create(
            pupil=pupil,
            home_school=home,
            case_lead=lead,
            state=state,
            ending=ending,
            host_school=host,
            reasons="Persistent disruptive behaviour in lessons and three suspensions this "
            "term; in-school support and a PSP have not been enough.",
            objectives="Attend every lesson on time\nNo suspensions\nKeep up with English, "
            "maths and science",
            success_criteria="Attendance above 95% and positive reports from every subject "
            "teacher for six weeks.",
            planned_start=start,
            planned_end=start + datetime.timedelta(weeks=12),
            maximum_period="twelve weeks",
            start_time=datetime.time(8, 40),
            end_time=datetime.time(15, 10),
            report_to_name="Ms Fatima Begum",
            report_to_role="Head of Year 9",
            report_time=datetime.time(8, 30),
            point_of_contact=f"{lead.full_name}, case lead" if lead else "",
            parent_understands="yes",
            parental_comments="Mum is worried about the journey but understands the reasons.",
            parents_agree=True,
            host_approached_on=start - datetime.timedelta(weeks=3) if host else None,
            host_agreed_on=start - datetime.timedelta(weeks=2)
            if host and reached >= order.index("host_agreed")
            else None,
            decided_by=head if reached >= order.index("decided") else None,
            decided_on=start - datetime.timedelta(days=12)
            if reached >= order.index("decided")
            else None,
            delegation="person" if reached >= order.index("decided") else "",
            delegation_details="Headteacher, under the scheme of delegation"
            if reached >= order.index("decided")
            else "",
            checklist_confirmed=reached >= order.index("decided"),
            notice_sent_on=start - datetime.timedelta(days=8)
            if reached >= order.index("notice_sent")
            else None,
            review_interval_weeks=home.local_authority.review_interval_weeks,
            ended_on=start + datetime.timedelta(weeks=6)
            if ending == "host_ended"
            else (start + datetime.timedelta(weeks=12) if ending else None),
        )
        if reached >= order.index("initial_meeting_held"):
            Meeting.objects.create(
                direction=direction,
                kind="initial",
                date=start - datetime.timedelta(days=3),
                held=True,
                recorded_by=lead,
                home_representative=lead.full_name,
                host_representative="Ms Fatima Begum",
                parent_carer="Mother",
                reasons=direction.reasons,
                success_needs=direction.success_criteria,
                next_meeting=start + datetime.timedelta(weeks=6),
            )
            if state == "active":
                Meeting.objects.create(
                    direction=direction,
                    kind="review",
                    held=False,
                    date=start + datetime.timedelta(weeks=6),
                    recorded_by=lead,
                )
            if ending == "managed_move":
                Meeting.objects.create(
                    direction=direction,
                    kind="review",
                    held=True,
                    recorded_by=lead,
                    date=start + datetime.timedelta(weeks=12),
                    outcome="managed_move",
                    progress="Settled well; attendance 97%; no incidents since week 3.",
                    parents_invited_on=start + datetime.timedelta(weeks=11),
                    signed_by_parent=True,
                    signed_by_home=True,
                    signed_by_host=True,
                )
        if host and direction.is_open and reached >= order.index("host_agreed"):
            grant_host_access(pupil, host)
        deadlines_refresh(direction=direction, today=today)


def _seed_emergency_review(today: datetime.date) -> None:
    """An emergency review that decided to continue, so the demo has every meeting form and
    letter (helper A1): the Warwickshire direction that started three weeks ago."""

    direction = (
        Direction.objects.filter(home_school__urn="900201", state=Direction.State.ACTIVE)
        .select_related("host_school", "case_lead")
        .first()
    )
    if direction is None or direction.meetings.filter(kind=Meeting.Kind.EMERGENCY).exists():
        return
    day = direction.planned_start + datetime.timedelta(weeks=2, days=1)
    next_review = direction.meetings.filter(held=False).order_by("date").first()
    Meeting.objects.create(
        direction=direction,
        kind=Meeting.Kind.EMERGENCY,
        date=day,
        held=True,
        recorded_by=direction.case_lead,
        parents_invited_on=day - datetime.timedelta(days=2),
        home_representative=f"{direction.case_lead.full_name}, case lead",
        host_representative=f"{direction.host_school.headteacher_name}, headteacher",
        parent_carer="Mother",
        others="Year 9 pastoral lead, host school",
        progress="Good attendance (96%) and settling into lessons; two positive reports from "
        "maths and English.",
        concerns="A serious argument with another pupil at lunchtime that the host could not "
        "calm down. Suggested: a named adult at lunch and a quiet room to go to.",
        support="Lunchtime key adult at the host; weekly call between the two schools' "
        "pastoral leads.",
        outcome=Meeting.Outcome.CONTINUE,
        continue_until=direction.planned_end,
        next_meeting=next_review.date if next_review else None,
        signed_by_parent=True,
        signed_by_child=True,
        signed_by_home=True,
        signed_by_host=True,
    )
    deadlines_refresh(direction=direction, today=today)


def _seed_managed_move_and_la_tasks(today: datetime.date) -> None:
    """The managed move of the converted direction and the LA's tasks (helper B, 003).

    The move starts after today, so the pupil is still on the home school's roll and the new
    school still sees them: moving the pupil here would make the next run of seed_demo add
    the pupil again at the home school. The portal return is done, the spreadsheet is not.
    """

    converted = (
        Direction.objects.filter(ending=Direction.Ending.MANAGED_MOVE, host_school__isnull=False)
        .select_related("pupil", "home_school", "host_school", "case_lead")
        .order_by("pk")
        .first()
    )
    if converted is not None and not ManagedMove.objects.filter(direction=converted).exists():
        next_monday = today + datetime.timedelta(days=7 - today.weekday())
        ManagedMove.objects.create(
            direction=converted,
            pupil=converted.pupil,
            from_school=converted.home_school,
            to_school=converted.host_school,
            agreed_start=next_monday + datetime.timedelta(weeks=1),
            funding_awpu="£2,140 (AWPU balance for the rest of the year)",
            funding_send="",
            funding_backdated=True,
            transport_redesignation=f"School Admissions to redesignate "
            f"{converted.host_school.name} for transport purposes; the family does not need "
            f"transport assistance.",
            parents_agree=True,
            admission_authority_agrees=True,
            recorded_by=converted.case_lead,
        )
        grant_host_access(converted.pupil, converted.host_school)
    if converted is not None:
        managed_moves.la_tasks_on_end(direction=converted, by=converted.case_lead)
        portal = LaTask.objects.get(direction=converted, kind=LaTask.Kind.PORTAL_RETURN)
        if portal.done_on is None:
            portal.done_on = min(converted.ended_on + datetime.timedelta(days=3), today)
            portal.done_by = converted.case_lead
            portal.notes = "Off-roll return submitted on the Children's Services Portal."
            portal.save(update_fields=["done_on", "done_by", "notes"])
    for ended in Direction.objects.filter(ending=Direction.Ending.HOST_ENDED).select_related(
        "pupil", "home_school", "case_lead"
    ):
        managed_moves.la_tasks_on_end(direction=ended, by=ended.case_lead)
    for proposed in Direction.objects.filter(state=Direction.State.PROPOSED).select_related(
        "pupil", "home_school", "case_lead"
    ):
        managed_moves.la_tasks_on_proposal(direction=proposed, by=proposed.case_lead)


def _seed_letters(today: datetime.date) -> None:
    """Helper A2: the direction letter each demo direction sent as its notice, as the outbox
    recorded it (sent), and one email the mail server refused, to show "Send again"."""

    directions = (
        Direction.objects.filter(notice_sent_on__isnull=False, host_school__isnull=False)
        .select_related("pupil__school", "home_school", "host_school", "case_lead")
        .order_by("pk")
    )
    failed_one = False
    for direction in directions:
        if Letter.objects.filter(
            pupil=direction.pupil, document__kind=GeneratedDocument.Kind.DIRECTION_LETTER
        ).exists():
            continue
        recipients = outbox.letter_recipients(direction.pupil)
        if not recipients.anyone:
            continue
        try:
            document = direction_documents.generate(
                GeneratedDocument.Kind.DIRECTION_LETTER,
                direction,
                by=direction.case_lead,
                today=direction.notice_sent_on,
            )
        except (GuardError, DocumentRenderError):
            continue
        sent = timezone.make_aware(
            datetime.datetime.combine(direction.notice_sent_on, datetime.time(9, 5))
        )
        letter = Letter.objects.create(
            pupil=direction.pupil,
            document=document,
            subject=f"Off-site direction for {direction.pupil.full_name}",
            body="Please find attached our letter confirming the off-site direction.",
            by_post=recipients.by_post,
            sent_by=direction.case_lead,
        )
        Letter.objects.filter(pk=letter.pk).update(created_at=sent)
        for recipient in recipients.by_email:
            fail = not failed_one and direction.home_school.local_authority.code == "937"
            failed_one = failed_one or fail
            OutboxMessage.objects.create(
                letter=letter,
                parent=recipient.parents[0],
                to_name=recipient.name,
                to_email=recipient.email,
                state=OutboxMessage.State.FAILED if fail else OutboxMessage.State.SENT,
                attempts=outbox.MAX_ATTEMPTS if fail else 1,
                claimed_at=sent,
                sent_at=None if fail else sent,
                last_error="The mail server could not be reached: connection refused."
                if fail
                else "",
            )
