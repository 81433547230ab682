"""The demo, seeded once for every test in this package (in each test process).

Seeding goes through the services and prints their letters, so it takes seconds; the tests here
read it, each in a savepoint rolled back afterwards, and the whole seed is rolled back when the
package is done, so no other test sees it."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings

from demo.seed import seed
from documents import rendering

# A Sunday: every date the demo makes must still be a school day.
TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(scope="package")
def _seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")),
        transaction.atomic(),
    ):
        with pytest.MonkeyPatch.context() as patch:
            # The seed's letters and forms are stored as one small real PDF: printing each of
            # them was most of the seed's time, and what they print is tested in
            # tests/documents and here by test_render_forms, which prints every kind from the
            # demo's records.
            printed = rendering.html_to_pdf("<!doctype html><title>Demo</title><p>Demo</p>")
            patch.setattr(rendering, "html_to_pdf", lambda html: printed)
            seed(TODAY)
        yield TODAY
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db):
    """The day the demo was seeded on; the demo's rows are in the database."""
    return _seeded
