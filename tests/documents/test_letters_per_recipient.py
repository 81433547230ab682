"""Issue 14: each parent's own letter at their own address, the "do not disclose address" flag,
the copies named on the direction letter sent through the outbox, and a letter's frozen date.

Tried as the parents of a separated family and the school office would: what each parent's
email and PDF says, what the case page shows to a case lead and to the DSL.
"""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from cases.directions import documents as dd
from cases.directions.letters import direction_letter_send
from cases.directions.models import Direction
from cases.offsiting import documents as docs
from cases.pupils.documents import Access, passport_context
from demo.calendar import seed_term_dates
from documents import outbox
from documents.models import GeneratedDocument, Letter, OutboxMessage
from tenancy.services import grant_host_access
from tests.cases.test_offsiting_lifecycle import MONDAY, plan, receiving
from tests.documents.factories import GeneratedDocumentFactory
from tests.documents.pdf import pdf_text
from tests.factories import DirectionFactory, ParentCarerFactory

__all__ = ["receiving"]

Kind = GeneratedDocument.Kind
TODAY = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)  # a Monday in term
SENT_ON = datetime.date(2026, 11, 2)
REFUGE = "Flat 3, Safe House\n7 Hidden Lane\nMalvern"


@pytest.fixture
def family(world):
    """A separated family: the mother (already recorded) at the child's home, by email; the
    father at his own address, with no email, so by post."""
    pupil = world.pupil
    pupil.home_address = "2 Home Street\nWorcester"
    pupil.social_worker = "Kate Morley, Children's Social Care, 01905 111 222"
    pupil.social_worker_email = "kate.morley@social.test"
    pupil.virtual_school_contact = "Val Virtual, Virtual School"
    pupil.virtual_school_email = ""  # listed to post, never dropped
    pupil.save()
    mother = pupil.parents.get()
    father = ParentCarerFactory(
        pupil=pupil,
        name="Darren Home",
        relationship="Father",
        email="",
        address="12 High Street\nEvesham",
    )
    return mother, father


@pytest.fixture
def direction(world, family, time_machine):
    time_machine.move_to(TODAY, tick=False)
    seed_term_dates(world.la)
    world.host.email = "head@host.test"
    world.host.headteacher_name = "Mr Hugh Host"
    world.host.save()
    world.la.admissions_email = "admissions@la.test"
    world.la.send_email = "send@la.test"
    world.la.save()
    grant_host_access(world.pupil, world.host)
    return DirectionFactory(
        pupil=world.pupil,
        case_lead=world.users["school_case_lead"],
        state=Direction.State.DECIDED,
        host_school=world.host,
        decided_by=world.users["school_headteacher"],
        decided_on=datetime.date(2026, 10, 23),
        delegation=Direction.Delegation.PERSON,
        report_to_name="Ms Fatima Begum",
        report_to_role="Head of Year 9",
    )


