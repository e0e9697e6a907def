"""``assess()``: the determinations and the coordination plan of one case, with a trace.

:func:`assess` runs the federal rules (:func:`iizcore.law.rules.determine_all`)
on the case with the parameters of the person's canton of residence (or of the
canton given, which must be that canton), then coordination (triage → lead →
order of payment → plan, :func:`iizcore.coordination.plan_case`) and the
allocation of the IIZ costs (:func:`iizcore.costs.allocate_case`). The
date is always explicit data (``on``, defaulting to ``case.as_of``); the
clock is never read.
"""

from __future__ import annotations

from datetime import date

from attrs import frozen

from iizcore.coordination.plan import CoordinationPlan
from iizcore.coordination.planner import plan_case
from iizcore.costs import CostAllocation, allocate_case
from iizcore.errors import InputError
from iizcore.hooks.manager import Canton, load_canton
from iizcore.law.determination import NO_TRACE, Determination, RuleContext, Trace, TraceStep
from iizcore.law.rules import determine_all
from iizcore.model.case import Case

__all__ = ["Assessment", "assess", "resolve_canton"]


@frozen
class Assessment:
    """The outcome of :func:`assess`: determinations, plan, trace, and costs where available.

    ``costs`` is the allocation of the case's IIZ costs
    (:func:`iizcore.costs.allocate_case`). ``trace`` is empty unless
    ``assess(..., trace=True)``.
    """

    case_id: str
    canton: str
    on: date
    determinations: tuple[Determination, ...]
    plan: CoordinationPlan
    trace: tuple[TraceStep, ...] = ()
    costs: CostAllocation | None = None

    @property
    def is_iiz_case(self) -> bool:
        """Whether triage found an IIZ case."""
        return self.plan.is_iiz_case

    def determinations_of(self, rule_prefix: str) -> tuple[Determination, ...]:
        """The determinations whose rule name starts with ``rule_prefix`` (``"alv."``)."""
        return tuple(d for d in self.determinations if d.rule.startswith(rule_prefix))


def resolve_canton(case: Case, canton: str | Canton | None = None) -> Canton:
    """The canton a case is assessed in: ``canton``, or the person's canton of residence.

    The person must live in that canton, in a municipality of its register:
    social assistance, the network and the cantonal rules are those of the
    canton of residence (ZUG Art. 12). Error messages never repeat the BFS
    number.

    Raises:
        PluginError: if the canton is not installed or its plugin fails.
        InputError: at ``person.residence.canton`` if the person lives in another
            canton, at ``person.residence.bfs_municipality`` if the municipality is
            not in the canton's register.
    """
    residence = case.person.residence
    if canton is None:
        canton = residence.canton
    loaded = load_canton(canton) if isinstance(canton, str) else canton
    if residence.canton != loaded.code:
        raise InputError(
            "person.residence.canton",
            f"the person lives in {residence.canton}, not in {loaded.code}",
        )
    if (
        loaded.network.municipalities
        and loaded.network.municipality(residence.bfs_municipality) is None
    ):
        raise InputError(
            "person.residence.bfs_municipality",
            f"not a municipality of {loaded.code} in the canton's municipality register",
        )
    return loaded


def assess(
    case: Case,
    canton: str | Canton | None = None,
    on: date | None = None,
    *,
    trace: bool = False,
) -> Assessment:
    """Assess ``case`` in ``canton`` on ``on`` (default: ``case.as_of``).

    Args:
        case: the case.
        canton: a canton code (``"ZH"``) or a loaded :class:`~iizcore.hooks.Canton`;
            default: the person's canton of residence.
        on: the date of the assessment; never the clock.
        trace: record every rule applied, with its inputs and result.

    Raises:
        InputError: if the person does not live in ``canton`` or in a municipality
            of its register (:func:`resolve_canton`).
        PluginError: if the canton is not installed or its plugin fails.
        ParameterError: if a parameter has no value on ``on``.
        RuleError: if a rule cannot decide.
    """
    loaded = resolve_canton(case, canton)
    day = on if on is not None else case.as_of
    recorder = Trace() if trace else NO_TRACE
    ctx = RuleContext(day, loaded.parameters, recorder)
    determinations = determine_all(case, ctx)
    plan = plan_case(case, loaded, ctx, determinations)
    costs = allocate_case(plan, loaded, day, case=case)
    # Positional, in the order of the fields: case_id, canton, on, determinations, plan,
    # trace, costs.
    return Assessment(
        case.id,
        loaded.code,
        day,
        determinations,
        plan,
        tuple(recorder.steps) if trace else (),
        costs,
    )
