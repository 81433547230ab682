"""The parents app's one task: the email that confirms a parent's new address."""

from celery import shared_task

from parents import services


@shared_task(acks_late=True)
def email_confirmation(change_id: int) -> bool:
    """Idempotent: the change is claimed before the email is sent."""
    return services.email_change_send(change_id=change_id)
