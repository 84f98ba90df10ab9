"""Eligibility and benefit rules: a small language an administrator writes in the console.

A rule is text such as::

    income_per_head < 800 and ("serious_illness" in hardship or "disability" in hardship)
    has_school_age_member
    members >= 3
    min(2000, (800 - income_per_head) * members)
    if(has_school_age_member, 1500, 0)

The language, all of it:

- numbers (``800``, ``12.5``; at most 12 digits before the point and 4 after), quoted
  strings (``"disability"`` or ``'disability'``), ``true`` and ``false``;
- the facts of ``FACTS`` (below), by name;
- ``+ - * /`` on numbers (dividing only by a number written in the rule, never zero),
  ``min(a, b, ...)``, ``max(a, b, ...)`` and ``if(condition, amount, amount)``;
- comparisons ``< <= > >= = !=`` (``==`` is read as ``=``) of two numbers, ``= !=`` of two
  conditions, ``"x" in set_fact`` and ``"x" not in set_fact``;
- ``and``, ``or``, ``not`` and parentheses.

A condition (eligibility) rule is a boolean; a benefit rule is a number (yuan). Nothing else
exists: no attributes, no other calls, no names outside ``FACTS``. The text is read by our own
tokenizer and recursive-descent parser into the node classes below; it is never given to
``eval``, ``exec`` or ``compile``. ``parse`` refuses, with a message in the active language
that names the position (a character count from 1), unknown names, bad syntax, type errors,
division by zero or by a fact, and text that is too long (``MAX_LENGTH``), too deeply nested
(``MAX_DEPTH``) or too big (``MAX_NODES``).

The facts (``FACTS``; the assistance app supplies their values for each household):

===========================  =======  ================================================
name                         type     meaning
===========================  =======  ================================================
``income_per_head``          number   household income a month divided by members (yuan)
``household_income``         number   household income a month (yuan)
``members``                  number   people in the household
``minors``                   number   members under 18
``elderly``                  number   members aged 60 or over
``hardship``                 set      the household's hardship types (codes, strings)
``has_school_age_member``    bool     a member is of school age (6 to 18)
``has_disabled_member``      bool     a member has a disability
``has_elderly_member``       bool     a member is aged 60 or over
===========================  =======  ================================================

Two ways to run a rule:

- ``validate_condition`` / ``validate_amount``: Django validators for the fields that hold
  the rules, so a rule is refused when saved.
- ``Rule.evaluate(facts)``: pure Python for one household, ``facts`` a dict from every fact
  the rule uses to its value (``Decimal``/``int`` for numbers, ``bool``, and a collection of
  strings for sets). Arithmetic is in ``Decimal``.
- ``Rule.to_q(fields)`` (a condition) and ``Rule.to_expression(fields)`` (an amount): the same
  rule as ONE Django ORM filter or annotation, so that a preview over the whole register is a
  single query. ``fields`` maps each fact the rule uses to an ORM expression or a field path
  (a string); a set fact must name a JSON field (or expression) holding a list of strings.
  The expressions must never be NULL (use ``Coalesce``): SQL's three-valued logic would
  otherwise make ``not`` disagree with ``evaluate``. The database computes with its own
  numbers: PostgreSQL exactly (numeric), SQLite in floating point, so a quotient such as
  ``x / 3`` may differ from ``evaluate`` in the last digits; ``to_expression`` rounds amounts
  to the cent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest, Least
from django.db.models.lookups import (
    Exact,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
)
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Type = Literal["bool", "number", "set", "string"]

MAX_LENGTH = 2000
MAX_DEPTH = 20
MAX_NODES = 200
MAX_ARGS = 10


@dataclass(frozen=True)
class Fact:
    """A name rules may use: its type and its label in the user's language."""

    name: str
    type: Type
    label: Promise


FACTS: dict[str, Fact] = {
    f.name: f
    for f in (
        Fact("income_per_head", "number", gettext_lazy("Income per head a month (yuan)")),
        Fact("household_income", "number", gettext_lazy("Household income a month (yuan)")),
        Fact("members", "number", gettext_lazy("Members of the household")),
        Fact("minors", "number", gettext_lazy("Members under 18")),
        Fact("elderly", "number", gettext_lazy("Members aged 60 or over")),
        Fact("hardship", "set", gettext_lazy("Hardship types")),
        Fact("has_school_age_member", "bool", gettext_lazy("Has a member of school age")),
        Fact("has_disabled_member", "bool", gettext_lazy("Has a member with a disability")),
        Fact("has_elderly_member", "bool", gettext_lazy("Has a member aged 60 or over")),
    )
}


