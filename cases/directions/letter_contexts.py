"""The contexts of an off-site direction's letters to parents: the direction letter (template 5
of 003_db4daf6c9cf2ba51.txt, every bracketed placeholder filled from the case), the invitation
to a review (003 "Review"; 002_decd2720d6352690.txt: not later than 6 days before, with written
views) and the decision of a review (002: not later than 6 days after). Each returns (print
template, context); cases.directions.documents.build calls them.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.directions.document_parts import (
    TEMPLATES,
    Kind,
    board_of,
    first_line,
    first_review_date,
    letter_common,
    one_line_address,
)
from cases.directions.models import Consultation, Direction
from cases.pupils.models import ParentCarer
from documents.addressing import Issue
from documents.outbox import Copy
from documents.rendering import Blanks, format_date, format_time
from reviews.models import Meeting
from tenancy.models import Nation


def _place(meeting: Meeting | None, home) -> str:
    """Where a meeting is held: as put in the diary, else the home school."""
    if meeting is not None and meeting.place:
        return meeting.place
    return f"{home.name}, {one_line_address(home)}"


def _further_to(direction: Direction) -> str:
    talks = [c for c in direction.consultations.all() if c.kind == Consultation.Kind.PARENTS]
    if talks:
        return _("our conversation on %(day)s") % {"day": format_date(talks[-1].on)}
    return _("the incidents set out below")


def _decision(direction: Direction) -> str:
    """Template 5's "the governing bodies/trusts decision", saying whether it was delegated."""
    board = board_of(direction)
    delegated = direction.delegation in (
        Direction.Delegation.COMMITTEE,
        Direction.Delegation.PERSON,
    )
    if delegated and direction.decided_on:
        return _("the decision of %(board)s, made under its scheme of delegation on %(day)s,") % {
            "board": board,
            "day": format_date(direction.decided_on),
        }
    if delegated:
        return _("the decision of %(board)s, made under its scheme of delegation,") % {
            "board": board
        }
    if direction.decided_on:
        return _("the decision of %(board)s on %(day)s") % {
            "board": board,
            "day": format_date(direction.decided_on),
        }
    return _("the decision of %(board)s") % {"board": board}


def _inspection(direction: Direction) -> str:
    """Template 5's "[an Ofsted registered provision and/or ... 'approved' provision]": hosts
    are schools, registered and inspected (Ofsted in England, Estyn in Wales)."""
    if direction.home_school.local_authority.nation == Nation.WALES:
        return _("a school registered with the Welsh Government and inspected by Estyn")
    return _("an Ofsted registered provision")


def letter_copies(direction: Direction) -> list[Copy]:
    """Template 5's copy list with the entries that apply to this pupil, each with the address
    the outbox sends it to: the one list the letter prints and the outbox sends (issue 14).

    The letter is signed by the home school's headteacher, so its "(Head Teacher of home
    school)" copy goes to the head of the host; a social worker or Virtual School contact is
    named, not their phone number. A copy with no email address is still listed, to post.
    """
    pupil, school, host = direction.pupil, direction.home_school, direction.host_school
    la = school.local_authority
    on_pupil_page = _("Add it under 1b. Additional information on %(pupil)s's page.") % {
        "pupil": pupil.full_name
    }
    in_la_settings = _("Ask your LA's admin to add it under LA settings.")
    copies = []
    if host is not None:
        head = _("%(name)s, Headteacher of %(school)s") % {
            "name": host.headteacher_name,
            "school": host.name,
        }
        copies.append(Copy(head, host.headteacher_name or head, host.email, in_la_settings))
    admissions = _("School Admissions, %(la)s") % {"la": la.name}
    copies.append(
        Copy(
            f"{admissions} ({la.admissions_email})" if la.admissions_email else admissions,
            admissions,
            la.admissions_email,
            in_la_settings,
        )
    )
    if pupil.social_worker.strip() or pupil.social_worker_email:
        who = _name_only(pupil.social_worker) or pupil.social_worker_email
        line = _("%(pupil)s's social worker, %(who)s") % {"pupil": pupil.first_name, "who": who}
        copies.append(Copy(line, who or line, pupil.social_worker_email, on_pupil_page))
    if pupil.looked_after:
        head = _("The Virtual School Head")
        who = _name_only(pupil.virtual_school_contact)
        line = f"{head}, {who}" if who else head
        copies.append(Copy(line, who or head, pupil.virtual_school_email, on_pupil_page))
    if pupil.has_ehcp:
        send = _("%(la)s, which maintains %(pupil)s's Education, Health and Care Plan") % {
            "la": la.name,
            "pupil": pupil.first_name,
        }
        team = f"{la.law.la_needs_team}, {la.name}"
        copies.append(
            Copy(
                f"{send} ({la.send_email})" if la.send_email else send,
                team,
                la.send_email,
                in_la_settings,
            )
        )
    return copies


def _name_only(details: str) -> str:
    """ "Kate Morley, Children's Social Care, 01905 111 222" → "Kate Morley"."""
    return first_line(details).split(",")[0].strip()


def _objectives(direction: Direction) -> list[str]:
    return [
        line.strip(" -•\t") for line in direction.objectives.splitlines() if line.strip(" -•\t")
    ]


