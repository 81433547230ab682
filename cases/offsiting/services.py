"""The Back-on-Track off-siting's lifecycle: one service per step, each guarded, atomic and kept
in the history; deadlines are recomputed after every change and nightly.

planned → started → ended → closed, or planned → cancelled.
Source: 000_6280d14dcdeb4d53.txt (every rule is in reviews/rules.py under Back-on-Track).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from cases.guards import GuardError, ensure_state
from cases.models import Direction, OffSiting, OffSitingMeeting, OffSitingWork, Pupil
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Deadline
from reviews.notifications import notify
from reviews.services.deadlines import deadlines_sync
from safeguarding.models import OffSitingConcern, SharedItem
from tenancy.models import Role, School, User
from tenancy.services import grant_host_access, revoke_host_access

State = OffSiting.State
Kind = OffSiting.Kind
MeetingKind = OffSitingMeeting.Kind


# Rules applied to one off-siting ------------------------------------------------------------


def off_site_days(offsiting: OffSiting, cal: rules.SchoolCalendar | None = None) -> list:
    """The school days the pupil is at the receiving centre (the home centre's calendar)."""
    cal = cal or calendar_for_school(offsiting.home_centre)
    key_days = offsiting.key_days if offsiting.pattern == OffSiting.Pattern.KEY_DAYS else None
    return rules.offsiting_days(offsiting.first_day, offsiting.last_day, cal, key_days)


def receiving_centres_for(home: School):
    """The other centres of the home centre's service (000: "centres ... within WPES")."""
    if home.group_id is None:
        return School.objects.none()
    return School.objects.filter(group_id=home.group_id).exclude(pk=home.pk).order_by("name")


def plan_problems(offsiting: OffSiting, cal: rules.SchoolCalendar | None = None) -> dict:
    """What is wrong with a plan, as {field name: message}; empty when it may be saved."""
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
        ) % {"day": f"{cal.first_day:%-d %B %Y}"}
        return problems
    if o.last_day > cal.last_day:
        problems["last_day"] = _(
            "The last day must be within the term dates the LA has set (up to %(day)s)"
        ) % {"day": f"{cal.last_day:%-d %B %Y}"}
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
    problems = plan_problems(offsiting)
    if problems:
        raise GuardError(list(problems.values()))


def ensure_no_other_open(offsiting: OffSiting) -> None:
    """A pupil is off-sited to one centre at a time: a second open off-siting is refused."""
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


