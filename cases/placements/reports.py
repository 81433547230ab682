"""The use of alternative provision, by school and by provider, for elected members and schools.

Source: 004_f815cbfe89cfcc2a.txt "Monitoring and reviewing an alternative provision": the LA
will "monitor the safeguarding use of alternative provisions by individual schools", "maintain
a database of all providers", "undertake safeguarding reviews/visits to alternative provisions
to fulfil its role of ‘checking the checker’" and "Periodically report to elected members and
schools on the use of alternative providers and general safeguarding outcomes from its check
the checker role"; "ordinarily a positive attendance should be recorded with a “B” code"; "The
safeguarding declaration for alternative providers (appendix 1) is essential before placing
pupils in a provision".

Counts only: no pupil is named, and no visit's findings are given, only its outcome.
"""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

import access
from cases.placements.models import PRESENT_AT_PROVIDER, ApAttendance
from reviews import rules
from reviews.reports import ReportBody, Table, percent
from safeguarding.models import ProviderVisit, SafeguardingDeclaration

Outcome = ProviderVisit.Outcome


def _placements(membership, period: rules.Period):
    """Placements at a provider at some time in the period (their last day, the day they ended
    early or their planned end, not before it began)."""
    return (
        access.placements_visible_to(membership)
        .filter(start__lte=period.end, end__gte=period.start)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    )


def _tally(**more) -> dict:
    return {
        "placements": 0,
        "new": 0,
        "ended": 0,
        "pupils": set(),
        "marks": 0,
        "present": 0,
        **more,
    }


