"""The whole production stack at work: gunicorn and a task worker on PostgreSQL, Redis and
S3 (moto), reached over HTTP as a browser and cron reach them."""
from __future__ import annotations

import re
import time
from datetime import datetime

import httpx
import pytest
import redis

from tests import imagefiles
from tests.fake_akismet import COMMENT_CHECK, SPAM_AUTHOR
from tests.integration.conftest import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    ci_script,
)

AKISMET_DELAY = 2.0


def comment_form(html: str) -> dict[str, str]:
    """The hidden fields of the story page's comment form, and where it posts to."""
    fields = {"action": re.search(r'<form class="comment-form" method="post" action="([^"]+)"',
                                  html).group(1)}
    for name in ("started", "key", "parent"):
        fields[name] = re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
    return fields


def post_comment(stack, story, *, name, body, email):
    """Fill in and send the comment form as a browser does; returns (response, seconds)."""
    with stack.client() as browser:
        form = comment_form(browser.get(story["path"]).text)
        started = time.perf_counter()
        response = browser.post(form.pop("action"), headers={"Origin": stack.url}, data={
            **form, "name": name, "email": email, "url": "", "body": body, "homepage": ""})
        return response, time.perf_counter() - started


def comment_state(stack, body):
    rows = stack.query("SELECT state FROM comments_comment WHERE body = %s", body)
    return rows[0][0] if rows else None


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def admin_login(browser: httpx.Client) -> None:
    """Log in through the admin's form, with its CSRF cookie and token."""
    page = browser.get("/admin/login/", params={"next": "/admin/"})
    response = browser.post("/admin/login/", data={
        "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD, "next": "/admin/",
        "csrfmiddlewaretoken": csrf_token(page.text)})
    assert (response.status_code, response.headers["location"]) == (302, "/admin/")


def test_healthz_reports_database_cache_and_storage_ok(stack):
    response = httpx.get(f"{stack.url}/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok",
                               "storage": "ok"}
    # The storage probe wrote to the bucket and removed its file again.
    assert not [key for key in stack.bucket_keys() if key.startswith("healthz/")]


def test_a_comment_is_answered_at_once_and_the_worker_approves_it(stack, akismet):
    story = stack.new_story("quiet-comment", "The Salt Line: the cast is back")
    akismet.slow(AKISMET_DELAY)

    response, seconds = post_comment(stack, story, name="Mina Cho", email="mina@example.org",
                                     body="So glad the whole cast is back!")

    assert response.status_code == 302
    assert response.headers["location"].startswith(f"{story['path']}#comment-")
    assert seconds < AKISMET_DELAY / 2, f"the post took {seconds:.2f} s"
    # Still waiting for Akismet, which the worker (not the web server) is asking.
    assert comment_state(stack, "So glad the whole cast is back!") == "checking"
    # The rate limits live in Redis, shared by every app server.
    assert redis.Redis.from_url(stack.redis_url).keys("newsdesk:*comments:ip:127.0.0.1:*")

    stack.wait_for("the approved comment on the story page", lambda: (
        "So glad the whole cast is back!" in httpx.get(stack.url + story["path"]).text),
        seconds=AKISMET_DELAY + 20)
    assert comment_state(stack, "So glad the whole cast is back!") == "approved"
    [check] = akismet.requests_to(COMMENT_CHECK)
    assert check.form["comment_content"] == "So glad the whole cast is back!"


def test_spam_is_judged_by_the_worker_and_never_shown(stack, akismet):
    story = stack.new_story("spam-target", "The Salt Line: first trailer")
    akismet.slow(AKISMET_DELAY)

    response, seconds = post_comment(stack, story, name=SPAM_AUTHOR, email="bot@example.net",
                                     body="Cheap replica watches here")

    assert response.status_code == 302 and seconds < AKISMET_DELAY / 2
    stack.wait_for("the worker storing the comment as spam", lambda: (
        comment_state(stack, "Cheap replica watches here") == "spam"),
        seconds=AKISMET_DELAY + 20)
    assert "Cheap replica watches" not in httpx.get(stack.url + story["path"]).text


def test_a_scheduled_update_goes_live_when_cron_queues_the_work(stack):
    story = stack.new_story("filming-dates", "The Salt Line: when does filming start?")
    go_live_at = datetime.fromisoformat(stack.shell(f"""
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles.services.publishing import version_schedule
from articles.services.stories import CONTENT_FIELDS, version_create
from articles.models import Article
boss = get_user_model().objects.get(username={ADMIN_USERNAME!r})
article = Article.objects.get(pk={story["id"]})
content = {{name: getattr(article.latest_version, name) for name in CONTENT_FIELDS}}
content.update(headline="The Salt Line starts filming on 12 May", kind="update",
               update_label="May Update", public_note="The filming date is set.")
version = version_create(article, by=boss, based_on=None, **content)
go_live_at = timezone.now() + timedelta(seconds=3)
version_schedule(version, by=boss, go_live_at=go_live_at)
print(json.dumps(go_live_at.isoformat()))
"""))
    page = stack.url + story["path"]
    assert "starts filming on 12 May" not in httpx.get(page).text

    time.sleep(max(0.0, go_live_at.timestamp() - time.time()) + 0.2)  # cron's next minute
    output = stack.manage("enqueue_periodic")

    # Queued for the worker, not done by the command.
    assert re.fullmatch(r"publish_scheduled: task \S+ ready\.\nprocess_comments: task \S+ "
                        r"ready\.\n", output), output
    stack.wait_for("the scheduled update on the story page", lambda: (
        "starts filming on 12 May" in httpx.get(page).text))