def ensure_covered_while_started(offsiting: OffSiting) -> None:
    """Once started, a respite off-siting cannot grow beyond what the Head of Service agreed.

    Source: 000_6280d14dcdeb4d53.txt "with agreement of Head of Service if longer than 3 days"
    (the 3 is the LA's respite_days_without_approval). Call after _apply_days.
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


def _still_hosted_elsewhere(offsiting: OffSiting) -> bool:
    """True when another open case still places the pupil at the receiving centre: an off-site
    direction it hosts (its staff were given the pupil at the host's agreement) or another
    started off-siting. Then the pupil-wide grant must stay."""

    centre_id, pupil_id = offsiting.receiving_centre_id, offsiting.pupil_id
    hosting_states = (
        Direction.State.HOST_AGREED,
        Direction.State.DECIDED,
        Direction.State.NOTICE_SENT,
        *Direction.AT_HOST_STATES,
    )
    if Direction.objects.filter(
        pupil_id=pupil_id, host_school_id=centre_id, state__in=hosting_states
    ).exists():
        return True
    return (
        OffSiting.objects.filter(
            pupil_id=pupil_id, receiving_centre_id=centre_id, state=State.STARTED
        )
        .exclude(pk=offsiting.pk)
        .exists()
    )


def release_receiving_access(offsiting: OffSiting) -> None:
    """The receiving centre's staff stop seeing the pupil (passport, safeguarding) once the
    pupil has gone home, unless another open case still has the pupil there."""
    if not _still_hosted_elsewhere(offsiting):
        revoke_host_access(offsiting.pupil, offsiting.receiving_centre)


def missing_items(offsiting: OffSiting, items: list[SharedItem] | None = None) -> list[str]:
    """The items of the seven not yet made available to the receiving centre (000)."""
    items = items if items is not None else list(offsiting.shared_items.all())
    available = {i.item for i in items if i.available}
    return [str(label) for value, label in SharedItem.Item.choices if value not in available]


def required_subjects(offsiting: OffSiting, today: datetime.date) -> list[str]:
    pupil = offsiting.pupil
    options = [o.subject for o in pupil.ks4_options.all()]
    return rules.offsiting_required_subjects(pupil.year_group(today), options)


def weeks_of(offsiting: OffSiting, days: list | None = None) -> list[datetime.date]:
    """The Mondays of the weeks with a day off-site (the columns of the work grid)."""
    days = days if days is not None else off_site_days(offsiting)
    return sorted({rules.week_monday(d) for d in days})


def workbook(offsiting: OffSiting) -> str:
    return rules.offsiting_workbook(offsiting.school_days)


@dataclass(frozen=True)
class StartCheck:
    """What still stops the start, for the page to list."""

    problems: list[str]

    @property
    def ready(self) -> bool:
        return not self.problems


def start_problems(offsiting: OffSiting, *, today: datetime.date, items=None) -> list[str]:
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
            _("The off-siting starts on %(day)s.") % {"day": f"{offsiting.first_day:%-d %B %Y}"}
        )
    return problems


# Saving ---------------------------------------------------------------------------------------


def _save(offsiting: OffSiting, by: User, *fields: str) -> None:
    offsiting._history_user = by
    offsiting.full_clean()
    offsiting.save(update_fields=list(fields) if fields else None)
    refresh_deadlines_on_commit(offsiting.pk)


def refresh_deadlines_on_commit(offsiting_id: int) -> None:
    def refresh() -> None:
        from django.utils import timezone

        offsiting = OffSiting.objects.select_related("home_centre__local_authority").get(
            pk=offsiting_id
        )
        deadlines_refresh(offsiting=offsiting, today=timezone.localdate())

    transaction.on_commit(refresh)


def _apply_days(offsiting: OffSiting) -> None:
    """Count the days, and whether the Head of Service must agree (again)."""
    o = offsiting
    la = o.home_centre.local_authority
    o.school_days = len(off_site_days(o))
    o.approval_needed = rules.offsiting_needs_head_of_service(
        o.kind, o.school_days, days_without_approval=la.respite_days_without_approval
    )
    if o.approval_needed and o.approval_decision:
        longer = o.school_days > (o.approval_days or 0)
        changed = o.school_days != o.approval_days
        if (o.approval_decision == OffSiting.Decision.AGREED and longer) or (
            o.approval_decision == OffSiting.Decision.DECLINED and changed
        ):
            # The agreement was for fewer days: the Head of Service decides the new plan.
            o.approval_decision = ""
            o.approval_by = None
            o.approval_on = None
    if o.kind != Kind.CONSEQUENCE:
        o.circumstance = ""
    if o.pattern != OffSiting.Pattern.KEY_DAYS:
        o.key_days = []


def _ask_head_of_service(offsiting: OffSiting) -> None:
    """Tell the Head of Service a plan awaits their agreement (once per length of plan)."""
    o = offsiting
    if o.awaiting_approval:
        _tell_head_of_service(
            o,
            key=f"offsiting-approval:{o.pk}:{o.school_days}",
            message=_(
                "%(centre)s asks you to agree %(days)s days of respite off-siting for %(pupil)s."
            )
            % {"centre": o.home_centre.name, "days": o.school_days, "pupil": o.pupil.full_name},
        )


def _tell_head_of_service(offsiting: OffSiting, *, key: str, message: str) -> None:
    if offsiting.pk is None:
        return
    heads = User.objects.filter(
        memberships__group_id=offsiting.home_centre.group_id,
        memberships__role=Role.HEAD_OF_SERVICE,
        is_active=True,
    )
    notify(
        users=list(heads),
        school=None,
        pupil=offsiting.pupil,
        direction=None,
        key=key,
        message=message[:300],
        url=offsiting.get_absolute_url(),
    )


def _sync_meetings(offsiting: OffSiting, by: User) -> None:
    """The parent meetings of 000 "Parent involvement" from back_on_track_meetings: put in the
    diary, moved when the dates change. Held ones and those parents were invited to stay."""
    o = offsiting
    cal = calendar_for_school(o.home_centre)
    days = off_site_days(o, cal)
    # Only start and end meetings unless 1 week or more (in school days); reviews on a school
    # day of the home centre's calendar (rules.offsiting_meeting_dates).
    dates = rules.offsiting_meeting_dates(days, cal)
    full = rules.offsiting_is_week_or_more(len(days))
    wanted: dict[datetime.date, str] = {}
    for i, day in enumerate(dates):
        if i == 0:
            kind = MeetingKind.START
        elif i == len(dates) - 1:
            kind = MeetingKind.FINAL if full else MeetingKind.END
        else:
            kind = MeetingKind.REVIEW
        wanted[day] = kind
    existing = list(o.meetings.filter(kind__in=OffSitingMeeting.PARENT_KINDS))
    for meeting in existing:
        if meeting.held or meeting.parents_invited_on:
            wanted.pop(meeting.scheduled_for, None)
            continue
        kind = wanted.pop(meeting.scheduled_for, None)
        if kind is None:
            meeting.delete()
        elif kind != meeting.kind:
            meeting.kind = kind
            meeting._history_user = by
            meeting.save(update_fields=["kind"])
    for day, kind in wanted.items():
        meeting = OffSitingMeeting(offsiting=o, kind=kind, scheduled_for=day)
        meeting._history_user = by
        meeting.save()


# The steps ------------------------------------------------------------------------------------


@transaction.atomic
def offsiting_plan(*, pupil: Pupil, form, by: User) -> OffSiting:
    """The home centre plans an off-siting; the seven items are listed, still to share."""
    offsiting = form.save(commit=False)
    offsiting.pupil = pupil
    offsiting.home_centre = pupil.school
    offsiting.case_lead = by
    offsiting.state = State.PLANNED
    ensure_no_other_open(offsiting)
    ensure_plan_valid(offsiting)
    _apply_days(offsiting)
    _save(offsiting, by)
    _ask_head_of_service(offsiting)
    SharedItem.objects.bulk_create(
        SharedItem(offsiting=offsiting, item=item, recorded_by=by)
        for item in SharedItem.Item.values
    )
    _sync_meetings(offsiting, by)
    return offsiting


@transaction.atomic
def offsiting_update_plan(*, offsiting: OffSiting, form, by: User) -> OffSiting:
    ensure_state(offsiting, State.PLANNED, State.STARTED)
    saved_centre = (
        OffSiting.objects.filter(pk=offsiting.pk).values_list("receiving_centre_id", flat=True)
    ).first()
    offsiting = form.save(commit=False)
    if offsiting.state == State.STARTED and "first_day" in form.changed_data:
        raise GuardError(_("The off-siting has started: its first day cannot change."))
    if offsiting.state != State.PLANNED and offsiting.receiving_centre_id != saved_centre:
        # The receiving centre's staff were given the pupil at the start: plan a new
        # off-siting instead, so access follows the pupil.
        raise GuardError(
            _(
                "The off-siting has started: its receiving centre cannot change. Record the "
                "return, then plan a new off-siting to the other centre."
            )
        )
    ensure_plan_valid(offsiting)
    _apply_days(offsiting)
    ensure_covered_while_started(offsiting)
    _save(offsiting, by)
    _sync_meetings(offsiting, by)
    _ask_head_of_service(offsiting)
    return offsiting


@transaction.atomic
def offsiting_share_item(
    *,
    offsiting: OffSiting,
    item: SharedItem,
    available: bool,
    available_on: datetime.date | None,
    document: str,
    note: str,
    by: User,
) -> SharedItem:
    """One of the seven items is (or is no longer) available to the receiving centre."""
    ensure_state(offsiting, State.PLANNED, State.STARTED)
    if offsiting.state == State.STARTED and not available:
        raise GuardError(_("The off-siting has started: an item shared cannot be withdrawn."))
    if available and not (document.strip() or note.strip()):
        raise GuardError(_("Say where the document is, or add a note for the receiving centre."))
    item.available = available
    item.available_on = available_on if available else None
    item.document = document.strip()
    item.note = note.strip()
    item.recorded_by = by
    item._history_user = by
    item.full_clean()
    item.save()
    refresh_deadlines_on_commit(offsiting.pk)
    return item


@transaction.atomic
def offsiting_decide_approval(
    *,
    offsiting: OffSiting,
    agreed: bool,
    notes: str,
    by: User,
    today: datetime.date,
    days: int | None = None,
) -> OffSiting:
    """The Head of Service agrees (or not) respite beyond the LA's days (000). ``days``: the
    school days agreed, at least the plan's (for a longer period, e.g. a further week after the
    start); the plan's own days when not given."""
    ensure_state(offsiting, State.PLANNED, State.STARTED)
    if not offsiting.approval_needed and not days:
        raise GuardError(_("This off-siting does not need the Head of Service's agreement."))
    if days is not None and agreed and days < offsiting.school_days:
        raise GuardError(
            _("Agree at least the %(days)s school days of the plan.")
            % {"days": offsiting.school_days}
        )
    offsiting.approval_decision = (
        OffSiting.Decision.AGREED if agreed else OffSiting.Decision.DECLINED
    )
    offsiting.approval_days = days if (agreed and days) else offsiting.school_days
    offsiting.approval_by = by
    offsiting.approval_on = today
    offsiting.approval_notes = notes.strip()
    _save(
        offsiting,
        by,
        "approval_decision",
        "approval_days",
        "approval_by",
        "approval_on",
        "approval_notes",
    )
    _tell_home(
        offsiting,
        key=f"offsiting-approval-decided:{offsiting.pk}:{offsiting.school_days}",
        message=_("The Head of Service has %(what)s the respite off-siting of %(pupil)s.")
        % {
            "what": _("agreed") if agreed else _("not agreed"),
            "pupil": offsiting.pupil.full_name,
        },
    )
    return offsiting


