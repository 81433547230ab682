"""Nightly work, run by Celery beat. Both tasks are idempotent: running them twice, or from
two beats at once, changes nothing more and sends nothing twice."""

import datetime
import functools
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q, prefetch_related_objects
from django.template.loader import render_to_string
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
# What a digest's line reads of a step (_line).
DIGEST_FIELDS = (
    "kind",
    "due",
    "meeting_on",
    "responsible_id",
    "case_type_id",
    "case_id",
    "pupil__first_name",
    "pupil__last_name",
    "school__name",
    "local_authority__name",
)


@shared_task(acks_late=True)
def refresh_all_deadlines() -> int:
    """Recompute every open case's deadlines (dates move into "overdue" overnight), each case
    type by the refreshers it declares (cases.registry). Each LA's term dates are read once,
    and the rows are read ahead and written in bulk (reviews.services.deadlines_batch): the
    same rows as one case at a time, in a fraction of the queries (issue 12)."""
    today = timezone.localdate()
    with term_dates_read_once(), deadlines_batch():
        return sum(
            registry.resolve(dotted)(today=today)
            for _case_type, refreshers in registry.each("refreshers")
            for dotted in refreshers
        )


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    """One email a day to each person with work overdue or due in the next 7 days: their own
    steps in every role they hold (reviews.work), as on their home page. Everyone's
    memberships are read in one query; the steps of all their memberships of each role and
    kind of organisation in one (reviews.steps.steps_of_many), and then the steps themselves in
    one: not one query a person. Each person then costs their claim, and each chunk of people
    one mail connection (issue 12: at least 200 emails a second at county scale)."""
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
    lines: dict[int, str] = {}  # each step's line, written once for everyone it is listed for
    sent = 0
    for start in range(0, len(people), DIGEST_CHUNK):
        with get_connection() as connection:
            for person in people[start : start + DIGEST_CHUNK]:
                sent += _send_digest(person, today, steps, connection, lines)
    return sent


def _steps_by_membership(people: list[User], today: datetime.date) -> dict[int, list[Deadline]]:
    """Each of their memberships' steps (by membership pk) overdue or due in the next 7 days,
    through the access policy as the membership sees them (reviews.steps.steps_of)."""
    ids = steps_of_many(
        [membership for person in people for membership in person.memberships.all()],
        narrow=lambda rows: deadlines_due_soon(rows, today=today),
    )
    rows = (
        Deadline.objects.select_related("pupil", "school", "local_authority")
        .only(*DIGEST_FIELDS)
        .in_bulk(set().union(*ids.values()))
    )
    # Only a step about no one pupil (a provider's declaration) names its case: read those
    # alone rather than every case of every step.
    prefetch_related_objects([d for d in rows.values() if not d.pupil_id], "case")
    return {pk: [rows[row] for row in theirs] for pk, theirs in ids.items()}


def _steps_for(person: User, steps: dict[int, list[Deadline]]) -> list[Deadline]:
    """The person's own steps in every role they hold, soonest first."""
    mine = {d.pk: d for m in person.memberships.all() for d in steps.get(m.pk, ())}
    return sorted(mine.values(), key=lambda d: (d.due, d.pk))


def _send_digest(
    person: User,
    today: datetime.date,
    steps: dict[int, list[Deadline]],
    connection,
    lines: dict[int, str],
) -> int:
    deadlines = _steps_for(person, steps)
    if not deadlines:
        return 0
    try:
        with transaction.atomic():
            # The unique row is claimed first: a second run (or a second beat) stops here.
            DigestSent.objects.create(user=person, day=today)
            context = {
                "person": person,
                "today": today,
                "overdue": [_line_of(d, lines) for d in deadlines if d.due < today],
                "due": [_line_of(d, lines) for d in deadlines if d.due >= today],
                "site_url": settings.SITE_URL,
            }
            message = EmailMessage(
                subject=f"Waymark: {len(context['overdue'])} overdue, "
                f"{len(context['due'])} due this week",
                body=render_to_string("reviews/digest_email.txt", context),
                to=[person.email],
                connection=connection,
            )
            connection.open()  # again, after a failure closed it
            connection.send_messages([message])
    except IntegrityError:
        return 0
    except (smtplib.SMTPException, OSError):
        # The claim rolls back with the failed send, so the next run tries this person again;
        # one person's mail problem must not stop everyone else's digest.
        logger.exception("Daily digest to user %s not sent", person.pk)
        connection.close()
        return 0
    return 1


def _line_of(deadline: Deadline, lines: dict[int, str]) -> str:
    if deadline.pk not in lines:
        lines[deadline.pk] = _line(deadline)
    return lines[deadline.pk]


def _line(deadline: Deadline) -> str:
    """One step of the digest: what, whom, where, when. Written here, not in the template's
    loop, and each step's name and each date worked out once per run: Django's
    get_kind_display() translates every kind of step on each call, a millisecond a line."""
    language = get_language()
    where = deadline.school.name if deadline.school_id else deadline.local_authority.name
    return _("%(what)s: %(subject)s (%(where)s), due %(day)s") % {
        "what": _what(deadline.kind, deadline.meeting_on, language),
        "subject": deadline.subject,
        "where": where,
        "day": _day(deadline.due, language),
    }


@functools.lru_cache(maxsize=1024)
def _what(kind: str, meeting_on: datetime.date | None, language: str) -> str:
    return Deadline(kind=kind, meeting_on=meeting_on).what


@functools.lru_cache(maxsize=1024)
def _day(day: datetime.date, language: str) -> str:
    return date_format(day, "l j F Y")
