"""Open311 GeoReport v2 endpoints under /open311/v2/, as plain function views.

Each view reads its parameters, calls one function of `catalogue`, `submission` or `query`
and renders the answer in the format of the path's suffix. Whatever goes wrong, the caller
gets the specification's error list in that format, never an HTML page: a refusal is an
Open311Error with its 4xx status; an unknown path under /open311/v2/ is a 404 and a wrong
method a 405 in the same shape. No cookie authenticates here (only api_key), so CSRF
protection has nothing to protect and is off."""

from __future__ import annotations

import contextlib
import functools
import logging
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from api.auth import token_for_key
from api.models import ApiToken, Scope
from api.open311 import catalogue, query, submission
from api.open311 import params as p
from api.open311.formats import (
    SPEC_FORMATS,
    Format,
    Open311Error,
    error_response,
    format_from_suffix,
    render,
    render_error,
)
from api.open311.models import RequestDetail
from api.rest import throttling
from minsheng import throttle

logger = logging.getLogger(__name__)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When these endpoints were first published: the changeset until a service definition changes.
FIRST_CHANGESET = datetime(2026, 11, 28, tzinfo=UTC)
MEDIA_FIELD = "media"

Handler = Callable[..., HttpResponse]


def _language(request: HttpRequest) -> str | None:
    """?locale=en or ?locale=zh_CN (any zh): the language of names and messages. Without it,
    the Accept-Language header decides, as on every page."""
    raw = (request.GET.get("locale") or "").strip().lower().replace("_", "-")
    if raw.startswith("en"):
        return "en"
    if raw.startswith("zh"):
        return "zh-hans"
    return None


@contextlib.contextmanager
def _in_language(language: str | None) -> Iterator[None]:
    if language is None:
        yield
    else:
        with translation.override(language):
            yield


def _body_limit() -> int:
    return (
        settings.MINSHENG_MAX_UPLOAD_BYTES * settings.MINSHENG_MAX_ATTACHMENTS
        + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )


def _check_jurisdiction(params: QueryDict) -> None:
    given = p.text(params, "jurisdiction_id")
    ours = settings.MINSHENG_OPEN311_JURISDICTION
    if given is not None and given.lower() != ours.lower():
        raise Open311Error(
            404,
            _("jurisdiction_id %(given)s was not found; this endpoint serves %(ours)s.")
            % {"given": given[:100], "ours": ours},
        )


def endpoint(*methods: str) -> Callable[[Handler], Handler]:
    """An Open311 view answering `methods` (HEAD goes with GET): it is called as
    view(request, fmt, params, **url_kwargs) and may raise Open311Error."""
    allowed = [*methods, *(["HEAD"] if "GET" in methods else []), "OPTIONS"]

    def decorate(view: Handler) -> Handler:
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, fmt: str | None = None, **kwargs: Any) -> HttpResponse:
            f = format_from_suffix(fmt, request)
            with _in_language(_language(request)):
                try:
                    if request.method == "OPTIONS":
                        response = HttpResponse(status=204)
                        response["Allow"] = ", ".join(allowed)
                        response["Access-Control-Allow-Origin"] = "*"
                        response["Access-Control-Allow-Methods"] = ", ".join(allowed)
                        return response
                    if request.method not in allowed:
                        raise Open311Error(
                            405,
                            _("This resource answers %(methods)s only.")
                            % {"methods": ", ".join(methods)},
                        )
                    length = request.META.get("CONTENT_LENGTH") or "0"
                    if length.isdigit() and int(length) > _body_limit():
                        raise Open311Error(413, _("The request body is too large."))
                    if any("\x00" in str(v) for v in kwargs.values()):
                        raise Open311Error(404, _no_resource(request))
                    params = p.merged(request)
                    _check_jurisdiction(params)
                    return view(request, f, params, **kwargs)
                except Open311Error as exc:
                    response = render_error(f, exc, allowed if exc.status == 405 else ())
                    if isinstance(exc, Throttled):
                        response["Retry-After"] = str(exc.seconds)
                    return response
                except Exception:
                    # Never an HTML page, not even for our own mistakes.
                    logger.exception("Open311 %s %s failed", request.method, request.path)
                    return error_response(
                        f,
                        500,
                        [(500, _("Something went wrong on our side."))],
                    )

        return wrapper

    return decorate


