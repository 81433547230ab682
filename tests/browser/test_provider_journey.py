"""The AP provider register and a placement in a real browser (Chromium).

Worcestershire's LA safeguarding officer adds a provider to the register and records its
safeguarding declaration (004 Appendix 1), after a first try with an item left unticked; the
case lead of Elmbridge High School then places a pupil there, and the LA safeguarding officer
is told of the provider's first use. Every distinct page is checked with axe-core and
screenshotted to var/screenshots/ (ap01-… to ap09-…).
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.placements.models import ApPlacement
from cases.pupils.models import Pupil
from reviews.models import Notification
from tests.browser.journey import fill_date, sign_in, sign_out
from tests.browser.test_direction_journey import long_date

OFFICER = "safeguarding@worcestershire.demo"
CASE_LEAD = "case-lead@elmbridge.demo"
ELMBRIDGE_URN = "900101"
PROVIDER = "Greenway Farm School"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_register_a_provider_record_its_declaration_and_place_a_pupil(
    page: Page, live_server, screenshot, assert_accessible
):
    today = timezone.localdate()
    pupil = (
        Pupil.objects.filter(school__urn=ELMBRIDGE_URN, ap_placements__isnull=True)
        .order_by("upn")
        .first()
    )
    base = live_server.url

    # 1. The LA safeguarding officer opens the register from the menu.
    sign_in(page, base, OFFICER)
    page.get_by_role("link", name="AP providers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AP provider register")
    expect(page.get_by_role("row", name="Pathways Vocational Centre")).to_contain_text("Current")
    expect(page.get_by_role("row", name="Riverside Outdoor Learning")).to_contain_text("Expired")
    expect(page.get_by_role("row", name="Bright Futures Mentoring")).to_contain_text(
        "No declaration"
    )
    screenshot(page, "ap01-provider-register")
    assert_accessible(page, "the provider register")

    # 2. Add a provider.
    page.get_by_role("link", name="Add a provider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a provider to the register")
    page.get_by_label("Name of the provider").fill(PROVIDER)
    page.get_by_label("Address").fill("Greenway Farm\nOmbersley WR9 0EW")
    page.get_by_label("Contact name").fill("Hannah Greenway")
    page.get_by_label("The LA has approved this provider").check()
    screenshot(page, "ap02-add-provider")
    assert_accessible(page, "the add provider page")
    page.get_by_role("button", name="Save the provider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROVIDER)
    expect(page.get_by_text("No pupil can start a placement here")).to_be_visible()
    screenshot(page, "ap03-provider-without-declaration")
    assert_accessible(page, "the provider page")

    # 3. Record its declaration: an item left unticked is refused, then it is recorded.
    page.get_by_role("link", name="Record a safeguarding declaration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a safeguarding declaration")
    for item in (
        "An enhanced DBS check in the last three years",
        "A minimum of two satisfactory reference checks on appointment",
        "Regular enhanced certified/accredited safeguarding training",
    ):
        page.get_by_label(item).check()
    page.get_by_label("We will inform the school’s Designated Safeguarding Officer").check()
    page.get_by_label("Print name").fill("Hannah Greenway")
    page.get_by_label("Position").fill("Director")
    fill_date(page, "Date signed", today)
    page.get_by_label("A signed paper or scanned copy was received").check()
    page.get_by_role("button", name="Record the declaration").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The provider must confirm this to make the declaration")
    screenshot(page, "ap04-declaration-error")
    assert_accessible(page, "the declaration form with an error")
    page.get_by_label("I have no concerns regarding their suitability").check()
    fill_date(page, "Date signed", today)
    page.get_by_role("button", name="Record the declaration").click()
    expect(page.get_by_text("Safeguarding declaration recorded.")).to_be_visible()
    expires = today.replace(year=today.year + 1) - datetime.timedelta(days=1)
    expect(page.get_by_text(f"current until {long_date(expires)}")).to_be_visible()
    screenshot(page, "ap05-provider-with-declaration")
    sign_out(page)

    # 4. The case lead places the pupil with the new provider.
    sign_in(page, base, CASE_LEAD)
    page.goto(f"{base}/pupils/{pupil.pk}/")
    page.get_by_role("link", name="Place with a provider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Place the pupil with an alternative provider"
    )
    screenshot(page, "ap06-placement-form")
    assert_accessible(page, "the placement form")
    page.get_by_label("Provider", exact=True).select_option(label=PROVIDER)
    fill_date(page, "Start date", today)
    fill_date(page, "End date", today + datetime.timedelta(weeks=6))
    page.get_by_label("Tuesday from").fill("9:00")
    page.get_by_label("Tuesday until").fill("3pm")
    page.get_by_label("Thursday from").fill("9:00")
    page.get_by_label("Thursday until").fill("12")  # half a pair is refused below
    page.get_by_label("Thursday until").fill("")
    page.get_by_label("Why this provision meets the pupil's needs").fill(
        "Practical land-based learning; the pupil thrives outdoors."
    )
    page.get_by_label("Who was consulted and their views").fill("The pupil and their father agree.")
    page.get_by_label("Objectives and next steps").fill("Attend both days; return full time.")
    page.get_by_role("button", name="Place the pupil").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter both times for Thursday")
    screenshot(page, "ap07-placement-error")
    assert_accessible(page, "the placement form with an error")
    page.get_by_label("Thursday until").fill("12:00")
    page.get_by_role("button", name="Place the pupil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Placement at {PROVIDER}")
    expect(page.get_by_text("Tuesday, 9:00 to 15:00")).to_be_visible()
    expect(page.get_by_text("9 hours a week")).to_be_visible()
    screenshot(page, "ap08-placement")
    assert_accessible(page, "the placement page")

    placement = ApPlacement.objects.get(pupil=pupil, provider__name=PROVIDER)
    told = Notification.objects.get(key=f"ap-provider-first-use:{placement.provider_id}")
    assert told.user.email == OFFICER

    # 5. The pupil page shows the placement.
    page.get_by_role("link", name=pupil.full_name).first.click()
    card = page.locator("#ap-placements")
    expect(card).to_contain_text(PROVIDER)
    screenshot(page, "ap09-pupil-card")
