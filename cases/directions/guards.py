"""Named guards of the off-site direction lifecycle, its managed move and its letters. Each
raises GuardError with a message a case lead can act on; services call them, templates never
decide. Each names its source.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.directions.models import Consultation, Direction, ManagedMove
from cases.guards import GuardError, ensure_state
from documents.rendering import letterhead
from reviews.calendars import calendar_for_school
from reviews.models import Meeting
from tenancy.jurisdiction import may_direct_off_site
from tenancy.models import School
from ui.formats import long_date, weekday

# The most days a pupil may be suspended in a school year (DfE suspension guidance).
MAX_SUSPENSION_DAYS = Decimal("45")


def ensure_directions_exist_here(direction: Direction) -> None:
    """An off-site direction is a power of schools in England (section 29A of the Education Act
    2002: 002, 003); in Wales a school uses the routes of 004 instead."""
    if not may_direct_off_site(direction.home_school.local_authority.nation):
        raise GuardError(
            _(
                "Off-site directions are for schools in England. In Wales, use a managed move, "
                "a Pastoral Support Programme, a reduced timetable or alternative provision."
            )
        )


def ensure_no_other_open_direction(direction: Direction) -> None:
    """One direction at a time, and none while a managed move is under way.

    Sources: 003_db4daf6c9cf2ba51.txt "Attendance Coding" (the student stays on the home
    school's roll, dual registered with the one receiving school, for the direction's period)
    and "Managed Move" (the student goes onto the new school's roll on the agreed start date).
    """
    others = direction.pupil.directions.exclude(pk=direction.pk).exclude(
        state=Direction.State.ENDED
    )
    if others.exists():
        raise GuardError(_("This pupil already has an off-site direction that has not ended."))
    if direction.pupil.managed_moves.filter(
        roll_changed_on__isnull=True, cancelled_on__isnull=True
    ).exists():
        raise GuardError(
            _(
                "This pupil is about to move school under a managed move, so a new direction "
                "cannot start here. Change or end the managed move first."
            )
        )


def missing_consultations(direction: Direction) -> list[str]:
    """What must be recorded before the decision, for this pupil and this LA's policy.

    Sources: 001_c58a6ee2a70ae155.txt (opening: "discussed in advance with the Education
    Entitlement Coordinator for the relevant area"); 003_db4daf6c9cf2ba51.txt "Criteria for
    Off-site Directions" (an EHCP pupil's queries go to the LA SEND Team first; a Child Looked
    After only with the support of the Virtual School and the child's Social Worker).
    """
    pupil, la = direction.pupil, direction.home_school.local_authority
    consultations = list(direction.consultations.all())
    supported = {c.kind for c in consultations if c.supports}
    consulted = {c.kind for c in consultations}
    missing = []
    if la.coordinator_consultation_required and Consultation.Kind.COORDINATOR not in consulted:
        missing.append(_("Consult the area's Education Entitlement Coordinator (001)."))
    if pupil.has_ehcp and Consultation.Kind.SEND_TEAM not in consulted:
        missing.append(_("Consult the LA SEND team: the pupil has an EHCP (003)."))
    if pupil.looked_after:
        if Consultation.Kind.VIRTUAL_SCHOOL not in supported:
            missing.append(
                _("Record the Virtual School's support: the child is looked after (003).")
            )
        if Consultation.Kind.SOCIAL_WORKER not in supported:
            missing.append(
                _("Record the social worker's support: the child is looked after (003).")
            )
    return missing


def ensure_consultations_complete(direction: Direction) -> None:
    """Everyone who must be consulted has been (see missing_consultations: 001's opening,
    003_db4daf6c9cf2ba51.txt "Criteria for Off-site Directions")."""
    missing = missing_consultations(direction)
    if missing:
        raise GuardError(missing)


def ensure_can_approach_host(direction: Direction, host: School) -> None:
    """Once the consultations are complete, the home school asks another school to host.

    Source: 003_db4daf6c9cf2ba51.txt "Procedure" ("The home school is responsible for
    contacting the proposed host school ... This should be the next appropriate school to the
    student's home").
    """
    ensure_state(direction, Direction.State.CONSULTED)
    if host.pk == direction.home_school_id:
        raise GuardError(_("The host cannot be the pupil's own school."))


def ensure_host_approached(direction: Direction) -> None:
    """The host answers the approach: it agrees in principle, or declines.

    Source: 003_db4daf6c9cf2ba51.txt "Procedure" ("Once a proposed host school has agreed to
    the move in principle ...").
    """
    ensure_state(direction, Direction.State.CONSULTED)
    if direction.host_school is None:
        raise GuardError(_("Approach a host school first."))


def ensure_can_decide(
    direction: Direction, *, decided_on: datetime.date, today: datetime.date
) -> None:
    """Before the governing board's (or its delegate's) decision.

    Sources: 003_db4daf6c9cf2ba51.txt "Background" (the governing board decides), "Criteria for
    Off-site Directions" (the consultations) and "Procedure" (the host agrees in principle
    first); 001_c58a6ee2a70ae155.txt "An Off Site Direction Should" (3: agreed with parents,
    6: clear objectives and success criteria) and "Should Not" (3: never open-ended).
    """
    ensure_state(direction, Direction.State.HOST_AGREED)
    problems = list(missing_consultations(direction))
    if not direction.planned_start or not direction.planned_end:
        problems.append(
            _(
                "Enter the first day and the planned end date: a direction is "
                "never open-ended (001)."
            )
        )
    if not (
        direction.reasons.strip()
        and direction.objectives.strip()
        and direction.success_criteria.strip()
    ):
        problems.append(_("Enter the reasons, the objectives and what success looks like."))
    if direction.home_school.local_authority.parental_agreement_required and not (
        direction.parents_agree
    ):
        problems.append(_("Record the parents' agreement: this LA requires it (001)."))
    if decided_on > today:
        problems.append(_("The date of the decision cannot be in the future."))
    if problems:
        raise GuardError(problems)


def ensure_can_start(direction: Direction, *, today: datetime.date) -> None:
    """The pupil starts at the host after the initial meeting, on the first day the letter
    gives. Sources: 003_db4daf6c9cf2ba51.txt "Off-site Direction Meetings" (arrangements agreed
    at the initiation of the direction) and template 5, the Sample Letter ("from [date]")."""
    ensure_state(direction, Direction.State.INITIAL_MEETING_HELD)
    if direction.planned_start and today < direction.planned_start:
        raise GuardError(
            _("The direction starts on %(day)s.") % {"day": long_date(direction.planned_start)}
        )


# Reviews and the end date ----------------------------------------------------------------


def ensure_review_interval(
    direction: Direction, weeks: int, *, field: str = "review_interval_weeks"
) -> None:
    """The review frequency agreed at the initial meeting: a week or more, and never longer
    than the LA's usual interval (its policy value, itself at most 6 weeks).

    Sources: 003_db4daf6c9cf2ba51.txt "Off-site Direction Meetings" ("it must be agreed how
    regularly review meetings will take place") and template 3 ("agreed frequency of
    subsequent reviews"); 001_c58a6ee2a70ae155.txt ("typically every 6 weeks");
    002_decd2720d6352690.txt (fortnightly as best practice).
    """
    la = direction.home_school.local_authority
    most = la.review_interval_weeks
    if weeks < 1:
        raise GuardError({field: _("Enter 1 or more weeks between reviews")})
    if weeks > most:
        raise GuardError(
            {
                field: ngettext(
                    "Reviews must be held every week in %(la)s: enter 1",
                    "Reviews must be held at least every %(weeks)d weeks in %(la)s: "
                    "enter %(weeks)d or fewer",
                    most,
                )
                % {"weeks": most, "la": la.name}
            }
        )


def ensure_end_changes_at_review(direction: Direction, changes) -> None:
    """Once the direction is decided, its planned end changes only by a review's decision to
    continue it, for a period; the plan no longer changes it.

    Sources: 003_db4daf6c9cf2ba51.txt "Review" ("must decide following each review meeting as
    to whether the requirement should continue and, if so, for what period"); 002 (that
    decision goes to the parents in writing); 001 "Should Not" 3 (a clear duration).
    """
    if "planned_end" in changes and direction.state in Direction.DECIDED_STATES:
        raise GuardError(
            {
                "planned_end": _(
                    "The end date changes at a review: record the review's decision to "
                    "continue and for how long."
                )
            }
        )


def ensure_continues_to_next_review(direction: Direction, meeting: Meeting) -> None:
    """A decision to continue says until when (the planned end, unless a new date is given),
    and the direction must not end before the next review that decides what happens then.

    Sources: 003_db4daf6c9cf2ba51.txt "Review" ("must decide following each review meeting as
    to whether the requirement should continue and, if so, for what period"; the pupil returns
    "after review"); template 4 ("Date of next meeting"); 001 "Should Not" 3 (never
    open-ended).
    """
    until = meeting.continue_until or direction.planned_end
    if until is None:
        raise GuardError(
            {"continue_until": _("Enter the date it continues until: it is never open-ended")}
        )
    if meeting.date and until <= meeting.date:
        raise GuardError({"continue_until": _("Continue until a date after the meeting")})
    following = meeting.next_meeting
    if following is None or until >= following:
        return
    if meeting.continue_until is None:
        message = _(
            "The direction is planned to end on %(end)s, before the next review on %(next)s: "
            "enter the date it continues until, %(next)s or later."
        )
    else:
        message = _(
            "It would end on %(end)s, before the next review on %(next)s: continue it until "
            "%(next)s or later, or hold the next review sooner."
        )
    raise GuardError(
        {"continue_until": message % {"end": long_date(until), "next": long_date(following)}}
    )


def ensure_host_can_suspend(
    direction: Direction,
    *,
    start_date: datetime.date,
    days: Decimal,
    reason: str,
    review_on: datetime.date,
    today: datetime.date,
) -> None:
    """A suspension by the host, while the pupil is there, on one of its school days, with a
    reason, and an emergency review still to come.

    Sources: 003_db4daf6c9cf2ba51.txt "Review" ("Should the host school have reason ... to
    suspend the student, it must immediately notify the home school and instigate an emergency
    review meeting"); the 45-day limit in a school year is the DfE suspension guidance's.
    """
    ensure_state(direction, *Direction.AT_HOST_STATES)
    problems = []
    if direction.planned_start and start_date < direction.planned_start:
        problems.append(_("The suspension cannot start before the direction does."))
    if direction.planned_end and start_date > direction.planned_end:
        problems.append(_("The suspension cannot start after the direction's planned end."))
    host_cal = calendar_for_school(direction.host_school)
    known = host_cal.first_day and host_cal.first_day <= start_date <= host_cal.last_day
    # Without the LA's term dates for that day, only a weekend is certainly not a school day.
    if start_date.weekday() > 4 or (known and not host_cal.is_school_day(start_date)):
        problems.append(
            _("%(day)s is not a school day at %(host)s.")
            % {
                "day": f"{weekday(start_date)} {long_date(start_date)}",
                "host": direction.host_school.name,
            }
        )
    if days > MAX_SUSPENSION_DAYS:
        problems.append(_("A pupil cannot be suspended for more than 45 days in a school year."))
    if review_on < today:
        problems.append(_("The emergency review cannot be in the past."))
    if not reason.strip():
        problems.append(_("Enter the reason for the suspension."))
    if problems:
        raise GuardError(problems)


# The managed move -------------------------------------------------------------------------


def ensure_can_record_managed_move(direction: Direction, move: ManagedMove | None) -> None:
    """Only while a review's managed move is being agreed, and only until the roll change:
    after it the pupil is the new school's.

    Sources: 003_db4daf6c9cf2ba51.txt "Managed Move" (placed on roll on the agreed start date)
    and the NB on template 4 (the review's outcome "Convert to Managed Move").
    """
    if move is not None and move.roll_changed_on is not None:
        raise GuardError(
            _("%(pupil)s has been on the roll of %(school)s since %(day)s: this cannot change.")
            % {
                "pupil": direction.pupil,
                "school": move.to_school,
                "day": long_date(move.roll_changed_on),
            }
        )
    if not direction.is_moving or direction.host_school_id is None:
        raise GuardError(
            _(
                "Only a direction converted to a managed move at a review has managed move "
                "details. Record the review with the outcome “Convert to a managed move” first."
            )
        )


def ensure_move_starts_after_review(move: ManagedMove, direction: Direction) -> None:
    """Source: 003_db4daf6c9cf2ba51.txt, the NB on template 4: the move follows the review
    that agreed it ("this decision can be reached as part of the review process", template 5)."""
    if direction.moving_since and move.agreed_start < direction.moving_since:
        raise GuardError(
            {
                "agreed_start": _(
                    "The agreed start date cannot be before the review of %(day)s that agreed "
                    "the move."
                )
                % {"day": long_date(direction.moving_since)}
            }
        )


def ensure_not_moving(direction: Direction) -> None:
    """A direction whose managed move is being agreed cannot end another way until the move is
    recorded as not going ahead, or the pupil would join the new roll after ending it.

    Source: 003_db4daf6c9cf2ba51.txt "Review": "The home school must allow the student to return
    to the school if, after review, the new school is not willing to admit the student on a
    permanent basis, or the arrangements break down in the interim period."
    """
    if direction.is_moving:
        raise GuardError(
            _(
                "A managed move to %(school)s is being agreed. Record that the managed move is "
                "not going ahead first."
            )
            % {"school": direction.host_school}
        )


def ensure_can_stop_managed_move(direction: Direction, reason: str | None = None) -> None:
    """Only a move still being agreed, and with the reason (when given: None asks only whether
    it may be stopped), so the next review knows it.

    Source: 003_db4daf6c9cf2ba51.txt "Managed Move" (agreed by all parties, including the
    parents and the admission authority) and "Review" (if the new school is not willing to
    admit the student permanently, the direction goes on or the student returns home).
    """
    if not direction.is_moving:
        raise GuardError(_("No managed move is being agreed for this direction."))
    if reason is not None and not reason.strip():
        raise GuardError({"reason": _("Enter why the managed move is not going ahead")})


# The letters to parents -------------------------------------------------------------------


def ensure_can_send_direction_letter(direction: Direction) -> None:
    """The direction letter confirms the decision and is the written notice, sent once.

    Source: 003_db4daf6c9cf2ba51.txt template 5, the Sample Letter ("I am writing to confirm
    the governing bodies/trusts decision to direct [name of pupil] to offsite education").
    """
    if direction.state == Direction.State.DECIDED:
        return
    if direction.notice_sent_on:
        raise GuardError(
            _(
                "The direction letter has already gone: the written notice is recorded as sent "
                "on %(day)s. To email a parent again, use “Send again” under Letters to parents."
            )
            % {"day": long_date(direction.notice_sent_on)}
        )
    if direction.state == Direction.State.ENDED:
        raise GuardError(_("This direction has ended."))
    raise GuardError(_("The direction letter confirms the decision: record the decision first."))


@dataclass(frozen=True)
class Blank:
    """A detail a letter must give that the case leaves blank, and where a person enters it:
    `url` (a page, with the field's anchor), or in words (`fix`) when Waymark has no page."""

    detail: str
    url: str = ""
    fix: str = ""


def _and(items: list[str]) -> str:
    """ "the days, the first day and the session and break times"."""
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def notice_blanks(direction: Direction) -> list[Blank]:
    """The details of the written notice of a direction that the case leaves blank, in the
    order the letter gives them (see ensure_notice_complete)."""
    plan = reverse("direction-plan", args=[direction.pk])
    host = direction.host_school
    details = [
        (_("the host's address"), letterhead(host)["address"] if host else "", ""),
        (_("the start time"), direction.start_time, "start_time"),
        (_("the end time"), direction.end_time, "end_time"),
        (_("the days"), direction.days.strip(), "days"),
        (_("the first day"), direction.planned_start, "planned_start"),
        (_("the reasons"), direction.reasons.strip(), "reasons"),
        (_("the session and break times"), direction.break_times.strip(), "break_times"),
        (_("who to report to"), direction.report_to_name.strip(), "report_to_name"),
        (_("the objectives"), direction.objectives.strip(" -•\t\r\n"), "objectives"),
    ]
    blanks = []
    for detail, value, field in details:
        if value not in (None, ""):
            continue
        if host is None and not field:
            blanks.append(Blank(_("the host school"), fix=_("Record the host school first.")))
        elif field:
            blanks.append(Blank(detail, url=f"{plan}#id_{field}"))
        else:
            blanks.append(
                Blank(
                    detail,
                    fix=_(
                        "Ask your Waymark administrator to add the address of %(host)s to "
                        "its school record."
                    )
                    % {"host": host.name if host else _("the host school")},
                )
            )
    return blanks


def ensure_notice_complete(direction: Direction) -> None:
    """The direction letter is the written notice of the direction, so it goes only when it
    gives every detail the notice must: the address of the place, the times and days the pupil
    attends, the first day, the reasons, the session and break times, the person to report to
    and the objectives. A notice with a line to fill in is no notice (issue 14: every demo
    letter said "The session and break times are: ____" and was sent anyway).

    Sources: the Education (Educational Provision for Improving Behaviour) Regulations 2010
    (SI 2010/1156) as amended, on the notice of a direction under section 29A of the Education
    Act 2002 (DESIGN.md "Rules": written notice to parents; verify); 003_db4daf6c9cf2ba51.txt
    template 5, the Sample Letter, which gives each of them.
    """
    blanks = notice_blanks(direction)
    if blanks:
        raise GuardError(
            ngettext(
                "The direction letter is the written notice the law requires, so it cannot be "
                "sent while it leaves %(details)s blank. Enter it first.",
                "The direction letter is the written notice the law requires, so it cannot be "
                "sent while it leaves %(details)s blank. Enter them first.",
                len(blanks),
            )
            % {"details": _and([blank.detail for blank in blanks])}
        )


def review_place(meeting: Meeting) -> str:
    """Where a review is held, as the invitation and its email give it: the place in the
    diary, else the home school at its address; "" when neither is known."""
    if meeting.place.strip():
        return meeting.place.strip()
    home = meeting.direction.home_school
    address = letterhead(home)["address"]
    return f"{home.name}, {address}" if address else ""


def invitation_blanks(meeting: Meeting) -> list[Blank]:
    """What an invitation to this review cannot say yet: its date, time or place."""
    when = reverse("meeting-when", args=[meeting.direction_id, meeting.pk])
    blanks = []
    if meeting.date is None:
        blanks.append(Blank(_("the date"), url=when))
    if meeting.time is None:
        blanks.append(Blank(_("the time"), url=f"{when}#id_time"))
    if not review_place(meeting):
        blanks.append(Blank(_("the place"), url=f"{when}#id_place"))
    return blanks


def ensure_invitation_says_when_and_where(meeting: Meeting) -> None:
    """An invitation gives the date, time and place of the review, and so does its email: a
    letter that says "Time: to be agreed" beside an email that says "the attached letter gives
    the time and place" tells the parents neither (issue 14).

    Sources: 003_db4daf6c9cf2ba51.txt "Review" (a written invitation to each review meeting);
    002_decd2720d6352690.txt (parents invited to review meetings no later than six days in
    advance, at a time convenient for them).
    """
    blanks = invitation_blanks(meeting)
    if blanks:
        raise GuardError(
            _("Add %(details)s of the review first: the invitation must say when and where it is.")
            % {"details": _and([str(blank.detail) for blank in blanks])}
        )


def ensure_notice_can_be_given(
    direction: Direction,
    meeting_on: datetime.date,
    *,
    today: datetime.date,
    shorter_notice_agreed_on: datetime.date | None,
    field: str = "date",
) -> None:
    """A review needs the parents' written invitation not later than six days (the LA's
    setting) before it; one sooner needs their recorded agreement to shorter notice. The
    message goes beside `field`, the date being chosen.

    Sources: 003_db4daf6c9cf2ba51.txt "Review"; 002_decd2720d6352690.txt.
    """
    days = direction.home_school.local_authority.review_invitation_days
    earliest = today + datetime.timedelta(days=days)
    if meeting_on < earliest and shorter_notice_agreed_on is None:
        raise GuardError(
            {
                field: _(
                    "Parents must be invited in writing at least %(days)s days before a "
                    "review: choose %(day)s or later, or record the date the parents agreed "
                    "to shorter notice."
                )
                % {"days": days, "day": long_date(earliest)}
            }
        )


def ensure_can_invite(meeting: Meeting) -> None:
    """Parents are invited in writing to each review still to come, once the notice is sent
    and until the direction ends.

    Sources: 003_db4daf6c9cf2ba51.txt "Review" (a written invitation not later than six days
    before any review meeting); 002_decd2720d6352690.txt (parents invited to review meetings
    no later than six days in advance).
    """
    if meeting.held or meeting.kind == Meeting.Kind.INITIAL:
        raise GuardError(_("Invitations are sent for review meetings that have not been held."))
    ensure_invitation_says_when_and_where(meeting)
    ensure_state(
        meeting.direction,
        Direction.State.NOTICE_SENT,
        Direction.State.INITIAL_MEETING_HELD,
        Direction.State.ACTIVE,
    )


def ensure_has_decision(meeting: Meeting) -> None:
    """Only a review that decided to continue has a decision to send.

    Source: 002_decd2720d6352690.txt: a decision to continue the off-site direction "needs to
    be communicated to the parent/carer no later than six days after the date of the review
    meeting"; 003_db4daf6c9cf2ba51.txt "Review" (decide after each review whether it continues).
    """
    if not meeting.held or meeting.outcome != Meeting.Outcome.CONTINUE:
        raise GuardError(_("Only a review that decided to continue the direction has a decision."))


def ensure_meeting_to_record(direction: Direction, kind: str, scheduled: Meeting | None) -> None:
    """The meeting in the diary being recorded is this direction's, of this kind, not yet held.

    Source: 003_db4daf6c9cf2ba51.txt "Off-site Direction Meetings" ("every review meeting must
    be documented": one record per meeting, templates 3 and 4).
    """
    if scheduled is not None and (
        scheduled.direction_id != direction.pk or scheduled.held or scheduled.kind != kind
    ):
        raise GuardError(_("That meeting is not one of this direction's meetings to record."))
