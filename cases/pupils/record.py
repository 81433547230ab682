"""The off-site directions a passport lists: Waymark's own records merged with the rows typed for
the years before Waymark (issue 14).

Source: 003_db4daf6c9cf2ba51.txt, template 2: "School Interventions" (its "Off-site direction"
row) and "Off-site Directions" ("Has this child ever been subject to an Off-site Direction between
schools?"). The pupil page and the PDF read this one list, and the Yes / No answer and the
interventions row are derived from it, so the passport never says "No" beside a direction it
lists. Suspensions a host records (cases.directions.host_suspension) are already rows of the
pupil's suspensions; the passport marks them as Waymark's.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cases import registry
from cases.pupils.models import Intervention, PreviousDirection, Pupil, Suspension, YesNo
from ui.formats import long_date


@dataclass(frozen=True)
class PastDirection:
    """One row of the passport's "Off-site Directions" table."""

    start: datetime.date | None
    end: datetime.date | None
    home_school: str
    destination_school: str
    successful: str  # a YesNo value, or "" where the record says how it ended instead
    reasons_not_successful: str = ""
    outcome: str = ""  # how a direction Waymark holds ended, or that it is still going on
    direction_id: int | None = None  # a direction Waymark holds
    row: PreviousDirection | None = None  # a typed row, changed and removed on the passport
    from_intervention: bool = False  # a typed "Off-site direction" intervention

    @property
    def from_waymark(self) -> bool:
        return self.direction_id is not None


def _same_schools(typed: PastDirection, recorded: PastDirection) -> bool:
    def norm(name: str) -> str:
        return " ".join(name.split()).casefold()

    return (norm(typed.home_school), norm(typed.destination_school)) == (
        norm(recorded.home_school),
        norm(recorded.destination_school),
    )


def merge_directions(
    recorded: Iterable[PastDirection],
    typed: Iterable[PastDirection],
    interventions: Iterable[PastDirection] = (),
) -> list[PastDirection]:
    """Waymark's directions, each typed row that is not one of them, and each typed "Off-site
    direction" intervention not already listed; in date order, undated typed rows first (they
    are the oldest, from paper records).

    A typed row is a direction Waymark holds when it has the same start date, or, undated, names
    the same two schools (the row cases.directions.managed_moves writes when a direction becomes
    a managed move). An intervention is listed when no row has its start date.
    """
    merged = list(recorded)
    for row in typed:
        if row.start is not None:
            duplicate = any(r.start == row.start for r in merged if r.from_waymark)
        else:
            duplicate = any(_same_schools(row, r) for r in merged if r.from_waymark)
        if not duplicate:
            merged.append(row)
    starts = {r.start for r in merged if r.start is not None}
    merged += [i for i in interventions if i.start not in starts]
    return sorted(merged, key=lambda r: (r.start is not None, r.start or datetime.date.min))


def end_text(direction: PastDirection, *, day=long_date) -> str:
    """The end as printed: its date; "Ongoing" for a direction Waymark holds that has not ended
    or an intervention typed as still going on; "" where a typed row has none."""
    if direction.end is not None:
        return day(direction.end)
    return _("Ongoing") if direction.from_waymark or direction.from_intervention else ""


def ever_directed(typed_answer: str, merged: list[PastDirection]) -> str:
    """The answer to "ever been subject to an off-site direction?": Yes when the passport lists
    one, whatever was typed; otherwise what was typed (Yes from a record not listed, No, or
    not recorded)."""
    return YesNo.YES if merged else typed_answer


def recorded_directions(pupil: Pupil) -> list[PastDirection]:
    """The directions Waymark holds for this pupil, from each case type that declares some
    (cases.registry: `passport_directions`); none in Wales, where there are none."""
    rows = []
    for _case_type, dotted in registry.each("passport_directions"):
        rows.extend(registry.resolve(dotted)(pupil))
    return rows


def typed_directions(pupil: Pupil) -> list[PastDirection]:
    return [
        PastDirection(
            start=r.start_date,
            end=r.end_date,
            home_school=r.home_school,
            destination_school=r.destination_school,
            successful=r.successful,
            reasons_not_successful=r.reasons_not_successful,
            row=r,
        )
        for r in pupil.previous_directions.all()
    ]


def typed_intervention_directions(pupil: Pupil) -> list[PastDirection]:
    return [
        PastDirection(
            start=i.start_date,
            end=i.end_date,
            home_school="",
            destination_school="",
            successful="",
            from_intervention=True,
        )
        for i in pupil.interventions.all()
        if i.kind == Intervention.Kind.OFF_SITE_DIRECTION
    ]


def past_directions(pupil: Pupil) -> list[PastDirection]:
    """Every off-site direction the passport lists for this pupil, merged, in date order."""
    return merge_directions(
        recorded_directions(pupil), typed_directions(pupil), typed_intervention_directions(pupil)
    )


def suspension_note(suspension: Suspension) -> str:
    """How a suspension Waymark recorded is marked: the host that recorded it, during a
    direction (003 "Review"); typed suspensions carry no note."""
    if suspension.suspended_by_id is None:
        return ""
    return _("Recorded in Waymark by %(school)s during an off-site direction") % {
        "school": suspension.suspended_by.name
    }
