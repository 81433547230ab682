"""The reports the sources ask of an LA, as one page each, a PDF and an Excel workbook.

Each case type declares its reports in cases.registry (LaReport) and builds their figures in its
own `reports` module from the access policy's querysets; this module finds them, works out the
period from the LA's term dates, and gives every report the same shape: a title, the LA, the
period, the day it was made, who it is for, headline figures and tables. Sources: 004 (the PSP
Monitoring Group's termly report, the reduced-timetable central record, AP use for elected
members and schools) and 003 (the Fair Access Protocol weightings).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import registry
from documents.rendering import format_date, render_html
from reviews import rules
from tenancy.models import TermDate

PDF_TEMPLATE = "documents/reports/report.html"

PERIOD_NAMES = {
    rules.HALF_TERM: gettext_lazy("This half-term"),
    rules.TERM: gettext_lazy("This term"),
    rules.ACADEMIC_YEAR: gettext_lazy("This academic year"),
    rules.CHOSEN_DATES: gettext_lazy("Dates you choose"),
}


@dataclass(frozen=True)
class Table:
    """One table of a report: its heading, column headings and rows (values as they are:
    dates, numbers, text); `total` is a last row of totals, `note` a line under the heading."""

    title: str
    header: list[str]
    rows: list[list]
    total: list | None = None
    note: str = ""
    empty: str = ""

    def cells(self) -> list[list[dict]]:
        """The rows as the page and the PDF print them."""
        return [[_cell(value) for value in row] for row in self.rows]

    def headings(self) -> list[dict]:
        """The column headings, each marked numeric when every value under it is a number
        (headings sit over their figures, right-aligned)."""
        numeric = []
        for i in range(len(self.header)):
            values = [row[i] for row in self.rows if row[i] not in ("", None)]
            numeric.append(i > 0 and bool(values) and all(_cell(v)["numeric"] for v in values))
        return [{"text": str(h), "numeric": n} for h, n in zip(self.header, numeric, strict=True)]

    def total_cells(self) -> list[dict]:
        return [_cell(value) for value in self.total] if self.total else []


@dataclass(frozen=True)
class ReportBody:
    """What a case type's report builder gives: headline figures, as (label, value), and
    tables."""

    summary: list[tuple[str, object]]
    tables: list[Table]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    declared: registry.LaReport
    local_authority: object
    period: rules.Period
    made_on: datetime.date
    body: ReportBody

    @property
    def title(self) -> str:
        return str(self.declared.title)

    @property
    def as_at(self) -> datetime.date:
        return self.period.as_at(self.made_on)

    @property
    def rows(self) -> int:
        return sum(len(table.rows) for table in self.body.tables)

    def period_text(self) -> str:
        return period_text(self.period)


def _cell(value) -> dict:
    numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    numeric = numeric or (isinstance(value, str) and value[:-1].isdigit() and value[-1:] == "%")
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = _("Yes") if value else _("No")
    elif isinstance(value, datetime.date):
        text = format_date(value)
    else:
        text = str(value)
    return {"text": text, "numeric": numeric}


def period_text(period: rules.Period) -> str:
    return _("%(start)s to %(end)s") % {
        "start": format_date(period.start),
        "end": format_date(period.end),
    }


def declared_reports() -> list[registry.LaReport]:
    """Every report of every case type: those that name pupils first, then in the registry's
    order."""
    every = [report for _case_type, reports in registry.each("la_reports") for report in reports]
    return sorted(every, key=lambda report: not report.for_officers)


def find(slug: str) -> registry.LaReport | None:
    return next((r for r in declared_reports() if r.slug == slug), None)


def term_ranges(local_authority_id: int) -> list[tuple[datetime.date, datetime.date]]:
    """The LA's term dates (one query), for the periods of every report on a page."""
    return list(
        TermDate.objects.filter(local_authority_id=local_authority_id).values_list(
            "first_day", "last_day"
        )
    )


def default_periods(
    today: datetime.date, ranges: list[tuple[datetime.date, datetime.date]]
) -> dict[str, rules.Period]:
    """This half-term, this term and this academic year, from the LA's term dates."""
    kinds = (rules.HALF_TERM, rules.TERM, rules.ACADEMIC_YEAR)
    return {kind: rules.report_period(kind, today, ranges) for kind in kinds}


def make(
    declared: registry.LaReport, membership, period: rules.Period, today: datetime.date
) -> Report:
    """The report for the membership's own LA over `period`."""
    body = registry.resolve(declared.build)(membership, period, today)
    return Report(declared, membership.local_authority, period, today, body)


def pdf_html(report: Report) -> str:
    """The report's A4 landscape print page, for the worker to make the PDF of
    (documents.printing: a county's report can take a while, never a web request)."""
    return render_html(
        PDF_TEMPLATE,
        {
            "title": report.title,
            "report": report,
            "letterhead": {"name": report.local_authority.name, "address": "", "contact": ""},
            "printed_on": format_date(report.made_on),
            "audience": audience(report.declared),
        },
    )


def sheets(report: Report) -> list[tuple[str, list, list]]:
    """The report as workbook sheets: "About" (title, LA, period, made, who it is for and the
    headline figures), then one sheet per table."""
    about = [
        [_("Report"), report.title],
        [_("Local authority"), report.local_authority.name],
        [_("Period"), report.period_text()],
        [_("From"), report.period.start],
        [_("To"), report.period.end],
        [_("Figures as at"), report.as_at],
        [_("Made on"), report.made_on],
        [_("Who it is for"), audience(report.declared)],
        [_("Source"), report.declared.source],
        [],
        *([str(label), _number(value)] for label, value in report.body.summary),
        *([note] for note in report.body.notes),
    ]
    out = [(_("About this report"), [], about)]
    for table in report.body.tables:
        rows = [[_number(v) for v in row] for row in table.rows]
        if table.total:
            rows.append([_number(v) for v in table.total])
        out.append((table.title, table.header, rows))
    return out


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def audience(declared: registry.LaReport) -> str:
    if declared.for_officers:
        return _(
            "Names pupils: for the LA's officers only. Do not share it with elected members, "
            "schools or anyone outside the LA."
        )
    return _("No pupil is named: it may be shared with elected members and schools.")


def percent(part: int, whole: int) -> str:
    """A share as people write it ("87%"), or "" when there is nothing to share."""
    return f"{round(100 * part / whole)}%" if whole else ""