def _tell_home(offsiting: OffSiting, *, key: str, message: str, roles=None) -> None:
    roles = roles or (Role.HEADTEACHER, Role.CASE_LEAD)
    people = User.objects.filter(
        memberships__school_id=offsiting.home_centre_id, memberships__role__in=roles, is_active=True
    ).distinct()
    notify(
        users=list(people),
        school=offsiting.home_centre,
        pupil=offsiting.pupil,
        direction=None,
        key=key,
        message=message[:300],
        url=offsiting.get_absolute_url(),
    )


@transaction.atomic
def offsiting_request_ta(
    *, offsiting: OffSiting, reason: str, by: User, today: datetime.date
) -> OffSiting:
    """Ask the Head of Service for a funded 1:1 TA (000 "Use of human resources": only when
    there is a need for intensive, structured intervention and the programme is used fully)."""
    ensure_state(offsiting, State.PLANNED, State.STARTED)
    if not rules.offsiting_is_week_or_more(offsiting.school_days):
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
    offsiting.ta_requested_on = today
    offsiting.ta_request_reason = reason.strip()
    offsiting.ta_decision = ""
    offsiting.ta_decided_by = None
    offsiting.ta_decided_on = None
    offsiting.ta_decision_notes = ""
    _save(offsiting, by)
    _tell_head_of_service(
        offsiting,
        key=f"offsiting-ta:{offsiting.pk}:{today.isoformat()}",
        message=_("%(centre)s asks for a funded 1:1 TA for %(pupil)s's off-siting.")
        % {"centre": offsiting.home_centre.name, "pupil": offsiting.pupil.full_name},
    )
    return offsiting


