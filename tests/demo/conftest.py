"""The demo, seeded once for every test in this package (in each test process).

Seeding goes through the services and prints their letters, so it takes seconds; the tests here
read it, each in a savepoint rolled back afterwards, and the whole seed is rolled back when the
package is done, so no other test sees it."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings

from demo.seed import seed

# A Sunday: every date the demo makes must still be a school day.
TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(scope="package")
def _seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")),
        transaction.atomic(),
    ):
        seed(TODAY)
        yield TODAY
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db):
    """The day the demo was seeded on; the demo's rows are in the database."""
    return _seeded
