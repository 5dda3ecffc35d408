"""Settings are read from the environment once, at import, so each switch gets its own process."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TEST_KEY = "settings-tests-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz"

_SHOW = """
import django, json
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
db = settings.DATABASES["default"]
media = settings.STORAGES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "HOST": db.get("HOST"),
    "PORT": db.get("PORT"),
    "OPTIONS": db.get("OPTIONS", {}),
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION"),
    "PURGES": settings.CACHES.get("purges"),
    "TASKS_BACKEND": settings.TASKS["default"]["BACKEND"],
    "TASKS_DB_APP": "django_tasks_db" in settings.INSTALLED_APPS,
    "MEDIA_BACKEND": media["BACKEND"],
    "MEDIA_OPTIONS": {name: media.get("OPTIONS", {}).get(name) for name in (
        "bucket_name", "endpoint_url", "region_name", "addressing_style", "querystring_auth",
        "file_overwrite")},
    "MEDIA_URL": settings.MEDIA_URL,
    # Built without a request to the bucket: pages make dozens of these.
    "PICTURE_URL": default_storage.url("renditions/7/hero-480.webp"),
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "MEDIA_ROOT_TYPE": type(settings.MEDIA_ROOT).__name__,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "CSP_IMG_SRC": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "AXES_FAILURE_LIMIT": settings.AXES_FAILURE_LIMIT,
    "AXES_COOLOFF_SECONDS": settings.AXES_COOLOFF_TIME.total_seconds(),
}))
"""


def clean_env(**values: str) -> dict[str, str]:
    # Built from nothing, so DATABASE_URL, SECRET_KEY, DEBUG... of the outer run
    # (CI sets a real PostgreSQL DATABASE_URL) cannot change what is tested.
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": os.environ.get("HOME", str(REPO)),
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
    }
    env.update(values)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=180
    )


def load_settings(**values: str) -> dict:
    result = run(["-c", _SHOW], clean_env(**values))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def refused(**values: str) -> str:
    result = run(["-c", _SHOW], clean_env(**values))
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr


# --- Defaults: one machine, no services ---------------------------------------------


def test_no_environment_uses_sqlite_locmem_and_inprocess_tasks_under_var():
    values = load_settings(SECRET_KEY=TEST_KEY)
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(values["NAME"]).parent == REPO / "var"
    assert values["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in values["OPTIONS"]["init_command"]
    assert values["CACHE_BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    # Purge times in files every process on the machine shares (see test_page_cache).
    assert values["PURGES"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert Path(values["PURGES"]["LOCATION"]) == REPO / "var" / "cache" / "purges"
    assert values["TASKS_BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert values["TASKS_DB_APP"] is False
    assert Path(values["MEDIA_ROOT"]) == REPO / "var" / "media"
    assert values["MEDIA_BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert values["PICTURE_URL"] == "/media/renditions/7/hero-480.webp"
    assert values["DEBUG"] is False


def test_default_sqlite_connection_runs_in_wal_mode(tmp_path):
    # WAL lets readers keep reading while an editor saves; the option alone proves nothing
    # unless a real connection applies it.
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "cursor.execute('PRAGMA journal_mode')\n"
        "print(cursor.fetchone()[0])\n"
    )
    result = run(["-c", code], clean_env(SECRET_KEY=TEST_KEY, NEWSDESK_VAR_DIR=str(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().lower() == "wal"
    assert (tmp_path / "newsdesk.sqlite3").exists()


# --- SECRET_KEY and DEBUG ------------------------------------------------------------


def test_production_without_secret_key_refuses_to_start():
    result = run(["-c", _SHOW], clean_env())
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_without_secret_key_starts_for_development():
    values = load_settings(DEBUG="true")
    assert values["DEBUG"] is True


def test_debug_not_true_or_false_is_refused_naming_debug():
    message = refused(DEBUG="maybe", SECRET_KEY=TEST_KEY)
    assert "DEBUG" in message
    assert "maybe" in message


# --- Services ------------------------------------------------------------------------


def test_postgres_database_url_configures_postgresql():
    values = load_settings(
        SECRET_KEY=TEST_KEY, DATABASE_URL="postgres://u:p@db.example:5433/newsdesk"
    )
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["HOST"] == "db.example"
    assert int(values["PORT"]) == 5433
    assert values["NAME"] == "newsdesk"


def test_non_postgres_database_url_is_refused_naming_postgresql():
    message = refused(SECRET_KEY=TEST_KEY, DATABASE_URL="mysql://u:p@db.example:3306/newsdesk")
    assert "DATABASE_URL" in message
    assert "PostgreSQL" in message


def test_redis_url_switches_cache_to_redis():
    values = load_settings(SECRET_KEY=TEST_KEY, REDIS_URL="redis://cache.example:6379/1")
    assert values["CACHE_BACKEND"] == "newsdesk.cache.RedisCache"
    assert values["CACHE_LOCATION"] == "redis://cache.example:6379/1"
    assert values["PURGES"] is None  # kept in Redis beside the pages


# --- Tasks ---------------------------------------------------------------------------


def test_database_tasks_backend_queues_tasks_for_the_worker():
    values = load_settings(SECRET_KEY=TEST_KEY, TASKS_BACKEND="Database")
    assert values["TASKS_BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert values["TASKS_DB_APP"] is True


def test_unknown_tasks_backend_is_refused_naming_the_choices():
    message = refused(SECRET_KEY=TEST_KEY, TASKS_BACKEND="celery")
    assert "TASKS_BACKEND must be 'immediate' or 'database', not 'celery'." in message


# --- Media in object storage ---------------------------------------------------------

S3_KEYS = {"AWS_ACCESS_KEY_ID": "newsdesk-test", "AWS_SECRET_ACCESS_KEY": "not-a-secret"}


def test_s3_bucket_with_an_endpoint_stores_uploads_there_and_links_path_style():
    values = load_settings(SECRET_KEY=TEST_KEY, S3_BUCKET="newsdesk-media",
                           S3_ENDPOINT_URL="http://127.0.0.1:9000/", **S3_KEYS)
    assert values["MEDIA_BACKEND"] == "storages.backends.s3.S3Storage"
    assert values["MEDIA_OPTIONS"] == {
        "bucket_name": "newsdesk-media", "endpoint_url": "http://127.0.0.1:9000",
        "region_name": None, "addressing_style": "path", "querystring_auth": False,
        "file_overwrite": False,
    }
    assert values["MEDIA_URL"] == "http://127.0.0.1:9000/newsdesk-media/"
    assert values["PICTURE_URL"] == (
        "http://127.0.0.1:9000/newsdesk-media/renditions/7/hero-480.webp")


def test_s3_bucket_on_aws_links_to_its_regional_address():
    values = load_settings(SECRET_KEY=TEST_KEY, S3_BUCKET="newsdesk-media",
                           S3_REGION="eu-west-1")
    assert values["MEDIA_OPTIONS"]["endpoint_url"] is None
    assert values["MEDIA_OPTIONS"]["region_name"] == "eu-west-1"
    assert values["PICTURE_URL"] == (
        "https://newsdesk-media.s3.eu-west-1.amazonaws.com/renditions/7/hero-480.webp")


def test_media_url_puts_a_cdn_in_front_of_the_bucket():
    values = load_settings(SECRET_KEY=TEST_KEY, S3_BUCKET="newsdesk-media",
                           MEDIA_URL="https://media.example.com/uploads/", **S3_KEYS)
    assert values["PICTURE_URL"] == (
        "https://media.example.com/uploads/renditions/7/hero-480.webp")
    # Reader pages' Content-Security-Policy lets pictures come from there.
    assert "https://media.example.com" in values["CSP_IMG_SRC"]


@pytest.mark.parametrize(("environment", "expected"), [
    ({"S3_ENDPOINT_URL": "http://127.0.0.1:9000"},
     "S3_ENDPOINT_URL is set but S3_BUCKET is empty: set S3_BUCKET to keep uploads in a "
     "bucket, or unset S3_ENDPOINT_URL."),
    ({"S3_REGION": "eu-west-1"},
     "S3_REGION is set but S3_BUCKET is empty"),
    ({"S3_BUCKET": "media", "S3_ENDPOINT_URL": "minio.internal:9000"},
     "S3_ENDPOINT_URL must be an absolute http(s) URL, not 'minio.internal:9000'."),
    ({"S3_BUCKET": "media", "AWS_ACCESS_KEY_ID": "newsdesk-test"},
     "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together"),
    ({"S3_BUCKET": "media", "MEDIA_URL": "https://media.example.com"},
     "MEDIA_URL must end with a slash, not 'https://media.example.com'."),
    ({"S3_BUCKET": "media", "MEDIA_URL": "/media/"},
     "MEDIA_URL must be an absolute http(s) URL when uploads are in a bucket, not '/media/'."),
])
def test_object_storage_nonsense_is_refused_saying_what_to_fix(environment, expected):
    assert expected in refused(SECRET_KEY=TEST_KEY, **environment)


def test_production_stack_environment_passes_check_deploy():
    # The integration suite's stack: the task worker's app and S3 must add no warning.
    result = run(["manage.py", "check", "--deploy"], clean_env(
        SECRET_KEY="x" * 60 + "-production-stack-check-0123456789",
        DATABASE_URL="postgres://u:p@db.invalid:5432/newsdesk",
        REDIS_URL="redis://cache.invalid:6379/0", TASKS_BACKEND="database",
        S3_BUCKET="newsdesk-media", S3_ENDPOINT_URL="https://s3.invalid",
        ALLOWED_HOSTS="news.example.com", SITE_URL="https://news.example.com",
        SECURE_HSTS_SECONDS="31536000", SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true", **S3_KEYS))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output and "WARNINGS" not in output


# --- Hosts, paths and HTTPS ----------------------------------------------------------


def test_allowed_hosts_is_split_on_commas_and_stripped():
    values = load_settings(SECRET_KEY=TEST_KEY, ALLOWED_HOSTS="a.example, b.example")
    assert values["ALLOWED_HOSTS"] == ["a.example", "b.example"]


def test_media_root_from_environment_is_a_path(tmp_path):
    values = load_settings(SECRET_KEY=TEST_KEY, MEDIA_ROOT=str(tmp_path / "x"))
    assert values["MEDIA_ROOT"] == str(tmp_path / "x")
    assert values["MEDIA_ROOT_TYPE"].endswith("Path")


def test_https_site_url_makes_cookies_secure_and_redirects_to_https():
    values = load_settings(SECRET_KEY=TEST_KEY, SITE_URL="https://news.example.com/")
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://news.example.com"]


def test_admin_sign_in_throttle_is_set_from_the_environment():
    assert load_settings(SECRET_KEY=TEST_KEY)["AXES_FAILURE_LIMIT"] == 5
    values = load_settings(SECRET_KEY=TEST_KEY, ADMIN_LOGIN_FAILURES="3",
                           ADMIN_LOGIN_PAUSE_MINUTES="60")
    assert values["AXES_FAILURE_LIMIT"] == 3
    assert values["AXES_COOLOFF_SECONDS"] == 3600


def test_default_http_site_url_keeps_cookies_usable_without_tls():
    values = load_settings(SECRET_KEY=TEST_KEY)
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False


def test_site_url_without_scheme_is_refused_with_clear_message():
    message = refused(SECRET_KEY=TEST_KEY, SITE_URL="news.example.com")
    assert "SITE_URL" in message
    assert "news.example.com" in message


# --- Production, as the README describes it ------------------------------------------


def readme_production_env() -> dict[str, str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Production", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "README has no ```sh block under ## Production"
    values = {}
    for line in block.group(1).splitlines():
        match = re.fullmatch(r"\s*export\s+([A-Z_][A-Z0-9_]*)=(?:'([^']*)'|(\S*))\s*", line)
        if match:
            quoted, bare = match.group(2), match.group(3)
            values[match.group(1)] = quoted if quoted is not None else bare
    return values


def test_readme_production_environment_passes_check_deploy():
    block = readme_production_env()
    assert {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SITE_URL"} <= block.keys()
    # The block's database host does not exist: this also proves check --deploy
    # needs no database connection.
    result = run(["manage.py", "check", "--deploy"], clean_env(**block))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output
    assert "WARNINGS" not in output


# --- Static files --------------------------------------------------------------------


def test_collectstatic_writes_hashed_files_and_manifest_for_whitenoise(tmp_path):
    static_root = tmp_path / "static"
    result = run(
        ["manage.py", "collectstatic", "--noinput"],
        clean_env(
            SECRET_KEY=TEST_KEY,
            STATIC_ROOT=str(static_root),
            NEWSDESK_VAR_DIR=str(tmp_path / "var"),
        ),
    )
    assert result.returncode == 0, result.stderr
    hashed = [p.name for p in (static_root / "css").glob("site.*.css")]
    assert any(re.fullmatch(r"site\.[0-9a-f]{12}\.css", name) for name in hashed), hashed
    manifest = json.loads((static_root / "staticfiles.json").read_text(encoding="utf-8"))
    served = manifest["paths"]["css/site.css"]
    assert served != "css/site.css"
    assert (static_root / served).exists()
