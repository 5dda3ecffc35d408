"""comments.spam against a fake Akismet, through the real akismet client over real HTTP."""
from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from comments import spam
from comments.spam import AkismetUnavailable, Verdict
from tests.fake_akismet import (
    COMMENT_CHECK,
    DEFAULT_KEY,
    SPAM_AUTHOR,
    SPAM_EMAIL,
    SUBMIT_HAM,
    SUBMIT_SPAM,
    VERIFY_KEY,
)

# 14:06:07 at UTC+2 is 12:06:07 UTC: the conversion is part of what is tested.
CREATED_AT = datetime(2025, 3, 4, 14, 6, 7, 123456, tzinfo=timezone(timedelta(hours=2)))
POST_MODIFIED_AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def comment_fields(**overrides: Any) -> dict[str, str]:
    arguments: dict[str, Any] = {
        "user_ip": "203.0.113.7",
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
        "referrer": "https://newsdesk.example/tv/salt-line-season-2/",
        "permalink": "https://newsdesk.example/tv/salt-line-season-2/",
        "comment_type": "comment",
        "author": "Rosa Lind",
        "author_email": "rosa@example.org",
        "author_url": "",
        "content": "Ça alors — season 2 in spring? 🎬 Can't wait & hope the cast returns.",
        "created_at": CREATED_AT,
        "post_modified_at": POST_MODIFIED_AT,
    }
    arguments.update(overrides)
    return spam.build_fields(**arguments)


# --- Verdicts ----------------------------------------------------------------------------


def test_ordinary_comment_is_ham(akismet):
    assert spam.check(comment_fields()) is Verdict.HAM


@pytest.mark.parametrize(
    "overrides",
    [{"author": SPAM_AUTHOR}, {"author_email": SPAM_EMAIL}],
    ids=["spam-author", "spam-email"],
)
def test_akismet_spam_test_values_are_spam(akismet, overrides):
    assert spam.check(comment_fields(**overrides)) is Verdict.SPAM


def test_blatant_spam_is_discard(akismet):
    verdict = spam.check(comment_fields(content="Cheap pills, discard-me now"))

    assert verdict is Verdict.DISCARD


def test_administrator_role_is_ham_even_for_spam_author(akismet):
    # Fields beyond build_fields() (here user_role) pass through unchanged.
    fields = {**comment_fields(author=SPAM_AUTHOR), "user_role": "administrator"}

    assert spam.check(fields) is Verdict.HAM
    assert akismet.requests[0].form["user_role"] == "administrator"


# --- What reaches Akismet ----------------------------------------------------------------


def test_check_sends_every_field_unchanged(akismet, settings):
    fields = comment_fields(comment_type="reply", author_url="https://rosa.example.org/")

    spam.check(fields)

    (request,) = akismet.requests
    assert request.method == "POST"
    assert request.path == COMMENT_CHECK
    assert request.form == {"api_key": DEFAULT_KEY, **fields}
    assert request.form["blog"] == settings.SITE_URL
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.headers["user-agent"].startswith("akismet.py/")


def test_build_fields_holds_every_documented_field(settings):
    settings.SITE_URL = "https://newsdesk.example"
    settings.LANGUAGE_CODE = "en-us"
    settings.AKISMET_IS_TEST = False

    fields = comment_fields()

    assert fields == {
        "blog": "https://newsdesk.example",
        "user_ip": "203.0.113.7",
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
        "referrer": "https://newsdesk.example/tv/salt-line-season-2/",
        "permalink": "https://newsdesk.example/tv/salt-line-season-2/",
        "comment_type": "comment",
        "comment_author": "Rosa Lind",
        "comment_author_email": "rosa@example.org",
        "comment_author_url": "",
        "comment_content": "Ça alors — season 2 in spring? 🎬 Can't wait & hope the cast returns.",
        "comment_date_gmt": "2025-03-04T12:06:07Z",
        "comment_post_modified_gmt": "2025-03-01T09:00:00Z",
        "blog_lang": "en_US",
        "blog_charset": "UTF-8",
    }


def test_unknown_post_date_is_left_out():
    assert "comment_post_modified_gmt" not in comment_fields(post_modified_at=None)


@pytest.mark.parametrize("name", ["created_at", "post_modified_at"])
def test_naive_datetime_is_refused(name):
    with pytest.raises(ValueError, match="timezone-aware"):
        comment_fields(**{name: datetime(2025, 3, 4, 12, 0)})


def test_unknown_comment_type_is_refused():
    with pytest.raises(ValueError, match="comment_type"):
        comment_fields(comment_type="trackback")


@pytest.mark.parametrize("is_test", [True, False])
def test_is_test_is_sent_only_when_configured(akismet, settings, is_test):
    settings.AKISMET_IS_TEST = is_test

    spam.check(comment_fields())

    form = akismet.requests[0].form
    if is_test:
        assert form["is_test"] == "1"
    else:
        assert "is_test" not in form


@pytest.mark.parametrize(
    ("submit", "path"),
    [(spam.submit_spam, SUBMIT_SPAM), (spam.submit_ham, SUBMIT_HAM)],
    ids=["spam", "ham"],
)
def test_submit_sends_the_fields_check_sent(akismet, settings, submit, path):
    settings.AKISMET_IS_TEST = True
    fields = comment_fields()
    spam.check(fields)

    assert submit(fields) is None

    checked, submitted = akismet.requests
    assert submitted.path == path
    assert submitted.form == checked.form


