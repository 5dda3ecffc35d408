"""The one seam between Newsdesk and Akismet.

Everything else in the project talks to Akismet through these functions and never imports
``akismet`` or ``httpx`` itself. The contract for callers:

* ``build_fields()`` turns a submitted comment into the exact dict Akismet receives. Store it
  on the comment: ``check()``, ``submit_spam()`` and ``submit_ham()`` send exactly those
  fields, so feedback sent later describes the comment as Akismet first saw it.
* Every failure of the service (timeout, refused or dropped connection, HTTP error, rejected
  key, an answer Akismet does not document) raises ``AkismetUnavailable`` with a short
  reason for the log. A caller treats that as "hold the comment as pending", never as spam
  and never as a reason to lose the comment.
* Akismet is off while ``AKISMET_API_KEY`` is empty; ask ``is_configured()`` first.

Settings read here (each through ``getattr`` with a default, at call time): AKISMET_API_KEY,
AKISMET_API_URL, AKISMET_TIMEOUT, AKISMET_IS_TEST, SITE_URL and LANGUAGE_CODE.
"""
from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import NoReturn, cast

import akismet
import httpx
from django.conf import settings
from django.utils.translation import to_locale

# The address the akismet client hard-codes. Only another AKISMET_API_URL (a relay, or the
# fake server the tests start) needs requests rewritten.
SERVICE_URL = "https://rest.akismet.com"

COMMENT_TYPES = frozenset({"comment", "reply"})

# How much of an undocumented answer an error quotes: enough to recognise an HTML error
# page, short enough for one log line.
_EXCERPT_LENGTH = 80


class Verdict(enum.Enum):
    HAM = "ham"
    SPAM = "spam"
    # Akismet's "blatant spam" answer: safe to drop without a moderator ever seeing it.
    DISCARD = "discard"


class AkismetUnavailable(Exception):
    """Akismet gave no usable answer; ``str()`` is a short reason fit for a log line."""


_VERDICTS = {
    akismet.CheckResponse.HAM: Verdict.HAM,
    akismet.CheckResponse.SPAM: Verdict.SPAM,
    akismet.CheckResponse.DISCARD: Verdict.DISCARD,
}


def is_configured() -> bool:
    return bool(_api_key())


def check(fields: dict[str, str]) -> Verdict:
    """Ask Akismet about a comment described by ``build_fields()``.

    Raises ``AkismetUnavailable`` when Akismet is off or gives no usable answer.
    """
    user_ip, blog, arguments = _split(fields)
    with _session("comment-check", blog=blog) as client:
        return _VERDICTS[client.comment_check(user_ip, **arguments)]


def submit_spam(fields: dict[str, str]) -> None:
    """Tell Akismet that a comment it passed is spam (same fields as its ``check()``)."""
    user_ip, blog, arguments = _split(fields)
    with _session("submit-spam", blog=blog) as client:
        client.submit_spam(user_ip, **arguments)


def submit_ham(fields: dict[str, str]) -> None:
    """Tell Akismet that a comment it flagged is not spam (same fields as its ``check()``)."""
    user_ip, blog, arguments = _split(fields)
    with _session("submit-ham", blog=blog) as client:
        client.submit_ham(user_ip, **arguments)


def verify_key() -> bool:
    """Whether Akismet accepts AKISMET_API_KEY for SITE_URL; False while Akismet is off.

    Raises ``AkismetUnavailable`` when Akismet cannot be asked.
    """
    if not is_configured():
        return False
    with _session("verify-key", blog=_site_url()) as client:
        return client.verify_key()


def build_fields(
    *,
    user_ip: str,
    user_agent: str,
    referrer: str,
    permalink: str,
    comment_type: str,
    author: str,
    author_email: str,
    author_url: str,
    content: str,
    created_at: datetime,
    post_modified_at: datetime | None,
) -> dict[str, str]:
    """The fields Akismet documents as useful for judging a comment, as strings.

    ``comment_type`` is "comment" for a top-level comment or "reply" for an answer to one;
    ``created_at`` and ``post_modified_at`` must be timezone-aware. Empty strings are kept
    (a reader may leave the URL blank); only an unknown post date is left out.
    """
    if comment_type not in COMMENT_TYPES:
        raise ValueError(
            f"comment_type must be one of {sorted(COMMENT_TYPES)}, not {comment_type!r}."
        )
    fields = {
        "blog": _site_url(),
        "user_ip": user_ip,
        "user_agent": user_agent,
        "referrer": referrer,
        "permalink": permalink,
        "comment_type": comment_type,
        "comment_author": author,
        "comment_author_email": author_email,
        "comment_author_url": author_url,
        "comment_content": content,
        "comment_date_gmt": _gmt(created_at),
        # WordPress sends its locale ("en_US"); Akismet reads ISO 639-1 with a region.
        "blog_lang": to_locale(getattr(settings, "LANGUAGE_CODE", "en-us")),
        # Django decodes every request body to str and httpx re-encodes it as UTF-8.
        "blog_charset": "UTF-8",
    }
    if post_modified_at is not None:
        fields["comment_post_modified_gmt"] = _gmt(post_modified_at)
    if getattr(settings, "AKISMET_IS_TEST", False):
        # Keeps test traffic out of Akismet's training data for this key.
        fields["is_test"] = "1"
    return fields


# --- Internals -------------------------------------------------------------------------


