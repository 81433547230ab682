"""The off-site directions Waymark holds, as rows of the Pupil Passport's "Off-site Directions"
table (003 template 2), declared to the passport through cases.registry."""

from django.utils.translation import gettext as _

from cases.directions.models import Direction
from cases.pupils.models import Pupil, YesNo
from cases.pupils.record import PastDirection
from ui.formats import long_date

# A direction the pupil has been subject to: from the initial meeting on (003), not one that
# was only proposed or decided.
HAPPENED = (*Direction.AT_HOST_STATES, Direction.State.ENDED)


def _outcome(direction: Direction) -> tuple[str, str, str]:
    """(successful, reasons not successful, outcome) of a direction Waymark holds."""
    if direction.state != Direction.State.ENDED:
        return "", "", _("Ongoing")
    on = long_date(direction.ended_on) if direction.ended_on else ""
    if direction.ending == Direction.Ending.MANAGED_MOVE:
        # 003 "Managed Move": a direction deemed a success converts to a managed move.
        move = getattr(direction, "managed_move", None)
        school = move.to_school.name if move else _school_name(direction.host_school)
        return (
            YesNo.YES,
            "",
            _("Converted to a managed move to %(school)s on %(day)s")
            % {"school": school, "day": on},
        )
    if direction.ending == Direction.Ending.HOST_ENDED:
        return YesNo.NO, str(Direction.Ending.HOST_ENDED.label), _("Ended on %(day)s") % {"day": on}
    return (
        "",
        "",
        _("%(ending)s on %(day)s") % {"ending": direction.get_ending_display(), "day": on},
    )


def _school_name(school) -> str:
    return school.name if school else ""


def passport_directions(pupil: Pupil) -> list[PastDirection]:
    """The off-site directions of this pupil that Waymark holds and that started. None in Wales,
    where there are no off-site directions (tenancy.jurisdiction.may_direct_off_site)."""
    directions = (
        Direction.objects.filter(pupil=pupil, state__in=HAPPENED)
        .select_related("home_school", "host_school", "managed_move__to_school")
        .order_by("planned_start", "pk")
    )
    rows = []
    for d in directions:
        successful, reasons, outcome = _outcome(d)
        rows.append(
            PastDirection(
                start=d.planned_start,
                end=d.ended_on if d.state == Direction.State.ENDED else None,
                home_school=d.home_school.name,
                destination_school=_school_name(d.host_school),
                successful=successful,
                reasons_not_successful=reasons,
                outcome=outcome,
                direction_id=d.pk,
            )
        )
    return rows
