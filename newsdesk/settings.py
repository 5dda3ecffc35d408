"""Newsdesk settings.

Every value that differs between a laptop and production is read from the environment
here, once, at the top. The defaults suit one machine: SQLite under ``var/``, media under
``var/media``, an in-process cache and tasks. Production switches on PostgreSQL, Redis and
the rest through environment variables (see the README).
"""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- Environment ---------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
DATABASE_URL = env_str("DATABASE_URL")
REDIS_URL = env_str("REDIS_URL")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
VAR_DIR = Path(env_str("NEWSDESK_VAR_DIR") or BASE_DIR / "var")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
SITE_NAME = env_str("SITE_NAME", "Newsdesk")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Behind a load balancer that terminates TLS, it tells us the original scheme.
TRUST_X_FORWARDED_PROTO = env_bool("TRUST_X_FORWARDED_PROTO", False)
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
# "immediate" runs each task in the process that queues it (one machine, the tests);
# "database" queues tasks in the database for `manage.py db_worker` to run.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate").lower()
# Uploads go to an S3-compatible bucket when S3_BUCKET is set, else under MEDIA_ROOT.
S3_BUCKET = env_str("S3_BUCKET")
# Empty means AWS itself; set it for MinIO, Cloudflare R2, moto...
S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL").rstrip("/")
S3_REGION = env_str("S3_REGION")
# Empty means boto3 finds credentials itself (an instance role, ~/.aws).
AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY")
# Where browsers fetch uploads from (a CDN, say); by default /media/ on local disk, or the
# bucket's own address.
MEDIA_URL = env_str("MEDIA_URL")
# Wrong passwords allowed per username and address, then a pause (see AXES_* below).
ADMIN_LOGIN_FAILURES = env_int("ADMIN_LOGIN_FAILURES", 5)
ADMIN_LOGIN_PAUSE_MINUTES = env_int("ADMIN_LOGIN_PAUSE_MINUTES", 15)
# Comments and their spam filter. Akismet is off while its key is empty.
AKISMET_API_KEY = env_str("AKISMET_API_KEY")
AKISMET_API_URL = env_str("AKISMET_API_URL", "https://rest.akismet.com").rstrip("/")
AKISMET_TIMEOUT = float(env_str("AKISMET_TIMEOUT", "3"))
AKISMET_IS_TEST = env_bool("AKISMET_IS_TEST", False)
# "trusted": approve ham from commenters with an earlier approved comment, hold the rest;
# "hold_all": hold every comment that passes the spam checks; "approve_ham": approve them.
COMMENTS_MODERATION = env_str("COMMENTS_MODERATION", "trusted")
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 30)
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 4)
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 5000)
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_MIN_FILL_SECONDS = env_int("COMMENTS_MIN_FILL_SECONDS", 3)
COMMENTS_RATE_SECONDS = env_int("COMMENTS_RATE_SECONDS", 15)
COMMENTS_RATE_PER_HOUR = env_int("COMMENTS_RATE_PER_HOUR", 30)
COMMENTS_THREADS_PER_PAGE = env_int("COMMENTS_THREADS_PER_PAGE", 50)
COMMENTS_PURGE_AFTER_DAYS = env_int("COMMENTS_PURGE_AFTER_DAYS", 30)
COMMENTS_NOTIFY_EVERY_MINUTES = env_int("COMMENTS_NOTIFY_EVERY_MINUTES", 15)
# Uploads over either limit are refused with a message saying which.
IMAGES_MAX_UPLOAD_MB = env_int("IMAGES_MAX_UPLOAD_MB", 25)
IMAGES_MAX_MEGAPIXELS = env_int("IMAGES_MAX_MEGAPIXELS", 40)
# Encoder quality of every rendition (0-100), in one place.
IMAGES_WEBP_QUALITY = env_int("IMAGES_WEBP_QUALITY", 80)
IMAGES_JPEG_QUALITY = env_int("IMAGES_JPEG_QUALITY", 82)
# Anonymous reader pages are kept whole in the cache this long (0 turns the page cache off);
# every change purges the pages it touches at once. A CDN in front may keep them
# PAGE_CACHE_CDN_SECONDS, or longer when it is purged by key (see the README).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_CDN_SECONDS = env_int("PAGE_CACHE_CDN_SECONDS", 60)
# Costly parts of pages (comment threads, the menu) are kept this long, purged like pages;
# they make uncached pages fast too (0 turns them off).
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 3600)
# Each app process also keeps this many of the pages and fragments it read lately (still
# checked against purges on every read): most recent first, 0 for none.
PAGE_CACHE_LOCAL_ENTRIES = env_int("PAGE_CACHE_LOCAL_ENTRIES", 200)
# How far apart the app servers' clocks may be (NTP keeps them within milliseconds).
PAGE_CACHE_CLOCK_SKEW_SECONDS = env_int("PAGE_CACHE_CLOCK_SKEW_SECONDS", 1)
# A CDN that purges by surrogate key (Fastly's API: POST with a Surrogate-Key header and
# the token as Fastly-Key) is told each purge, by the task worker; empty: no CDN to tell.
CDN_PURGE_URL = env_str("CDN_PURGE_URL")
CDN_PURGE_TOKEN = env_str("CDN_PURGE_TOKEN")
# Moderator mail goes to the console until an SMTP host is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsdesk@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=true on a "
            "development machine."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

_site = urlsplit(SITE_URL)
if _site.scheme not in {"http", "https"} or not _site.netloc:
    raise ImproperlyConfigured(f"SITE_URL must be an absolute http(s) URL, not {SITE_URL!r}.")
SITE_IS_HTTPS = _site.scheme == "https"

