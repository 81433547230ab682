"""The direction page's "Forms and letters" section, and the blank line the print templates use."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

import access
from access import documents_for_pupil
from cases.directions import documents as dd
from reviews.models import Meeting

register = template.Library()

LISTED = 50  # the newest versions; older ones stay stored
BLANK = mark_safe('<span class="fill-in">__________________________</span>')  # noqa: S308


@register.filter
def or_blank(value):
    """The value, or a line to write on by hand: a document never prints "None"."""
    if value in (None, ""):
        return BLANK
    return conditional_escape(value)


def _descriptions(direction) -> dict:
    la = direction.home_school.local_authority
    return {
        dd.Kind.NOTIFICATION_FORM: _("The parents' views, before a host is approached (form 1)."),
        dd.Kind.INITIAL_MEETING_FORM: _("The record of the initial meeting, to sign (form 3)."),
        dd.Kind.REVIEW_FORM: _("The record of the review, to sign (form 4)."),
        dd.Kind.DIRECTION_LETTER: _(
            "The written notice of the direction to the parents, not later than %(days)s school "
            "days before the first day."
        )
        % {"days": la.direction_notice_school_days},
        dd.Kind.REVIEW_INVITATION: _(
            "Invites the parents in writing, not later than %(days)s days before the meeting."
        )
        % {"days": la.review_invitation_days},
        dd.Kind.DECISION_LETTER: _(
            "Tells the parents the decision, not later than %(days)s days after the meeting."
        )
        % {"days": la.decision_notice_days},
    }


@register.inclusion_tag("documents/_direction_documents.html", takes_context=True)
def direction_documents(context, direction):
    """What can be made now (a POST button each) and every version made so far.

    Three queries whatever the number of meetings or documents: the meetings, the documents
    with who made them, and the content types (cached after the first use).
    """
    membership = getattr(context["request"], "membership", None)
    meetings = list(direction.meetings.all())
    letters = access.can_make_parent_letters(membership, direction)
    available = dd.offers(direction, meetings, letters=letters)
    held_back = not letters and len(dd.offers(direction, meetings, letters=True)) > len(available)
    types = ContentType.objects.get_for_models(type(direction), Meeting)
    by_meeting = {m.pk: m for m in meetings}
    made = list(
        documents_for_pupil(membership, direction.pupil).filter(
            Q(content_type=types[type(direction)], object_id=direction.pk)
            | Q(content_type=types[Meeting], object_id__in=list(by_meeting)),
            kind__in=list(dd.TEMPLATES),
        )[:LISTED]
    )
    meeting_type_id = types[Meeting].pk
    descriptions = _descriptions(direction)
    return {
        "direction": direction,
        "offers": [
            {"offer": o, "description": descriptions[o.kind], "label": o.kind.label}
            for o in available
        ],
        "held_back": held_back,
        "documents": [
            {
                "document": d,
                "meeting": by_meeting.get(d.object_id)
                if d.content_type_id == meeting_type_id
                else None,
            }
            for d in made
        ],
        "csrf_token": context.get("csrf_token"),
    }
