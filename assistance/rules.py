"""STAND-IN, replaced at merge by the `rules` helper's module (same names: `parse(text, *,
expect=None, values=None) -> Rule` with `.evaluate(facts)` and `.to_q(fields)`, and
`RuleError`). Enough of the same language for the assistance steps and their tests:
comparisons of a fact with a number, `"x" in set_fact`, `and`/`or`/`not`, a bare number.
Read with `ast` against a whitelist; nothing is ever evaluated as Python."""

from __future__ import annotations

import ast
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Q
from django.utils.translation import gettext as _

_OPS: dict[type[ast.cmpop], str] = {
    ast.Lt: "lt",
    ast.LtE: "lte",
    ast.Gt: "gt",
    ast.GtE: "gte",
    ast.Eq: "exact",
}


class RuleError(ValueError):
    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def _bad() -> RuleError:
    return RuleError(_("The rule does not parse."))


def _number(node: ast.AST) -> Decimal:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return Decimal(str(node.value))
    raise _bad()


def _check(n: ast.AST) -> str:
    """The type of a node ("bool" or "number"); RuleError for anything outside the subset."""
    if isinstance(n, ast.BoolOp):
        for v in n.values:
            _check(v)
        return "bool"
    if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not):
        _check(n.operand)
        return "bool"
    if isinstance(n, ast.Compare) and len(n.ops) == 1:
        op, right = n.ops[0], n.comparators[0]
        if isinstance(op, ast.In):
            if not (
                isinstance(n.left, ast.Constant)
                and isinstance(n.left.value, str)
                and isinstance(right, ast.Name)
            ):
                raise _bad()
        elif type(op) in _OPS and isinstance(n.left, ast.Name):
            _number(right)
        else:
            raise _bad()
        return "bool"
    if isinstance(n, ast.Name) and n.id.startswith("has_"):
        return "bool"
    _number(n)
    return "number"


class Rule:
    def __init__(self, text: str, tree: ast.AST) -> None:
        self.text = text
        self.tree = tree

    def evaluate(self, facts: Mapping[str, Any]) -> bool | Decimal:
        value: bool | Decimal = self._ev(self.tree, facts)
        return value

    def _ev(self, n: ast.AST, facts: Mapping[str, Any]) -> Any:
        if isinstance(n, ast.BoolOp):
            vals = [bool(self._ev(v, facts)) for v in n.values]
            return all(vals) if isinstance(n.op, ast.And) else any(vals)
        if isinstance(n, ast.UnaryOp):
            return not self._ev(n.operand, facts)
        if isinstance(n, ast.Compare):
            op, right = n.ops[0], n.comparators[0]
            if isinstance(op, ast.In):
                assert isinstance(n.left, ast.Constant) and isinstance(right, ast.Name)
                return n.left.value in facts[right.id]
            assert isinstance(n.left, ast.Name)
            left, value = Decimal(str(facts[n.left.id])), _number(right)
            return {
                "lt": left < value,
                "lte": left <= value,
                "gt": left > value,
                "gte": left >= value,
                "exact": left == value,
            }[_OPS[type(op)]]
        if isinstance(n, ast.Name):
            return bool(facts[n.id])
        return _number(n)

    def to_q(self, fields: Mapping[str, Any]) -> Q:
        return self._q(self.tree, fields)

    def _q(self, n: ast.AST, fields: Mapping[str, Any]) -> Q:
        if isinstance(n, ast.BoolOp):
            q = self._q(n.values[0], fields)
            for v in n.values[1:]:
                q = q & self._q(v, fields) if isinstance(n.op, ast.And) else q | self._q(v, fields)
            return q
        if isinstance(n, ast.UnaryOp):
            return ~self._q(n.operand, fields)
        if isinstance(n, ast.Compare) and isinstance(n.left, ast.Name):
            lookup = _OPS[type(n.ops[0])]
            return Q(**{f"{fields[n.left.id]}__{lookup}": _number(n.comparators[0])})
        raise ValueError("the stand-in compiles comparisons of numbers only")


def parse(
    text: str,
    *,
    expect: Literal["bool", "number"] | None = None,
    values: Mapping[str, Collection[str]] | None = None,
) -> Rule:
    if not isinstance(text, str) or not text.strip():
        raise RuleError(_("The rule is empty."))
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError):
        raise _bad() from None
    kind = _check(tree)
    if expect is not None and kind != expect:
        raise _bad()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.In):
            right = node.comparators[0]
            known = (values or {}).get(right.id) if isinstance(right, ast.Name) else None
            left = node.left
            if known is not None and isinstance(left, ast.Constant) and left.value not in known:
                raise _bad()
    return Rule(text, tree)
