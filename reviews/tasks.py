"""Nightly work, run by Celery beat. Both tasks are idempotent: running them twice, or from
two beats at once, changes nothing more and sends nothing twice."""

import datetime
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string

from cases.models import Direction
from reviews.models import Deadline, DigestSent
from reviews.notifications import retry_notification_emails  # noqa: F401 - registers the task
from reviews.services.deadlines import deadlines_due_soon, deadlines_refresh
from tenancy.models import User

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def refresh_all_deadlines() -> int:
    """Recompute every open case's deadlines (dates move into "overdue" overnight)."""
    today = timezone.localdate()
    count = 0
    for direction in (
        Direction.objects.exclude(state=Direction.State.ENDED)
        .select_related("home_school__local_authority")
        .iterator()
    ):
        deadlines_refresh(direction=direction, today=today)
        count += 1
    for dotted in OTHER_CASE_REFRESHERS:
        count += import_string(dotted)(today=today)
    return count


# Every other case type: a function refreshing the deadlines of all its open cases, taking
# `today` and returning how many it refreshed. Add a case type here.
OTHER_CASE_REFRESHERS: list[str] = [
    # off-siting
    "cases.services.offsiting.offsiting_refresh_all",
    # PSP
    "cases.services.psp.psp_refresh_all",
    # reduced timetable
    "cases.services.reduced_timetable.reduced_timetable_refresh_all",
    # AP placement and provider
    "cases.services.placements.placements_refresh_all",
    "safeguarding.providers.providers_refresh_all",
]


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    """One email a day to each responsible person: what is due this week and what is overdue."""
    today = timezone.localdate()
    due = deadlines_due_soon(Deadline.objects.all(), today=today)
    people = User.objects.filter(pk__in=due.values("responsible"), is_active=True)
    return sum(_send_digest(person, today) for person in people)


def _send_digest(person: User, today: datetime.date) -> int:
    try:
        with transaction.atomic():
            # The unique row is claimed first: a second run (or a second beat) stops here.
            DigestSent.objects.create(user=person, day=today)
            deadlines = list(
                deadlines_due_soon(person.deadlines.all(), today=today)
                .select_related("pupil", "school", "local_authority", "direction")
                .prefetch_related("case")
                .order_by("due")
            )
            context = {
                "person": person,
                "today": today,
                "overdue": [d for d in deadlines if d.due < today],
                "due": [d for d in deadlines if d.due >= today],
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
