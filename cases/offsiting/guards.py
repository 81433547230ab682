"""Named guards of the Back-on-Track off-siting. Each raises GuardError with what to do first
(or lists it, for the page to show); services call them, templates never decide.

Source: 000_6280d14dcdeb4d53.txt "Back-On-Track Programme (off-siting for respite /
consequence)"; the section each rule rests on is in its docstring. The day counts and dates
come from reviews.rules (Back-on-Track).
"""

import datetime

from django.utils.translation import gettext as _

from cases.guards import GuardError, ensure_state
from cases.offsiting.models import OffSiting, OffSitingMeeting
from cases.offsiting.selectors import missing_items, off_site_days, restorative_held
from reviews import rules
from reviews.calendars import calendar_for_school
from ui.formats import long_date

State = OffSiting.State
Kind = OffSiting.Kind


# Planning ---------------------------------------------------------------------------------


def plan_problems(offsiting: OffSiting, cal: rules.SchoolCalendar | None = None) -> dict:
    """What is wrong with a plan, as {field name: message}; empty when it may be saved.

    Source: 000_6280d14dcdeb4d53.txt "Use of off-siting": centres "within WPES"; a consequence
    in one of three circumstances and, like safety, 1-3 days; respite "a block of time ... or
    key days in a week, over a period of time (half-a-term)". The days are the home centre's
    school days, so the dates must be within the LA's term dates.
    """
    o = offsiting
    problems: dict[str, str] = {}
    home, receiving = o.home_centre, o.receiving_centre
    if receiving is not None and receiving.pk == home.pk:
        problems["receiving_centre"] = _("Choose a different centre from the home centre")
    elif receiving is not None and (home.group_id is None or receiving.group_id != home.group_id):
        problems["receiving_centre"] = _("Choose another centre of the same service")
    if o.kind == Kind.CONSEQUENCE and not o.circumstance:
        problems["circumstance"] = _("Choose which of the three circumstances applies")
    if o.pattern == OffSiting.Pattern.KEY_DAYS:
        if o.kind != Kind.RESPITE:
            problems["pattern"] = _("Only an off-siting for respite can be key days each week")
        elif not o.key_days:
            problems["key_days"] = _("Choose the key days each week")
    if o.first_day is None or o.last_day is None:
        return problems
    if o.last_day < o.first_day:
        problems["last_day"] = _("The last day must be on or after the first day")
        return problems
    cal = cal or calendar_for_school(home)
    # The days are counted on the LA's term dates: dates outside them cannot be counted (and a
    # far-future date would make the counting run for ever).
    if cal.first_day is None:
        problems["first_day"] = _(
            "The LA has not set its term dates yet: ask the LA to add them before planning"
        )
        return problems
    if o.first_day < cal.first_day:
        problems["first_day"] = _(
            "The first day must be within the term dates the LA has set (from %(day)s)"
        ) % {"day": long_date(cal.first_day)}
        return problems
    if o.last_day > cal.last_day:
        problems["last_day"] = _(
            "The last day must be within the term dates the LA has set (up to %(day)s)"
        ) % {"day": long_date(cal.last_day)}
        return problems
    if o.pattern == OffSiting.Pattern.KEY_DAYS and not rules.offsiting_within_half_term(
        o.first_day, o.last_day, cal
    ):
        problems["last_day"] = _(
            "Key days can run for up to half a term: the last day must be in the same half "
            "term as the first day"
        )
    if "key_days" in problems or "pattern" in problems:
        return problems
    days = off_site_days(o, cal)
    limit = rules.offsiting_short_limit_problem(o.kind, len(days))
    if limit == "no school days":
        problems["first_day"] = _("There are no school days off-site on these dates")
    elif limit:
        problems["last_day"] = _(
            "An off-siting %(kind)s lasts 1 to 3 school days; these dates make %(days)s"
        ) % {"kind": str(o.get_kind_display()).lower(), "days": len(days)}
    return problems


def ensure_plan_valid(offsiting: OffSiting) -> None:
    """Every problem of plan_problems stops the plan. Source: 000_6280d14dcdeb4d53.txt "Use of
    off-siting"."""
    problems = plan_problems(offsiting)
    if problems:
        raise GuardError(list(problems.values()))


