"""Property-based fuzzing of the whole REST API from its own OpenAPI schema (schemathesis),
in process through the WSGI application, on whichever database the suite runs on.

For every operation, schemathesis sends the schema's examples, then generated requests that
fit the schema and requests that break it (wrong types, missing fields, values out of
range), with a token that holds every scope for the whole organisation, and the public
operations again without any credentials. Every response must
be no server error, have a status code the schema documents, and match the schema's body
for that status. Cases exist in several states, one of them under the code the schema uses
as its example, so that the examples reach real cases and actions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from api.models import Scope
from api.tests.rest_helpers import token
from assistance.models import Application, Household
from assistance.tests.helpers import to_state
from duty.models import Incident
from duty.tests.incident_helpers import initial
from grievances.models import Grievance
from grievances.tests.helpers import accepted, in_progress, received, replied
from minsheng.wsgi import application

EXAMPLE_CODE = "ABCD-EFGH-JKMN"
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
FUZZ = settings(
    deadline=None,
    derandomize=True,  # the same requests on every run and on both databases
    database=None,  # nothing written to .hypothesis/
    # The cast and the cases are set up once per operation, not per example; generating
    # bodies for large schemas is slow by Hypothesis's standards, and that is expected.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Requests go through the real WSGI application, whose end-of-request signal closes
    the database connection (and with it the test's transaction) unless, as Django's test
    client does, close_old_connections is kept off the request signals."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_key(cast: Any, settings: Any, keep_connection: None) -> str:
    settings.MINSHENG_TRACK_FAILURES = 100_000  # wrong secrets are expected here, by the hundred
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100000/min", "anon": "100000/min"},
    }
    example = received(cast)
    Grievance.objects.filter(pk=example.pk).update(code=EXAMPLE_CODE)
    accepted(cast)
    in_progress(cast)
    replied(cast)
    # An incident under the same code, so that duty's {code} paths reach their bodies too.
    incident = initial(cast, timezone.now() - timedelta(minutes=5))
    Incident.objects.filter(pk=incident.pk).update(code=EXAMPLE_CODE)
    # And an application (of a household) under it for assistance's {code} paths, one more
    # on notice for the public notices.
    application = to_state(cast, "verified")
    Application.objects.filter(pk=application.pk).update(code=EXAMPLE_CODE)
    Household.objects.filter(pk=application.household_id).update(code=EXAMPLE_CODE)
    to_state(cast, "on_notice", p=application.programme)
    return token(cast.chief, cast.hq, Scope.values)  # every module's scopes


# Loaded at collection, from the application itself: generating the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@schema.parametrize()
@settings(FUZZ, max_examples=30)
def test_the_api_answers_every_request_as_its_schema_says(case: Any, fuzz_key: str) -> None:
    """With a token that holds every scope for the whole organisation."""
    response = case.call(headers={"Authorization": f"Token {fuzz_key}"})
    case.validate_response(response, checks=CHECKS)


PUBLIC = [
    "api_index",
    "grievances_create",
    "grievances_track",
    "grievances_feedback",
    "grievances_review",
    "grievances_attachments",
    "units_list",
    "categories_list",
    "assistance_notices_list",
]


@schema.include(operation_id=PUBLIC).parametrize()
@settings(FUZZ, max_examples=15)
def test_the_public_operations_answer_anonymous_requests_as_the_schema_says(
    case: Any, fuzz_key: str
) -> None:
    case.validate_response(case.call(), checks=CHECKS)


def _not_text(value: Any) -> Any:
    """The body with half a UTF-16 character (a lone surrogate) at the end of every string and
    in one more key; as JSON text, each is the escape "\\udc00" or "\\ud800", which Python
    decodes into a string no encoder can write."""
    if isinstance(value, str):
        return value + "\udc00"
    if isinstance(value, list):
        return [_not_text(v) for v in value]
    if isinstance(value, dict):
        return {**{k: _not_text(v) for k, v in value.items()}, "x\ud800": "y"}
    return value


@schema.include(method="POST").exclude(operation_id="grievances_attachments").parametrize()
@settings(FUZZ, max_examples=3)
def test_every_operation_refuses_text_that_is_not_text_with_a_json_400(
    case: Any, fuzz_key: str
) -> None:
    """The schema's examples and generated bodies, each with lone surrogates added, to every
    operation that takes JSON: a 400 in the error shape, never a 500 or an HTML page.
    Sent by Django's client (schemathesis itself cannot validate such a body)."""
    body = _not_text(case.body if isinstance(case.body, dict) else {})
    raw = json.dumps(body)  # ensure_ascii: the surrogates travel as escapes, as a client sends
    # At a case that exists, so that the body is read (a wrong code is a 404 before that).
    path = case.operation.path.replace("{code}", EXAMPLE_CODE).replace("{id}", "1")
    response = Client().post(
        path,
        raw,
        content_type="application/json",
        headers={"Authorization": f"Token {fuzz_key}"},
    )
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "parse_error"
