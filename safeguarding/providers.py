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

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.guards import GuardError
from reviews import rules
from reviews.models import Deadline
from reviews.notifications import notify
from reviews.services.deadlines import deadlines_sync
from safeguarding.models import ProviderVisit, SafeguardingDeclaration
from tenancy.models import LocalAuthority, Membership, Provider, Role, User

logger = logging.getLogger(__name__)
Received = SafeguardingDeclaration.Received


def _save(instance, by: User) -> None:
    instance._history_user = by
    instance.full_clean()
    instance.save()


@transaction.atomic
def provider_create(*, local_authority: LocalAuthority, form, by: User) -> Provider:
    provider = form.save(commit=False)
    provider.local_authority = local_authority
    _save(provider, by)
    return provider


@transaction.atomic
def provider_update(*, provider: Provider, form, by: User) -> Provider:
    form.save(commit=False)
    if form.has_changed():
        _save(provider, by)
    return provider


@transaction.atomic
def declaration_record(
    *,
    provider: Provider,
    form,
    by: User,
    received: str,
    today: datetime.date,
) -> SafeguardingDeclaration:
    """Record a signed declaration (Appendix 1 of 004); it is current for a year.

    The form confirms each item; a declaration dated in the future, or one older than the
    provider's latest, is refused with a message.
    """
    declaration = form.save(commit=False)
    if declaration.signed_on is None:
        raise GuardError(_("Enter the date the declaration was signed."))
    if declaration.signed_on > today:
        raise GuardError(_("The date signed cannot be in the future."))
    latest = provider.declarations.order_by("-signed_on").first()
    if latest is not None and declaration.signed_on < latest.signed_on:
        raise GuardError(
            _("%(provider)s already has a later declaration, signed %(day)s.")
            % {"provider": provider.name, "day": f"{latest.signed_on:%-d %B %Y}"}
        )
    declaration.provider = provider
    declaration.expires_on = rules.declaration_expires_on(declaration.signed_on)
    declaration.received = received
    declaration.recorded_by = by
    _save(declaration, by)
    refresh_on_commit(provider.pk)
    return declaration


@transaction.atomic
def visit_record(*, provider: Provider, form, by: User, today: datetime.date) -> ProviderVisit:
    """Record the LA's visit. A visit with concerns tells the base school of every pupil placed
    there now (its DSL and the member of staff monitoring the placement), once per visit."""
    visit = form.save(commit=False)
    if visit.visited_on and visit.visited_on > today:
        raise GuardError(_("The date of the visit cannot be in the future."))
    visit.provider = provider
    visit.recorded_by = by
    _save(visit, by)
    if visit.outcome == ProviderVisit.Outcome.CONCERNS:
        _tell_schools_of_concerns(visit, today)
    return visit


def _tell_schools_of_concerns(visit: ProviderVisit, today: datetime.date) -> None:

    placements = visit.provider.placements.filter(
        ended_on__isnull=True, end__gte=today
    ).select_related("pupil", "school", "monitoring_staff")
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
    return provider.placements.filter(ended_on__isnull=True, end__gte=today).exists()


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
    """Nightly (reviews.tasks OTHER_CASE_REFRESHERS): every provider with a declaration."""
    count = 0
    for provider in Provider.objects.filter(declarations__isnull=False).distinct().iterator():
        count += provider_refresh_deadlines(provider=provider, today=today)
    return count