def ensure_no_other_open(offsiting: OffSiting) -> None:
    """A pupil is off-sited to one centre at a time: a second open off-siting is refused.
    Source: 000_6280d14dcdeb4d53.txt "Use of off-siting" (the pupil is placed into a class on
    the receiving site)."""
    others = OffSiting.objects.filter(pupil_id=offsiting.pupil_id, state__in=OffSiting.OPEN_STATES)
    if offsiting.pk is not None:
        others = others.exclude(pk=offsiting.pk)
    if others.exists():
        raise GuardError(
            _(
                "This pupil already has an open off-siting. Close or cancel it before planning "
                "another."
            )
        )


def ensure_plan_change_allowed(
    offsiting: OffSiting,
    *,
    saved_first_day: datetime.date,
    saved_receiving_centre_id: int,
) -> None:
    """The plan changes until the pupil returns; once started, its first day and receiving
    centre stay (the centre's staff were given the pupil at the start: plan a new off-siting
    instead, so access follows the pupil). Source: 000_6280d14dcdeb4d53.txt "Information
    sharing, safeguarding": the information goes to "the centre receiving the pupil"."""
    ensure_state(offsiting, State.PLANNED, State.STARTED)
    if offsiting.state == State.STARTED and offsiting.first_day != saved_first_day:
        raise GuardError(_("The off-siting has started: its first day cannot change."))
    if offsiting.state != State.PLANNED and (
        offsiting.receiving_centre_id != saved_receiving_centre_id
    ):
        raise GuardError(
            _(
                "The off-siting has started: its receiving centre cannot change. Record the "
                "return, then plan a new off-siting to the other centre."
            )
        )


def ensure_covered_while_started(offsiting: OffSiting) -> None:
    """Once started, a respite off-siting cannot grow beyond what the Head of Service agreed.

    Source: 000_6280d14dcdeb4d53.txt "Use of off-siting": respite "with agreement of Head of
    Service if longer than 3 days" (the 3 is the LA's respite_days_without_approval). Call once
    the days are counted again.
    """
    o = offsiting
    if o.state != State.STARTED or not o.approval_needed:
        return
    if o.approval_decision == OffSiting.Decision.AGREED and o.school_days <= (o.approval_days or 0):
        return
    raise GuardError(
        _(
            "This would make the respite off-siting %(days)s school days, more than the "
            "Head of Service has agreed. Get the Head of Service's agreement first."
        )
        % {"days": o.school_days}
    )


# Information sharing and the Head of Service ----------------------------------------------


def ensure_can_share_item(
    offsiting: OffSiting, *, available: bool, document: str, note: str
) -> None:
    """One of the seven items is made available (or withdrawn before the start). Source:
    000_6280d14dcdeb4d53.txt "Information sharing, safeguarding": "must be made available to
    the centre receiving the pupil and before the off-siting period starts"."""
    ensure_state(offsiting, State.PLANNED, State.STARTED)
    if offsiting.state == State.STARTED and not available:
        raise GuardError(_("The off-siting has started: an item shared cannot be withdrawn."))
    if available and not (document.strip() or note.strip()):
        raise GuardError(_("Say where the document is, or add a note for the receiving centre."))


def ensure_can_decide_approval(offsiting: OffSiting, *, agreed: bool, days: int | None) -> None:
    """The Head of Service agrees respite beyond the LA's days, for at least the plan's days.
    Source: 000_6280d14dcdeb4d53.txt "Use of off-siting": respite "with agreement of Head of
    Service if longer than 3 days"."""
    ensure_state(offsiting, State.PLANNED, State.STARTED)
    if not offsiting.approval_needed and not days:
        raise GuardError(_("This off-siting does not need the Head of Service's agreement."))
    if days is not None and agreed and days < offsiting.school_days:
        raise GuardError(
            _("Agree at least the %(days)s school days of the plan.")
            % {"days": offsiting.school_days}
        )


def _cal(offsiting: OffSiting) -> rules.SchoolCalendar:
    return calendar_for_school(offsiting.home_centre)


