"""The off-site direction's forms and letters (003 templates 1, 3, 4, 5; invitation; decision),
read back from the PDFs as a parent or a school office would read them."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from cases.directions import documents as dd
from cases.directions.models import Consultation, Direction
from cases.guards import GuardError
from demo.calendar import seed_term_dates
from documents.models import GeneratedDocument
from documents.rendering import DocumentRenderError, render_pdf
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Meeting
from tenancy.services import grant_host_access
from tests.conftest import SAFEGUARDING_MARKER, SEND_MARKER
from tests.documents.pdf import pdf_text
from tests.factories import DirectionFactory, ParentCarerFactory, PupilFactory
from ui.formats import long_date

Kind = GeneratedDocument.Kind
TODAY = datetime.date(2026, 11, 10)
START = datetime.date(2026, 11, 16)


@pytest.fixture
def schools(world):
    seed_term_dates(world.la)
    world.school.headteacher_name = "Dr Ada Lovelace"
    world.school.address = "Home School\n1 Test Road\nWorcester"
    world.school.phone = "01905 111 111"
    world.school.email = "office@home.test"
    world.school.save()
    world.host.name = "Riverside Academy"
    world.host.address = "Riverside Academy\n5 River Lane\nEvesham"
    world.host.postcode = "WR11 4AA"
    world.host.headteacher_name = "Mr Hugh Host"
    world.host.save()
    world.la.admissions_email = "admissions@la.test"
    world.la.send_email = "send@la.test"
    world.la.save()
    return world


def _plan(world, pupil, **changes):
    fields = {
        "pupil": pupil,
        "case_lead": world.users["school_case_lead"],
        "host_school": world.host,
        "state": Direction.State.DECIDED,
        "reasons": "Three suspensions this term for fighting at break",
        "objectives": "Attend every lesson on time\n- Work with the mentor every week",
        "success_criteria": "No suspensions for six weeks",
        "planned_start": START,
        "planned_end": datetime.date(2027, 2, 12),
        "maximum_period": "the remainder of the spring half term",
        "start_time": datetime.time(8, 45),
        "end_time": datetime.time(15, 15),
        "days": "Monday to Friday",
        "break_times": "break 10:30am to 10:50am, lunch 12:30pm to 1:15pm",
        "report_to_name": "Ms Rowe",
        "report_to_role": "Head of Year 8",
        "report_time": datetime.time(8, 30),
        "contact_arrangements": "a weekly phone call on Fridays",
        "point_of_contact": "Mr Case, Head of Year",
        "decided_by": world.users["school_headteacher"],
        "decided_on": datetime.date(2026, 11, 2),
        "delegation": Direction.Delegation.GOVERNING_BOARD,
        "host_approached_on": datetime.date(2026, 10, 20),
        "host_agreed_on": datetime.date(2026, 10, 27),
        "parent_understands": "yes",
        "parental_comments": "Pat would like a call after the first week.",
        "review_interval_weeks": 4,
    }
    return DirectionFactory(**(fields | changes))


@pytest.fixture
def direction(schools):
    """The world's pupil (EHCP, looked after), decided, every field of the plan filled in."""
    pupil = schools.pupil
    pupil.home_address = "2 Home Street\nWorcester"
    pupil.virtual_school_contact = "Val Virtual, Worcestershire Virtual School, 01905 222 222"
    pupil.save()
    return _plan(schools, pupil)


@pytest.fixture
def plain_direction(schools):
    """A pupil with no EHCP, not looked after, two parents with parental responsibility."""
    pupil = PupilFactory(school=schools.school, first_name="Sam", last_name="Plain")
    ParentCarerFactory(pupil=pupil, name="Jo Plain", relationship="Father")
    ParentCarerFactory(pupil=pupil, name="Kim Plain", relationship="Mother", address="9 Elm Road")
    return _plan(schools, pupil)