class RuleError(ValueError):
    """A rule refused: ``message`` is for people (active language), ``position`` counts
    characters from 1 (None when the rule as a whole is at fault)."""

    def __init__(self, message: str, position: int | None = None) -> None:
        if position is not None:
            message = _("%(message)s (at character %(position)s)") % {
                "message": message,
                "position": position,
            }
        super().__init__(message)
        self.message = message
        self.position = position


def _type_name(t: Type) -> str:
    return {
        "bool": _("a condition (true or false)"),
        "number": _("a number"),
        "set": _("a set"),
        "string": _("a text in quotes"),
    }[t]


# ---------------------------------------------------------------------------- tokenizer

_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = ("<=", ">=", "!=", "==", "<", ">", "=", "(", ")", ",", "+", "-", "*", "/")
KEYWORDS = {"and", "or", "not", "in", "true", "false"}
FUNCTIONS = {"min", "max", "if"}


@dataclass(frozen=True)
class Token:
    kind: Literal["number", "string", "name", "op", "end"]
    text: str
    pos: int  # 1-based


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; raises RuleError on a character the language does not use."""
    return list(iter_tokens(text))


def iter_tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text`` one by one, so that the parser reports the first fault from the
    left, whether of a character or of grammar."""
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        pos = i + 1
        if c in "0123456789":
            m = _NUMBER.match(text, i)
            assert m is not None
            whole, _dot, frac = m.group(0).partition(".")
            if len(whole.lstrip("0")) > 12 or len(frac) > 4:
                raise RuleError(
                    _("The number “%(number)s” is too long (at most 12 digits, 4 decimals).")
                    % {"number": m.group(0)},
                    pos,
                )
            if m.end() < n and (text[m.end()].isalnum() or text[m.end()] in "._"):
                raise RuleError(_("A number is followed by “%(c)s”.") % {"c": text[m.end()]}, pos)
            yield Token("number", m.group(0), pos)
            i = m.end()
        elif c in "\"'":
            end = text.find(c, i + 1)
            if end < 0:
                raise RuleError(_("A quoted text is not closed."), pos)
            value = text[i + 1 : end]
            if not value or len(value) > 50 or not re.fullmatch(r"[\w\- ]+", value):
                raise RuleError(
                    _(
                        "A quoted text must be 1 to 50 letters, digits, spaces, hyphens or "
                        "underscores."
                    ),
                    pos,
                )
            yield Token("string", value, pos)
            i = end + 1
        elif c.isascii() and (c.isalpha() or c == "_"):
            m = _NAME.match(text, i)
            assert m is not None
            yield Token("name", m.group(0), pos)
            i = m.end()
        else:
            for op in _OPERATORS:
                if text.startswith(op, i):
                    yield Token("op", op, pos)
                    i += len(op)
                    break
            else:
                raise RuleError(_("The character “%(c)s” has no meaning here.") % {"c": c}, pos)
    yield Token("end", "", n + 1)


# ---------------------------------------------------------------------------- nodes


def _num(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float | str):
        raise TypeError(f"a number fact has the value {value!r}")
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def _decimal_field() -> DecimalField[Any, Any]:
    return DecimalField(max_digits=30, decimal_places=10)


def _number(expr: Any) -> Any:
    """An arithmetic expression marked as a decimal, so Django accepts mixed operands."""
    return ExpressionWrapper(expr, output_field=_decimal_field())


class Node:
    """A node of a parsed rule. ``type`` is what it yields; ``pos`` where it starts."""

    type: Type
    pos: int

    def evaluate(self, facts: Mapping[str, Any]) -> Any:
        raise NotImplementedError

    def to_sql(self, fields: Mapping[str, Any]) -> Any:
        """A Q for a condition, an expression for a number."""
        raise NotImplementedError

    def facts(self) -> Iterator[str]:
        for child in self.children():
            yield from child.facts()

    def children(self) -> tuple[Node, ...]:
        return ()


@dataclass
class Number(Node):
    value: Decimal
    pos: int
    type: Type = "number"

    def evaluate(self, facts: Mapping[str, Any]) -> Decimal:
        return self.value

    def to_sql(self, fields: Mapping[str, Any]) -> Any:
        return Value(self.value, output_field=_decimal_field())


