"""Every demo direction whose letter went out gives every detail of the written notice (issue
14: every demo direction letter said "The session and break times are: ____")."""

import pytest

from cases.directions import guards
from cases.directions.models import Direction
from documents.models import GeneratedDocument, Letter

# One test process seeds the demo for all of tests/demo (pytest-xdist loadgroup).
pytestmark = pytest.mark.xdist_group("demo")


def test_every_direction_letter_the_demo_sends_is_a_complete_notice(demo):
    sent = Direction.objects.filter(notice_sent_on__isnull=False)
    assert sent.count() >= 5
    for direction in sent:
        assert guards.notice_blanks(direction) == [], direction
        assert direction.break_times.strip(), direction
        # Sent as a letter, not recorded by hand because the guard refused it.
        assert Letter.objects.filter(
            document__kind=GeneratedDocument.Kind.DIRECTION_LETTER,
            document__object_id=direction.pk,
        ).exists(), direction