def _api_key() -> str:
    return str(getattr(settings, "AKISMET_API_KEY", "") or "")


def _api_url() -> str:
    return str(getattr(settings, "AKISMET_API_URL", SERVICE_URL) or SERVICE_URL).rstrip("/")


def _timeout() -> float:
    return float(getattr(settings, "AKISMET_TIMEOUT", 3.0))


def _site_url() -> str:
    return str(getattr(settings, "SITE_URL", ""))


def _gmt(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Akismet dates must be timezone-aware datetimes.")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _split(fields: dict[str, str]) -> tuple[str, str, akismet.AkismetArguments]:
    """user_ip goes positionally and blog through the client's Config; the rest as-is.

    The stored blog wins over today's SITE_URL, so feedback sent after a change of domain
    still names the site the comment was checked for.

    Unknown names make the client raise ``akismet.UnknownArgumentError`` (a TypeError):
    that is a bug in the caller, not an outage, so it is not turned into AkismetUnavailable.
    """
    arguments = {name: value for name, value in fields.items() if name not in ("user_ip", "blog")}
    blog = fields.get("blog") or _site_url()
    # The client types is_test as bool, but the form value Akismet reads is "1", which is
    # what build_fields() stores; every value here is already the string Akismet receives.
    return fields["user_ip"], blog, cast(akismet.AkismetArguments, arguments)


class _RedirectTransport(httpx.BaseTransport):
    """Sends each request to AKISMET_API_URL instead of the host the client hard-codes.

    The akismet client builds ``https://rest.akismet.com/1.1/...`` URLs with no way to
    change the host; this keeps the method, path, query and body and swaps scheme, host and
    port (and prefixes any path AKISMET_API_URL has, for a relay mounted under one).
    """

    def __init__(self, base_url: str) -> None:
        self._base = httpx.URL(base_url)
        self._prefix = self._base.path.rstrip("/")
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(
            scheme=self._base.scheme,
            host=self._base.host,
            port=self._base.port,
            path=self._prefix + request.url.path,
        )
        # httpx set Host from the original URL; a relay routes on it.
        request.headers["Host"] = self._base.netloc.decode("ascii")
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


@contextmanager
def _session(operation: str, *, blog: str) -> Iterator[akismet.SyncClient]:
    """A client for one call, with every failure turned into AkismetUnavailable.

    A new client per call rather than one per process: settings changed at run time (and
    by tests) apply to the next comment, nothing is shared between threads or across a
    pre-fork server's workers, and a closed pool cannot go stale between comments. The cost
    is one TLS handshake per comment, small beside the seconds a reader waits anyway.
    """
    key = _api_key()
    if not key:
        raise AkismetUnavailable("Akismet is off: AKISMET_API_KEY is empty")
    timeout = _timeout()
    api_url = _api_url()
    responses: list[httpx.Response] = []
    http_client = httpx.Client(
        headers={"User-Agent": akismet.USER_AGENT},
        # httpx applies this to each phase (connect, send, wait for the answer) rather than
        # to the whole exchange; Akismet's answers are a few bytes, so it is near enough.
        timeout=timeout,
        # The client's errors drop the debug header and body; keep the responses to quote.
        event_hooks={"response": [responses.append]},
        transport=None if api_url == SERVICE_URL else _RedirectTransport(api_url),
    )
    client = akismet.SyncClient(config=akismet.Config(key=key, url=blog), http_client=http_client)
    try:
        yield client
    except akismet.APIKeyError as error:
        raise AkismetUnavailable(
            f"Akismet rejected the API key or site URL{_debug_help(responses)}"
        ) from error
    except akismet.ProtocolError as error:
        raise AkismetUnavailable(
            f"Akismet gave an unexpected answer to {operation}: {_excerpt(responses)}"
            f"{_debug_help(responses)}"
        ) from error
    except akismet.RequestError as error:
        _raise_for_transport(error, api_url=api_url, timeout=timeout)
    finally:
        http_client.close()


def _raise_for_transport(
    error: akismet.RequestError, *, api_url: str, timeout: float
) -> NoReturn:
    cause = error.__cause__
    if isinstance(cause, httpx.ConnectTimeout):
        reason = f"Could not connect to Akismet at {api_url} within {timeout:g} seconds"
    elif isinstance(cause, httpx.TimeoutException):
        reason = f"Akismet did not answer within {timeout:g} seconds"
    elif isinstance(cause, httpx.HTTPStatusError):
        response = cause.response
        reason = f"Akismet answered HTTP {response.status_code} {response.reason_phrase}".rstrip()
    elif isinstance(cause, httpx.ConnectError):
        reason = f"Could not connect to Akismet at {api_url} ({cause})"
    elif isinstance(cause, httpx.RemoteProtocolError):
        reason = f"Akismet closed the connection without a proper answer ({cause})"
    else:
        reason = f"Could not talk to Akismet ({cause or error})"
    raise AkismetUnavailable(reason) from error


def _excerpt(responses: list[httpx.Response]) -> str:
    if not responses:
        return "no answer"
    text = responses[-1].text.strip()
    if len(text) > _EXCERPT_LENGTH:
        text = text[: _EXCERPT_LENGTH - 1] + "…"
    return repr(text)


def _debug_help(responses: list[httpx.Response]) -> str:
    help_text = responses[-1].headers.get("X-akismet-debug-help", "") if responses else ""
    return f" (Akismet says: {help_text})" if help_text else ""
