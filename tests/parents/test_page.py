"""The parent's page shows this parent's own letters about this case, and nothing else."""

from django.urls import reverse

from tests.conftest import SAFEGUARDING_MARKER, SEND_MARKER
from tests.parents.conftest import DAD_ADDRESS, MUM_ADDRESS, letter_for


def test_it_shows_the_pupils_first_name_school_and_only_this_parents_letters(client, family):
    text = client.get(reverse("parent-page", args=[family.mum_token])).content.decode()
    assert "Letters about Alex" in text and "Home School" in text
    assert "Letter to Pat about the direction" in text
    assert "Letter to Sam" not in text


def test_it_never_shows_another_parent_safeguarding_send_or_staff_detail(client, family):
    direction = family.direction
    direction.parental_comments = "STAFFNOTE-parents-disagree"
    direction.save()
    text = client.get(reverse("parent-page", args=[family.mum_token])).content.decode()
    for secret in (
        SAFEGUARDING_MARKER,
        SEND_MARKER,
        "Sam Separate",
        DAD_ADDRESS,
        "sam@example.com",
        "STAFFNOTE",
        "Home,",  # the pupil's surname is Home
        direction.reasons,
    ):
        assert secret not in text, secret
    assert MUM_ADDRESS not in text  # not even their own address: nothing to leak if forwarded


def test_nothing_else_of_waymark_is_reachable_from_it(client, family):
    text = client.get(reverse("parent-page", args=[family.mum_token])).content.decode()
    hrefs = [part.split('"', 1)[0] for part in text.split('href="')[1:]]
    ours = [h for h in hrefs if h.startswith("/") and not h.startswith("/static/")]
    assert ours and all(h.startswith(f"/p/{family.mum_token}/") for h in ours), ours


def test_it_lists_no_letter_of_another_case_or_a_copy_to_an_organisation(client, world, family):
    from tests.factories import DirectionFactory

    old = DirectionFactory(pupil=world.pupil, state="ended", case_lead=family.direction.case_lead)
    letter_for(family.mum, old, "Letter about an old direction", about=old)
    copy = letter_for(family.mum, family.direction, "Copy to School Admissions")
    copy.parent = None
    copy.save()
    text = client.get(reverse("parent-page", args=[family.mum_token])).content.decode()
    assert "old direction" not in text and "School Admissions" not in text


def test_it_downloads_the_parents_own_letter_and_never_another(client, family):
    own = client.get(reverse("parent-letter", args=[family.mum_token, family.mum_letter.pk]))
    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    assert own.content.startswith(b"%PDF")
    other = client.get(reverse("parent-letter", args=[family.mum_token, family.dad_letter.pk]))
    assert other.status_code == 404


def test_it_lists_a_meeting_to_answer(client, family):
    text = client.get(reverse("parent-page", args=[family.mum_token])).content.decode()
    assert "Review meeting on Monday 14 December 2026" in text
    assert "Send your views before this meeting" in text
    assert "Ask for a review" in text


def test_its_forms_work_with_csrf_checks_and_no_session(family):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(reverse("parent-page", args=[family.mum_token]))
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"')[0]
    target = reverse("parent-letter-received", args=[family.mum_token, family.mum_letter.pk])
    assert browser.post(target).status_code == 403
    assert browser.post(target, {"csrfmiddlewaretoken": token}).status_code == 302
    assert "sessionid" not in browser.cookies


def test_it_shows_this_parents_own_actions_only_in_a_fixed_number_of_queries(
    client, family, django_assert_num_queries
):
    from parents import services
    from parents.models import ParentLink

    mum_link = ParentLink.objects.get(parent=family.mum)
    dad_link = ParentLink.objects.get(parent=family.dad)
    services.parent_ask_for_review(link=dad_link, reason="We would like a fresh start.")
    services.parent_acknowledge(link=dad_link, letter=family.dad_letter)
    page = reverse("parent-page", args=[family.mum_token])
    text = client.get(page).content.decode()  # the first visit also records the link's use
    assert "You asked for a review" not in text
    assert "I have received this letter" in text  # Sam's receipt is not Pat's
    services.parent_acknowledge(link=mum_link, letter=family.mum_letter)
    with django_assert_num_queries(8):
        # the link by its token's hash (with the parent, pupil and school); its direction; the
        # school's LA (the nation, for the page's language); this parent's actions on the
        # direction; their letters; the letters' emails; the meetings to answer; their replies
        text = client.get(page).content.decode()
    assert "I have received this letter" not in text
    dad_text = client.get(reverse("parent-page", args=[family.dad_token])).content.decode()
    assert "You asked for a review on 3 December 2026" in dad_text


def test_it_is_a_govuk_page_of_the_school_with_no_staff_menus(client, world, family):
    text = client.get(reverse("parent-page", args=[family.mum_token])).content.decode()
    assert "<title>Letters about Alex – Home School</title>" in text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert 'class="govuk-skip-link"' in text and 'id="main-content"' in text
    assert "Do not share its link" in text
    for staff in ("Service menu", "Sign out", "Find a pupil", "Waymark keeps children"):
        assert staff not in text, staff
    client.force_login(world.users["school_case_lead"])
    staff_page = client.get(family.direction.get_absolute_url()).content.decode()
    assert "– Waymark</title>" in staff_page and "Service menu" in staff_page
    assert "noindex" not in staff_page and "Do not share its link" not in staff_page
