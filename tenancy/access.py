"""The access policy: the one place that decides what a person may see and do.

Every queryset a view uses comes from here, scoped to the membership the person acts for.
Another tenant's record answers 404 exactly as a missing one does; 403 only for a record the
person may see but not change. Sources: ../shared/DESIGN.md "People" and "Tenancy".
"""

from django.contrib.auth.models import Group as AuthGroup
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from cases.models import (
    ApPlacement,
    Direction,
    LaTask,
    OffSiting,
    OffSitingMeeting,
    PastoralSupportProgramme,
    PspReview,
    Pupil,
    PupilGroupObjectPermission,
    ReducedTimetable,
    TravelAssistanceRequest,
)
from documents.models import OutboxMessage
from reviews.models import Deadline, Notification
from safeguarding.models import SafeguardingDeclaration, SharedItem
from tenancy.models import Membership, Provider, Role, School, User

HOST_PERMISSION = "cases.view_pupil"

# Roles of the pupil's own school who keep the passport up to date.
PASSPORT_EDITORS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD, Role.DSL, Role.SENCO})
# LA roles who see every pupil of the LA.
LA_WIDE_ROLES = frozenset({Role.LA_OFFICER, Role.LA_SAFEGUARDING, Role.DIRECTOR})


def school_staff_group(school: School):
    """The auth group that holds a school's object grants, created on first use."""
    if school.staff_group_id is None:
        school.staff_group, _created = AuthGroup.objects.get_or_create(
            name=f"school-{school.pk}-staff"
        )
        school.save(update_fields=["staff_group"])
    return school.staff_group


def _hosted_pupil_ids(school_id: int):
    return PupilGroupObjectPermission.objects.filter(
        group__school__id=school_id, permission__codename="view_pupil"
    ).values("content_object_id")


def _la_role_pupils(role: str, prefix: str = "") -> Q | None:
    """Which of its LA's pupils an LA role sees (None: none of them). `prefix` reaches the
    pupil from another model, as "pupil__"."""
    if role in LA_WIDE_ROLES:
        return Q()
    if role == Role.LA_SEND:
        return Q(**{f"{prefix}has_ehcp": True}) | Q(**{f"{prefix}undergoing_ehcna": True})
    if role == Role.VIRTUAL_SCHOOL:
        return Q(**{f"{prefix}looked_after": True})
    return None


def pupils_visible_to(membership: Membership | None) -> QuerySet[Pupil]:
    """Every pupil the membership may see, and no other."""
    pupils = Pupil.objects.all()
    if membership is None:
        return pupils.none()
    if membership.school_id:
        return pupils.filter(
            Q(school_id=membership.school_id) | Q(pk__in=_hosted_pupil_ids(membership.school_id))
        )
    if membership.local_authority_id:
        own = _la_role_pupils(membership.role)
        if own is None:
            return pupils.none()  # LA admins run settings, not pupils' records
        return pupils.filter(own, school__local_authority_id=membership.local_authority_id)
    if membership.group_id:
        return pupils.filter(school__group_id=membership.group_id)
    return pupils.none()


