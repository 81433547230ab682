import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored PDFs go to a folder of their own per test, never under var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
