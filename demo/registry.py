"""The seeding parts of the demo, and the run that calls them in order.

A part is a name, an order and a `seed(ctx)` function. A module registers its part when
it is imported::

    @register("duty", order=30)
    def seed(ctx: Context) -> list[str]:
        ...  # make rosters through duty's actions; return lines for the summary

Parts run in ascending order; a part finds what earlier parts made in `ctx.shared` (the
organisation is `ctx.shared["orgs"]`). A part may also say whether its data is there
already (`exists`), which `--if-empty` asks before seeding anything.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

SeedFunction = Callable[["Context"], list[str]]


@dataclass
class Context:
    """What one `seed-demo` run asks for. `volumes` holds requested sizes by part name
    (e.g. {"grievances": 5000}); `shared` is where parts leave things for later parts."""

    seed: int = 1
    months: int = 18
    now: datetime | None = None
    volumes: dict[str, int] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[str], None] = lambda line: None


@dataclass(frozen=True)
class Part:
    name: str
    order: int
    seed: SeedFunction
    exists: Callable[[], bool] | None = None


_PARTS: dict[str, Part] = {}


def register(
    name: str, *, order: int, exists: Callable[[], bool] | None = None
) -> Callable[[SeedFunction], SeedFunction]:
    """Register `seed` as the part `name`. Registering a name again replaces it (a module
    imported twice stays one part)."""

    def decorate(seed: SeedFunction) -> SeedFunction:
        _PARTS[name] = Part(name, order, seed, exists)
        return seed

    return decorate


def discover() -> list[Part]:
    """Import every module of the `demo` package (so that their parts register) and return
    the parts in order."""
    package = importlib.import_module("demo")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name != "tests":
            importlib.import_module(f"demo.{info.name}")
    return parts()


def parts() -> list[Part]:
    return sorted(_PARTS.values(), key=lambda p: (p.order, p.name))


@dataclass
class Report:
    skipped: bool = False
    lines: dict[str, list[str]] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)


def seed_all(ctx: Context, *, if_empty: bool = False) -> Report:
    """Run every registered part in order. With `if_empty`, seed nothing if any part says
    its data exists already (the report says skipped). Each part commits its own work; a
    failing part raises and leaves what earlier parts made."""
    found = discover()
    if if_empty and any(p.exists is not None and p.exists() for p in found):
        return Report(skipped=True)
    report = Report(shared=ctx.shared)
    for part in found:
        report.lines[part.name] = part.seed(ctx)
    return report
