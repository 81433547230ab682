"""The host's side of a direction and its end as a managed move, in a real browser (Chromium).

Severn Meadow Academy hosts a pupil of Elmbridge High School (the demo's active direction). Its
case lead records the week's register, a contact with the home school and a suspension; the
home school's case lead is told at once (a notification and an email), records the emergency
review that the suspension put in the diary, converts the direction to a managed move (open,
moving, until the parents and the admission authority agree) and records the move, which puts
the pupil on the new roll; the LA officer finds it in the LA's list, sees the timeline and ticks the
portal-return task. Every distinct page is checked with axe-core and screenshotted to
var/screenshots/ (h01-… to h14-…).
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.directions.models import Direction, LaTask, ManagedMove
from reviews.calendars import calendar_for_school
from reviews.models import Meeting, Notification
from tests.browser.journey import fill_date, sign_in, sign_out
from tests.browser.test_direction_journey import (
    CASE_LEAD,
    ELMBRIDGE_URN,
    HOST,
    error_summary,
    long_date,
    state_tag,
    success_banner,
)

HOST_CASE_LEAD = "case-lead@severn-meadow.demo"
LA_OFFICER = "la-officer@worcestershire.demo"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def school_day_on_or_before(direction: Direction, day: datetime.date) -> datetime.date:
    cal = calendar_for_school(direction.home_school)
    for offset in range(21):
        candidate = day - datetime.timedelta(days=offset)
        if cal.is_school_day(candidate):
            return candidate
    raise AssertionError(f"No school day in the three weeks before {day}")


def test_host_records_and_a_suspension_leads_to_a_managed_move(
    page: Page, live_server, screenshot, assert_accessible
):
    today = timezone.localdate()
    direction = Direction.objects.get(home_school__urn=ELMBRIDGE_URN, state=Direction.State.ACTIVE)
    pupil = direction.pupil
    base = live_server.url
    direction_url = f"{base}/directions/{direction.pk}/"
    last_school_day = school_day_on_or_before(direction, today)

    # 1. The host's case lead finds the pupil under "Pupils we host" and records the register.
    sign_in(page, base, HOST_CASE_LEAD)
    page.get_by_role("link", name="Pupils we host").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pupils we host")
    expect(page.get_by_role("link", name=pupil.full_name, exact=True)).to_be_visible()
    screenshot(page, "h01-pupils-we-host")
    assert_accessible(page, "the host's list of pupils")
    page.get_by_role("link", name=pupil.full_name, exact=True).click()
    expect(page).to_have_url(direction_url)
    screenshot(page, "h02-direction-as-host")
    assert_accessible(page, "the direction page as the host")

    page.get_by_role("link", name="Record attendance", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record attendance")
    screenshot(page, "h03-attendance")
    assert_accessible(page, "the attendance form")
    page.get_by_role("button", name="Save the week's attendance").click()
    expect(success_banner(page)).to_be_visible()

    # 2. A contact with the home school; a time in the future is refused beside the field.
    page.goto(direction_url)
    page.get_by_role("link", name="Record a contact").first.click()
    fill_date(page, "Date of the contact", today + datetime.timedelta(days=1))
    page.get_by_label("Time").fill("10:15")
    page.get_by_label("Home school and host").check()
    page.get_by_label("Who (names and roles)").fill("Ben Carter (host) and Tom Bradley (home)")
    page.get_by_label("Phone").check()
    page.get_by_label(re.compile("What was said or agreed")).fill("Good week; one late arrival.")
    page.get_by_role("button", name="Add to the contact log").click()
    expect(error_summary(page)).to_contain_text("The contact cannot be in the future")
    screenshot(page, "h04-contact-error")
    assert_accessible(page, "the contact form with an error")
    fill_date(page, "Date of the contact", today)
    page.get_by_label("Time").fill("00:00")
    page.get_by_role("button", name="Add to the contact log").click()
    expect(success_banner(page)).to_be_visible()

    # 3. The host suspends the pupil; the emergency review goes in the diary for today.
    page.goto(direction_url)
    page.get_by_role("link", name="Record a suspension", exact=True).click()
    fill_date(page, "First day of the suspension", last_school_day)
    page.get_by_label("Number of days").fill("1")
    page.get_by_label("Reason for the suspension").fill("Fighting at lunchtime.")
    fill_date(page, "Date proposed for the emergency review", today)
    screenshot(page, "h05-suspension")
    assert_accessible(page, "the suspension form")
    page.get_by_role("button", name="Record the suspension and tell the home school").click()
    expect(success_banner(page)).to_be_visible()
    emergency = Meeting.objects.get(direction=direction, kind=Meeting.Kind.EMERGENCY, held=False)
    assert emergency.date == today
    home_lead_told = Notification.objects.filter(direction=direction, user__email=CASE_LEAD).count()
    assert home_lead_told == 1
    assert any(CASE_LEAD in m.to for m in mail.outbox), "the home case lead is emailed at once"
    sign_out(page)

    # 4. The home school's case lead sees the notification and records the emergency review,
    # which converts the direction to a managed move.
    sign_in(page, base, CASE_LEAD)
    page.get_by_role("link", name=re.compile(r"^Notifications")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("main")).to_contain_text(HOST)
    screenshot(page, "h06-notifications")
    assert_accessible(page, "the notifications page")
    page.goto(direction_url)
    page.get_by_role("link", name="Record an emergency review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emergency review")
    page.get_by_label("Home school representative", exact=True).fill("Tom Bradley, case lead")
    page.get_by_label("Host school representative", exact=True).fill("Ben Carter, case lead")
    page.get_by_label("Parent or carer", exact=True).fill("Mother")
    page.get_by_label("Convert to a managed move").check()
    screenshot(page, "h07-emergency-review")
    assert_accessible(page, "the emergency review form")
    page.get_by_role("button", name="Save the record of the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Managed move details")
    assert Meeting.objects.filter(pk=emergency.pk, held=True).exists(), "the diary entry is used"

    # 5. The managed move (003: agreed by all parties, including the parents and the admission
    # authority): the start date is required; the parents agree first and the direction stays
    # open, moving; once the admission authority agrees the pupil joins the new roll.
    page.get_by_role("button", name="Save the managed move").click()
    expect(error_summary(page)).to_contain_text("Enter the agreed start date")
    screenshot(page, "h08-managed-move-error")
    assert_accessible(page, "the managed move form with errors")
    fill_date(page, "Agreed start date", today)
    page.get_by_label(re.compile("parents agree", re.IGNORECASE)).check()
    page.get_by_role("button", name="Save the managed move").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(direction_url)}"))
    expect(state_tag(page)).to_have_text("Active")
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"Moving: a managed move to {HOST} is being agreed")
    expect(main).to_contain_text("Waiting for agreement")
    expect(page.get_by_role("link", name="The managed move is not going ahead")).to_be_visible()
    screenshot(page, "h09-managed-move-moving")
    assert_accessible(page, "the direction page while moving")
    page.get_by_role("link", name="Change the managed move").click()
    page.get_by_label(re.compile("admission authority agrees", re.IGNORECASE)).check()
    page.get_by_role("button", name="Save the managed move").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(direction_url)}"))
    expect(state_tag(page)).to_have_text("Ended")
    expect(main).to_contain_text(f"Managed move to {HOST}")
    expect(main).to_contain_text(f"has been on the roll of {HOST} since {long_date(today)}")
    assert_accessible(page, "the direction page after the managed move")
    move = ManagedMove.objects.get(direction=direction)
    assert move.roll_changed_on == today and move.agreed_start == today
    sign_out(page)

    # 6. The LA officer finds it in the LA's list, with its timeline, and ticks a task.
    sign_in(page, base, LA_OFFICER)
    page.get_by_role("link", name="Directions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Off-site directions and managed moves"
    )
    page.get_by_label("State").select_option(label="Ended: Converted to a managed move")
    page.get_by_role("button", name="Filter").click()
    results = page.get_by_role("table").last
    expect(results).to_contain_text(pupil.last_name)
    screenshot(page, "h10-la-directions")
    assert_accessible(page, "the LA's list of directions")
    results.get_by_role("link", name=re.compile(pupil.last_name)).click()
    expect(page).to_have_url(direction_url)
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    screenshot(page, "h11-la-direction")
    assert_accessible(page, "the direction page as the LA officer")

    page.get_by_role("link", name="LA tasks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LA tasks")
    screenshot(page, "h12-la-tasks")
    assert_accessible(page, "the LA tasks page")
    portal = LaTask.objects.get(direction=direction, kind=LaTask.Kind.PORTAL_RETURN)
    page.goto(f"{base}/la/tasks/{portal.pk}/done/")
    page.get_by_label("Note (optional)").fill("Return made on the portal.")
    screenshot(page, "h13-la-task-done")
    assert_accessible(page, "the task page")
    page.get_by_role("button", name="Mark as done").click()
    expect(success_banner(page)).to_be_visible()
    screenshot(page, "h14-la-tasks-after")
    portal.refresh_from_db()
    assert portal.done_on == today
