"""The reduced-timetable central record for the half-term return.

Source: 004_f815cbfe89cfcc2a.txt "Monitoring and reviewing a reduced timetable": the LA will
"maintain a central record of all pupils not accessing a full-time learning provision" and
"review the use of reduced timetables in line with the audit matrix (appendix 2)"; schools
"advise the Local Authority at the commencement of every reduced timetable"; "where the
duration of a reduced timetable extends for more than 12 weeks, this will require the
authorisation of the Director for Education Leisure and Lifelong Learning".

For each half-term: the timetables that began, ran, ended, ran past the LA's limit (with or
without the Director's authorisation) and were authorised by the Director. It names pupils, so
it is for the LA's officers only; the reason (Appendix 1: behaviour, ALN, safeguarding, mental
health or wellbeing, medical) is counted, never shown against a child. The limit, the Director
and the audit are the 004 protocol's: an English LA on the DfE's national expectations gets the
record without them (cases.reduced_timetables.protocols).
"""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

import access
from cases.reduced_timetables.models import ReducedTimetable
from cases.reduced_timetables.protocols import reason_choices
from cases.reduced_timetables.selectors import counted_from, rtt_status
from cases.reduced_timetables.views.common import RATING_LABELS
from reviews import rules
from reviews.reports import ReportBody, Table

State = ReducedTimetable.State
Decision = ReducedTimetable.Decision


