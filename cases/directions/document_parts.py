"""What the forms and letters of an off-site direction share: their templates, the blanks
they leave, the letterhead and the pupil's line, the one parent a letter is addressed to and
its date of issue, who decides, and the date of the first review.

Sources: 003_db4daf6c9cf2ba51.txt templates 1 to 5 (see cases.directions.documents).
"""

import datetime

from django.utils.translation import gettext as _

from cases.directions.models import Direction
from cases.pupils.models import ParentCarer
from documents.addressing import Issue, addressed_to
from documents.models import GeneratedDocument
from documents.rendering import Blanks, format_date, letterhead, name_and_dob, text_lines
from reviews import rules
from reviews.calendars import calendar_for_school
from reviews.models import Meeting
from tenancy.models import School

Kind = GeneratedDocument.Kind

TEMPLATES = {
    Kind.NOTIFICATION_FORM: "documents/direction_notification_form.html",
    Kind.INITIAL_MEETING_FORM: "documents/direction_initial_meeting_form.html",
    Kind.REVIEW_FORM: "documents/direction_review_form.html",
    Kind.DIRECTION_LETTER: "documents/direction_letter.html",
    Kind.REVIEW_INVITATION: "documents/direction_review_invitation.html",
    Kind.DECISION_LETTER: "documents/direction_decision_letter.html",
}


def one_line_address(school: School | None) -> str:
    return letterhead(school)["address"] if school else ""


def first_line(text: str) -> str:
    return next(iter(text_lines(text)), "")


def board_of(direction: Direction) -> str:
    """Who decides and reviews (003): a maintained school's governing board or a trust."""
    school = direction.home_school
    if direction.delegation == Direction.Delegation.TRUST or school.kind == School.Kind.ACADEMY:
        return _("the academy trust")
    return _("the governing board")


def contact(direction: Direction) -> str:
    """Who parents contact about the direction: its point of contact, else its case lead."""
    school = direction.home_school
    person = direction.point_of_contact or _("%(name)s, case lead") % {
        "name": direction.case_lead.full_name
    }
    ways = [w for w in (school.phone, school.email) if w]
    if not ways:
        return person
    return _("%(person)s, %(school)s (%(ways)s)") % {
        "person": person,
        "school": school.name,
        "ways": _(" or ").join(ways),
    }


def common(direction: Direction, title, today: datetime.date, blanks: Blanks) -> dict:
    pupil = direction.pupil
    home = direction.home_school
    return {
        "title": title,
        "direction": direction,
        "pupil": pupil,
        "school": home,
        "host": direction.host_school,
        "letterhead": letterhead(home),
        "printed_on": format_date(today),
        "pupil_line": name_and_dob(pupil),
        "board": board_of(direction),
        "blanks": blanks,
    }


def letter_common(
    direction: Direction,
    title,
    today: datetime.date,
    blanks: Blanks,
    *,
    to: ParentCarer | None = None,
    issue: Issue | None = None,
) -> dict:
    school = direction.home_school
    issue = issue or Issue(today)
    return common(direction, title, today, blanks) | {
        "to": addressed_to(direction.pupil, to),
        "dated": format_date(issue.dated),
        "copy_printed_on": format_date(issue.copy_printed_on) if issue.copy_printed_on else "",
        "signatory": {
            "name": blanks(_("the headteacher's name"), school.headteacher_name),
            "role": _("Headteacher"),
            "school": school.name,
        },
        "contact": contact(direction),
        "window_weeks": school.local_authority.requested_review_window_weeks,
    }


def first_review_date(direction: Direction, meetings: list[Meeting]) -> tuple[str, bool]:
    """The first review's date: the first in the diary (an emergency review is not the planned
    first review), else the latest it may be (003 letter: no more than the LA's school weeks
    after the start). Returns (the date as text, whether it is that deadline)."""
    reviews = sorted((m for m in meetings if m.kind == Meeting.Kind.REVIEW), key=lambda m: m.date)
    if reviews:
        return format_date(reviews[0].date), False
    if direction.planned_start is None:
        return "", False
    la = direction.home_school.local_authority
    try:
        due = rules.first_review_deadline(
            direction.planned_start,
            calendar_for_school(direction.home_school),
            school_weeks=la.first_review_school_weeks,
        )
    except ValueError:  # no term dates that far ahead: no honest date to print
        return "", False
    return format_date(due), True
