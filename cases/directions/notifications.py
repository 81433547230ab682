"""Who is told what about a direction, at once."""

from django.utils.translation import gettext as _

from cases.directions.models import Direction
from reviews.notifications import notify
from tenancy.models import Role, User


def ask_for_the_decision(direction: Direction) -> None:
    """The decision is the headteacher's (001, 003): they are told at once that it waits."""
    heads = User.objects.filter(
        is_active=True,
        memberships__school_id=direction.home_school_id,
        memberships__role=Role.HEADTEACHER,
    ).distinct()
    notify(
        users=list(heads),
        school=direction.home_school,
        pupil=direction.pupil,
        direction=direction,
        key=f"direction-decide:{direction.pk}:{direction.host_school_id}",
        message=_(
            "%(host)s has agreed to host %(pupil)s: the decision on the off-site direction "
            "waits for you."
        )
        % {"host": direction.host_school.name, "pupil": direction.pupil.full_name},
        url=direction.get_absolute_url(),
    )