def _meeting(direction, kind=Meeting.Kind.REVIEW, **fields):
    defaults = {
        "date": datetime.date(2026, 12, 7),
        "recorded_by": direction.case_lead,
    }
    return Meeting.objects.create(direction=direction, kind=kind, **(defaults | fields))


FOOTERS = {
    Kind.NOTIFICATION_FORM: "Notification Form",
    Kind.INITIAL_MEETING_FORM: "Initial Meeting Form",
    Kind.REVIEW_FORM: "Review Form",
    Kind.DIRECTION_LETTER: "Direction for off-site education",
    Kind.REVIEW_INVITATION: "Invitation to a review meeting",
    Kind.DECISION_LETTER: "Decision of the review meeting",
}


def _body(text, kind, context):
    """The text without each page's letterhead and footer, so a page break splits nothing."""
    head = context["letterhead"]
    header = " ".join(x for x in (head["name"], head["address"], head["contact"]) if x)
    text = re.sub(re.escape(header) + r" (Private and confidential|OFFICIAL-SENSITIVE)", " ", text)
    text = re.sub(re.escape(FOOTERS[kind]) + r" · .*?Page \d+ of \d+", " ", text)
    return " ".join(text.split())


FIRST_PARENT = object()


def _text(kind, direction, meeting=None, *, to=FIRST_PARENT):
    """(the body text of the document's PDF, its context): a letter as its first parent with
    parental responsibility receives it, unless `to` says whose (None: the copies' letter)."""
    if to is FIRST_PARENT:
        to = direction.pupil.parents.filter(parental_responsibility=True).first()
    template, context = dd.build(kind, direction, meeting=meeting, today=TODAY, to=to)
    return _body(pdf_text(render_pdf(template, context)), kind, context), context


def _no_placeholders_left(text):
    assert "[" not in text and "]" not in text
    assert "None" not in text
    assert SAFEGUARDING_MARKER not in text and SEND_MARKER not in text


# The direction letter (template 5) ----------------------------------------------------------


def test_the_direction_letter_fills_every_placeholder_of_template_5(direction):
    text, context = _text(Kind.DIRECTION_LETTER, direction)

    _no_placeholders_left(text)
    assert "____" not in text and context["blanks"].missing == []
    for expected in (
        "Pat Parent 2 Home Street Worcester",  # addressed to the parent with PR
        "Dear Pat Parent",
        "Alex Home, date of birth 17 May 2013",
        "Direction for off-site education for Alex Home",
        "the decision of the governing board on 2 November 2026 to direct Alex Home",
        "Alex is directed to attend Riverside Academy at 5 River Lane, Evesham, WR11 4AA",
        "between the hours of 8:45am and 3:15pm, Monday to Friday, from 16 November 2026",
        "following these incidents: Three suspensions this term for fighting at break",
        "The session and break times are: break 10:30am to 10:50am, lunch 12:30pm to 1:15pm.",
        "Alex will remain on the roll of Home School and will be dual registered",
        "Riverside Academy is an Ofsted registered provision",
        "Alex should report to Ms Rowe, Head of Year 8, at Riverside Academy at 8:30am on their "
        "first day",
        "Their attendance will be full-time at Riverside Academy.",
        "The proposed maximum period for their attendance at Riverside Academy is the remainder "
        "of the spring half term (until 12 February 2027)",
        "reviewed at regular intervals by the governing board, the headteacher of Home School, a "
        "representative from Riverside Academy, the local authority (as Alex has an Education "
        "Health and Care Plan), and yourself with input from Alex",
        "unless there has already been a review in the previous 10 weeks",
        "Any requests for a review should be sent to Mr Case, Head of Year, Home School "
        "(01905 111 111 or office@home.test)",
        "successful reintegration of Alex back into Home School",
        "following objectives: • Attend every lesson on time • Work with the mentor every week",
        "communicate regularly with you through a weekly phone call on Fridays and your point of "
        "contact will be Mr Case, Head of Year",
        "Yours sincerely Dr Ada Lovelace Headteacher, Home School",
        "Copy sent to: • Mr Hugh Host, Headteacher of Riverside Academy "
        "• School Admissions, Worcestershire (admissions@la.test) "
        "• The Virtual School Head, Val Virtual "
        "• Worcestershire, which maintains Alex's Education, Health and Care Plan (send@la.test)",
    ):
        assert expected in text, expected


