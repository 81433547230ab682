"""Named guards of a reduced timetable (004 "Reduced Timetables"); each raises GuardError with a
message the case lead can act on."""

from django.utils.translation import gettext as _

from cases.guards import GuardError
from cases.models import ReducedTimetable
from cases.reduced_timetables.selectors import RttStatus

State = ReducedTimetable.State


def ensure_open(timetable: ReducedTimetable) -> None:
    if not timetable.is_open:
        raise GuardError(_("This reduced timetable has ended."))


def ensure_basis(timetable: ReducedTimetable) -> None:
    """004: only through a PSP, unless purely medical and referenced in the health care
    plan."""
    if timetable.basis == ReducedTimetable.Basis.PSP:
        if timetable.psp_id is None:
            raise GuardError(
                _(
                    "Choose the pupil's Pastoral Support Programme: a reduced timetable is set "
                    "up through a PSP (004). Start a PSP first if there is none."
                )
            )
        if timetable.psp.pupil_id != timetable.pupil_id:
            raise GuardError(_("That PSP is another pupil's."))
        return
    problems = []
    if timetable.reason != ReducedTimetable.Reason.MEDICAL:
        problems.append(
            _("Without a PSP the reason must be medical: only a purely medical one needs no PSP.")
        )
    if not timetable.health_care_plan.strip():
        problems.append(_("Say which individual health care plan records this reduced timetable."))
    if problems:
        raise GuardError(problems)


def ensure_can_start(timetable: ReducedTimetable, status: RttStatus, *, today) -> None:
    """Before the start: Appendix 1 complete, a timetable that is reduced, the reintegration
    plan, and somewhere to send the copy."""
    if timetable.state != State.PLANNED:
        raise GuardError(_("This reduced timetable has already started or has ended."))
    problems = list(status.checklist_missing)
    if today < timetable.start:
        problems.append(
            _("It starts on %(day)s: record the start on that day.")
            % {"day": f"{timetable.start:%-d %B %Y}"}
        )
    if status.weekly_hours is None:
        problems.append(_("Fill in the timetable: its weekly hours are worked out from it."))
    elif status.is_reduced is False:
        problems.append(
            _(
                "The timetable has %(hours)s hours a week, which is full time for this pupil "
                "(%(full)s): it is not a reduced timetable."
            )
            % {"hours": status.weekly_hours, "full": status.full_time_hours}
        )
    if not timetable.steps.exists():
        problems.append(
            _("Add the reintegration plan: at least one planned increase of hours (004).")
        )
    if not timetable.school.local_authority.safeguarding_email.strip():
        problems.append(
            _(
                "Your LA has no education safeguarding inbox in Waymark, so the Deputy "
                "Education Safeguarding Officer cannot be sent the checklist. Ask your LA's "
                "admin to add it under LA settings."
            )
        )
    if problems:
        raise GuardError(problems)
