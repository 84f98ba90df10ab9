"""Minsheng settings. Every value comes from the environment, with safe defaults for the
embedded SQLite setup that `make demo` runs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from minsheng.env import ConfigError, envbool, envint, envlist, envstr

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("MINSHENG_VAR_DIR", str(BASE_DIR / "var")))


def _secret_from_var(name: str, env_name: str) -> str:
    """A secret from the environment, else from var/NAME written by `make demo`, else ''."""
    value = envstr(env_name)
    if value:
        return value
    path = VAR_DIR / name
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return ""


DEBUG = envbool("MINSHENG_DEBUG", False)
SECRET_KEY = _secret_from_var("secret.key", "MINSHENG_SECRET_KEY") or (
    "insecure-development-key-set-MINSHENG_SECRET_KEY" if DEBUG else ""
)
if not SECRET_KEY:
    raise ConfigError("Set MINSHENG_SECRET_KEY (or run `make demo`, which writes var/secret.key).")

# Field encryption of personal data (names, phones, ID numbers, addresses). A urlsafe base64
# 32-byte key (Fernet). Older keys, comma separated, still decrypt during a rotation.
MINSHENG_ENCRYPTION_KEY = _secret_from_var("encryption.key", "MINSHENG_ENCRYPTION_KEY")
MINSHENG_OLD_ENCRYPTION_KEYS = envlist("MINSHENG_OLD_ENCRYPTION_KEYS", [])

ALLOWED_HOSTS = envlist("MINSHENG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("MINSHENG_CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = envstr("MINSHENG_SITE_NAME", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "minsheng",
    "audit",
    "orgs",
    "grievances",
    "duty",
    "assistance",
    "portal",
    "notices",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "django_tasks",
    "minsheng.tasks_app.TasksDatabaseConfig",  # django_tasks_db, named in both languages
    "axes",
]

MIDDLEWARE = [
    "api.middleware.ApiJsonErrorsMiddleware",  # outermost: every error under /api/ is JSON
    "django.middleware.security.SecurityMiddleware",
    "minsheng.staticfiles.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "minsheng.middleware.DomainErrorMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "minsheng.urls"
WSGI_APPLICATION = "minsheng.wsgi.application"

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
                "django.template.context_processors.i18n",
                "minsheng.context.site",
                "minsheng.context.console",
                "notices.context.unread_count",
            ],
        },
    },
]

DATABASE_URL = envstr("MINSHENG_DATABASE_URL", f"sqlite:///{VAR_DIR / 'minsheng.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections: reconnecting runs the PRAGMAs again and makes SQLite checkpoint
    # and delete its WAL whenever the last connection closes (measured: docs/benchmarks.md).
    DATABASES["default"]["CONN_MAX_AGE"] = None
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
        # the start of a transaction so two writers queue instead of failing mid-way.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": envstr("MINSHENG_TEST_SQLITE_NAME", "") or None}
else:
    DATABASES["default"]["TEST"] = {"NAME": envstr("MINSHENG_TEST_DB_NAME", "") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state (API rate limits) lives in Redis when configured, else in the database, never
# in process memory: several web processes must agree.
# Background work (Django's Tasks API through the django-tasks backport). The embedded default
# keeps the queue in the database, so `minsheng worker` needs nothing else; at scale the same
# tasks run on Redis through RQ (MINSHENG_TASKS_BACKEND=rq and MINSHENG_REDIS_URL).
TASKS_BACKEND = envstr("MINSHENG_TASKS_BACKEND", "database")
if TASKS_BACKEND not in ("database", "rq"):
    raise ConfigError(f"MINSHENG_TASKS_BACKEND={TASKS_BACKEND!r}: use database or rq")
# How often the worker's scheduler looks for periodic jobs that are due, in seconds.
WORKER_TICK_SECONDS = envint("MINSHENG_WORKER_TICK_SECONDS", 30)
if WORKER_TICK_SECONDS < 1:
    raise ConfigError("MINSHENG_WORKER_TICK_SECONDS must be at least 1")
# Rows a sweep claims and handles in one transaction (a worker killed mid-sweep rolls back at
# most one batch).
SWEEP_BATCH = envint("MINSHENG_SWEEP_BATCH", 500)
if SWEEP_BATCH < 1:
    raise ConfigError("MINSHENG_SWEEP_BATCH must be at least 1")
# The deadline sweep's lead time: a step due within this many days is "due soon".
DUE_SOON_DAYS = envint("MINSHENG_DUE_SOON_DAYS", 3)
if DUE_SOON_DAYS < 0:
    raise ConfigError("MINSHENG_DUE_SOON_DAYS must not be negative")

REDIS_URL = envstr("MINSHENG_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "minsheng_cache",
        }
    }

if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ConfigError("MINSHENG_TASKS_BACKEND=rq needs MINSHENG_REDIS_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "console_home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = envstr("MINSHENG_LANGUAGE", "zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("MINSHENG_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("MINSHENG_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Served over HTTPS (MINSHENG_SECURE_COOKIES=true) means HTTPS only: plain HTTP is redirected
# and browsers are told by HSTS never to use it, unless switched off one by one. Behind a
# proxy that ends TLS, MINSHENG_PROXY_SSL_HEADER=true trusts its X-Forwarded-Proto header
# (the proxy must set it, overwriting what a client sent), or the redirect never ends.
SECURE_SSL_REDIRECT = envbool("MINSHENG_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_HSTS_SECONDS = envint("MINSHENG_HSTS_SECONDS", 31_536_000 if SESSION_COOKIE_SECURE else 0)
if SECURE_HSTS_SECONDS < 0:
    raise ConfigError("MINSHENG_HSTS_SECONDS must not be negative")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("MINSHENG_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("MINSHENG_HSTS_PRELOAD", True)
if envbool("MINSHENG_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts, styles, fonts and images come from this site
# only, never inline. No page has an inline <script> or on...= handler (a test reads every
# template); styles may still be inline (the admin's and the API docs' pages use them).
# Swagger UI (the API docs, from drf-spectacular-sidecar, served here) loads its own images
# as data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Staff login (django-axes): after MINSHENG_LOGIN_FAILURES failed logins for one account, or
# from one address, further logins of that account or from that address are refused for
# MINSHENG_LOGIN_LOCK_MINUTES after the last try, and the lock is recorded in the audit log.
# An administrator can lift it sooner (admin: Locked logins). See minsheng/logins.py.
AUTHENTICATION_BACKENDS = [
    "minsheng.logins.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MINSHENG_LOGIN_FAILURES = envint("MINSHENG_LOGIN_FAILURES", 5)
MINSHENG_LOGIN_LOCK_MINUTES = envint("MINSHENG_LOGIN_LOCK_MINUTES", 15)
if MINSHENG_LOGIN_FAILURES < 1 or MINSHENG_LOGIN_LOCK_MINUTES < 1:
    raise ConfigError("MINSHENG_LOGIN_FAILURES and MINSHENG_LOGIN_LOCK_MINUTES must be at least 1")
AXES_FAILURE_LIMIT = MINSHENG_LOGIN_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=MINSHENG_LOGIN_LOCK_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "minsheng.logins.lockout_response"
AXES_USERNAME_CALLABLE = "minsheng.logins.username_of"
# A success resets nothing: resetting would let someone holding one valid login interleave
# it with guesses at others from the same address (as the portal's throttle, for the same
# reason). The address is REMOTE_ADDR, as everywhere (see minsheng/throttle.py).
AXES_RESET_ON_SUCCESS = False
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not logged with their address
AXES_ENABLE_ADMIN = False  # our own admin page, whose unlock is audited (minsheng/admin.py)
AXES_VERBOSE = False

EMAIL_BACKEND = envstr("MINSHENG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("MINSHENG_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("MINSHENG_EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("MINSHENG_EMAIL_USER")
EMAIL_HOST_PASSWORD = envstr("MINSHENG_EMAIL_PASSWORD")
EMAIL_USE_TLS = envbool("MINSHENG_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = envstr("MINSHENG_EMAIL_FROM", "minsheng@localhost")

# Notices (docs/notices.md): the SMS gateway adapter (a dotted path to an SmsBackend; the
# default only logs), the site's address for links in e-mails and group-robot messages, and
# the local hour from which the daily digest is sent.
MINSHENG_SMS_BACKEND = envstr("MINSHENG_SMS_BACKEND", "notices.channels.LoggingSmsBackend")
MINSHENG_BASE_URL = envstr("MINSHENG_BASE_URL", "http://127.0.0.1:8000")
MINSHENG_NOTICE_DIGEST_HOUR = envint("MINSHENG_NOTICE_DIGEST_HOUR", 8)
if not 0 <= MINSHENG_NOTICE_DIGEST_HOUR <= 23:
    raise ConfigError("MINSHENG_NOTICE_DIGEST_HOUR must be an hour from 0 to 23")

# Uploads: the limit is checked by our forms with a clear message; Django's own limit sits
# above it so that an oversized request is refused before it is read whole.
MINSHENG_MAX_UPLOAD_BYTES = envint("MINSHENG_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
MINSHENG_MAX_ATTACHMENTS = envint("MINSHENG_MAX_ATTACHMENTS", 5)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Portal tracking: failures per address before we slow the address down, and for how long.
MINSHENG_TRACK_FAILURES = envint("MINSHENG_TRACK_FAILURES", 5)
MINSHENG_TRACK_LOCK_SECONDS = envint("MINSHENG_TRACK_LOCK_SECONDS", 300)

# Idempotency records (the REST API's Idempotency-Key, the portal form's one-time token): a
# retry within this many hours gets the first answer again; the worker then removes them.
MINSHENG_IDEMPOTENCY_HOURS = envint("MINSHENG_IDEMPOTENCY_HOURS", 24)
if MINSHENG_IDEMPOTENCY_HOURS < 1:
    raise ConfigError("MINSHENG_IDEMPOTENCY_HOURS must be at least 1")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("MINSHENG_LOG_LEVEL", "WARNING")},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["api.rest.renderers.SafeJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Requests per period ("600/min"; s, min, hour, day), counted in the shared cache.
    "DEFAULT_THROTTLE_RATES": {
        "token": envstr("MINSHENG_API_TOKEN_RATE", "600/min"),
        "anon": envstr("MINSHENG_API_ANON_RATE", "20/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Minsheng API",
    "DESCRIPTION": "Bring grievances in, follow them, and act on them. Version 1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "GrievanceKindEnum": "grievances.models.Kind",
        "EventKindEnum": "grievances.models.EventKind",
        "ContactKindEnum": "grievances.actions.CONTACT_CHOICES",
        "GrievanceStateEnum": "grievances.models.State",
        "IncidentKindEnum": "duty.models.IncidentKind",
        "IncidentStateEnum": "duty.models.IncidentState",
        "SeverityEnum": "duty.models.Severity",
        "SeverityCodeEnum": "duty.incident_actions.SEVERITY_CHOICES",
        "SwapStateEnum": "duty.models.SwapState",
        "ApplicationStateEnum": "assistance.models.AppState",
        "ApplicationChannelEnum": "assistance.models.Channel",
        "ChannelEnum": "grievances.models.Channel",
        "ProgrammeKindEnum": "assistance.models.ProgrammeKind",
        "AssistancePeriodEnum": "assistance.models.Period",
        "HouseholdStatusEnum": "assistance.models.HouseholdStatus",
        "CommitteeDecisionEnum": "assistance.models.Decision",
        # duty's decide-swap, keeping the name it had before assistance's `decision`.
        "DecisionEnum": [("approve", _("Approve")), ("refuse", _("Refuse"))],
        "PaymentMethodEnum": "assistance.models.PaymentMethod",
        "ReverifyOutcomeEnum": "assistance.actions.OUTCOMES",
    },
}

# Open311 GeoReport v2 (api/open311): the one jurisdiction this endpoint serves, what its
# discovery document tells client developers, and the most requests one GET returns.
MINSHENG_OPEN311_JURISDICTION = envstr("MINSHENG_OPEN311_JURISDICTION", "minsheng.local")
MINSHENG_OPEN311_CONTACT = envstr("MINSHENG_OPEN311_CONTACT")
MINSHENG_OPEN311_KEY_SERVICE = envstr("MINSHENG_OPEN311_KEY_SERVICE")
MINSHENG_OPEN311_MAX_REQUESTS = envint("MINSHENG_OPEN311_MAX_REQUESTS", 1000)
