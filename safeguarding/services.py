from safeguarding.models import SafeguardingRead


def record_safeguarding_read(*, pupil, user, membership) -> None:
    """Log that a person saw a pupil's safeguarding detail (the read audit)."""
    SafeguardingRead.objects.create(pupil=pupil, user=user, acting_for=str(membership)[:200])
