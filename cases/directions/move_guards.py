"""Named guards of a managed move agreed without an off-site direction (003's second route).

Source: 003_db4daf6c9cf2ba51.txt "Managed Move": "Managed moves should be offered either: as
part of a planned intervention and supported transition to another school following an
off-site direction … or as part of a planned intervention and supported transition to another
school, where all parties agree, and there is evidence that appropriate initial intervention has
been conducted". Each guard raises GuardError with a message a case lead can act on.
"""

from django.utils.translation import gettext as _

from cases.directions.models import Direction, ManagedMove
from cases.guards import GuardError
from cases.pupils.models import Pupil
from tenancy.models import School
from ui.formats import long_date


def ensure_can_propose_managed_move(pupil: Pupil, to_school: School | None) -> None:
    """A move without a direction: the pupil has no open direction (a direction converts at its
    review instead: 003 "Review" and the NB on template 4), no other move in progress, and the
    new school is another mainstream school of the same LA (003 "Managed Move": "the transfer
    of a student to another mainstream school"; the Fair Access Protocol of School Admissions is
    the LA's, 003 "Managed Move", last paragraph).
    """
    ensure_pupil_may_move(pupil)
    ensure_receiving_school(pupil, to_school)


def ensure_pupil_may_move(pupil: Pupil) -> None:
    """No open direction (it converts at its review: 003 "Review", the NB on template 4) and no
    other move in progress."""
    if pupil.directions.exclude(state=Direction.State.ENDED).exists():
        raise GuardError(
            _(
                "%(pupil)s has an off-site direction that has not ended. A managed move from it "
                "is agreed at its review: record the review with the outcome “Convert to a "
                "managed move”."
            )
            % {"pupil": pupil}
        )
    ensure_no_move_in_progress(pupil)


def ensure_receiving_school(pupil: Pupil, to_school: School | None) -> None:
    """Another mainstream school of the pupil's LA (003 "Managed Move": "the transfer of a
    student to another mainstream school", agreed with the admission authority through the LA's
    School Admissions and its Fair Access Protocol)."""
    if to_school is None:
        raise GuardError({"to_school": _("Select the school the pupil moves to")})
    if to_school.pk == pupil.school_id:
        raise GuardError(
            {
                "to_school": _("A managed move is to another school, not %(school)s.")
                % {"school": to_school}
            }
        )
    if to_school.local_authority_id != pupil.school.local_authority_id:
        raise GuardError(
            {
                "to_school": _("Select a school in the same local authority as %(school)s.")
                % {"school": pupil.school}
            }
        )


def ensure_no_move_in_progress(pupil: Pupil, move: ManagedMove | None = None) -> None:
    """One permanent move at a time (003 "Managed Move": the student "will formally transfer to
    the new school permanently")."""
    others = pupil.managed_moves.filter(roll_changed_on__isnull=True, cancelled_on__isnull=True)
    if move is not None and move.pk:
        others = others.exclude(pk=move.pk)
    if others.exists():
        raise GuardError(_("%(pupil)s already has a managed move in progress.") % {"pupil": pupil})


def ensure_move_in_progress(move: ManagedMove) -> None:
    """A move is changed or called off only while it is being agreed: once the pupil is on the
    new roll it is the new school's (003 "Managed Move": "placed on roll on the agreed start
    date"), and a move that is not going ahead stays as it was recorded."""
    if move.roll_changed_on is not None:
        raise GuardError(
            _("%(pupil)s has been on the roll of %(school)s since %(day)s: this cannot change.")
            % {
                "pupil": move.pupil,
                "school": move.to_school,
                "day": long_date(move.roll_changed_on),
            }
        )
    if move.cancelled_on is not None:
        raise GuardError(
            _("This managed move has not gone ahead since %(day)s: it cannot change.")
            % {"day": long_date(move.cancelled_on)}
        )


def ensure_without_direction(move: ManagedMove) -> None:
    """A move converted from a direction is recorded and stopped on the direction, whose review
    agreed it (003, the NB on template 4); these pages are for the moves agreed without one."""
    if move.direction_id:
        raise GuardError(
            _("This managed move comes from an off-site direction: change it on the direction.")
        )


def ensure_can_cancel_managed_move(move: ManagedMove, reason: str | None = None) -> None:
    """A move without a direction that the parents or the admission authority do not agree to
    does not go ahead (003 "Managed Move": "must be agreed with all parties involved, including
    the parents and the admission authority of the new school"), with the reason kept. A move
    converted from a direction is stopped on the direction, which goes on (003 "Review")."""
    ensure_without_direction(move)
    ensure_move_in_progress(move)
    if reason is not None and not reason.strip():
        raise GuardError({"reason": _("Enter why the managed move is not going ahead")})
