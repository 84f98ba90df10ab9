"""The channels an outgoing message is sent through. Each `send_*` returns when the channel
has taken the message and raises DeliveryError (retried later) or PermanentDeliveryError
(not retried) otherwise. Called by the worker only (`outbox.deliver_due`), never in a request.

- e-mail: Django's mail backends (settings.EMAIL_BACKEND; the console backend in the demo);
- SMS: the backend named by settings.MINSHENG_SMS_BACKEND, an `SmsBackend` a deployment
  writes for its SMS gateway; the default only logs;
- WeCom (企业微信) and DingTalk (钉钉) group robots: an HTTPS POST of a markdown message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from notices.models import Outbox

logger = logging.getLogger("minsheng.notices")

TIMEOUT_SECONDS = 10
# WeCom refuses markdown over 4096 bytes; DingTalk's limit is larger, keep both modest.
MAX_MARKDOWN_BYTES = 4000


class DeliveryError(Exception):
    """The channel did not take the message; try again later."""


class PermanentDeliveryError(DeliveryError):
    """The message can never be sent as it is (no address, a robot switched off)."""


# ---- SMS -----------------------------------------------------------------------------------


class SmsBackend:
    """What an SMS gateway adapter provides. Subclass it, implement `send`, and name the class
    in MINSHENG_SMS_BACKEND (a dotted path). `send` raises DeliveryError when the gateway
    refuses or cannot be reached; the message is then retried with backoff."""

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class LoggingSmsBackend(SmsBackend):
    """The default: writes the SMS to the log (the number masked) and sends nothing."""

    def send(self, phone: str, text: str) -> None:
        masked = f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"
        logger.info("SMS to %s: %s", masked, text)


def sms_backend() -> SmsBackend:
    backend = import_string(settings.MINSHENG_SMS_BACKEND)()
    if not isinstance(backend, SmsBackend):
        raise PermanentDeliveryError(f"{settings.MINSHENG_SMS_BACKEND} is not an SmsBackend")
    return backend


# ---- group robots --------------------------------------------------------------------------


def _clip(text: str) -> str:
    raw = text.encode("utf-8")
    if len(raw) <= MAX_MARKDOWN_BYTES:
        return text
    return raw[: MAX_MARKDOWN_BYTES - 3].decode("utf-8", errors="ignore") + "…"


def _post_json(url: str, body: dict[str, Any]) -> dict[str, Any]:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise PermanentDeliveryError("the robot's address is not an http(s) address")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            raw = response.read()
    except urllib.error.HTTPError as exc:
        exc.close()
        raise DeliveryError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"cannot reach the robot: {exc}") from exc
    try:
        answer = json.loads(raw)
    except ValueError as exc:
        raise DeliveryError("the robot's answer is not JSON") from exc
    if not isinstance(answer, dict):
        raise DeliveryError("the robot's answer is not a JSON object")
    if answer.get("errcode") != 0:
        raise DeliveryError(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}")
    return answer


def wecom_body(title: str, text: str) -> dict[str, Any]:
    """WeCom group robot markdown message (developer.work.weixin.qq.com, 群机器人配置说明)."""
    return {"msgtype": "markdown", "markdown": {"content": _clip(text or title)}}


def dingtalk_body(title: str, text: str) -> dict[str, Any]:
    """DingTalk custom robot markdown message (open.dingtalk.com, 自定义机器人发送群消息)."""
    return {"msgtype": "markdown", "markdown": {"title": title[:100], "text": _clip(text)}}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature: base64 of HMAC-SHA256 over "timestamp\\nsecret", keyed with the
    secret, URL-encoded."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode("utf-8"), to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode("ascii"))


def dingtalk_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    """The robot's address with `timestamp` and `sign` appended when it has a secret."""
    if not secret:
        return url
    ts = timestamp_ms if timestamp_ms is not None else int(time.time() * 1000)
    joiner = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{joiner}timestamp={ts}&sign={dingtalk_sign(secret, ts)}"


def send_wecom(url: str, title: str, text: str) -> None:
    _post_json(url, wecom_body(title, text))


def send_dingtalk(url: str, secret: str, title: str, text: str) -> None:
    _post_json(dingtalk_url(url, secret), dingtalk_body(title, text))


# ---- dispatch ------------------------------------------------------------------------------


def send(row: Outbox) -> None:
    """Send one outgoing message through its channel."""
    payload = row.payload or {}
    if row.channel == "email":
        if not row.target:
            raise PermanentDeliveryError("no e-mail address")
        try:
            send_mail(
                payload.get("subject", ""),
                payload.get("body", ""),
                settings.DEFAULT_FROM_EMAIL,
                [row.target],
                fail_silently=False,
            )
        except OSError as exc:  # smtplib's errors are OSErrors
            raise DeliveryError(f"e-mail not accepted: {exc}") from exc
    elif row.channel == "sms":
        if not row.target:
            raise PermanentDeliveryError("no phone number")
        sms_backend().send(row.target, payload.get("text", ""))
    elif row.channel in ("wecom", "dingtalk"):
        hook = row.webhook
        if hook is None or not hook.active:
            raise PermanentDeliveryError("the group robot is switched off or gone")
        title, text = payload.get("title", ""), payload.get("text", "")
        if row.channel == "wecom":
            send_wecom(hook.url, title, text)
        else:
            send_dingtalk(hook.url, hook.secret, title, text)
    else:
        raise PermanentDeliveryError(f"unknown channel {row.channel!r}")
