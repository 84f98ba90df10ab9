"""Rate limits on the shared cache (the database, or Redis when configured), so several web
processes agree: per token (or console user), and per client address for anonymous calls.

The client address is REMOTE_ADDR, never X-Forwarded-For, which any client can write: behind
a proxy, have the proxy set REMOTE_ADDR (see minsheng/throttle.py). Rates are read at each
request from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], set from MINSHENG_API_TOKEN_RATE and
MINSHENG_API_ANON_RATE."""

from __future__ import annotations

import math
import re
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from api.auth import request_token
from api.models import ApiToken
from minsheng.throttle import client_address, client_key

RATE = re.compile(r"^[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)$")
ENV = {"token": "MINSHENG_API_TOKEN_RATE", "anon": "MINSHENG_API_ANON_RATE"}


class _Rate(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        if not isinstance(rate, str) or not RATE.match(rate):
            raise ImproperlyConfigured(
                f"{ENV.get(self.scope or '', self.scope)} must look like 600/min, not {rate!r}."
            )
        return rate


class TokenRateThrottle(_Rate):
    """Calls made with a token, counted per token; console sessions per user."""

    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = request_token(request)
        if token is not None:
            ident = f"t{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"u{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonRateThrottle(_Rate):
    """Anonymous calls (public intake, feedback with the tracking secret), per address."""

    scope = "anon"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        ident = client_key(client_address(request._request))
        return self.cache_format % {"scope": self.scope, "ident": ident}


THROTTLES = [TokenRateThrottle, AnonRateThrottle]


class _TokenBudget(TokenRateThrottle):
    """The per-token count of the REST API, for a caller outside DRF (Open311): one token
    has one budget, whichever door it comes in by."""

    def __init__(self, token: ApiToken) -> None:
        super().__init__()
        self.token = token

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": f"t{self.token.pk}"}


def token_wait(request: HttpRequest, token: ApiToken) -> int:
    """0 when a call with this token fits its rate (the call is then counted), else the
    seconds (rounded up) until it would."""
    budget = _TokenBudget(token)
    if budget.allow_request(Request(request), APIView()):
        return 0
    return max(1, math.ceil(budget.wait() or 1))
