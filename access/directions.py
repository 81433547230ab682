"""Who sees and runs an off-site direction, its host work, managed moves, LA tasks and letters.

Sources: 003_db4daf6c9cf2ba51.txt, 002_decd2720d6352690.txt, 001_c58a6ee2a70ae155.txt.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from access.pupils import (
    LA_WIDE_ROLES,
    _la_role_pupils,
    is_home_school,
    pupils_visible_to,
    visible_pupils_q,
)
from cases.directions.models import Direction, LaTask, ManagedMove, letter_direction
from cases.pupils.models import Pupil
from documents.models import OutboxMessage
from reviews.models import Notification
from tenancy.jurisdiction import may_direct_off_site
from tenancy.models import Membership, Role, School

# Off-site directions ---------------------------------------------------------------------

DIRECTION_RUNNERS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD})


def directions_visible_to(membership: Membership | None):
    """Directions whose pupil the membership may see; a host school sees only the directions
    it hosts, and only until they end."""
    directions = Direction.objects.filter(visible_pupils_q(membership))
    if membership is not None and membership.school_id:
        directions = directions.filter(
            Q(home_school_id=membership.school_id)
            | (Q(host_school_id=membership.school_id) & ~Q(state=Direction.State.ENDED))
        )
        # After a managed move the old school keeps its own ended directions (003).
        directions = directions | former_pupils_directions(membership)
    return directions


def get_direction_for_user(
    membership: Membership | None, direction_id: int, *, write: bool = False
):
    """The direction if visible (else 404); with write=True, 403 unless they may run it."""
    try:
        direction = (
            directions_visible_to(membership)
            .select_related(
                "pupil__school__local_authority",
                "home_school__local_authority",
                "host_school",
                "case_lead",
                "decided_by",
            )
            .get(pk=direction_id)
        )
    except (Direction.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such off-site direction.")) from None
    if write and not can_run_direction(membership, direction):
        raise PermissionDenied(_("Only the home school's head or case lead can change this."))
    return direction


def can_start_direction(membership: Membership | None, pupil: Pupil) -> bool:
    """The home school's head or case lead, where off-site directions exist (England)."""
    return (
        is_home_school(membership, pupil)
        and membership.role in DIRECTION_RUNNERS
        and may_direct_off_site(pupil.school.local_authority.nation)
    )


def is_former_school(membership: Membership | None, direction) -> bool:
    """The direction's home school, after a managed move took the pupil onto another roll: it
    keeps reading its own case (003) but changes nothing and sees nothing new."""
    return (
        membership is not None
        and membership.school_id == direction.home_school_id
        and direction.pupil.school_id != direction.home_school_id
    )


def can_run_direction(membership: Membership | None, direction) -> bool:
    return (
        membership is not None
        and membership.school_id == direction.home_school_id
        and membership.role in DIRECTION_RUNNERS
        and not is_former_school(membership, direction)
    )


def can_decide_direction(membership: Membership | None, direction) -> bool:
    """The headteacher records the decision of the board, trust or delegate (003)."""
    return can_run_direction(membership, direction) and membership.role == Role.HEADTEACHER


def directions_awaiting_decision(membership: Membership | None):
    """A headteacher's work: directions whose host has agreed, waiting for the decision."""
    if membership is None or membership.role != Role.HEADTEACHER or not membership.school_id:
        return Direction.objects.none()
    return directions_visible_to(membership).filter(
        home_school_id=membership.school_id, state=Direction.State.HOST_AGREED
    )


def la_tasks_to_do(membership: Membership | None):
    """An LA person's work: the LA tasks of their role (or given to them) not yet done."""
    if membership is None or not membership.local_authority_id:
        return LaTask.objects.none()
    return la_tasks_visible_to(membership).filter(done_on__isnull=True)


# Letters to parents -----------------------------------------------------------------------


def can_send_letters(membership: Membership | None, pupil: Pupil) -> bool:
    """The pupil's own head or case lead sends letters to parents, and sends them again."""
    return is_home_school(membership, pupil) and membership.role in DIRECTION_RUNNERS