_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be {' or '.join(map(repr, _TASK_BACKENDS))}, "
        f"not {TASKS_BACKEND!r}."
    )


def _is_absolute_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


if not S3_BUCKET:
    for _name, _value in (("S3_ENDPOINT_URL", S3_ENDPOINT_URL), ("S3_REGION", S3_REGION)):
        if _value:
            raise ImproperlyConfigured(
                f"{_name} is set but S3_BUCKET is empty: set S3_BUCKET to keep uploads in "
                f"a bucket, or unset {_name}."
            )
if S3_ENDPOINT_URL and not _is_absolute_http_url(S3_ENDPOINT_URL):
    raise ImproperlyConfigured(
        f"S3_ENDPOINT_URL must be an absolute http(s) URL, not {S3_ENDPOINT_URL!r}."
    )
if bool(AWS_ACCESS_KEY_ID) != bool(AWS_SECRET_ACCESS_KEY):
    raise ImproperlyConfigured(
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: set both, or neither to "
        "let boto3 find credentials itself."
    )
if MEDIA_URL and not MEDIA_URL.endswith("/"):
    raise ImproperlyConfigured(f"MEDIA_URL must end with a slash, not {MEDIA_URL!r}.")
if S3_BUCKET:
    if MEDIA_URL and not _is_absolute_http_url(MEDIA_URL):
        raise ImproperlyConfigured(
            f"MEDIA_URL must be an absolute http(s) URL when uploads are in a bucket, not "
            f"{MEDIA_URL!r}."
        )
    if not MEDIA_URL:
        MEDIA_URL = (
            f"{S3_ENDPOINT_URL}/{S3_BUCKET}/"
            if S3_ENDPOINT_URL
            else f"https://{S3_BUCKET}.s3.{S3_REGION or 'us-east-1'}.amazonaws.com/"
        )
MEDIA_URL = MEDIA_URL or "/media/"

# --- Applications --------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "django_tasks",
    *(["django_tasks_db"] if TASKS_BACKEND == "database" else []),
    "axes",
    "articles",
    "comments",
]

MIDDLEWARE = [
    # First, so a cached page holds every header the rest add and a hit skips them all
    # (newsdesk/wsgi.py answers hits even before Django, from the same copies).
    "articles.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 304s for pages that did not change since the reader's copy (the page cache answers
    # its own hits' 304s).
    "django.middleware.http.ConditionalGetMiddleware",
    # Before anything looks an address up.
    "newsdesk.addresses.UnreadableAddressMiddleware",
    "articles.redirects.WordPressRedirectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsdesk.admin_search.AdminSearchMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with our page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

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
                "articles.context_processors.site",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=600, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "newsdesk.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two
                # editors saving at once queue up instead of failing half-way.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not memory, so tests with threads see one shared database.
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ---------------------------------------------------------------------------
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsdesk.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsdesk",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsdesk",
        },
        # The page cache's purge times, in files every process on the machine shares: cron's
        # commands and the task worker change pages too, and their purges must reach the
        # server's in-memory pages. A handful of small files; never culled in practice.
        "purges": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "purges"),
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
    }

# --- Tasks ---------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

# --- Files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if S3_BUCKET:
    _media = urlsplit(MEDIA_URL)
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": S3_REGION or None,
            "access_key": AWS_ACCESS_KEY_ID or None,
            "secret_key": AWS_SECRET_ACCESS_KEY or None,
            # MinIO, moto and friends on an IP address or one host name take the bucket
            # in the path, not as a subdomain.
            "addressing_style": "path" if S3_ENDPOINT_URL else None,
            # Plain links built from MEDIA_URL: they never expire inside a cached page and
            # cost no request signing (a story page has dozens). The bucket, or the CDN in
            # front of it, must let anyone read.
            "querystring_auth": False,
            "custom_domain": f"{_media.netloc}{_media.path.rstrip('/')}",
            "url_protocol": f"{_media.scheme}:",
            # As on local disk: a second "poster.jpg" gets a name of its own instead of
            # replacing the first.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }

# --- Security ------------------------------------------------------------------------
SESSION_COOKIE_SECURE = SITE_IS_HTTPS
CSRF_COOKIE_SECURE = SITE_IS_HTTPS
SECURE_SSL_REDIRECT = SITE_IS_HTTPS and not DEBUG
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Reader pages run only our own script files: no inline script, no eval, no plugins, and
# no page elsewhere may frame them. Pictures may come from the bucket or CDN in MEDIA_URL.
# The admin is left out: its widgets (and the story editor's) rely on inline code.
_media_origin = urlsplit(MEDIA_URL)
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:", *(
            [f"{_media_origin.scheme}://{_media_origin.netloc}"] if _media_origin.netloc
            else [])],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}
if TRUST_X_FORWARDED_PROTO:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sign-in throttling (django-axes): after ADMIN_LOGIN_FAILURES wrong passwords for one
# username from one address, that pair may not sign in for ADMIN_LOGIN_PAUSE_MINUTES.
# By the pair, so a stranger guessing cannot lock a writer out from everywhere, and one
# office's typos do not lock out the whole office. Attempts are listed in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = ADMIN_LOGIN_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=ADMIN_LOGIN_PAUSE_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsdesk.lockout.locked_out"
AXES_VERBOSE = False  # its start-up banner would print with every manage.py command

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ---------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Newsdesk ------------------------------------------------------------------------
NEWSDESK_PAGE_SIZE = 12

# "KDrama" and "kdrama" are one topic.
TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # httpx (under the Akismet client) logs every request at INFO; django_tasks logs each
    # task's start and end, two lines per uploaded picture.
    "loggers": {"httpx": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}
