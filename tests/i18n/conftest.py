"""Welsh (issue 15): the tests read the compiled catalogue, as the site does. `make install`
compiles it; a .po newer than its .mo (a translation just added) is compiled again here."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.fixture(scope="session", autouse=True)
def _welsh_compiled():
    from scripts.compile_messages import compile_po

    for po in LOCALE.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            compile_po(po)
            # Django caches each language's catalogue for the life of the process.
            trans_real._translations = {}
            trans_real._default = None
            # Which languages have a catalogue is cached too (Django 5.2.19 caches it in
            # translation_catalog_exists; earlier releases in check_for_language).
            cached = getattr(trans_real, "translation_catalog_exists", None)
            (cached or trans_real.check_for_language).cache_clear()


@pytest.fixture(autouse=True)
def _back_to_english():
    """A request in Welsh leaves Welsh active in the thread (LocaleMiddleware activates it and
    nothing deactivates it), and the next test in this process would run in Welsh."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