def _token(params: QueryDict, *, required: bool) -> ApiToken | None:
    key = p.text(params, "api_key")
    if key is None:
        if required:
            raise Open311Error(403, _("api_key was not provided."))
        return None
    token = token_for_key(key)
    if token is None:
        raise Open311Error(403, _("api_key is not valid, or has been revoked."))
    return token


# ---- discovery and services ---------------------------------------------------------------


@endpoint("GET")
def discovery(request: HttpRequest, fmt: Format, params: QueryDict) -> HttpResponse:
    changed = max(filter(None, [catalogue.changeset(), FIRST_CHANGESET]))
    url = request.build_absolute_uri(reverse("open311:root")).rstrip("/")
    return render(
        fmt,
        "discovery",
        {
            "changeset": changed,
            "contact": settings.MINSHENG_OPEN311_CONTACT
            or _("Ask the administrators of this Minsheng installation."),
            "key_service": settings.MINSHENG_OPEN311_KEY_SERVICE
            or _(
                "API keys are issued by the administrators of this installation; a key"
                " is needed to submit requests."
            ),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": url,
                    "changeset": changed,
                    "type": "production",
                    "formats": SPEC_FORMATS,
                }
            ],
        },
    )


@endpoint("GET")
def service_list(request: HttpRequest, fmt: Format, params: QueryDict) -> HttpResponse:
    return render(fmt, "services", catalogue.services())


@endpoint("GET")
def service_definition(
    request: HttpRequest, fmt: Format, params: QueryDict, service_code: str
) -> HttpResponse:
    return render(fmt, "service_definition", catalogue.definition(catalogue.service(service_code)))


# ---- requests -----------------------------------------------------------------------------


class Throttled(Open311Error):
    def __init__(self, seconds: int, description: str) -> None:
        super().__init__(429, description)
        self.seconds = seconds


def _post_token(request: HttpRequest, params: QueryDict) -> ApiToken:
    """The api_key's token for a POST, within the limits: an address that sent too many
    wrong api_keys (or tracking secrets: the count is the portal's, minsheng/throttle.py)
    waits without its key being looked at; a token over its rate (the REST API's, one
    budget for both doors) waits too."""
    address = throttle.client_address(request)
    wait = throttle.locked_for(address)
    if wait:
        raise Throttled(
            wait,
            _("Too many wrong api_keys from this address. Try again in %(n)d seconds.")
            % {"n": wait},
        )
    try:
        token = _token(params, required=True)
    except Open311Error:
        if p.text(params, "api_key") is not None:
            throttle.record_failure(address)
        raise
    assert token is not None
    wait = throttling.token_wait(request, token)
    if wait:
        raise Throttled(
            wait,
            _("This api_key has sent too many requests. Try again in %(n)d seconds.") % {"n": wait},
        )
    return token


@endpoint("GET", "POST")
def requests(request: HttpRequest, fmt: Format, params: QueryDict) -> HttpResponse:
    if request.method == "POST":
        token = _post_token(request, params)
        if not token.has_scope(Scope.INTAKE):
            raise Open311Error(
                403, _("This api_key may not submit requests: it lacks the intake scope.")
            )
        files = request.FILES.getlist(MEDIA_FIELD)
        created = submission.create(token, params, files)
        return render(fmt, "service_requests", [submission.response_item(created)])
    qs = query.visible(_token(params, required=False))
    return render(fmt, "service_requests", query.items(query.search(qs, params)))


@endpoint("GET")
def service_request(
    request: HttpRequest, fmt: Format, params: QueryDict, request_id: str
) -> HttpResponse:
    qs = query.visible(_token(params, required=False))
    return render(fmt, "service_requests", query.items([query.one(qs, request_id)]))


@endpoint("GET")
def token(request: HttpRequest, fmt: Format, params: QueryDict, token: str) -> HttpResponse:
    detail = None
    with contextlib.suppress(ValueError):
        detail = (
            RequestDetail.objects.select_related("grievance").filter(token=uuid.UUID(token)).first()
        )
    if detail is None:
        raise Open311Error(404, _("token %(token)s was not found.") % {"token": token[:50]})
    return render(
        fmt,
        "service_requests",
        [{"service_request_id": detail.grievance.code, "token": str(detail.token)}],
    )


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    fmt: Format = "xml" if rest.lower().rstrip("/").endswith(".xml") else "json"
    with _in_language(_language(request)):
        return error_response(fmt, 404, [(404, _no_resource(request))])


def _no_resource(request: HttpRequest) -> str:
    return _("There is no Open311 resource at %(path)s.") % {"path": request.path[:200]}
