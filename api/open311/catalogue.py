"""Services and their definitions: grievance categories as GeoReport v2 sees them, and the
checking of the answers a request gives to a service's questions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Max
from django.http import QueryDict
from django.utils.translation import gettext as _

from api.open311 import params as p
from api.open311.formats import Open311Error
from api.open311.models import AttributeType, ServiceAttribute
from grievances.models import Category

SERVICE_TYPE = "realtime"  # a request gets its id at once
STRING_MAX = 500
TEXT_MAX = 4000  # the specification's limit for free text
CODE_MAX = 32  # Category.code


def services() -> list[dict[str, Any]]:
    """Every active category as a GeoReport v2 service, by code."""
    cats = (
        Category.objects.filter(active=True)
        .select_related("parent")
        .annotate(n_attributes=Count("open311_attributes"))
        .order_by("code")
    )
    return [
        {
            "service_code": c.code,
            "service_name": c.display_name,
            "description": None,
            "metadata": c.n_attributes > 0,
            "type": SERVICE_TYPE,
            "keywords": ", ".join(dict.fromkeys(k for k in (c.name, c.name_en) if k)),
            "group": c.parent.display_name if c.parent else None,
        }
        for c in cats
    ]


def service(code: str) -> Category:
    """The active category with this code. Raises Open311Error (404) otherwise."""
    found = None
    if len(code) <= CODE_MAX:
        found = Category.objects.filter(code=code, active=True).first()
    if found is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    return found


def attributes(category: Category) -> list[ServiceAttribute]:
    return list(category.open311_attributes.order_by("order", "id"))


def definition(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": a.variable,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": a.datatype_description or None,
                "order": a.order,
                "description": a.display_description,
                "values": [{"key": k, "name": n} for k, n in a.choices()],
            }
            for a in attributes(category)
        ],
    }


def changeset() -> datetime | None:
    """When a service definition last changed (None: never)."""
    return ServiceAttribute.objects.aggregate(at=Max("updated"))["at"]


# ---- answers ------------------------------------------------------------------------------


def _attribute_values(params: QueryDict) -> dict[str, list[str]]:
    """attribute[code]=v, attribute[code][]=v (repeated for a multivaluelist) and
    attribute[code][0]=v, as PHP and Rails clients write them; empty values dropped."""
    out: dict[str, list[str]] = {}
    for key, values in params.lists():
        if not key.startswith("attribute["):
            continue
        code, sep, rest = key[len("attribute[") :].partition("]")
        if not sep or not code or (rest not in ("", "[]") and not _is_index(rest)):
            continue
        out.setdefault(code, []).extend(v.strip() for v in values if v.strip())
    return out


def _is_index(rest: str) -> bool:
    return rest.startswith("[") and rest.endswith("]") and rest[1:-1].isdigit()


def check_answers(
    category: Category, params: QueryDict
) -> tuple[dict[str, Any], list[str], list[tuple[ServiceAttribute, Any]]]:
    """The answers to the category's questions, checked. Returns (answers by code for
    storage, error descriptions, (question, answer) pairs for the record). Answers to
    questions the service does not ask are ignored, as unknown parameters are."""
    given = _attribute_values(params)
    answers: dict[str, Any] = {}
    pairs: list[tuple[ServiceAttribute, Any]] = []
    errors: list[str] = []
    for a in attributes(category):
        if not a.variable:
            continue
        values = given.get(a.code, [])
        if not values:
            if a.required:
                errors.append(
                    _("attribute[%(code)s] is required: %(question)s")
                    % {"code": a.code, "question": a.display_description}
                )
            continue
        try:
            value = _check_one(a, values)
        except Open311Error as exc:
            errors.extend(text for _code, text in exc.errors)
            continue
        answers[a.code] = value
        pairs.append((a, value))
    return answers, errors, pairs


def _check_one(a: ServiceAttribute, values: list[str]) -> Any:
    name = f"attribute[{a.code}]"
    keys = [k for k, _n in a.choices()]
    if a.datatype == AttributeType.MULTI:
        bad = [v for v in values if v not in keys]
        if bad:
            raise Open311Error(400, _not_a_choice(name, bad[0], keys))
        return list(dict.fromkeys(values))
    if len(values) > 1:
        raise Open311Error(400, _("%(name)s takes one value.") % {"name": name})
    value = values[0]
    if a.datatype == AttributeType.SINGLE:
        if value not in keys:
            raise Open311Error(400, _not_a_choice(name, value, keys))
        return value
    if a.datatype == AttributeType.NUMBER:
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or len(value) > 50:
            raise Open311Error(400, _("%(name)s must be a number.") % {"name": name})
        return str(number)
    if a.datatype == AttributeType.DATETIME:
        return p.parse_datetime(value, name).isoformat()
    limit = STRING_MAX if a.datatype == AttributeType.STRING else TEXT_MAX
    if a.datatype == AttributeType.STRING and ("\n" in value or "\r" in value):
        raise Open311Error(400, _("%(name)s must be on one line.") % {"name": name})
    if len(value) > limit:
        raise Open311Error(
            400,
            _("%(name)s is longer than %(n)d characters.") % {"name": name, "n": limit},
        )
    return value


def _not_a_choice(name: str, value: str, keys: list[str]) -> str:
    return _("%(value)s is not one of the choices of %(name)s (%(keys)s).") % {
        "value": value[:50],
        "name": name,
        "keys": ", ".join(keys),
    }


def describe_answers(pairs: list[tuple[ServiceAttribute, Any]]) -> str:
    """The answers as lines for people, "question: answer", choices by their names."""
    lines = []
    for a, value in pairs:
        names: Mapping[str, str] = dict(a.choices())
        if isinstance(value, list):
            shown = ", ".join(names.get(v, v) for v in value)
        else:
            shown = names.get(value, value)
        lines.append(f"{a.display_description}: {shown}")
    return "\n".join(lines)
