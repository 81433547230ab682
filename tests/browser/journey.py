"""The steps every journey takes: signing in and out, and filling a GOV.UK date input."""

import datetime
import re

from playwright.sync_api import Page, expect

from demo.people import DEMO_PASSWORD


def sign_in(page: Page, base_url: str, email: str) -> None:
    """Sign in as a demo person: everyone lands on their own work."""
    page.goto(f"{base_url}/account/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Waymark")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))


def fill_date(page: Page, legend: str, day: datetime.date) -> None:
    """A GOV.UK date input: a fieldset whose legend is the label, with Day, Month and Year."""
    group = page.get_by_role("group", name=legend, exact=True)
    expect(group).to_have_count(1)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