def test_the_first_review_is_the_one_in_the_diary_or_the_latest_the_rules_allow(direction):
    text, _context = _text(Kind.DIRECTION_LETTER, direction)
    deadline = rules.first_review_deadline(
        START,
        calendar_for_school(direction.home_school),
        school_weeks=direction.home_school.local_authority.first_review_school_weeks,
    )
    assert f"will be held no later than {long_date(deadline)} at Home School, 1 Test Road" in text

    direction.state = Direction.State.NOTICE_SENT
    _meeting(direction, Meeting.Kind.EMERGENCY, date=datetime.date(2026, 11, 20))
    _meeting(direction, date=datetime.date(2026, 12, 14))
    text, _context = _text(Kind.DIRECTION_LETTER, direction)
    assert "The first review meeting will be held on 14 December 2026 at Home School" in text


def test_the_ehcp_wording_and_copy_are_only_for_a_pupil_with_an_ehcp(plain_direction):
    text, _context = _text(Kind.DIRECTION_LETTER, plain_direction)
    _no_placeholders_left(text)
    assert "Education Health and Care Plan" not in text
    assert "Education, Health and Care Plan" not in text
    assert "Virtual School" not in text
    assert "a representative from Riverside Academy, and yourself with input from Sam" in text
    # Issue 14: each parent with parental responsibility gets a letter of their own, at their
    # own address, and never sees the other's.
    assert "Jo Plain 2 Home Street" in text and "Dear Jo Plain" in text
    assert "Kim Plain" not in text and "9 Elm Road" not in text
    kim = plain_direction.pupil.parents.get(name="Kim Plain")
    text, _context = _text(Kind.DIRECTION_LETTER, plain_direction, to=kim)
    assert "Kim Plain 9 Elm Road" in text and "Dear Kim Plain" in text
    assert "Jo Plain" not in text and "2 Home Street" not in text


def test_the_request_for_a_review_uses_the_las_window(direction):
    la = direction.home_school.local_authority
    la.requested_review_window_weeks = 6
    la.save()
    text, _context = _text(Kind.DIRECTION_LETTER, direction)
    assert "unless there has already been a review in the previous 6 weeks" in text
    assert "previous 10 weeks" not in text


def test_in_wales_the_host_is_described_as_inspected_by_estyn(direction):
    la = direction.home_school.local_authority
    la.nation = "wales"
    la.save()
    text, _context = _text(Kind.DIRECTION_LETTER, direction)
    assert (
        "Riverside Academy is a school registered with the Welsh Government and inspected by Estyn"
        in text
    )
    assert "Ofsted" not in text


def test_a_part_time_direction_sets_out_the_split_and_timetable(direction):
    direction.attendance = Direction.Attendance.PART_TIME
    direction.part_time_timetable = "Mon to Wed at Riverside Academy\nThu and Fri at Home School"
    text, _context = _text(Kind.DIRECTION_LETTER, direction)
    assert (
        "a combination of part-time at Riverside Academy and a continuation at Home School, as "
        "follows: Mon to Wed at Riverside Academy Thu and Fri at Home School"
    ) in text
    assert "full-time" not in text


def test_what_the_case_does_not_record_prints_as_a_line_to_fill_in(direction, world):
    direction.report_to_name = ""
    direction.report_time = None
    direction.break_times = ""
    direction.maximum_period = ""
    direction.planned_end = None
    direction.save()
    document = dd.generate(
        Kind.DIRECTION_LETTER, direction, by=world.users["school_headteacher"], today=TODAY
    )
    text = pdf_text(document.file.read())
    _no_placeholders_left(text)
    assert "should report to ____" in text
    assert "The session and break times are: ____" in text
    assert document.missing == [
        "the session and break times",
        "who to report to",
        "the time to report",
        "the maximum period",
    ]


