"""The parents app answers two questions asked by the apps below it, which may not import it:
the link for an email to a parent, and the parents' part of a case's timeline."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.signals import case_timeline
from documents.models import OutboxMessage
from documents.signals import parent_email_link
from parents import selectors, services
from parents.models import ParentAction
from reviews.models import MeetingReply
from ui.formats import long_date

Kind = ParentAction.Kind
# After the letters sent (12) and requests (13) of the same day, before meetings held (15).
TIMELINE_RANK = 14
DETAIL_LIMIT = 300


@receiver(parent_email_link, sender=OutboxMessage, dispatch_uid="parents-email-link")
def email_link(sender, message: OutboxMessage, **kwargs) -> str | None:
    return services.link_for_email(message)


def _title(action: ParentAction) -> str:
    day = long_date(action.meeting_on) if action.meeting_on else ""
    if action.kind == Kind.RECEIVED:
        return _("Parent confirmed they received a letter")
    if action.kind == Kind.ATTENDING:
        if action.detail == MeetingReply.Attending.YES:
            return _("Parent will come to the meeting of %(day)s") % {"day": day}
        return _("Parent cannot come to the meeting of %(day)s") % {"day": day}
    if action.kind == Kind.VIEWS:
        return _("Parent sent their views before the meeting of %(day)s") % {"day": day}
    if action.kind == Kind.LANGUAGE:
        return _("Parent chose the language of their letters")
    if action.kind == Kind.EMAIL_ASKED:
        return _("Parent asked to change their email address (not yet confirmed)")
    if action.kind == Kind.EMAIL_CONFIRMED:
        return _("Parent confirmed their new email address")
    return str(action.get_kind_display())


@receiver(case_timeline, dispatch_uid="parents-timeline")
def timeline(sender, case, **kwargs) -> list[dict]:
    """Every action through a parent's link, with their name. A written request for a review
    is on the timeline already, as the request it recorded."""
    events = []
    for action in selectors.actions_on(case):
        if action.kind == Kind.REVIEW_REQUESTED:
            continue
        detail = action.detail
        if action.kind == Kind.ATTENDING:
            detail = ""
        if len(detail) > DETAIL_LIMIT:
            detail = detail[: DETAIL_LIMIT - 1] + "…"
        events.append(
            {
                "on": timezone.localdate(action.at),
                "rank": TIMELINE_RANK,
                "title": _title(action),
                "detail": detail,
                "who": _("%(name)s (parent or carer, by their own link)")
                % {"name": action.parent_name},
            }
        )
    return events