@pytest.fixture
def send(world, direction, django_capture_on_commit_callbacks):
    def _send(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return direction_letter_send(
                direction=direction,
                by=world.users["school_case_lead"],
                today=SENT_ON,
                **kwargs,
            )

    return _send


def _text(letter: Letter) -> str:
    document = GeneratedDocument.objects.get(pk=letter.document_id)
    with document.file.open("rb") as handle:
        return pdf_text(handle.read())


def _withhold(parent, address=REFUGE):
    parent.address = address
    parent.address_withheld = True
    parent.save()
    return parent


# One letter per parent ------------------------------------------------------------------------


def test_each_parent_of_a_separated_family_gets_only_their_own_letter_and_address(
    world, family, send
):
    mother, father = family
    sent = send()

    by_parent = {letter.parent: letter for letter in sent.letters}
    assert set(by_parent) == {mother, father}
    assert len({letter.document_id for letter in sent.letters}) == 2  # a PDF of their own
    mum, dad = _text(by_parent[mother]), _text(by_parent[father])
    assert "Pat Parent 2 Home Street Worcester" in mum and "Dear Pat Parent" in mum
    assert "Darren Home" not in mum and "12 High Street" not in mum
    assert "Darren Home 12 High Street Evesham" in dad and "Dear Darren Home" in dad
    assert "Pat Parent" not in dad and "2 Home Street" not in dad

    # The mother's email carries her letter alone; the father's is posted from his own PDF.
    [email] = [m for m in mail.outbox if "pat@example.com" in m.to[0]]
    [(_name, pdf, _mime)] = email.attachments
    assert pdf_text(pdf) == mum
    assert email.body.startswith("Dear Pat Parent,")
    assert by_parent[father].by_post == [
        {
            "parent_id": father.pk,
            "name": "Darren Home",
            "relationship": "Father",
            "address": "12 High Street\nEvesham",
        }
    ]
    assert not by_parent[father].messages.exists()
    assert {letter.to_name for letter in sent.letters} == {"Pat Parent", "Darren Home"}
    assert {letter.issued_on for letter in sent.all} == {SENT_ON}


def test_a_second_post_of_the_same_page_sends_nothing_more(world, family, send):
    sent = send(request_key="page-key-1")
    assert outbox.letter_already_sent("page-key-1")
    before = (Letter.objects.count(), OutboxMessage.objects.count(), len(mail.outbox))
    assert before[0] == len(sent.all)
    with pytest.raises(IntegrityError):  # the same page twice at once: the database says no
        outbox.letter_send(
            pupil=world.pupil,
            make=lambda parent: GeneratedDocumentFactory(pupil=world.pupil),
            subject="s",
            body="b",
            by=world.users["school_case_lead"],
            request_key="page-key-1",
        )


def test_the_confirmation_page_posted_twice_sends_each_parent_one_letter(
    client, world, family, direction, django_capture_on_commit_callbacks
):
    client.force_login(world.users["school_case_lead"])
    url = reverse("direction-letter-send", args=[direction.pk])
    key = client.get(url).context["send_key"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"send_key": key})
        client.post(url, {"send_key": key})
    assert Letter.objects.filter(is_copy=False).count() == 2
    assert sorted(m.to[0] for m in mail.outbox if "@example.com" in m.to[0]) == [
        "Pat Parent <pat@example.com>"
    ]


# Do not disclose address ------------------------------------------------------------------------


def test_a_withheld_address_is_only_in_that_parents_own_letter(world, family, send):
    mother, father = family
    _withhold(mother)
    sent = send()
    by_parent = {letter.parent: letter for letter in sent.letters}

    assert "Hidden Lane" in _text(by_parent[mother])
    assert "Hidden Lane" not in _text(by_parent[father])
    for copy in sent.copies:
        text = _text(copy)
        assert "To the parents and carers of Alex Home" in text
        assert "Hidden Lane" not in text and "2 Home Street" not in text
        assert "12 High Street" not in text
    # Only those who may read safeguarding detail may download her letter.
    assert by_parent[mother].document.includes_safeguarding
    assert not by_parent[father].document.includes_safeguarding
    assert not any(c.document.includes_safeguarding for c in sent.copies)
    for email in mail.outbox:
        assert "Hidden Lane" not in email.body
        if "pat@example.com" not in email.to[0]:
            assert all("Hidden Lane" not in pdf_text(a[1]) for a in email.attachments)


def test_the_case_page_says_address_withheld_except_to_the_dsl(client, world, family, send):
    mother, father = family
    _withhold(father, "12 High Street\nEvesham")  # posted: the page lists where
    sent = send()
    url = sent.letters[0].pupil.directions.get().get_absolute_url()

    client.force_login(world.users["school_case_lead"])
    page = client.get(url).content.decode()
    assert "address withheld" in page
    assert "12 High Street" not in page
    his = next(letter for letter in sent.letters if letter.parent == father)
    assert his.document.get_absolute_url() not in page  # no link to a PDF they may not open

    client.force_login(world.users["school_dsl"])
    page = client.get(url).content.decode()
    assert "12 High Street, Evesham" in page


def test_the_confirmation_page_never_shows_a_withheld_address(client, world, family, direction):
    _withhold(family[1], "12 High Street\nEvesham")
    client.force_login(world.users["school_case_lead"])
    page = client.get(reverse("direction-letter-send", args=[direction.pk])).content.decode()
    assert "Darren Home" in page
    assert "12 High Street" not in page


def test_recipients_mark_a_withheld_address_for_pages_to_hide(world, family):
    _withhold(family[1], "12 High Street\nEvesham")
    [entry] = outbox.letter_recipients(world.pupil).by_post
    assert entry["address"] == ""
    assert outbox.post_line(entry) == "Darren Home, Address withheld"
    assert outbox.post_line(entry, show_withheld=True) == "Darren Home, 12 High Street, Evesham"