def direction_letter(
    direction: Direction,
    *,
    today: datetime.date,
    to: ParentCarer | None = None,
    issue: Issue | None = None,
) -> tuple[str, dict]:
    """Template 5 of 003, every bracketed placeholder filled from the case. It is the statutory
    notice of the direction (address, who to report to, days, session and break times, reasons,
    objectives), due not later than the LA's school days before the first day."""
    blanks = Blanks()
    pupil, home, host = direction.pupil, direction.home_school, direction.host_school
    meetings = list(direction.meetings.all())
    first_review, is_deadline = first_review_date(direction, meetings)
    period = direction.maximum_period
    if direction.planned_end:
        until = _("until %(day)s") % {"day": format_date(direction.planned_end)}
        period = f"{period} ({until})" if period else until
    title = _("Direction for off-site education")
    context = letter_common(direction, title, today, blanks, to=to, issue=issue) | {
        "further_to": _further_to(direction),
        "decision": _decision(direction),
        "host_name": host.name,
        "host_address": blanks(_("the host's address"), one_line_address(host)),
        "start_time": blanks(_("the start time"), format_time(direction.start_time)),
        "end_time": blanks(_("the end time"), format_time(direction.end_time)),
        "days": blanks(_("the days"), direction.days),
        "first_day": blanks(_("the first day"), format_date(direction.planned_start)),
        "break_times": blanks(_("the session and break times"), direction.break_times),
        "reasons": direction.reasons,
        "inspection": _inspection(direction),
        "report_to_name": blanks(_("who to report to"), direction.report_to_name),
        "report_to_role": blanks(_("their role"), direction.report_to_role),
        "report_time": blanks(_("the time to report"), format_time(direction.report_time)),
        "part_time": direction.attendance == Direction.Attendance.PART_TIME,
        "timetable": direction.part_time_timetable
        if direction.attendance == Direction.Attendance.PART_TIME
        else "",
        "maximum_period": blanks(_("the maximum period"), period),
        "has_ehcp": pupil.has_ehcp,
        "first_review": blanks(_("the first review date"), first_review),
        "first_review_is_deadline": is_deadline,
        "review_place": _place(
            min(
                (m for m in meetings if m.kind == Meeting.Kind.REVIEW),
                key=lambda m: m.date,
                default=None,
            ),
            home,
        ),
        "objectives": _objectives(direction),
        "success_criteria": direction.success_criteria,
        "contact_arrangements": blanks(
            _("how the school will keep in touch"), direction.contact_arrangements
        ),
        "point_of_contact": direction.point_of_contact
        or _("%(name)s, case lead") % {"name": direction.case_lead.full_name},
        "copies": [copy.line for copy in letter_copies(direction)],
    }
    if context["part_time"] and not context["timetable"]:
        blanks.missing.append(str(_("the part-time timetable")))
    return TEMPLATES[Kind.DIRECTION_LETTER], context


def review_invitation(
    direction: Direction,
    meeting: Meeting,
    *,
    today: datetime.date,
    to: ParentCarer | None = None,
    issue: Issue | None = None,
) -> tuple[str, dict]:
    """The written invitation to a review, not later than 6 days before it (003 "Review"; 002):
    parents may come, or send their views in writing before the date."""
    blanks = Blanks()
    home = direction.home_school
    emergency = meeting.kind == Meeting.Kind.EMERGENCY
    title = (
        _("Invitation to an emergency review meeting")
        if emergency
        else _("Invitation to a review meeting")
    )
    context = letter_common(direction, title, today, blanks, to=to, issue=issue) | {
        "meeting": meeting,
        "emergency": emergency,
        "meeting_date": format_date(meeting.date),
        "weekday": date_format(meeting.date, "l"),
        "place": _place(meeting, home),
        "time": format_time(meeting.time),
        "host_name": direction.host_school.name if direction.host_school else "",
    }
    return TEMPLATES[Kind.REVIEW_INVITATION], context


def _next_review(direction: Direction, meeting: Meeting) -> str:
    if meeting.next_meeting:
        return format_date(meeting.next_meeting)
    later = sorted(m.date for m in direction.meetings.all() if not m.held and m.date > meeting.date)
    return format_date(later[0]) if later else ""


def decision_letter(
    direction: Direction,
    meeting: Meeting,
    *,
    today: datetime.date,
    to: ParentCarer | None = None,
    issue: Issue | None = None,
) -> tuple[str, dict]:
    """The review's decision, in writing to parents not later than 6 days after it (002)."""
    blanks = Blanks()
    outcome = meeting.outcome
    move = (
        getattr(direction, "managed_move", None)
        if outcome == Meeting.Outcome.MANAGED_MOVE
        else None
    )
    continues = outcome == Meeting.Outcome.CONTINUE
    title = _("The decision of the review meeting")
    context = letter_common(direction, title, today, blanks, to=to, issue=issue) | {
        "meeting": meeting,
        "emergency": meeting.kind == Meeting.Kind.EMERGENCY,
        "meeting_date": format_date(meeting.date),
        "outcome": outcome,
        "host_name": direction.host_school.name if direction.host_school else "",
        "continue_until": blanks(
            _("the date the direction continues until"),
            format_date(meeting.continue_until or direction.planned_end),
        )
        if continues
        else "",
        "next_review": blanks(_("the next review date"), _next_review(direction, meeting))
        if continues
        else "",
        "move_start": blanks(
            _("the managed move's start date"), format_date(move.agreed_start) if move else ""
        )
        if outcome == Meeting.Outcome.MANAGED_MOVE
        else "",
        "move_ahead": move is None or move.agreed_start > today,
        "move_school": move.to_school.name
        if move
        else (direction.host_school.name if direction.host_school else ""),
    }
    return TEMPLATES[Kind.DECISION_LETTER], context
