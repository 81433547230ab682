"""Test overrides: fast hashing, eager tasks, in-memory cache and mail, no two-factor."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-key")
os.environ.setdefault("DEBUG", "false")

from config.settings import *  # noqa: E402, F403

DEBUG = False
DEMO_MODE = False
OTP_REQUIRED = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="waymark-test-media-"))  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
AXES_ENABLED = True
