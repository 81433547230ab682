import datetime

import pytest

from cases.directions.models import Direction
from demo.calendar import seed_term_dates
from tenancy.services import grant_host_access
from tests.factories import DirectionFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored PDFs go to a folder of their own per test, never under var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def decided_direction(world, **fields):
    """A direction of world.pupil decided and ready for its letter to go, hosted by world.host:
    the case the outbox's tests send letters from (test_outbox_views, test_outbox_faults).
    The caller sets the day (a Monday in term) before making it."""
    seed_term_dates(world.la)
    world.pupil.has_ehcp = False
    world.pupil.looked_after = False
    world.pupil.save()
    grant_host_access(world.pupil, world.host)
    return DirectionFactory(
        pupil=world.pupil,
        case_lead=world.users["school_case_lead"],
        state=Direction.State.DECIDED,
        host_school=world.host,
        host_approached_on=datetime.date(2026, 10, 19),
        host_agreed_on=datetime.date(2026, 10, 20),
        decided_by=world.users["school_headteacher"],
        decided_on=datetime.date(2026, 10, 23),
        delegation=Direction.Delegation.PERSON,
        delegation_details="Headteacher, scheme of delegation 2025",
        checklist_confirmed=True,
        report_to_name="Ms Fatima Begum",
        report_to_role="Head of Year 9",
        **fields,
    )


@pytest.fixture
def lead(client, world):
    """The home school's case lead, signed in."""
    client.force_login(world.users["school_case_lead"])
    return client