def get_outbox_message_for_user(
    membership: Membership | None, message_id: int, *, write: bool = False
):
    """One recipient's email of a letter, if its pupil is visible (else 404); with write=True,
    403 unless they may send the pupil's letters."""
    try:
        message = OutboxMessage.objects.select_related(
            "letter__pupil__school__local_authority", "letter__document"
        ).get(pk=message_id, letter__pupil__in=pupils_visible_to(membership))
    except (OutboxMessage.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such letter.")) from None
    if write and not (
        can_send_letters(membership, message.letter.pupil)
        and _letter_is_from(message.letter, membership.school_id)
    ):
        raise PermissionDenied(_("Only the pupil's head or case lead can send letters."))
    return message


def _letter_is_from(letter, school_id) -> bool:
    """A letter made for a direction speaks for that direction's home school only: after a
    managed move the new school does not send the old school's letters again."""
    direction = letter_direction(letter)
    return direction is None or direction.home_school_id == school_id


# The host's side of a direction: attendance, contact log, host suspension -----------------
# Sources: 003_db4daf6c9cf2ba51.txt "Review" and "Attendance Coding"; 002_decd2720d6352690.txt.
# Each function takes a direction already fetched through get_direction_for_user, so the
# host's guardian grant has been checked; these add the role and the stage of the direction.

# While the pupil is at the host: from the initial meeting until the direction ends.
# Host staff who take registers or run the case (not the SENCo).
ATTENDANCE_RECORDERS = frozenset(
    {Role.CASE_LEAD, Role.HEADTEACHER, Role.OFFICE, Role.KEY_ADULT, Role.DSL}
)
HOST_SUSPENDERS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD})


def _school_staff(membership: Membership | None) -> bool:
    # A school membership always holds a school role (tenancy_membership_role_fits_organisation).
    return bool(membership and membership.school_id)


def hosts_direction(membership: Membership | None, direction) -> bool:
    """The membership's school is the host and the pupil is there (initial meeting on)."""
    return (
        _school_staff(membership)
        and membership.school_id == direction.host_school_id
        and direction.state in Direction.AT_HOST_STATES
    )


def can_record_attendance(membership: Membership | None, direction) -> bool:
    """The host records the actual attendance (003: the host's register shows it)."""
    return hosts_direction(membership, direction) and membership.role in ATTENDANCE_RECORDERS


def can_record_contact(membership: Membership | None, direction) -> bool:
    """Home or host school staff on an open case log contacts (002: "all contact should be
    recorded"); the LA monitors but does not write the schools' log."""
    if not _school_staff(membership) or not direction.is_open:
        return False
    return membership.school_id in (direction.home_school_id, direction.host_school_id)


def can_record_host_suspension(membership: Membership | None, direction) -> bool:
    """The host's head or case lead records a suspension by the host (003)."""
    return hosts_direction(membership, direction) and membership.role in HOST_SUSPENDERS


def can_view_hosting_list(membership: Membership | None) -> bool:
    return _school_staff(membership)


def directions_hosted_by(membership: Membership | None):
    """The directions the membership's school hosts now (its "Pupils we host" list)."""
    if not _school_staff(membership):
        return Direction.objects.none()
    return directions_visible_to(membership).filter(host_school_id=membership.school_id)


def notifications_visible_to(membership: Membership | None):
    """The person's own notifications, for the organisation they act for now."""
    if membership is None:
        return Notification.objects.none()
    mine = Notification.objects.filter(user_id=membership.user_id)
    if membership.school_id:
        return mine.filter(school_id=membership.school_id)
    return mine.filter(school__isnull=True)


def get_notification_for_user(membership: Membership | None, notification_id: int):
    """One of the person's own notifications; anyone else's is 404."""
    try:
        return notifications_visible_to(membership).get(pk=notification_id)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such notification.")) from None


# Managed moves, LA tasks and the LA's list of directions ----------------------------------
# Sources: 003_db4daf6c9cf2ba51.txt "Managed Move" and the NB on template 4; the LA officer
# monitors every direction of the LA's schools (DESIGN.md, "People and what they do").

