"""The LA's reports (sources 003 and 004): one page listing them with the period to cover, and
each report as a page, a PDF and an Excel workbook, for the officer's own LA only. Every
download is recorded as an export (documents.ExportRecord)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

import access
from documents.printing import printed_copy_request
from documents.services import export_record
from reviews import reports
from reviews.report_forms import USUAL, ReportPeriodForm
from ui.export import workbook_response

FORMATS = ("pdf", "xlsx")


def _allowed(request: HttpRequest):
    membership = request.membership
    if not access.can_view_la_reports(membership):
        raise PermissionDenied(_("The LA's reports are for its officers and its Director."))
    return membership


def _form(request: HttpRequest, membership, today, usual: str) -> ReportPeriodForm:
    periods = reports.default_periods(today, reports.term_ranges(membership.local_authority_id))
    data = request.GET if "period" in request.GET else None
    return ReportPeriodForm(data, periods=periods, today=today, usual=usual)


def _link(slug: str, query: str, fmt: str = "") -> str:
    parts = [p for p in (query, f"format={fmt}" if fmt else "") if p]
    return reverse("la-report", args=[slug]) + (f"?{'&'.join(parts)}" if parts else "")


@require_GET
@login_required
def la_reports(request: HttpRequest) -> HttpResponse:
    """The four reports, what each holds and who it is for, with the period to cover."""
    membership = _allowed(request)
    today = timezone.localdate()
    form = _form(request, membership, today, _("Each report's usual period"))
    valid = form.is_valid() if form.is_bound else True
    query = form.query() if valid else ""
    rows = []
    for declared in reports.declared_reports():
        rows.append(
            {
                "report": declared,
                "audience": reports.audience(declared),
                "period": reports.period_text(form.chosen(declared.period)) if valid else "",
                "usual": reports.PERIOD_NAMES[declared.period],
                "page": _link(declared.slug, query),
                "pdf": _link(declared.slug, query, "pdf"),
                "xlsx": _link(declared.slug, query, "xlsx"),
            }
        )
    return render(
        request,
        "reviews/reports/list.html",
        {"form": form, "rows": rows, "la": membership.local_authority},
    )


@require_GET
@login_required
def la_report(request: HttpRequest, slug: str) -> HttpResponse:
    """One report over the chosen period: the page, or ?format=pdf or xlsx to download it."""
    membership = _allowed(request)
    declared = reports.find(slug)
    if declared is None:
        raise Http404(_("There is no such report."))
    today = timezone.localdate()
    usual = _("Its usual period: %(period)s") % {
        "period": str(reports.PERIOD_NAMES[declared.period]).lower()
    }
    form = _form(request, membership, today, usual)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "reviews/reports/report.html",
            {"form": form, "declared": declared, "report": None},
        )
    query = form.query()
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        # Printed in the service's language whatever the maker's pages: a report built in the
        # page's Welsh would come out half translated (issue 15).
        with translation.override(settings.LANGUAGE_CODE):
            report = reports.make(declared, membership, form.chosen(declared.period), today)
            return _download(request, report, fmt, query)
    report = reports.make(declared, membership, form.chosen(declared.period), today)
    return render(
        request,
        "reviews/reports/report.html",
        {
            "form": form,
            "declared": declared,
            "report": report,
            "audience": reports.audience(declared),
            "pdf": _link(slug, query, "pdf"),
            "xlsx": _link(slug, query, "xlsx"),
        },
    )


def _download(request: HttpRequest, report: reports.Report, fmt: str, query: str):
    filename = (
        f"{report.declared.slug}-{report.period.start:%Y-%m-%d}-to-{report.period.end:%Y-%m-%d}"
    )
    if fmt == "pdf":
        # The worker makes it; the status page follows it to the download (kept for a day,
        # for this person only).
        copy = printed_copy_request(
            title=f"{report.title}, {report.period_text()}",
            download_name=f"{filename}.pdf",
            html=reports.pdf_html(report),
            by=request.user,
            back_url=_link(report.declared.slug, query),
        )
        response = redirect(copy.get_status_url())
    else:
        response = workbook_response(filename, reports.sheets(report))
    export_record(
        user=request.user,
        organisation=str(request.membership.organisation),
        what=report.title,
        filters=query or f"period={USUAL}",
        file_format=fmt,
        rows=report.rows,
    )
    return response
