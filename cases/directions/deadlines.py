"""The deadlines of an off-site direction, worked out from the pure rules (reviews.rules) and
synced as rows (reviews.services.deadlines) after every change and every night.

Sources are on the rules; the host's register and the weekly contact are 002 and 003.
"""

import datetime
import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.directions.attendance import host_attendance_days, host_days_chased, host_marks_of
from cases.directions.contacts import home_host_contact_dates, home_host_contact_times_of
from cases.directions.models import Direction
from documents.models import GeneratedDocument, Letter, OutboxMessage
from documents.outbox import letters_about
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Deadline, Meeting, ReviewRequest
from reviews.services.deadlines import deadlines_sync
from reviews.services.deadlines_batch import in_chunks

logger = logging.getLogger(__name__)
Kind = Deadline.Kind
State = Direction.State
NOTICE_SENT_OR_LATER = {State.NOTICE_SENT, *Direction.AT_HOST_STATES}
DECIDED_OR_LATER = {State.DECIDED, *NOTICE_SENT_OR_LATER}
# What _wanted reads of a meeting (the rest, the record of what was said, is long text).
MEETING_FIELDS = (
    "direction_id",
    "kind",
    "date",
    "held",
    "parents_invited_on",
    "shorter_notice_agreed_on",
    "outcome",
    "decision_sent_on",
)
# What the nightly refresh reads of a direction: what _wanted, the host's days and the sync
# look at. The rest (reasons, objectives, the notice's wording...) is long text, and reading
# whole rows, with each school and LA selected, was most of the refresh's time (issue 12).
REFRESH_FIELDS = (
    "pupil",
    "home_school",
    "host_school",
    "case_lead",
    "state",
    "planned_start",
    "planned_end",
    "ended_on",
    "notice_sent_on",
    "review_interval_weeks",
)


def refresh_deadlines_on_commit(direction_id: int) -> None:
    """Recompute the direction's deadlines once the change is committed (never on rollback)."""
    transaction.on_commit(
        lambda: deadlines_refresh(direction=Direction.objects.get(pk=direction_id))
    )


def directions_refresh_all(*, today: datetime.date) -> int:
    """Recompute the deadlines of every direction not yet ended (the nightly refresh): for
    each chunk of directions, their meetings, review requests, the host's marks, the home–host
    contacts and the direction letters are read in one query each (_read_ahead), not per
    direction (issue 12)."""
    directions = Direction.objects.exclude(state=State.ENDED).only(*REFRESH_FIELDS)
    count = 0
    for chunk in in_chunks(directions, schools=("home_school", "host_school")):
        reads = _read_ahead(chunk, today)
        for direction in chunk:
            _refresh(direction, today, reads)
        count += len(chunk)
    return count


@transaction.atomic
def deadlines_refresh(*, direction: Direction, today: datetime.date | None = None) -> None:
    """Make the direction's deadline rows match the rules, keeping waivers."""
    _refresh(direction, today or timezone.localdate(), None)


def _refresh(direction: Direction, today: datetime.date, reads: "_Reads | None") -> None:
    wanted, update_only = _wanted(direction, today, reads)
    deadlines_sync(
        case=direction,
        wanted=wanted,
        update_only=update_only,
        responsible_id=direction.case_lead_id,
        pupil_id=direction.pupil_id,
        school_id=direction.home_school_id,
        host_school_id=direction.host_school_id,
        today=today,
    )


@dataclass(frozen=True)
class _Reads:
    """What a chunk of directions' deadlines need besides the directions, read for the whole
    chunk at once."""

    meetings: dict[int, list]  # direction id → its meetings (MEETING_FIELDS), by date
    requests: dict[int, list]  # direction id → its review requests
    host_days: dict[int, list[datetime.date]]  # direction id → the host's days chased
    marks: dict[int, dict]  # direction id → {(day, session): day recorded} of those days
    contact_times: dict[int, list[datetime.datetime]]  # direction id → latest, newest first
    undelivered: frozenset[int]  # directions whose notice reached nobody