@transaction.atomic
def offsiting_decide_ta(
    *, offsiting: OffSiting, agreed: bool, notes: str, by: User, today: datetime.date
) -> OffSiting:
    ensure_state(offsiting, State.PLANNED, State.STARTED)
    if not offsiting.awaiting_ta_decision:
        raise GuardError(_("No request for a 1:1 TA is waiting for a decision."))
    offsiting.ta_decision = OffSiting.Decision.AGREED if agreed else OffSiting.Decision.DECLINED
    offsiting.ta_decided_by = by
    offsiting.ta_decided_on = today
    offsiting.ta_decision_notes = notes.strip()
    _save(offsiting, by, "ta_decision", "ta_decided_by", "ta_decided_on", "ta_decision_notes")
    _tell_home(
        offsiting,
        key=f"offsiting-ta-decided:{offsiting.pk}:{offsiting.ta_requested_on.isoformat()}",
        message=_("The Head of Service has %(what)s a funded 1:1 TA for %(pupil)s.")
        % {
            "what": _("agreed") if agreed else _("not agreed"),
            "pupil": offsiting.pupil.full_name,
        },
    )
    return offsiting


@transaction.atomic
def offsiting_start(*, offsiting: OffSiting, by: User, today: datetime.date) -> OffSiting:
    """The pupil has started at the receiving centre: refused until all seven items are
    available (000) and, for long respite, the Head of Service has agreed."""
    ensure_state(offsiting, State.PLANNED)
    problems = start_problems(offsiting, today=today)
    if problems:
        raise GuardError(problems)
    offsiting.state = State.STARTED
    offsiting.started_on = today
    grant_host_access(offsiting.pupil, offsiting.receiving_centre)
    _save(offsiting, by, "state", "started_on")
    return offsiting


