"""Loadshire's AP provider register, through the register's services (a few dozen providers:
affordable at any N): most with a current safeguarding declaration (a few expiring within the
month), some expired, some with none. Placements are only made with providers whose
declaration is current, as placement_create's guard demands (004)."""

import datetime

from safeguarding.models import SafeguardingDeclaration
from safeguarding.providers import ITEM_NAMES, declaration_record, provider_create
from tenancy.models import LocalAuthority, Provider, Role, User

# Days before today each provider's declaration was signed, in turn (None: none yet). A
# declaration is current for a year: 340 days ago expires within the month; 400 has expired.
SIGNED_DAYS_AGO = (30, 90, 200, 340, 120, 400, None, 60, 250, 10)


def seed_providers(
    la: LocalAuthority, la_staff: dict[str, User], today: datetime.date, *, count: int
) -> list[Provider]:
    """The LA's providers whose declaration is current (those a placement may use)."""
    officer = la_staff[Role.LA_SAFEGUARDING]
    current = []
    for n in range(count):
        name = f"Loadshire Provider {n + 1}"
        provider = Provider.objects.filter(local_authority=la, name=name).first()
        if provider is None:
            provider = provider_create(
                local_authority=la,
                details={
                    "name": name,
                    "address": f"Unit {n + 1}, Synthetic Industrial Estate, Loadtown",
                    "contact_name": f"Provider Contact {n + 1}",
                    "contact_email": f"contact{n + 1}@provider.loadshire.demo",
                    "la_approved": n % 4 != 3,
                },
                by=officer,
            )
        days_ago = SIGNED_DAYS_AGO[n % len(SIGNED_DAYS_AGO)]
        if days_ago is not None and not provider.declarations.exists():
            declaration_record(
                provider=provider,
                signed_on=today - datetime.timedelta(days=days_ago),
                confirmed=dict.fromkeys(ITEM_NAMES, True),
                signatory_name=provider.contact_name,
                signatory_position="Manager",
                received=SafeguardingDeclaration.Received.PAPER,
                by=officer,
                today=today,
            )
        if days_ago is not None and days_ago < 300:
            current.append(provider)
    return current