def _read_ahead(directions: list[Direction], today: datetime.date) -> _Reads:
    """Six queries for the chunk, whatever its size: the meetings, the review requests, the
    host's marks, the home–host contacts, the direction letters and their emails. Meetings and
    requests are read as values: made as model instances (prefetch_related) they were a third
    of the directions' refresh (issue 12)."""
    ids = [d.pk for d in directions]
    meetings = {pk: [] for pk in ids}
    # Meeting's own order (date, pk), as direction.meetings.all() gives them.
    for meeting in (
        Meeting.objects.filter(direction_id__in=ids)
        .order_by("date", "pk")
        .values_list("pk", *MEETING_FIELDS, named=True)
    ):
        meetings[meeting.direction_id].append(meeting)
    requests = {pk: [] for pk in ids}
    for request in (
        ReviewRequest.objects.filter(direction_id__in=ids)
        .order_by("received_on", "pk")
        .values_list("pk", "direction_id", "received_on", "must_hold", named=True)
    ):
        requests[request.direction_id].append(request)
    at_host = [d for d in directions if d.state in Direction.AT_HOST_STATES and d.planned_start]
    host_days = {d.pk: host_days_chased(d, today) for d in at_host if d.host_school_id}
    return _Reads(
        meetings=meetings,
        requests=requests,
        host_days=host_days,
        marks=host_marks_of(host_days),
        contact_times=home_host_contact_times_of([d.pk for d in at_host]),
        undelivered=frozenset(
            _undelivered_notices([d for d in directions if d.notice_sent_on], meetings)
        ),
    )


def _wanted(
    direction: Direction, today: datetime.date, reads: _Reads | None = None
) -> tuple[dict[str, tuple], set[str]]:
    """key → (kind, due, met_on[, meeting_on]) for every deadline this direction has now, and
    the keys to update only where a row already exists. With `reads` (the nightly refresh's
    chunk), no query of its own."""
    la = direction.home_school.local_authority
    cal = calendar_for_school(direction.home_school)
    meetings = list(direction.meetings.all()) if reads is None else reads.meetings[direction.pk]
    reviews = [m for m in meetings if m.kind != Meeting.Kind.INITIAL and m.held]
    wanted: dict[str, tuple] = {}
    update_only: set[str] = set()

    def add(key, kind, due_fn, met_on=None, meeting_on=None):
        try:
            wanted[key] = (kind, due_fn(), met_on, meeting_on)
        except ValueError:  # outside the LA's term dates: no honest date to give yet
            logger.warning("No term dates for %s deadline of direction %s", kind, direction.pk)

    if direction.planned_start and (
        direction.state in DECIDED_OR_LATER or direction.notice_sent_on
    ):
        add(
            "notice",
            Kind.DIRECTION_NOTICE,
            lambda: rules.direction_notice_deadline(
                direction.planned_start, cal, school_days=la.direction_notice_school_days
            ),
            _notice_met_on(direction, reads),
        )
    if direction.planned_start and direction.state in NOTICE_SENT_OR_LATER:
        add(
            "first-review",
            Kind.FIRST_REVIEW,
            lambda: rules.first_review_deadline(
                direction.planned_start, cal, school_weeks=la.first_review_school_weeks
            ),
            reviews[0].date if reviews else None,
        )
    for meeting in meetings:
        if meeting.kind == Meeting.Kind.INITIAL or (not meeting.held and not direction.is_open):
            continue
        if meeting.held:
            # A meeting recorded after it was held gets no new deadlines; one in the diary
            # before keeps its rows, now done.
            update_only.update({f"review:{meeting.pk}", f"invitation:{meeting.pk}"})
        add(
            f"review:{meeting.pk}",
            Kind.NEXT_REVIEW,
            lambda m=meeting: m.date,
            meeting.date if meeting.held else None,
        )
        add(
            f"invitation:{meeting.pk}",
            Kind.REVIEW_INVITATION,
            # 003 Review, 002: any review, emergency ones too, not later than six days before,
            # unless the parents agreed in writing to shorter notice (then before the day).
            lambda m=meeting: rules.review_invitation_deadline(
                m.date, days=0 if m.shorter_notice_agreed_on else la.review_invitation_days
            ),
            meeting.parents_invited_on,
            meeting.date,
        )
    _add_next_reviews(direction, la, cal, meetings, reviews, add, update_only)
    for review in reviews:
        if review.outcome == Meeting.Outcome.CONTINUE:
            add(
                f"decision:{review.pk}",
                Kind.DECISION_NOTICE,
                lambda r=review: rules.decision_notice_deadline(
                    r.date, days=la.decision_notice_days
                ),
                review.decision_sent_on,
                review.date,
            )
    requests = direction.review_requests.all() if reads is None else reads.requests[direction.pk]
    for request in requests:
        if request.must_hold:
            held = next((m.date for m in reviews if m.date >= request.received_on), None)
            add(
                f"requested:{request.pk}",
                Kind.REQUESTED_REVIEW,
                lambda r=request: r.received_on,
                held,
            )
    if direction.state in Direction.AT_HOST_STATES:
        if direction.planned_end:
            add("planned-end", Kind.PLANNED_END, lambda: direction.planned_end, direction.ended_on)
        if direction.planned_start:
            _add_host_deadlines(direction, la, today, add, reads)
    return wanted, update_only


