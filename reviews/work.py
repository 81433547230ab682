"""Who acts on each deadline: the organisation (the home school, the host, the LA) and the
roles there whose work it is, so each step lands in the queue of the person who must take it.

Sources: 002_decd2720d6352690.txt and 003_db4daf6c9cf2ba51.txt (the host keeps the register
and the weekly contact; the home school's headteacher decides; the office sends letters);
000_*.txt (the receiving centre decides at the end of week one; the DSL shares the seven
items); 004_f815cbfe89cfcc2a.txt (the key adult's weekly check-ins; the office records AP
attendance; the Director authorises a reduced timetable beyond its limit; the LA's
safeguarding officers keep providers' declarations current).
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from reviews.models import Deadline
from tenancy.models import User
from tenancy.roles import Role

Kind = Deadline.Kind
HOME, HOST, LA = "home", "host", "la"


@dataclass(frozen=True)
class WhoActs:
    side: str  # HOME, HOST or LA: whose organisation owns the step
    roles: frozenset[str]  # who there acts on it
    named: bool = False  # the person named on the case (the deadline's `responsible`) too
    provider: bool = False  # the AP provider's contact too (the step is about their provider)
    tell: bool = True  # told when it becomes theirs; a daily or weekly step is in the digest


def _who(
    side: str, *roles: str, named: bool = False, provider: bool = False, tell: bool = True
) -> WhoActs:
    return WhoActs(side, frozenset(roles), named, provider, tell)


WHO_ACTS: dict[str, WhoActs] = {
    Kind.DIRECTION_NOTICE: _who(HOME, Role.CASE_LEAD, Role.OFFICE),
    Kind.FIRST_REVIEW: _who(HOME, Role.CASE_LEAD),
    Kind.NEXT_REVIEW: _who(HOME, Role.CASE_LEAD),
    Kind.REVIEW_INVITATION: _who(HOME, Role.CASE_LEAD, Role.OFFICE),
    Kind.DECISION_NOTICE: _who(HOME, Role.HEADTEACHER, Role.CASE_LEAD),
    Kind.REQUESTED_REVIEW: _who(HOME, Role.CASE_LEAD),
    Kind.HOME_HOST_CONTACT: _who(HOST, Role.CASE_LEAD, Role.OFFICE, tell=False),
    Kind.HOST_ATTENDANCE: _who(HOST, Role.CASE_LEAD, Role.OFFICE, tell=False),
    Kind.PLANNED_END: _who(HOME, Role.CASE_LEAD),
    Kind.OFFSITING_SHARING: _who(HOME, Role.DSL),
    Kind.OFFSITING_MEETING: _who(HOME, Role.CASE_LEAD),
    Kind.OFFSITING_WEEK_ONE: _who(HOST, Role.CASE_LEAD),
    Kind.OFFSITING_RESTORATIVE: _who(HOME, Role.CASE_LEAD),
    Kind.PSP_REVIEW: _who(HOME, Role.CASE_LEAD),
    Kind.PSP_CHECK_IN: _who(HOME, named=True, tell=False),  # the key adult named on the PSP
    Kind.RTT_CHECKLIST: _who(HOME, Role.CASE_LEAD),
    Kind.RTT_END: _who(HOME, Role.CASE_LEAD),
    Kind.RTT_LIMIT: _who(LA, Role.DIRECTOR),
    Kind.DECLARATION_EXPIRY: _who(LA, Role.LA_SAFEGUARDING, provider=True),
    Kind.AP_ATTENDANCE: _who(HOME, Role.OFFICE, named=True, tell=False),  # and the monitoring staff
    Kind.AP_PLACEMENT_END: _who(HOME, Role.CASE_LEAD),
}


def owners(kind: str, *, home_id, host_id=None, la_id=None) -> tuple[int | None, int | None]:
    """(owner school id, owner LA id) of a step of `kind`: the host's steps fall to the home
    school while there is no host; the LA's to the LA."""
    who = WHO_ACTS[kind]
    if who.side == LA:
        return None, la_id
    return (host_id or home_id) if who.side == HOST else home_id, None


def work_of(membership) -> Q:
    """The steps that are this person's to take, in the organisation and role they act as now:
    those their organisation owns in their role, and those the case names them for (a PSP's
    key adult, a placement's monitoring staff) while they act for that organisation. Filter
    deadlines_visible_to(membership) with it: a provider contact's steps are those about the
    one provider they may see."""
    if membership is None:
        return Q(pk__in=[])
    if membership.provider_id:
        return Q(kind__in=[kind for kind, who in WHO_ACTS.items() if who.provider])
    kinds = [kind for kind, who in WHO_ACTS.items() if membership.role in who.roles]
    named = [kind for kind, who in WHO_ACTS.items() if who.named]
    org = (
        Q(owner_school_id=membership.school_id)
        if membership.school_id
        else Q(owner_la_id=membership.local_authority_id)
        if membership.local_authority_id
        else Q(pk__in=[])
    )
    return org & (Q(kind__in=kinds) | Q(kind__in=named, responsible_id=membership.user_id))


def who_acts(deadline: Deadline) -> str:
    """Whose step it is, as a list shows it: the person named on the case, or the roles at the
    organisation that owns it ("Case lead or Office / attendance at Severn Meadow Academy")."""
    who = WHO_ACTS[deadline.kind]
    if who.named and deadline.responsible_id and not who.roles:
        return deadline.responsible.full_name
    roles = _(" or ").join(str(Role(role).label) for role in sorted(who.roles))
    owner = deadline.owner_school or deadline.owner_la
    text = _("%(roles)s at %(owner)s") % {"roles": roles, "owner": owner} if owner else roles
    if who.named and deadline.responsible_id:
        text = _("%(text)s, or %(name)s") % {"text": text, "name": deadline.responsible.full_name}
    if who.provider:
        text = _("%(text)s, or the provider's contact") % {"text": text}
    return text


def people_who_act(deadline: Deadline, *, provider_id: int | None = None):
    """The people to tell when a step becomes theirs: the holders of its roles at the
    organisation that owns it, the person the case names, a provider's contact (`provider_id`).
    Not the case lead who runs a home-school step: they are changing the case themselves."""
    who = WHO_ACTS[deadline.kind]
    people = Q(pk__in=[])
    if deadline.owner_school_id:
        people |= Q(
            memberships__school_id=deadline.owner_school_id, memberships__role__in=who.roles
        )
    elif deadline.owner_la_id:
        people |= Q(
            memberships__local_authority_id=deadline.owner_la_id, memberships__role__in=who.roles
        )
    if who.named and deadline.responsible_id:
        people |= Q(pk=deadline.responsible_id)
    if who.provider and provider_id:
        people |= Q(memberships__provider_id=provider_id)
    users = User.objects.filter(people, is_active=True)
    if who.side == HOME and not who.named and deadline.responsible_id:
        users = users.exclude(pk=deadline.responsible_id)
    return users.distinct()
