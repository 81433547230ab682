"""Named guards of the LA's AP provider register. Each raises GuardError with a message the LA's
officer (or the provider's contact) can act on; services call them, templates never decide.

Source: 004_f815cbfe89cfcc2a.txt "The use of Alternative Provisions" and its Appendix 1; the
section each rule rests on is in its docstring.
"""

import datetime

from django.utils.translation import gettext as _

from cases.guards import GuardError
from tenancy.models import Provider
from ui.formats import long_date


def ensure_declaration_date(
    provider: Provider, signed_on: datetime.date | None, *, today: datetime.date
) -> None:
    """004_f815cbfe89cfcc2a.txt Appendix 1 "Safeguarding Declaration for Alternative Provision"
    ("Signed ... Date"): a declaration is dated the day it was signed, which has happened, and the
    register keeps the provider's latest, so an older one cannot be recorded after it."""
    if signed_on is None:
        raise GuardError(_("Enter the date the declaration was signed."))
    if signed_on > today:
        raise GuardError(_("The date signed cannot be in the future."))
    latest = provider.declarations.order_by("-signed_on").first()
    if latest is not None and signed_on < latest.signed_on:
        raise GuardError(
            _("%(provider)s already has a later declaration, signed %(day)s.")
            % {"provider": provider.name, "day": long_date(latest.signed_on)}
        )


def ensure_visit_happened(visited_on: datetime.date | None, *, today: datetime.date) -> None:
    """004_f815cbfe89cfcc2a.txt "Monitoring and reviewing an alternative provision": the LA
    undertakes "safeguarding reviews/visits to alternative provisions"; a visit is recorded once it
    has happened."""
    if visited_on and visited_on > today:
        raise GuardError(_("The date of the visit cannot be in the future."))