@transaction.atomic
def offsiting_week_one(
    *, offsiting: OffSiting, further_week: bool, on: datetime.date, notes: str, by: User
) -> OffSiting:
    """000: at the end of 1 week the receiving site decides: return, or a further week."""
    ensure_state(offsiting, State.STARTED)
    if not rules.offsiting_is_week_or_more(offsiting.school_days):
        raise GuardError(_("Only an off-siting of 1 week or more has a week-one decision."))
    if offsiting.pattern != OffSiting.Pattern.BLOCK:
        raise GuardError(_("The week-one decision is for a block of days, not key days."))
    if on < offsiting.first_day:
        raise GuardError(_("The decision cannot be before the first day."))
    cal = calendar_for_school(offsiting.home_centre)
    if further_week:
        try:
            # 000: "at the end of 1 week ... a further week": a week from the decision day.
            offsiting.last_day = rules.add_school_days(on, rules.OFFSITING_WEEK_DAYS, cal)
        except ValueError:
            raise GuardError(
                _("The term dates do not reach a further week: ask the LA to add them.")
            ) from None
    elif on < offsiting.last_day:
        offsiting.last_day = on
    offsiting.week_one_decision = (
        OffSiting.WeekOne.FURTHER_WEEK if further_week else OffSiting.WeekOne.RETURN
    )
    offsiting.week_one_decided_on = on
    offsiting.week_one_decided_by = by
    offsiting.week_one_notes = notes.strip()
    _apply_days(offsiting)
    ensure_covered_while_started(offsiting)
    _save(offsiting, by)
    _sync_meetings(offsiting, by)
    _ask_head_of_service(offsiting)
    return offsiting


@transaction.atomic
def offsiting_end(*, offsiting: OffSiting, on: datetime.date, by: User) -> OffSiting:
    """The pupil has returned to the home centre; the restorative meeting is now due (000)."""
    ensure_state(offsiting, State.STARTED)
    if on < offsiting.first_day:
        raise GuardError(_("The last day off-site cannot be before the first day."))
    cal = calendar_for_school(offsiting.home_centre)
    offsiting.state = State.ENDED
    offsiting.ended_on = on
    if on < offsiting.last_day:
        offsiting.last_day = on
        _apply_days(offsiting)
        _sync_meetings(offsiting, by)
    try:
        due = rules.offsiting_restorative_due(offsiting.last_day, cal)
    except ValueError:
        due = offsiting.last_day + datetime.timedelta(days=1)
    meeting = OffSitingMeeting(
        offsiting=offsiting,
        kind=MeetingKind.RESTORATIVE,
        scheduled_for=due,
        place=offsiting.home_centre.name,
    )
    if not offsiting.meetings.filter(kind=MeetingKind.RESTORATIVE).exists():
        meeting._history_user = by
        meeting.save()
    _save(offsiting, by)
    # The pupil has gone home: the receiving centre keeps the off-siting's record until the
    # close, but no longer the pupil (passport, safeguarding).
    release_receiving_access(offsiting)
    return offsiting


