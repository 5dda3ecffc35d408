"""A small Akismet look-alike on 127.0.0.1, so tests run the real client over real HTTP.

It answers the REST API as Akismet documents it (https://akismet.com/developers/):
``/1.1/verify-key``, ``/1.1/comment-check``, ``/1.1/submit-spam``, ``/1.1/submit-ham``,
``/1.2/key-sites`` and ``/1.2/usage-limit``, and it decides verdicts the way Akismet treats
its documented test values:

* ``user_role=administrator`` is always ham;
* ``comment_author=viagra-test-123`` or ``comment_author_email=akismet-guaranteed-spam@example.com``
  is always spam;
* content containing ``discard_trigger`` is spam with ``X-akismet-pro-tip: discard``
  (Akismet has no public trigger for that answer, so the tests pick one);
* everything else is ham.

Every request is recorded, whatever the server then does with it. ``slow()``, ``fail()``,
``drop()`` and ``garbage()`` change how the next ``times`` requests are answered (all of them
until ``reset()`` when ``times`` is None).

    with FakeAkismet() as server:
        ...  # point AKISMET_API_URL at server.url
"""
from __future__ import annotations

import json
import socket
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

SPAM_AUTHOR = "viagra-test-123"
SPAM_EMAIL = "akismet-guaranteed-spam@example.com"
HAM_ROLE = "administrator"
SUBMIT_THANKS = "Thanks for making the web a better place."
DEFAULT_KEY = "test-key-123"
DEFAULT_DISCARD_TRIGGER = "discard-me"

COMMENT_CHECK = "/1.1/comment-check"
SUBMIT_SPAM = "/1.1/submit-spam"
SUBMIT_HAM = "/1.1/submit-ham"
VERIFY_KEY = "/1.1/verify-key"
KEY_SITES = "/1.2/key-sites"
USAGE_LIMIT = "/1.2/usage-limit"


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    # Names lower-cased: HTTP header names are case-insensitive.
    headers: dict[str, str]


@dataclass
class _Mode:
    kind: str  # "slow", "fail", "drop" or "garbage"
    remaining: int | None
    seconds: float = 0.0
    status: int = HTTPStatus.INTERNAL_SERVER_ERROR
    body: str = ""