def build(membership, period: rules.Period, today: datetime.date) -> ReportBody:
    """Five queries, whatever the number of placements: the placements, their attendance in the
    period, the register's providers, their declarations and the LA's visits."""
    as_at = period.as_at(today)
    placements = _placements(membership, period)
    rows = list(
        placements.values_list(
            "pk", "school__name", "provider_id", "pupil_id", "start", "end", "ended_on"
        )
    )
    marks = (
        ApAttendance.objects.filter(
            placement__in=placements.values("pk"), date__gte=period.start, date__lte=period.end
        )
        .order_by()
        .values_list("placement__school__name", "placement__provider_id")
        .annotate(n=Count("pk"), present=Count("pk", filter=Q(code=PRESENT_AT_PROVIDER)))
    )
    register = access.providers_visible_to(membership)
    providers = {
        pk: (name, approved)
        for pk, name, approved in register.values_list("pk", "name", "la_approved")
    }
    declared = dict(
        SafeguardingDeclaration.objects.filter(provider__in=register, signed_on__lte=as_at)
        .order_by()
        .values_list("provider_id")
        .annotate(latest=Max("expires_on"))
    )
    visits = (
        ProviderVisit.objects.filter(
            provider__in=register, visited_on__gte=period.start, visited_on__lte=period.end
        )
        .order_by()
        .values_list("provider_id", "outcome")
        .annotate(n=Count("pk"))
    )

    school = defaultdict(lambda: _tally(providers=set()))
    provider = defaultdict(lambda: _tally(schools=set(), visits=Counter()))
    for _pk, school_name, provider_id, pupil_id, start, end, ended_on in rows:
        last_day = ended_on if ended_on is not None and ended_on < end else end
        new = period.contains(start)
        ended = period.contains(last_day) and last_day < today
        for counts in (school[school_name], provider[provider_id]):
            counts["placements"] += 1
            counts["new"] += new
            counts["ended"] += ended
            counts["pupils"].add(pupil_id)
        school[school_name]["providers"].add(provider_id)
        provider[provider_id]["schools"].add(school_name)
    for school_name, provider_id, n, present in marks:
        for counts in (school[school_name], provider[provider_id]):
            counts["marks"] += n
            counts["present"] += present
    for provider_id, outcome, n in visits:
        provider[provider_id]["visits"][outcome] += n

    def current(provider_id) -> bool:
        latest = declared.get(provider_id)
        return latest is not None and latest >= as_at

    outcome_labels = dict(Outcome.choices)
    provider_rows = []
    for provider_id, (name, approved) in sorted(providers.items(), key=lambda p: p[1][0]):
        counts = provider.get(provider_id)
        if counts is None or not (counts["placements"] or counts["visits"]):
            continue
        provider_rows.append(
            [
                name,
                approved,
                counts["placements"],
                counts["new"],
                counts["ended"],
                len(counts["pupils"]),
                len(counts["schools"]),
                percent(counts["present"], counts["marks"]),
                current(provider_id),
                sum(counts["visits"].values()),
                "; ".join(f"{outcome_labels[o]}: {n}" for o, n in sorted(counts["visits"].items())),
            ]
        )
    school_rows = [
        [
            name,
            counts["placements"],
            counts["new"],
            counts["ended"],
            len(counts["pupils"]),
            len(counts["providers"]),
            percent(counts["present"], counts["marks"]),
        ]
        for name, counts in sorted(school.items())
    ]
    used = [pid for pid, counts in provider.items() if counts["placements"]]
    all_visits = Counter()
    for counts in provider.values():
        all_visits.update(counts["visits"])
    marks_total = sum(c["marks"] for c in school.values())
    present_total = sum(c["present"] for c in school.values())
    summary = [
        (
            _("Pupils in alternative provision at some time in the period"),
            len({r[3] for r in rows}),
        ),
        (_("Placements in the period"), len(rows)),
        (_("Placements that began in the period"), sum(r[2] for r in school_rows)),
        (_("Placements that ended in the period"), sum(r[3] for r in school_rows)),
        (_("Schools using alternative provision"), len(school_rows)),
        (_("Providers used"), len(used)),
        (
            _(
                "Providers used without a current safeguarding declaration on the day of the "
                "figures"
            ),
            sum(not current(pid) for pid in used),
        ),
        (_("Providers on the LA's register"), len(providers)),
        (
            _("Attendance at providers (days recorded B, of days recorded)"),
            percent(present_total, marks_total),
        ),
        (_("LA safeguarding visits in the period"), sum(all_visits.values())),
        *(
            (_("Visits with the outcome: %(outcome)s") % {"outcome": label}, all_visits[value])
            for value, label in Outcome.choices
        ),
    ]
    return ReportBody(
        summary=summary,
        tables=[
            Table(
                _("Use by provider"),
                [
                    _("Provider"),
                    _("On the LA's approved directory"),
                    _("Placements"),
                    _("Began"),
                    _("Ended"),
                    _("Pupils"),
                    _("Schools using it"),
                    _("Attendance"),
                    _("Declaration current"),
                    _("LA visits"),
                    _("Visit outcomes"),
                ],
                provider_rows,
                note=_(
                    "Attendance is the share of the days recorded at the provider in the period "
                    "that were recorded B (attended). “Declaration current” is on the day of "
                    "the figures."
                ),
                empty=_("No provider was used or visited in the period."),
            ),
            Table(
                _("Use by school"),
                [
                    _("School"),
                    _("Placements"),
                    _("Began"),
                    _("Ended"),
                    _("Pupils"),
                    _("Providers used"),
                    _("Attendance"),
                ],
                school_rows,
                total=[
                    _("All schools"),
                    len(rows),
                    sum(r[2] for r in school_rows),
                    sum(r[3] for r in school_rows),
                    len({r[3] for r in rows}),
                    len(used),
                    percent(present_total, marks_total),
                ],
                empty=_("No school placed a pupil in alternative provision in the period."),
            ),
        ],
        notes=[
            _(
                "Counts only: no pupil is named, and the findings of the LA's visits are on the "
                "register, not in this report. A pupil placed by two schools, or with two "
                "providers, is counted once in each."
            )
        ],
    )
