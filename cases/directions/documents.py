"""The forms and letters of an off-site direction, each a print template and its context.

Sources: 003_db4daf6c9cf2ba51.txt templates 1 (Notification Form), 3 (Initial Meeting Form),
4 (Review or Emergency Review Form) and 5 (the letter directing the pupil off-site), and its
"Review" section (invitations and decisions); 002_decd2720d6352690.txt (the invitation not later
than 6 days before a review, written views, the decision not later than 6 days after it, and the
parent's right to ask for a review).

Need-to-know: none of these documents prints safeguarding or SEND detail. The letter names the
EHCP and a looked-after child's Virtual School because template 5 demands it, and both are flags
that everyone who sees the pupil already sees (the detail stays in PupilSend and
SafeguardingRecord), so every document is stored with includes_safeguarding and includes_send
False and anyone who sees the pupil may download it.

Other code calls `build()` (template and context) and `generate()` (a new stored version).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.guards import GuardError
from cases.models import Consultation, Direction, YesNo
from documents.models import GeneratedDocument
from documents.rendering import format_date, format_time, letterhead, text_lines
from documents.services import document_generate
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Meeting
from tenancy.models import Nation, School, User

Kind = GeneratedDocument.Kind
State = Direction.State

FORMS = frozenset({Kind.NOTIFICATION_FORM, Kind.INITIAL_MEETING_FORM, Kind.REVIEW_FORM})
LETTERS = frozenset({Kind.DIRECTION_LETTER, Kind.REVIEW_INVITATION, Kind.DECISION_LETTER})
# Made for the direction itself, or for one of its meetings (the initial meeting form is both:
# before the meeting is recorded it is printed to take to the meeting).
FOR_DIRECTION = frozenset(
    {Kind.NOTIFICATION_FORM, Kind.INITIAL_MEETING_FORM, Kind.DIRECTION_LETTER}
)
FOR_MEETING = frozenset(
    {Kind.INITIAL_MEETING_FORM, Kind.REVIEW_FORM, Kind.REVIEW_INVITATION, Kind.DECISION_LETTER}
)
REVIEWS = frozenset({Meeting.Kind.REVIEW, Meeting.Kind.EMERGENCY})
DECIDED_OR_LATER = frozenset(
    {State.DECIDED, State.NOTICE_SENT, State.INITIAL_MEETING_HELD, State.ACTIVE, State.ENDED}
)
BEFORE_INITIAL_MEETING = frozenset({State.HOST_AGREED, State.DECIDED, State.NOTICE_SENT})

TEMPLATES = {
    Kind.NOTIFICATION_FORM: "documents/direction_notification_form.html",
    Kind.INITIAL_MEETING_FORM: "documents/direction_initial_meeting_form.html",
    Kind.REVIEW_FORM: "documents/direction_review_form.html",
    Kind.DIRECTION_LETTER: "documents/direction_letter.html",
    Kind.REVIEW_INVITATION: "documents/direction_review_invitation.html",
    Kind.DECISION_LETTER: "documents/direction_decision_letter.html",
}


def slug_for(kind: str) -> str:
    return kind.replace("_", "-")


def kind_for_slug(slug: str) -> Kind | None:
    """The kind a URL names, or None for anything that is not one of a direction's documents."""
    kind = slug.replace("-", "_")
    return Kind(kind) if kind in TEMPLATES else None


def is_letter(kind: str) -> bool:
    return kind in LETTERS


# What can be made, and when ---------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """One document the direction page offers to make now."""

    kind: Kind
    meeting: Meeting | None = None
    note: str = ""

    @property
    def is_letter(self) -> bool:
        return is_letter(self.kind)

    @property
    def slug(self) -> str:
        return slug_for(self.kind)


def _problem(kind: str, direction: Direction, meeting: Meeting | None) -> str | None:
    """Why this document cannot be made now, in words for a case lead; None when it can."""
    if meeting is not None and meeting.direction_id != direction.pk:
        return _("That meeting is not part of this direction.")
    if meeting is None and kind not in FOR_DIRECTION:
        return _("Choose the meeting this document is for.")
    if meeting is not None and kind not in FOR_MEETING:
        return _("This document is made for the direction, not for one meeting.")
    if kind == Kind.DIRECTION_LETTER:
        if direction.state not in DECIDED_OR_LATER:
            return _("The direction letter confirms the decision: record the decision first.")
        if direction.host_school_id is None:
            return _("The direction letter names the host school: record it first.")
    if kind == Kind.INITIAL_MEETING_FORM:
        if meeting is None and direction.state not in BEFORE_INITIAL_MEETING:
            return _(
                "Once the initial meeting is recorded, make its form from the list of meetings."
            )
        if meeting is not None and meeting.kind != Meeting.Kind.INITIAL:
            return _("The Initial Meeting Form is for the initial meeting.")
    if kind in {Kind.REVIEW_FORM, Kind.REVIEW_INVITATION, Kind.DECISION_LETTER} and (
        meeting.kind not in REVIEWS
    ):
        return _("This document is for a review or an emergency review.")
    if kind == Kind.REVIEW_INVITATION and (meeting.held or not direction.is_open):
        return _("Parents are invited to reviews that are still to come.")
    if kind == Kind.DECISION_LETTER and not (meeting.held and meeting.outcome):
        return _("Record the review and its outcome before writing to parents with the decision.")
    return None


