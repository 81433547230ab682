"""The letters' confirmation pages show the letter before it is sent (issue 14): a draft PDF the
worker makes (never the request), shown in the page when it is ready and followed in place
until then, with who gets it by email, by post and as a copy, and what it leaves blank."""

import datetime

import pytest
from django.urls import reverse

from cases.directions.models import Direction
from documents import printing, rendering
from documents.models import GeneratedDocument, Letter, OutboxMessage, PrintedCopy
from tests.documents.conftest import decided_direction
from tests.documents.pdf import pdf_text
from tests.factories import ParentCarerFactory

TODAY = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)  # a Monday in term


@pytest.fixture
def direction(world, time_machine):
    time_machine.move_to(TODAY, tick=False)
    return decided_direction(
        world,
        report_time=datetime.time(8, 30),
        maximum_period="twelve weeks",
        contact_arrangements="a weekly phone call",
    )


@pytest.fixture
def lead(client, world):
    client.force_login(world.users["school_case_lead"])
    return client


@pytest.fixture
def worker_later(monkeypatch):
    """The worker has not run yet: tasks are queued, not run in the request, and WeasyPrint
    must not be called by it."""

    def no_pdf_in_a_request(html):
        raise AssertionError("A PDF was made in the web request")

    monkeypatch.setattr(printing, "runs_eagerly", lambda: False)
    monkeypatch.setattr(printing, "enqueue", lambda *args, **kwargs: True)
    monkeypatch.setattr(rendering, "html_to_pdf", no_pdf_in_a_request)


def _url(direction):
    return reverse("direction-letter-send", args=[direction.pk])


def test_the_page_shows_the_letter_when_it_is_ready(lead, world, direction):
    page = lead.get(_url(direction)).content.decode()
    copy = PrintedCopy.objects.get(requested_by=world.users["school_case_lead"])
    assert copy.state == PrintedCopy.State.READY
    view = reverse("printed-copy-view", args=[copy.pk])
    assert f'<iframe class="waymark-letter-preview" src="{view}"' in page
    assert f'title="{copy.title}"' in page
    assert "Download the draft (PDF)" in page  # for a browser that shows no PDF in a page
    assert "This is the letter to Pat Parent, as it would go today." in page
    assert not GeneratedDocument.objects.exists() and not Letter.objects.exists()

    response = lead.get(view)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    text = pdf_text(response.content)
    assert "Direction for off-site education for Alex Home" in text
    assert "Pat Parent" in text


def test_other_pages_still_refuse_to_be_framed(lead, direction):
    response = lead.get(_url(direction))
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "frame-src 'self'" in response["Content-Security-Policy"]


def test_only_the_person_who_asked_can_open_the_draft(lead, client, world, direction):
    lead.get(_url(direction))
    copy = PrintedCopy.objects.get()
    client.force_login(world.users["school_headteacher"])
    assert client.get(reverse("printed-copy-view", args=[copy.pk])).status_code == 404


def test_the_page_answers_at_once_and_follows_the_draft_in_place(lead, direction, worker_later):
    page = lead.get(_url(direction)).content.decode()
    copy = PrintedCopy.objects.get()
    assert copy.state == PrintedCopy.State.PENDING
    assert "Making the PDF…" in page
    poll = f"{copy.get_status_url()}?preview=1&amp;shown=waiting"
    assert f'hx-get="{poll}"' in page
    assert "Send the direction letter</button>" in page  # the draft never holds up sending

    status = copy.get_status_url()
    htmx = {"HTTP_HX_REQUEST": "true"}
    assert lead.get(status, {"preview": 1, "shown": "waiting"}, **htmx).status_code == 204

    PrintedCopy.objects.filter(pk=copy.pk).update(
        state=PrintedCopy.State.READY, file="drafts/x.pdf", checksum="0" * 64
    )
    fragment = lead.get(status, {"preview": 1, "shown": "waiting"}, **htmx).content.decode()
    assert reverse("printed-copy-view", args=[copy.pk]) in fragment
    assert "<iframe" in fragment and "hx-get" not in fragment


