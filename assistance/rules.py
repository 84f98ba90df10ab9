"""STAND-IN, to be replaced by the `rules` helper's module at merge: the same signature
(`parse(text) -> Rule` with `.evaluate(facts)` and `.to_q(fields)`, `RuleError`), enough for
the assistance steps and their tests. Parses a tiny subset with `ast` and a whitelist, never
eval: comparisons of a name with a number or a list, `and`/`or`/`not`, a bare number."""

from __future__ import annotations

import ast
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

_OPS = {ast.Lt: "lt", ast.LtE: "lte", ast.Gt: "gt", ast.GtE: "gte", ast.Eq: "exact"}


class RuleError(ValueError):
    pass


def _const(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float | str):
        v = node.value
        return Decimal(str(v)) if isinstance(v, int | float) else v
    if isinstance(node, ast.List):
        return [_const(e) for e in node.elts]
    raise RuleError(_("The rule can compare only with numbers, texts and lists."))


class Rule:
    def __init__(self, tree: ast.AST) -> None:
        self.tree = tree

    def evaluate(self, facts: dict[str, Any]) -> bool | Decimal:
        return self._ev(self.tree, facts)

    def _ev(self, n: ast.AST, facts: dict[str, Any]) -> Any:
        if isinstance(n, ast.BoolOp):
            vals = [self._ev(v, facts) for v in n.values]
            return all(vals) if isinstance(n.op, ast.And) else any(vals)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not):
            return not self._ev(n.operand, facts)
        if isinstance(n, ast.Compare):
            left = facts.get(n.left.id) if isinstance(n.left, ast.Name) else None
            op, right = n.ops[0], _const(n.comparators[0])
            if isinstance(op, ast.In):
                if isinstance(left, list):
                    return bool(set(left) & set(right))
                return left in right
            if left is None:
                return False
            left = Decimal(str(left)) if isinstance(left, int | float | Decimal) else left
            return {
                "lt": left < right,
                "lte": left <= right,
                "gt": left > right,
                "gte": left >= right,
                "exact": left == right,
            }[_OPS[type(op)]]
        return _const(n)

    def to_q(self, fields: dict[str, Any]) -> Q:
        return self._q(self.tree, fields)

    def _q(self, n: ast.AST, fields: dict[str, Any]) -> Q:
        if isinstance(n, ast.BoolOp):
            q = self._q(n.values[0], fields)
            for v in n.values[1:]:
                q = q & self._q(v, fields) if isinstance(n.op, ast.And) else q | self._q(v, fields)
            return q
        if isinstance(n, ast.UnaryOp):
            return ~self._q(n.operand, fields)
        assert isinstance(n, ast.Compare) and isinstance(n.left, ast.Name)
        path, right = fields[n.left.id], _const(n.comparators[0])
        op = n.ops[0]
        if isinstance(op, ast.In):
            return Q(**{f"{path}__in": right})
        return Q(**{f"{path}__{_OPS[type(op)]}": right})


def _check(n: ast.AST) -> None:
    if isinstance(n, ast.BoolOp):
        for v in n.values:
            _check(v)
    elif isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not):
        _check(n.operand)
    elif isinstance(n, ast.Compare):
        if not isinstance(n.left, ast.Name) or len(n.ops) != 1:
            raise RuleError(_("Each condition compares one name with one value."))
        if type(n.ops[0]) not in (*_OPS, ast.In):
            raise RuleError(_("Unknown comparison in the rule."))
        _const(n.comparators[0])
    else:
        _const(n)


def parse(text: str) -> Rule:
    try:
        tree = ast.parse((text or "").strip(), mode="eval").body
    except (SyntaxError, ValueError) as exc:
        raise RuleError(_("The rule does not parse.")) from exc
    try:
        _check(tree)
    except InvalidOperation as exc:
        raise RuleError(_("The rule does not parse.")) from exc
    return Rule(tree)
