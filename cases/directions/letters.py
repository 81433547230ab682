"""The three letters of an off-site direction, sent through the outbox (documents.outbox):
the direction letter (notice), the review invitation and the decision after a review.
Sources are on each service.
"""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _

from cases.directions.attendance import long_day
from cases.directions.deadlines import deadlines_refresh, refresh_deadlines_on_commit
from cases.directions.documents import generate
from cases.directions.guards import (
    ensure_can_invite,
    ensure_can_send_direction_letter,
    ensure_has_decision,
    ensure_notice_complete,
    review_place,
)
from cases.directions.letter_contexts import letter_copies
from cases.directions.models import Direction, letter_direction
from cases.directions.services import direction_record_notice, meeting_record_invitation
from cases.pupils.models import ParentCarer
from documents.addressing import Issue
from documents.models import GeneratedDocument, Letter
from documents.outbox import (
    Sending,
    ensure_someone_to_write_to,
    letter_recipients,
    letter_send,
)
from documents.rendering import format_time
from documents.signals import letter_failed
from reviews.models import Meeting
from tenancy.models import User


def _contact_line(direction: Direction) -> str:
    school = direction.home_school
    if school.phone:
        return _(
            "If you have any questions, or cannot open the attached letter, please reply to "
            "this email or phone %(school)s on %(phone)s."
        ) % {"school": school.name, "phone": school.phone}
    return _(
        "If you have any questions, or cannot open the attached letter, please reply to this "
        "email or contact %(school)s."
    ) % {"school": school.name}


def _maker(kind, direction: Direction, *, meeting=None, by: User, today: datetime.date):
    """Makes each parent's own letter (addressed to them alone) and, with no parent, the
    letter for the copies named on it: each a new version, issued today."""

    def make(parent: ParentCarer | None) -> GeneratedDocument:
        return generate(
            kind, direction, meeting=meeting, by=by, today=today, to=parent, issue=Issue(today)
        )

    return make


def direction_letter_send(
    *, direction: Direction, by: User, today: datetime.date, request_key: str | None = None
) -> Sending:
    """Send the direction letter (003 template 5) and record it as the statutory written notice.

    The letter is the notice of section 29A of the Education Act 2002 (003, template 5): it is
    recorded as sent today, in the same transaction as the outbox rows, so the case never shows
    a notice that was not sent, or a letter sent without its notice recorded. Each parent gets
    their own letter, and each copy the letter names goes to its recipient (issue 14).
    """
    ensure_can_send_direction_letter(direction)
    ensure_notice_complete(direction)
    ensure_someone_to_write_to(direction.pupil, letter_recipients(direction.pupil))
    pupil = direction.pupil
    host = direction.host_school.name if direction.host_school else _("the provision")
    with transaction.atomic():
        # Locked and read again: a second press of the button waits here, then finds the
        # notice already sent and stops, so the parents get one letter.
        fresh = Direction.objects.select_for_update().get(pk=direction.pk)
        ensure_can_send_direction_letter(fresh)
        direction_record_notice(direction=fresh, sent_on=today, by=by)
        letter = letter_send(
            pupil=pupil,
            make=_maker(GeneratedDocument.Kind.DIRECTION_LETTER, direction, by=by, today=today),
            copies=letter_copies(direction),
            issued_on=today,
            subject=lambda: _("Off-site direction for %(pupil)s") % {"pupil": pupil.full_name},
            body=lambda: (
                _(
                    "Please find attached our letter confirming that %(pupil)s is directed to "
                    "attend %(host)s for a time, from %(start)s. It sets out where and when "
                    "%(first)s should attend, who to report to, the objectives, and how the "
                    "arrangement will be reviewed. Please read it carefully.\n\n%(contact)s"
                )
                % {
                    "pupil": pupil.full_name,
                    "first": pupil.first_name,
                    "host": host,
                    "start": long_day(direction.planned_start) if direction.planned_start else "",
                    "contact": _contact_line(direction),
                }
            ),
            by=by,
            request_key=request_key,
        )
    direction.state, direction.notice_sent_on = fresh.state, fresh.notice_sent_on
    return letter