@dataclass
class Text(Node):
    value: str
    pos: int
    type: Type = "string"

    def evaluate(self, facts: Mapping[str, Any]) -> str:
        return self.value

    def to_sql(self, fields: Mapping[str, Any]) -> Any:  # only inside `in`
        raise AssertionError("a text is compiled by its `in`")


@dataclass
class Boolean(Node):
    value: bool
    pos: int
    type: Type = "bool"

    def evaluate(self, facts: Mapping[str, Any]) -> bool:
        return self.value

    def to_sql(self, fields: Mapping[str, Any]) -> Q:
        # pk__isnull=False holds for every row; its negation for none.
        return Q(pk__isnull=False) if self.value else ~Q(pk__isnull=False)


def _field(fields: Mapping[str, Any], name: str) -> Any:
    try:
        value = fields[name]
    except KeyError:
        raise ValueError(f"the rule uses the fact {name!r}, which `fields` does not map") from None
    return F(value) if isinstance(value, str) else value


@dataclass
class FactRef(Node):
    name: str
    pos: int
    type: Type

    def evaluate(self, facts: Mapping[str, Any]) -> Any:
        value = facts[self.name]
        if self.type == "number":
            return _num(value)
        if self.type == "bool":
            if not isinstance(value, bool):
                raise TypeError(f"the fact {self.name!r} has the value {value!r}")
            return value
        return value

    def facts(self) -> Iterator[str]:
        yield self.name

    def to_sql(self, fields: Mapping[str, Any]) -> Any:
        expr = _field(fields, self.name)
        if self.type == "bool":
            return Q(Exact(ExpressionWrapper(expr, output_field=BooleanField()), True))
        if self.type == "number":
            return _number(expr)
        raise AssertionError("a set is compiled by its `in`")


@dataclass
class Not(Node):
    operand: Node
    pos: int
    type: Type = "bool"

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)

    def evaluate(self, facts: Mapping[str, Any]) -> bool:
        return not self.operand.evaluate(facts)

    def to_sql(self, fields: Mapping[str, Any]) -> Q:
        q: Q = ~self.operand.to_sql(fields)
        return q


@dataclass
class Logic(Node):
    op: Literal["and", "or"]
    operands: tuple[Node, ...]
    pos: int
    type: Type = "bool"

    def children(self) -> tuple[Node, ...]:
        return self.operands

    def evaluate(self, facts: Mapping[str, Any]) -> bool:
        values = (o.evaluate(facts) for o in self.operands)
        return all(values) if self.op == "and" else any(values)

    def to_sql(self, fields: Mapping[str, Any]) -> Q:
        q: Q = self.operands[0].to_sql(fields)
        for o in self.operands[1:]:
            q = (q & o.to_sql(fields)) if self.op == "and" else (q | o.to_sql(fields))
        return q


_LOOKUPS = {
    "<": LessThan,
    "<=": LessThanOrEqual,
    ">": GreaterThan,
    ">=": GreaterThanOrEqual,
    "=": Exact,
}


@dataclass
class Compare(Node):
    op: Literal["<", "<=", ">", ">=", "=", "!="]
    left: Node
    right: Node
    pos: int
    type: Type = "bool"

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)

    def evaluate(self, facts: Mapping[str, Any]) -> bool:
        a, b = self.left.evaluate(facts), self.right.evaluate(facts)
        return bool(
            {
                "<": lambda: a < b,
                "<=": lambda: a <= b,
                ">": lambda: a > b,
                ">=": lambda: a >= b,
                "=": lambda: a == b,
                "!=": lambda: a != b,
            }[self.op]()
        )

    def to_sql(self, fields: Mapping[str, Any]) -> Q:
        if self.left.type == "bool":
            a, b = self.left.to_sql(fields), self.right.to_sql(fields)
            same = (a & b) | (~a & ~b)
            return same if self.op == "=" else ~same
        left, right = self.left.to_sql(fields), self.right.to_sql(fields)
        if self.op == "!=":
            return ~Q(Exact(left, right))
        return Q(_LOOKUPS[self.op](left, right))