def test_a_draft_that_cannot_be_made_says_so_and_sending_is_still_offered(
    lead, direction, worker_later
):
    lead.get(_url(direction))
    copy = PrintedCopy.objects.get()
    PrintedCopy.objects.filter(pk=copy.pk).update(
        state=PrintedCopy.State.FAILED, error="The PDF could not be made just now."
    )
    fragment = lead.get(
        copy.get_status_url(), {"preview": 1, "shown": "waiting"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "The draft could not be made" in fragment
    assert "Try the draft again" in fragment


def test_the_page_lists_copies_and_what_the_letter_leaves_blank(lead, world, direction):
    Direction.objects.filter(pk=direction.pk).update(maximum_period="", planned_end=None)
    page = lead.get(_url(direction)).content.decode()
    assert "Copies named on the letter" in page
    assert '<dt class="govuk-summary-list__key">Head Teacher' in page  # the host's head
    assert "School Admissions, Worcestershire" in page
    assert "The letter prints a line to fill in for:" in page
    assert "<li>the maximum period</li>" in page
    assert "Send the direction letter</button>" in page  # not a detail the notice must give


def test_a_withheld_address_is_not_shown_in_the_draft(lead, world, direction):
    world.pupil.parents.update(address_withheld=True, address="1 Refuge Road\nSafe Town")
    ParentCarerFactory(
        pupil=world.pupil, name="Sam Other", email="sam@example.com", address="2 Open Lane"
    )
    page = lead.get(_url(direction)).content.decode()
    assert "This is the letter to Sam Other" in page
    assert "Refuge Road" not in page
    copy = PrintedCopy.objects.get()
    text = pdf_text(lead.get(reverse("printed-copy-view", args=[copy.pk])).content)
    assert "Sam Other" in text and "2 Open Lane" in text
    assert "Refuge Road" not in text


def test_the_review_invitation_and_decision_pages_show_their_draft(lead, world, direction):
    from reviews.models import Meeting

    Direction.objects.filter(pk=direction.pk).update(
        state=Direction.State.ACTIVE, notice_sent_on=datetime.date(2026, 11, 2)
    )
    meeting = Meeting.objects.create(
        direction=direction,
        kind=Meeting.Kind.REVIEW,
        date=datetime.date(2026, 11, 20),
        time=datetime.time(16, 0),
        recorded_by=direction.case_lead,
    )
    page = lead.get(
        reverse("meeting-invitation-send", args=[direction.pk, meeting.pk])
    ).content.decode()
    assert "waymark-letter-preview" in page
    copy = PrintedCopy.objects.get()
    text = pdf_text(lead.get(reverse("printed-copy-view", args=[copy.pk])).content)
    assert "Time 4pm" in text and "To be agreed" not in text


# Sending returns at once; the case page follows the letter in place -------------------------


def test_sending_returns_at_once_and_the_case_page_follows_the_letter(
    lead, direction, worker_later
):
    response = lead.post(_url(direction), {"send_key": "a" * 30})
    assert response.status_code == 302
    [document] = GeneratedDocument.objects.filter(kind="direction_letter").distinct()[:1]
    assert document.state == GeneratedDocument.State.PENDING  # the worker makes it
    assert OutboxMessage.objects.get().state == OutboxMessage.State.QUEUED

    page = lead.get(direction.get_absolute_url()).content.decode()
    live = reverse("direction-letters-live", args=[direction.pk])
    assert f'hx-get="{live}?shown=' in page
    assert "Waiting for the PDF" in page
    key = page.split(f'hx-get="{live}?shown=')[1].split('"')[0]
    htmx = {"HTTP_HX_REQUEST": "true"}
    assert lead.get(live, {"shown": key}, **htmx).status_code == 204  # nothing new

    GeneratedDocument.objects.update(
        state=GeneratedDocument.State.READY, file="letters/x.pdf", checksum="0" * 64
    )
    OutboxMessage.objects.update(state=OutboxMessage.State.SENT, sent_at=TODAY)
    fragment = lead.get(live, {"shown": key}, **htmx).content.decode()
    assert "Sent" in fragment
    assert "hx-get" not in fragment  # nothing is on its way: the section stops asking


def test_the_live_letters_section_is_the_direction_s_own(client, world, direction):
    client.force_login(world.users["other_case_lead"])
    live = reverse("direction-letters-live", args=[direction.pk])
    assert client.get(live).status_code == 404
