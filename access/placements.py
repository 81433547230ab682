"""Who sees the AP provider register and runs AP placements (004)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from access.directions import ATTENDANCE_RECORDERS, can_view_la_lists
from access.pupils import (
    PASSPORT_EDITORS,
    _la_role_pupils,
    is_home_school,
    visible_pupils_q,
)
from cases.placements.models import ApPlacement
from cases.pupils.models import Pupil
from safeguarding.models import SafeguardingDeclaration
from tenancy.models import Membership, Provider, Role

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
    """Declarations as cases of the Due page: the LA's own (their expiry is the LA's task),
    and a provider contact's own provider's (they sign the next one)."""
    if membership is not None and membership.provider_id:
        return SafeguardingDeclaration.objects.filter(provider_id=membership.provider_id)
    if membership is None or not membership.local_authority_id:
        return SafeguardingDeclaration.objects.none()
    return SafeguardingDeclaration.objects.filter(
        provider__local_authority_id=membership.local_authority_id
    )


def placements_at_provider(membership: Membership | None):
    """A provider contact's own placements, current or to come: the pupil's name, school and
    dates are theirs to know (they teach the pupil); nothing else of the pupil's record is."""
    if membership is None or not membership.provider_id:
        return ApPlacement.objects.none()
    return ApPlacement.objects.filter(provider_id=membership.provider_id, ended_on__isnull=True)


def placements_visible_to(membership: Membership | None):
    """Placements of the pupils the membership sees; a school sees only its own placements."""
    placements = ApPlacement.objects.filter(visible_pupils_q(membership))
    if membership is not None and membership.school_id:
        placements = placements.filter(school_id=membership.school_id)
    return placements


def la_placements_visible_to(membership: Membership | None):
    """The LA's list of AP placements (004 asks the LA to report AP use by school and by
    provider): every placement by a school of the membership's LA for its list roles, the SEND
    team's and the Virtual School's of the pupils they may see; none for anyone else. Scoped by
    the base school's LA, so the list reads the placements by their own school, not every
    pupil."""
    if not can_view_la_lists(membership):
        return ApPlacement.objects.none()
    return ApPlacement.objects.filter(
        _la_role_pupils(membership.role, prefix="pupil__"),
        school__local_authority_id=membership.local_authority_id,
    )


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