# LA roles who see the LA's list of directions and its task list: the LA-wide roles, and the
# SEND team and the Virtual School for their own pupils (_la_role_pupils).
LA_LIST_ROLES = LA_WIDE_ROLES | {Role.LA_SEND, Role.VIRTUAL_SCHOOL}


def former_pupils_directions(membership: Membership | None):
    """A school's own ended directions, whoever's roll the pupil is on now: after a managed
    move the old school keeps read access to its own history, not to the pupil's passport."""
    if membership is None or not membership.school_id:
        return Direction.objects.none()
    return Direction.objects.filter(
        home_school_id=membership.school_id, state=Direction.State.ENDED
    )


def can_view_la_lists(membership: Membership | None) -> bool:
    return bool(membership and membership.local_authority_id and membership.role in LA_LIST_ROLES)


def la_directions_visible_to(membership: Membership | None):
    """Every direction (and the managed move it became) of the membership's LA, and no other
    LA's; the SEND team and the Virtual School see those of the pupils they may see."""
    if not can_view_la_lists(membership):
        return Direction.objects.none()
    return Direction.objects.filter(
        _la_role_pupils(membership.role, prefix="pupil__"),
        home_school__local_authority_id=membership.local_authority_id,
    )


def la_managed_moves_visible_to(membership: Membership | None):
    """The managed moves of the directions the LA's list shows this membership, and the moves
    its schools agree without a direction (003 "Managed Move", second route); the SEND team and
    the Virtual School see those of the pupils they may see."""
    if not can_view_la_lists(membership):
        return ManagedMove.objects.none()
    return ManagedMove.objects.filter(
        Q(direction__in=la_directions_visible_to(membership))
        | (
            _la_role_pupils(membership.role, prefix="pupil__")
            & Q(
                direction__isnull=True,
                from_school__local_authority_id=membership.local_authority_id,
            )
        )
    )


def managed_moves_visible_to(membership: Membership | None):
    """Managed moves agreed without a direction (a move from a direction is read on the
    direction). The old school's staff see theirs, before and after the roll change (its record,
    as with its former directions); the new school's head and case lead see it from the
    proposal, being a party to the agreement (003 "Managed Move": "agreed with all parties
    involved"); the LA sees them in its lists; a head of service, those of pupils they see."""
    moves = ManagedMove.objects.filter(direction__isnull=True)
    if membership is None:
        return moves.none()
    if membership.school_id:
        receiving = (
            Q(to_school_id=membership.school_id)
            if membership.role in DIRECTION_RUNNERS
            else Q(pk__in=[])
        )
        return moves.filter(Q(from_school_id=membership.school_id) | receiving)
    if membership.local_authority_id:
        return la_managed_moves_visible_to(membership).filter(direction__isnull=True)
    return moves.filter(visible_pupils_q(membership))


def can_propose_managed_move(membership: Membership | None, pupil: Pupil) -> bool:
    """The pupil's own head or case lead, who would also propose a direction (003)."""
    return can_start_direction(membership, pupil)


def can_run_managed_move(membership: Membership | None, move) -> bool:
    """The old school's head or case lead, while the pupil is on its roll."""
    return (
        membership is not None
        and membership.school_id == move.from_school_id
        and membership.role in DIRECTION_RUNNERS
        and move.pupil.school_id == move.from_school_id
    )


