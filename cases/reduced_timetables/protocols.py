"""What a reduced timetable's school answers and is told, by its LA's protocol
(tenancy.jurisdiction.reduced_timetable_protocol, the LA setting): Neath Port Talbot's
checklist (004 Appendix 1), or the DfE's national expectations for a part-time timetable in
England ("Working together to improve school attendance", August 2024).

Reads no database: the timetable's school and LA are selected by every caller.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cases.reduced_timetables.models import ReducedTimetable, RttChecklistAnswer
from tenancy.jurisdiction import Law, ReducedTimetableProtocol, law_for, reduced_timetable_protocol

Item = RttChecklistAnswer.Item


@dataclass(frozen=True)
class Question:
    """One question of the checklist the school answers before the start."""

    item: str
    label: str | Promise
    hint: str | Promise = ""
    may_be_not_applicable: bool = False


# 004 Appendix 1, "Checklist for using Reduced Timetables", its eight questions in order; no
# agency to refer to, no travel assistance to change, no statement or IDP may honestly be "not
# applicable" (the PSP item too for a purely medical one: see questions()).
LOCAL_004 = (
    Question(Item.REFERRALS, Item.REFERRALS.label, may_be_not_applicable=True),
    Question(Item.RISK_ASSESSMENT, Item.RISK_ASSESSMENT.label),
    Question(Item.PSP, Item.PSP.label),
    Question(
        Item.CONSENT,
        Item.CONSENT.label,
        _(
            "If the pupil is looked after and the foster carer does not have delegated "
            "authority, the looked-after social worker authorises."
        ),
    ),
    Question(Item.SAFEGUARDING, Item.SAFEGUARDING.label),
    Question(
        Item.TRANSPORT,
        Item.TRANSPORT.label,
        _(
            "If the pupil has travel assistance, the change request form must be sent to the "
            "LA's transport team."
        ),
        may_be_not_applicable=True,
    ),
    Question(Item.ALN, Item.ALN.label, may_be_not_applicable=True),
    Question(
        Item.REINTEGRATION,
        Item.REINTEGRATION.label,
        _("Add the planned increases of hours on the reduced timetable."),
    ),
)

# Working together to improve school attendance (DfE, 2024), part-time timetables: agreed
# with the parents; time-limited, with a plan back to full-time education. Its other
# expectations are steps of the case, not questions: reviewed regularly (progress recorded),
# the LA told (the start), C2 for the sessions missed (the page's register codes).
DFE_NATIONAL = (
    Question(
        Item.CONSENT,
        _("Have the parents or carers agreed to the part-time timetable?"),
        _("A looked-after pupil's is authorised by whoever holds parental responsibility."),
    ),
    Question(
        Item.REINTEGRATION,
        _("Is it time-limited, with an agreed plan back to full-time education?"),
        _("Add the planned increases of hours on the reduced timetable."),
    ),
)


def protocol_of(timetable: ReducedTimetable) -> ReducedTimetableProtocol:
    """The protocol of the timetable's LA (its setting, else its nation's default). Asked of
    the fields, not LocalAuthority.rtt_protocol, so that cases migration 0010's historical
    models (which have no properties, nor this setting yet) rate by the nation's default."""
    la = timetable.school.local_authority
    return reduced_timetable_protocol(la.nation, getattr(la, "reduced_timetable_protocol", ""))


def law_of(timetable: ReducedTimetable) -> Law:
    """The law where the pupil's school is: its codes, its needs words."""
    return law_for(timetable.school.local_authority.nation)


def questions(timetable: ReducedTimetable) -> tuple[Question, ...]:
    """The checklist the school answers before the start, under its LA's protocol; 004's PSP
    item may be "not applicable" only for a purely medical reduced timetable."""
    if not protocol_of(timetable).local_checklist:
        return DFE_NATIONAL
    medical = timetable.basis == ReducedTimetable.Basis.MEDICAL
    return tuple(
        Question(q.item, q.label, q.hint, True) if q.item == Item.PSP and medical else q
        for q in LOCAL_004
    )


def _needs_reason(law: Law) -> str:
    """004's reason "ALN" in the nation's words: England's is SEND."""
    return f"{capfirst(str(law.needs_long))} ({law.needs})"


def reason_choices(law: Law) -> list[tuple[str, str | Promise]]:
    """The reasons a school chooses from, in the nation's words (the plan's form)."""
    return [
        (value, _needs_reason(law) if value == ReducedTimetable.Reason.ALN else label)
        for value, label in ReducedTimetable.Reason.choices
    ]


def reason_label(timetable: ReducedTimetable) -> str:
    """The timetable's reason in the nation's words (its page and the checklist's PDF)."""
    if timetable.reason == ReducedTimetable.Reason.ALN:
        return _needs_reason(law_of(timetable))
    return timetable.get_reason_display()


def audited_for(membership) -> bool:
    """Whether the LA this membership acts for rates its reduced timetables and counts them
    past a limit (004's audit and Director rule): the LA picture shows those only then."""
    la = membership.acting_la
    if la is None:
        return False
    protocol = reduced_timetable_protocol(la.nation, la.reduced_timetable_protocol)
    return protocol.audit_matrix