class JsonListHas(Expression):
    """True where the JSON list in ``expression`` holds the string ``value``: ``@>`` on
    PostgreSQL, ``json_each`` on SQLite (where Django's ``contains`` on JSON is missing)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, expression: Any, value: str) -> None:
        super().__init__(output_field=BooleanField())
        self.expression = expression
        self.value = value

    def get_source_expressions(self) -> list[Any]:
        return [self.expression]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.expression,) = exprs

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        c = self.copy()
        c.is_summary = kwargs.get("summarize", False)
        c.expression = self.expression.resolve_expression(*args, **kwargs)
        return c

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        sql, params = compiler.compile(self.expression)
        if connection.vendor == "postgresql":
            return f"COALESCE(({sql})::jsonb @> %s::jsonb, false)", [
                *params,
                json.dumps([self.value]),
            ]
        if connection.vendor == "sqlite":
            # `sql` is Django's own compilation of the field; the value is a parameter.
            return (
                f"EXISTS (SELECT 1 FROM json_each({sql}) WHERE json_each.value = %s)",  # noqa: S608
                [*params, self.value],
            )
        raise NotImplementedError(f"set facts are not compiled for {connection.vendor}")


@dataclass
class Member(Node):
    item: Text
    collection: FactRef
    negated: bool
    pos: int
    type: Type = "bool"

    def children(self) -> tuple[Node, ...]:
        return (self.item, self.collection)

    def evaluate(self, facts: Mapping[str, Any]) -> bool:
        found = self.item.value in self.collection.evaluate(facts)
        return not found if self.negated else found

    def to_sql(self, fields: Mapping[str, Any]) -> Q:
        q = Q(JsonListHas(_field(fields, self.collection.name), self.item.value))
        return ~q if self.negated else q


@dataclass
class Arith(Node):
    op: Literal["+", "-", "*", "/"]
    left: Node
    right: Node
    pos: int
    type: Type = "number"

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)

    def evaluate(self, facts: Mapping[str, Any]) -> Decimal:
        a, b = self.left.evaluate(facts), self.right.evaluate(facts)
        if self.op == "+":
            return Decimal(a + b)
        if self.op == "-":
            return Decimal(a - b)
        if self.op == "*":
            return Decimal(a * b)
        return Decimal(a / b)

    def to_sql(self, fields: Mapping[str, Any]) -> Any:
        a = self.left.to_sql(fields)
        if self.op == "/":
            # The divisor is a non-zero number of the rule (the parser sees to it). As a
            # float it makes SQLite divide in floating point rather than in integers.
            divisor = self.right.evaluate({})
            b = Value(float(divisor), output_field=FloatField())
            return _number(Cast(a, FloatField()) / b)
        b = self.right.to_sql(fields)
        if self.op == "+":
            return _number(a + b)
        if self.op == "-":
            return _number(a - b)
        return _number(a * b)


@dataclass
class Negate(Node):
    operand: Node
    pos: int
    type: Type = "number"

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)

    def evaluate(self, facts: Mapping[str, Any]) -> Decimal:
        return Decimal(-self.operand.evaluate(facts))

    def to_sql(self, fields: Mapping[str, Any]) -> Any:
        return _number(
            Value(Decimal(0), output_field=_decimal_field()) - self.operand.to_sql(fields)
        )


@dataclass
class MinMax(Node):
    fn: Literal["min", "max"]
    args: tuple[Node, ...]
    pos: int
    type: Type = "number"

    def children(self) -> tuple[Node, ...]:
        return self.args

    def evaluate(self, facts: Mapping[str, Any]) -> Decimal:
        values = [a.evaluate(facts) for a in self.args]
        return Decimal(min(values) if self.fn == "min" else max(values))

    def to_sql(self, fields: Mapping[str, Any]) -> Any:
        fn = Least if self.fn == "min" else Greatest
        return fn(*(a.to_sql(fields) for a in self.args), output_field=_decimal_field())


@dataclass
class If(Node):
    condition: Node
    then: Node
    otherwise: Node
    pos: int
    type: Type = "number"

    def children(self) -> tuple[Node, ...]:
        return (self.condition, self.then, self.otherwise)

    def evaluate(self, facts: Mapping[str, Any]) -> Decimal:
        chosen = self.then if self.condition.evaluate(facts) else self.otherwise
        return Decimal(chosen.evaluate(facts))

    def to_sql(self, fields: Mapping[str, Any]) -> Any:
        return Case(
            When(self.condition.to_sql(fields), then=self.then.to_sql(fields)),
            default=self.otherwise.to_sql(fields),
            output_field=_decimal_field(),
        )


# ---------------------------------------------------------------------------- the rule


@dataclass(frozen=True)
class Rule:
    """A parsed rule: ``type`` is "bool" (a condition) or "number" (an amount)."""

    text: str
    root: Node

    @property
    def type(self) -> Type:
        return self.root.type

    @property
    def facts(self) -> frozenset[str]:
        """The names of the facts the rule uses."""
        return frozenset(self.root.facts())

    def evaluate(self, facts: Mapping[str, Any]) -> bool | Decimal:
        """The rule's value for one household. ``facts`` must give every fact in
        ``self.facts`` (KeyError otherwise; TypeError for a value of the wrong type)."""
        value: bool | Decimal = self.root.evaluate(facts)
        return value

    def to_q(self, fields: Mapping[str, Any]) -> Q:
        """The condition as one filter. ``fields`` maps each fact used to an ORM expression
        or field path (never NULL); ValueError when a fact is missing or this is an amount."""
        if self.type != "bool":
            raise ValueError("to_q is for conditions; this rule is an amount")
        q: Q = self.root.to_sql(fields)
        return q

    def to_expression(self, fields: Mapping[str, Any]) -> Any:
        """The amount as one ORM expression (a decimal rounded to the cent)."""
        if self.type != "number":
            raise ValueError("to_expression is for amounts; this rule is a condition")
        return Cast(self.root.to_sql(fields), DecimalField(max_digits=20, decimal_places=2))

    def __str__(self) -> str:
        return self.text


def parse(
    text: str,
    *,
    expect: Literal["bool", "number"] | None = None,
    values: Mapping[str, Collection[str]] | None = None,
) -> Rule:
    """Read ``text`` into a Rule, or raise RuleError with a message for people.

    ``expect`` requires a condition ("bool") or an amount ("number"); ``values`` optionally
    lists the known strings of a set fact (``{"hardship": ["disability", ...]}``) so that a
    misspelt one is refused. Never evaluates any of the text."""
    if not isinstance(text, str) or not text.strip():
        raise RuleError(_("The rule is empty."))
    if len(text) > MAX_LENGTH:
        raise RuleError(
            _("The rule is too long: at most %(max)s characters.") % {"max": MAX_LENGTH}
        )
    root = _Parser(iter_tokens(text), values or {}).parse()
    if root.type not in ("bool", "number"):
        raise RuleError(
            _("A rule must be a condition or a number, not %(type)s.")
            % {"type": _type_name(root.type)},
            root.pos,
        )
    if expect is not None and root.type != expect:
        raise RuleError(
            _("This rule must give %(expected)s; it gives %(found)s.")
            % {"expected": _type_name(expect), "found": _type_name(root.type)}
        )
    return Rule(text, root)


def validate_condition(text: str) -> None:
    """A validator for a model or form field holding an eligibility rule: raises Django's
    ValidationError (code "rule") with the parser's message unless ``text`` is a condition."""
    _validate(text, "bool")


