"""A list page downloaded as a spreadsheet, recorded: the one way every LA list exports."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from documents.services import export_record
from ui.export import spreadsheet_response


def export_list(
    request: HttpRequest, *, fmt: str, what: str, filename: str, filters: str, header, rows
) -> HttpResponse:
    """The rows as `fmt` ("csv" or "xlsx"), named `filename` and today's date, after keeping
    who downloaded `what` with which `filters` and how many rows."""
    rows = list(rows)
    export_record(
        user=request.user,
        organisation=str(request.membership.organisation),
        what=what,
        filters=filters,
        file_format=fmt,
        rows=len(rows),
    )
    today = timezone.localdate()
    return spreadsheet_response(fmt, f"{filename}-{today:%Y-%m-%d}", header, rows)