def restorative_held(offsiting: OffSiting) -> bool:
    return offsiting.meetings.filter(kind=MeetingKind.RESTORATIVE, held=True).exists()


@transaction.atomic
def offsiting_close(*, offsiting: OffSiting, by: User, today: datetime.date) -> OffSiting:
    """Closing needs the formal restorative meeting on return (000); the receiving centre's
    access to the pupil ends."""
    ensure_state(offsiting, State.ENDED)
    if not restorative_held(offsiting):
        raise GuardError(
            _(
                "Record the formal restorative meeting with the people harmed or involved "
                "before closing the off-siting."
            )
        )
    offsiting.state = State.CLOSED
    offsiting.closed_on = today
    release_receiving_access(offsiting)
    _save(offsiting, by, "state", "closed_on")
    return offsiting


@transaction.atomic
def offsiting_cancel(*, offsiting: OffSiting, reason: str, by: User) -> OffSiting:
    ensure_state(offsiting, State.PLANNED)
    if not reason.strip():
        raise GuardError(_("Say why the off-siting is cancelled."))
    offsiting.state = State.CANCELLED
    offsiting.cancelled_reason = reason.strip()
    _save(offsiting, by, "state", "cancelled_reason")
    return offsiting


@transaction.atomic
def offsiting_record_meeting(*, meeting: OffSitingMeeting, form, by: User) -> OffSitingMeeting:
    """A parent meeting or the restorative meeting was held: who attended, what was said."""
    offsiting = meeting.offsiting
    if meeting.kind == MeetingKind.RESTORATIVE:
        ensure_state(offsiting, State.ENDED)
    else:
        ensure_state(offsiting, State.PLANNED, State.STARTED, State.ENDED)
    meeting = form.save(commit=False)
    if not meeting.attendees.strip():
        raise GuardError(_("Enter who attended."))
    if meeting.kind == MeetingKind.RESTORATIVE and offsiting.ended_on and meeting.date:
        if meeting.date < offsiting.ended_on:
            raise GuardError(_("The restorative meeting is held on return, after the last day."))
    meeting.held = True
    meeting.recorded_by = by
    meeting._history_user = by
    meeting.full_clean()
    meeting.save()
    refresh_deadlines_on_commit(offsiting.pk)
    return meeting


@transaction.atomic
def offsiting_record_invitation(
    *, meeting: OffSitingMeeting, on: datetime.date, by: User
) -> OffSitingMeeting:
    if meeting.held:
        raise GuardError(_("This meeting has already been held."))
    ensure_state(meeting.offsiting, State.PLANNED, State.STARTED, State.ENDED)
    if meeting.parents_invited_on is None:
        meeting.parents_invited_on = on
        meeting._history_user = by
        meeting.save(update_fields=["parents_invited_on"])
    return meeting


@transaction.atomic
def offsiting_record_work(
    *,
    offsiting: OffSiting,
    subject: str,
    week_beginning: datetime.date,
    set_by_home: bool | None,
    returned: bool,
    marked: bool | None,
    notes: str,
    by: User,
    by_home_centre: bool,
) -> OffSitingWork:
    """The week's work for one subject: set by home, returned, marked by home (000).

    Source: 000_6280d14dcdeb4d53.txt "Providing work": "the home site should provide work";
    "The work is sent back and marked by the home site." Only the home centre's staff
    (``by_home_centre``) tick set and marked; the receiving centre ticks returned. None for
    set_by_home or marked keeps what is recorded.
    """
    ensure_state(offsiting, State.PLANNED, State.STARTED, State.ENDED)
    work = offsiting.work.filter(subject=subject, week_beginning=week_beginning).first()
    was_set, was_marked = (work.set_by_home, work.marked) if work else (False, False)
    set_by_home = was_set if set_by_home is None else set_by_home
    marked = was_marked if marked is None else marked
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
    work = work or OffSitingWork(
        offsiting=offsiting, subject=subject, week_beginning=week_beginning
    )
    work.set_by_home, work.returned, work.marked = set_by_home, returned, marked
    work.notes = notes.strip()
    work.recorded_by = by
    work._history_user = by
    work.full_clean()
    work.save()
    return work