def _add_next_reviews(direction, la, cal, meetings, reviews, add, update_only) -> None:
    """After each review held, the next is due at the interval agreed at the initial meeting
    (rules.next_review_deadline). While the direction is open and no review is in the diary
    by then, the latest review's step is to hold the next one; a review in the diary by then
    is the step instead (its own row). Each earlier review's row, where there was one, is met
    by the review held after it.

    Sources: 003_db4daf6c9cf2ba51.txt "Off-site Direction Meetings" and template 3 (the agreed
    frequency of subsequent reviews); 001_c58a6ee2a70ae155.txt; 002_decd2720d6352690.txt.
    """
    weeks = direction.review_interval_weeks or la.review_interval_weeks
    reviews = sorted(reviews, key=lambda m: (m.date, m.pk))
    for n, review in enumerate(reviews):
        following = reviews[n + 1] if n + 1 < len(reviews) else None
        key = f"next-review:{review.pk}"
        try:
            due = rules.next_review_deadline(review.date, cal, weeks=weeks)
        except ValueError:  # outside the LA's term dates: no honest date to give yet
            logger.warning("No term dates for the next review of direction %s", direction.pk)
            continue
        if following is not None:
            update_only.add(key)
        elif not direction.is_open or any(
            not m.held and m.kind != Meeting.Kind.INITIAL and review.date < m.date <= due
            for m in meetings
        ):
            continue
        add(
            key,
            Kind.NEXT_REVIEW,
            lambda d=due: d,
            following.date if following else None,
            review.date,
        )


