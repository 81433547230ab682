"""Nightly work, run by Celery beat. Both tasks are idempotent: running them twice, or from
two beats at once, changes nothing more and sends nothing twice."""

import datetime
import functools
import logging
import smtplib
from typing import NamedTuple

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection as db
from django.db.models import Q
from django.template.loader import get_template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases import registry
from reviews.calendars import term_dates_read_once
from reviews.models import Deadline, DigestSent
from reviews.notifications import retry_notification_emails  # noqa: F401 - registers the task
from reviews.services.deadlines import deadlines_batch, deadlines_due_soon
from reviews.steps import steps_of_many
from tenancy.models import Membership, User

logger = logging.getLogger(__name__)
# People sent their digest through one mail connection.
DIGEST_CHUNK = 200
# People whose digests are claimed together, just before they are sent: a worker killed
# outright while sending loses at most these for the day (any error gives the claims back).
CLAIM_GROUP = 20


@shared_task(acks_late=True)
def refresh_all_deadlines() -> int:
    """Recompute every open case's deadlines (dates move into "overdue" overnight), each case
    type by the refreshers it declares (cases.registry). Each LA's term dates are read once,
    and the rows are read ahead and written in bulk (reviews.services.deadlines_batch): the
    same rows as one case at a time, in a fraction of the queries (issue 12). Returns how many
    cases' deadlines it refreshed, each counted once (a reduced timetable's stored rating is
    refreshed too, and not counted again)."""
    today = timezone.localdate()
    with term_dates_read_once(), deadlines_batch() as batch:
        for _case_type, refreshers in registry.each("refreshers"):
            for dotted in refreshers:
                registry.resolve(dotted)(today=today)
    return batch.cases


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    """One email a day to each person with work overdue or due in the next 7 days: their own
    steps in every role they hold (reviews.work), as on their home page. Everyone's
    memberships are read in one query; the steps of all their memberships of each role and
    kind of organisation in one (reviews.steps.steps_of_many), and then the steps themselves in
    one: not one query a person. Each group of people then costs one statement claiming their
    digests, and each chunk one mail connection (issue 12: at least 200 emails a second at county
    scale)."""
    today = timezone.localdate()
    due = deadlines_due_soon(Deadline.objects.all(), today=today)
    acting = Membership.objects.filter(
        Q(school_id__in=due.values("owner_school"))
        | Q(local_authority_id__in=due.values("owner_la"))
        | Q(user_id__in=due.values("responsible"))
        | Q(provider__isnull=False)
    )
    people = list(
        User.objects.filter(pk__in=acting.values("user_id"), is_active=True)
        # Those already sent today's (a second run) need not be read; the claim still decides.
        .exclude(pk__in=DigestSent.objects.filter(day=today).values("user_id"))
        .prefetch_related("memberships")
        .order_by("pk")
    )
    steps = _steps_by_membership(people, today)
    sent = 0
    for start in range(0, len(people), DIGEST_CHUNK):
        sent += _send_digests(people[start : start + DIGEST_CHUNK], today, steps)
    return sent


class _Step(NamedTuple):
    """A step as its digest lists it: read as values, its line written once for everyone it
    is listed for (a step, its pupil, school and LA made as model instances for every step
    was a third of the digest's time)."""

    pk: int
    due: datetime.date
    line: str


def _steps_by_membership(people: list[User], today: datetime.date) -> dict[int, list[_Step]]:
    """Each of their memberships' steps (by membership pk) overdue or due in the next 7 days,
    through the access policy as the membership sees them (reviews.steps.steps_of)."""
    ids = steps_of_many(
        [membership for person in people for membership in person.memberships.all()],
        narrow=lambda rows: deadlines_due_soon(rows, today=today),
    )
    language = get_language()
    rows = {}
    about_no_pupil = []
    for pk, kind, due, meeting_on, pupil_id, first, last, school, la in Deadline.objects.filter(
        pk__in=set().union(*ids.values())
    ).values_list(
        "pk",
        "kind",
        "due",
        "meeting_on",
        "pupil_id",
        "pupil__first_name",
        "pupil__last_name",
        "school__name",
        "local_authority__name",
    ):
        if pupil_id is None:
            about_no_pupil.append(pk)
            continue
        # Pupil.full_name, as Deadline.subject gives it for a step about a pupil.
        subject = f"{first} {last}"
        rows[pk] = _Step(pk, due, _words(kind, meeting_on, subject, school or la, due, language))
    # Only a step about no one pupil (a provider's declaration) names its case: read those
    # alone rather than every case of every step.
    for deadline in (
        Deadline.objects.filter(pk__in=about_no_pupil)
        .select_related("school", "local_authority")
        .prefetch_related("case")
    ):
        rows[deadline.pk] = _Step(deadline.pk, deadline.due, _line(deadline))
    return {pk: [rows[row] for row in theirs] for pk, theirs in ids.items()}