def ensure_can_request_ta(offsiting: OffSiting, *, reason: str) -> None:
    """Source: 000_6280d14dcdeb4d53.txt "Use of human resources": a funded TA "to work 1-2-1"
    only "when there is clearly a need for intensive, structured intervention ... and when the
    Back-on-Track Programme is being used fully" (1 week or more)."""
    ensure_state(offsiting, State.PLANNED, State.STARTED)
    if not rules.offsiting_is_week_or_more(off_site_days(offsiting), _cal(offsiting)):
        raise GuardError(
            _(
                "A funded 1:1 TA can be asked for only when the Back-on-Track programme is used "
                "fully: an off-siting of 1 week or more."
            )
        )
    if offsiting.awaiting_ta_decision:
        raise GuardError(_("A request for a 1:1 TA is already waiting for the Head of Service."))
    if not reason.strip():
        raise GuardError(_("Say why intensive, structured 1:1 support is needed."))


def ensure_can_decide_ta(offsiting: OffSiting) -> None:
    """The Head of Service decides a request that is waiting. Source: 000_6280d14dcdeb4d53.txt
    "Use of human resources": Heads of Centre "liaise with the Head of Service"."""
    ensure_state(offsiting, State.PLANNED, State.STARTED)
    if not offsiting.awaiting_ta_decision:
        raise GuardError(_("No request for a 1:1 TA is waiting for a decision."))


# The off-siting itself ----------------------------------------------------------------------


def start_problems(offsiting: OffSiting, *, today: datetime.date, items=None) -> list[str]:
    """What still stops the start, for the page to list. Source: 000_6280d14dcdeb4d53.txt
    "Information sharing, safeguarding" (all seven items "before the off-siting period
    starts") and "Use of off-siting" (the Head of Service's agreement to long respite)."""
    problems = []
    missing = missing_items(offsiting, items)
    if missing:
        problems.append(
            _("Make every item available to the receiving centre first. Still to share: %(m)s.")
            % {"m": ", ".join(missing)}
        )
    if offsiting.approval_needed and offsiting.approval_decision != OffSiting.Decision.AGREED:
        problems.append(
            _(
                "The Head of Service must agree an off-siting for respite of more than "
                "%(days)s days before it starts."
            )
            % {"days": offsiting.home_centre.local_authority.respite_days_without_approval}
        )
    if today < offsiting.first_day:
        problems.append(
            _("The off-siting starts on %(day)s.") % {"day": long_date(offsiting.first_day)}
        )
    return problems


def ensure_can_start(offsiting: OffSiting, *, today: datetime.date) -> None:
    """A planned off-siting starts once nothing of start_problems is left. Source:
    000_6280d14dcdeb4d53.txt "Information sharing, safeguarding"."""
    ensure_state(offsiting, State.PLANNED)
    problems = start_problems(offsiting, today=today)
    if problems:
        raise GuardError(problems)


def ensure_can_decide_week_one(offsiting: OffSiting, *, on: datetime.date) -> None:
    """Source: 000_6280d14dcdeb4d53.txt "Back-On-Track Programme": for 1 week or more, "at the
    end of 1 week, the receiving site will make a decision whether the pupil is able to return
    to the home site or whether a further week is required"."""
    ensure_state(offsiting, State.STARTED)
    if not rules.offsiting_is_week_or_more(off_site_days(offsiting), _cal(offsiting)):
        raise GuardError(_("Only an off-siting of 1 week or more has a week-one decision."))
    if offsiting.pattern != OffSiting.Pattern.BLOCK:
        raise GuardError(_("The week-one decision is for a block of days, not key days."))
    if on < offsiting.first_day:
        raise GuardError(_("The decision cannot be before the first day."))


def further_week_last_day(on: datetime.date, cal: rules.SchoolCalendar) -> datetime.date:
    """The last day of a further week decided on `on`: a week of school days from the decision
    day, which the LA's term dates must reach. Source: 000_6280d14dcdeb4d53.txt "Back-On-Track
    Programme": "at the end of 1 week ... whether a further week is required"."""
    try:
        return rules.add_school_days(on, rules.OFFSITING_WEEK_DAYS, cal)
    except ValueError:
        raise GuardError(
            _("The term dates do not reach a further week: ask the LA to add them.")
        ) from None