def get_pupil_for_user(membership: Membership | None, pupil_id: int, *, write: bool = False):
    """The pupil, if visible (else 404); with write=True, 403 unless they may edit it."""
    try:
        pupil = (
            pupils_visible_to(membership).select_related("school__local_authority").get(pk=pupil_id)
        )
    except (Pupil.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such pupil.")) from None
    if write and not can_edit_passport(membership, pupil):
        raise PermissionDenied(_("You can see this pupil's passport but not change it."))
    return pupil


def is_home_school(membership: Membership | None, pupil: Pupil) -> bool:
    return membership is not None and membership.school_id == pupil.school_id


def is_hosting(membership: Membership | None, pupil: Pupil) -> bool:
    """True while the membership's school hosts the pupil through an object grant."""
    if membership is None or not membership.school_id or is_home_school(membership, pupil):
        return False
    return PupilGroupObjectPermission.objects.filter(
        content_object=pupil,
        group__school__id=membership.school_id,
        permission__codename="view_pupil",
    ).exists()


def can_add_pupil(membership: Membership | None) -> bool:
    return bool(membership and membership.school_id and membership.role in PASSPORT_EDITORS)


def can_edit_passport(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role in PASSPORT_EDITORS


def can_view_safeguarding(membership: Membership | None, pupil: Pupil) -> bool:
    """DSLs of the home or host school, LA safeguarding officers, and the Virtual School for a
    looked-after child."""
    if membership is None:
        return False
    if membership.role == Role.DSL:
        return is_home_school(membership, pupil) or is_hosting(membership, pupil)
    if membership.local_authority_id == pupil.school.local_authority_id:
        return membership.role == Role.LA_SAFEGUARDING or (
            membership.role == Role.VIRTUAL_SCHOOL and pupil.looked_after
        )
    return False


def can_edit_safeguarding(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role == Role.DSL


def can_view_send(membership: Membership | None, pupil: Pupil) -> bool:
    """SEND detail: the home school's SENCo and the LA SEND team."""
    if membership is None:
        return False
    if membership.role == Role.SENCO:
        return is_home_school(membership, pupil)
    return (
        membership.role == Role.LA_SEND
        and membership.local_authority_id == pupil.school.local_authority_id
    )


def can_edit_send(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role == Role.SENCO


def grant_host_access(pupil: Pupil, host: School) -> None:
    """Let a host school's staff see the pupil while it hosts them."""
    if host.pk == pupil.school_id:
        raise ValueError("A pupil's own school cannot host them.")
    assign_perm(HOST_PERMISSION, school_staff_group(host), pupil)


def revoke_host_access(pupil: Pupil, host: School) -> None:
    """End a host school's access when hosting ends."""
    if host.staff_group_id is not None:
        remove_perm(HOST_PERMISSION, host.staff_group, pupil)


def can_manage_la_settings(membership: Membership | None) -> bool:
    """LA admins change their own LA's policy settings and inboxes."""
    return bool(membership and membership.local_authority_id and membership.role == Role.LA_ADMIN)


# Off-site directions ---------------------------------------------------------------------

DIRECTION_RUNNERS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD})


def directions_visible_to(membership: Membership | None):
    """Directions whose pupil the membership may see; a host school sees only the directions
    it hosts, and only until they end."""
    directions = Direction.objects.filter(pupil__in=pupils_visible_to(membership))
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
    return is_home_school(membership, pupil) and membership.role in DIRECTION_RUNNERS


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


def _case_scopes():
    """Every case type other than Direction whose deadlines are on the Due page, each with the
    function of this module giving the cases a membership may see. Add a case type here."""
    return [
        # (model, function) — one line per case type, e.g. (OffSiting, offsitings_visible_to)
        # case scopes: off-siting
        (OffSiting, offsitings_visible_to),
        # case scopes: PSP
        (PastoralSupportProgramme, psps_visible_to),
        # case scopes: reduced timetable
        (ReducedTimetable, reduced_timetables_visible_to),
        # case scopes: AP placement and provider
        (ApPlacement, placements_visible_to),
        (SafeguardingDeclaration, declarations_visible_to),
    ]


def document_case_scopes(membership: Membership | None) -> list[tuple[type, QuerySet]]:
    """What a stored document may be about besides a pupil or a direction, each with the records
    of it the membership sees: a PDF made for a PSP is read only by those who see the PSP (the
    office sees the pupil, not the PSP). documents.selectors hides the rest."""
    offsitings = offsitings_visible_to(membership)
    psps = psps_visible_to(membership)
    return [
        (OffSiting, offsitings),
        (OffSitingMeeting, OffSitingMeeting.objects.filter(offsiting__in=offsitings)),
        (PastoralSupportProgramme, psps),
        (PspReview, PspReview.objects.filter(psp__in=psps)),
        (ReducedTimetable, reduced_timetables_visible_to(membership)),
        (TravelAssistanceRequest, travel_requests_visible_to(membership)),
    ]


def deadlines_visible_to(membership: Membership | None):
    """Deadlines of the cases the membership may see (the Due page)."""
    scope = Q(direction__in=directions_visible_to(membership))
    for model, visible in _case_scopes():
        scope |= Q(
            case_type=ContentType.objects.get_for_model(model),
            case_id__in=visible(membership).values("pk"),
        )
    return Deadline.objects.filter(scope)


# Letters to parents (helper A2) ----------------------------------------------------------


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
    direction = letter.direction
    return direction is None or direction.home_school_id == school_id


# The host's side of a direction: attendance, contact log, host suspension (helper C) ---------
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


# Managed moves, LA tasks and the LA's list of directions (helper B) ----------------------
# Sources: 003_db4daf6c9cf2ba51.txt "Managed Move" and the NB on template 4; issue 3 §7.

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


# Off-site direction forms and letters (helper A1) ----------------------------------------


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


# Back-on-Track off-siting (000) ------------------------------------------------------------
# Source: 000_6280d14dcdeb4d53.txt. The home centre runs the off-siting; the receiving centre
# sees it from planning until it closes (its staff see the pupil's passport only while the
# pupil is there: grant_host_access at the start, revoked when the pupil returns unless another
# open case still places the pupil there, cases.services.offsiting.release_receiving_access);
# the Head
# of Service sees every off-siting of the service's centres and decides; the LA reads.


OFFSITING_WORKERS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD, Role.DSL, Role.KEY_ADULT})


