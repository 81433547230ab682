"""A list as a spreadsheet: CSV or Excel, every cell safe to open.

A cell that starts with =, +, -, @ (or a tab or carriage return) is a formula to a
spreadsheet: a pupil named "=HYPERLINK(...)" would run when an officer opens the file. Such a
cell is written with a leading apostrophe, which spreadsheets show as text (OWASP, "CSV
injection").
"""

import csv
import datetime
import io

from django.http import HttpResponse
from openpyxl import Workbook

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet should hold it: dates and numbers as they are, text never
    read as a formula, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | datetime.date):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def spreadsheet_response(fmt: str, filename: str, header: list[str], rows) -> HttpResponse:
    """The rows (lists of values) under the header, as `fmt` ("csv" or "xlsx"), downloaded as
    `filename` plus its extension."""
    body = [[safe_cell(cell) for cell in row] for row in rows]
    if fmt == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet(filename[:31])
        sheet.append([str(h) for h in header])
        for row in body:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        content = out.getvalue()
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([str(h) for h in header])
        writer.writerows(
            [cell.isoformat() if isinstance(cell, datetime.date) else cell for cell in row]
            for row in body
        )
        content = "\ufeff" + out.getvalue()  # the byte order mark: Excel reads it as UTF-8
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def workbook_response(filename: str, sheets) -> HttpResponse:
    """An Excel workbook of several sheets, each (title, header, rows), every cell written as
    safe_cell writes it, downloaded as `filename`.xlsx. A sheet title takes at most 31
    characters and none of []:*?/\\ (Excel's rule)."""
    book = Workbook(write_only=True)
    used: set[str] = set()
    for title, header, rows in sheets:
        name = "".join(c for c in str(title) if c not in "[]:*?/\\")[:31] or "Sheet"
        base, n = name, 2
        while name in used:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name)
        sheet = book.create_sheet(name)
        if header:
            sheet.append([str(h) for h in header])
        for row in rows:
            sheet.append([safe_cell(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