def get_managed_move_for_user(membership: Membership | None, move_id: int, *, write: bool = False):
    """The move if visible (else 404); with write=True, 403 unless they may run it."""
    try:
        move = (
            managed_moves_visible_to(membership)
            .select_related("pupil__school", "from_school__local_authority", "to_school")
            .select_related("recorded_by")
            .get(pk=move_id)
        )
    except (ManagedMove.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such managed move.")) from None
    if write and not can_run_managed_move(membership, move):
        raise PermissionDenied(_("Only the old school's head or case lead can change this."))
    return move


def receiving_schools_for(pupil: Pupil) -> "QuerySet[School]":
    """Schools a managed move may go to: the pupil's LA's, not the pupil's own (003)."""
    return School.objects.filter(local_authority_id=pupil.school.local_authority_id).exclude(
        pk=pupil.school_id
    )


# Who works on which task (003): the schools complete the portal return and the spreadsheet
# ("the schools must complete the on or off role procedure … and update … the spreadsheets"),
# so the home school's head and case lead tick them, and the LA officer who monitors may too.
# A consultation task is the SEND team's or the Virtual School's (or the LA officer's); the
# school records the consultation on the direction instead, which ticks it.
def _task_kinds_for_la_role(role: str) -> frozenset[str] | None:
    """The task kinds an LA role sees and ticks; None for every kind."""
    if role in LA_WIDE_ROLES:
        return None
    return {
        Role.LA_SEND: frozenset({LaTask.Kind.SEND_CONSULTATION}),
        Role.VIRTUAL_SCHOOL: frozenset({LaTask.Kind.VIRTUAL_SCHOOL_CONSULTATION}),
    }.get(role, frozenset())


def la_tasks_visible_to(membership: Membership | None):
    """LA tasks: an LA's, by role; a school's own (the home school's checklist)."""
    tasks = LaTask.objects.all()
    if membership is None:
        return tasks.none()
    if membership.school_id:
        return tasks.filter(school_id=membership.school_id)
    if not can_view_la_lists(membership):
        return tasks.none()
    tasks = tasks.filter(local_authority_id=membership.local_authority_id)
    kinds = _task_kinds_for_la_role(membership.role)
    if kinds is None:
        return tasks
    return tasks.filter(Q(kind__in=sorted(kinds)) | Q(assigned_to_id=membership.user_id))


def can_tick_la_task(membership: Membership | None, task) -> bool:
    if membership is None:
        return False
    if membership.local_authority_id:
        if membership.local_authority_id != task.local_authority_id:
            return False
        if membership.role == Role.LA_OFFICER or task.assigned_to_id == membership.user_id:
            return True
        kinds = _task_kinds_for_la_role(membership.role)
        return kinds is not None and task.kind in kinds
    return (
        membership.school_id == task.school_id
        and membership.role in DIRECTION_RUNNERS
        and task.kind in (LaTask.Kind.PORTAL_RETURN, LaTask.Kind.SPREADSHEET)
    )


def get_la_task_for_user(membership: Membership | None, task_id: int, *, write: bool = False):
    """The task if visible (else 404); with write=True, 403 unless they may tick it."""
    try:
        task = (
            la_tasks_visible_to(membership)
            .select_related("pupil", "school", "direction", "assigned_to", "done_by")
            .get(pk=task_id)
        )
    except (LaTask.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such task.")) from None
    if write and not can_tick_la_task(membership, task):
        raise PermissionDenied(_("Your role cannot mark this task as done."))
    return task


# Off-site direction forms and letters -------------------------------------------------------


def can_make_parent_letters(membership: Membership | None, direction) -> bool:
    """The letters to parents (template 5 of 003, the review invitation and the decision) speak
    for the home school and its governing board, so only its head or case lead makes them.

    The forms (templates 1, 3 and 4) need no function of their own: anyone who sees the
    direction may print them, as with the passport, because they hold nothing the direction
    page does not already show them, and host staff fill in and sign forms 3 and 4.
    """
    return can_run_direction(membership, direction)


# Schools to choose from --------------------------------------------------------------------


def la_schools(membership: Membership | None):
    """The schools of the LA an officer works for (the LA list's filters), and no other's."""
    if not can_view_la_lists(membership):
        return School.objects.none()
    return School.objects.filter(local_authority_id=membership.local_authority_id)


def host_schools_for(direction) -> "QuerySet[School]":
    """Schools that may host this direction: the home school's LA, not the home school (003)."""
    return School.objects.filter(
        local_authority_id=direction.home_school.local_authority_id
    ).exclude(pk=direction.home_school_id)