def offsitings_visible_to(membership: Membership | None):
    """Off-sitings the membership may see: its own centre's, those it receives until they
    close, its service's (Head of Service), or its LA's pupils' (LA roles, read only)."""
    offsitings = OffSiting.objects.all()
    if membership is None:
        return offsitings.none()
    if membership.school_id:
        return offsitings.filter(
            Q(home_centre_id=membership.school_id)
            | Q(
                receiving_centre_id=membership.school_id,
                state__in=OffSiting.RECEIVING_STATES,
            )
        )
    if membership.group_id:
        return offsitings.filter(home_centre__group_id=membership.group_id)
    if membership.local_authority_id:
        return offsitings.filter(
            pupil__in=pupils_visible_to(membership),
            home_centre__local_authority_id=membership.local_authority_id,
        )
    return offsitings.none()


def get_offsiting_for_user(membership: Membership | None, offsiting_id: int, *, write=False):
    """The off-siting if visible (else 404); with write=True, 403 unless they may run it."""
    try:
        offsiting = (
            offsitings_visible_to(membership)
            .select_related(
                "pupil__school__local_authority",
                "home_centre__local_authority",
                "home_centre__group",
                "receiving_centre",
                "case_lead",
                "approval_by",
                "ta_decided_by",
                "week_one_decided_by",
            )
            .get(pk=offsiting_id)
        )
    except (OffSiting.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such off-siting.")) from None
    if write and not can_run_offsiting(membership, offsiting):
        raise PermissionDenied(_("Only the home centre's head or case lead can change this."))
    return offsiting


def can_start_offsiting(membership: Membership | None, pupil: Pupil) -> bool:
    """The home centre's head or case lead, for a pupil of a centre in a service."""
    return (
        is_home_school(membership, pupil)
        and membership.role in DIRECTION_RUNNERS
        and pupil.school.group_id is not None
    )


def can_run_offsiting(membership: Membership | None, offsiting) -> bool:
    return (
        membership is not None
        and membership.school_id == offsiting.home_centre_id
        and membership.role in DIRECTION_RUNNERS
    )


def is_receiving_offsiting(membership: Membership | None, offsiting) -> bool:
    return (
        _school_staff(membership)
        and membership.school_id == offsiting.receiving_centre_id
        and offsiting.state in offsiting.RECEIVING_STATES
    )


def can_work_on_offsiting(membership: Membership | None, offsiting) -> bool:
    """Staff of either centre who teach or run it: the work tracked each week, the workbook,
    the week-one decision (000: "the receiving site will make a decision")."""
    if not _school_staff(membership) or not offsiting.is_open:
        return False
    return membership.role in OFFSITING_WORKERS and (
        membership.school_id == offsiting.home_centre_id
        or is_receiving_offsiting(membership, offsiting)
    )


def can_decide_offsiting(membership: Membership | None, offsiting) -> bool:
    """The Head of Service of the home centre's service (000)."""
    return (
        membership is not None
        and membership.role == Role.HEAD_OF_SERVICE
        and membership.group_id is not None
        and membership.group_id == offsiting.home_centre.group_id
    )


def can_view_offsiting_safeguarding(membership: Membership | None, offsiting) -> bool:
    """The safeguarding items' notes and new concerns: whoever may see the pupil's
    safeguarding detail, and the receiving centre's DSL from planning until the pupil returns
    (000: the information is made available before the start; once home, the home site keeps
    the concerns)."""
    if membership is not None and membership.role == Role.DSL:
        if is_receiving_offsiting(membership, offsiting) and offsiting.state in (
            offsiting.State.PLANNED,
            offsiting.State.STARTED,
        ):
            return True
    return can_view_safeguarding(membership, offsiting.pupil)


def can_share_offsiting_item(membership: Membership | None, offsiting, item: str) -> bool:
    """The home centre makes the seven items available; the safeguarding ones only its DSL
    (the home site keeps the existing concerns, 000)."""

    if membership is None or membership.school_id != offsiting.home_centre_id:
        return False
    if offsiting.state != offsiting.State.PLANNED and offsiting.state != offsiting.State.STARTED:
        return False
    if item in SharedItem.SAFEGUARDING_ITEMS:
        return membership.role == Role.DSL
    return membership.role in DIRECTION_RUNNERS | {Role.DSL}


def can_record_offsiting_concern(membership: Membership | None, offsiting) -> bool:
    """The receiving centre's DSL records new concerns while the pupil is there (000)."""
    return (
        is_receiving_offsiting(membership, offsiting)
        and membership.role == Role.DSL
        and offsiting.state == offsiting.State.STARTED
    )


def can_view_offsiting_list(membership: Membership | None) -> bool:
    """The "Off-sitings" list: a Head of Service, the LA's list roles, and the staff of a
    centre in a service."""
    if membership is None:
        return False
    if membership.group_id:
        return membership.role == Role.HEAD_OF_SERVICE
    if membership.school_id:
        return membership.school.group_id is not None
    return can_view_la_lists(membership)


# Pastoral Support Programmes (004) ---------------------------------------------------------

# Sources: 004_f815cbfe89cfcc2a.txt "Recognising different roles" and "The Stages of a Pastoral
# Support Programme": led by a senior member of staff and/or the ALNCo, the ALNCo involved, a
# member of staff the child trusts meeting them weekly; copies to the LA, which monitors.
# Who sees a PSP: the home school's headteacher, case lead, DSL, SENCo/ALNCo and key adults,
# and the LA roles who see the pupil. The office sees none (it holds the child's and family's
# pastoral detail, which registers and letters do not need), nor does a host school (a PSP is
# the home school's plan, not shared with a direction's host), nor a trust or service.


# Roles of the home school who run a PSP (lead it, record its meeting and reviews).
PSP_RUNNERS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD, Role.SENCO, Role.DSL})
# ... and the key adults, who see it and record the weekly check-ins.
PSP_SCHOOL_READERS = PSP_RUNNERS | {Role.KEY_ADULT}


