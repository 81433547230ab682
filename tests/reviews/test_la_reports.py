"""The LA's reports page and each report as a page, a PDF and an Excel workbook (issue 12):
for the LA's officers, their own LA only, the period they choose, every download recorded."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from documents.models import ExportRecord, PrintedCopy
from tests.documents.pdf import pdf_text
from tests.reviews.reports_world import ap_world, psp_world, rtt_world

PSP = "psp-monitoring-group"
AP = "ap-use"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf(client, url):
    """A report's PDF: asked for, made by the worker (at once here, Celery being eager), then
    downloaded from the status page it answers with."""
    response = client.get(url)
    copy = PrintedCopy.objects.latest("pk")
    assert response.status_code == 302 and response.url == copy.get_status_url()
    download = client.get(copy.get_absolute_url())
    assert download["Content-Type"] == "application/pdf"
    return download


def _url(slug, query=""):
    return reverse("la-report", args=[slug]) + (f"?{query}" if query else "")


def test_the_officer_finds_the_four_reports_from_the_menu(client, world):
    client.force_login(world.users["la_la_officer"])
    page = client.get(reverse("due")).content.decode()
    assert f'href="{reverse("la-reports")}"' in page
    response = client.get(reverse("la-reports"))
    assert response.status_code == 200
    page = response.content.decode()
    for title in (
        "PSP Monitoring Group report",
        "Reduced timetables: the central record for the half-term return",
        "Use of alternative provision",
        "Off-site directions and managed moves in and out of each school",
    ):
        assert title in page
    assert page.count("LA officers only</strong>") == 2
    assert page.count("Counts only</strong>") == 2
    assert "Two of them name pupils and are for the LA's officers only" in page
    assert f'href="{_url(PSP, "format=pdf")}"' in page
    assert f'href="{_url(AP, "format=xlsx")}"' in page
    # Each report's usual period, from the LA's term dates (none here: the academic year).
    assert "1 September 2026 to 31 August 2027" in page


@pytest.mark.parametrize(
    "who", ["school_case_lead", "school_headteacher", "host_case_lead", "la_la_send", "la_la_admin"]
)
def test_others_are_refused(client, world, who):
    client.force_login(world.users[who])
    response = client.get(reverse("la-reports"))
    assert response.status_code == 403
    assert client.get(_url(PSP)).status_code == 403
    assert "Page not found" not in response.content.decode()
    assert f'href="{reverse("la-reports")}"' not in response.content.decode()  # not in the menu


def test_an_unknown_report_is_not_found(client, world):
    client.force_login(world.users["la_la_officer"])
    assert client.get(_url("no-such-report")).status_code == 404


def test_another_las_officer_only_ever_sees_their_own_la(client, world):
    psp_world(world)
    client.force_login(world.users["other_la_officer"])
    response = client.get(_url(PSP))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Warwickshire" in page and "Olly" in page
    assert "Home School" not in page and "Alex" not in page
    text = pdf_text(_pdf(client, _url(PSP, "format=pdf")).content)
    assert "Warwickshire" in text and "Home School" not in text


def test_a_period_of_chosen_dates(client, world):
    psp_world(world)
    client.force_login(world.users["la_la_officer"])
    query = "period=dates&start_0=1&start_1=10&start_2=2026&end_0=31&end_1=10&end_2=2026"
    response = client.get(_url(PSP, query))
    assert response.status_code == 200
    assert response.context["report"].period.start == datetime.date(2026, 10, 1)
    page = response.content.decode()
    assert "1 October 2026 to 31 October 2026" in page
    assert f'href="{_url(PSP, query.replace("&", "&amp;") + "&amp;format=pdf")}"' in page
    listing = client.get(reverse("la-reports") + "?" + query).content.decode()
    assert listing.count("1 October 2026 to 31 October 2026") == 4


def test_the_period_form_says_what_to_fix_beside_the_field(client, world):
    client.force_login(world.users["la_la_officer"])
    response = client.get(_url(PSP, "period=dates&start_0=1&start_1=10&start_2=2026"))
    assert response.status_code == 200 and response.context["report"] is None
    page = response.content.decode()
    assert "Error:" in page and "There is a problem" in page
    assert "Enter the last day of the period" in page
    response = client.get(
        reverse("la-reports")
        + "?period=dates&start_0=1&start_1=10&start_2=2026&end_0=1&end_1=9&end_2=2026&format=pdf"
    )
    assert "The last day must be the same as or after the first day" in response.content.decode()
    response = client.get(_url(PSP, "period=dates&start_0=1&start_1=10&start_2=2026&format=pdf"))
    assert response["Content-Type"].startswith("text/html")
    assert not ExportRecord.objects.exists()


def _reveal(page: str) -> str:
    """The conditional reveal under the "Dates you choose" radio (GOV.UK Radios)."""
    start = page.index('<div class="govuk-radios__conditional')
    return page[start : page.index("</form>", start)]


def test_the_dates_are_revealed_under_their_radio(client, world):
    client.force_login(world.users["la_la_officer"])
    page = client.get(reverse("la-reports")).content.decode()
    assert 'data-module="govuk-radios"' in page
    assert 'name="start_0"' in _reveal(page) and 'name="end_0"' in _reveal(page)
    assert page.count('name="start_0"') == 1  # nowhere else on the page
    assert page.count("aria-controls=") == 1  # only the radio that reveals the dates
    assert 'id="id_period_5" value="dates" aria-controls="conditional-period-5"' in page
    assert 'id="conditional-period-5"' in page
    assert 'id="id_period_1" value="usual" checked' in page


def test_the_date_errors_stay_beside_the_revealed_fields(client, world):
    client.force_login(world.users["la_la_officer"])
    page = client.get(
        reverse("la-reports") + "?period=dates&start_0=1&start_1=10&start_2=2026"
    ).content.decode()
    assert "Enter the last day of the period" in _reveal(page)
    assert 'value="dates" checked aria-controls="conditional-period-5"' in page
    assert 'href="#id_end_0"' in page  # the error summary links to the field in the reveal


def test_the_pdf_reads_as_a_report_and_is_recorded(client, world):
    rtt_world(world)
    client.force_login(world.users["la_la_officer"])
    response = _pdf(client, _url("reduced-timetables-return", "format=pdf"))
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Reduced timetables: the central record for the half-term return" in text
    assert "Worcestershire" in text and "2 November 2026 to 18 December 2026" in text
    assert "Made on 3 December 2026" in text and "LA officers only" in text
    assert "The central record" in text and "Home, Alex" in text
    assert "OFFICIAL-SENSITIVE" in text
    record = ExportRecord.objects.get()
    assert (record.file_format, record.rows, record.user) == (
        "pdf",
        6,
        world.users["la_la_officer"],
    )
    assert record.what == "Reduced timetables: the central record for the half-term return"


def test_the_workbook_has_the_reports_rows_and_is_recorded(client, world):
    psp_world(world)
    client.force_login(world.users["la_la_officer"])
    response = client.get(_url(PSP, "period=term&format=xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["About this report", "PSPs by school", "Each PSP"]
    about = [[c.value for c in row] for row in book["About this report"].iter_rows()]
    assert ["Local authority", "Worcestershire"] in about
    assert ["Period", "2 September 2026 to 18 December 2026"] in about
    rows = [[c.value for c in row] for row in book["Each PSP"].iter_rows()]
    assert rows[0][:3] == ["Pupil", "School", "Stage now"]
    assert [r[0] for r in rows[1:]] == ["Ceased, Casey", "Home, Alex"]
    assert rows[2][3].date() == datetime.date(2026, 9, 10)  # a date stays a date
    by_school = [[c.value for c in row] for row in book["PSPs by school"].iter_rows()]
    assert by_school[1:] == [
        ["Home School", 2, 1, 1, 1, 1, 0, 1],
        ["All schools", 2, 1, 1, 1, 1, 0, 1],
    ]
    record = ExportRecord.objects.get()
    assert (record.file_format, record.filters, record.rows) == ("xlsx", "period=term", 3)


def test_the_counts_only_report_names_no_pupil_anywhere(client, world):
    ap_world(world)
    client.force_login(world.users["la_la_officer"])
    text = pdf_text(_pdf(client, _url(AP, "format=pdf")).content)
    assert "Use of alternative provision" in text and "Counts only" in text
    assert "OFFICIAL-SENSITIVE" not in text and "OFFICIAL" in text
    book = load_workbook(io.BytesIO(client.get(_url(AP, "format=xlsx")).content))
    cells = " ".join(
        str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value
    )
    page = client.get(_url(AP)).content.decode()
    for shown in (text, cells, page):
        assert "Pathways" in shown and "Riverside" in shown
        assert "Alex" not in shown and "Leaver" not in shown and "FINDINGS" not in shown
