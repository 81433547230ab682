"""Notifications: what a person must know, in the app and by email.

Source: 003_db4daf6c9cf2ba51.txt "Review": a host that suspends the pupil "must immediately
notify the home school". A notification is a row first (unique per person and event, so a
retried request tells nobody twice); its email is handed to the worker after the commit (never
sent from a web request), and a failing mail server or broker only leaves `emailed_at` empty
for the retry task: the notification itself is never lost. Urgent ones are emailed at once to
everyone; the others only to those who did not choose the daily summary alone.
"""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from reviews.models import Notification
from tenancy.models import User

logger = logging.getLogger(__name__)
RETRY_FOR = datetime.timedelta(days=3)


def notify(
    *, users, school, pupil, direction, key: str, message: str, url: str, urgent: bool = True
) -> list[Notification]:
    """One notification per person for the event `key`; returns only the new ones, and
    hands their emails to the worker after the surrounding transaction commits."""
    created = []
    for user in dict.fromkeys(users):
        notification, new = Notification.objects.get_or_create(
            user=user,
            key=key,
            defaults={
                "school": school,
                "pupil": pupil,
                "direction": direction,
                "message": message,
                "url": url,
                "by_email": urgent or user.emails == User.Emails.AT_ONCE,
            },
        )
        if new:
            created.append(notification)
    ids = [n.pk for n in created if n.by_email]
    if ids:
        transaction.on_commit(lambda: [_queue_email(i) for i in ids], robust=True)
    return created


def _queue_email(notification_id: int) -> None:
    """Hand one email to the worker; with the broker down it waits for the retry task."""
    try:
        email_notification.delay(notification_id)
    except (OperationalError, OSError) as error:
        logger.warning(
            "Could not queue notification %s (%s): retried later", notification_id, error
        )


@shared_task(acks_late=True)
def email_notification(notification_id: int) -> bool:
    return notification_email(notification_id=notification_id)


def notification_email(*, notification_id: int) -> bool:
    """Email one notification unless it has been emailed already; True when sent now.

    The row is claimed (emailed_at set) before sending, so two workers never both send it;
    if the mail server fails the claim is undone and the error logged for the retry task.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=now
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("user", "pupil", "school").get(
        pk=notification_id
    )
    try:
        send_mail(
            subject=_("Waymark: something you need to know about a pupil"),
            message=render_to_string(
                "reviews/notification_email.txt",
                {"notification": notification, "site_url": settings.SITE_URL},
            ),
            from_email=None,
            recipient_list=[notification.user.email],
        )
    except Exception:  # any mail failure: keep the notification, retry later
        logger.exception("Could not email notification %s", notification_id)
        Notification.objects.filter(pk=notification_id, emailed_at=now).update(emailed_at=None)
        return False
    return True


@shared_task(acks_late=True)
def retry_notification_emails() -> int:
    """Email the recent notifications whose email failed (idempotent: each is claimed)."""
    since = timezone.now() - RETRY_FOR
    pending = Notification.objects.filter(
        by_email=True, emailed_at__isnull=True, created_at__gte=since
    )
    return sum(
        notification_email(notification_id=pk) for pk in pending.values_list("pk", flat=True)
    )


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, notifications) -> int:
    return notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
