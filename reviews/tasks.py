"""Nightly work, run by Celery beat. Both tasks are idempotent: running them twice, or from
two beats at once, changes nothing more and sends nothing twice."""

import datetime
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from cases import registry
from reviews.models import Deadline, DigestSent
from reviews.notifications import retry_notification_emails  # noqa: F401 - registers the task
from reviews.services.deadlines import deadlines_due_soon
from reviews.steps import steps_in_every_role
from tenancy.models import Membership, User

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def refresh_all_deadlines() -> int:
    """Recompute every open case's deadlines (dates move into "overdue" overnight), each case
    type by the refreshers it declares (cases.registry)."""
    today = timezone.localdate()
    return sum(
        registry.resolve(dotted)(today=today)
        for _case_type, refreshers in registry.each("refreshers")
        for dotted in refreshers
    )


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    """One email a day to each person with work overdue or due in the next 7 days: their own
    steps in every role they hold (reviews.work), as on their home page."""
    today = timezone.localdate()
    due = deadlines_due_soon(Deadline.objects.all(), today=today)
    acting = Membership.objects.filter(
        Q(school_id__in=due.values("owner_school"))
        | Q(local_authority_id__in=due.values("owner_la"))
        | Q(user_id__in=due.values("responsible"))
        | Q(provider__isnull=False)
    )
    people = User.objects.filter(pk__in=acting.values("user_id"), is_active=True)
    return sum(_send_digest(person, today) for person in people.order_by("pk"))


def _send_digest(person: User, today: datetime.date) -> int:
    memberships = person.memberships.select_related("school", "local_authority")
    deadlines = list(
        deadlines_due_soon(steps_in_every_role(list(memberships)), today=today)
        .select_related("pupil", "school", "local_authority")
        .prefetch_related("case")
        .order_by("due", "pk")
    )
    if not deadlines:
        return 0
    try:
        with transaction.atomic():
            # The unique row is claimed first: a second run (or a second beat) stops here.
            DigestSent.objects.create(user=person, day=today)
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