def _in_period(membership, period: rules.Period):
    """Timetables that ran at some time in the period: started by its end and not ended
    before it began."""
    return (
        access.la_reduced_timetables_visible_to(membership)
        .exclude(state=State.PLANNED)
        .filter(start__lte=period.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    )


def _facts(timetable: ReducedTimetable, period: rules.Period, as_at: datetime.date) -> dict:
    status = rtt_status(timetable, today=as_at)
    ended = timetable.ended_on
    last_day = ended if ended is not None and ended <= as_at else as_at
    return {
        "new": period.contains(timetable.start),
        "ended": ended is not None and period.contains(ended) and ended <= as_at,
        "current": timetable.start <= as_at and (ended is None or ended > as_at),
        "past_limit": status.protocol.director_authorisation and last_day > status.limit_date,
        "unauthorised": status.past_limit_unauthorised,
        # Running past the limit under the Director's authorisation at some time in the period.
        "authorised": timetable.authorisation_decision == Decision.AUTHORISED
        and timetable.authorised_until is not None
        and timetable.authorised_until >= period.start
        and status.limit_date < last_day,
        "authorised_now": timetable.authorisation_decision == Decision.AUTHORISED
        and period.contains(timetable.authorised_on),
        "declined": timetable.is_declined and period.contains(timetable.declined_on),
        "status": status,
    }


def _in_words(facts: dict) -> str:
    if facts["new"] and facts["ended"]:
        return _("Began and ended")
    if facts["new"]:
        return _("Began")
    if facts["ended"]:
        return _("Ended")
    return _("Running")


def build(membership, period: rules.Period, today: datetime.date) -> ReportBody:
    """Five queries, whatever the number of timetables: the timetables with their pupil,
    school, LA and PSP, their entries, reintegration steps and checklist, and the count of
    those planned and not yet started."""
    as_at = period.as_at(today)
    protocol = membership.local_authority.rtt_protocol
    director, audit = protocol.director_authorisation, protocol.audit_matrix
    timetables = list(
        _in_period(membership, period)
        .select_related(
            "pupil__school__local_authority",
            "pupil__safeguarding",
            "school__local_authority",
            "psp",
        )
        .prefetch_related("entries", "steps", "checklist")
        .order_by("school__name", "pupil__last_name", "pupil__first_name", "start", "pk")
    )
    planned = (
        access.la_reduced_timetables_visible_to(membership)
        .filter(state=State.PLANNED, start__lte=period.end)
        .count()
    )
    rows = [(t, _facts(t, period, as_at)) for t in timetables]
    keys = ("new", "current", "ended")
    if director:
        keys += ("past_limit", "unauthorised", "authorised")

    by_school: dict[str, list] = {}
    for t, facts in rows:
        row = by_school.setdefault(t.school.name, [t.school.name] + [0] * (len(keys) + 1))
        row[1] += 1
        for i, key in enumerate(keys, start=2):
            row[i] += facts[key]
    school_rows = list(by_school.values())
    totals = [_("All schools"), *(sum(r[i] for r in school_rows) for i in range(1, len(keys) + 2))]

    ratings = {rating: 0 for rating in (rules.RTT_RED, rules.RTT_AMBER, rules.RTT_GREEN)}
    reasons = dict.fromkeys(ReducedTimetable.Reason.values, 0)
    for t, facts in rows:
        if audit and facts["current"]:
            ratings[facts["status"].rating] += 1
        reasons[t.reason] += 1
    director_lines = [
        (_("Ran past the LA's limit"), sum(f["past_limit"] for _t, f in rows)),
        (
            _("Past the limit without the Director's authorisation"),
            sum(f["unauthorised"] for _t, f in rows),
        ),
        (
            _("Past the limit with the Director's authorisation"),
            sum(f["authorised"] for _t, f in rows),
        ),
        (
            _("Authorised by the Director in the period"),
            sum(f["authorised_now"] for _t, f in rows),
        ),
        (_("Declined by the Director in the period"), sum(f["declined"] for _t, f in rows)),
    ]

    summary = [
        (_("Reduced timetables running at some time in the period"), len(rows)),
        (_("Began in the period"), sum(f["new"] for _t, f in rows)),
        (_("Ended in the period"), sum(f["ended"] for _t, f in rows)),
        (_("Running on the day of the figures"), sum(f["current"] for _t, f in rows)),
        *(director_lines if director else ()),
        (_("Planned, not yet started"), planned),
        *(
            (_("Running now, audit %(rating)s") % {"rating": RATING_LABELS[rating]}, n)
            for rating, n in (ratings.items() if audit else ())
        ),
        *(
            (_("Reason: %(reason)s") % {"reason": label}, reasons[value])
            for value, label in reason_choices(membership.local_authority.law)
        ),
    ]
    return ReportBody(
        summary=summary,
        tables=[
            Table(
                _("Reduced timetables by school"),
                [
                    _("School"),
                    _("Running in the period"),
                    _("Began"),
                    _("Running now"),
                    _("Ended"),
                    *(
                        (
                            _("Past the limit"),
                            _("Without authorisation"),
                            _("With the Director's authorisation"),
                        )
                        if director
                        else ()
                    ),
                ],
                school_rows,
                total=totals,
                empty=_("No reduced timetable ran in the period."),
            ),
            Table(
                _("The central record"),
                [
                    _("Pupil"),
                    _("School"),
                    _("In the period"),
                    _("Start"),
                    _("Provisional end"),
                    _("Ended on"),
                    _("Weeks"),
                    _("Hours a week"),
                    _("Full-time hours"),
                    *((_("Audit"),) if audit else ()),
                    *(
                        (
                            _("Last day within the limit"),
                            _("Director's authorisation"),
                            _("Authorised until"),
                        )
                        if director
                        else ()
                    ),
                ],
                [
                    [
                        f"{t.pupil.last_name}, {t.pupil.first_name}",
                        t.school.name,
                        _in_words(facts),
                        counted_from(t),
                        t.provisional_end,
                        t.ended_on,
                        facts["status"].weeks_elapsed,
                        facts["status"].weekly_hours_text,
                        facts["status"].full_time_text,
                        *((str(RATING_LABELS[facts["status"].rating]),) if audit else ()),
                        *(
                            (
                                facts["status"].limit_date,
                                facts["status"].authorisation_label,
                                t.authorised_until,
                            )
                            if director
                            else ()
                        ),
                    ]
                    for t, facts in rows
                ],
                note=_(
                    "Weeks, hours, the audit and the authorisation are as on the day of the "
                    "figures. The audit's reasons are on each timetable's page."
                )
                if audit
                else _("Weeks and hours are as on the day of the figures."),
                empty=_("No reduced timetable ran in the period."),
            ),
        ],
    )
