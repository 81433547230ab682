"""The contexts of an off-site direction's forms: templates 1 (Notification Form), 3 (Initial
Meeting Form) and 4 (Review or Emergency Review Form) of 003_db4daf6c9cf2ba51.txt, every field
in its order. Each returns (print template, context); cases.directions.documents.build calls them.
"""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.directions.document_parts import (
    TEMPLATES,
    Kind,
    common,
    first_review_date,
    one_line_address,
)
from cases.directions.models import Direction
from documents.rendering import Blanks, format_date, yes_or_no
from reviews.models import Meeting


def _attendees(meeting: Meeting | None) -> dict:
    """Who attended and who signed (templates 3 and 4)."""
    m = meeting
    return {
        "home_representative": m.home_representative if m else "",
        "host_representative": m.host_representative if m else "",
        "parent_carer": m.parent_carer if m else "",
        "others": m.others if m else "",
        "signed": {
            "parent": bool(m and m.signed_by_parent),
            "child": bool(m and m.signed_by_child),
            "home": bool(m and m.signed_by_home),
            "host": bool(m and m.signed_by_host),
        },
    }


def _parents_views(meeting: Meeting) -> str:
    """What staff recorded of the parents' views, then each view a parent sent through their
    own link before the meeting (issue 14), with their name and date."""
    parts = [meeting.parents_views.strip()] if meeting.parents_views.strip() else []
    for reply in meeting.parent_replies.exclude(views="").order_by("sent_at", "pk"):
        parts.append(
            _("From %(name)s, sent on %(day)s:\n%(views)s")
            % {
                "name": reply.parent_name,
                "day": format_date(timezone.localdate(reply.sent_at)),
                "views": reply.views.strip(),
            }
        )
    return "\n\n".join(parts)


def _review_frequency(direction: Direction) -> str:
    weeks = direction.review_interval_weeks
    if not weeks:
        return ""
    if weeks == 2:
        return _("fortnightly")
    return ngettext("every week", "every %(weeks)d weeks", weeks) % {"weeks": weeks}


def notification_form(direction: Direction, *, today: datetime.date) -> tuple[str, dict]:
    """Template 1 of 003: the parents' views, recorded before another school is approached."""
    blanks = Blanks()
    pupil = direction.pupil
    parents = list(pupil.parents.all())
    with_pr = [p for p in parents if p.parental_responsibility]
    another = len(with_pr) > 1 or bool(direction.other_parent_agrees)
    consultations = [
        {
            # The choice labels cite their source, "(003)": not for a form parents sign.
            "who": re.sub(r"\s*\(\d{3}\)$", "", str(c.get_kind_display())),
            "person": c.person,
            "on": format_date(c.on),
            "supports": yes_or_no(c.supports),
        }
        for c in direction.consultations.all()
    ]
    context = common(direction, _("Off-site Direction Notification Form"), today, blanks) | {
        "child_address": pupil.home_address,
        "parents": [
            {
                "name": p.name,
                "relationship": p.relationship,
                "parental_responsibility": yes_or_no(p.parental_responsibility),
                "address": p.address if p.address.strip() != pupil.home_address.strip() else "",
            }
            for p in parents
        ],
        "another_parent": yes_or_no(another) if parents else "",
        "other_parent_agrees": yes_or_no(direction.other_parent_agrees) if another else "",
        "other_parent_not_applicable": bool(parents) and not another,
        "parent_understands": yes_or_no(direction.parent_understands),
        "parental_comments": direction.parental_comments,
        "parents_agree": direction.parents_agree,
        "reasons": direction.reasons,
        "host_address": one_line_address(direction.host_school),
        "host_approached_on": format_date(direction.host_approached_on),
        "host_agreed_on": format_date(direction.host_agreed_on),
        "consultations": consultations,
        "agreement_required": direction.home_school.local_authority.parental_agreement_required,
    }
    return TEMPLATES[Kind.NOTIFICATION_FORM], context


def initial_meeting_form(
    direction: Direction, meeting: Meeting | None, *, today: datetime.date
) -> tuple[str, dict]:
    """Template 3 of 003, from the initial meeting; before it, pre-filled to take to it."""
    blanks = Blanks()
    meetings = list(direction.meetings.all())
    first_review, is_deadline = first_review_date(direction, meetings)
    if meeting is not None and meeting.next_meeting:
        first_review, is_deadline = format_date(meeting.next_meeting), False
    context = common(direction, _("Off-site Direction Initial Meeting Form"), today, blanks) | {
        "meeting": meeting,
        "meeting_date": format_date(meeting.date) if meeting else "",
        "address_changed": meeting.address_changed if meeting else "",
        "reasons": (meeting.reasons if meeting else "") or direction.reasons,
        "success_needs": (meeting.success_needs if meeting else "") or direction.success_criteria,
        "start_date": format_date(direction.planned_start),
        "first_review": first_review,
        "first_review_is_deadline": is_deadline,
        "frequency": _review_frequency(direction),
        **_attendees(meeting),
    }
    return TEMPLATES[Kind.INITIAL_MEETING_FORM], context


def review_form(
    direction: Direction, meeting: Meeting, *, today: datetime.date
) -> tuple[str, dict]:
    """Template 4 of 003, for a review or an emergency review (held, or to take to it)."""
    blanks = Blanks()
    emergency = meeting.kind == Meeting.Kind.EMERGENCY
    title = (
        _("Off-site Direction Emergency Review Meeting Form")
        if emergency
        else _("Off-site Direction Review Meeting Form")
    )
    outcome = meeting.outcome if meeting.held else ""
    context = common(direction, title, today, blanks) | {
        "meeting": meeting,
        "emergency": emergency,
        "meeting_date": format_date(meeting.date),
        "address_changed": meeting.address_changed,
        "progress": meeting.progress,
        "concerns": meeting.concerns,
        "support": meeting.support,
        "outcome": outcome,
        "outcomes": [
            (Meeting.Outcome.CONTINUE, _("Continue with Direction")),
            (Meeting.Outcome.RETURN, _("Return to Home School")),
            (Meeting.Outcome.MANAGED_MOVE, _("Convert to Managed Move")),
        ],
        "continue_until": format_date(meeting.continue_until)
        if outcome == Meeting.Outcome.CONTINUE
        else "",
        "next_meeting": format_date(meeting.next_meeting),
        "parents_views": _parents_views(meeting),
        **_attendees(meeting),
    }
    return TEMPLATES[Kind.REVIEW_FORM], context