@transaction.atomic
def offsiting_record_workbook(
    *, offsiting: OffSiting, topics: list[str], notes: str, by: User
) -> OffSiting:
    """Progress through the nine topics of the Back-on-Track curriculum (000)."""
    ensure_state(offsiting, State.STARTED, State.ENDED)
    unknown = set(topics) - set(OffSiting.Topic.values)
    if unknown:
        raise GuardError(_("Choose topics from the Back-on-Track curriculum."))
    offsiting.topics_done = [t for t in OffSiting.Topic.values if t in topics]
    offsiting.workbook_notes = notes.strip()
    _save(offsiting, by, "topics_done", "workbook_notes")
    return offsiting


@transaction.atomic
def offsiting_record_concern(*, offsiting: OffSiting, form, by: User) -> OffSitingConcern:
    """000: the receiving centre manages a new concern and tells the home DSL clearly: the
    home centre's DSLs are notified at once (the notification holds no detail)."""
    ensure_state(offsiting, State.STARTED)
    concern = form.save(commit=False)
    concern.offsiting = offsiting
    concern.recorded_by = by
    concern._history_user = by
    concern.full_clean()
    concern.save()
    _tell_home(
        offsiting,
        key=f"offsiting-concern:{concern.pk}",
        message=_(
            "%(centre)s has recorded a new safeguarding concern about %(pupil)s. "
            "Open the off-siting to read it."
        )
        % {"centre": offsiting.receiving_centre.name, "pupil": offsiting.pupil.full_name},
        roles=(Role.DSL,),
    )
    return concern


# Deadlines ------------------------------------------------------------------------------------


def _wanted(offsiting: OffSiting, today: datetime.date) -> dict[str, tuple]:
    o = offsiting
    if o.state == State.CANCELLED:
        return {}
    cal = calendar_for_school(o.home_centre)
    wanted: dict[str, tuple] = {}
    items = list(o.shared_items.all())
    if len(items) == len(SharedItem.Item.values) and all(i.available for i in items):
        shared_on = max(i.available_on for i in items)
    else:
        shared_on = None
    try:
        wanted["sharing"] = (
            Deadline.Kind.OFFSITING_SHARING,
            rules.offsiting_sharing_due(o.first_day, cal),
            shared_on,
        )
    except ValueError:
        wanted["sharing"] = (Deadline.Kind.OFFSITING_SHARING, o.first_day, shared_on)
    for meeting in o.meetings.all():
        if not meeting.held and not o.is_open:
            continue
        kind = (
            Deadline.Kind.OFFSITING_RESTORATIVE
            if meeting.kind == MeetingKind.RESTORATIVE
            else Deadline.Kind.OFFSITING_MEETING
        )
        wanted[f"meeting:{meeting.pk}"] = (
            kind,
            meeting.scheduled_for,
            meeting.date if meeting.held else None,
        )
    if o.state != State.PLANNED and o.pattern == OffSiting.Pattern.BLOCK:
        due = rules.offsiting_week_one_due(off_site_days(o, cal))
        # Once the pupil is back without a decision, there is nothing left to decide.
        if due is not None and (o.state == State.STARTED or o.week_one_decided_on):
            wanted["week-one"] = (Deadline.Kind.OFFSITING_WEEK_ONE, due, o.week_one_decided_on)
    return wanted


def deadlines_refresh(*, offsiting: OffSiting, today: datetime.date) -> None:

    deadlines_sync(
        case=offsiting,
        wanted=_wanted(offsiting, today),
        responsible_id=offsiting.case_lead_id,
        pupil_id=offsiting.pupil_id,
        school_id=offsiting.home_centre_id,
        today=today,
    )


def offsiting_refresh_all(*, today: datetime.date) -> int:
    """Nightly (reviews.tasks): every open off-siting's deadlines."""
    count = 0
    for offsiting in (
        OffSiting.objects.filter(state__in=OffSiting.OPEN_STATES)
        .select_related("home_centre__local_authority")
        .iterator()
    ):
        deadlines_refresh(offsiting=offsiting, today=today)
        count += 1
    return count
