"""An LA officer's picture, lists and reports in a real browser (Chromium).

Worcestershire's LA officer opens the LA picture, follows a school's steps done late to
/la/steps/ and the reduced timetables running now to the central record (each as many rows as the
number said), searches the record by a pupil's surname and opens its printable view; opens
Reports, chooses a period, opens a report and asks for its PDF, which a Celery worker makes
while the status page says "Making the PDF…" and then offers the download in place (htmx); and
narrows the AP placements to one provider from the counts at the top. A case lead's passport
PDF then comes from the same worker. Tasks are queued, not run eagerly as in the rest of the
suite, so the status pages are seen as in a deployment. Every page is checked with axe-core and
screenshotted to var/screenshots/ (l01-… to l12-…).
"""

import contextlib
import datetime
import re

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.placements.models import ApPlacement
from cases.pupils.models import Pupil
from config.celery import app as celery_app
from tenancy.models import Provider
from tests.browser.journey import sign_in, sign_out

LA_OFFICER = "la-officer@worcestershire.demo"
CASE_LEAD = "case-lead@elmbridge.demo"

ENDED_PROVIDER = "Riverside Outdoor Learning"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def an_ended_placement_last_year() -> ApPlacement:
    """The demo's one Worcestershire placement is with Pathways and running now; this one, at
    the same school, ended last school year with Riverside Outdoor Learning (while its
    declaration, signed 420 days ago, was current), so there are two providers to choose."""
    current = ApPlacement.objects.select_related("school").get(
        school__local_authority__name="Worcestershire"
    )
    pupil = (
        Pupil.objects.filter(school=current.school, ap_placements__isnull=True)
        .order_by("-upn")
        .first()
    )
    start = timezone.localdate() - datetime.timedelta(days=300)
    placement, _ = ApPlacement.objects.get_or_create(
        pupil=pupil,
        provider=Provider.objects.get(name=ENDED_PROVIDER),
        defaults={
            "school": current.school,
            "monitoring_staff": current.monitoring_staff,
            "start": start,
            "end": start + datetime.timedelta(weeks=8),
            "rationale": current.rationale,
            "consultation": current.consultation,
            "objectives": current.objectives,
            "created_by": current.created_by,
        },
    )
    return placement


@pytest.fixture
def queued_tasks():
    """Tasks queued as the product queues them (not run eagerly in the request, as elsewhere
    in the suite), on an in-memory broker; `worker()` then starts a Celery worker in this
    process to take them, as `celery worker` does in a deployment."""
    keys = ("task_always_eager", "broker_url", "broker_transport_options")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(
        task_always_eager=False, broker_url="memory://", broker_transport_options={}
    )
    _forget_connections()
    try:
        with contextlib.ExitStack() as stack:

            def worker() -> None:
                stack.enter_context(
                    start_worker(
                        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10
                    )
                )

            yield worker
    finally:
        celery_app.conf.update(saved)
        _forget_connections()


