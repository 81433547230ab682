"""The Back-on-Track off-siting's lifecycle: one service per step, each guarded, atomic and kept
in the history; deadlines are recomputed after every change (cases.offsiting.deadlines).

planned → started → ended → closed, or planned → cancelled.
Source: 000_6280d14dcdeb4d53.txt (every rule is in reviews/rules.py under Back-on-Track; the
guards are cases.offsiting.guards). What is recorded while it runs (meetings, invitations,
work, concerns) is cases.offsiting.records.

Services take values, never a form: a view validates its form and passes what it cleaned.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from cases.guards import ensure_school_day
from cases.offsiting import guards
from cases.offsiting.deadlines import refresh_deadlines_on_commit
from cases.offsiting.models import OffSiting, OffSitingMeeting
from cases.offsiting.notifications import ask_head_of_service, tell_head_of_service, tell_home
from cases.offsiting.selectors import off_site_days, still_hosted_elsewhere
from cases.pupils.models import Pupil
from reviews import rules
from reviews.calendars import calendar_for_school
from safeguarding.models import SharedItem
from tenancy.models import School, User
from tenancy.services import grant_host_access, revoke_host_access

State = OffSiting.State
Kind = OffSiting.Kind
MeetingKind = OffSitingMeeting.Kind


def _save(offsiting: OffSiting, by: User, *fields: str) -> None:
    offsiting._history_user = by
    offsiting.full_clean()
    offsiting.save(update_fields=list(fields) if fields else None)
    refresh_deadlines_on_commit(offsiting.pk)


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


def _sync_meetings(offsiting: OffSiting, by: User) -> None:
    """The parent meetings of 000 "Parent involvement" from back_on_track_meetings: put in the
    diary, moved when the dates change. Held ones and those parents were invited to stay."""
    o = offsiting
    cal = calendar_for_school(o.home_centre)
    days = off_site_days(o, cal)
    # Only start and end meetings unless 1 week or more (in school days); reviews on a school
    # day of the home centre's calendar (rules.offsiting_meeting_dates).
    dates = rules.offsiting_meeting_dates(days, cal)
    full = rules.offsiting_is_week_or_more(days, cal)
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


def release_receiving_access(offsiting: OffSiting) -> None:
    """The receiving centre's staff stop seeing the pupil (passport, safeguarding) once the
    pupil has gone home, unless another open case still has the pupil there."""
    if not still_hosted_elsewhere(offsiting):
        revoke_host_access(offsiting.pupil, offsiting.receiving_centre)


# The plan -------------------------------------------------------------------------------------


@transaction.atomic
def offsiting_plan(
    *,
    pupil: Pupil,
    receiving_centre: School,
    kind: str,
    first_day: datetime.date,
    last_day: datetime.date,
    reasons: str,
    circumstance: str = "",
    pattern: str = OffSiting.Pattern.BLOCK,
    key_days: Iterable[int] = (),
    intervention: str = "",
    work_agreed: str = "",
    receiving_class: str = "",
    by: User,
) -> OffSiting:
    """The home centre plans an off-siting; the seven items are listed, still to share."""
    offsiting = OffSiting(
        pupil=pupil,
        home_centre=pupil.school,
        receiving_centre=receiving_centre,
        kind=kind,
        circumstance=circumstance,
        pattern=pattern,
        first_day=first_day,
        last_day=last_day,
        key_days=list(key_days),
        reasons=reasons,
        intervention=intervention,
        work_agreed=work_agreed,
        receiving_class=receiving_class,
        case_lead=by,
        state=State.PLANNED,
    )
    ensure_school_day(offsiting.home_centre, first_day, field="first_day")
    guards.ensure_no_other_open(offsiting)
    guards.ensure_plan_valid(offsiting)
    _apply_days(offsiting)
    _save(offsiting, by)
    ask_head_of_service(offsiting)
    SharedItem.objects.bulk_create(
        SharedItem(offsiting=offsiting, item=item, recorded_by=by)
        for item in SharedItem.Item.values
    )
    _sync_meetings(offsiting, by)
    return offsiting


@transaction.atomic
def offsiting_update_plan(
    *, offsiting: OffSiting, changes: dict[str, object], by: User
) -> OffSiting:
    """Change the plan (`changes`: field name → value, as offsiting_plan takes them) until the
    pupil returns; the days, meetings and the Head of Service's agreement follow."""
    saved = OffSiting.objects.values("first_day", "receiving_centre_id").get(pk=offsiting.pk)
    for name, value in changes.items():
        setattr(offsiting, name, list(value) if name == "key_days" else value)
    guards.ensure_plan_change_allowed(
        offsiting,
        saved_first_day=saved["first_day"],
        saved_receiving_centre_id=saved["receiving_centre_id"],
    )
    if "first_day" in changes:
        ensure_school_day(offsiting.home_centre, offsiting.first_day, field="first_day")
    guards.ensure_plan_valid(offsiting)
    _apply_days(offsiting)
    guards.ensure_covered_while_started(offsiting)
    _save(offsiting, by)
    _sync_meetings(offsiting, by)
    ask_head_of_service(offsiting)
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
    guards.ensure_can_share_item(offsiting, available=available, document=document, note=note)
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