def ensure_can_make(kind: str, direction: Direction, meeting: Meeting | None = None) -> None:
    """Raise GuardError, with what to do first, unless the document can be made now."""
    problem = _problem(kind, direction, meeting)
    if problem:
        raise GuardError(problem)


def offers(direction: Direction, meetings: list[Meeting], *, letters: bool) -> list[Offer]:
    """The documents that can be made in the direction's present state, meeting by meeting.

    `letters` is whether this person may make the letters to parents. No queries: `meetings` are
    the direction's meetings, already loaded.
    """
    wanted = [(Kind.NOTIFICATION_FORM, None), (Kind.DIRECTION_LETTER, None)]
    if not any(m.kind == Meeting.Kind.INITIAL for m in meetings):
        wanted.append((Kind.INITIAL_MEETING_FORM, None))
    for meeting in meetings:
        if meeting.kind == Meeting.Kind.INITIAL:
            wanted.append((Kind.INITIAL_MEETING_FORM, meeting))
        else:
            wanted += [
                (Kind.REVIEW_INVITATION, meeting),
                (Kind.REVIEW_FORM, meeting),
                (Kind.DECISION_LETTER, meeting),
            ]
    made = []
    for kind, meeting in wanted:
        if (is_letter(kind) and not letters) or _problem(kind, direction, meeting):
            continue
        note = ""
        if kind == Kind.INITIAL_MEETING_FORM and meeting is None:
            note = _("to take to the meeting and fill in")
        elif kind == Kind.REVIEW_FORM and not meeting.held:
            note = _("to take to the meeting and fill in")
        made.append(Offer(kind, meeting, note))
    return made


# Formatting -------------------------------------------------------------------------------


def one_line_address(school: School | None) -> str:
    return letterhead(school)["address"] if school else ""


def first_line(text: str) -> str:
    return next(iter(text_lines(text)), "")


def name_and_dob(pupil) -> str:
    return _("%(name)s, date of birth %(dob)s") % {
        "name": pupil.full_name,
        "dob": format_date(pupil.date_of_birth),
    }


def yes_no(value: str | bool | None) -> str:
    """A recorded Yes or No as words; "" while not recorded (the form shows tick boxes)."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return {YesNo.YES: _("Yes"), YesNo.NO: _("No")}.get(value, "")


@dataclass
class Blanks:
    """Records what a document had to leave blank, so the person making it can be told."""

    missing: list[str] = field(default_factory=list)

    def __call__(self, label, value):
        if value in (None, ""):
            self.missing.append(str(label))
            return ""
        return value


def _board(direction: Direction) -> str:
    """Who decides and reviews (003): a maintained school's governing board or a trust."""
    school = direction.home_school
    if direction.delegation == Direction.Delegation.TRUST or school.kind == School.Kind.ACADEMY:
        return _("the academy trust")
    return _("the governing board")


def _parents(pupil) -> list:
    return [p for p in pupil.parents.all() if p.parental_responsibility]


def _recipients(pupil, blanks: Blanks) -> dict:
    """The parents with parental responsibility, one address block per address."""
    parents = _parents(pupil)
    blocks: dict[str, list[str]] = {}
    for parent in parents:
        address = (parent.address or pupil.home_address).strip()
        blocks.setdefault(address, []).append(parent.name)
    names = [p.name for p in parents]
    if len(names) > 1:
        together = _("%(names)s and %(last)s") % {
            "names": ", ".join(names[:-1]),
            "last": names[-1],
        }
    else:
        together = names[0] if names else ""
    return {
        "addresses": [
            {"names": " and ".join(who), "lines": text_lines(a)} for a, who in blocks.items()
        ],
        "salutation": blanks(_("the names of the parents with parental responsibility"), together),
    }


