"""Django settings: every value comes from the environment through strict helpers.

A bad value stops the process with a message naming the variable. Every variable is listed in the
README's configuration reference.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_url(name: str) -> str:
    """An http(s) address without a trailing slash, or "" when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    from urllib.parse import urlsplit

    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name} must be an http:// or https:// address such as https://sfs.example.gov.cn, "
            f"not {raw!r}"
        )
    return raw.rstrip("/")


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int_mapping(name: str) -> dict[str, int]:
    """`key=number,key=number` (e.g. `red=30,yellow=90`); empty means the built-in defaults."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {}
    mapping = {}
    for item in raw.split(","):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip().isdigit():
            raise ImproperlyConfigured(f"{name} must look like key=number,key=number; got {raw!r}")
        mapping[key.strip()] = int(value)
    return mapping


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("SIFASUO_DATA_DIR", "./sifasuo-data")).resolve()

DEBUG = env_bool("SIFASUO_DEBUG", False)
_secret = os.environ.get("SIFASUO_SECRET_KEY", "")
if not _secret:
    # The embedded default keeps a generated key in the data folder so sessions survive restarts.
    _key_file = DATA_DIR / "secret.key"
    if _key_file.exists():
        _secret = _key_file.read_text().strip()
    else:
        from django.utils.crypto import get_random_string

        _secret = get_random_string(50)
        if DATA_DIR.exists():
            with os.fdopen(
                os.open(_key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w"
            ) as f:
                f.write(_secret)
SECRET_KEY = _secret

# The key sealing personal data at rest (see core/sealed.py): 64 hex digits. Without it, the key
# is kept in a file, by default `data.key` in the data folder, created on first use; production
# sets the variable or points SIFASUO_DATA_KEY_FILE outside the data folder, so a copy of the
# folder (or a backup) never carries the key with the data.
SIFASUO_DATA_KEY = os.environ.get("SIFASUO_DATA_KEY", "").strip()
SIFASUO_DATA_KEY_FILE = Path(env_str("SIFASUO_DATA_KEY_FILE", str(DATA_DIR / "data.key"))).resolve()
ALLOWED_HOSTS = env_list("SIFASUO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("SIFASUO_CSRF_TRUSTED_ORIGINS", [])
# Host names that serve only the citizens' portal (/public/…); every other path answers 404 there
# (portal/middleware.py). They are allowed hosts without being listed twice.
SIFASUO_PUBLIC_HOSTS = env_list("SIFASUO_PUBLIC_HOSTS", [])
ALLOWED_HOSTS += [host for host in SIFASUO_PUBLIC_HOSTS if host not in ALLOWED_HOSTS]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "sifasuo.core",
    "sifasuo.intake",
    "sifasuo.mediation",
    "sifasuo.reviews",
    "sifasuo.contracts",
    "sifasuo.contract_review",
    "sifasuo.legal_aid",
    "sifasuo.petitions",
    "sifasuo.enforcement",
    "sifasuo.litigation",
    "sifasuo.advisors",
    "sifasuo.villages",
    "sifasuo.stations",
    "sifasuo.offices",
    "sifasuo.publicity",
    "sifasuo.portal",
    "sifasuo.api",
    "sifasuo.consultations",
    "ninja",
    "captcha",
]

MIDDLEWARE = [
    "sifasuo.portal.middleware.PublicHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sifasuo.core.middleware.IdleTimeoutMiddleware",
    "sifasuo.core.middleware.ScopeResolutionMiddleware",
    "sifasuo.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sifasuo.core.middleware.ErrorPageMiddleware",
]

ROOT_URLCONF = "sifasuo.urls"
WSGI_APPLICATION = "sifasuo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sifasuo.core.context_processors.navigation",
            ],
        },
    },
]

_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "sifasuo.sqlite3",
            "OPTIONS": {
                # WAL lets the web server and the worker read while the other writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("SIFASUO_TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Accounts and sessions (等保 2.0 身份鉴别: failure lockout, idle logout, password strength).
LOGIN_URL = "core:login"
LOGIN_URL_PATH = "/login/"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
SIFASUO_LOGIN_MAX_FAILURES = env_int("SIFASUO_LOGIN_MAX_FAILURES", 5, minimum=1)
SIFASUO_LOGIN_LOCK_MINUTES = env_int("SIFASUO_LOGIN_LOCK_MINUTES", 15, minimum=1)
# The per-address throttle comes before the account lock: this many failed logins from one client
# address within the window block that address for the window (so one address cannot lock every
# account). Behind a reverse proxy, name the header it sets to the client's address.
SIFASUO_LOGIN_ADDRESS_MAX_FAILURES = env_int("SIFASUO_LOGIN_ADDRESS_MAX_FAILURES", 20, minimum=1)
SIFASUO_LOGIN_ADDRESS_WINDOW_MINUTES = env_int(
    "SIFASUO_LOGIN_ADDRESS_WINDOW_MINUTES", 15, minimum=1
)
SIFASUO_CLIENT_ADDRESS_HEADER = env_str("SIFASUO_CLIENT_ADDRESS_HEADER", "")
# The public status page (no login): lookups per client address, and per tracking code, within
# SIFASUO_STATUS_WINDOW_MINUTES.
# The address citizens reach the public status page at from outside the intranet (回执).
SIFASUO_PUBLIC_URL = env_url("SIFASUO_PUBLIC_URL")
SIFASUO_STATUS_LOOKUPS_PER_ADDRESS = env_int("SIFASUO_STATUS_LOOKUPS_PER_ADDRESS", 20, minimum=1)
SIFASUO_STATUS_LOOKUPS_PER_CODE = env_int("SIFASUO_STATUS_LOOKUPS_PER_CODE", 5, minimum=1)
SIFASUO_STATUS_WINDOW_MINUTES = env_int("SIFASUO_STATUS_WINDOW_MINUTES", 10, minimum=1)
# The portal's forms: submissions per client address and per phone number within the window,
# and the number of submissions from one address after which its forms ask for the captcha.
SIFASUO_PUBLIC_SUBMISSIONS_PER_ADDRESS = env_int(
    "SIFASUO_PUBLIC_SUBMISSIONS_PER_ADDRESS", 10, minimum=1
)
SIFASUO_PUBLIC_SUBMISSIONS_PER_PHONE = env_int("SIFASUO_PUBLIC_SUBMISSIONS_PER_PHONE", 5, minimum=1)
SIFASUO_PUBLIC_WINDOW_MINUTES = env_int("SIFASUO_PUBLIC_WINDOW_MINUTES", 60, minimum=1)
SIFASUO_PUBLIC_CAPTCHA_AFTER = env_int("SIFASUO_PUBLIC_CAPTCHA_AFTER", 3, minimum=0)
# How long the portal's privacy notice says an application's personal data is kept, in years
# from the matter's close (个人信息保护法 第十七条 asks the notice to say it).
SIFASUO_PUBLIC_RETENTION_YEARS = env_int("SIFASUO_PUBLIC_RETENTION_YEARS", 10, minimum=1)
# The integration API's webhooks: attempts before a delivery is given up, the pause after the
# first failure (doubled after each further one), and the time a partner's server has to answer.
SIFASUO_API_WEBHOOK_ATTEMPTS = env_int("SIFASUO_API_WEBHOOK_ATTEMPTS", 8, minimum=1)
SIFASUO_API_WEBHOOK_BACKOFF_SECONDS = env_int("SIFASUO_API_WEBHOOK_BACKOFF_SECONDS", 30, minimum=1)
SIFASUO_API_WEBHOOK_TIMEOUT_SECONDS = env_int("SIFASUO_API_WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
# The integration API: calls without a valid token allowed from one client address per minute
# (a client with a token counts against its own limit instead).
SIFASUO_API_UNAUTHENTICATED_PER_MINUTE = env_int(
    "SIFASUO_API_UNAUTHENTICATED_PER_MINUTE", 30, minimum=1
)
# 网上法律咨询: the default response target (working minutes, per specialty unless an office sets
# its own), the working hours that count toward it, and how long the asker's name and phone are kept.
SIFASUO_CONSULT_TARGET_MINUTES = env_int("SIFASUO_CONSULT_TARGET_MINUTES", 10, minimum=1)
SIFASUO_CONSULT_KEEP_YEARS = env_int("SIFASUO_CONSULT_KEEP_YEARS", 3, minimum=1)


def _working_hours(text: str):
    import datetime as _dt

    try:
        opens, closes = (_dt.time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise ImproperlyConfigured(
            f"SIFASUO_CONSULT_WORKING_HOURS should look like 08:30-17:30, not {text!r}."
        ) from None
    if closes <= opens:
        raise ImproperlyConfigured("SIFASUO_CONSULT_WORKING_HOURS: the end must follow the start.")
    return opens, closes


SIFASUO_CONSULT_WORKING_HOURS = _working_hours(
    env_str("SIFASUO_CONSULT_WORKING_HOURS", "08:30-17:30")
)
SIFASUO_SESSION_IDLE_MINUTES = env_int("SIFASUO_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SIFASUO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "sifasuo.core.views.auth.csrf_failure"
# Only the platform's own scripts run: no inline or third-party script, nothing framed elsewhere.
SIFASUO_CONTENT_SECURITY_POLICY = env_str(
    "SIFASUO_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
SECURE_REFERRER_POLICY = "same-origin"
SIFASUO_PASSWORD_MIN_LENGTH = env_int("SIFASUO_PASSWORD_MIN_LENGTH", 8, minimum=6)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": SIFASUO_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sifasuo.core.passwords.CharacterClassValidator"},
]

# Deadlines.
SIFASUO_DUE_SOON_WORKDAYS = env_int("SIFASUO_DUE_SOON_WORKDAYS", 3, minimum=0)
SIFASUO_HOLIDAY_OVERRIDES = env_str("SIFASUO_HOLIDAY_OVERRIDES", "")
# Working days a 司法所 has to forward a legal-aid application to the county 法律援助中心.
SIFASUO_LEGAL_AID_FORWARD_DAYS = env_int("SIFASUO_LEGAL_AID_FORWARD_DAYS", 3, minimum=1)

# Business lines.
SIFASUO_UPLOAD_MAX_MB = env_int("SIFASUO_UPLOAD_MAX_MB", 20, minimum=1)
SIFASUO_BATCH_STALL_MINUTES = env_int("SIFASUO_BATCH_STALL_MINUTES", 10, minimum=1)
SIFASUO_RISK_CADENCE_DAYS = env_int_mapping("SIFASUO_RISK_CADENCE_DAYS")
SIFASUO_REVIEW_DUE_WORKDAYS = env_int_mapping("SIFASUO_REVIEW_DUE_WORKDAYS")
SIFASUO_CONTRACT_REVIEW_WORKDAYS = env_int("SIFASUO_CONTRACT_REVIEW_WORKDAYS", 5, minimum=1)
SIFASUO_LITIGATION_WARN_WORKING_DAYS = env_int("SIFASUO_LITIGATION_WARN_WORKING_DAYS", 3, minimum=0)
SIFASUO_CONTRACT_EXPIRY_ALERT_DAYS = env_int("SIFASUO_CONTRACT_EXPIRY_ALERT_DAYS", 60, minimum=1)
SIFASUO_CONTRACT_PAYMENT_ALERT_DAYS = env_int("SIFASUO_CONTRACT_PAYMENT_ALERT_DAYS", 30, minimum=1)
SIFASUO_ENFORCER_CARD_ALERT_DAYS = env_int("SIFASUO_ENFORCER_CARD_ALERT_DAYS", 60, minimum=1)
SIFASUO_DISCRETION_MIDPOINT_PERCENT = env_int("SIFASUO_DISCRETION_MIDPOINT_PERCENT", 50, minimum=1)
SIFASUO_DISCRETION_MULTIPLE_RATIO = env_int("SIFASUO_DISCRETION_MULTIPLE_RATIO", 4, minimum=2)
SIFASUO_DISCRETION_MAX_ONLY_PERCENT = env_int_mapping("SIFASUO_DISCRETION_MAX_ONLY_PERCENT")
# Village lines: an advisor's contract end shown as a to-do this many days before; the number
# of 法律明白人 each village is to have (besides its 学法用法示范户).
SIFASUO_ADVISOR_EXPIRY_ALERT_DAYS = env_int("SIFASUO_ADVISOR_EXPIRY_ALERT_DAYS", 60, minimum=1)
SIFASUO_UNDERSTANDERS_PER_VILLAGE = env_int("SIFASUO_UNDERSTANDERS_PER_VILLAGE", 3, minimum=1)

# The interface language is fixed by the deployment, not by the browser: an office PC with an
# English browser still gets the Chinese interface (no LocaleMiddleware).
LANGUAGE_CODE = env_str("SIFASUO_LANGUAGE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("SIFASUO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Static files are served by WhiteNoise straight from the installed package; a collected copy is
# only needed behind a separate web server (`sifasuo manage collectstatic`).
STATIC_ROOT = env_str("SIFASUO_STATIC_ROOT", "") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploaded files above this size go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SIFASUO_LOG_LEVEL", "WARNING")},
}