def _meeting_letter_send(
    *,
    meeting: Meeting,
    kind: str,
    ensure: Callable[[Meeting], None],
    sent_on: str,
    record: Callable[[Meeting], object],
    subject: Callable[[], str],
    body: Callable[[], str],
    by: User,
    today: datetime.date,
    request_key: str | None,
) -> Sending:
    """A letter about one of the direction's meetings: checked, then the meeting locked,
    checked again and its first sending recorded (`record`, only while `sent_on` is empty: a
    second copy keeps the first date), in the same transaction as the outbox rows."""
    direction = meeting.direction
    ensure(meeting)
    ensure_someone_to_write_to(direction.pupil, letter_recipients(direction.pupil))
    make = _maker(kind, direction, meeting=meeting, by=by, today=today)
    with transaction.atomic():
        # Locked and read again: a second press of the button waits here, then finds the
        # date already recorded and keeps it.
        fresh = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("direction")
            .get(pk=meeting.pk)
        )
        ensure(fresh)
        if getattr(fresh, sent_on) is None:
            record(fresh)
        letter = letter_send(
            pupil=direction.pupil,
            make=make,
            issued_on=today,
            subject=subject,
            body=body,
            by=by,
            request_key=request_key,
        )
    setattr(meeting, sent_on, getattr(fresh, sent_on))
    return letter


def review_invitation_send(
    *, meeting, by: User, today: datetime.date, request_key: str | None = None
) -> Sending:
    """Invite the parents in writing to a review meeting (003 Review: not later than six days
    before it, with the chance to send their views in writing instead) and record the date.

    A second invitation to the same meeting keeps the date of the first as the date invited.
    """
    direction = meeting.direction
    pupil = direction.pupil
    return _meeting_letter_send(
        meeting=meeting,
        kind=GeneratedDocument.Kind.REVIEW_INVITATION,
        ensure=ensure_can_invite,
        sent_on="parents_invited_on",
        record=lambda fresh: meeting_record_invitation(meeting=fresh, invited_on=today, by=by),
        subject=lambda: (
            _("Invitation to the review of %(pupil)s's off-site direction, %(day)s")
            % {"pupil": pupil.full_name, "day": long_day(meeting.date)}
        ),
        body=lambda: (
            _(
                "You are invited to the review meeting of %(pupil)s's off-site direction on "
                "%(day)s at %(time)s, at %(place)s. The attached letter says more about the "
                "meeting. If you cannot come, you may send us your views in writing before "
                "the meeting.\n\n%(contact)s"
            )
            % {
                "pupil": pupil.full_name,
                "day": long_day(meeting.date),
                "time": format_time(meeting.time),
                "place": review_place(meeting),
                "contact": _contact_line(direction),
            }
        ),
        by=by,
        today=today,
        request_key=request_key,
    )


@transaction.atomic
def meeting_record_decision_sent(*, meeting, sent_on: datetime.date, by: User):
    """The decision to continue went to the parents in writing (002: not later than six days
    after the review meeting)."""
    ensure_has_decision(meeting)
    meeting.decision_sent_on = sent_on
    meeting._history_user = by
    meeting.full_clean()
    meeting.save(update_fields=["decision_sent_on"])
    refresh_deadlines_on_commit(meeting.direction_id)
    return meeting


def decision_letter_send(
    *, meeting, by: User, today: datetime.date, request_key: str | None = None
) -> Sending:
    """Send the review's decision to continue (002: in writing, not later than six days after
    the meeting) and record the date. A second copy keeps the first date."""
    direction = meeting.direction
    pupil = direction.pupil
    return _meeting_letter_send(
        meeting=meeting,
        kind=GeneratedDocument.Kind.DECISION_LETTER,
        ensure=ensure_has_decision,
        sent_on="decision_sent_on",
        record=lambda fresh: meeting_record_decision_sent(meeting=fresh, sent_on=today, by=by),
        subject=lambda: (
            _("Decision of the review of %(pupil)s's off-site direction, %(day)s")
            % {"pupil": pupil.full_name, "day": long_day(meeting.date)}
        ),
        body=lambda: (
            _(
                "The attached letter sets out the decision made at the review meeting on "
                "%(day)s about %(pupil)s's off-site direction.\n\n%(contact)s"
            )
            % {
                "pupil": pupil.full_name,
                "day": long_day(meeting.date),
                "contact": _contact_line(direction),
            }
        ),
        by=by,
        today=today,
        request_key=request_key,
    )


@receiver(letter_failed)
def refresh_deadlines_after_failed_letter(sender, letter: Letter, **kwargs) -> None:
    """A notice that reached nobody is no longer a met deadline (notice_undelivered)."""
    direction = letter_direction(letter)
    if direction is not None:
        deadlines_refresh(direction=direction)
