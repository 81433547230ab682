"""The demo's Back-on-Track off-sitings (demo/offsiting.py): one in each state that matters,
made through the services, and idempotent."""

import datetime

import pytest

from cases.offsiting.models import OffSiting
from demo.seed import seed

TODAY = datetime.date(2026, 11, 18)
State = OffSiting.State


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_has_an_offsiting_in_each_state(db, media):
    seed(TODAY)
    count = OffSiting.objects.count()
    seed(TODAY)
    assert OffSiting.objects.count() == count == 4
    by_state = {o.state: o for o in OffSiting.objects.all()}
    assert set(by_state) == {State.PLANNED, State.STARTED, State.ENDED, State.CLOSED}
    assert by_state[State.PLANNED].awaiting_approval
    running = by_state[State.STARTED]
    assert running.approval_decision == OffSiting.Decision.AGREED
    assert running.awaiting_ta_decision
    assert all(i.available for i in running.shared_items.all())
    assert running.work.exists() and running.meetings.filter(held=True).exists()
    ended = by_state[State.ENDED].meetings.get(kind="restorative")
    assert not ended.held
    assert by_state[State.CLOSED].meetings.get(kind="restorative").held
    for offsiting in OffSiting.objects.all():
        assert offsiting.history.filter(history_user__isnull=False).exists()
