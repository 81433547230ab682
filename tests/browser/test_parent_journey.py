"""A parent's journey through their own link in a real browser (Chromium), on a phone's width
(issue 14): open the link from a letter's email, read their letter, send their views before the
review meeting and ask for a review in writing; then the case lead sees both on the direction.
Every page is checked with axe-core and screenshotted to var/screenshots/.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cases.directions.models import Direction
from documents.models import Letter
from parents.services import link_issue, page_url
from reviews.models import Meeting
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

VIEWS = "He says the art teacher at the centre helps him. He would like to come back after Easter."


def _a_parent_with_a_letter_and_a_review_ahead():
    """A running direction of the demo with a review in the diary and a letter addressed to one
    of the pupil's parents (who has an email)."""
    today = timezone.localdate()
    for direction in Direction.objects.filter(state=Direction.State.ACTIVE).order_by("pk"):
        meeting = (
            direction.meetings.filter(held=False, date__gte=today, kind=Meeting.Kind.REVIEW)
            .order_by("date")
            .first()
        )
        letter = (
            Letter.objects.filter(pupil=direction.pupil, parent__isnull=False, is_copy=False)
            .exclude(parent__email="")
            .select_related("parent")
            .first()
        )
        if meeting and letter:
            return direction, meeting, letter.parent
    pytest.fail("The demo has no running direction with a review ahead and a parent's letter.")


def test_a_parent_sends_views_and_asks_for_a_review(
    chromium: Browser, page: Page, live_server, screenshot, assert_accessible
):
    direction, meeting, parent = _a_parent_with_a_letter_and_a_review_ahead()
    _link, token = link_issue(parent=parent, case=direction)
    path = re.sub(r"^https?://[^/]+", "", page_url(token))
    phone = chromium.new_context(
        locale="en-GB", timezone_id="Europe/London", viewport={"width": 390, "height": 844}
    )
    phone.set_default_timeout(TIMEOUT_MS)
    on_phone = phone.new_page()
    try:
        # 1. The link from the email: their letters, the meeting ahead, nothing of the staff's.
        on_phone.goto(f"{live_server.url}{path}")
        expect(on_phone.get_by_role("heading", level=1)).to_contain_text(direction.pupil.first_name)
        expect(on_phone.get_by_text(parent.name).first).to_be_visible()
        expect(on_phone.get_by_role("link", name=re.compile("Sign in|Pupils"))).to_have_count(0)
        screenshot(on_phone, "parent-01-page-390")
        assert_accessible(on_phone, "the parent's page")

        # 2. Views before the review meeting.
        on_phone.get_by_role("link", name="Send your views before this meeting").first.click()
        assert_accessible(on_phone, "the parent's views form")
        on_phone.get_by_role("button", name="Send your views").click()
        expect(on_phone.locator(".govuk-error-summary")).to_be_visible()  # nothing written
        on_phone.get_by_label("Your views").fill(VIEWS)
        screenshot(on_phone, "parent-02-views-390")
        on_phone.get_by_role("button", name="Send your views").click()
        expect(on_phone.locator(".govuk-notification-banner")).to_be_visible()

        # 3. A review asked for in writing.
        on_phone.get_by_role("link", name="Ask for a review").click()
        assert_accessible(on_phone, "the parent's review request")
        on_phone.get_by_role("button", name="Ask for a review").click()
        expect(on_phone.locator(".govuk-notification-banner")).to_be_visible()
        screenshot(on_phone, "parent-03-after-390")
        assert_accessible(on_phone, "the parent's page after asking")
    finally:
        phone.close()

    # 4. The case lead sees the views under the meeting and the request, with the parent's name.
    sign_in(page, live_server.url, direction.case_lead.email)
    page.goto(f"{live_server.url}{direction.get_absolute_url()}")
    expect(page.get_by_text(VIEWS).first).to_be_visible()
    expect(page.get_by_text(re.compile(re.escape(parent.name))).first).to_be_visible()
    assert direction.review_requests.filter(
        parent=parent, received_on=timezone.localdate()
    ).exists()
    screenshot(page, "parent-04-case-lead-sees")
    assert_accessible(page, "the direction page with the parent's views")
