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
import weakref
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


class Day(dict[Callable[["Day"], Any], Any]):
    """What every case on one day under one parameter set shares.

    ``decimals`` and ``entries`` are the parameter lookups of :func:`values_on` and
    :func:`entries_on`. The dict itself holds per-day state of the rule modules, keyed
    by the function that builds it: ``day_of(params, on)[_build]`` calls ``_build(day)``
    once and then is a plain dict hit — so that a rule module fetches everything it
    needs for the day with one call per case instead of one per parameter.
    """

    __slots__ = ("decimals", "entries", "on", "params")

    def __init__(self, params: ParameterSet, on: date) -> None:
        super().__init__()
        self.params = params
        self.on = on
        self.decimals = _InForce(functools.partial(params.value, on=on))
        self.entries = _InForce(functools.partial(params.entry, on=on))

    def __missing__(self, build: Callable[[Day], Any]) -> Any:
        found = self[build] = build(self)
        return found


#: Days kept before :data:`_DAYS` starts afresh (a batch over many as-of dates only
#: rebuilds a dropped day's state: cost, never a different result).
_MAX_DAYS: Final = 4096
#: Entries all :class:`Memo` objects together may hold before every day is dropped: the
#: memos are keyed on facts of cases (earnings, household, incapacity figures), so a
#: batch of 10⁶ cases on one date would otherwise grow them without end.
MEMO_BUDGET: Final = 50_000
_memo_entries = 0


class Memo(dict[Any, Any]):
    """A per-day memo of results keyed on a few facts of a case (never the case itself).

    Its entries count against :data:`MEMO_BUDGET`, shared by all memos; when the
    budget is spent, every memo is emptied (the days and their parameters stay) and
    the counting starts afresh. Memory therefore stays bounded however many cases
    and dates a batch has (50,000 entries are a few tens of MB).
    """

    __slots__ = ("__weakref__",)

    def __init__(self) -> None:
        super().__init__()
        _MEMOS[id(self)] = self

    def __setitem__(self, key: Any, value: Any) -> None:
        global _memo_entries
        if _memo_entries >= MEMO_BUDGET:
            _empty_memos()
        _memo_entries += 1
        super().__setitem__(key, value)


#: Every live memo by its id (weakly: a dropped day's memos go with it; a memo, being a
#: dict, cannot be in a WeakSet).
_MEMOS: weakref.WeakValueDictionary[int, Memo] = weakref.WeakValueDictionary()


def _empty_memos() -> None:
    global _memo_entries
    for memo in list(_MEMOS.values()):
        dict.clear(memo)
    _memo_entries = 0


def _drop_days() -> None:
    # Nothing else holds a day: dropped, it is freed with its memos. The day in use stays
    # valid for the case at hand (a local reference); later cases build their days afresh.
    global _last
    _DAYS.clear()
    _last = None
    _empty_memos()


#: :class:`Day` objects by parameter set (its id) and day; each holds its set, so that
#: the id cannot be reused while the entry lives.
_DAYS: dict[tuple[int, date], Day] = {}
#: The day asked for last: the rule modules of one case ask for the same day in turn.
_last: Day | None = None


def day_of(params: ParameterSet, on: date) -> Day:
    """The :class:`Day` of ``params`` on ``on`` (one per set and day, built on first use)."""
    global _last
    last = _last
    if last is not None and last.params is params and last.on == on:
        return last
    key = (id(params), on)
    found = _DAYS.get(key)
    if found is None or found.params is not params:
        if len(_DAYS) >= _MAX_DAYS:
            _drop_days()
        found = _DAYS[key] = Day(params, on)
    _last = found
    return found


def values_on(params: ParameterSet, on: date) -> dict[str, Decimal]:
    """``{name: params.value(name, on)}``, filled on first use and shared by every case on ``on``.

    A missing name or a day before a parameter's first value raises as
    :meth:`ParameterSet.value` does.
    """
    # day_of's fast path inlined: the ALV helpers ask for the values of the day at hand.
    last = _last
    if last is not None and last.params is params and last.on == on:
        return last.decimals
    return day_of(params, on).decimals


def entries_on(params: ParameterSet, on: date) -> dict[str, ParameterValue]:
    """``{name: params.entry(name, on)}``, filled on first use (see :func:`values_on`)."""
    return day_of(params, on).entries


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
