"""A Neath Port Talbot case lead switches Waymark to Welsh in a real browser (Chromium), issue 15:
the switch keeps them on the same page, the page's language becomes Welsh, the layout holds at a
desktop's and a phone's width, and every page stays clean under axe-core in both languages.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NPT_CASE_LEAD = "case-lead@afan-vale.demo"


def test_a_welsh_case_lead_works_in_welsh(page: Page, live_server, screenshot, assert_accessible):
    base = live_server.url
    sign_in(page, base, NPT_CASE_LEAD)
    page.goto(f"{base}/pupils/")
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^en"))

    # The switch: the same page again, in Welsh, and the choice kept.
    page.get_by_role("button", name=re.compile("Cymraeg")).click()
    expect(page).to_have_url(f"{base}/pupils/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("button", name=re.compile("English"))).to_be_visible()
    screenshot(page, "welsh-01-pupils")
    assert_accessible(page, "the pupil list in Welsh")

    for path, name in (("/", "home"), ("/due/", "due")):
        page.goto(f"{base}{path}")
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        screenshot(page, f"welsh-02-{name}")
        assert_accessible(page, f"the {name} page in Welsh")

    # A phone's width: the header, the switch and the navigation still fit.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/pupils/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the Welsh page is {width} px wide on a 390 px screen"
    screenshot(page, "welsh-03-pupils-390")
    assert_accessible(page, "the pupil list in Welsh on a phone")

    # And back to English.
    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^en"))