# The Head of Service --------------------------------------------------------------------------


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
    guards.ensure_can_decide_approval(offsiting, agreed=agreed, days=days)
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
    tell_home(
        offsiting,
        key=f"offsiting-approval-decided:{offsiting.pk}:{offsiting.school_days}",
        message=_("The Head of Service has %(what)s the respite off-siting of %(pupil)s.")
        % {
            "what": _("agreed") if agreed else _("not agreed"),
            "pupil": offsiting.pupil.full_name,
        },
    )
    return offsiting


@transaction.atomic
def offsiting_request_ta(
    *, offsiting: OffSiting, reason: str, by: User, today: datetime.date
) -> OffSiting:
    """Ask the Head of Service for a funded 1:1 TA (000 "Use of human resources": only when
    there is a need for intensive, structured intervention and the programme is used fully)."""
    guards.ensure_can_request_ta(offsiting, reason=reason)
    offsiting.ta_requested_on = today
    offsiting.ta_request_reason = reason.strip()
    offsiting.ta_decision = ""
    offsiting.ta_decided_by = None
    offsiting.ta_decided_on = None
    offsiting.ta_decision_notes = ""
    _save(offsiting, by)
    tell_head_of_service(
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
    guards.ensure_can_decide_ta(offsiting)
    offsiting.ta_decision = OffSiting.Decision.AGREED if agreed else OffSiting.Decision.DECLINED
    offsiting.ta_decided_by = by
    offsiting.ta_decided_on = today
    offsiting.ta_decision_notes = notes.strip()
    _save(offsiting, by, "ta_decision", "ta_decided_by", "ta_decided_on", "ta_decision_notes")
    tell_home(
        offsiting,
        key=f"offsiting-ta-decided:{offsiting.pk}:{offsiting.ta_requested_on.isoformat()}",
        message=_("The Head of Service has %(what)s a funded 1:1 TA for %(pupil)s.")
        % {
            "what": _("agreed") if agreed else _("not agreed"),
            "pupil": offsiting.pupil.full_name,
        },
    )
    return offsiting


# Start, week one, return, close -----------------------------------------------------------------


@transaction.atomic
def offsiting_start(*, offsiting: OffSiting, by: User, today: datetime.date) -> OffSiting:
    """The pupil has started at the receiving centre: refused until all seven items are
    available (000) and, for long respite, the Head of Service has agreed."""
    guards.ensure_can_start(offsiting, today=today)
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
    guards.ensure_can_decide_week_one(offsiting, on=on)
    if further_week:
        cal = calendar_for_school(offsiting.home_centre)
        offsiting.last_day = guards.further_week_last_day(on, cal)
    elif on < offsiting.last_day:
        offsiting.last_day = on
    offsiting.week_one_decision = (
        OffSiting.WeekOne.FURTHER_WEEK if further_week else OffSiting.WeekOne.RETURN
    )
    offsiting.week_one_decided_on = on
    offsiting.week_one_decided_by = by
    offsiting.week_one_notes = notes.strip()
    _apply_days(offsiting)
    guards.ensure_covered_while_started(offsiting)
    _save(offsiting, by)
    _sync_meetings(offsiting, by)
    ask_head_of_service(offsiting)
    return offsiting


@transaction.atomic
def offsiting_end(*, offsiting: OffSiting, on: datetime.date, by: User) -> OffSiting:
    """The pupil has returned to the home centre; the restorative meeting is now due (000)."""
    guards.ensure_can_end(offsiting, on=on)
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


@transaction.atomic
def offsiting_close(*, offsiting: OffSiting, by: User, today: datetime.date) -> OffSiting:
    """Closing needs the formal restorative meeting on return (000); the receiving centre's
    access to the pupil ends."""
    guards.ensure_can_close(offsiting)
    offsiting.state = State.CLOSED
    offsiting.closed_on = today
    release_receiving_access(offsiting)
    _save(offsiting, by, "state", "closed_on")
    return offsiting


@transaction.atomic
def offsiting_cancel(*, offsiting: OffSiting, reason: str, by: User) -> OffSiting:
    guards.ensure_can_cancel(offsiting, reason=reason)
    offsiting.state = State.CANCELLED
    offsiting.cancelled_reason = reason.strip()
    _save(offsiting, by, "state", "cancelled_reason")
    return offsiting


# The workbook ------------------------------------------------------------------------------


@transaction.atomic
def offsiting_record_workbook(
    *, offsiting: OffSiting, topics: list[str], notes: str, by: User
) -> OffSiting:
    """Progress through the nine topics of the Back-on-Track curriculum (000)."""
    guards.ensure_can_record_workbook(offsiting, topics=topics)
    offsiting.topics_done = [t for t in OffSiting.Topic.values if t in topics]
    offsiting.workbook_notes = notes.strip()
    _save(offsiting, by, "topics_done", "workbook_notes")
    return offsiting