def _steps_for(person: User, steps: dict[int, list[_Step]]) -> list[_Step]:
    """The person's own steps in every role they hold, soonest first."""
    mine = {d.pk: d for m in person.memberships.all() for d in steps.get(m.pk, ())}
    return sorted(mine.values(), key=lambda d: (d.due, d.pk))


def _claim(user_ids: list[int], today: datetime.date) -> set[int]:
    """Claim these people's digests of the day: the ids of those this run is the one to send
    to, not those claimed before (a second run, a second beat). One statement for them all,
    no savepoint: each unique row is inserted unless it is there (ON CONFLICT DO NOTHING,
    PostgreSQL and SQLite alike)."""
    if not user_ids:
        return set()
    meta = DigestSent._meta
    quote = db.ops.quote_name
    user, day, sent_at = (meta.get_field(name) for name in ("user", "day", "sent_at"))
    at, on = sent_at.get_db_prep_save(timezone.now(), db), day.get_db_prep_save(today, db)
    rows = ", ".join(["(%s, %s, %s)"] * len(user_ids))
    with db.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608 - our own table and columns; every value a parameter
            f"({quote(user.column)}, {quote(day.column)}, {quote(sent_at.column)}) "
            f"VALUES {rows} ON CONFLICT DO NOTHING RETURNING {quote(user.column)}",
            [value for pk in user_ids for value in (pk, on, at)],
        )
        return {pk for (pk,) in cursor.fetchall()}


def _send_digests(people: list[User], today: datetime.date, steps: dict[int, list[_Step]]) -> int:
    """The digests of a chunk of people through one mail connection: each written first,
    then claimed a group at a time (one statement a group) and that group sent. Whatever stops
    one being sent after its claim (its mail, or anything that stops the run) gives the claim
    back, so the next run tries that person again; a person whose digest went keeps theirs."""
    written = {}
    for person in people:
        mine = _steps_for(person, steps)
        if mine:
            written[person.pk] = _digest(person, today, mine)
    if not written:
        return 0
    pks, sent = list(written), 0
    with get_connection() as connection:
        for start in range(0, len(pks), CLAIM_GROUP):
            group = pks[start : start + CLAIM_GROUP]
            claimed = _claim(group, today)
            unsent = set(claimed)
            try:
                for pk in (pk for pk in group if pk in claimed):
                    try:
                        connection.open()  # again, after a failure closed it
                        connection.send_messages([written[pk]])
                    except (smtplib.SMTPException, OSError):
                        # One person's mail problem must not stop everyone else's digest.
                        logger.exception("Daily digest to user %s not sent", pk)
                        connection.close()
                        continue
                    unsent.discard(pk)
            finally:
                if unsent:
                    DigestSent.objects.filter(user_id__in=unsent, day=today).delete()
            sent += len(claimed) - len(unsent)
    return sent


def _digest(person: User, today: datetime.date, mine: list[_Step]) -> EmailMessage:
    overdue = [step.line for step in mine if step.due < today]
    due = [step.line for step in mine if step.due >= today]
    return EmailMessage(
        subject=f"Waymark: {len(overdue)} overdue, {len(due)} due this week",
        body=_digest_template().render(
            {
                "person": person,
                "today": today,
                # Each list as its lines, each "- line" and a new line: a loop in the template
                # was a tenth of the digest's time at county scale.
                "overdue": "".join(f"- {line}\n" for line in overdue),
                "due": "".join(f"- {line}\n" for line in due),
                "site_url": settings.SITE_URL,
            }
        ),
        to=[person.email],
    )


@functools.cache
def _digest_template():
    return get_template("reviews/digest_email.txt")


def _line(deadline: Deadline) -> str:
    """One step of the digest: what, whom, where, when (a Deadline with its pupil, school and
    LA; the digest itself reads them as values: _steps_by_membership)."""
    where = deadline.school.name if deadline.school_id else deadline.local_authority.name
    return _words(
        deadline.kind, deadline.meeting_on, deadline.subject, where, deadline.due, get_language()
    )


def _words(kind, meeting_on, subject: str, where: str, due: datetime.date, language: str) -> str:
    """Written here, not in the template's loop, and each step's name and each date worked
    out once per run and language (a county's digests have over ten thousand lines)."""
    return _line_format(language) % {
        "what": _what(kind, meeting_on, language),
        "subject": subject,
        "where": where,
        "day": _day(due, language),
    }


@functools.lru_cache(maxsize=16)
def _line_format(language: str) -> str:
    # Translated once a language: each lookup walks the catalogue's chain of fallbacks, and
    # a county's digests have over ten thousand lines.
    return _("%(what)s: %(subject)s (%(where)s), due %(day)s")


@functools.lru_cache(maxsize=1024)
def _what(kind: str, meeting_on: datetime.date | None, language: str) -> str:
    return Deadline(kind=kind, meeting_on=meeting_on).what


@functools.lru_cache(maxsize=1024)
def _day(day: datetime.date, language: str) -> str:
    return date_format(day, "l j F Y")
