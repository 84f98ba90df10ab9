"""What every module's declared actions are made of: the input fields of a step.

A module declares its steps once (`grievances/actions.py`, `duty/actions.py`): for each, its
name, label, who may take it and its `Field`s. The console builds its forms from the fields
(`minsheng.forms.field_form`) and the API its JSON bodies (`api.rest.inputs.fields_input`),
so a field is described once for both doors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import QuerySet
from django.utils.functional import Promise

StrOrPromise = str | Promise
FieldKind = Literal[
    "text",
    "line",
    "number",
    "choice",
    "choices",
    "amount",
    "yesno",
    "date",
    "datetime",
    "user",
    "unit",
    "codes",
]
TEXT_MAX = 5000


@dataclass(frozen=True)
class Field:
    """One input of an action. The console makes it a form field, the API a JSON field of
    the same name; the lifecycle function checks the rules behind it.

    kinds: `text` (several lines), `line` (one line), `number` (whole), `choice` (one of
    `choices`), `choices` (several of them: a JSON list in the API), `amount` (yuan with at
    most two decimals, between `min_value` and `max_value`: a string "1200.00" in the
    API, since JSON numbers lose cents), `yesno` (`choices` give the console's two labels,
    yes first), `date`, `datetime` (a local date and time), `user` and `unit` (the console
    offers `options(row)` by id; the API takes a username or a unit code), `codes` (receipt
    codes: space or comma separated in the console, a list in the API)."""

    name: str
    label: StrOrPromise
    kind: FieldKind = "text"
    required: bool = True
    max_length: int = TEXT_MAX
    rows: int = 3
    min_value: int | None = None
    max_value: int | None = None
    choices: tuple[tuple[str, StrOrPromise], ...] = ()
    options: Callable[[Any], QuerySet[Any]] | None = None
    hint: StrOrPromise = ""  # for people, under the console's field
    help: str = ""  # for the API's schema