def test_a_delegated_decision_says_so(direction):
    direction.delegation = Direction.Delegation.PERSON
    text, _context = _text(Kind.DIRECTION_LETTER, direction)
    assert (
        "the decision of the governing board, made under its scheme of delegation on "
        "2 November 2026, to direct Alex Home"
    ) in text


# The forms (templates 1, 3 and 4) ----------------------------------------------------------


def test_the_notification_form_has_every_field_of_template_1(direction, world):
    Consultation.objects.create(
        direction=direction,
        kind=Consultation.Kind.SEND_TEAM,
        person="Sue Send, SEND officer",
        on=datetime.date(2026, 10, 1),
        supports=True,
        notes="Consulted about the EHCP",
        recorded_by=direction.case_lead,
    )
    text, _context = _text(Kind.NOTIFICATION_FORM, direction)

    _no_placeholders_left(text)
    for expected in (
        "Off-site Direction Notification Form",
        "Consent does not have to be gained from parent by home school",
        "Child's Name and DOB",
        "Alex Home, date of birth 17 May 2013",
        "Home School",
        "Address",
        "Parent/Carer Name",
        "Relationship to",
        # column headings wrap, so pdftotext interleaves them: one line of each
        "Does the above",
        "Parent/Carer Address if different",
        "Pat Parent Mother Yes",
        "Is there another parent with parental responsibility for a child?",
        "Has agreement over the Off-site Direction been reached?",
        "Not applicable",
        "Does the parent understand the reasons for the Off-site",
        "Reasons for the Off-site Direction Three suspensions this term for fighting at break",
        "Parental comments Pat would like a call after the first week.",
        "I have been advised by the home school of the reasons for the Off-site Direction and "
        "understand they will approach another school",
        "Name:",
        "Signed:",
        "Date:",
        "Proposed host school Riverside Academy",
        "5 River Lane, Evesham, WR11 4AA",
        "20 October 2026",
        "27 October 2026",
        "Sue Send, SEND officer",
        "1 October 2026",
    ):
        assert expected in text, expected
    assert "Consulted about the EHCP" not in text  # notes may hold SEND detail


def test_the_notification_form_offers_tick_boxes_for_what_is_not_recorded(plain_direction):
    plain_direction.parent_understands = ""
    text, _context = _text(Kind.NOTIFICATION_FORM, plain_direction)
    _no_placeholders_left(text)
    # Two parents with parental responsibility; agreement and understanding not yet recorded.
    assert "Is there another parent with parental responsibility for a child? Yes" in text
    assert "Has agreement over the Off-site Direction been reached? Yes No" in text


def test_the_initial_meeting_form_has_every_field_of_template_3(direction):
    direction.state = Direction.State.INITIAL_MEETING_HELD
    meeting = _meeting(
        direction,
        Meeting.Kind.INITIAL,
        date=datetime.date(2026, 11, 12),
        held=True,
        home_representative="Mr Case",
        host_representative="Ms Rowe",
        parent_carer="Pat Parent",
        others="Val Virtual",
        reasons="Fighting at break",
        success_needs="Six weeks with no suspensions",
        next_meeting=datetime.date(2026, 12, 7),
        signed_by_parent=True,
        signed_by_home=True,
    )
    text, _context = _text(Kind.INITIAL_MEETING_FORM, direction, meeting)

    _no_placeholders_left(text)
    for expected in (
        "Off-site Direction Initial Meeting Form",
        "Date of Meeting 12 November 2026",
        "Child's Name & DOB Alex Home, date of birth 17 May 2013",
        "Address (if this has changed since previous meeting)",
        "Home School Representative Mr Case",
        "Host School Representative Ms Rowe",
        "Parent/Carer Pat Parent",
        "Reasons for the Off-site Direction: Fighting at break",
        "What needs to happen for the Off-site Direction to be successful: Six weeks with no",
        "Off-site Direction start date: 16 November 2026",
        "Date of first review meeting and agreed frequency of",
        "7 December 2026",
        "Then every 4 weeks",
        "Attendees Signatures:",
        "Parent/Carer: Pat Parent",
        "Child: Alex Home",
        "Home School: Mr Case",
        "Host School: Ms Rowe",
        "Other: Val Virtual",
        "Signed at the meeting",
    ):
        assert expected in text, expected