def test_the_passport_prints_a_withheld_address_only_for_the_dsl(world, family):
    _withhold(family[1], "12 High Street\nEvesham")

    def addresses(role):
        allowed = Access.for_membership(world.users[role].memberships.get(), world.pupil)
        context = passport_context(world.pupil, allowed=allowed, today=SENT_ON)
        return [p["address"] for p in context["parents"]]

    assert addresses("school_case_lead") == ["", "Address withheld"]
    assert addresses("school_dsl") == ["", "12 High Street\nEvesham"]


# Copies named on the letter ---------------------------------------------------------------------


def test_the_copies_named_on_the_letter_are_sent_to_each_named_recipient(world, family, send):
    sent = send()

    sent_to = {
        copy.to_name: [m.to_email for m in copy.messages.all()] or copy.by_post
        for copy in sent.copies
    }
    assert sent_to == {
        "Mr Hugh Host": ["head@host.test"],
        "School Admissions, Worcestershire": ["admissions@la.test"],
        "Kate Morley": ["kate.morley@social.test"],
        "Val Virtual": [
            {
                "name": "Val Virtual",
                "address": "",
                "copy": True,
                "fix": "Add it under 1b. Additional information on Alex Home's page.",
            }
        ],
        "LA SEND team, Worcestershire": ["send@la.test"],
    }
    copies = {m.to[0]: m for m in mail.outbox if not m.to[0].endswith("example.com>")}
    assert set(copies) == {
        "Kate Morley <kate.morley@social.test>",
        "Mr Hugh Host <head@host.test>",
        '"LA SEND team, Worcestershire" <send@la.test>',
        '"School Admissions, Worcestershire" <admissions@la.test>',
    }
    email = copies["Kate Morley <kate.morley@social.test>"]
    assert email.body.startswith("Dear Kate Morley,\n\nPlease find attached, for your information")
    # The list the letter prints is the list sent: one function decides both.
    text = _text(sent.copies[0])
    printed = text.split("Copy sent to:")[1]
    for line in (
        "Mr Hugh Host, Headteacher of Host School",
        "School Admissions, Worcestershire (admissions@la.test)",
        "Alex's social worker, Kate Morley",
        "The Virtual School Head, Val Virtual",
        "Worcestershire, which maintains Alex's Education, Health and Care Plan (send@la.test)",
    ):
        assert line in printed
    # A copy is never counted as a parent's letter (the notice's deadline, the timeline).
    direction = world.pupil.directions.get()
    assert set(outbox.letters_about(direction)) == set(sent.letters)


def test_the_case_page_lists_each_copy_with_its_status_and_the_one_to_post(
    client, world, family, send
):
    send()
    client.force_login(world.users["school_case_lead"])
    page = client.get(world.pupil.directions.get().get_absolute_url()).content.decode()
    letters = page.split('id="letters"')[1]
    assert "Copies named on the letter" in letters
    assert "admissions@la.test" in letters and "Sent" in letters
    assert "Val Virtual" in letters
    assert "To send by post" in letters
    assert "Waymark has no email address to send this copy to" in letters


# A letter is issued once ------------------------------------------------------------------------


def test_a_copy_made_later_keeps_the_issue_date_and_says_copy(world, family, send, time_machine):
    mother, _father = family
    send()
    direction = world.pupil.directions.get()
    later = datetime.date(2026, 12, 2)
    template, context = dd.build(Kind.DIRECTION_LETTER, direction, today=later, to=mother)
    assert context["dated"] == "2 November 2026"
    assert context["copy_printed_on"] == "2 December 2026"
    document = dd.generate(
        Kind.DIRECTION_LETTER, direction, by=world.users["school_case_lead"], today=later
    )
    with document.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "2 November 2026" in text and "Copy, printed on 2 December 2026" in text
    assert GeneratedDocument.objects.filter(kind=Kind.DIRECTION_LETTER).count() == 4  # versions


def test_a_letter_not_yet_sent_is_dated_the_day_it_is_made(world, family, direction):
    _template, context = dd.build(Kind.DIRECTION_LETTER, direction, today=SENT_ON)
    assert context["dated"] == "2 November 2026" and context["copy_printed_on"] == ""
    assert context["to"]["addresses"][0]["names"] == "To the parents and carers of Alex Home"


