"""Django settings for fudao, from the environment (DESIGN "Running in production").

The store comes from `FUDAO_DB`, the collected static files go to `FUDAO_STATIC_ROOT` or the data
folder (see fudao.store). `FUDAO_SECRET_KEY` (else a key kept in the data folder),
`FUDAO_DEBUG`, `FUDAO_ALLOWED_HOSTS`, `FUDAO_CSRF_TRUSTED_ORIGINS` and `FUDAO_HTTPS`.
`FUDAO_CACHE_URL` (Redis, shared by several hosts; requires `FUDAO_SECRET_KEY`) selects the cache.
"""

from __future__ import annotations

import os
from datetime import timedelta

from fudao.logs import logging_config
from fudao.secrets import secret_key
from fudao.sharedcache import cache_settings, cache_url
from fudao.store import data_dir, database_settings, file_storage, static_root


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = secret_key(data_dir())
DEBUG = os.environ.get("FUDAO_DEBUG", "") == "1"
ALLOWED_HOSTS = _env_list("FUDAO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _env_list("FUDAO_CSRF_TRUSTED_ORIGINS")
HTTPS = os.environ.get("FUDAO_HTTPS", "") == "1"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "fudao.audit",
    "fudao.documents",
    "fudao.search",
    "fudao.catalogue",
    "fudao.rules",
    "fudao.matching",
    "fudao.accounts",
    "fudao.enterprises",
    "fudao.cases",
    "fudao.events",
    "fudao.outreach",
    "fudao.alerts",
    "fudao.reports",
    "fudao.web",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "fudao.web.observability.observe",  # JSON access line and metrics of every answer, 413/429 included
    "fudao.web.middleware.body_limit",
    "fudao.web.middleware.body_encoding",  # a form/JSON body not in UTF-8: 400, never a 500
    "django.middleware.security.SecurityMiddleware",
    "fudao.web.middleware.security_headers",
    "fudao.web.middleware.api_errors",
    "fudao.web.ratelimit.rate_limit",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "fudao.web.middleware.ApplicationErrors",  # fudao.errors → 400/403/404/409 pages
]

# Accounts: argon2 hashes, zh-TW password rules, lock-out after repeated failures (django-axes).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "fudao.audit.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "fudao.audit.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "fudao.audit.passwords.CommonPasswordValidator"},
    {"NAME": "fudao.audit.passwords.NumericPasswordValidator"},
    {"NAME": "fudao.audit.passwords.VarietyValidator", "OPTIONS": {"min_distinct": 5}},
    {"NAME": "fudao.audit.passwords.CommonPatternValidator"},
]
AUTHENTICATION_BACKENDS = [
    "fudao.audit.backends.LockoutBackend",  # AxesStandaloneBackend: refuses locked-out clients
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5  # failures per username and client address before a lock-out
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "fudao.web.middleware.lockout_response"
AXES_CLIENT_IP_CALLABLE = "fudao.audit.services.client_ip"
AXES_VERBOSE = False  # sign-in events go to the audit log, not to the process log

ROOT_URLCONF = "fudao.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "fudao.wsgi.application"

# Rate-limit counters and whatever else hosts share outside the store (fudao.sharedcache).
# Checked first: a refused cache setting stops the start before the store's file is created.
CACHES = cache_settings(cache_url(), data_dir())
DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文")]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = static_root()  # FUDAO_STATIC_ROOT, else `static` in the data folder
WHITENOISE_USE_FINDERS = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/desk/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # a working day; the session also ends when the browser closes
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

if HTTPS:  # behind an HTTPS proxy that sets X-Forwarded-Proto (and strips it from clients)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Largest request body (form or JSON) the site reads; larger ones get 413 unread.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400

# Files on cases (fudao.cases.attachments): at most FUDAO_ATTACHMENT_MAX_MB each (default 10),
# stored in the folder `attachments` of the data folder, or through the storage backend named by
# FUDAO_FILE_STORAGE (a dotted class, e.g. django-storages' storages.backends.s3.S3Storage) with
# the options of FUDAO_FILE_STORAGE_OPTIONS (a JSON object).
FUDAO_ATTACHMENT_MAX_BYTES = int(float(os.environ.get("FUDAO_ATTACHMENT_MAX_MB", "10")) * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(data_dir() / "files")}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "attachments": file_storage(data_dir()),
}
# The site's address in e-mails queued from the command line (the pages use the request's).
FUDAO_SITE_URL = os.environ.get("FUDAO_SITE_URL", "").strip() or "http://127.0.0.1:8000/"
# Reply links of messages to the enterprise stay valid this many days (FUDAO_REPLY_LINK_DAYS).
FUDAO_REPLY_LINK_DAYS = int(os.environ.get("FUDAO_REPLY_LINK_DAYS", "30"))

# Largest document `fudao ingest` accepts, in bytes (FUDAO_MAX_DOC_MB, default 50).
FUDAO_MAX_DOCUMENT_BYTES = int(float(os.environ.get("FUDAO_MAX_DOC_MB", "50")) * 1024 * 1024)

# Background tasks (`fudao worker`): django-tasks with its database backend, no broker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Seconds between two sweeps of due follow-ups by `fudao worker` (FUDAO_SWEEP_SECONDS).
FUDAO_SWEEP_SECONDS = int(os.environ.get("FUDAO_SWEEP_SECONDS", "300"))

# Mail (follow-up reminders, waitlist promotions): FUDAO_EMAIL_BACKEND is console (default), file, smtp, locmem
# or a dotted backend path; the file backend writes to FUDAO_EMAIL_FILE_PATH.
_MAIL_BACKENDS = {"console": "django.core.mail.backends.console.EmailBackend",
                  "file": "django.core.mail.backends.filebased.EmailBackend",
                  "smtp": "django.core.mail.backends.smtp.EmailBackend",
                  "locmem": "django.core.mail.backends.locmem.EmailBackend"}
_mail = os.environ.get("FUDAO_EMAIL_BACKEND", "console").strip() or "console"
EMAIL_BACKEND = _MAIL_BACKENDS.get(_mail, _mail)
EMAIL_FILE_PATH = os.environ.get("FUDAO_EMAIL_FILE_PATH", "") or str(data_dir() / "mail")
EMAIL_HOST = os.environ.get("FUDAO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("FUDAO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("FUDAO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("FUDAO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("FUDAO_EMAIL_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("FUDAO_EMAIL_FROM", "fudao@localhost")

# JSON lines: errors on standard error, one access line per request (FUDAO_ACCESS_LOG, set by
# `fudao serve --access-log`); see fudao.logs.
LOGGING = logging_config()
