"""The direction letter is the statutory written notice: it is refused while a detail the notice
must give is blank, naming each, before anything is stored or sent (issue 14). A review
invitation is refused without the meeting's date, time and place, and its email names them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from cases.directions import guards, letters
from cases.directions.models import Direction
from cases.guards import GuardError
from demo.calendar import seed_term_dates
from documents.models import GeneratedDocument, Letter, OutboxMessage, PrintedCopy
from reviews.models import Meeting
from tenancy.services import grant_host_access
from tests.factories import DirectionFactory

TODAY = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)  # a Monday in term
DAY = datetime.date(2026, 11, 2)

# Each statutory detail: the field that holds it, its blank value, the words that name it.
DETAILS = [
    ("start_time", None, "the start time"),
    ("end_time", None, "the end time"),
    ("days", "", "the days"),
    ("planned_start", None, "the first day"),
    ("reasons", "", "the reasons"),
    ("break_times", "", "the session and break times"),
    ("report_to_name", "", "who to report to"),
    ("objectives", "", "the objectives"),
]


@pytest.fixture
def direction(world, time_machine):
    time_machine.move_to(TODAY, tick=False)
    seed_term_dates(world.la)
    grant_host_access(world.pupil, world.host)
    return DirectionFactory(
        pupil=world.pupil,
        case_lead=world.users["school_case_lead"],
        state=Direction.State.DECIDED,
        host_school=world.host,
        host_approached_on=datetime.date(2026, 10, 19),
        host_agreed_on=datetime.date(2026, 10, 20),
        decided_by=world.users["school_headteacher"],
        decided_on=datetime.date(2026, 10, 23),
    )


@pytest.fixture
def lead(client, world):
    client.force_login(world.users["school_case_lead"])
    return client


def _blank(direction, field, value):
    # planned_end is after planned_start by a constraint; with no first day it stays.
    Direction.objects.filter(pk=direction.pk).update(**{field: value})
    return Direction.objects.get(pk=direction.pk)


def test_a_complete_notice_passes(direction):
    assert guards.notice_blanks(direction) == []
    guards.ensure_notice_complete(direction)


@pytest.mark.parametrize(("field", "value", "words"), DETAILS)
def test_each_blank_detail_is_named(direction, field, value, words):
    direction = _blank(direction, field, value)
    with pytest.raises(GuardError) as refused:
        guards.ensure_notice_complete(direction)
    [message] = refused.value.messages
    assert f"leaves {words} blank" in message
    assert "written notice the law requires" in message
    [blank] = guards.notice_blanks(direction)
    assert blank.detail == words
    assert blank.url == reverse("direction-plan", args=[direction.pk]) + f"#id_{field}"


def test_the_host_address_is_named_with_who_can_add_it(direction, world):
    world.host.address = ""
    world.host.postcode = ""
    world.host.save()
    direction.refresh_from_db()
    [blank] = guards.notice_blanks(direction)
    assert blank.detail == "the host's address"
    assert blank.url == ""
    assert "add the address of" in blank.fix
    with pytest.raises(GuardError, match="leaves the host's address blank"):
        guards.ensure_notice_complete(direction)


def test_one_message_names_every_blank_detail(direction):
    Direction.objects.filter(pk=direction.pk).update(break_times="", report_to_name="", days=" ")
    direction.refresh_from_db()
    with pytest.raises(GuardError) as refused:
        guards.ensure_notice_complete(direction)
    assert refused.value.messages == [
        "The direction letter is the written notice the law requires, so it cannot be sent "
        "while it leaves the days, the session and break times and who to report to blank. "
        "Enter them first."
    ]


def test_the_service_refuses_before_anything_is_stored_or_sent(direction, world):
    direction = _blank(direction, "break_times", "")
    with pytest.raises(GuardError, match="the session and break times"):
        letters.direction_letter_send(direction=direction, by=direction.case_lead, today=DAY)
    direction.refresh_from_db()
    assert (direction.state, direction.notice_sent_on) == (Direction.State.DECIDED, None)
    assert not Letter.objects.exists()
    assert not GeneratedDocument.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_the_page_lists_each_blank_with_where_to_enter_it_and_no_send_button(
    lead, direction, world
):
    Direction.objects.filter(pk=direction.pk).update(break_times="", report_to_name="")
    world.host.address = ""
    world.host.postcode = ""
    world.host.save()
    url = reverse("direction-letter-send", args=[direction.pk])
    page = lead.get(url).content.decode()
    plan = reverse("direction-plan", args=[direction.pk])
    assert "There is a problem" in page
    assert (
        "it leaves the host&#x27;s address, the session and break times and who to report "
        "to blank." in page
    )
    assert "Before you can send it" in page
    assert f'href="{plan}#id_break_times">Enter the session and break times</a>' in page
    assert f'href="{plan}#id_report_to_name">Enter who to report to</a>' in page
    assert "Ask your Waymark administrator to add the address of Host School" in page
    assert "Send the direction letter</button>" not in page

    response = lead.post(url, {"send_key": "k" * 30})
    assert response.status_code == 200
    assert "Send the direction letter</button>" not in response.content.decode()
    assert not Letter.objects.exists()


def test_the_page_offers_to_send_once_the_details_are_entered(lead, direction, world):
    page = lead.get(reverse("direction-letter-send", args=[direction.pk])).content.decode()
    assert "Before you can send it" not in page
    assert "Send the direction letter</button>" in page


# The review invitation --------------------------------------------------------------------


def _review(direction, **fields):
    Direction.objects.filter(pk=direction.pk).update(
        state=Direction.State.ACTIVE, notice_sent_on=DAY
    )
    direction.refresh_from_db()
    return Meeting.objects.create(
        direction=direction,
        kind=Meeting.Kind.REVIEW,
        date=datetime.date(2026, 11, 20),
        recorded_by=direction.case_lead,
        **fields,
    )


def test_an_invitation_without_a_time_is_refused_naming_it(direction):
    meeting = _review(direction, place="The library, Host School")
    with pytest.raises(GuardError, match="Add the time of the review first"):
        guards.ensure_can_invite(meeting)
    [blank] = guards.invitation_blanks(meeting)
    assert blank.detail == "the time"
    when = reverse("meeting-when", args=[direction.pk, meeting.pk])
    assert blank.url == f"{when}#id_time"


def test_an_invitation_without_a_place_is_refused_naming_it(direction, world):
    """With no place in the diary the review is at the home school; with no address for the
    home school either, the invitation could not say where."""
    world.school.address = ""
    world.school.postcode = ""
    world.school.save()
    meeting = _review(direction, time=datetime.time(16, 0))
    meeting = Meeting.objects.select_related("direction__home_school").get(pk=meeting.pk)
    with pytest.raises(GuardError, match="Add the place of the review first"):
        guards.ensure_can_invite(meeting)


def test_an_invitation_without_time_or_place_names_both(direction, world):
    world.school.address = ""
    world.school.postcode = ""
    world.school.save()
    meeting = _review(direction)
    meeting = Meeting.objects.select_related("direction__home_school").get(pk=meeting.pk)
    with pytest.raises(GuardError, match="Add the time and the place of the review first"):
        guards.ensure_can_invite(meeting)


def test_the_invitation_page_links_to_the_meeting_time_and_place(lead, direction, world):
    meeting = _review(direction)
    page = lead.get(
        reverse("meeting-invitation-send", args=[direction.pk, meeting.pk])
    ).content.decode()
    when = reverse("meeting-when", args=[direction.pk, meeting.pk])
    assert "Add the time of the review first" in page
    assert f'href="{when}#id_time">Enter the time</a>' in page
    assert "Send the invitation</button>" not in page


def test_the_invitation_email_names_the_date_time_and_place(
    direction, world, django_capture_on_commit_callbacks
):
    meeting = _review(direction, time=datetime.time(16, 0), place="The library, Host School")
    with django_capture_on_commit_callbacks(execute=True):
        letters.review_invitation_send(meeting=meeting, by=direction.case_lead, today=DAY)
    [email] = mail.outbox
    assert "on Friday 20 November 2026 at 4pm, at The library, Host School." in email.body, (
        email.body
    )
    assert "gives the time and place" not in email.body


def test_with_no_place_in_the_diary_the_email_names_the_home_school(
    direction, world, django_capture_on_commit_callbacks
):
    meeting = _review(direction, time=datetime.time(9, 30))
    with django_capture_on_commit_callbacks(execute=True):
        letters.review_invitation_send(meeting=meeting, by=direction.case_lead, today=DAY)
    [email] = mail.outbox
    assert f"at 9:30am, at {world.school.name}, 1 Test Road" in email.body, email.body


def test_no_draft_is_kept_by_a_refusal_other_than_the_page_s_own(lead, direction, world):
    """The page's draft is a printed copy for the person looking, never a version of the
    letter: refusing leaves no document or letter behind."""
    Direction.objects.filter(pk=direction.pk).update(break_times="")
    lead.get(reverse("direction-letter-send", args=[direction.pk]))
    assert not GeneratedDocument.objects.exists()
    assert PrintedCopy.objects.count() == 1


def test_a_letter_not_yet_decided_says_so_and_lists_nothing_to_fill_in(lead, direction):
    Direction.objects.filter(pk=direction.pk).update(
        state=Direction.State.HOST_AGREED, break_times=""
    )
    page = lead.get(reverse("direction-letter-send", args=[direction.pk])).content.decode()
    assert "record the decision first" in page
    assert "session and break times blank" not in page
    assert "Before you can send it" not in page
