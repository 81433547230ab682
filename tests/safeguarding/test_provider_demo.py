"""The demo's AP provider registers and placements (demo/providers.py)."""

import datetime

import pytest

from cases.placements.models import ApAttendance, ApPlacement
from demo import seed as demo
from reviews import rules
from reviews.models import Deadline, Notification
from safeguarding.models import ProviderVisit, SafeguardingDeclaration
from tenancy.models import Provider

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def seeded(db):
    demo.seed(TODAY)


def _status(provider):
    latest = provider.declarations.order_by("-signed_on").first()
    if latest is None:
        return "missing"
    return rules.declaration_status(latest.signed_on, latest.expires_on, TODAY)


def test_both_las_have_current_expired_and_missing_declarations(seeded):
    for la in ("Worcestershire", "Neath Port Talbot"):
        statuses = {_status(p) for p in Provider.objects.filter(local_authority__name=la)}
        assert {"expired", "missing"} <= statuses, la
        assert statuses & {"current", "expiring"}, la
    assert _status(Provider.objects.get(name="Canolfan Sgiliau Afan")) == "expiring"


def test_it_has_visits_with_findings_and_running_placements_with_attendance(seeded):
    assert ProviderVisit.objects.filter(findings__contains="DBS").count() == 2
    for placement in ApPlacement.objects.all():
        assert placement.start <= TODAY <= placement.end
        assert placement.attendance.filter(code="B").exists()
    assert ApPlacement.objects.count() == 2
    assert {p.school.local_authority.name for p in ApPlacement.objects.all()} == {
        "Worcestershire",
        "Neath Port Talbot",
    }


def test_the_due_pages_have_its_deadlines(seeded):
    expiry = Deadline.objects.get(
        kind=Deadline.Kind.DECLARATION_EXPIRY, due__lte=TODAY + datetime.timedelta(days=7)
    )
    assert expiry.responsible.email == "safeguarding@npt.demo"
    assert expiry.due <= TODAY + datetime.timedelta(days=7)
    missing = Deadline.objects.filter(kind=Deadline.Kind.AP_ATTENDANCE, state="overdue")
    assert {d.responsible.email for d in missing} == {
        "case-lead@elmbridge.demo",
        "case-lead@afan-vale.demo",
    }
    told = Notification.objects.filter(key__startswith="ap-provider-first-use")
    assert {n.user.email for n in told} == {
        "safeguarding@worcestershire.demo",
        "safeguarding@npt.demo",
    }


def test_seeding_twice_makes_nothing_twice(seeded):
    counts = [
        m.objects.count()
        for m in (Provider, SafeguardingDeclaration, ProviderVisit, ApPlacement, ApAttendance)
    ]
    demo.seed(TODAY + datetime.timedelta(days=1))
    again = [
        m.objects.count()
        for m in (Provider, SafeguardingDeclaration, ProviderVisit, ApPlacement, ApAttendance)
    ]
    assert again == counts
