"""The Safeguarding Declaration for Alternative Provision (004 Appendix 1), rendered on demand.

Source: 004_f815cbfe89cfcc2a.txt Appendix 1 "Safeguarding Declaration for Alternative
Provision": the organisation's name, the four checks of all staff, the undertaking to inform the
school's Designated Safeguarding Officer, "Signed / Print Name / Position / Date", and "This
agreement must be signed by a senior member of the organisation". Printed from a recorded
declaration, or blank for the provider to sign. Not stored: a GeneratedDocument belongs to a
pupil, and a provider's declaration is about no pupil.
"""

import datetime
from collections.abc import Iterable

from django.utils.text import slugify
from django.utils.translation import gettext as _

from documents.rendering import FormRenderer, format_date, render_pdf, text_lines
from safeguarding.models import SafeguardingDeclaration
from tenancy.models import Provider

TEMPLATE = "documents/providers/declaration.html"


def _letterhead(provider: Provider) -> dict:
    """The LA whose register the declaration is for, and where it goes back to (004)."""
    la = provider.local_authority
    return {
        "name": la.name,
        "address": _("Alternative provision register"),
        "contact": la.safeguarding_email,
    }


def declaration_context(
    provider: Provider, declaration: SafeguardingDeclaration | None, *, today: datetime.date
) -> dict:
    """What the form prints: the record's answers, or lines to fill in when blank."""
    items = [
        (label, bool(declaration and getattr(declaration, name)))
        for name, label in SafeguardingDeclaration.ITEMS
    ]
    return {
        "title": _("Safeguarding Declaration for Alternative Provision"),
        "letterhead": _letterhead(provider),
        "provider": provider,
        "address": ", ".join(text_lines(provider.address)),
        "declaration": declaration,
        "checks": items[:4],
        "undertaking": items[4],
        "signed_on": format_date(declaration.signed_on) if declaration else "",
        "expires_on": format_date(declaration.expires_on) if declaration else "",
        "received": declaration.get_received_display() if declaration else "",
        "return_to": provider.local_authority.safeguarding_email,
        "printed_on": format_date(today),
    }


def render_declaration(
    provider: Provider, declaration: SafeguardingDeclaration | None, *, today: datetime.date
) -> bytes:
    return render_pdf(TEMPLATE, declaration_context(provider, declaration, today=today))


def filename(provider: Provider, declaration: SafeguardingDeclaration | None) -> str:
    name = slugify(provider.name) or f"provider-{provider.pk}"
    if declaration is None:
        return f"safeguarding-declaration-{name}-blank.pdf"
    return f"safeguarding-declaration-{name}-{declaration.signed_on:%Y-%m-%d}.pdf"


# render_forms ----------------------------------------------------------------------------


def printable_records(schools) -> Iterable[tuple[Provider, SafeguardingDeclaration | None]]:
    """Every declaration of the demo LAs' providers, and a blank form for each provider."""
    providers = (
        Provider.objects.filter(local_authority__in=schools.values("local_authority"))
        .select_related("local_authority")
        .prefetch_related("declarations")
        .order_by("local_authority__name", "name")
    )
    out = []
    for provider in providers:
        out.append(_Record(provider, None))
        out.extend(_Record(provider, d) for d in provider.declarations.all())
    return out


class _Record(tuple):
    def __new__(cls, provider, declaration):
        return super().__new__(cls, (provider, declaration))

    def __str__(self):
        provider, declaration = self
        return f"{provider}, {declaration or _('blank')}"


FORM_RENDERERS = (
    FormRenderer(
        slug="ap-safeguarding-declaration",
        description=(
            "Safeguarding Declaration for Alternative Provision (004 Appendix 1), every "
            "recorded declaration and a blank one per provider"
        ),
        records=printable_records,
        filename=lambda record: filename(*record),
        render=lambda record, today: render_declaration(*record, today=today),
    ),
)
