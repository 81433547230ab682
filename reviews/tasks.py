"""Nightly work, run by Celery beat. Both tasks are idempotent: running them twice, or from
two beats at once, changes nothing more and sends nothing twice."""

import datetime
import functools
import logging
import smtplib
from functools import reduce
from operator import or_

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, prefetch_related_objects
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
from reviews.steps import steps_in_every_role
from reviews.work import work_of
from tenancy.models import Membership, User

logger = logging.getLogger(__name__)


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
    memberships are read in one query; each person then costs the one query of their steps
    and the claim (issue 12: at least 200 emails a second at county scale)."""
    today = timezone.localdate()
    due = deadlines_due_soon(Deadline.objects.all(), today=today)
    acting = Membership.objects.filter(
        Q(school_id__in=due.values("owner_school"))
        | Q(local_authority_id__in=due.values("owner_la"))
        | Q(user_id__in=due.values("responsible"))
        | Q(provider__isnull=False)
    )
    people = (
        User.objects.filter(pk__in=acting.values("user_id"), is_active=True)
        # Those already sent today's (a second run) need not be read; the claim still decides.
        .exclude(pk__in=DigestSent.objects.filter(day=today).values("user_id"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("school", "local_authority"),
            )
        )
        .order_by("pk")
    )
    return sum(_send_digest(person, today) for person in people.iterator(chunk_size=500))


def _send_digest(person: User, today: datetime.date) -> int:
    memberships = list(person.memberships.all())
    # Whether anything is theirs to do at all, on the indexed columns of whose work a step is,
    # before the query through the access policy (a tenth of a school's staff have nothing).
    mine = reduce(or_, (work_of(m) for m in memberships), Q(pk__in=[]))
    if not deadlines_due_soon(Deadline.objects.filter(mine), today=today).exists():
        return 0
    deadlines = list(
        deadlines_due_soon(steps_in_every_role(memberships), today=today)
        .select_related("pupil", "school", "local_authority")
        .order_by("due", "pk")
    )
    if not deadlines:
        return 0
    # Only a step about no one pupil (a provider's declaration) names its case: read those
    # alone rather than every case of every step.
    prefetch_related_objects([d for d in deadlines if not d.pupil_id], "case")
    try:
        with transaction.atomic():
            # The unique row is claimed first: a second run (or a second beat) stops here.
            DigestSent.objects.create(user=person, day=today)
            context = {
                "person": person,
                "today": today,
                "overdue": [_line(d) for d in deadlines if d.due < today],
                "due": [_line(d) for d in deadlines if d.due >= today],
                "site_url": settings.SITE_URL,
            }
            send_mail(
                subject=f"Waymark: {len(context['overdue'])} overdue, "
                f"{len(context['due'])} due this week",
                message=render_to_string("reviews/digest_email.txt", context),
                from_email=None,
                recipient_list=[person.email],
            )
    except IntegrityError:
        return 0
    except (smtplib.SMTPException, OSError):
        # The claim rolls back with the failed send, so the next run tries this person again;
        # one person's mail problem must not stop everyone else's digest.
        logger.exception("Daily digest to user %s not sent", person.pk)
        return 0
    return 1


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
