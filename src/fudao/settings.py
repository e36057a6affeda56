"""Django settings for fudao. The store comes from `FUDAO_DB`, the collected static files go to
`FUDAO_STATIC_ROOT` or the data folder (see fudao.store)."""

from __future__ import annotations

import os

from fudao.store import database_settings, static_root

SECRET_KEY = os.environ.get("FUDAO_SECRET_KEY", "fudao-local-only-change-me-in-production-0123456789")
DEBUG = os.environ.get("FUDAO_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("FUDAO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "fudao.documents",
    "fudao.search",
    "fudao.catalogue",
    "fudao.rules",
    "fudao.matching",
    "fudao.accounts",
    "fudao.enterprises",
    "fudao.cases",
    "fudao.outreach",
    "fudao.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fudao.web.middleware.security_headers",
    "fudao.web.middleware.api_errors",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
CSRF_COOKIE_SAMESITE = "Lax"

# Largest document `fudao ingest` accepts, in bytes (FUDAO_MAX_DOC_MB, default 50).
FUDAO_MAX_DOCUMENT_BYTES = int(float(os.environ.get("FUDAO_MAX_DOC_MB", "50")) * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