def _forget_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_la_officer_follows_the_picture_to_the_lists_and_a_reports_pdf(
    page: Page, live_server, screenshot, assert_accessible, queued_tasks
):
    ended = an_ended_placement_last_year()
    everyone = ApPlacement.objects.filter(
        school__local_authority=ended.school.local_authority_id
    ).count()
    base = live_server.url

    # 1. The LA picture.
    sign_in(page, base, LA_OFFICER)
    page.get_by_role("link", name="LA picture", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your LA's picture")
    screenshot(page, "l01-la-picture")
    assert_accessible(page, "the LA picture")

    # 2. A school's steps done late this term open /la/steps/: as many as the picture said.
    by_school = page.get_by_role(
        "table", name="Case steps done on time and late this term, by school"
    )
    late = by_school.get_by_role("row").nth(1).get_by_role("link", name=re.compile("done late"))
    number = int(late.inner_text().split()[0])
    assert number > 0
    late.click()
    expect(page).to_have_url(re.compile(r"/la/steps/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Steps done late this term")
    expect(page.get_by_role("status")).to_have_text(f"{number} step" + ("s" if number > 1 else ""))
    expect(page.locator("table.govuk-table tbody tr")).to_have_count(number)
    screenshot(page, "l01b-steps-late")
    assert_accessible(page, "the steps done late at one school")
    page.get_by_role("link", name="Back to your LA's picture").click()

    # 3. The reduced timetables' number opens the central record with that many rows. An
    # English LA on the DfE's expectations has no audit rating to count by (issue 15).
    expect(page.get_by_role("table", name=re.compile(r"by audit rating"))).to_have_count(0)
    reasons = page.get_by_role("table", name="Pupils away now, by reason")
    running = (
        reasons.get_by_role("row").filter(has_text="On a reduced timetable").get_by_role("link")
    )
    number = int(running.inner_text().split()[0])
    assert number > 0
    running.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pupils on reduced timetables")
    rows = page.locator("table.govuk-table tbody tr")
    expect(rows).to_have_count(number)
    screenshot(page, "l02-record-running")
    assert_accessible(page, "the central record, running now")

    # 4. Search it by the surname of a pupil it lists.
    name = rows.first.get_by_role("link").first.inner_text()
    surname = name.split(",")[0].strip()
    page.get_by_label("Pupil name, UPN or school").fill(surname)
    page.get_by_role("button", name="Search and filter").click()
    expect(page).to_have_url(re.compile(rf"q={re.escape(surname)}"))
    expect(rows.filter(has_text=surname).first).to_be_visible()
    for text in rows.all_inner_texts():
        assert surname in text
    screenshot(page, "l03-record-search")
    assert_accessible(page, "the central record, searched")

    # 5. Its printable view: every row on one page, and on paper without the filters.
    page.get_by_role("link", name=re.compile("Printable view")).click()
    expect(page).to_have_url(re.compile(r"print=1"))
    expect(rows.filter(has_text=surname).first).to_be_visible()
    screenshot(page, "l04-record-print")
    assert_accessible(page, "the central record, printable view")
    page.emulate_media(media="print")  # as it comes out of the printer
    expect(page.get_by_role("button", name="Search and filter")).to_be_hidden()
    expect(rows.filter(has_text=surname).first).to_be_visible()
    screenshot(page, "l04b-record-printed")
    page.emulate_media(media="screen")

    # 6. Reports: choose this term, then open a report for it.
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    screenshot(page, "l05-reports")
    assert_accessible(page, "the reports")
    page.get_by_role("radio", name=re.compile(r"This term \(")).check()
    page.get_by_role("button", name="Use this period").click()
    expect(page).to_have_url(re.compile(r"period=term"))
    screenshot(page, "l06-reports-this-term")
    report_link = page.locator(".govuk-summary-card__title").get_by_role("link").first
    title = report_link.inner_text()
    report_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    screenshot(page, "l07-report")
    assert_accessible(page, "a report")

    # 7. Its PDF: the worker makes it while the status page waits, then offers the download.
    page.get_by_role("link", name="Download this report as a PDF").click()
    # The status page names the report and the period it covers.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(rf"^{re.escape(title)}, \d+ \w+ \d{{4}} to \d+ \w+ \d{{4}}$")
    )
    status = page.locator("#pdf-status")
    expect(status).to_contain_text("Making the PDF…")
    screenshot(page, "l08-pdf-making")
    assert_accessible(page, "the PDF status page, making")
    page.evaluate("() => { window.waymarkNotReloaded = true; }")
    queued_tasks()  # the worker starts and takes the task; htmx swaps the status in place
    download_button = status.get_by_role("link", name=re.compile("Download the PDF"))
    expect(download_button).to_be_visible(timeout=20_000)
    expect(status).to_contain_text("The PDF is ready")
    assert page.evaluate("() => window.waymarkNotReloaded === true")  # no reload, no click
    screenshot(page, "l09-pdf-ready")
    assert_accessible(page, "the PDF status page, ready")
    with page.expect_download() as download_info:
        download_button.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # 8. The AP placements, from the register: every one, then one provider's from the counts.
    page.get_by_role("link", name="AP providers", exact=True).click()
    page.get_by_role("link", name="AP placements by provider and by school").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AP placements")
    page.get_by_label("Placements", exact=True).select_option("all")
    page.get_by_role("button", name="Search and filter").click()
    expect(page.get_by_role("status")).to_have_text(f"{everyone} placements")
    screenshot(page, "l10-ap-placements")
    assert_accessible(page, "the AP placements")
    counts = page.get_by_role("table", name="By provider")
    expect(counts.get_by_role("row")).to_have_count(3)  # a header and two providers
    count_link = counts.get_by_role("row", name=re.compile(ENDED_PROVIDER)).get_by_role("link")
    expect(count_link).to_have_text(re.compile(r"^1 "))
    count_link.click()
    expect(page).to_have_url(re.compile(rf"provider={ended.provider_id}"))
    expect(page.get_by_role("status")).to_have_text("1 placement")
    placements = page.get_by_role("table", name="AP placements").locator("tbody tr")
    expect(placements).to_have_count(1)
    expect(placements).to_contain_text(ENDED_PROVIDER)
    expect(placements).to_contain_text(ended.pupil.last_name)
    expect(placements).to_contain_text("Ended")
    screenshot(page, "l11-ap-placements-provider")
    assert_accessible(page, "the AP placements of one provider")

    # 9. A case lead's passport PDF: the same worker makes it, and the status page says whose.
    sign_out(page)
    sign_in(page, base, CASE_LEAD)
    pupil = ended.pupil
    page.goto(f"{base}/pupils/{pupil.pk}/")
    page.locator("#documents").get_by_role("button", name="Download the passport as a PDF").click()
    expect(page).to_have_url(re.compile(r"/documents/\d+/status/"))
    expect(page.locator(".govuk-caption-l")).to_have_text(pupil.full_name)
    status = page.locator("#pdf-status")
    expect(status.get_by_role("link", name=re.compile("Download the PDF"))).to_be_visible()
    expect(status).to_contain_text("kept with the record")
    screenshot(page, "l12-passport-pdf-ready")
    assert_accessible(page, "a case lead's document PDF status page")
    page.get_by_role("link", name=f"Back to {pupil.full_name}").click()
    expect(page.locator("#documents")).to_contain_text("version 1")
