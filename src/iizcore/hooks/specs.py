"""The hook contract between iizcore and canton plugins.

Read this one file to write a canton plugin. Every hook is prefixed ``iiz_``;
its docstring says when iizcore calls it, what it must return, and whether
the first non-``None`` result wins (``firstresult``).

A canton plugin is an ordinary distribution that exposes a module (or any
object with hook implementations) under the entry-point group
``iizcore.cantons``::

    [project.entry-points."iizcore.cantons"]
    zh = "iizcore_zh.plugin"

and marks its implementations with :data:`hookimpl`::

    from iizcore.hooks import hookimpl, CantonInfo

    HOOK_API_VERSION = 1

    @hookimpl
    def iiz_canton() -> CantonInfo: ...

Each canton gets its own plugin manager, so a hook implementation only ever
answers for its own canton. A hook that raises, or returns data of the wrong
type, makes iizcore raise :class:`~iizcore.errors.PluginError` naming the
plugin and the hook.

Versioning: a plugin declares the ``HOOK_API_VERSION`` it was written for
(module attribute). iizcore refuses a plugin whose version is newer than its
own :data:`HOOK_API_VERSION`; hooks are only ever added within a major
version, with ``None`` meaning "no opinion" so that older plugins keep working.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import pluggy
from attrs import field, frozen

from iizcore.model._validate import FieldError
from iizcore.model.labels import Labels, Lang

if TYPE_CHECKING:
    from datetime import date

    from iizcore.coordination.plan import Criterion, Lead
    from iizcore.costs.keys import CostKeyRule
    from iizcore.law.parameters import Parameter
    from iizcore.model.case import Case
    from iizcore.model.institution import InstitutionKind
    from iizcore.model.network import Network

__all__ = ["HOOK_API_VERSION", "PROJECT", "CantonInfo", "hookimpl", "hookspec"]

#: The version of this hook contract. Bumped only on an incompatible change.
HOOK_API_VERSION: Final = 1

PROJECT: Final = "iizcore"
hookspec: Final = pluggy.HookspecMarker(PROJECT)
hookimpl: Final = pluggy.HookimplMarker(PROJECT)


def _canton_code(_: object, attribute: object, value: str) -> None:
    if len(value) != 2 or not value.isascii() or not value.isupper():
        raise FieldError("code", "must be a two-letter upper-case canton code")


@frozen
class CantonInfo:
    """What a canton plugin provides: the canton's code, names and official languages."""

    code: str = field(validator=_canton_code)
    names: Labels
    languages: tuple[Lang, ...]
    hook_api_version: int = HOOK_API_VERSION


@hookspec(firstresult=True)
def iiz_canton() -> CantonInfo:  # type: ignore[empty-body]
    """Return the canton this plugin provides.

    Called once, when the plugin is registered. Required: a plugin that does
    not implement it is rejected. ``firstresult``.
    """


@hookspec(firstresult=True)
def iiz_network(canton: CantonInfo) -> Network:  # type: ignore[empty-body]
    """Return the canton's IIZ network (:class:`~iizcore.model.Network`).

    Called once per canton and cached: institutions with the municipalities
    they serve (by BFS number), the coordination office, collaboration forms,
    agreements and structural projects, and the municipality register with
    its date. Facts that could not be verified are flagged (``verified=False``)
    rather than invented; projects are listed only with a source.
    ``firstresult``; required.
    """


@hookspec
def iiz_parameters(canton: CantonInfo) -> Sequence[Parameter] | None:
    """Return cantonal parameter values, dated and sourced, or ``None``.

    Called once per canton and cached. Each :class:`~iizcore.law.parameters.Parameter`
    overlays the federal parameter of the same name from its first validity
    start on (e.g. ``sh.basic_need_1p`` as adopted by the canton, or
    ``sh.income_allowance_max``). A canton that has no documented value yet
    returns ``None`` or omits the parameter — placeholder values must not be
    invented. Not ``firstresult``: the lists of all implementations are joined.
    """


@hookspec(firstresult=True)
def iiz_triage_criteria(
    canton: CantonInfo, case: Case, on: date, criteria: Sequence[Criterion]
) -> Sequence[Criterion] | None:
    """Return the triage criteria that decide whether ``case`` is an IIZ case on ``on``.

    Called once per assessed case. ``criteria`` are the federal default
    criteria, already evaluated (:mod:`iizcore.coordination.triage`). Return
    a sequence of :class:`~iizcore.coordination.plan.Criterion` to use instead
    — typically ``criteria`` plus the canton's own (codes prefixed with the
    canton, e.g. ``"bl.assessment_centre"``), or a list that overrides some of
    them — or ``None`` for no opinion (the federal default applies). Cantonal
    criteria cite the documented practice they rest on (``source``). The
    case is an IIZ case when any returned criterion is met. ``firstresult``.
    """


@hookspec(firstresult=True)
def iiz_lead_institution(
    canton: CantonInfo,
    case: Case,
    on: date,
    involved: Sequence[InstitutionKind],
    default: Lead,
) -> Lead | None:
    """Return the lead institution (Fallführung) of an IIZ case, or ``None``.

    Called once per assessed case. ``involved`` are the institution kinds
    responsible or potentially responsible on ``on``; ``default`` is the lead
    the federal rule chose (:mod:`iizcore.coordination.lead`), with its
    reason. Return a :class:`~iizcore.coordination.plan.Lead` where the
    canton's documented practice assigns the lead differently (cite it in
    ``source``), or ``None`` for no opinion (the default applies). The lead
    is always added to the plan's participants. ``firstresult``.
    """


@hookspec
def iiz_cost_keys(canton: CantonInfo, on: date) -> Sequence[CostKeyRule] | None:
    """Return the canton's cost keys in force on ``on``, one per cost-item kind, or ``None``.

    Called once per cost allocation (:func:`iizcore.costs.allocate_case`).
    Each :class:`~iizcore.costs.CostKeyRule` chooses the key for one
    :class:`~iizcore.costs.CostItemKind` — own costs, fixed percentages
    between institution kinds (adding up to 100), by effort, by involvement,
    or the lead pays — and records its basis: law (``refs``), an agreement
    or a documented canton practice (``source``). Where the canton's key is
    not documented, return the own-costs rule with basis ``not_documented``
    and a ``note`` saying so; never invent a key. A kind without a rule gets
    the own-costs principle. Advances are not the canton's to key: the law
    reimburses them (ATSG Art. 71; ATSG Art. 22 Abs. 2, IVV Art. 85bis).
    Not ``firstresult``: the lists of all implementations are joined, and
    two rules for one kind are a :class:`~iizcore.errors.PluginError`.
    """
