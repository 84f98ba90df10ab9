"""Every answer under /api/ that is an error is JSON, in the API's one error shape, whatever
produced it. DRF's views answer in that shape themselves; this is the net for what happens
outside them: Django's own error pages (a 500 from an exception no handler expected, a CSRF
failure, a 400 for a suspicious request, a 404 raised before a view), which are HTML."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from api.errors import error_body

PREFIX = "/api/"


def _message(status: int) -> tuple[str, str]:
    if status == 400:
        return "bad_request", _("The request could not be read.")
    if status == 403:
        return "permission_denied", _("Request refused.")
    if status == 404:
        return "not_found", _(
            "There is no such endpoint. Paths end with a slash: /api/v1/grievances/."
        )
    if status == 405:
        return "method_not_allowed", _("This method is not allowed here.")
    if status >= 500:
        return "server_error", _(
            "The server could not answer this request. The error has been logged; please"
            " try again later."
        )
    return "error", _("Request refused.")


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


class ApiJsonErrorsMiddleware:
    """Outermost, so that it sees every answer, Django's 500 page included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path_info.startswith(PREFIX)
            and not _is_json(response)
        ):
            code, message = _message(response.status_code)
            json = JsonResponse(error_body(code, message), status=response.status_code)
            for header in ("Retry-After", "Allow", "WWW-Authenticate"):
                if header in response:
                    json[header] = response[header]
            return json
        return response
