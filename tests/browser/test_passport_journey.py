"""A case lead's journey through the Pupil Passport in a real browser (Chromium).

Sign in, find a pupil, fix a rejected edit, save it, and see it in the History tab; and a case
lead of another school cannot open that pupil. Every page is checked with axe-core and
screenshotted to var/screenshots/.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from cases.pupils.models import Pupil
from tests.browser.journey import sign_in

CASE_LEAD = "case-lead@elmbridge.demo"
CASE_LEAD_NAME = "Tom Bradley"
OTHER_SCHOOL_CASE_LEAD = "case-lead@arden-park.demo"
ELMBRIDGE_URN = "900101"
SECTION = "1c. Academic information"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def elmbridge_pupil() -> Pupil:
    return Pupil.objects.filter(school__urn=ELMBRIDGE_URN).order_by("last_name").first()


def test_case_lead_edits_academic_information(
    page: Page, live_server, screenshot, assert_accessible
):
    pupil = elmbridge_pupil()
    base = live_server.url

    # 1. Sign in: the case lead lands on their school's pupil list.
    page.goto(f"{base}/account/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Waymark")
    screenshot(page, "01-sign-in")
    assert_accessible(page, "the sign-in page")
    sign_in(page, base, CASE_LEAD)
    page.goto(f"{base}/pupils/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pupils")
    expect(page.get_by_text(f"Signed in as {CASE_LEAD_NAME}")).to_be_visible()
    screenshot(page, "02-pupil-list")
    assert_accessible(page, "the pupil list")

    # 2. Find the pupil by last name from the search in the header, and open them.
    page.get_by_label("Find a pupil by name or UPN").fill(pupil.last_name)
    page.get_by_role("button", name="Find a pupil").click()
    expect(page).to_have_url(re.compile(rf"/pupils/\?q={re.escape(pupil.last_name)}"))
    pupil_link = page.get_by_role("table").get_by_role(
        "link", name=f"{pupil.last_name}, {pupil.first_name}", exact=True
    )
    expect(pupil_link).to_be_visible()
    screenshot(page, "03-search-results")
    pupil_link.click()

    # 3. The passport: change 1c. Academic information.
    expect(page).to_have_url(f"{base}/pupils/{pupil.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(pupil.full_name)
    screenshot(page, "04-passport")
    assert_accessible(page, "the pupil passport")
    page.get_by_role("link", name=f"Change {SECTION}", exact=True).click()
    expect(page).to_have_url(f"{base}/pupils/{pupil.pk}/sections/academic/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SECTION)

    # Markup is rejected, with the GOV.UK error summary and the message by the field.
    term = page.get_by_label("Term taken")
    term.fill("<b>bold</b>")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_contain_text("Term taken must be plain text, without tags such as <b>")
    term_group = page.locator(".govuk-form-group--error").filter(
        has=page.get_by_label("Term taken")
    )
    expect(term_group.locator(".govuk-error-message")).to_contain_text(
        "Term taken must be plain text, without tags such as <b>"
    )
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(term).to_have_value("<b>bold</b>")
    screenshot(page, "05-edit-error")
    assert_accessible(page, "the academic information form with an error")

    # Plain text is saved and shown on the passport.
    term.fill("Autumn 2026")
    page.get_by_label("English", exact=True).fill("Expected standard")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{base}/pupils/{pupil.pk}/")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(f"{SECTION} saved.")
    card = page.locator(".govuk-summary-card#academic")
    expect(card.locator(".govuk-summary-list__row").filter(has_text="Term taken")).to_contain_text(
        "Autumn 2026"
    )
    expect(card.locator(".govuk-summary-list__row").filter(has_text="English")).to_contain_text(
        "Expected standard"
    )
    screenshot(page, "06-passport-saved")

    # 4. History: the change, by the case lead.
    page.get_by_role("link", name="History", exact=True).click()
    expect(page).to_have_url(f"{base}/pupils/{pupil.pk}/history/")
    expect(page.get_by_role("heading", level=1)).to_have_text(pupil.full_name)
    change = page.get_by_role("row").filter(has_text=CASE_LEAD_NAME).filter(has_text="Autumn 2026")
    expect(change).to_have_count(1)
    expect(change).to_contain_text("Summer 2026")  # the old value, as well as the new
    expect(change).to_contain_text("Expected standard")
    screenshot(page, "07-history")
    assert_accessible(page, "the History tab")

    # 5. Another school's case lead neither finds the pupil nor opens the passport, and the
    # error page does not say who the pupil is.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, OTHER_SCHOOL_CASE_LEAD)
    page.goto(f"{base}/pupils/")
    expect(page.get_by_role("link", name=f"{pupil.last_name}, {pupil.first_name}")).to_have_count(0)
    response = page.goto(f"{base}/pupils/{pupil.pk}/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("body")).not_to_contain_text(pupil.full_name)
    expect(page.locator("body")).not_to_contain_text(pupil.upn)
    screenshot(page, "08-other-school-not-found")
    assert_accessible(page, "the page not found page")
