"""The LA's register of alternative provision providers: providers, safeguarding declarations,
the LA's visits, and the deadline of each declaration's expiry.

Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision" ("maintain a database of all
providers"; "undertake safeguarding reviews/visits to alternative provisions to fulfil its role
of ‘checking the checker’"; "bring to the attention of the school any concerns it has over the
safeguarding of pupils in the alternative provision") and Appendix 1, the declaration. The rules
are in reviews/rules.py.
"""

import datetime
import logging
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.changes import apply_changes
from cases.placements.selectors import current_or_to_come
from reviews import rules
from reviews.models import Deadline
from reviews.notifications import notify
from reviews.services.deadlines import deadlines_sync
from safeguarding.models import ProviderVisit, SafeguardingDeclaration
from safeguarding.provider_guards import ensure_declaration_date, ensure_visit_happened
from tenancy.models import LocalAuthority, Membership, Provider, Role, User

logger = logging.getLogger(__name__)
Received = SafeguardingDeclaration.Received

# A provider's entry on the register, as the LA keeps it.
PROVIDER_FIELDS = (
    "name",
    "address",
    "contact_name",
    "contact_email",
    "contact_phone",
    "ofsted_urn",
    "la_approved",
)
ITEM_NAMES = tuple(name for name, _label in SafeguardingDeclaration.ITEMS)


def _save(instance, by: User, fields: list[str] | None = None) -> None:
    instance._history_user = by
    instance.full_clean()
    instance.save(update_fields=fields)


@transaction.atomic
def provider_create(
    *, local_authority: LocalAuthority, details: Mapping[str, object], by: User
) -> Provider:
    """Add a provider (PROVIDER_FIELDS) to the LA's register (004: the LA will "maintain a
    database of all providers")."""
    provider = Provider(local_authority=local_authority)
    apply_changes(provider, details, PROVIDER_FIELDS)
    _save(provider, by)
    return provider


@transaction.atomic
def provider_update(*, provider: Provider, changes: Mapping[str, object], by: User) -> Provider:
    """Change a provider's entry (fields of PROVIDER_FIELDS); the history records who changed
    what. The saved row is changed, whatever the caller's copy holds."""
    saved = Provider.objects.select_for_update().get(pk=provider.pk)
    if apply_changes(saved, changes, PROVIDER_FIELDS):
        _save(saved, by)
    return saved


@transaction.atomic
def declaration_record(
    *,
    provider: Provider,
    signed_on: datetime.date | None,
    confirmed: Mapping[str, bool],
    signatory_name: str,
    signatory_position: str,
    received: str,
    by: User,
    today: datetime.date,
) -> SafeguardingDeclaration:
    """Record a signed declaration (Appendix 1 of 004); it is current for a year. `confirmed`
    says, for each item of SafeguardingDeclaration.ITEMS, whether the provider confirmed it:
    every one must be (the declaration's own check)."""
    unknown = set(confirmed) - set(ITEM_NAMES)
    if unknown:
        raise ValueError(f"Not an item of the declaration: {', '.join(sorted(unknown))}")
    ensure_declaration_date(provider, signed_on, today=today)
    declaration = SafeguardingDeclaration(
        provider=provider,
        signed_on=signed_on,
        expires_on=rules.declaration_expires_on(signed_on),
        signatory_name=signatory_name,
        signatory_position=signatory_position,
        received=received,
        recorded_by=by,
        **{name: bool(confirmed.get(name)) for name in ITEM_NAMES},
    )
    _save(declaration, by)
    refresh_on_commit(provider.pk)
    return declaration