def _add_host_deadlines(
    direction: Direction, la, today: datetime.date, add, reads: _Reads | None
) -> None:
    """The host's register for each recent school day, and the weekly home–host contact.

    002_decd2720d6352690.txt: daily correspondence about attendance, at least weekly contact;
    003_db4daf6c9cf2ba51.txt "Attendance Coding": the home school gathers the host's actual
    attendance, so a missing day is on the home case lead's list. Only the last
    attendance.MISSING_DAYS_WINDOW school days are chased (open rows stay few; a day's row is
    met once both sessions are recorded, and met rows are kept, one per school day at most).
    The contact deadline keeps two rows: the period just met and the one running now.
    """
    if direction.host_school_id:
        read = (
            {}
            if reads is None
            else {"days": reads.host_days[direction.pk], "recorded_on": reads.marks[direction.pk]}
        )
        for day, done in host_attendance_days(direction, today, **read):
            add(f"attendance:{day.isoformat()}", Kind.HOST_ATTENDANCE, lambda d=day: d, done)
    days = la.home_host_contact_days
    start = direction.planned_start
    contacts = home_host_contact_dates(
        direction, limit=2, whens=None if reads is None else reads.contact_times[direction.pk]
    )
    anchors = [start, *reversed(contacts)][-2:]
    if contacts:
        # The period before the latest contact: met on the day of that contact.
        add(
            f"contact:{anchors[0].isoformat()}",
            Kind.HOME_HOST_CONTACT,
            lambda: rules.home_host_contact_due(start, anchors[0], days=days),
            anchors[1],
        )
    add(
        f"contact:{anchors[-1].isoformat()}",
        Kind.HOME_HOST_CONTACT,
        lambda: rules.home_host_contact_due(start, anchors[-1], days=days),
    )


def _notice_met_on(direction: Direction, reads: _Reads | None = None):
    """The day the notice went, unless every email of the direction letter failed for good."""
    if not direction.notice_sent_on:
        return None
    undelivered = (
        notice_undelivered(direction) if reads is None else direction.pk in reads.undelivered
    )
    return None if undelivered else direction.notice_sent_on


def notice_undelivered(direction: Direction) -> bool:
    """The direction letter (the statutory notice) reached nobody: every email to the parents
    failed for good and nobody was to get it by post. Its deadline is then not met."""
    letters = [
        letter
        for letter in letters_about(direction, direction.meetings.all())
        if letter.document.kind == GeneratedDocument.Kind.DIRECTION_LETTER
    ]
    if not letters or any(letter.by_post for letter in letters):
        return False
    states = {m.state for letter in letters for m in letter.messages.all()}
    return states == {OutboxMessage.State.FAILED}


def _undelivered_notices(
    directions: list[Direction], meetings: dict[int, list] | None = None
) -> set[int]:
    """notice_undelivered for many directions at once (the nightly refresh): the ids of those
    whose direction letter reached nobody. Two queries: the direction letters made for the
    directions or their meetings (`meetings`: direction id → its meetings, as the refresh
    read them; else each direction's), and their emails' states."""
    if not directions:
        return set()
    if meetings is None:
        meetings = {d.pk: list(d.meetings.all()) for d in directions}
    meeting_of = {m.pk: d.pk for d in directions for m in meetings[d.pk]}
    pupil_of = {d.pk: d.pupil_id for d in directions}
    direction_type = ContentType.objects.get_for_model(Direction)
    meeting_type = ContentType.objects.get_for_model(Meeting)
    letters = Letter.objects.filter(
        Q(document__content_type=direction_type, document__object_id__in=list(pupil_of))
        | Q(document__content_type=meeting_type, document__object_id__in=list(meeting_of)),
        document__kind=GeneratedDocument.Kind.DIRECTION_LETTER,
        is_copy=False,  # the copies named on the letter are not the notice to the parents
    ).values_list("pk", "pupil_id", "document__content_type_id", "document__object_id", "by_post")
    letters_of: dict[int, list[tuple[int, bool]]] = {}
    for pk, pupil_id, type_id, object_id, by_post in letters:
        direction_id = object_id if type_id == direction_type.pk else meeting_of[object_id]
        if pupil_id == pupil_of[direction_id]:
            letters_of.setdefault(direction_id, []).append((pk, bool(by_post)))
    states: dict[int, set[str]] = {}
    for letter_id, state in OutboxMessage.objects.filter(
        letter_id__in=[pk for found in letters_of.values() for pk, _post in found]
    ).values_list("letter_id", "state"):
        states.setdefault(letter_id, set()).add(state)
    return {
        direction_id
        for direction_id, found in letters_of.items()
        if not any(by_post for _pk, by_post in found)
        and set().union(*(states.get(pk, set()) for pk, _post in found))
        == {OutboxMessage.State.FAILED}
    }