def psps_visible_to(membership: Membership | None):
    """PSPs the membership may see: its own school's (PSP roles only), or its LA's for the LA
    roles that see the pupil; none for anyone else."""
    psps = PastoralSupportProgramme.objects.all()
    if membership is None:
        return psps.none()
    if membership.school_id:
        if membership.role not in PSP_SCHOOL_READERS:
            return psps.none()
        return psps.filter(school_id=membership.school_id)
    if membership.local_authority_id:
        own = _la_role_pupils(membership.role, prefix="pupil__")
        if own is None:
            return psps.none()
        return psps.filter(own, school__local_authority_id=membership.local_authority_id)
    return psps.none()


def get_psp_for_user(membership: Membership | None, psp_id: int, *, write: bool = False):
    """The PSP if visible (else 404); with write=True, 403 unless they may run it."""
    try:
        psp = (
            psps_visible_to(membership)
            .select_related("pupil__school__local_authority", "school__local_authority")
            .select_related("school_lead", "key_adult")
            .get(pk=psp_id)
        )
    except (PastoralSupportProgramme.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such Pastoral Support Programme.")) from None
    if write and not can_run_psp(membership, psp):
        raise PermissionDenied(
            _("Only the school's head, case lead, ALNCo (SENCo) or DSL can change this PSP.")
        )
    return psp


def can_start_psp(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role in PSP_RUNNERS


def can_run_psp(membership: Membership | None, psp) -> bool:
    """The school's PSP roles, while the pupil is on its roll (services guard the stage)."""
    return (
        membership is not None
        and membership.school_id == psp.school_id
        and psp.pupil.school_id == psp.school_id
        and membership.role in PSP_RUNNERS
    )


def can_record_psp_check_in(membership: Membership | None, psp) -> bool:
    """The key adult (or a runner) meets the child weekly once the PSP is agreed (004)."""
    return (
        membership is not None
        and membership.school_id == psp.school_id
        and psp.pupil.school_id == psp.school_id
        and membership.role in PSP_SCHOOL_READERS
        and psp.stage == psp.Stage.REVIEW
    )


def can_view_la_psps(membership: Membership | None) -> bool:
    """The LA's list of PSPs for the termly PSP Monitoring Group: its officers, safeguarding
    officers and the Director."""
    return bool(membership and membership.local_authority_id and membership.role in LA_WIDE_ROLES)


def la_psps_visible_to(membership: Membership | None):
    """Every PSP of the membership's LA for the LA-wide roles; none for anyone else."""
    if not can_view_la_psps(membership):
        return PastoralSupportProgramme.objects.none()
    return PastoralSupportProgramme.objects.filter(
        school__local_authority_id=membership.local_authority_id
    )


def can_record_psp_monitoring(membership: Membership | None, psp) -> bool:
    """The LA's officers record that the monitoring group considered an agreed PSP."""
    return (
        can_view_la_psps(membership)
        and membership.local_authority_id == psp.school.local_authority_id
        and psp.agreed_on is not None
    )


def psp_staff_for(school, *, roles=PSP_RUNNERS):
    """Staff of the PSP's school who may lead it (or, with roles=PSP_SCHOOL_READERS, meet the
    child weekly): the choices of the PSP's forms, and no other school's people."""

    return (
        User.objects.filter(
            memberships__school_id=school.pk, memberships__role__in=sorted(roles), is_active=True
        )
        .distinct()
        .order_by("full_name")
    )


# Reduced timetables (004) ------------------------------------------------------------------
# Source: 004_f815cbfe89cfcc2a.txt "Reduced Timetables": the school runs it (a named senior
# member of staff), the LA keeps the central record and its Deputy Education Safeguarding
# Officer is told; the Director authorises beyond 12 weeks.


RTT_RUNNERS = DIRECTION_RUNNERS
# The LA's central record of pupils not in full-time education: its inclusion officers, its
# safeguarding officers (told at every start) and the Director (who authorises).
RTT_LA_ROLES = frozenset({Role.LA_OFFICER, Role.LA_SAFEGUARDING, Role.DIRECTOR})


def reduced_timetables_visible_to(membership: Membership | None):
    """Reduced timetables of the pupils the membership sees; a school sees only its own (a
    host of a direction does not see the pupil's reduced timetable)."""
    timetables = ReducedTimetable.objects.filter(pupil__in=pupils_visible_to(membership))
    if membership is not None and membership.school_id:
        timetables = timetables.filter(school_id=membership.school_id)
    return timetables


def get_reduced_timetable_for_user(
    membership: Membership | None, timetable_id: int, *, write: bool = False
):
    """The reduced timetable if visible (else 404); with write=True, 403 unless they run it."""
    try:
        timetable = (
            reduced_timetables_visible_to(membership)
            .select_related(
                "pupil__school__local_authority",
                "pupil__safeguarding",
                "school__local_authority",
                "psp",
                "case_lead",
                "authorised_by",
                "authorisation_requested_by",
                "started_by",
            )
            .get(pk=timetable_id)
        )
    except (ReducedTimetable.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such reduced timetable.")) from None
    if write and not can_run_reduced_timetable(membership, timetable):
        raise PermissionDenied(_("Only the school's head or case lead can change this."))
    return timetable


def can_start_reduced_timetable(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role in RTT_RUNNERS


def can_run_reduced_timetable(membership: Membership | None, timetable) -> bool:
    """The school's head or case lead, while the pupil is on its roll."""
    return (
        membership is not None
        and membership.school_id == timetable.school_id
        and timetable.pupil.school_id == timetable.school_id
        and membership.role in RTT_RUNNERS
    )


def can_record_rtt_harm_risks(membership: Membership | None, timetable) -> bool:
    """Appendix 2's risks of significant harm are safeguarding detail: the school's DSL."""
    return (
        membership is not None
        and membership.school_id == timetable.school_id
        and can_edit_safeguarding(membership, timetable.pupil)
    )


def can_authorise_reduced_timetable(membership: Membership | None, timetable) -> bool:
    """The Director of Education of the school's LA (004: the Director for Education,
    Leisure and Lifelong Learning)."""
    return (
        membership is not None
        and membership.role == Role.DIRECTOR
        and membership.local_authority_id == timetable.school.local_authority_id
    )


def can_view_la_reduced_timetables(membership: Membership | None) -> bool:
    return bool(membership and membership.local_authority_id and membership.role in RTT_LA_ROLES)


def la_reduced_timetables_visible_to(membership: Membership | None):
    """The LA's central record: every open reduced timetable of its schools, no other LA's."""
    if not can_view_la_reduced_timetables(membership):
        return ReducedTimetable.objects.none()
    return ReducedTimetable.objects.filter(
        school__local_authority_id=membership.local_authority_id
    ).exclude(state=ReducedTimetable.State.ENDED)


def psps_for_reduced_timetable(membership: Membership | None, pupil: Pupil, keep=None):
    """The PSPs a reduced timetable of this pupil may be set up through: the school's own, not
    ceased (and `keep`, the PSP it already has, even if that has ceased since)."""
    if not can_start_reduced_timetable(membership, pupil):
        return PastoralSupportProgramme.objects.none()
    psps = PastoralSupportProgramme.objects.filter(pupil=pupil, school_id=membership.school_id)
    return psps.filter(~Q(stage=PastoralSupportProgramme.Stage.CEASED) | Q(pk=keep)).order_by(
        "-created_at", "-pk"
    )


# AP providers and placements (004) ---------------------------------------------------------
# Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision". The LA keeps the register of
# providers (its safeguarding officers and LA officers add providers, record declarations and
# visits); every school of the LA reads it to choose a provider; a provider's own contact sees
# its entry and signs its declaration. A placement is the base school's case: it stays
# responsible (004), so its head, case lead, DSL or SENCo place the pupil and its staff record
# the attendance the provider reports.


REGISTER_KEEPERS = frozenset({Role.LA_SAFEGUARDING, Role.LA_OFFICER})
PLACEMENT_RUNNERS = PASSPORT_EDITORS
AP_ATTENDANCE_RECORDERS = ATTENDANCE_RECORDERS | PASSPORT_EDITORS


def _register_la_id(membership: Membership | None) -> int | None:
    """The LA whose register the membership reads: its own LA, or its school's."""
    if membership is None:
        return None
    if membership.local_authority_id:
        return membership.local_authority_id
    if membership.school_id:
        return membership.school.local_authority_id
    return None


def providers_visible_to(membership: Membership | None):
    """The providers on the register of the membership's LA; a provider's contact sees its own."""
    if membership is not None and membership.provider_id:
        return Provider.objects.filter(pk=membership.provider_id)
    la_id = _register_la_id(membership)
    if la_id is None:
        return Provider.objects.none()
    return Provider.objects.filter(local_authority_id=la_id)


def can_view_provider_register(membership: Membership | None) -> bool:
    """The "AP providers" menu: LA roles, school staff and provider contacts."""
    return bool(
        membership
        and (membership.local_authority_id or membership.school_id or membership.provider_id)
    )


def can_keep_provider_register(membership: Membership | None, provider=None) -> bool:
    """Add and change providers, record declarations and visits: the LA's safeguarding officers
    and LA officers, on their own LA's register."""
    if membership is None or membership.role not in REGISTER_KEEPERS:
        return False
    if provider is None:
        return bool(membership.local_authority_id)
    return membership.local_authority_id == provider.local_authority_id


def can_sign_declaration(membership: Membership | None, provider) -> bool:
    """A provider's own contact signs its declaration in Waymark (Appendix 1 of 004)."""
    return (
        membership is not None
        and membership.role == Role.PROVIDER_CONTACT
        and membership.provider_id == provider.pk
    )


def can_view_visit_findings(membership: Membership | None, provider) -> bool:
    """The findings of the LA's visits: the LA, and the provider itself. Schools see the date
    and the outcome, and are told of concerns about their own pupils' provider (004)."""
    if membership is None:
        return False
    if membership.provider_id:
        return membership.provider_id == provider.pk
    return membership.local_authority_id == provider.local_authority_id


def get_provider_for_user(membership: Membership | None, provider_id: int, *, write=False):
    """The provider if on the membership's register (else 404); with write=True, 403 unless
    they keep the register."""
    try:
        provider = (
            providers_visible_to(membership).select_related("local_authority").get(pk=provider_id)
        )
    except (Provider.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such provider.")) from None
    if write and not can_keep_provider_register(membership, provider):
        raise PermissionDenied(_("Only the LA's safeguarding or LA officers change the register."))
    return provider


def declarations_visible_to(membership: Membership | None):
    """Declarations as cases of the Due page: the LA's own (their expiry is the LA's task)."""
    if membership is None or not membership.local_authority_id:
        return SafeguardingDeclaration.objects.none()
    return SafeguardingDeclaration.objects.filter(
        provider__local_authority_id=membership.local_authority_id
    )


def placements_visible_to(membership: Membership | None):
    """Placements of the pupils the membership sees; a school sees only its own placements."""
    placements = ApPlacement.objects.filter(pupil__in=pupils_visible_to(membership))
    if membership is not None and membership.school_id:
        placements = placements.filter(school_id=membership.school_id)
    return placements


def can_start_placement(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role in PLACEMENT_RUNNERS


def can_run_placement(membership: Membership | None, placement) -> bool:
    return (
        membership is not None
        and membership.school_id == placement.school_id
        and placement.pupil.school_id == placement.school_id
        and membership.role in PLACEMENT_RUNNERS
    )


def can_record_ap_attendance(membership: Membership | None, placement) -> bool:
    return (
        membership is not None
        and membership.school_id == placement.school_id
        and placement.pupil.school_id == placement.school_id
        and membership.role in AP_ATTENDANCE_RECORDERS
    )


def get_placement_for_user(membership: Membership | None, placement_id: int, *, write=False):
    """The placement if visible (else 404); with write=True, 403 unless they may run it."""
    try:
        placement = (
            placements_visible_to(membership)
            .select_related(
                "pupil__school__local_authority",
                "school__local_authority",
                "provider__local_authority",
                "monitoring_staff",
                "reduced_timetable",
            )
            .get(pk=placement_id)
        )
    except (ApPlacement.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such AP placement.")) from None
    if write and not can_run_placement(membership, placement):
        raise PermissionDenied(
            _("Only the base school's head, case lead, DSL or SENCo can change this.")
        )
    return placement


def providers_for_school(school: School):
    """The providers a school chooses from: its LA's register."""
    return Provider.objects.filter(local_authority_id=school.local_authority_id)


def school_staff(school: School):
    """The people who work at a school (the named member of staff monitoring a placement)."""
    return User.objects.filter(memberships__school=school, is_active=True).distinct()


def la_safeguarding_officers(local_authority_id: int):
    """The LA's safeguarding officers, who are told of a provider's first use (004)."""
    return User.objects.filter(
        memberships__local_authority_id=local_authority_id,
        memberships__role=Role.LA_SAFEGUARDING,
        is_active=True,
    ).distinct()


# Travel assistance change requests (004) ---------------------------------------------------
# Source: 004_f815cbfe89cfcc2a.txt, the Home to School Travel Assistance change form: "Section
# to be completed by the school". The pupil's own school fills it in and sends it; the LA and
# the service, who see the pupil, may read it (a host school, even while hosting, may not); the
# LA's own record is the copy in its transport inbox.

# Who at the pupil's own school fills in and sends the form: the people who arrange a pupil's
# timetable and transport, and the office that sends the LA's forms.
TRAVEL_REQUESTERS = frozenset({Role.HEADTEACHER, Role.CASE_LEAD, Role.SENCO, Role.OFFICE})


def travel_requests_visible_to(membership: Membership | None):
    """Travel assistance change requests of the pupils the membership may see; a school sees
    only those of its own pupils (a host of a direction does not see the home school's request
    to the LA, which names the family's address and transport)."""

    requests = TravelAssistanceRequest.objects.filter(pupil__in=pupils_visible_to(membership))
    if membership is not None and membership.school_id:
        requests = requests.filter(pupil__school_id=membership.school_id)
    return requests


def can_request_travel_change(membership: Membership | None, pupil: Pupil) -> bool:
    return is_home_school(membership, pupil) and membership.role in TRAVEL_REQUESTERS


def can_edit_travel_request(membership: Membership | None, travel_request) -> bool:
    """The requesting school's staff, while the pupil is still on its roll."""
    return (
        membership is not None
        and membership.school_id == travel_request.school_id
        and travel_request.pupil.school_id == travel_request.school_id
        and membership.role in TRAVEL_REQUESTERS
    )


def get_travel_request_for_user(
    membership: Membership | None, request_id: int, *, write: bool = False
):
    """The request if visible (else 404); with write=True, 403 unless they may change it."""

    try:
        travel_request = (
            travel_requests_visible_to(membership)
            .select_related(
                "pupil__school__local_authority",
                "school__local_authority",
                "reduced_timetable",
                "requested_by",
                "sent_by",
            )
            .get(pk=request_id)
        )
    except (TravelAssistanceRequest.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such travel assistance change request.")) from None
    if write and not can_edit_travel_request(membership, travel_request):
        raise PermissionDenied(
            _(
                "Only the headteacher, case lead, SENCo or office of the pupil's school can "
                "change or send this request."
            )
        )
    return travel_request


def reduced_timetable_for_travel(membership: Membership | None, pupil: Pupil, timetable_id):
    """The pupil's reduced timetable a new travel request is for (its checklist's transport
    item links here), if it is this pupil's at the membership's own school; else 404."""

    if not can_request_travel_change(membership, pupil):
        raise Http404(_("No such reduced timetable."))
    try:
        return ReducedTimetable.objects.get(
            pk=timetable_id, pupil=pupil, school_id=membership.school_id
        )
    except (ReducedTimetable.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such reduced timetable.")) from None
