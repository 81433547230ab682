"""Nightly work of the cases app, run by Celery beat. Idempotent: running it twice, or from two
beats at once, moves no pupil twice (the move row is locked and checked first)."""

from celery import shared_task
from django.utils import timezone

from cases.directions.managed_moves import managed_moves_apply_due


@shared_task(acks_late=True)
def apply_managed_move_roll_changes() -> int:
    """003 Managed Move: the pupil goes onto the new school's roll on the agreed start date."""
    return managed_moves_apply_due(today=timezone.localdate())
