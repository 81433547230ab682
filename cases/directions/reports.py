"""Off-site directions and managed moves in and out of each school, for the Fair Access
Protocol weightings.

Source: 003_db4daf6c9cf2ba51.txt "Managed Move": "When an Off-site Direction converts to a
Manged Move and the student is placed on roll at the receiving school, permanently, the schools
must complete the on or off role procedure on the Children's Services Portal and update the
secure Teams site Off-site Direction spreadsheets for School Admissions, so that the Fair Access
Protocol weightings grid can be adjusted. This will also be the case in the event of an
Off-site Direction, which results in a return to the home school." Managed moves agreed without
a direction (003's second route) change the rolls too, so they are counted beside them.

Counts only, by school and between schools: the weightings are shared with the schools of the
Fair Access panel, so no pupil is named.
"""

import datetime
from collections import Counter

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

import access
from cases.directions.models import Direction
from reviews import rules
from reviews.reports import ReportBody, Table

State = Direction.State
Ending = Direction.Ending


def _started(membership, period: rules.Period, as_at: datetime.date):
    """Directions whose pupil went to the host in the period: the first day in the period
    (and by the day of the figures), and the initial meeting held (003)."""
    return (
        access.la_directions_visible_to(membership)
        .filter(host_school__isnull=False, planned_start__gte=period.start)
        .filter(planned_start__lte=as_at)
        .filter(state__in=[*Direction.AT_HOST_STATES, State.ENDED])
        .exclude(ended_on__lt=F("planned_start"))
    )


def build(membership, period: rules.Period, today: datetime.date) -> ReportBody:
    """Four queries, whatever the number of cases: the LA's schools, the directions that
    started, those that ended and the managed moves that changed a roll, each counted in SQL by
    school."""
    as_at = period.as_at(today)
    names = dict(access.la_schools(membership).values_list("pk", "name"))
    started = (
        _started(membership, period, as_at)
        .order_by()
        .values_list("home_school_id", "host_school_id")
        .annotate(n=Count("pk"))
    )
    ended = (
        access.la_directions_visible_to(membership)
        .filter(state=State.ENDED, ended_on__gte=period.start, ended_on__lte=as_at)
        .order_by()
        .values_list("home_school_id", "ending")
        .annotate(n=Count("pk"))
    )
    moves = (
        access.la_managed_moves_visible_to(membership)
        .filter(roll_changed_on__gte=period.start, roll_changed_on__lte=as_at)
        .order_by()
        .values_list("from_school_id", "to_school_id")
        .annotate(
            from_direction=Count("pk", filter=Q(direction__isnull=False)),
            without=Count("pk", filter=Q(direction__isnull=True)),
        )
    )

    tally: dict[int, Counter] = {pk: Counter() for pk in names}
    between: dict[tuple[int, int], Counter] = {}
    for home, host, n in started:
        tally.setdefault(home, Counter())["out"] += n
        tally.setdefault(host, Counter())["in"] += n
        between.setdefault((home, host), Counter())["directions"] += n
    for home, ending, n in ended:
        tally.setdefault(home, Counter())[ending] += n
    for old, new, from_direction, without in moves:
        tally.setdefault(old, Counter()).update(
            {"moved_out": from_direction, "moved_out_alone": without}
        )
        tally.setdefault(new, Counter()).update(
            {"moved_in": from_direction, "moved_in_alone": without}
        )
        between.setdefault((old, new), Counter())["moves"] += from_direction + without

    keys = (
        "out",
        "in",
        Ending.RETURNED,
        Ending.HOST_ENDED,
        "moved_out",
        "moved_out_alone",
        "moved_in",
        "moved_in_alone",
    )

    def name(pk) -> str:
        return names.get(pk) or _("A school outside the LA")

    school_rows = []
    for pk, counts in sorted(tally.items(), key=lambda item: name(item[0])):
        if not any(counts.values()):
            continue
        moved_in = counts["moved_in"] + counts["moved_in_alone"]
        moved_out = counts["moved_out"] + counts["moved_out_alone"]
        school_rows.append([name(pk), *(counts[k] for k in keys), moved_in - moved_out])
    totals = [_("All schools"), *(sum(r[i] for r in school_rows) for i in range(1, len(keys) + 2))]
    pair_rows = [
        [name(old), name(new), counts["directions"], counts["moves"]]
        for (old, new), counts in sorted(
            between.items(), key=lambda item: (name(item[0][0]), name(item[0][1]))
        )
    ]
    endings = Counter()
    for _home, ending, n in ended:
        endings[ending] += n
    summary = [
        (_("Off-site directions that began in the period"), sum(n for _h, _o, n in started)),
        (_("Off-site directions that ended in the period"), sum(endings.values())),
        *(
            (_("Ended: %(how)s") % {"how": label}, endings[value])
            for value, label in Ending.choices
        ),
        (
            _("Managed moves from an off-site direction: pupils placed on the new roll"),
            sum(m[2] for m in moves),
        ),
        (
            _("Managed moves without an off-site direction: pupils placed on the new roll"),
            sum(m[3] for m in moves),
        ),
        (_("Schools with a direction or move in or out"), len(school_rows)),
    ]
    return ReportBody(
        summary=summary,
        tables=[
            Table(
                _("In and out of each school"),
                [
                    _("School"),
                    _("Directed off-site (out)"),
                    _("Hosted on a direction (in)"),
                    _("Returned from a direction"),
                    _("Direction ended by the host"),
                    _("Managed moves out, from a direction"),
                    _("Managed moves out, without one"),
                    _("Managed moves in, from a direction"),
                    _("Managed moves in, without one"),
                    _("Net change in roll from moves"),
                ],
                school_rows,
                total=totals,
                note=_(
                    "A managed move counts on the day the pupil went on the new school's roll; "
                    "a direction on its first day at the host, and its ending on the day it "
                    "ended."
                ),
                empty=_("No direction or managed move began or ended in the period."),
            ),
            Table(
                _("Between schools"),
                [
                    _("From school"),
                    _("To school"),
                    _("Off-site directions that began"),
                    _("Managed moves onto the roll"),
                ],
                pair_rows,
                empty=_("No pupil went from one school to another in the period."),
            ),
        ],
        notes=[
            _(
                "Counts only: no pupil is named. The Children's Services Portal and the "
                "Off-site Direction spreadsheet are updated by the LA tasks each return or move "
                "opens (003)."
            )
        ],
    )
