"""Named guards of an alternative provision placement. Each raises GuardError with a message the
base school can act on; services call them, templates never decide.

Source: 004_f815cbfe89cfcc2a.txt "The use of Alternative Provisions"; the section each rule
rests on is in its docstring.
"""

import datetime

from django.utils.translation import gettext as _

from cases.guards import GuardError
from cases.placements.models import AP_CODE_CHOICES, ApPlacement
from cases.placements.selectors import day_text, why_not_recordable
from cases.pupils.models import Pupil
from reviews import rules
from tenancy.models import Provider
from ui.formats import long_date

CODES = {code for code, _label in AP_CODE_CHOICES}


def ensure_current_declaration(provider: Provider, start: datetime.date) -> None:
    """004_f815cbfe89cfcc2a.txt "Safeguarding Duties": "The safeguarding declaration for alternative
    providers (appendix 1) is essential before placing pupils in a provision"; it must be current on
    the first day."""
    pairs = provider.declarations.values_list("signed_on", "expires_on")
    if not rules.declaration_covers(pairs, start):
        latest = provider.declarations.order_by("-signed_on").first()
        if latest is None:
            reason = _("%(provider)s has no safeguarding declaration on the LA's register.")
        elif latest.expires_on < start:
            reason = _("%(provider)s's safeguarding declaration expires on %(expires)s.")
        else:
            reason = _("%(provider)s's safeguarding declaration was signed on %(signed)s.")
        values = {
            "provider": provider.name,
            "expires": long_date(latest.expires_on) if latest else "",
            "signed": long_date(latest.signed_on) if latest else "",
        }
        raise GuardError(
            [
                reason % values,
                _(
                    "A placement cannot start on %(start)s without a declaration current on "
                    "that day. Ask the LA safeguarding officer to record a new one."
                )
                % {"start": long_date(start)},
            ]
        )


def ensure_provider_of_schools_la(provider: Provider, pupil: Pupil) -> None:
    """004_f815cbfe89cfcc2a.txt "Monitoring and reviewing an alternative provision": the LA
    maintains "a database of all providers" and visits them; a school places pupils with providers
    on its own LA's register."""
    if provider.local_authority_id != pupil.school.local_authority_id:
        raise GuardError(_("Choose a provider on your LA's register."))


def ensure_some_days(placement: ApPlacement) -> None:
    """004_f815cbfe89cfcc2a.txt "Monitoring and reviewing an alternative provision": the school
    records the pupil's attendance at the provider daily, so the placement says which days and hours
    it is."""
    if not placement.times():
        raise GuardError(_("Enter the times for at least one day at the provider."))


def ensure_reduced_timetable_of_pupil(placement: ApPlacement) -> None:
    """004_f815cbfe89cfcc2a.txt "Use of alternative provision as part of a reduced timetable": the
    reduced timetable a placement is part of is the same pupil's."""
    timetable = placement.reduced_timetable
    if timetable is not None and timetable.pupil_id != placement.pupil_id:
        raise GuardError(_("Choose one of this pupil's reduced timetables."))


def ensure_open(placement: ApPlacement) -> None:
    """004_f815cbfe89cfcc2a.txt "Use of Alternative Provision": a placement has "clearly defined
    objectives, including the next steps following the placement"; once it has ended with them, it
    is not changed."""
    if placement.ended_on is not None:
        raise GuardError(_("This placement has ended."))


def ensure_can_end(placement: ApPlacement, *, ended_on: datetime.date, outcome: str, today) -> None:
    """004_f815cbfe89cfcc2a.txt "Use of Alternative Provision": the end records "the next steps
    following the placement such as reintegration into mainstream education, further education,
    training or employment", on the day it happens, not before."""
    if ended_on > today:
        raise GuardError(_("The placement cannot end in the future. Record it on the day."))
    if not outcome.strip():
        raise GuardError(_("Enter the outcome and the next steps."))


def ensure_recordable(
    placement: ApPlacement,
    marks: dict[datetime.date, tuple[str, str]],
    cal: rules.SchoolCalendar,
    today: datetime.date,
) -> None:
    """004_f815cbfe89cfcc2a.txt "Monitoring and reviewing an alternative provision": the school
    records "the pupil's attendance on a daily basis ... Ordinarily a positive attendance should be
    recorded with a “B” code", for the placement's school days that have happened. Every day is
    checked: one bad day stops the lot, with a message for each problem."""
    problems = []
    for day, (code, _note) in sorted(marks.items()):
        reason = why_not_recordable(placement, day, cal, today)
        if reason:
            problems.append(reason)
        elif code not in CODES:
            problems.append(_("Choose an attendance code for %(day)s.") % {"day": day_text(day)})
    if problems:
        raise GuardError(list(dict.fromkeys(problems)))
