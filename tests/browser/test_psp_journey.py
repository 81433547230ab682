"""A Pastoral Support Programme in a real browser (Chromium), in Neath Port Talbot.

Afan Vale's case lead opens the demo PSP that is at its meeting, writes an outcome with the
Outcome Sequence and the Support Sequence (first with a mistake, shown beside the field), sees
what is still needed before signing, and prints the PSP Initial Meeting form. The LA officer
then opens the LA's list of PSPs for the monitoring group; an officer of another LA does not
see the PSP. Each page is checked with axe-core and screenshotted to var/screenshots/ (p01-…).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from cases.psp.models import PastoralSupportProgramme, PspOutcome
from tests.browser.journey import sign_in, sign_out

CASE_LEAD = "case-lead@afan-vale.demo"
LA_OFFICER = "la-officer@npt.demo"
OTHER_LA_OFFICER = "la-officer@worcestershire.demo"
AFAN_VALE_URN = "900301"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_psp_outcome_written_with_the_sequences(
    page: Page, live_server, screenshot, assert_accessible, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    psp = PastoralSupportProgramme.objects.get(
        school__urn=AFAN_VALE_URN, stage=PastoralSupportProgramme.Stage.MEETING
    )
    base = live_server.url

    # 1. The case lead opens the pupil's passport and the PSP from its card.
    sign_in(page, base, CASE_LEAD)
    page.goto(f"{base}/pupils/{psp.pupil_id}/")
    card = page.locator("#psps")
    expect(card).to_contain_text("Stage 4: conducting the meeting")
    card.get_by_role("link", name=re.compile("PSP, opened")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pastoral Support Programme")
    banner = page.get_by_role("region", name="What happens next")
    expect(banner).to_contain_text("Before the PSP can be signed")
    expect(banner).to_contain_text("Can we measure it?")
    screenshot(page, "p01-psp-at-the-meeting")
    assert_accessible(page, "the PSP page at the meeting")

    # 2. Write an outcome: the page walks through the workbook's steps.
    banner.get_by_role("link", name="Write an outcome").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write an outcome")
    for step in ("Step 1: what matters", "Step 3: the positive change", "Step 5: now check it"):
        expect(page.get_by_role("heading", name=step)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("The Support Sequence"))).to_be_visible()
    screenshot(page, "p02-outcome-sequence-form")
    assert_accessible(page, "the outcome form")

    # A mistake first: no specific outcome.
    page.get_by_label(re.compile("what is the positive change", re.I)).fill(
        "I want to get to school on time."
    )
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write the specific outcome")
    screenshot(page, "p03-outcome-form-with-an-error")
    assert_accessible(page, "the outcome form with an error")

    page.get_by_label(re.compile("what matters, who matters", re.I)).fill(
        "Football with his friends; his gran."
    )
    page.get_by_label("What is working now").fill("Gran drops him off on Wednesdays.")
    page.get_by_label("What is not working now").fill("Oversleeps after late nights gaming.")
    page.get_by_label("The specific outcome").fill(
        "Arrives by 8:40 on at least four days a week for four weeks."
    )
    page.get_by_label("The starting point", exact=True).fill(
        "On time 2 days a week this half term."
    )
    for _name, label in PspOutcome.CHECKS:
        page.get_by_label(str(label), exact=True).check()
    page.get_by_label(re.compile("tried already", re.I)).fill("An alarm clock (he turns it off).")
    page.get_by_label("1. Yourself").fill("Sets his own alarm and lays out his kit.")
    page.get_by_label("2. Technology").fill("A wake-up playlist on his phone.")
    page.get_by_label("4. Family, friends and neighbours").fill("Gran calls at 7:30.")
    page.get_by_label("6. Services or setting").fill("Breakfast club from 8:15.")
    page.get_by_label(re.compile("involved the child", re.I)).check()
    page.get_by_role("button", name="Save the outcome").click()

    # 3. Back on the PSP page: the outcome with its Support Sequence.
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("saved")
    outcome = page.locator(".govuk-summary-card").filter(has_text="Arrives by 8:40")
    expect(outcome).to_contain_text("Breakfast club from 8:15.")
    expect(outcome).to_contain_text("2. Technology")
    page.locator("#outcomes").scroll_into_view_if_needed()
    screenshot(page, "p04-psp-with-the-new-outcome")
    assert_accessible(page, "the PSP page with the new outcome")
    saved = PspOutcome.objects.get(psp=psp, outcome__startswith="Arrives by 8:40")
    assert not saved.unchecked() and saved.child_involved

    # 4. Sign: the page says what the form still needs.
    page.get_by_role("link", name="Sign the PSP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign the PSP")
    screenshot(page, "p05-sign-the-psp")
    assert_accessible(page, "the signing page")
    sign_out(page)

    # 5. The LA officer's list for the termly monitoring group.
    sign_in(page, base, LA_OFFICER)
    page.get_by_role("link", name="PSPs", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pastoral Support Programmes")
    expect(page.get_by_role("table")).to_contain_text(psp.pupil.last_name)
    expect(page.get_by_role("table")).to_contain_text("Due this term")
    screenshot(page, "p06-la-list-of-psps")
    assert_accessible(page, "the LA's list of PSPs")
    page.get_by_label("Only those due for this term's monitoring group").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("table")).not_to_contain_text("Stage 4")
    sign_out(page)

    # 6. Another LA's officer: the PSP looks missing.
    sign_in(page, base, OTHER_LA_OFFICER)
    response = page.goto(f"{base}{psp.get_absolute_url()}")
    assert response.status == 404
