"""Waymark settings: one module, configured from the environment (django-environ).

Defaults need no server: SQLite under var/, kombu's filesystem broker under var/, a local-memory
cache and .eml files under var/mail/. Set DATABASE_URL, REDIS_URL and EMAIL_URL in production.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Demo mode: demo sign-ins work without two-factor, and the banner says it is a demo.
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)
if DEMO_MODE and not DEBUG and not env.bool("ALLOW_DEMO_WITHOUT_DEBUG", default=False):
    # Demo mode switches two-factor off and allows demo accounts: never by accident in production.
    raise ImproperlyConfigured(
        "DEMO_MODE is on while DEBUG is off. Set ALLOW_DEMO_WITHOUT_DEBUG=true for a demo server."
    )

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key-0123456789")
else:
    SECRET_KEY = env.str("SECRET_KEY")  # fails loudly when unset outside development

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    "django_celery_beat",
    "tenancy",
    "cases",
    "reviews",
    "safeguarding",
    "documents",
    "ui",
    "parents",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ui.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tenancy.middleware.UserLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "tenancy.middleware.ActingOrganisationMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Every page (ui.middleware): our own scripts, styles, images and fonts only; no inline script,
# no frames or plugins, forms post only to us; and none of the browser's device features.
# frame-src: a letter's draft is shown in a frame of its own confirmation page (issue 14); the
# PDF response alone lets our own pages frame it (documents.views.printed_copy_view).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.acting",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'waymark.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web, worker and beat processes share the file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No request waits on a lock for long or runs a statement for ever: a stuck one fails in
    # seconds and frees its worker (issue 13). Milliseconds; 0 turns a limit off. No JIT: a
    # list's query estimated dear was compiled on every request (2 s of 2.3 s for the LA's
    # PSP list at county scale), for queries that run in milliseconds (issue 12).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c lock_timeout={env.int('DB_LOCK_TIMEOUT_MS', default=5000)} "
        f"-c statement_timeout={env.int('DB_STATEMENT_TIMEOUT_MS', default=30000)} "
        "-c jit=off"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "tenancy.User"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when REDIS_URL is set; otherwise kombu's filesystem transport under var/, which
# (unlike memory://) works between a separate worker and beat on one laptop.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
# A Redis that is down, or accepts and never answers, must not hold a web request: connecting
# and reading give up after REDIS_TIMEOUT seconds, a task is published with one quick retry,
# and what could not be queued waits for the beat sweep (issue 13; without these a silent Redis
# held the request for ever).
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=2.0)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT}
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
)
for _folder in ("data_folder_in", "processed_folder", "control_folder"):
    if _folder in CELERY_BROKER_TRANSPORT_OPTIONS:  # kombu does not make its own folders
        Path(CELERY_BROKER_TRANSPORT_OPTIONS[_folder]).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "refresh-deadlines-nightly": {
        "task": "reviews.tasks.refresh_all_deadlines",
        "schedule": crontab(hour=2, minute=0),
    },
    "daily-digest": {
        "task": "reviews.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    # Parent letters whose task was lost, or whose retry is due, go out within five minutes.
    "deliver-queued-letters": {
        "task": "documents.tasks.deliver_queued_letters",
        "schedule": crontab(minute="*/5"),
    },
    # PDFs asked for while the broker was down, or whose worker died, are made within minutes.
    "make-pending-documents": {
        "task": "documents.tasks.make_pending_documents",
        "schedule": crontab(minute="*"),
    },
    # Notification emails that failed (the in-app notification is already there) go again.
    "retry-notification-emails": {
        "task": "reviews.notifications.retry_notification_emails",
        "schedule": crontab(minute="*/10"),
    },
    # Managed moves whose agreed start has come: the pupil joins the new school's roll (003).
    "managed-move-roll-changes": {
        "task": "cases.tasks.apply_managed_move_roll_changes",
        "schedule": crontab(hour=0, minute=30),
    },
}
CELERY_TIMEZONE = "Europe/London"

# Mail: EMAIL_URL (smtp://user:pass@host:587, smtp+tls://...); unset, each message is written as
# an .eml file under var/mail/ so a person can open what parents would receive.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = "documents.mail.EmlFileBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
# Every email (letters, notifications, set-up links, digests) gives up on a mail server that
# accepts and never answers after this many seconds, and is tried again later (issue 13).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Waymark <no-reply@waymark.example>")

# Parents' own links (issue 14, the parents app): requests a client address may make a minute,
# and a link an hour, before a "please wait" page. Behind a load balancer, name the header it
# puts the client's address in (HTTP_X_FORWARDED_FOR), or every parent shares its address.
PARENT_LINK_REQUESTS_PER_IP_PER_MINUTE = env.int(
    "PARENT_LINK_REQUESTS_PER_IP_PER_MINUTE", default=30
)
PARENT_LINK_REQUESTS_PER_TOKEN_PER_HOUR = env.int(
    "PARENT_LINK_REQUESTS_PER_TOKEN_PER_HOUR", default=60
)
PARENT_LINK_CLIENT_IP_HEADER = env.str("PARENT_LINK_CLIENT_IP_HEADER", default="")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]

# OWASP ASVS: at least 12 characters, checked against common passwords, no forced rotation.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

# Idle timeout: 30 minutes without a request ends the session. The session is not written on
# every request: tenancy.middleware renews it at most once a minute (issue 12).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: lock the account under attack only, never the whole office's IP address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form's field, though it holds the email
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# Deliberate: schools share one public IP, so locking by IP would lock out a whole office.
# models.W040: SQLite (a laptop's `make run`) ignores an index's included columns
# (reviews_deadline_type_idx INCLUDE case_id); PostgreSQL, where the county scale is, uses them.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]

# Two-factor (django-otp TOTP) for every staff account outside demo mode.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=not DEMO_MODE)
OTP_TOTP_ISSUER = "Waymark"

ANONYMOUS_USER_NAME = None  # django-guardian: no anonymous user row
GUARDIAN_RENDER_403 = False

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.14.0"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"

# Security headers; production (DEBUG off) passes `manage.py check --deploy`.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
