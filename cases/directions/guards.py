"""Named guards of the off-site direction lifecycle. Each raises GuardError with a message a
case lead can act on; services call them, templates never decide.

Sources are named on each guard.
"""

import datetime

from django.utils.translation import gettext as _

from cases.directions.models import Consultation, Direction
from cases.guards import GuardError, ensure_state


def ensure_no_other_open_direction(direction: Direction) -> None:
    others = direction.pupil.directions.exclude(pk=direction.pk).exclude(
        state=Direction.State.ENDED
    )
    if others.exists():
        raise GuardError(_("This pupil already has an off-site direction that has not ended."))
    if direction.pupil.managed_moves.filter(roll_changed_on__isnull=True).exists():
        raise GuardError(
            _(
                "This pupil is about to move school under a managed move, so a new direction "
                "cannot start here. Change or end the managed move first."
            )
        )


def missing_consultations(direction: Direction) -> list[str]:
    """What must be recorded before the decision, for this pupil and this LA's policy."""
    pupil, la = direction.pupil, direction.home_school.local_authority
    consultations = list(direction.consultations.all())
    supported = {c.kind for c in consultations if c.supports}
    consulted = {c.kind for c in consultations}
    missing = []
    if la.coordinator_consultation_required and Consultation.Kind.COORDINATOR not in consulted:
        # 001: "discussed in advance with the Education Entitlement Coordinator"
        missing.append(_("Consult the area's Education Entitlement Coordinator (001)."))
    if pupil.has_ehcp and Consultation.Kind.SEND_TEAM not in consulted:
        # 003 Criteria: EHCP queries go to the LA SEND Team in the first instance
        missing.append(_("Consult the LA SEND team: the pupil has an EHCP (003)."))
    if pupil.looked_after:
        # 003 Criteria: only with the support of the Virtual School and the social worker
        if Consultation.Kind.VIRTUAL_SCHOOL not in supported:
            missing.append(
                _("Record the Virtual School's support: the child is looked after (003).")
            )
        if Consultation.Kind.SOCIAL_WORKER not in supported:
            missing.append(
                _("Record the social worker's support: the child is looked after (003).")
            )
    return missing


def ensure_consultations_complete(direction: Direction) -> None:
    missing = missing_consultations(direction)
    if missing:
        raise GuardError(missing)


def ensure_can_decide(
    direction: Direction, *, decided_on: datetime.date, today: datetime.date
) -> None:
    """Before the governing board's (or delegate's) decision: 001's should list, 003's rules."""
    ensure_state(direction, Direction.State.HOST_AGREED)
    problems = list(missing_consultations(direction))
    if not direction.planned_start or not direction.planned_end:
        problems.append(
            _(
                "Enter the first day and the planned end date: a direction is "
                "never open-ended (001)."
            )
        )
    if not (
        direction.reasons.strip()
        and direction.objectives.strip()
        and direction.success_criteria.strip()
    ):
        problems.append(_("Enter the reasons, the objectives and what success looks like."))
    if direction.home_school.local_authority.parental_agreement_required and not (
        direction.parents_agree
    ):
        problems.append(_("Record the parents' agreement: this LA requires it (001)."))
    if decided_on > today:
        problems.append(_("The date of the decision cannot be in the future."))
    if problems:
        raise GuardError(problems)


def ensure_can_start(direction: Direction, *, today: datetime.date) -> None:
    ensure_state(direction, Direction.State.INITIAL_MEETING_HELD)
    if direction.planned_start and today < direction.planned_start:
        raise GuardError(
            _("The direction starts on %(day)s.") % {"day": f"{direction.planned_start:%-d %B %Y}"}
        )
