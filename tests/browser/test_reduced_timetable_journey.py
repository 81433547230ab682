"""A reduced timetable in a real browser (Chromium), from an existing PSP to the LA's record.

The case lead of Afan Vale Comprehensive School (Neath Port Talbot, Wales) opens a pupil who
has a signed PSP, sets up a reduced timetable through it, fills in the secondary timetable, adds the
reintegration plan, answers the Appendix 1 checklist and records the start: the checklist goes
to the LA's Deputy Education Safeguarding Officer and the audit rating shows. The LA's
safeguarding officer then finds the pupil in the LA's central record. Every distinct page is
checked with axe-core and screenshotted to var/screenshots/ (r01-… to r12-…).
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.psp.models import PastoralSupportProgramme
from cases.pupils.models import Pupil
from cases.reduced_timetables.models import ReducedTimetable
from documents.models import OutboxMessage
from tenancy.models import User
from tests.browser.journey import fill_date, sign_in

CASE_LEAD = "case-lead@afan-vale.demo"
SAFEGUARDING = "safeguarding@npt.demo"
AFAN_VALE_URN = "900301"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def afan_vale_pupil_with_a_psp() -> tuple[Pupil, PastoralSupportProgramme]:
    """A pupil, not looked after, with a PSP signed last week: a reduced timetable starts from
    the signed PSP (004)."""
    pupil = (
        Pupil.objects.filter(
            school__urn=AFAN_VALE_URN, reduced_timetables__isnull=True, looked_after=False
        )
        .order_by("upn")
        .first()
    )
    signed = {
        "stage": PastoralSupportProgramme.Stage.REVIEW,
        "agreed_on": timezone.localdate() - datetime.timedelta(days=7),
    }
    psp = PastoralSupportProgramme.objects.filter(pupil=pupil).first()
    if psp is None:
        psp = PastoralSupportProgramme.objects.create(
            pupil=pupil, school=pupil.school, school_lead=User.objects.get(email=CASE_LEAD)
        )
    PastoralSupportProgramme.objects.filter(pk=psp.pk).update(**signed)
    return pupil, psp


def test_reduced_timetable_from_a_psp_to_the_las_record(
    page: Page, live_server, screenshot, assert_accessible
):
    pupil, psp = afan_vale_pupil_with_a_psp()
    base = live_server.url
    today = timezone.localdate()

    # 1. From the pupil's page, set up a reduced timetable through the PSP.
    sign_in(page, base, CASE_LEAD)
    page.goto(f"{base}/pupils/{pupil.pk}/")
    card = page.locator(".govuk-summary-card#reduced-timetables")
    expect(card).to_contain_text("None.")
    screenshot(page, "r01-pupil")
    card.get_by_role("link", name="Set up a reduced timetable").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up a reduced timetable")
    expect(page.get_by_label("Pastoral Support Programme", exact=True)).to_have_value(str(psp.pk))
    screenshot(page, "r02-new")
    assert_accessible(page, "the new reduced timetable form")

    # The empty form says what is missing, beside each field.
    page.get_by_role("button", name="Set up the reduced timetable").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose reason")
    expect(page).to_have_title(re.compile(r"^Error: Set up a reduced timetable"))
    screenshot(page, "r03-new-errors")
    assert_accessible(page, "the new reduced timetable form with errors")

    page.get_by_label("Mental health or wellbeing").check()
    fill_date(page, "Start date", today)
    fill_date(page, "Provisional end date", today + datetime.timedelta(weeks=8))
    page.get_by_label("Number of hours attending per day").fill("2")
    page.get_by_label(
        "Who is responsible for the pupil's safety and wellbeing when not in school"
    ).fill("Mother, at home")
    page.get_by_label("Other agencies involved").fill("Education Welfare Officer; CAMHS")
    page.get_by_label("Secondary: lessons each day").check()
    page.get_by_role("button", name="Set up the reduced timetable").click()
    timetable = ReducedTimetable.objects.get(pupil=pupil)
    detail = f"{base}/reduced-timetables/{timetable.pk}/"
    expect(page).to_have_url(detail)
    expect(page.get_by_role("heading", level=1)).to_have_text("Reduced timetable")
    expect(page.locator("#state")).to_contain_text("Planned")
    screenshot(page, "r04-planned")
    assert_accessible(page, "the reduced timetable (planned)")

    # 2. The timetable itself: lessons 1 and 2 every day of week 1.
    page.locator("#timetable").get_by_role("link", name="Change week 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Secondary timetable: week 1")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        page.get_by_label(f"Lesson 1, {day}", exact=True).fill("English, Room 12")
        page.get_by_label(f"Lesson 2, {day}", exact=True).fill("Maths, Room 4")
    screenshot(page, "r05-timetable")
    assert_accessible(page, "the secondary timetable grid")
    page.get_by_role("button", name="Save the timetable").click()
    expect(page.locator("#details")).to_contain_text("10 a week on the timetable")
    expect(page.locator("#details")).to_contain_text("full time is 24 a week")

    # 3. The reintegration plan: 15 hours a week from four weeks in.
    page.locator("#reintegration").get_by_role("link", name="Add a planned increase").click()
    fill_date(page, "From", today + datetime.timedelta(weeks=4))
    page.get_by_label("Hours a week from then").fill("15")
    screenshot(page, "r06-step")
    assert_accessible(page, "the reintegration step form")
    page.get_by_role("button", name="Add the step").click()
    expect(page.locator("#reintegration")).to_contain_text("15")

    # 4. Appendix 1: every question answered.
    page.locator("#checklist").get_by_role("link", name="Change the checklist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Checklist for using reduced timetables"
    )
    expect(page.get_by_text("Request a change to travel assistance")).to_be_visible()
    for legend in (
        "Have referrals been made",
        "Risk assessments completed",
        "Pastoral Support Programme (PSP) in place",
        "Parental consent",
        "Are agreed suitable arrangements",
        "Is there an agreed plan for reintegration",
    ):
        page.get_by_role("group", name=re.compile(re.escape(legend))).get_by_label(
            "Yes", exact=True
        ).check()
    for legend in ("Travelling and transport", "Is there a statement or IDP"):
        page.get_by_role("group", name=re.compile(re.escape(legend))).get_by_label(
            "Not applicable"
        ).check()
    screenshot(page, "r07-checklist")
    assert_accessible(page, "the checklist")
    page.get_by_role("button", name="Save the checklist").click()
    expect(page).to_have_url(f"{detail}#checklist")

    # 5. It starts today: the LA is told and the checklist is sent.
    banner = page.get_by_role("region", name="What happens next")
    banner.get_by_role("link", name="Record the start and tell the LA").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record that the reduced timetable has started"
    )
    screenshot(page, "r08-start")
    assert_accessible(page, "the start page")
    page.get_by_label("The pupil has started the reduced timetable as agreed").check()
    page.get_by_role("button", name="Record the start and tell the LA").click()
    expect(page.locator("#state")).to_contain_text("Started")
    sent = page.locator("#sent-to-la ~ .govuk-summary-card")
    expect(
        sent.filter(has_text="Deputy Education Safeguarding Officer, Neath Port Talbot")
    ).to_have_count(1)
    expect(sent.filter(has_text="PSP inbox, Neath Port Talbot")).to_have_count(1)
    assert OutboxMessage.objects.filter(to_email="safeguarding@npt.demo").exists()

    # 6. The audit rating, with its reasons.
    expect(page.locator("#audit ~ p").first).to_contain_text("Green")
    screenshot(page, "r09-started")
    assert_accessible(page, "the reduced timetable (started)")

    # 7. The LA's safeguarding officer finds the pupil in the central record.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, SAFEGUARDING)
    page.get_by_role("link", name="Reduced timetables").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pupils on reduced timetables")
    row = page.get_by_role("row").filter(has_text=pupil.last_name).filter(has_text="Green")
    expect(row).to_have_count(1)
    expect(page.get_by_text("without the Director's authorisation").first).to_be_visible()
    screenshot(page, "r10-la-record")
    assert_accessible(page, "the LA's central record")
    page.get_by_label("Audit rating").select_option("red")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("row").filter(has_text=pupil.last_name)).to_have_count(0)
    screenshot(page, "r11-la-record-red")
    assert_accessible(page, "the LA's central record, red only")
    page.goto(detail)
    expect(page.locator("#sent-to-la")).to_be_visible()
    screenshot(page, "r12-la-view-of-case")
    assert_accessible(page, "the reduced timetable, as the LA sees it")