class FakeAkismet:
    def __init__(
        self,
        *,
        valid_keys: tuple[str, ...] = (DEFAULT_KEY,),
        discard_trigger: str = DEFAULT_DISCARD_TRIGGER,
    ) -> None:
        self.valid_keys = valid_keys
        self.discard_trigger = discard_trigger
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._mode: _Mode | None = None
        # Slow answers wait on this, so reset() and stop() release them at once.
        self._wake = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- Lifecycle ---------------------------------------------------------------------

    def start(self) -> FakeAkismet:
        if self._server is not None:
            raise RuntimeError("The fake Akismet server is already running.")
        self._server = _Server(("127.0.0.1", 0), _Handler, fake=self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-akismet",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._wake.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeAkismet:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("The fake Akismet server is not running.")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- Inspection --------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.path == path]

    # --- Behaviour ---------------------------------------------------------------------

    def reset(self) -> None:
        """Forget recorded requests and answer normally again."""
        with self._lock:
            self._requests.clear()
            self._mode = None
            self._wake.set()
            self._wake = threading.Event()

    def slow(self, seconds: float, *, times: int | None = None) -> None:
        """Wait ``seconds`` before answering (normally) the next ``times`` requests."""
        self._set_mode(_Mode("slow", times, seconds=seconds))

    def fail(self, status: int = HTTPStatus.INTERNAL_SERVER_ERROR, *, times: int | None = None) -> None:
        """Answer the next ``times`` requests with an HTTP error status."""
        self._set_mode(_Mode("fail", times, status=status))

    def drop(self, *, times: int | None = None) -> None:
        """Read the next ``times`` requests, then close the connection without answering."""
        self._set_mode(_Mode("drop", times))

    def garbage(self, body: str = "<html><h1>502 Bad Gateway</h1></html>", *,
                times: int | None = None) -> None:
        """Answer the next ``times`` requests with 200 and a body Akismet never sends."""
        self._set_mode(_Mode("garbage", times, body=body))

    def _set_mode(self, mode: _Mode) -> None:
        with self._lock:
            self._mode = mode

    def _take_mode(self) -> tuple[_Mode | None, threading.Event]:
        with self._lock:
            mode = self._mode
            if mode is not None and mode.remaining is not None:
                mode.remaining -= 1
                if mode.remaining <= 0:
                    self._mode = None
            return mode, self._wake

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    # --- The API -----------------------------------------------------------------------

    def answer(self, request: RecordedRequest) -> tuple[int, dict[str, str], str]:
        """(status, headers, body) as Akismet would answer, ignoring any failure mode."""
        routes = {
            ("POST", VERIFY_KEY): self._verify_key,
            ("POST", COMMENT_CHECK): self._comment_check,
            ("POST", SUBMIT_SPAM): self._submit,
            ("POST", SUBMIT_HAM): self._submit,
            ("GET", KEY_SITES): self._key_sites,
            ("GET", USAGE_LIMIT): self._usage_limit,
        }
        route = routes.get((request.method, request.path))
        if route is None:
            return HTTPStatus.NOT_FOUND, {}, "Not found"
        return route(request)

    def _verify_key(self, request: RecordedRequest) -> tuple[int, dict[str, str], str]:
        # The current docs name the key "api_key"; older clients (this one) send "key".
        key = request.form.get("api_key") or request.form.get("key", "")
        blog = request.form.get("blog", "")
        if key not in self.valid_keys:
            return HTTPStatus.OK, {"X-akismet-debug-help": "Invalid API key."}, "invalid"
        if not blog.startswith(("http://", "https://")):
            return (
                HTTPStatus.OK,
                {"X-akismet-debug-help": "We were unable to parse your blog URI"},
                "invalid",
            )
        return HTTPStatus.OK, {}, "valid"

    def _refusal(self, form: dict[str, str]) -> tuple[int, dict[str, str], str] | None:
        for name in ("api_key", "blog", "user_ip"):
            if not form.get(name):
                help_text = f"Missing required field: {name}."
                return HTTPStatus.OK, {"X-akismet-debug-help": help_text}, help_text
        if form["api_key"] not in self.valid_keys:
            help_text = "Your request did not include a valid API key."
            return HTTPStatus.OK, {"X-akismet-debug-help": help_text}, "invalid"
        return None

    def _comment_check(self, request: RecordedRequest) -> tuple[int, dict[str, str], str]:
        if refusal := self._refusal(request.form):
            return refusal
        form = request.form
        headers = {"X-akismet-guid": f"fake-guid-{len(self.requests)}"}
        if form.get("user_role") == HAM_ROLE:
            return HTTPStatus.OK, headers, "false"
        if self.discard_trigger and self.discard_trigger in form.get("comment_content", ""):
            return HTTPStatus.OK, {**headers, "X-akismet-pro-tip": "discard"}, "true"
        if form.get("comment_author") == SPAM_AUTHOR or form.get("comment_author_email") == SPAM_EMAIL:
            return HTTPStatus.OK, headers, "true"
        return HTTPStatus.OK, headers, "false"

    def _submit(self, request: RecordedRequest) -> tuple[int, dict[str, str], str]:
        if refusal := self._refusal(request.form):
            return refusal
        return HTTPStatus.OK, {}, SUBMIT_THANKS

    def _key_sites(self, request: RecordedRequest) -> tuple[int, dict[str, str], str]:
        if request.query.get("api_key") not in self.valid_keys:
            return HTTPStatus.OK, {"X-akismet-debug-help": "Invalid API key."}, "invalid"
        body = {"limit": 500, "offset": 0, "total": 0}
        return HTTPStatus.OK, {"Content-Type": "application/json"}, json.dumps(body)

    def _usage_limit(self, request: RecordedRequest) -> tuple[int, dict[str, str], str]:
        if request.query.get("api_key") not in self.valid_keys:
            return HTTPStatus.OK, {"X-akismet-debug-help": "Invalid API key."}, "invalid"
        body = {"limit": "none", "usage": len(self.requests), "percentage": "0.00",
                "throttled": False}
        return HTTPStatus.OK, {"Content-Type": "application/json"}, json.dumps(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: Any, *, fake: FakeAkismet) -> None:
        self.fake = fake
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timed out) leaves a closed socket behind; writing to it is
        # expected in the slow-server tests and not worth a traceback.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "FakeAkismet/1.0"

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def log_message(self, format: str, *args: Any) -> None:
        pass  # Tests inspect fake.requests; a line per request on stderr is noise.

    def _serve(self, method: str) -> None:
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        split = urlsplit(self.path)
        request = RecordedRequest(
            method=method,
            path=split.path,
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            form=dict(parse_qsl(body, keep_blank_values=True)),
            headers={name.lower(): value for name, value in self.headers.items()},
        )
        fake._record(request)

        mode, wake = fake._take_mode()
        if mode is not None and mode.kind == "slow":
            wake.wait(mode.seconds)
        if mode is not None and mode.kind == "drop":
            self.close_connection = True
            # Shut the socket down outright, so the client sees the connection end with
            # no response at all.
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if mode is not None and mode.kind == "fail":
            self._send(mode.status, {}, HTTPStatus(mode.status).phrase)
        elif mode is not None and mode.kind == "garbage":
            self._send(HTTPStatus.OK, {}, mode.body)
        else:
            self._send(*fake.answer(request))

    def _send(self, status: int, headers: dict[str, str], body: str) -> None:
        payload = body.encode("utf-8")
        headers = {"Content-Type": "text/plain; charset=utf-8", **headers}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
