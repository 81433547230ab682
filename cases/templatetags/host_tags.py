"""The direction page's host sections: the buttons for the host's and the home school's work
during a direction, and the attendance summary with the contact log.

Fixed queries whatever the data: the buttons none; the section the host's term dates, the
marks, the host's suspensions and the contacts.
Sources: 003_db4daf6c9cf2ba51.txt "Attendance Coding" and "Review"; 002_decd2720d6352690.txt.
"""

from django import template
from django.utils import timezone

import access
from cases.directions.attendance import HOME_CODE, attendance_summary
from cases.directions.contacts import weekly_contact_status
from cases.directions.host_models import ContactEntry
from cases.directions.models import Direction

register = template.Library()


def _membership(context):
    request = context.get("request")
    return getattr(request, "membership", None)


@register.inclusion_tag("cases/_attendance_actions.html", takes_context=True)
def host_actions(context, direction: Direction) -> dict:
    membership = _membership(context)
    attendance = access.can_record_attendance(membership, direction)
    contact = access.can_record_contact(membership, direction)
    suspend = access.can_record_host_suspension(membership, direction)
    return {
        "direction": direction,
        "attendance": attendance,
        "contact": contact,
        "suspend": suspend,
        "hosting": access.hosts_direction(membership, direction),
        "view_attendance": direction.was_at_host,
        "any": attendance or contact or suspend,
    }


@register.inclusion_tag("cases/_attendance_section.html", takes_context=True)
def attendance_and_contacts(context, direction: Direction) -> dict:
    membership = _membership(context)
    today = timezone.localdate()
    at_host = direction.was_at_host
    summary = attendance_summary(direction, today) if at_host else None
    contacts = list(direction.contacts.select_related("recorded_by", "recorded_by_school"))
    last = None
    if direction.planned_start:
        home_host = [
            timezone.localtime(c.when).date()
            for c in contacts
            if c.between == ContactEntry.Between.HOME_HOST
        ]
        last = max((d for d in home_host if d >= direction.planned_start), default=None)
    weekly = None
    if direction.host_school_id and direction.state in Direction.AT_HOST_STATES:
        weekly = weekly_contact_status(direction, today, last)
    return {
        "direction": direction,
        "summary": summary,
        "suspensions": list(direction.suspensions.filter(suspended_by__isnull=False))
        if at_host
        else [],
        "contacts": contacts,
        "weekly": weekly,
        "today": today,
        "records": access.can_record_attendance(membership, direction),
        "adds_contact": access.can_record_contact(membership, direction),
        "home_code": HOME_CODE,
    }
