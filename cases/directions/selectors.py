"""Which directions and managed moves are current, for the LA's picture."""

import datetime

from cases.directions.models import Direction


def at_host_now(directions, today: datetime.date):
    """Directions whose pupil is at the host school now (003: the direction has started)."""
    return directions.filter(state=Direction.State.ACTIVE)


def moving_now(directions, today: datetime.date):
    """Directions a review converted to a managed move whose pupil is not yet on the new
    school's roll (003): open and moving, whether or not the move's details are recorded."""
    return directions.filter(moving_since__isnull=False).exclude(state=Direction.State.ENDED)


def moving_without_direction_now(moves, today: datetime.date):
    """Managed moves agreed without a direction whose pupil is not yet on the new school's roll
    and which are still going ahead (003 "Managed Move", second route)."""
    return moves.filter(
        direction__isnull=True, roll_changed_on__isnull=True, cancelled_on__isnull=True
    )
