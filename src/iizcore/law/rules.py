"""The federal rule modules and the order in which :func:`determine_all` applies them.

Each module in :data:`RULE_MODULES` exposes::

    def determinations(case: Case, ctx: RuleContext,
                       prior: Sequence[Determination]) -> list[Determination]

``prior`` holds the determinations of the modules applied before it, in
order: social assistance comes after the insurances because it is
subsidiary to them (SKOS-Richtlinien; e.g. SHG ZH § 2).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from types import ModuleType
from typing import Any, Final, Protocol, cast

from iizcore.law.determination import Determination, RuleContext
from iizcore.law.parameters import ParameterSet, ParameterValue
from iizcore.model.case import Case

__all__ = ["RULE_MODULES", "determine_all"]

#: Rule modules of :mod:`iizcore.law`, in application order.
RULE_MODULES: Final = ("ahv", "alv", "iv", "migration", "sozialhilfe")


class _RuleModule(Protocol):
    def determinations(
        self, case: Case, ctx: RuleContext, prior: Sequence[Determination]
    ) -> list[Determination]: ...


#: Parameter sets that :func:`parameter_cache` keeps a cache for before starting afresh.
_MAX_SETS: Final = 64
#: Entries per parameter set before its cache starts afresh (bounds memory over many dates).
_MAX_ENTRIES: Final = 100_000
_CACHES: dict[int, tuple[ParameterSet, dict[Any, Any]]] = {}


def parameter_cache(params: ParameterSet) -> dict[Any, Any]:
    """A dict the rule modules share to cache pure results derived from ``params``.

    Rules ask for the same parameters, references and texts case after case; a
    module keys its entries by a tuple starting with its own name (``("alv", on)``).
    A :class:`ParameterSet` is not hashable, so the caches are keyed on its ``id``
    and hold the set itself, so that the id cannot be reused while the cache lives.
    """
    entry = _CACHES.get(id(params))
    if entry is None or entry[0] is not params:
        if len(_CACHES) >= _MAX_SETS:
            _CACHES.clear()
        entry = _CACHES[id(params)] = (params, {})
    elif len(entry[1]) >= _MAX_ENTRIES:
        entry[1].clear()
    return entry[1]


class _InForce(dict[str, Any]):
    """Parameter lookups on one day, each made on first use: ``values["alv.x"]`` is a dict hit."""

    __slots__ = ("_lookup",)

    def __init__(self, lookup: Callable[[str], Any]) -> None:
        super().__init__()
        self._lookup = lookup

    def __missing__(self, name: str) -> Any:
        found = self[name] = self._lookup(name)
        return found


#: The lookups of :func:`values_on` and :func:`entries_on` by parameter set (its id), day and
#: kind, each with its set (so that the id cannot be reused while the entry lives).
_VIEWS: dict[tuple[int, date, bool], tuple[ParameterSet, _InForce]] = {}


def _view(params: ParameterSet, on: date, entries: bool) -> _InForce:
    key = (id(params), on, entries)
    found = _VIEWS.get(key)
    if found is not None and found[0] is params:
        return found[1]
    if len(_VIEWS) >= _MAX_ENTRIES:
        _VIEWS.clear()
    view = _InForce(functools.partial(params.entry if entries else params.value, on=on))
    _VIEWS[key] = (params, view)
    return view


def values_on(params: ParameterSet, on: date) -> dict[str, Decimal]:
    """``{name: params.value(name, on)}``, filled on first use and shared by every case on ``on``.

    A missing name or a day before a parameter's first value raises as
    :meth:`ParameterSet.value` does.
    """
    return _view(params, on, False)


def entries_on(params: ParameterSet, on: date) -> dict[str, ParameterValue]:
    """``{name: params.entry(name, on)}``, filled on first use (see :func:`values_on`)."""
    return _view(params, on, True)


def first_since(params: ParameterSet, name: str) -> date | None:
    """The day parameter ``name`` first has a value, or None if ``params`` lacks it."""
    cache = parameter_cache(params)
    key = ("first_since", name)
    if key in cache:
        found: date | None = cache[key]
        return found
    found = cache[key] = params[name].values[0].since if name in params else None
    return found


@cache
def _modules() -> tuple[_RuleModule, ...]:
    loaded: list[ModuleType] = [importlib.import_module(f"iizcore.law.{m}") for m in RULE_MODULES]
    return tuple(cast(_RuleModule, m) for m in loaded)


def determine_all(case: Case, ctx: RuleContext) -> tuple[Determination, ...]:
    """Every federal determination for ``case`` on ``ctx.on``, in rule-module order."""
    out: list[Determination] = []
    for module in _modules():
        out += module.determinations(case, ctx, tuple(out))
    return tuple(out)