# Back-on-Track letters --------------------------------------------------------------------------


def test_back_on_track_invitations_go_one_per_parent_and_keep_their_date(
    world, family, receiving, django_capture_on_commit_callbacks
):
    mother, father = family
    _withhold(mother)
    o = plan(world, receiving, last=MONDAY + datetime.timedelta(days=11))
    meeting = o.meetings.get(kind="review")
    with django_capture_on_commit_callbacks(execute=True):
        sent = docs.invitation_send(
            meeting=meeting, by=world.users["school_case_lead"], today=datetime.date(2026, 11, 18)
        )
    by_parent = {letter.parent: letter for letter in sent.letters}
    assert set(by_parent) == {mother, father} and not sent.copies
    assert "Hidden Lane" in _text(by_parent[mother])
    assert by_parent[mother].document.includes_safeguarding
    dad = _text(by_parent[father])
    assert "Darren Home 12 High Street Evesham" in dad
    assert "Hidden Lane" not in dad and "Pat Parent" not in dad

    _template, context = docs.invitation(meeting, today=datetime.date(2026, 11, 25))
    assert context["dated"] == "18 November 2026"
    assert context["copy_printed_on"] == "25 November 2026"


# The passport's forms and history -------------------------------------------------------------


def test_the_parent_form_offers_do_not_disclose_and_the_pupil_form_the_copy_emails(client, world):
    client.force_login(world.users["school_case_lead"])
    form = client.get(reverse("pupil-row-add", args=[world.pupil.pk, "parents"])).content
    assert "do not disclose this parent" in form.decode().lower()
    section = client.get(reverse("pupil-section-edit", args=[world.pupil.pk, "additional"]))
    assert "social_worker_email" in section.content.decode()
    assert "virtual_school_email" in section.content.decode()


def test_the_history_shows_a_withheld_address_only_to_the_dsl(client, world, family):
    _withhold(family[1], "12 High Street\nEvesham")
    url = reverse("pupil-history", args=[world.pupil.pk])
    client.force_login(world.users["school_case_lead"])
    page = client.get(url).content.decode()
    assert "Darren Home" in page and "12 High Street" not in page
    client.force_login(world.users["school_dsl"])
    assert "12 High Street" in client.get(url).content.decode()


def test_the_pupil_page_marks_the_withheld_parent_and_shows_no_address(client, world, family):
    _withhold(family[1], "12 High Street\nEvesham")
    client.force_login(world.users["school_case_lead"])
    page = client.get(world.pupil.get_absolute_url()).content.decode()
    parents = page.split('id="parents"')[1].split('class="govuk-summary-card"')[0]
    assert "Darren Home" in parents and "Address withheld" in parents
    assert "12 High Street" not in page


def test_copies_sent_never_make_a_notice_that_reached_no_parent_count_as_delivered(
    world, family, send
):
    from cases.directions.deadlines import _undelivered_notices, notice_undelivered

    family[1].delete()  # the mother alone, by email
    sent = send()
    assert sent.copy_messages.filter(state=OutboxMessage.State.SENT).exists()
    assert any(copy.by_post for copy in sent.copies)  # the Virtual School Head's, to post
    sent.messages.update(state=OutboxMessage.State.FAILED)
    direction = world.pupil.directions.get()
    assert notice_undelivered(direction)
    assert _undelivered_notices([direction]) == {direction.pk}


def test_the_parent_form_hides_a_withheld_address_from_all_but_the_dsl(client, world, family):
    father = _withhold(family[1], "12 High Street\nEvesham")
    url = reverse("pupil-row-edit", args=[world.pupil.pk, "parents", father.pk])
    client.force_login(world.users["school_case_lead"])
    page = client.get(url).content.decode()
    assert "Darren Home" in page and "12 High Street" not in page
    client.post(
        url,
        {"name": "Darren Home", "relationship": "Father", "parental_responsibility": "on"},
    )
    father.refresh_from_db()
    assert (father.address, father.address_withheld) == ("12 High Street\nEvesham", True)
    client.force_login(world.users["school_dsl"])
    assert "12 High Street" in client.get(url).content.decode()
