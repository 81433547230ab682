"""A parent's letter in the language they chose (issue 15): Welsh words, Welsh dates and
lang="cy"; bilingually, the Welsh first and then the English, each part with its own lang."""

import datetime

import pytest
from django.utils import translation

from cases.directions import documents as dd
from cases.directions.models import Direction
from cases.pupils.languages import letter_languages
from cases.pupils.models import ParentCarer
from demo.calendar import seed_term_dates
from documents.models import GeneratedDocument
from documents.rendering import format_date, format_time, html_to_pdf, render_html_in
from tests.documents.pdf import pdf_text
from tests.factories import DirectionFactory, ParentCarerFactory
from ui.formats import long_date, long_datetime, weekday

TODAY = datetime.date(2026, 11, 10)


@pytest.fixture
def direction(world):
    seed_term_dates(world.la)
    return DirectionFactory(
        pupil=world.pupil,
        case_lead=world.users["school_case_lead"],
        host_school=world.host,
        state=Direction.State.DECIDED,
        reasons="Three suspensions this term",
        objectives="Attend every lesson on time",
        planned_start=datetime.date(2026, 11, 16),
        planned_end=datetime.date(2027, 2, 12),
        maximum_period="12 wythnos",
        start_time=datetime.time(8, 45),
        end_time=datetime.time(15, 15),
        days="Dydd Llun i ddydd Gwener",
        break_times="egwyl 10:30yb",
        report_to_name="Ms Rowe",
        report_to_role="Pennaeth Blwyddyn 8",
        report_time=datetime.time(8, 30),
        contact_arrangements="galwad ffôn bob dydd Gwener",
        point_of_contact="Mr Case",
        decided_by=world.users["school_headteacher"],
        decided_on=datetime.date(2026, 11, 2),
        delegation=Direction.Delegation.GOVERNING_BOARD,
        review_interval_weeks=4,
    )


def _letter_html(direction, parent):
    return render_html_in(
        letter_languages(parent),
        lambda: dd.build(
            GeneratedDocument.Kind.DIRECTION_LETTER, direction, today=TODAY, to=parent
        ),
    )


def test_a_parent_who_chose_welsh_gets_the_letter_in_welsh(direction):
    parent = ParentCarerFactory(
        pupil=direction.pupil, name="Nia Jones", preferred_language=ParentCarer.Language.WELSH
    )
    html = _letter_html(direction, parent)
    assert '<html lang="cy">' in html
    assert "Annwyl" in html and "Yn gywir" in html and "Dear" not in html
    assert "Tachwedd 2026" in html and "November" not in html
    assert "8:45yb" in html
    assert "language-part" not in html


def test_the_welsh_letter_prints_in_welsh(direction):
    parent = ParentCarerFactory(pupil=direction.pupil, preferred_language="cy")
    text = " ".join(pdf_text(html_to_pdf(_letter_html(direction, parent))).split())
    assert "Preifat a chyfrinachol" in text and "Tudalen 1 o" in text
    assert "Cyfarwyddyd i Alex Home gael addysg oddi ar y safle" in text
    assert "Private and confidential" not in text


def test_a_bilingual_letter_has_the_welsh_first_then_the_english(direction):
    parent = ParentCarerFactory(pupil=direction.pupil, preferred_language="cy+en")
    html = _letter_html(direction, parent)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="cy">' in html
    welsh = html.index('<div class="language-part" lang="cy">')
    english = html.index('<div class="language-part" lang="en">')
    assert welsh < html.index("Annwyl") < english < html.index("Dear")
    assert html.index("Tachwedd") < english < html.index("November")
    assert html.count("<body") == 1 and html.count("</html>") == 1


def test_the_english_letter_is_unchanged(direction):
    parent = ParentCarerFactory(pupil=direction.pupil, preferred_language="en")
    html = _letter_html(direction, parent)
    assert '<html lang="en">' in html and "Dear" in html and "Annwyl" not in html