def test_before_the_initial_meeting_its_form_is_printed_to_take_to_it(direction):
    direction.state = Direction.State.NOTICE_SENT
    text, _context = _text(Kind.INITIAL_MEETING_FORM, direction)
    _no_placeholders_left(text)
    assert "Printed before the meeting" in text
    assert "Reasons for the Off-site Direction: Three suspensions this term" in text
    assert "No later than" in text and "Then every 4 weeks" in text


def test_the_review_form_has_every_field_of_template_4(direction):
    direction.state = Direction.State.ACTIVE
    meeting = _meeting(
        direction,
        Meeting.Kind.EMERGENCY,
        date=datetime.date(2026, 11, 27),
        held=True,
        address_changed="14 New Street, Worcester",
        home_representative="Mr Case",
        host_representative="Ms Rowe",
        parent_carer="Pat Parent",
        progress="Attending every day",
        concerns="One argument at lunch; suggest a lunchtime mentor",
        support="A lunchtime key adult",
        outcome=Meeting.Outcome.CONTINUE,
        continue_until=datetime.date(2027, 2, 12),
        next_meeting=datetime.date(2026, 12, 18),
        signed_by_host=True,
    )
    text, _context = _text(Kind.REVIEW_FORM, direction, meeting)

    _no_placeholders_left(text)
    for expected in (
        "Off-site Direction Emergency Review Meeting Form",
        "Date of Meeting 27 November 2026",
        "Child's Name & DOB Alex Home, date of birth 17 May 2013",
        "14 New Street, Worcester",
        "Home School Representative Mr Case",
        "Host School Representative Ms Rowe",
        "Parent/Carer Pat Parent",
        "Progress towards integration and success to date: Attending every day",
        "Issues causing concern and suggestions One argument at lunch",
        "Additional Support Required and any additional information: A lunchtime key adult",
        "Outcome of review:",
        "Continue with Direction Yes · until 12 February 2027",
        "Return to Home School",
        "Convert to Managed Move",
        "Date of next meeting (if applicable): 18 December 2026",
        "Attendees Signatures:",
        "Host School: Ms Rowe Signed at the meeting",
        "NB Please ensure in the event of a return to home school or a conversion to Managed "
        "Move you complete the necessary return on the Children's Services Portal and update "
        "the spreadsheet on the Teams site.",
    ):
        assert expected in text, expected


# Invitation and decision ------------------------------------------------------------------


def test_the_review_invitation_says_when_where_and_how_to_send_views(direction):
    direction.state = Direction.State.ACTIVE
    meeting = _meeting(direction)
    text, _context = _text(Kind.REVIEW_INVITATION, direction, meeting)

    _no_placeholders_left(text)
    for expected in (
        "Dear Pat Parent",
        "Review of the off-site direction for Alex Home",
        "Date Monday 7 December 2026",
        "Time To be agreed with you",
        "Place Home School, 1 Test Road, Worcester, TE1 1ST",
        "you may send us your views in writing before the meeting on 7 December 2026",
        "please contact Mr Case, Head of Year, Home School (01905 111 111 or office@home.test)",
        "Yours sincerely Dr Ada Lovelace",
    ):
        assert expected in text, expected


