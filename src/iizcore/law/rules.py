"""The federal rule modules and the order in which :func:`determine_all` applies them.

Each module in :data:`RULE_MODULES` exposes::

    def determinations(case: Case, ctx: RuleContext,
                       prior: Sequence[Determination]) -> list[Determination]

``prior`` holds the determinations of the modules applied before it, in
order: social assistance comes after the insurances because it is
subsidiary to them (SKOS-Richtlinien; e.g. SHG ZH § 2).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache
from types import ModuleType
from typing import Final, Protocol, cast

from iizcore.law.determination import Determination, RuleContext
from iizcore.model.case import Case

__all__ = ["RULE_MODULES", "determine_all"]

#: Rule modules of :mod:`iizcore.law`, in application order.
RULE_MODULES: Final = ("ahv", "alv", "iv", "migration", "sozialhilfe")


class _RuleModule(Protocol):
    def determinations(
        self, case: Case, ctx: RuleContext, prior: Sequence[Determination]
    ) -> list[Determination]: ...


@cache
def _modules() -> tuple[_RuleModule, ...]:
    loaded: list[ModuleType] = [importlib.import_module(f"iizcore.law.{m}") for m in RULE_MODULES]
    return tuple(cast(_RuleModule, m) for m in loaded)


def determine_all(case: Case, ctx: RuleContext) -> tuple[Determination, ...]:
    """Every federal determination for ``case`` on ``ctx.on``, in rule-module order."""
    out: list[Determination] = []
    for module in _modules():
        out.extend(module.determinations(case, ctx, tuple(out)))
    return tuple(out)