def ensure_can_end(offsiting: OffSiting, *, on: datetime.date) -> None:
    """The pupil returns to the home site from a started off-siting. Source:
    000_6280d14dcdeb4d53.txt "Back-On-Track Programme" ("On return to the home site")."""
    ensure_state(offsiting, State.STARTED)
    if on < offsiting.first_day:
        raise GuardError(_("The last day off-site cannot be before the first day."))


def ensure_can_close(offsiting: OffSiting) -> None:
    """Source: 000_6280d14dcdeb4d53.txt "Back-On-Track Programme": "On return to the home site,
    there will need to be a formal restorative meeting ... part of the repair and safe return".
    """
    ensure_state(offsiting, State.ENDED)
    if not restorative_held(offsiting):
        raise GuardError(
            _(
                "Record the formal restorative meeting with the people harmed or involved "
                "before closing the off-siting."
            )
        )


def ensure_can_cancel(offsiting: OffSiting, *, reason: str) -> None:
    """Only a plan that has not started is cancelled, with its reason kept. Source:
    000_6280d14dcdeb4d53.txt "Use of off-siting" (why the pupil is off-sited)."""
    ensure_state(offsiting, State.PLANNED)
    if not reason.strip():
        raise GuardError(_("Say why the off-siting is cancelled."))


# Meetings, work and the workbook --------------------------------------------------------------


def ensure_can_record_meeting(
    meeting: OffSitingMeeting, *, date: datetime.date | None, attendees: str
) -> None:
    """Source: 000_6280d14dcdeb4d53.txt "Parent involvement" (the parent meetings while the
    off-siting is open) and "Back-On-Track Programme" (the restorative meeting "On return to
    the home site")."""
    offsiting = meeting.offsiting
    if meeting.kind == OffSitingMeeting.Kind.RESTORATIVE:
        ensure_state(offsiting, State.ENDED)
    else:
        ensure_state(offsiting, State.PLANNED, State.STARTED, State.ENDED)
    if not attendees.strip():
        raise GuardError(_("Enter who attended."))
    if meeting.kind == OffSitingMeeting.Kind.RESTORATIVE and offsiting.ended_on and date:
        if date < offsiting.ended_on:
            raise GuardError(_("The restorative meeting is held on return, after the last day."))


def ensure_can_record_invitation(meeting: OffSitingMeeting) -> None:
    """Parents are invited to a meeting still to hold. Source: 000_6280d14dcdeb4d53.txt "Parent
    involvement"."""
    if meeting.held:
        raise GuardError(_("This meeting has already been held."))
    ensure_state(meeting.offsiting, State.PLANNED, State.STARTED, State.ENDED)


def ensure_can_invite(meeting: OffSitingMeeting) -> None:
    """The invitation letter goes for a meeting still to hold of an open off-siting. Source:
    000_6280d14dcdeb4d53.txt "Parent involvement": "parents / carers attend a meeting"."""
    if meeting.held:
        raise GuardError(_("This meeting has already been held."))
    if not meeting.offsiting.is_open:
        raise GuardError(_("This off-siting is no longer open."))


def ensure_work_ticks_allowed(
    *,
    was_set: bool,
    was_marked: bool,
    set_by_home: bool,
    returned: bool,
    marked: bool,
    by_home_centre: bool,
) -> None:
    """Source: 000_6280d14dcdeb4d53.txt "Providing work": "the home site should provide work";
    "The work is sent back and marked by the home site". Only the home centre ticks set and
    marked; work is returned once set, and marked once returned."""
    if not by_home_centre and (set_by_home != was_set or marked != was_marked):
        raise GuardError(
            _(
                "Only the home centre sets and marks the work; the receiving centre records "
                "that it was returned."
            )
        )
    if (returned or marked) and not set_by_home:
        raise GuardError(_("Work can only be returned or marked once it has been set."))
    if marked and not returned:
        raise GuardError(_("Work is marked by the home centre once it has been returned."))


def ensure_can_record_workbook(offsiting: OffSiting, *, topics: list[str]) -> None:
    """Source: 000_6280d14dcdeb4d53.txt "Back-On-Track Curriculum": the nine topics the
    programme covers, worked through while the pupil is off-site (or after)."""
    ensure_state(offsiting, State.STARTED, State.ENDED)
    if set(topics) - set(OffSiting.Topic.values):
        raise GuardError(_("Choose topics from the Back-on-Track curriculum."))