def test_an_uploaded_picture_and_its_renditions_land_in_the_bucket(stack):
    with stack.client() as browser:
        admin_login(browser)
        form = browser.get("/admin/articles/image/add/")
        upload = imagefiles.jpeg(1600, 900, name="harbour-set.jpg")
        response = browser.post("/admin/articles/image/add/", data={
            "csrfmiddlewaretoken": csrf_token(form.text), "title": "Harbour set",
            "alt_text": "The cast on a rainy harbour wall", "caption": "", "credit": "",
            "_save": "Save"}, files={"file": ("harbour-set.jpg", upload.read(), "image/jpeg")})
        assert response.status_code == 302, response.text[:2000]
        [(image_id, original)] = stack.query(
            "SELECT id, file FROM articles_image WHERE title = %s", "Harbour set")

        renditions = stack.wait_for("the worker making the renditions", lambda: stack.query(
            "SELECT renditions FROM articles_image WHERE id = %s", image_id)[0][0])
        assert original.startswith("images/") and original.endswith("/harbour-set.jpg")
        rendition_keys = {rendition["name"] for rendition in renditions.values()}
        assert all(key.startswith(f"renditions/{image_id}/") for key in rendition_keys)
        assert {original, *rendition_keys} <= stack.bucket_keys()
        [(worker_ids,)] = stack.query(
            "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path = %s "
            "AND status = 'SUCCESSFUL'", "articles.services.renditions.make_renditions")
        assert worker_ids, "made by a worker"

        admin_page = browser.get(f"/admin/articles/image/{image_id}/change/").text
        assert f"{stack.media_url}{original}" in admin_page

    story = stack.new_story("harbour-pictures", "On set at the harbour", lead_image=image_id)
    story_page = httpx.get(stack.url + story["path"]).text
    linked = set(re.findall(rf"{re.escape(stack.media_url)}(renditions/{image_id}/[^\s\"',]+)",
                            story_page))
    assert linked and linked <= rendition_keys
    picture = httpx.get(stack.media_url + sorted(linked)[0])
    assert picture.status_code == 200
    assert picture.headers["content-type"] in {"image/webp", "image/jpeg"}


def test_static_files_come_from_whitenoise_with_long_caching_for_hashed_names(stack):
    home = httpx.get(stack.url + "/").text
    hashed = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1)

    response = httpx.get(stack.url + hashed)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "max-age=315360000" in response.headers["cache-control"]
    assert "immutable" in response.headers["cache-control"]
    # The same file by its plain name may change with the next release: a short lifetime.
    plain = httpx.get(stack.url + "/static/css/site.css")
    assert plain.status_code == 200 and "immutable" not in plain.headers["cache-control"]


@pytest.mark.parametrize(("script", "port_variable", "port_name"), [
    ("postgres.sh", "PGPORT", "postgres"),
    ("redis.sh", "REDIS_PORT", "redis"),
    ("s3.sh", "S3_PORT", "s3"),
])
def test_a_server_that_cannot_start_fails_the_suite_saying_why(stack, tmp_path, script,
                                                               port_variable, port_name):
    port = stack.ports[port_name]  # taken by the stack's own server
    env = {**stack.env, "NEWSDESK_CI_STATE_DIR": str(tmp_path), port_variable: str(port)}

    with pytest.raises(pytest.fail.Exception) as failure:
        ci_script(script, "start", env)

    assert f"port {port} is already in use; set {port_variable} to a free port" in str(
        failure.value)
    assert str(failure.value).startswith(f"The integration suite could not start a server: "
                                         f".ci/{script} start exited with 1:")


def test_a_change_made_anywhere_refreshes_the_cached_page_on_every_app_server(stack):
    """Pages are cached in Redis, shared by gunicorn's workers; an update published by
    another process (an editor's request on another server, here a shell) purges them."""
    story = stack.new_story("cached-story", "The Salt Line: a cached headline")
    page = stack.url + story["path"]
    stack.wait_for("a cached copy of the story page", lambda: (
        httpx.get(page).headers.get("x-page-cache") == "hit"))
    cached = httpx.get(page)
    assert httpx.get(page, headers={"If-None-Match": cached.headers["etag"]}).status_code == 304

    stack.shell(f"""
import json
from django.contrib.auth import get_user_model
from articles.services.publishing import article_publish
from articles.services.stories import CONTENT_FIELDS, version_create
from articles.models import Article
boss = get_user_model().objects.get(username={ADMIN_USERNAME!r})
article = Article.objects.get(pk={story["id"]})
content = {{name: getattr(article.latest_version, name) for name in CONTENT_FIELDS}}
content.update(headline="The Salt Line: the headline changed", kind="update",
               update_label="June Update", public_note="New headline.")
article_publish(version_create(article, by=boss, based_on=None, **content),
                         by=boss)
print(json.dumps(True))
""")

    # Every answer from now on, from whichever worker, carries the new headline.
    for _ in range(6):
        response = httpx.get(page, headers={"If-None-Match": cached.headers["etag"]})
        assert response.status_code == 200
        assert "the headline changed" in response.text
    assert "June Update" in httpx.get(page).text