def _contact(direction: Direction) -> str:
    """Who parents contact about the direction: its point of contact, else its case lead."""
    school = direction.home_school
    person = direction.point_of_contact or _("%(name)s, case lead") % {
        "name": direction.case_lead.full_name
    }
    ways = [w for w in (school.phone, school.email) if w]
    if not ways:
        return person
    return _("%(person)s, %(school)s (%(ways)s)") % {
        "person": person,
        "school": school.name,
        "ways": _(" or ").join(ways),
    }


def _common(direction: Direction, title, today: datetime.date, blanks: Blanks) -> dict:
    pupil = direction.pupil
    home = direction.home_school
    return {
        "title": title,
        "direction": direction,
        "pupil": pupil,
        "school": home,
        "host": direction.host_school,
        "letterhead": letterhead(home),
        "printed_on": format_date(today),
        "pupil_line": name_and_dob(pupil),
        "board": _board(direction),
        "blanks": blanks,
    }


def _letter(direction: Direction, title, today: datetime.date, blanks: Blanks) -> dict:
    school = direction.home_school
    return _common(direction, title, today, blanks) | {
        "to": _recipients(direction.pupil, blanks),
        "dated": format_date(today),
        "signatory": {
            "name": blanks(_("the headteacher's name"), school.headteacher_name),
            "role": _("Headteacher"),
            "school": school.name,
        },
        "contact": _contact(direction),
        "window_weeks": school.local_authority.requested_review_window_weeks,
    }


def _attendees(meeting: Meeting | None) -> dict:
    """Who attended and who signed (templates 3 and 4)."""
    m = meeting
    return {
        "home_representative": m.home_representative if m else "",
        "host_representative": m.host_representative if m else "",
        "parent_carer": m.parent_carer if m else "",
        "others": m.others if m else "",
        "signed": {
            "parent": bool(m and m.signed_by_parent),
            "child": bool(m and m.signed_by_child),
            "home": bool(m and m.signed_by_home),
            "host": bool(m and m.signed_by_host),
        },
    }


def _place(meeting: Meeting | None, home) -> str:
    """Where a meeting is held: as put in the diary, else the home school."""
    if meeting is not None and meeting.place:
        return meeting.place
    return f"{home.name}, {one_line_address(home)}"


def _first_review(direction: Direction, meetings: list[Meeting]) -> tuple[str, bool]:
    """The first review's date: the first in the diary (an emergency review is not the planned
    first review), else the latest it may be (003 letter: no more than the LA's school weeks
    after the start). Returns (the date as text, whether it is that deadline)."""
    reviews = sorted((m for m in meetings if m.kind == Meeting.Kind.REVIEW), key=lambda m: m.date)
    if reviews:
        return format_date(reviews[0].date), False
    if direction.planned_start is None:
        return "", False
    la = direction.home_school.local_authority
    try:
        due = rules.first_review_deadline(
            direction.planned_start,
            calendar_for_school(direction.home_school),
            school_weeks=la.first_review_school_weeks,
        )
    except ValueError:  # no term dates that far ahead: no honest date to print
        return "", False
    return format_date(due), True


def _review_frequency(direction: Direction) -> str:
    weeks = direction.review_interval_weeks
    if not weeks:
        return ""
    if weeks == 2:
        return _("fortnightly")
    return ngettext("every week", "every %(weeks)d weeks", weeks) % {"weeks": weeks}


# One function per document ----------------------------------------------------------------


def notification_form(direction: Direction, *, today: datetime.date) -> tuple[str, dict]:
    """Template 1 of 003: the parents' views, recorded before another school is approached."""
    blanks = Blanks()
    pupil = direction.pupil
    parents = list(pupil.parents.all())
    with_pr = [p for p in parents if p.parental_responsibility]
    another = len(with_pr) > 1 or bool(direction.other_parent_agrees)
    consultations = [
        {
            # The choice labels cite their source, "(003)": not for a form parents sign.
            "who": re.sub(r"\s*\(\d{3}\)$", "", str(c.get_kind_display())),
            "person": c.person,
            "on": format_date(c.on),
            "supports": yes_no(c.supports),
        }
        for c in direction.consultations.all()
    ]
    context = _common(direction, _("Off-site Direction Notification Form"), today, blanks) | {
        "child_address": pupil.home_address,
        "parents": [
            {
                "name": p.name,
                "relationship": p.relationship,
                "parental_responsibility": yes_no(p.parental_responsibility),
                "address": p.address if p.address.strip() != pupil.home_address.strip() else "",
            }
            for p in parents
        ],
        "another_parent": yes_no(another) if parents else "",
        "other_parent_agrees": yes_no(direction.other_parent_agrees) if another else "",
        "other_parent_not_applicable": bool(parents) and not another,
        "parent_understands": yes_no(direction.parent_understands),
        "parental_comments": direction.parental_comments,
        "parents_agree": direction.parents_agree,
        "reasons": direction.reasons,
        "host_address": one_line_address(direction.host_school),
        "host_approached_on": format_date(direction.host_approached_on),
        "host_agreed_on": format_date(direction.host_agreed_on),
        "consultations": consultations,
        "agreement_required": direction.home_school.local_authority.parental_agreement_required,
    }
    return TEMPLATES[Kind.NOTIFICATION_FORM], context


