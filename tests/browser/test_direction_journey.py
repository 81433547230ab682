"""An off-site direction in a real browser (Chromium), from the proposal to the first review.

The case lead of Elmbridge High School (Worcestershire) proposes a direction, records that the
consultations are complete and that Severn Meadow Academy agrees in principle; the headteacher
records the governing board's (delegated) decision; the case lead records the written notice,
the initial meeting and the invitation to the first review. And a case lead in another LA
cannot open the direction. Every distinct page is checked with axe-core and screenshotted to
var/screenshots/ (d01-… to d19-…).
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from cases.directions.models import Direction
from cases.pupils.models import Pupil
from reviews.calendars import calendar_for_school
from tests.browser.journey import fill_date, sign_in, sign_out
from ui.formats import long_date

CASE_LEAD = "case-lead@elmbridge.demo"
CASE_LEAD_NAME = "Tom Bradley"
HEADTEACHER = "head@elmbridge.demo"
HEADTEACHER_NAME = "Dr Sarah Whitfield"
OTHER_LA_CASE_LEAD = "case-lead@arden-park.demo"  # Arden Park School, Warwickshire
ELMBRIDGE_URN = "900101"
HOST = "Severn Meadow Academy"

REASONS = "Persistent disruption in lessons and two suspensions this half term."
OBJECTIVES = "Attend every lesson on time\nNo suspensions"
SUCCESS = "Attendance above 95% and good reports from every teacher for six weeks."

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def elmbridge_pupil() -> Pupil:
    """A pupil of Elmbridge with no direction, no EHCP and not looked after, so the only
    consultations Worcestershire asks for are none (no SEND team, Virtual School or social
    worker) and "Consultations are complete" can be confirmed straight away."""
    pupils = Pupil.objects.filter(school__urn=ELMBRIDGE_URN, directions__isnull=True)
    pupil = pupils.filter(has_ehcp=False, looked_after=False).order_by("upn").first()
    if pupil is None:
        pupil = pupils.order_by("upn").first()
        pupil.has_ehcp = pupil.looked_after = False
        pupil.save(update_fields=["has_ehcp", "looked_after"])
    return pupil


def first_school_monday(pupil: Pupil, today: datetime.date) -> datetime.date:
    """The first Monday at least 7 days ahead that is a school day (in term, not a holiday)."""
    cal = calendar_for_school(pupil.school)
    day = today + datetime.timedelta(days=7)
    day += datetime.timedelta(days=-day.weekday() % 7)
    for _week in range(30):
        if cal.is_school_day(day):
            return day
        day += datetime.timedelta(weeks=1)
    raise AssertionError(f"No school Monday in the term dates after {today}")


def school_day_on_or_after(pupil: Pupil, day: datetime.date) -> datetime.date:
    """`day`, or the next school day if it falls in a holiday (within three weeks)."""
    cal = calendar_for_school(pupil.school)
    for offset in range(21):
        candidate = day + datetime.timedelta(days=offset)
        if cal.is_school_day(candidate):
            return candidate
    return day


def state_tag(page: Page) -> Locator:
    """The direction's state: the tag under the heading (not the deadline or meeting tags)."""
    return page.get_by_role("main").locator("p.govuk-body > strong.govuk-tag")


def what_happens_next(page: Page) -> Locator:
    return page.get_by_role("region", name="What happens next")


def success_banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner--success")


def error_summary(page: Page) -> Locator:
    return page.locator(".govuk-error-summary")


def deadline_row(page: Page, what: str) -> Locator:
    table = page.get_by_role("table", name="Deadlines of this direction")
    return table.get_by_role("row").filter(has_text=what)