@transaction.atomic
def visit_record(
    *,
    provider: Provider,
    visited_on: datetime.date,
    officer: str,
    findings: str,
    outcome: str,
    by: User,
    today: datetime.date,
) -> ProviderVisit:
    """Record the LA's visit. A visit with concerns tells the base school of every pupil placed
    there now (its DSL and the member of staff monitoring the placement), once per visit."""
    ensure_visit_happened(visited_on, today=today)
    visit = ProviderVisit(
        provider=provider,
        visited_on=visited_on,
        officer=officer,
        findings=findings,
        outcome=outcome,
        recorded_by=by,
    )
    _save(visit, by)
    if visit.outcome == ProviderVisit.Outcome.CONCERNS:
        _tell_schools_of_concerns(visit, today)
    return visit


def _tell_schools_of_concerns(visit: ProviderVisit, today: datetime.date) -> None:
    placements = current_or_to_come(visit.provider.placements, today).select_related(
        "pupil", "school", "monitoring_staff"
    )
    for placement in placements:
        dsls = User.objects.filter(
            memberships__school_id=placement.school_id, memberships__role=Role.DSL
        )
        notify(
            users=[*dsls, placement.monitoring_staff],
            school=placement.school,
            pupil=placement.pupil,
            direction=None,
            key=f"ap-visit-concerns:{visit.pk}:{placement.pk}",
            message=_(
                "The LA has safeguarding concerns after visiting %(provider)s, where "
                "%(pupil)s is placed. Read the findings with the LA."
            )
            % {"provider": visit.provider.name, "pupil": placement.pupil.full_name},
            url=placement.get_absolute_url(),
        )


# Deadlines -------------------------------------------------------------------------------


def _in_use(provider: Provider, today: datetime.date) -> bool:
    """A pupil is at the provider now or will be: its declaration's expiry is worth chasing."""
    return current_or_to_come(provider.placements, today).exists()


def _responsible_id(local_authority_id: int) -> int | None:
    membership = (
        Membership.objects.filter(
            local_authority_id=local_authority_id,
            role=Role.LA_SAFEGUARDING,
            user__is_active=True,
        )
        .order_by("pk")
        .first()
    )
    return membership.user_id if membership else None


def provider_refresh_deadlines(*, provider: Provider, today: datetime.date) -> int:
    """The expiry of the provider's latest declaration is the LA safeguarding officer's
    deadline while a pupil is placed there; a newer declaration meets the previous one's.
    Returns how many declarations were synchronised."""
    responsible = _responsible_id(provider.local_authority_id)
    if responsible is None:
        logger.info(
            "No LA safeguarding officer in LA %s: no expiry deadline for provider %s",
            provider.local_authority_id,
            provider.pk,
        )
        return 0
    newest = list(provider.declarations.order_by("-signed_on", "-pk")[:2])
    if not newest:
        return 0
    latest, previous = newest[0], (newest[1] if len(newest) > 1 else None)
    synced = 0
    pairs = [(latest, None)]
    if previous is not None:
        pairs.append((previous, timezone.localdate(latest.recorded_at)))
    for declaration, renewed_on in pairs:
        wanted = {}
        if renewed_on is not None or _in_use(provider, today):
            wanted["expiry"] = (
                Deadline.Kind.DECLARATION_EXPIRY,
                declaration.expires_on,
                renewed_on,
            )
        if renewed_on is not None and not declaration.deadlines.exists():
            continue  # never chased, so nothing to mark as met
        deadlines_sync(
            case=declaration,
            wanted=wanted,
            responsible_id=responsible,
            pupil_id=None,
            school_id=None,
            local_authority_id=provider.local_authority_id,
            today=today,
        )
        synced += 1
    return synced


def refresh_on_commit(provider_id: int) -> None:
    """Recompute the provider's deadlines once the change is committed (never on rollback)."""

    def refresh() -> None:
        provider_refresh_deadlines(
            provider=Provider.objects.get(pk=provider_id), today=timezone.localdate()
        )

    transaction.on_commit(refresh)


def providers_refresh_all(*, today: datetime.date) -> int:
    """Nightly: every provider with a declaration."""
    count = 0
    for provider in Provider.objects.filter(declarations__isnull=False).distinct().iterator():
        count += provider_refresh_deadlines(provider=provider, today=today)
    return count