def initial_meeting_form(
    direction: Direction, meeting: Meeting | None, *, today: datetime.date
) -> tuple[str, dict]:
    """Template 3 of 003, from the initial meeting; before it, pre-filled to take to it."""
    blanks = Blanks()
    meetings = list(direction.meetings.all())
    first_review, is_deadline = _first_review(direction, meetings)
    if meeting is not None and meeting.next_meeting:
        first_review, is_deadline = format_date(meeting.next_meeting), False
    context = _common(direction, _("Off-site Direction Initial Meeting Form"), today, blanks) | {
        "meeting": meeting,
        "meeting_date": format_date(meeting.date) if meeting else "",
        "address_changed": meeting.address_changed if meeting else "",
        "reasons": (meeting.reasons if meeting else "") or direction.reasons,
        "success_needs": (meeting.success_needs if meeting else "") or direction.success_criteria,
        "start_date": format_date(direction.planned_start),
        "first_review": first_review,
        "first_review_is_deadline": is_deadline,
        "frequency": _review_frequency(direction),
        **_attendees(meeting),
    }
    return TEMPLATES[Kind.INITIAL_MEETING_FORM], context


def review_form(
    direction: Direction, meeting: Meeting, *, today: datetime.date
) -> tuple[str, dict]:
    """Template 4 of 003, for a review or an emergency review (held, or to take to it)."""
    blanks = Blanks()
    emergency = meeting.kind == Meeting.Kind.EMERGENCY
    title = (
        _("Off-site Direction Emergency Review Meeting Form")
        if emergency
        else _("Off-site Direction Review Meeting Form")
    )
    outcome = meeting.outcome if meeting.held else ""
    context = _common(direction, title, today, blanks) | {
        "meeting": meeting,
        "emergency": emergency,
        "meeting_date": format_date(meeting.date),
        "address_changed": meeting.address_changed,
        "progress": meeting.progress,
        "concerns": meeting.concerns,
        "support": meeting.support,
        "outcome": outcome,
        "outcomes": [
            (Meeting.Outcome.CONTINUE, _("Continue with Direction")),
            (Meeting.Outcome.RETURN, _("Return to Home School")),
            (Meeting.Outcome.MANAGED_MOVE, _("Convert to Managed Move")),
        ],
        "continue_until": format_date(meeting.continue_until)
        if outcome == Meeting.Outcome.CONTINUE
        else "",
        "next_meeting": format_date(meeting.next_meeting),
        "parents_views": meeting.parents_views,
        **_attendees(meeting),
    }
    return TEMPLATES[Kind.REVIEW_FORM], context


def _further_to(direction: Direction) -> str:
    talks = [c for c in direction.consultations.all() if c.kind == Consultation.Kind.PARENTS]
    if talks:
        return _("our conversation on %(day)s") % {"day": format_date(talks[-1].on)}
    return _("the incidents set out below")


def _decision(direction: Direction) -> str:
    """Template 5's "the governing bodies/trusts decision", saying whether it was delegated."""
    board = _board(direction)
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


def _copies(direction: Direction) -> list[str]:
    """Template 5's copy list with the entries that apply to this pupil. The letter is signed by
    the home school's headteacher, so its "(Head Teacher of home school)" copy goes to the head
    of the host; a social worker or Virtual School contact is named, not their phone number."""
    pupil, school, host = direction.pupil, direction.home_school, direction.host_school
    la = school.local_authority
    copies = []
    if host is not None:
        copies.append(
            _("%(name)s, Headteacher of %(school)s")
            % {"name": host.headteacher_name, "school": host.name}
        )
    admissions = _("School Admissions, %(la)s") % {"la": la.name}
    copies.append(f"{admissions} ({la.admissions_email})" if la.admissions_email else admissions)
    if pupil.social_worker.strip():
        copies.append(
            _("%(pupil)s's social worker, %(who)s")
            % {"pupil": pupil.first_name, "who": _name_only(pupil.social_worker)}
        )
    if pupil.looked_after:
        head = _("The Virtual School Head")
        who = _name_only(pupil.virtual_school_contact)
        copies.append(f"{head}, {who}" if who else head)
    if pupil.has_ehcp:
        send = _("%(la)s, which maintains %(pupil)s's Education, Health and Care Plan") % {
            "la": la.name,
            "pupil": pupil.first_name,
        }
        copies.append(f"{send} ({la.send_email})" if la.send_email else send)
    return copies


