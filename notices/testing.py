"""A fake WeCom and DingTalk group-robot server for tests: a real HTTP server on 127.0.0.1
that checks each message against the documented shape and DingTalk's signature, and answers
as the real services do (errcode 0, or the failures it is told to give).

    with FakeRobotServer(dingtalk_secret="SEC...") as robots:
        hook.url = robots.dingtalk_url("token")
        robots.fail_next(2)               # the next two messages get errcode 130101
        ...
        robots.accepted                   # the messages taken, in order
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

WECOM_PATH = "/cgi-bin/webhook/send"
DINGTALK_PATH = "/robot/send"


@dataclass
class Received:
    robot: str  # "wecom" or "dingtalk"
    query: dict[str, str]
    body: Any
    errcode: int
    status: int = 200


@dataclass
class _State:
    dingtalk_secret: str = ""
    failures: list[tuple[int, int]] = field(default_factory=list)  # (http status, errcode)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _check_wecom(query: dict[str, str], body: Any) -> tuple[int, str]:
    if not query.get("key"):
        return 93000, "invalid webhook url, hint: key missing"
    if not isinstance(body, dict) or body.get("msgtype") != "markdown":
        return 40008, "invalid message type"
    md = body.get("markdown")
    if not isinstance(md, dict) or not isinstance(md.get("content"), str) or not md["content"]:
        return 44004, "markdown content is empty"
    if len(md["content"].encode("utf-8")) > 4096:
        return 40058, "markdown.content exceed max length 4096"
    return 0, "ok"


def _check_dingtalk(query: dict[str, str], body: Any, secret: str) -> tuple[int, str]:
    if not query.get("access_token"):
        return 300001, "token is not exist"
    if secret:
        ts, sign = query.get("timestamp", ""), query.get("sign", "")
        if not ts.isdigit() or abs(int(ts) - time.time() * 1000) > 3600 * 1000:
            return 310000, "invalid timestamp"
        expected = base64.b64encode(
            hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
        ).decode()
        # parse_qs has already URL-decoded the sign once, as DingTalk's server does.
        if not hmac.compare_digest(sign, expected):
            return 310000, "sign not match"
    if not isinstance(body, dict) or body.get("msgtype") != "markdown":
        return 40035, "msgtype is missing or not supported"
    md = body.get("markdown")
    if not isinstance(md, dict) or not all(
        isinstance(md.get(k), str) and md[k] for k in ("title", "text")
    ):
        return 40035, "markdown title and text are required"
    return 0, "ok"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet tests

    def do_POST(self) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
        if parts.path == WECOM_PATH:
            robot = "wecom"
            errcode, errmsg = _check_wecom(query, body)
        elif parts.path == DINGTALK_PATH:
            robot = "dingtalk"
            errcode, errmsg = _check_dingtalk(query, body, state.dingtalk_secret)
        else:
            self.send_error(404)
            return
        status = 200
        with state.lock:
            if errcode == 0 and state.failures:
                status, errcode = state.failures.pop(0)
                errmsg = "send too fast" if errcode else "server error"
            state.received.append(Received(robot, query, body, errcode, status))
        answer = json.dumps({"errcode": errcode, "errmsg": errmsg}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = True

    def __init__(self, state: _State) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class FakeRobotServer:
    """Start with `with`; stops and closes its socket on exit."""

    def __init__(self, dingtalk_secret: str = "") -> None:
        self.state = _State(dingtalk_secret=dingtalk_secret)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> FakeRobotServer:
        self._server = _Server(self.state)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def base(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def wecom_url(self, key: str = "test-key") -> str:
        return f"{self.base}{WECOM_PATH}?key={key}"

    def dingtalk_url(self, token: str = "test-token") -> str:  # noqa: S107
        return f"{self.base}{DINGTALK_PATH}?access_token={token}"

    def fail_next(self, n: int = 1, *, status: int = 200, errcode: int = 130101) -> None:
        """The next `n` well-formed messages are refused: HTTP `status` with `errcode`
        (DingTalk's 130101 is "sending too fast"; status 500 with errcode 0 is a server
        error)."""
        with self.state.lock:
            self.state.failures.extend([(status, errcode)] * n)

    @property
    def received(self) -> list[Received]:
        with self.state.lock:
            return list(self.state.received)

    @property
    def accepted(self) -> list[Received]:
        return [r for r in self.received if r.errcode == 0 and r.status == 200]