def test_the_decision_letter_gives_the_outcome_period_and_next_review(direction):
    direction.state = Direction.State.ACTIVE
    meeting = _meeting(
        direction,
        date=datetime.date(2026, 12, 7),
        held=True,
        outcome=Meeting.Outcome.CONTINUE,
        continue_until=datetime.date(2027, 3, 26),
        next_meeting=datetime.date(2027, 1, 18),
    )
    text, _context = _text(Kind.DECISION_LETTER, direction, meeting)

    _no_placeholders_left(text)
    for expected in (
        "Dear Pat Parent",
        "decided at the review of Alex's off-site direction on 7 December 2026",
        "The governing board has decided that the off-site direction will continue, with Alex "
        "attending Riverside Academy, until 26 March 2027.",
        "The next review meeting will be held on 18 January 2027",
        "request a further review at any time by writing to us",
        "previous 10 weeks",
        "complaints procedures",
    ):
        assert expected in text, expected


def test_a_decision_to_return_home_says_so(direction):
    direction.state = Direction.State.ENDED
    meeting = _meeting(direction, held=True, outcome=Meeting.Outcome.RETURN)
    text, _context = _text(Kind.DECISION_LETTER, direction, meeting)
    _no_placeholders_left(text)
    assert "The off-site direction has ended and Alex will return to Home School." in text


def test_letters_and_forms_carry_the_letterhead_page_numbers_and_their_marking(direction, world):
    by = world.users["school_case_lead"]
    letter = pdf_text(dd.generate(Kind.DIRECTION_LETTER, direction, by=by, today=TODAY).file.read())
    form = pdf_text(dd.generate(Kind.NOTIFICATION_FORM, direction, by=by, today=TODAY).file.read())
    for text in (letter, form):
        assert text.startswith(
            "Home School 1 Test Road, Worcester, TE1 1ST Telephone 01905 111 111"
        )
        assert "Page 1 of 2" in text and "Page 2 of 2" in text
    assert "Private and confidential" in letter and "OFFICIAL-SENSITIVE" not in letter
    assert "OFFICIAL-SENSITIVE" in form


# Versions and guards ------------------------------------------------------------------------


def test_each_generation_is_a_new_version_about_the_meeting_or_the_direction(direction, world):
    by = world.users["school_case_lead"]
    first = dd.generate(Kind.NOTIFICATION_FORM, direction, by=by, today=TODAY)
    second = dd.generate(Kind.NOTIFICATION_FORM, direction, by=by, today=TODAY)
    assert (first.version, second.version) == (1, 2)
    assert second.about == direction and second.pupil == direction.pupil
    assert not second.includes_safeguarding and not second.includes_send

    direction.state = Direction.State.ACTIVE
    meeting = _meeting(direction)
    form = dd.generate(Kind.REVIEW_FORM, direction, meeting=meeting, by=by, today=TODAY)
    letter = dd.generate(Kind.REVIEW_INVITATION, direction, meeting=meeting, by=by, today=TODAY)
    assert (form.version, form.about, letter.version, letter.about) == (1, meeting, 1, meeting)
    assert form.download_name == f"review-form-{direction.pupil.upn}-v1.pdf"


@pytest.mark.parametrize(
    ("kind", "state", "meeting_fields", "message"),
    [
        (Kind.DIRECTION_LETTER, "host_agreed", None, "record the decision first"),
        (Kind.REVIEW_FORM, "active", None, "Choose the meeting"),
        (Kind.REVIEW_INVITATION, "active", {"held": True}, "still to come"),
        (Kind.DECISION_LETTER, "active", {"held": True}, "its outcome"),
        (Kind.NOTIFICATION_FORM, "active", {}, "not for one meeting"),
        (Kind.REVIEW_FORM, "active", {"kind": "initial"}, "review or an emergency review"),
    ],
)
def test_a_document_that_does_not_fit_the_case_says_what_to_do(
    direction, world, kind, state, meeting_fields, message
):
    direction.state = state
    meeting = _meeting(direction, **meeting_fields) if meeting_fields is not None else None
    with pytest.raises(GuardError, match=message):
        dd.generate(
            kind, direction, meeting=meeting, by=world.users["school_headteacher"], today=TODAY
        )
    assert not GeneratedDocument.objects.exists()