def _name_only(details: str) -> str:
    """ "Kate Morley, Children's Social Care, 01905 111 222" → "Kate Morley"."""
    return first_line(details).split(",")[0].strip()


def _objectives(direction: Direction) -> list[str]:
    return [
        line.strip(" -•\t") for line in direction.objectives.splitlines() if line.strip(" -•\t")
    ]


def direction_letter(direction: Direction, *, today: datetime.date) -> tuple[str, dict]:
    """Template 5 of 003, every bracketed placeholder filled from the case. It is the statutory
    notice of the direction (address, who to report to, days, session and break times, reasons,
    objectives), due not later than the LA's school days before the first day."""
    blanks = Blanks()
    pupil, home, host = direction.pupil, direction.home_school, direction.host_school
    meetings = list(direction.meetings.all())
    first_review, is_deadline = _first_review(direction, meetings)
    period = direction.maximum_period
    if direction.planned_end:
        until = _("until %(day)s") % {"day": format_date(direction.planned_end)}
        period = f"{period} ({until})" if period else until
    context = _letter(direction, _("Direction for off-site education"), today, blanks) | {
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
        "copies": _copies(direction),
    }
    if context["part_time"] and not context["timetable"]:
        blanks.missing.append(str(_("the part-time timetable")))
    return TEMPLATES[Kind.DIRECTION_LETTER], context


def review_invitation(
    direction: Direction, meeting: Meeting, *, today: datetime.date
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
    context = _letter(direction, title, today, blanks) | {
        "meeting": meeting,
        "emergency": emergency,
        "meeting_date": format_date(meeting.date),
        "weekday": meeting.date.strftime("%A"),
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
    direction: Direction, meeting: Meeting, *, today: datetime.date
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
    context = _letter(direction, _("The decision of the review meeting"), today, blanks) | {
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


# The entry points -------------------------------------------------------------------------


def build(
    kind: GeneratedDocument.Kind,
    direction: Direction,
    *,
    meeting: Meeting | None = None,
    today: datetime.date,
) -> tuple[str, dict]:
    """The print template and its context for one of the direction's documents.

    Raises GuardError if the document cannot be made in the direction's present state (see
    `ensure_can_make`). The context's "blanks".missing lists what had to be left blank.
    """
    ensure_can_make(kind, direction, meeting)
    if kind == Kind.NOTIFICATION_FORM:
        return notification_form(direction, today=today)
    if kind == Kind.INITIAL_MEETING_FORM:
        return initial_meeting_form(direction, meeting, today=today)
    if kind == Kind.REVIEW_FORM:
        return review_form(direction, meeting, today=today)
    if kind == Kind.DIRECTION_LETTER:
        return direction_letter(direction, today=today)
    if kind == Kind.REVIEW_INVITATION:
        return review_invitation(direction, meeting, today=today)
    if kind == Kind.DECISION_LETTER:
        return decision_letter(direction, meeting, today=today)
    raise GuardError(_("This is not one of an off-site direction's documents."))


def generate(
    kind: GeneratedDocument.Kind,
    direction: Direction,
    *,
    meeting: Meeting | None = None,
    by: User,
    today: datetime.date,
) -> GeneratedDocument:
    """Make the next stored version of the document, about the meeting or else the direction.

    Raises GuardError (not possible now) or documents.rendering.DocumentRenderError (no PDF);
    both carry a message for people, and nothing is stored. The returned document's `missing`
    lists what was printed as a blank line because the case does not record it.
    """
    template, context = build(kind, direction, meeting=meeting, today=today)
    document = document_generate(
        kind=kind,
        pupil=direction.pupil,
        template=template,
        context=context,
        generated_by=by,
        about=meeting if meeting is not None else direction,
        includes_safeguarding=False,
        includes_send=False,
    )
    # Not stored: what this version had to leave as lines to fill in, for the person making it
    # (a letter about to be emailed should not have any).
    document.missing = list(context["blanks"].missing)
    return document
