"""A Back-on-Track off-siting in a real browser (Chromium), from the plan to the close.

Heron Centre's case lead plans two weeks of respite at Kingfisher Centre for a new pupil (the
page first refuses a consequence of five days); the Head of Service finds it first on their
"Off-sitings" list and agrees it; the case lead and Heron's DSL make the seven items available,
and only then does "The pupil has started" appear; Kingfisher's DSL records a new concern and
Heron's DSL is told; the case lead records the return and the restorative meeting and closes
it. A case lead in another LA cannot open it. Each page is checked with axe-core and
screenshotted to var/screenshots/ (o01-… to o12-…).
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.offsiting.models import OffSiting
from cases.pupils.models import ParentCarer, Pupil
from demo.people import DEMO_PASSWORD
from demo.pupils import make_upn
from reviews.calendars import calendar_for_school
from reviews.rules import add_school_days
from tenancy.models import Membership, Role, School, User
from tests.browser.journey import fill_date, sign_in, sign_out

HERON_URN = "900105"
KINGFISHER_URN = "900104"
CASE_LEAD = "case-lead@heron.demo"
HEAD_OF_SERVICE = "head-of-service@pes.demo"
HERON_DSL = "journey-dsl@heron.test"
KINGFISHER_DSL = "journey-dsl@kingfisher.test"
OTHER_LA_CASE_LEAD = "case-lead@arden-park.demo"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _user(email, name, role, school):
    from django.contrib.auth.hashers import make_password

    user = User.objects.create(email=email, full_name=name, password=make_password(DEMO_PASSWORD))
    Membership.objects.create(user=user, role=role, school=school)


def setup_world() -> tuple[Pupil, datetime.date, datetime.date]:
    """The demo, a new Year 10 pupil at Heron, and a DSL at each centre for the journey."""
    today = timezone.localdate()
    heron = School.objects.get(urn=HERON_URN)
    kingfisher = School.objects.get(urn=KINGFISHER_URN)
    _user(HERON_DSL, "Dev Sharma", Role.DSL, heron)
    _user(KINGFISHER_DSL, "Priya Shah", Role.DSL, kingfisher)
    pupil = Pupil.objects.create(
        school=heron,
        first_name="Jordan",
        last_name="Ellis",
        upn=make_upn("885", heron.dfe_establishment(), 20, 950),
        gender="male",
        date_of_birth=datetime.date(today.year - 15, 1, 10),
        home_address="4 Mill Lane\nWorcester",
    )
    ParentCarer.objects.create(
        pupil=pupil, name="Sam Ellis", relationship="Mother", email="sam@example.com"
    )
    cal = calendar_for_school(heron)
    first = today if cal.is_school_day(today) else add_school_days(today, -1, cal)
    return pupil, first, add_school_days(first, 9, cal)


def next_step(page: Page):
    return page.get_by_role("region", name="What happens next")


def test_back_on_track_off_siting_from_plan_to_close(
    page: Page, live_server, screenshot, assert_accessible
):
    pupil, first, last = setup_world()
    base = live_server.url

    # 1. The case lead plans the off-siting from the pupil's page.
    sign_in(page, base, CASE_LEAD)
    page.goto(f"{base}/pupils/{pupil.pk}/")
    card = page.locator("#offsitings")
    card.get_by_role("link", name="Plan an off-siting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan a Back-on-Track off-siting")
    assert_accessible(page, "the plan form")
    screenshot(page, "o01-plan-form")

    # A consequence of ten days breaks the 1-3 day rule: the page says so beside the field.
    page.get_by_label("Receiving centre", exact=True).select_option(label="Kingfisher Centre")
    page.get_by_label("As a consequence").check()
    page.get_by_label("Seemingly wilful damage to property").check()
    page.get_by_label("A block of days").check()
    fill_date(page, "First day", first)
    fill_date(page, "Last day", last)
    page.get_by_label("Reasons for the off-siting").fill("Repeated conflict with one peer group.")
    page.get_by_role("button", name="Plan the off-siting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("lasts 1 to 3 school days")
    assert_accessible(page, "the plan form with an error")
    screenshot(page, "o02-plan-error")

    page.get_by_label("For respite, as an intervention").check()
    page.get_by_label("Intensive support and intervention planned").fill(
        "Daily mentoring through the Back-on-Track workbook."
    )
    page.get_by_role("button", name="Plan the off-siting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Back-on-Track off-siting")
    offsiting = OffSiting.objects.get(pupil=pupil)
    assert offsiting.awaiting_approval and offsiting.school_days == 10
    expect(next_step(page)).to_contain_text("Make every item available")
    expect(next_step(page)).to_contain_text("The Head of Service must agree")
    expect(page.get_by_role("link", name="The pupil has started")).to_have_count(0)
    assert_accessible(page, "the off-siting page, planned")
    screenshot(page, "o03-planned")

    # 2. The case lead shares the five items that are not safeguarding detail.
    for item in ("Pupil Passport", "Risk Assessment", "ISP", "Positive Handling Plan"):
        page.get_by_role("link", name=f"Record {item}").click()
        page.get_by_label("Yes", exact=True).check()
        fill_date(page, "Date it was made available", first)
        page.get_by_label("Where the document is").fill("Shared drive › PES")
        page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record Access to My Concern").click()
    assert_accessible(page, "an item of the seven")
    screenshot(page, "o04-item")
    page.get_by_label("Yes", exact=True).check()
    fill_date(page, "Date it was made available", first)
    page.get_by_label("Where the document is").fill("My Concern access set up")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Record Knowledge of any safeguarding")).to_have_count(0)
    sign_out(page)

    # 3. The Head of Service finds it first on the list and agrees it.
    sign_in(page, base, HEAD_OF_SERVICE)
    page.get_by_role("link", name="Off-sitings", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Back-on-Track off-sitings")
    first_row = page.get_by_role("table").get_by_role("row").nth(1)
    expect(first_row).to_contain_text("Awaiting agreement")
    assert_accessible(page, "the Head of Service's list")
    screenshot(page, "o05-head-of-service-list")
    page.get_by_role("link", name="Jordan Ellis").click()
    next_step(page).get_by_role("link", name="Decide on the respite off-siting").click()
    expect(page.locator("main")).to_contain_text("This plan is 10 school days at Kingfisher")
    page.get_by_label("Yes, I agree").check()
    page.get_by_label("Notes (optional)").fill("Agreed for two weeks; decide at end of week one.")
    assert_accessible(page, "the Head of Service's decision")
    screenshot(page, "o06-decision")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Agreed by Margaret Ashby")
    sign_out(page)

    # 4. Heron's DSL shares the two safeguarding items: now the gate opens.
    sign_in(page, base, HERON_DSL)
    page.goto(f"{base}{offsiting.get_absolute_url()}")
    for item, note in (
        ("Knowledge of any safeguarding concerns / risks", "Early Help plan; no CP concerns."),
        ("Understanding of any issues with home and making contact", "Call mum after 10am."),
    ):
        page.get_by_role("link", name=f"Record {item}").click()
        page.get_by_label("Yes", exact=True).check()
        fill_date(page, "Date it was made available", first)
        page.get_by_label("Note for the receiving centre's DSL").fill(note)
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("All seven items are available")).to_be_visible()
    sign_out(page)

    # 5. The case lead records the start.
    sign_in(page, base, CASE_LEAD)
    page.goto(f"{base}{offsiting.get_absolute_url()}")
    next_step(page).get_by_role("link", name="The pupil has started").click()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("main").locator("p.govuk-body > strong.govuk-tag")).to_have_text(
        "At the receiving centre"
    )
    page.get_by_role("link", name="Record the work for a week").click()
    page.get_by_label("Subject", exact=True).select_option("Maths")
    page.get_by_label("Work set by the home centre").check()
    assert_accessible(page, "the work form")
    page.get_by_role("button", name="Save the work for this week").click()
    assert_accessible(page, "the off-siting page, started")
    screenshot(page, "o07-started")
    sign_out(page)

    # 6. Kingfisher's DSL sees the safeguarding notes and records a new concern.
    sign_in(page, base, KINGFISHER_DSL)
    page.goto(f"{base}{offsiting.get_absolute_url()}")
    expect(page.get_by_text("Call mum after 10am.")).to_be_visible()
    page.get_by_role("link", name="Record a new concern").click()
    fill_date(page, "Date of the concern", first)
    page.get_by_label("What happened and what was done").fill("Upset at lunch; spoke to DSL.")
    assert_accessible(page, "the new concern form")
    screenshot(page, "o08-concern")
    page.get_by_role("button", name="Record the concern and tell the home DSL").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been told")
    sign_out(page)

    # 7. The case lead records the return, the restorative meeting, and closes it.
    sign_in(page, base, CASE_LEAD)
    page.goto(f"{base}{offsiting.get_absolute_url()}")
    next_step(page).get_by_role("link", name="The pupil has returned").click()
    fill_date(page, "Last day at the receiving centre", first)
    page.get_by_role("button", name="Save").click()
    next_step(page).get_by_role("link", name="Record the restorative meeting").click()
    restorative = offsiting.meetings.get(kind="restorative")
    fill_date(page, "Date of the meeting", min(restorative.scheduled_for, timezone.localdate()))
    page.get_by_label("Who attended", exact=True).fill("Jordan\nMr Patel, maths teacher\nLucy Hart")
    page.get_by_label("What was repaired and agreed for a safe return").fill(
        "Jordan apologised; agreed a signal for when he needs time out."
    )
    assert_accessible(page, "the restorative meeting form")
    screenshot(page, "o09-restorative")
    page.get_by_role("button", name="Save the record of the meeting").click()
    next_step(page).get_by_role("link", name="Close the off-siting").click()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("main").locator("p.govuk-body > strong.govuk-tag")).to_have_text(
        "Closed"
    )
    assert_accessible(page, "the closed off-siting")
    screenshot(page, "o10-closed")
    page.get_by_role("link", name="Send the summary to the family").click()
    assert_accessible(page, "the summary letter page")
    screenshot(page, "o11-send-summary")
    page.get_by_role("button", name="Send the summary").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Sam Ellis")
    screenshot(page, "o12-letters")
    sign_out(page)

    # 8. Another LA's case lead cannot open it.
    sign_in(page, base, OTHER_LA_CASE_LEAD)
    response = page.goto(f"{base}{offsiting.get_absolute_url()}")
    assert response is not None and response.status == 404