def test_offers_follow_the_state_and_who_may_write_to_parents(direction):
    direction.state = Direction.State.PROPOSED
    assert [o.kind for o in dd.offers(direction, [], letters=True)] == [Kind.NOTIFICATION_FORM]

    direction.state = Direction.State.ACTIVE
    initial = _meeting(direction, Meeting.Kind.INITIAL, held=True, date=datetime.date(2026, 11, 12))
    held = _meeting(direction, held=True, outcome="continue", date=datetime.date(2026, 12, 7))
    coming = _meeting(direction, date=datetime.date(2027, 1, 18))
    meetings = [initial, held, coming]
    assert [(o.kind, o.meeting) for o in dd.offers(direction, meetings, letters=True)] == [
        (Kind.NOTIFICATION_FORM, None),
        (Kind.DIRECTION_LETTER, None),
        (Kind.INITIAL_MEETING_FORM, initial),
        (Kind.REVIEW_FORM, held),
        (Kind.DECISION_LETTER, held),
        (Kind.REVIEW_INVITATION, coming),
        (Kind.REVIEW_FORM, coming),
    ]
    assert [o.kind for o in dd.offers(direction, meetings, letters=False)] == [
        Kind.NOTIFICATION_FORM,
        Kind.INITIAL_MEETING_FORM,
        Kind.REVIEW_FORM,
        Kind.REVIEW_FORM,
    ]


# Views --------------------------------------------------------------------------------------


def _post(client, user, direction, kind, meeting=None):
    client.force_login(user)
    if meeting is None:
        url = reverse("direction-document", args=[direction.pk, kind])
    else:
        url = reverse("meeting-document", args=[direction.pk, meeting.pk, kind])
    return client.post(url)


def test_the_case_lead_makes_the_letter_and_downloads_it(client, direction, world):
    response = _post(client, world.users["school_case_lead"], direction, "direction-letter")
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("document-download", args=[document.pk])
    assert (document.kind, document.about, document.version) == (
        Kind.DIRECTION_LETTER,
        direction,
        1,
    )
    download = client.get(response.url)
    assert download["Content-Type"] == "application/pdf"
    assert "Direction for off-site education for Alex Home" in pdf_text(download.content)

    _post(client, world.users["school_case_lead"], direction, "direction-letter")
    assert sorted(GeneratedDocument.objects.values_list("version", flat=True)) == [1, 2]


def test_office_staff_make_forms_but_not_letters(client, direction, world):
    office = world.users["school_office"]
    assert _post(client, office, direction, "notification-form").status_code == 302
    assert _post(client, office, direction, "direction-letter").status_code == 403
    assert list(GeneratedDocument.objects.values_list("kind", flat=True)) == [
        Kind.NOTIFICATION_FORM
    ]


def test_the_host_makes_the_review_form_only_while_hosting(client, direction, world):
    direction.state = Direction.State.ACTIVE
    direction.save()
    meeting = _meeting(direction)
    host = world.users["host_case_lead"]
    assert _post(client, host, direction, "review-form", meeting).status_code == 404
    grant_host_access(direction.pupil, world.host)
    assert _post(client, host, direction, "review-form", meeting).status_code == 302
    assert _post(client, host, direction, "review-invitation", meeting).status_code == 403
    assert GeneratedDocument.objects.get().kind == Kind.REVIEW_FORM


def test_another_schools_direction_and_unknown_documents_look_missing(client, direction, world):
    other = world.users["other_case_lead"]
    assert _post(client, other, direction, "notification-form").status_code == 404
    lead = world.users["school_case_lead"]
    assert _post(client, lead, direction, "pupil-passport").status_code == 404
    assert _post(client, lead, direction, "review-form").status_code == 404  # needs a meeting
    elsewhere = _meeting(_plan(world, PupilFactory(school=world.school)))
    assert _post(client, lead, direction, "review-form", elsewhere).status_code == 404
    client.force_login(lead)
    url = reverse("direction-document", args=[direction.pk, "notification-form"])
    assert client.get(url).status_code == 405
    assert not GeneratedDocument.objects.exists()