def test_dates_days_and_times_are_in_welsh_where_the_text_is_welsh():
    day = datetime.date(2026, 11, 2)
    with translation.override("cy"):
        assert long_date(day) == "2 Tachwedd 2026"
        assert format_date(day) == "2 Tachwedd 2026"
        assert weekday(day) == "Dydd Llun"
        assert format_time(datetime.time(9)) == "9yb"
        assert format_time(datetime.time(15, 10)) == "3:10yh"
    with translation.override("en-gb"):
        assert long_date(day) == "2 November 2026"
        assert weekday(day) == "Monday"
        assert format_time(datetime.time(15, 10)) == "3:10pm"
        moment = datetime.datetime(2026, 11, 22, 16, 4, tzinfo=datetime.UTC)
        assert long_datetime(moment) == "4:04pm on 22 November 2026"


def test_a_bilingual_parent_gets_one_letter_and_one_email_welsh_first(
    direction, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.utils.translation import gettext as _

    from cases.directions.document_parts import Issue
    from documents import outbox

    parent = direction.pupil.parents.get()
    parent.preferred_language = ParentCarer.Language.BOTH
    parent.save()
    with django_capture_on_commit_callbacks(execute=True):
        sending = outbox.letter_send(
            pupil=direction.pupil,
            make=lambda to: dd.generate(
                GeneratedDocument.Kind.DIRECTION_LETTER,
                direction,
                by=direction.case_lead,
                today=TODAY,
                to=to,
                issue=Issue(TODAY),
            ),
            subject=lambda: _("Off-site direction for %(pupil)s") % {"pupil": "Alex Home"},
            body=lambda: (
                _("Please find attached our invitation to a meeting about %(name)s.")
                % {"name": "Alex"}
            ),
            by=direction.case_lead,
        )
    [letter] = sending.letters
    letter.document.refresh_from_db()
    with letter.document.file.open("rb") as pdf:
        text = " ".join(pdf_text(pdf.read()).split())
    assert text.index("Annwyl") < text.index("Yn gywir") < text.index("Dear")
    assert text.index("Preifat a chyfrinachol") < text.index("Private and confidential")
    assert letter.subject == (
        "Cyfarwyddyd oddi ar y safle ar gyfer Alex Home / Off-site direction for Alex Home"
    )
    [email] = mail.outbox
    assert email.body.startswith("Annwyl Pat Parent,\n\nMae ein gwahoddiad i gyfarfod am Alex")
    assert email.body.index("ynghlwm") < email.body.index("Please find attached")


def test_a_parent_who_chose_welsh_is_written_to_in_welsh_by_email(
    direction, django_capture_on_commit_callbacks
):
    from django.core import mail

    from documents import outbox

    parent = direction.pupil.parents.get()
    parent.preferred_language = ParentCarer.Language.WELSH
    parent.save()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.letter_send(
            pupil=direction.pupil,
            make=lambda to: dd.generate(
                GeneratedDocument.Kind.DIRECTION_LETTER,
                direction,
                by=direction.case_lead,
                today=TODAY,
                to=to,
            ),
            subject="Llythyr",
            body="Darllenwch y llythyr sydd ynghlwm.",
            by=direction.case_lead,
        )
    [email] = mail.outbox
    assert email.body.startswith("Annwyl Pat Parent,")
    assert "Dear" not in email.body


def test_the_files_copy_is_in_english_whatever_the_language_of_the_makers_pages(direction):
    with translation.override("cy"):
        document = dd.generate(
            GeneratedDocument.Kind.DIRECTION_LETTER, direction, by=direction.case_lead, today=TODAY
        )
    document.refresh_from_db()
    with document.file.open("rb") as pdf:
        text = " ".join(pdf_text(pdf.read()).split())
    assert "Dear" in text and "Page 1 of" in text
    assert "Annwyl" not in text and "Tachwedd" not in text