def test_off_site_direction_from_proposal_to_first_review(
    page: Page, live_server, screenshot, assert_accessible
):
    pupil = elmbridge_pupil()
    base = live_server.url
    today = timezone.localdate()
    first_day = first_school_monday(pupil, today)
    planned_end = school_day_on_or_after(pupil, first_day + datetime.timedelta(weeks=12))
    # Four weeks in, moved to the next school day if that is a holiday (a review on a bank
    # holiday in the Christmas break would not happen).
    first_review = school_day_on_or_after(pupil, first_day + datetime.timedelta(weeks=4))

    # 1. The case lead opens the pupil's passport and proposes a direction.
    sign_in(page, base, CASE_LEAD)
    expect(page.get_by_text(f"Signed in as {CASE_LEAD_NAME}")).to_be_visible()
    page.goto(f"{base}/pupils/{pupil.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(pupil.full_name)
    directions_card = page.locator(".govuk-summary-card#directions")
    expect(directions_card).to_be_visible()
    screenshot(page, "d01-passport")
    assert_accessible(page, "the pupil passport")
    directions_card.get_by_role("link", name="Propose an off-site direction").click()
    expect(page).to_have_url(f"{base}/pupils/{pupil.pk}/directions/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose an off-site direction")
    screenshot(page, "d02-propose")
    assert_accessible(page, "the proposal form")

    # 2. The empty form: the GOV.UK error summary names what is missing.
    page.get_by_role("button", name="Propose the direction").click()
    summary = error_summary(page)
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_contain_text("Enter reasons for the off-site direction")
    expect(summary).to_contain_text("Enter the first day")
    expect(summary).to_contain_text("Enter the planned end date: a direction is never open-ended")
    expect(page).to_have_title(re.compile(r"^Error: Propose an off-site direction"))
    assert not Direction.objects.filter(pupil=pupil).exists()
    screenshot(page, "d03-propose-errors")
    assert_accessible(page, "the proposal form with errors")

    page.get_by_label("Reasons for the off-site direction").fill(REASONS)
    page.get_by_label("Objectives").fill(OBJECTIVES)
    page.get_by_label("What needs to happen for the off-site direction to be successful").fill(
        SUCCESS
    )
    fill_date(page, "First day", first_day)
    fill_date(page, "Planned end date", planned_end)
    page.get_by_label("Start time").fill("8:45")
    page.get_by_label("End time").fill("15:10")
    # The written notice must give them (cases.directions.guards.ensure_notice_complete).
    page.get_by_label("Session and break times").fill("break 10:40am to 11am, lunch 12:20pm")
    page.get_by_label("Report to (name)").fill("Ms Fatima Begum")
    page.get_by_label("Report to (role)").fill("Head of Year 9")
    screenshot(page, "d04-propose-filled")
    page.get_by_role("button", name="Propose the direction").click()

    direction = Direction.objects.get(pupil=pupil)
    direction_url = f"{base}/directions/{direction.pk}/"
    expect(page).to_have_url(direction_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Off-site direction")
    expect(success_banner(page)).to_contain_text("Off-site direction proposed.")
    expect(state_tag(page)).to_have_text("Proposed")
    plan = page.locator(".govuk-summary-card").filter(has_text="The plan")
    expect(plan).to_contain_text(f"{long_date(first_day)} – {long_date(planned_end)}")
    expect(plan).to_contain_text("8:45–15:10")
    expect(plan).to_contain_text("Ms Fatima Begum, Head of Year 9")
    expect(page.get_by_text("Deadlines appear once the direction is decided.")).to_be_visible()
    screenshot(page, "d05-proposed")
    assert_accessible(page, "the direction page (proposed)")

    # 3. Consultations: Worcestershire asks for none for this pupil (no EHCP, not looked after).
    what_happens_next(page).get_by_role("link", name="Consultations are complete").click()
    expect(page).to_have_url(f"{direction_url}steps/consulted/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultations are complete")
    screenshot(page, "d06-consulted-confirm")
    assert_accessible(page, "the 'consultations are complete' page")
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(direction_url)
    expect(success_banner(page)).to_contain_text("The direction is now “Consulted”")
    expect(state_tag(page)).to_have_text("Consulted")

    # 4. Approach Severn Meadow Academy; it agrees in principle.
    what_happens_next(page).get_by_role("link", name="Approach a host school").click()
    expect(page).to_have_url(f"{direction_url}steps/approach-host/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Approach a host school")
    host_select = page.get_by_label("Host school")
    expect(host_select.locator("option", has_text="Elmbridge High School")).to_have_count(0)
    host_select.select_option(label=HOST)
    fill_date(page, "Date approached", today)
    screenshot(page, "d07-approach-host")
    assert_accessible(page, "the 'approach a host school' page")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(direction_url)
    expect(success_banner(page)).to_contain_text("Saved. The direction is now")
    expect(state_tag(page)).to_have_text("Consulted")
    expect(page.get_by_role("main")).to_contain_text(f"Host: {HOST}")

    what_happens_next(page).get_by_role("link", name=f"Record {HOST}'s answer").click()
    expect(page).to_have_url(f"{direction_url}steps/host-answer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the host school's answer")
    page.get_by_label("Yes, it agrees").check()
    fill_date(page, "Date of the answer", today)
    screenshot(page, "d08-host-answer")
    assert_accessible(page, "the host school's answer page")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(direction_url)
    expect(state_tag(page)).to_have_text("Host agreed in principle")
    # Only the headteacher records the decision; the case lead is told so.
    expect(what_happens_next(page)).to_contain_text(
        "The headteacher records the decision of the governing board, trust or delegate."
    )
    expect(what_happens_next(page).get_by_role("link", name="Record the decision")).to_have_count(0)
    screenshot(page, "d09-host-agreed")
    assert_accessible(page, "the direction page (host agreed)")

    # 5. The headteacher records the decision made under the scheme of delegation.
    sign_out(page)
    sign_in(page, base, HEADTEACHER)
    expect(page.get_by_text(f"Signed in as {HEADTEACHER_NAME}")).to_be_visible()
    # The headteacher's home page is their work: the decision waits there.
    waiting = page.get_by_role("heading", name=re.compile(r"^Decide the off-site direction"))
    expect(waiting).to_be_visible()
    screenshot(page, "d09-headteacher-work")
    assert_accessible(page, "the headteacher's work page")
    page.get_by_role("link", name=pupil.full_name).first.click()
    expect(page).to_have_url(direction_url)
    expect(state_tag(page)).to_have_text("Host agreed in principle")
    what_happens_next(page).get_by_role("link", name="Record the decision").click()
    expect(page).to_have_url(f"{direction_url}steps/decide/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the decision")
    lists = page.locator(".govuk-inset-text")
    expect(lists).to_contain_text("An off-site direction should (001):")
    expect(lists).to_contain_text("have clear objectives and success criteria")
    expect(lists).to_contain_text("It should not:")
    expect(lists).to_contain_text("be a punishment or a substitute for exclusion")
    screenshot(page, "d10-decide")
    assert_accessible(page, "the decision page")

    page.get_by_label("A named person, under the scheme of delegation").check()
    page.get_by_label("Delegation details").fill("Headteacher, under the scheme of delegation")
    fill_date(page, "Date of the decision", today)
    page.get_by_role("button", name="Record the decision").click()  # not confirmed
    summary = error_summary(page)
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_contain_text("Confirm the direction meets the should and should not lists")
    expect(page.get_by_label("Delegation details")).to_have_value(
        "Headteacher, under the scheme of delegation"
    )
    assert Direction.objects.get(pk=direction.pk).state == Direction.State.HOST_AGREED
    screenshot(page, "d11-decide-error")
    assert_accessible(page, "the decision page with an error")

    page.get_by_label("A named person, under the scheme of delegation").check()
    fill_date(page, "Date of the decision", today)
    page.get_by_label("The decision maker confirms the direction meets every point").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page).to_have_url(direction_url)
    expect(success_banner(page)).to_contain_text("The direction is now “Decided”")
    expect(state_tag(page)).to_have_text("Decided")
    expect(plan).to_contain_text(
        f"{long_date(today)}: A named person, under the scheme of delegation "
        f"(Headteacher, under the scheme of delegation), recorded by"
    )
    notice = deadline_row(page, "Written notice of the direction to parents")
    expect(notice).to_have_count(1)
    # Due 2 school days before the first day: "To do", or "Overdue" when a holiday comes
    # between today and the first day (the first Monday back after half term, say).
    expect(notice).to_contain_text(re.compile(r"To do|Overdue"))
    screenshot(page, "d12-decided")
    assert_accessible(page, "the direction page (decided)")

    # 6. The case lead records the written notice and the initial meeting.
    sign_out(page)
    sign_in(page, base, CASE_LEAD)
    page.goto(direction_url)
    what_happens_next(page).get_by_role("link", name="Send the direction letter to parents").click()
    expect(page).to_have_url(f"{direction_url}letters/direction-letter/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Send the direction letter to parents"
    )
    screenshot(page, "d13-notice")
    assert_accessible(page, "the direction letter page")
    page.get_by_role("button", name="Send the direction letter").click()
    expect(page).to_have_url(f"{direction_url}#letters")
    expect(success_banner(page)).to_contain_text("The letter is being emailed to")
    expect(state_tag(page)).to_have_text("Notice sent")
    expect(deadline_row(page, "Written notice of the direction to parents")).to_contain_text(
        "On time"
    )
    # The letter went through the outbox (Celery runs eagerly in tests) with the PDF attached.
    expect(page.get_by_role("table", name="Who the letter went to, and how").first).to_contain_text(
        "Sent"
    )
    # (The demo data's own notifications to LA officers are in mail.outbox too: count letters.)
    [letter] = letters_to_parents()
    assert letter.attachments[0][2] == "application/pdf"

    what_happens_next(page).get_by_role("link", name="Record the initial meeting").click()
    expect(page).to_have_url(f"{direction_url}meetings/initial/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Initial meeting")
    fill_date(page, "Date of meeting", today)
    page.get_by_label("Home school representative", exact=True).fill(f"{CASE_LEAD_NAME}, case lead")
    page.get_by_label("Host school representative", exact=True).fill(
        "Ms Fatima Begum, Head of Year 9"
    )
    page.get_by_label("Parent or carer", exact=True).fill("Mother")
    page.get_by_label("Reasons for the off-site direction").fill(REASONS)
    fill_date(page, "Date of the first review meeting", first_review)
    screenshot(page, "d14-initial-meeting")
    assert_accessible(page, "the initial meeting form")
    page.get_by_role("button", name="Save the record of the meeting").click()
    expect(page).to_have_url(direction_url)
    expect(success_banner(page)).to_contain_text("Meeting recorded.")
    expect(state_tag(page)).to_have_text("Initial meeting held")
    meetings = page.get_by_role("table", name="Meetings")
    expect(meetings.get_by_role("row").filter(has_text="Initial meeting")).to_contain_text(
        long_date(today)
    )
    review_row = meetings.get_by_role("row").filter(has_text=f"Review, {long_date(first_review)}")
    expect(review_row).to_have_count(1)
    expect(review_row).to_contain_text("In the diary")
    invitation = deadline_row(
        page, f"Invite parents in writing to the review on {long_date(first_review)}"
    )
    expect(invitation).to_have_count(1)
    expect(invitation).to_contain_text("To do")
    expect(invitation).to_contain_text(
        f"{first_review - datetime.timedelta(days=6):%a} "
        f"{long_date(first_review - datetime.timedelta(days=6))}"
    )
    expect(
        what_happens_next(page).get_by_role(
            "link", name=f"Record the review of {long_date(first_review)}"
        )
    ).to_be_visible()
    screenshot(page, "d15-initial-meeting-held")
    assert_accessible(page, "the direction page (initial meeting held)")

    # 7. The Due page lists what is overdue or due in the next 7 days. With these dates
    # nothing of this direction is: the notice is done, the invitation is due 6 days before a
    # review at least 4 weeks away, and the first review and the planned end are further off.
    # So this direction is (correctly) not listed, while the demo's other cases are.
    page.goto(f"{base}/due/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Due")
    expect(page.get_by_role("heading", name=re.compile(r"^Overdue \(\d+\)$"))).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile(r"^Due in the next 7 days \(\d+\)$"))
    ).to_be_visible()
    expect(page.locator(f'a[href="/directions/{direction.pk}/"]')).to_have_count(0)
    screenshot(page, "d16-due")
    assert_accessible(page, "the Due page")

    # 8. Parents are invited in writing to the review in the diary, through the outbox. The
    # invitation says when and where, so the time and place come first.
    page.goto(direction_url)
    page.get_by_role(
        "link",
        name=f"Set the time and place of the review on {long_date(first_review)}, for its "
        "invitation",
    ).click()
    page.get_by_label("Time", exact=True).fill("10:00")
    page.get_by_label("Place (optional)").fill("Meeting room 1, Elmbridge")
    assert_accessible(page, "the time and place page")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{direction_url}#letters")
    expect(success_banner(page)).to_contain_text("Time and place saved.")
    page.get_by_role(
        "link", name=f"Send the invitation to the review on {long_date(first_review)}"
    ).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(direction_url)}meetings/\d+/letters/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Send the invitation to the review on {first_review:%A} {long_date(first_review)}"
    )
    screenshot(page, "d17-invitation")
    assert_accessible(page, "the review invitation page")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page).to_have_url(f"{direction_url}#letters")
    expect(success_banner(page)).to_contain_text("The letter is being emailed to")
    expect(review_row).to_contain_text(long_date(today))  # the "Parents invited" column
    invitation = deadline_row(
        page, f"Invite parents in writing to the review on {long_date(first_review)}"
    )
    expect(invitation).to_contain_text("On time")
    expect(invitation).to_contain_text(long_date(today))  # "Done on"
    assert len(letters_to_parents()) == 2
    screenshot(page, "d18-invited")
    assert_accessible(page, "the direction page (review invitation sent)")
    # Recording the review itself would need today to be on or after the review date (the
    # meeting form refuses a date in the future, and the review is weeks away), so the
    # journey stops at the invitation.

    # 9. A case lead in another LA gets "Page not found", which says nothing of the case.
    sign_out(page)
    sign_in(page, base, OTHER_LA_CASE_LEAD)
    response = page.goto(direction_url)
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("body")).not_to_contain_text(pupil.full_name)
    expect(page.locator("body")).not_to_contain_text(REASONS)
    screenshot(page, "d19-other-la-not-found")
    assert_accessible(page, "the page not found page")
    response = page.goto(f"{direction_url}steps/consulted/")
    assert response is not None
    assert response.status == 404


def letters_to_parents():
    """The emails sent to the demo pupil's parents (an example.com address)."""
    return [m for m in mail.outbox if any("@example.com" in to for to in m.to)]