def test_a_document_that_cannot_be_made_yet_is_explained(client, direction, world):
    direction.state = Direction.State.HOST_AGREED
    direction.save()
    response = _post(client, world.users["school_case_lead"], direction, "direction-letter")
    assert response.url == direction.get_absolute_url()
    assert "record the decision first" in str(list(get_messages(response.wsgi_request))[0])
    assert not GeneratedDocument.objects.exists()


def test_a_render_failure_is_a_message_not_a_500(client, direction, world, monkeypatch):
    def broken(html):
        raise DocumentRenderError("The PDF could not be made just now. Try again in a few minutes.")

    monkeypatch.setattr("documents.rendering.html_to_pdf", broken)
    response = _post(client, world.users["school_case_lead"], direction, "notification-form")
    page = client.get(response.url, follow=True)
    assert page.status_code == 200
    assert "The PDF could not be made just now" in page.content.decode()
    assert GeneratedDocument.objects.get().state == GeneratedDocument.State.FAILED


def test_blank_lines_are_pointed_out_to_the_person_who_made_the_letter(client, direction, world):
    direction.report_to_name = ""
    direction.save()
    response = _post(client, world.users["school_case_lead"], direction, "direction-letter")
    (message,) = get_messages(response.wsgi_request)
    assert "lines to fill in by hand" in str(message) and "who to report to" in str(message)


# The direction page's section ----------------------------------------------------------------


def _section(direction, user):
    request = RequestFactory().get("/")
    request.user = user
    request.membership = user.memberships.get()
    template = Template("{% load direction_document_tags %}{% direction_documents direction %}")
    return template.render(Context({"request": request, "direction": direction}))


def test_the_section_lists_what_can_be_made_and_what_was_made(client, direction, world):
    lead = world.users["school_case_lead"]
    direction.state = Direction.State.ACTIVE
    direction.save()
    meeting = _meeting(direction)
    dd.generate(Kind.REVIEW_INVITATION, direction, meeting=meeting, by=lead, today=TODAY)

    html = _section(direction, lead)
    assert reverse("meeting-document", args=[direction.pk, meeting.pk, "review-invitation"]) in html
    assert reverse("direction-document", args=[direction.pk, "direction-letter"]) in html
    assert "not later than 6 days before the meeting" in html
    made = re.sub(r"\s+", " ", html.split("Made so far")[1])
    assert "Invitation to a review meeting" in made and "Review, 7 December 2026" in made
    assert lead.full_name in made
    assert reverse("document-download", args=[GeneratedDocument.objects.get().pk]) in made

    office = _section(direction, world.users["school_office"])
    assert "direction-letter" not in office and "review-invitation/" not in office
    assert "Letters to parents are made by the home school" in office
    assert "notification-form" in office


def test_the_direction_page_shows_the_section(client, direction, world):
    client.force_login(world.users["school_case_lead"])
    page = client.get(direction.get_absolute_url()).content.decode()
    assert 'id="forms-and-letters"' in page


def test_the_section_runs_a_fixed_number_of_queries(direction, world, django_assert_num_queries):
    lead = world.users["school_case_lead"]
    direction.state = Direction.State.ACTIVE
    direction.save()
    _section(direction, lead)  # content types cached
    meeting = _meeting(direction)
    dd.generate(Kind.REVIEW_FORM, direction, meeting=meeting, by=lead, today=TODAY)
    # the membership (_section's own), the meetings, the documents with who made them
    with django_assert_num_queries(3):
        _section(direction, lead)
    for day in (8, 9, 10):
        more = _meeting(direction, date=datetime.date(2026, 12, day))
        dd.generate(Kind.REVIEW_FORM, direction, meeting=more, by=lead, today=TODAY)
        dd.generate(Kind.NOTIFICATION_FORM, direction, by=lead, today=TODAY)
    with django_assert_num_queries(3):
        _section(direction, lead)


# manage.py render_forms --------------------------------------------------------------------