def validate_amount(text: str) -> None:
    """A validator for a field holding a benefit rule: ValidationError unless an amount."""
    _validate(text, "number")


def _validate(text: str, expect: Literal["bool", "number"]) -> None:
    try:
        parse(text, expect=expect)
    except RuleError as error:
        raise ValidationError(error.message, code="rule") from error


class _Parser:
    """Recursive descent, lowest precedence first:
    or → and → not → comparison → sum → product → unary → atom."""

    def __init__(self, tokens: Iterator[Token], values: Mapping[str, Collection[str]]) -> None:
        self.stream = tokens
        self.tokens: list[Token] = []
        self.i = 0
        self.depth = 0
        self.nodes = 0
        self.values = values

    # -- helpers
    def peek(self, ahead: int = 0) -> Token:
        while len(self.tokens) <= self.i + ahead:
            if self.tokens and self.tokens[-1].kind == "end":
                return self.tokens[-1]
            self.tokens.append(next(self.stream))
        return self.tokens[self.i + ahead]

    @property
    def tok(self) -> Token:
        return self.peek()

    def at(self, kind: str, text: str | None = None) -> bool:
        t = self.tok
        return t.kind == kind and (text is None or t.text == text)

    def at_word(self, word: str) -> bool:
        return self.at("name", word)

    def advance(self) -> Token:
        t = self.tok
        self.i += 1
        return t

    def expect_op(self, op: str) -> Token:
        if not self.at("op", op):
            raise RuleError(
                _("Expected “%(expected)s” but found %(found)s.")
                % {"expected": op, "found": self.describe(self.tok)},
                self.tok.pos,
            )
        return self.advance()

    def describe(self, t: Token) -> str:
        if t.kind == "end":
            return _("the end of the rule")
        return f"“{t.text}”"

    def node(self, n: Node) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise RuleError(
                _("The rule is too big: at most %(max)s parts.") % {"max": MAX_NODES}, n.pos
            )
        return n

    def need(self, n: Node, t: Type, what: str) -> None:
        if n.type != t:
            raise RuleError(
                _("%(what)s needs %(expected)s, but this is %(found)s.")
                % {"what": what, "expected": _type_name(t), "found": _type_name(n.type)},
                n.pos,
            )

    # -- grammar
    def parse(self) -> Node:
        n = self.expression()
        if not self.at("end"):
            raise RuleError(
                _("Unexpected %(found)s.") % {"found": self.describe(self.tok)}, self.tok.pos
            )
        return n

    @contextmanager
    def deeper(self, pos: int) -> Iterator[None]:
        """One level deeper in the rule; refused past MAX_DEPTH (no Python recursion limit
        is ever reached, whatever is typed)."""
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise RuleError(
                    _("The rule is nested too deeply: at most %(max)s levels.")
                    % {"max": MAX_DEPTH},
                    pos,
                )
            yield
        finally:
            self.depth -= 1

    def expression(self) -> Node:
        with self.deeper(self.tok.pos):
            return self.disjunction()

    def logic(self, word: Literal["and", "or"], sub: Any) -> Node:
        first = sub()
        if not self.at_word(word):
            return first
        operands = [first]
        while self.at_word(word):
            op = self.advance()
            operands.append(sub())
        for o in operands:
            self.need(o, "bool", f"“{op.text}”")
        return self.node(Logic(word, tuple(operands), first.pos))

    def disjunction(self) -> Node:
        return self.logic("or", self.conjunction)

    def conjunction(self) -> Node:
        return self.logic("and", self.negation)

    def negation(self) -> Node:
        if self.at_word("not"):
            t = self.advance()
            with self.deeper(t.pos):
                operand = self.negation()
            self.need(operand, "bool", "“not”")
            return self.node(Not(operand, t.pos))
        return self.comparison()

    def comparison(self) -> Node:
        left = self.sum()
        after = self.peek(1) if self.at_word("not") else None
        if self.at_word("in") or (after is not None and (after.kind, after.text) == ("name", "in")):
            negated = self.at_word("not")
            if negated:
                self.advance()
            op = self.advance()
            right = self.sum()
            if left.type != "string":
                raise RuleError(
                    _('Before “in” write a text in quotes, e.g. "disability" in hardship.'),
                    left.pos,
                )
            if not isinstance(right, FactRef) or right.type != "set":
                raise RuleError(
                    _('After “in” write the name of a set, e.g. "disability" in hardship.'),
                    right.pos,
                )
            known = self.values.get(right.name)
            assert isinstance(left, Text)
            if known is not None and left.value not in known:
                raise RuleError(
                    _("“%(value)s” is not one of the values of %(fact)s: %(known)s.")
                    % {
                        "value": left.value,
                        "fact": right.name,
                        "known": ", ".join(sorted(known)),
                    },
                    left.pos,
                )
            return self.node(Member(left, right, negated, left.pos))
        if self.at("op") and self.tok.text in ("<", "<=", ">", ">=", "=", "==", "!="):
            op = self.advance()
            symbol = "=" if op.text == "==" else op.text
            right = self.sum()
            if symbol in ("=", "!=") and left.type == "bool":
                self.need(right, "bool", f"“{op.text}”")
            else:
                self.need(left, "number", f"“{op.text}”")
                self.need(right, "number", f"“{op.text}”")
            if self.at("op") and self.tok.text in ("<", "<=", ">", ">=", "=", "==", "!="):
                raise RuleError(_("Write one comparison at a time, joined by “and”."), self.tok.pos)
            return self.node(Compare(symbol, left, right, left.pos))  # type: ignore[arg-type]
        return left

    def sum(self) -> Node:
        left = self.product()
        while self.at("op", "+") or self.at("op", "-"):
            op = self.advance()
            right = self.product()
            self.need(left, "number", f"“{op.text}”")
            self.need(right, "number", f"“{op.text}”")
            left = self.node(Arith(op.text, left, right, left.pos))  # type: ignore[arg-type]
        return left

    def product(self) -> Node:
        left = self.unary()
        while self.at("op", "*") or self.at("op", "/"):
            op = self.advance()
            right = self.unary()
            self.need(left, "number", f"“{op.text}”")
            self.need(right, "number", f"“{op.text}”")
            if op.text == "/":
                if not _is_constant(right):
                    raise RuleError(
                        _(
                            "Divide only by a number written in the rule (e.g. / 2), not by a "
                            "fact: a household's fact could be zero."
                        ),
                        right.pos,
                    )
                if right.evaluate({}) == 0:
                    raise RuleError(_("Division by zero."), right.pos)
            left = self.node(Arith(op.text, left, right, left.pos))  # type: ignore[arg-type]
        return left

    def unary(self) -> Node:
        if self.at("op", "-"):
            t = self.advance()
            with self.deeper(t.pos):
                operand = self.unary()
            self.need(operand, "number", "“-”")
            return self.node(Negate(operand, t.pos))
        return self.atom()

    def atom(self) -> Node:
        t = self.tok
        if t.kind == "number":
            self.advance()
            return self.node(Number(Decimal(t.text), t.pos))
        if t.kind == "string":
            self.advance()
            return self.node(Text(t.text, t.pos))
        if self.at("op", "("):
            self.advance()
            inner = self.expression()
            self.expect_op(")")
            return inner
        if t.kind == "name":
            self.advance()
            if t.text in ("true", "false"):
                return self.node(Boolean(t.text == "true", t.pos))
            try:
                is_call = self.at("op", "(")
            except RuleError:
                # A stray character after an unknown name: the name is the first fault.
                if t.text in FACTS or t.text in FUNCTIONS:
                    raise
                is_call = False
            if is_call:
                return self.call(t)
            if t.text in FUNCTIONS:
                raise RuleError(
                    _("“%(name)s” needs its values in parentheses, e.g. %(name)s(a, b).")
                    % {"name": t.text},
                    t.pos,
                )
            fact = FACTS.get(t.text)
            if fact is None:
                raise RuleError(
                    _("Unknown name “%(name)s”. The facts are: %(facts)s.")
                    % {"name": t.text, "facts": ", ".join(FACTS)},
                    t.pos,
                )
            return self.node(FactRef(fact.name, t.pos, fact.type))
        if t.kind == "end":
            raise RuleError(_("The rule ends too early."), t.pos)
        raise RuleError(_("Unexpected “%(found)s”.") % {"found": t.text}, t.pos)

    def call(self, name: Token) -> Node:
        if name.text not in FUNCTIONS:
            raise RuleError(
                _("Unknown function “%(name)s”. The functions are: min, max, if.")
                % {"name": name.text},
                name.pos,
            )
        self.expect_op("(")
        args: list[Node] = []
        if not self.at("op", ")"):
            args.append(self.expression())
            while self.at("op", ","):
                self.advance()
                args.append(self.expression())
                if len(args) > MAX_ARGS:
                    raise RuleError(
                        _("Too many values in “%(name)s”: at most %(max)s.")
                        % {"name": name.text, "max": MAX_ARGS},
                        name.pos,
                    )
        self.expect_op(")")
        what = f"“{name.text}”"
        if name.text == "if":
            if len(args) != 3:
                raise RuleError(
                    _("“if” takes three values: if(condition, amount, otherwise)."), name.pos
                )
            self.need(args[0], "bool", what)
            self.need(args[1], "number", what)
            self.need(args[2], "number", what)
            return self.node(If(args[0], args[1], args[2], name.pos))
        if len(args) < 2:
            raise RuleError(
                _("“%(name)s” takes at least two values.") % {"name": name.text}, name.pos
            )
        for a in args:
            self.need(a, "number", what)
        return self.node(MinMax(name.text, tuple(args), name.pos))  # type: ignore[arg-type]


def _is_constant(node: Node) -> bool:
    if isinstance(node, Number):
        return True
    if isinstance(node, Negate):
        return _is_constant(node.operand)
    return False