def test_submit_keeps_the_stored_blog_after_site_url_changes(akismet, settings):
    fields = comment_fields()
    settings.SITE_URL = "https://moved.example"

    spam.submit_spam(fields)

    assert akismet.requests[0].form["blog"] == fields["blog"]


# --- Key verification --------------------------------------------------------------------


def test_valid_key_verifies(akismet, settings):
    assert spam.verify_key() is True

    (request,) = akismet.requests
    assert request.path == VERIFY_KEY
    assert request.form == {"key": DEFAULT_KEY, "blog": settings.SITE_URL}


def test_wrong_key_does_not_verify(akismet, settings):
    settings.AKISMET_API_KEY = "not-the-key"

    assert spam.verify_key() is False


# --- Akismet switched off ----------------------------------------------------------------


def test_empty_key_is_not_configured(akismet, settings):
    settings.AKISMET_API_KEY = ""

    assert spam.is_configured() is False
    assert spam.verify_key() is False
    with pytest.raises(AkismetUnavailable, match="AKISMET_API_KEY is empty"):
        spam.check(comment_fields())
    assert akismet.requests == []


def test_key_set_is_configured(akismet):
    assert spam.is_configured() is True


# --- Failures ----------------------------------------------------------------------------


def test_slow_server_is_unavailable_after_the_timeout(akismet):
    akismet.slow(10)

    with pytest.raises(AkismetUnavailable, match=r"did not answer within 0\.5 seconds"):
        spam.check(comment_fields())


def test_server_error_is_unavailable(akismet):
    akismet.fail(500)

    with pytest.raises(AkismetUnavailable, match="HTTP 500 Internal Server Error"):
        spam.check(comment_fields())


def test_dropped_connection_is_unavailable(akismet):
    akismet.drop()

    with pytest.raises(AkismetUnavailable, match="closed the connection"):
        spam.check(comment_fields())


def test_garbage_answer_is_unavailable(akismet):
    akismet.garbage("<html>Service Unavailable</html>")

    with pytest.raises(
        AkismetUnavailable,
        match="unexpected answer to comment-check: '<html>Service Unavailable</html>'",
    ):
        spam.check(comment_fields())


def test_wrong_key_is_unavailable(akismet, settings):
    settings.AKISMET_API_KEY = "not-the-key"

    with pytest.raises(AkismetUnavailable, match="rejected the API key") as raised:
        spam.check(comment_fields())

    # Akismet's X-akismet-debug-help header is quoted for whoever reads the log.
    assert "did not include a valid API key" in str(raised.value)


def test_refused_connection_is_unavailable(akismet, settings):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        settings.AKISMET_API_URL = f"http://127.0.0.1:{unused.getsockname()[1]}"
        # Bound but not listening: the connection is refused.
        with pytest.raises(AkismetUnavailable, match="Could not connect to Akismet"):
            spam.check(comment_fields())


@pytest.mark.parametrize(
    "call",
    [spam.submit_spam, spam.submit_ham, lambda fields: spam.verify_key()],
    ids=["submit_spam", "submit_ham", "verify_key"],
)
@pytest.mark.parametrize("failure", ["fail", "drop", "garbage"])
def test_every_call_turns_failures_into_unavailable(akismet, call, failure):
    getattr(akismet, failure)()

    with pytest.raises(AkismetUnavailable):
        call(comment_fields())


def test_failure_mode_lasts_only_the_given_number_of_requests(akismet):
    akismet.fail(503, times=1)

    with pytest.raises(AkismetUnavailable, match="HTTP 503"):
        spam.check(comment_fields())
    assert spam.check(comment_fields()) is Verdict.HAM


# --- Where requests go -------------------------------------------------------------------


@pytest.fixture
def connections(monkeypatch):
    """Every address a socket connection is opened to during the test."""
    opened = []
    real_create_connection = socket.create_connection

    def create_connection(address, *args, **kwargs):
        opened.append(address)
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return opened


def test_requests_go_only_to_the_configured_url(akismet, connections):
    fields = comment_fields()

    spam.check(fields)
    spam.submit_spam(fields)
    spam.submit_ham(fields)
    spam.verify_key()

    assert [request.path for request in akismet.requests] == [
        COMMENT_CHECK, SUBMIT_SPAM, SUBMIT_HAM, VERIFY_KEY,
    ]
    assert connections == [("127.0.0.1", akismet.port)] * 4
    assert {request.headers["host"] for request in akismet.requests} == {
        f"127.0.0.1:{akismet.port}"
    }


def test_path_of_the_configured_url_prefixes_the_api_path(akismet, settings):
    settings.AKISMET_API_URL = f"{akismet.url}/relay/"

    # The fake has no relay, so it answers 404; what matters is where the request went.
    with pytest.raises(AkismetUnavailable, match="HTTP 404"):
        spam.check(comment_fields())

    assert akismet.requests[0].path == f"/relay{COMMENT_CHECK}"


def test_real_service_url_is_used_unchanged(akismet, settings, monkeypatch):
    settings.AKISMET_API_URL = "https://rest.akismet.com"
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    attempted = []

    def refuse(address, *args, **kwargs):
        # Stands in for the network: records the address, connects nowhere.
        attempted.append(address)
        raise ConnectionRefusedError("no network in tests")

    monkeypatch.setattr(socket, "create_connection", refuse)

    with pytest.raises(AkismetUnavailable, match="Could not connect to Akismet at https://rest.akismet.com"):
        spam.check(comment_fields())

    assert attempted == [("rest.akismet.com", 443)]
    assert akismet.requests == []
