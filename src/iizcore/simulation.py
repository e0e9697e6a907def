"""Pathway simulation: the sequential path ALV → social assistance → IV against the coordinated path.

Interpellation 2018/778 (seed 000, question 2) describes the "zeitlich leidvolle
Weg ALV-SH-IV": a person with a health problem draws ALV daily allowances until
the Aussteuerung (AVIG Art. 27), then turns to social assistance (BV Art. 12,
cantonal law), and only then is registered with the IV (IVG Art. 29). The
coordinated path of a :class:`~iizcore.coordination.plan.CoordinationPlan`
informs the IV at the early-detection date (IVG Art. 3a–3c) while the ALV
advances its benefits (ATSG Art. 70 Abs. 2 lit. b).

The simulation is deterministic: it computes, month by month, the *expected*
share of the case in each system (no random draws), from dated transition
parameters (``transitions.*`` in ``law/data/transitions.toml``, with sources
and verified flags). It credits coordination with time only — the IV acts
earlier — and never with better outcomes, because no sourced effect size
exists. Assumptions, each stated in :data:`ASSUMPTIONS`:

* ALV and social-assistance exits follow the SHIVALV remaining shares
  (piecewise linear between 0, 12 and 24 months, flat after 24 months);
* of the persons still in the ALV at the Aussteuerung, the share
  ``transitions.exhausted_to_sh_percent`` enters social assistance;
* the IV decision settles the case for those still in a system (integration
  measures or pension): their ALV and social-assistance months end there;
* costs are benefit costs per payer: ALV daily allowances (from the ALV
  determination, else the full rate of insured earnings, AVIG Art. 22 Abs. 1),
  social assistance as the SKOS basic need for the household minus income
  (a lower bound: housing and health insurance are not included), IV only
  where the plan's IV measures have a documented monthly cost;
* costs are expected values (share × monthly amount), each payer's total per
  case put on the 0.05 CHF grid (:meth:`~iizcore.model.Money.rounded`);
* the ALV's advances (ATSG Art. 70 Abs. 2 lit. b) stay with the ALV as payer:
  their reimbursement by the IV (ATSG Art. 71) is not modelled.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from attrs import frozen

from iizcore.coordination.plan import CoordinationPlan
from iizcore.law.determination import Determination
from iizcore.law.parameters import ParameterSet, ParameterValue, federal_parameters
from iizcore.model.case import Case
from iizcore.model.institution import InstitutionKind
from iizcore.model.money import Money
from iizcore.model.period import DAYS_PER_MONTH

__all__ = [
    "ASSUMPTIONS",
    "DAYS_PER_MONTH",
    "PAYER",
    "TRANSITION_PARAMETERS",
    "CaseSimulation",
    "MonthState",
    "Path",
    "PathResult",
    "SimulationSummary",
    "System",
    "Transitions",
    "simulate_case",
    "summarise",
    "transitions_on",
]

#: The transition parameters the simulation reads, in report order.
TRANSITION_PARAMETERS: Final = (
    "transitions.alv_remaining_percent_12_months",
    "transitions.alv_remaining_percent_24_months",
    "transitions.sh_remaining_percent_12_months",
    "transitions.sh_remaining_percent_24_months",
    "transitions.exhausted_to_sh_percent",
    "transitions.sh_to_iv_registration_months",
    "transitions.iv_processing_months",
)

#: The model's assumptions, as the report states them.
ASSUMPTIONS: Final = (
    "Deterministic expected shares per month; no random draws.",
    "Coordination is credited with time only (the IV acts earlier), never with better outcomes.",
    "ALV and social-assistance exits follow the SHIVALV remaining shares (linear between 0, 12 "
    "and 24 months, flat after 24 months).",
    "The IV decision settles the case for those still in a system (measures or pension).",
    "Social-assistance cost is the SKOS basic need for the household minus income: a lower "
    "bound (housing and health insurance are not included).",
    "IV costs count only where the plan's IV measures have a documented monthly cost.",
    "Costs are expected values (share in a system × monthly amount), rounded to 0.05 CHF per "
    "case and payer.",
    "ALV advances (ATSG Art. 70 Abs. 2 lit. b) count as ALV costs: their reimbursement by the "
    "IV (ATSG Art. 71) is not modelled.",
)

_HUNDRED: Final = Decimal(100)
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)


class Path(enum.StrEnum):
    """The two paths compared."""

    SEQUENTIAL = "sequential"
    """ALV until the Aussteuerung, then social assistance, then the IV."""
    COORDINATED = "coordinated"
    """The coordination plan: the right institution acts in parallel."""


class System(enum.StrEnum):
    """The benefit systems the simulation follows (the SHIVALV systems)."""

    ALV = "alv"
    SH = "sh"
    IV_EXAMINING = "iv_examining"
    """Registered with the IV, decision pending."""
    IV_DECIDED = "iv_decided"
    """The IV has decided (measures or pension)."""


#: Who pays for each system's months (benefit costs).
PAYER: Final[Mapping[System, InstitutionKind]] = {
    System.ALV: InstitutionKind.ALV_FUND,
    System.SH: InstitutionKind.SOCIAL_ASSISTANCE,
    System.IV_DECIDED: InstitutionKind.IV_OFFICE,
}


@frozen
class Transitions:
    """The transition parameters in force on a date, with their rows (source, verified flag)."""

    on: date
    rows: tuple[tuple[str, ParameterValue], ...]

    def value(self, name: str) -> Decimal:
        """The decimal value of transition parameter ``name``."""
        for key, row in self.rows:
            if key == name:
                return row.decimal
        raise KeyError(name)

    @property
    def unverified(self) -> tuple[str, ...]:
        """Names of the parameters whose value is not verified against a source."""
        return tuple(name for name, row in self.rows if not row.verified)


def transitions_on(on: date, parameters: ParameterSet | None = None) -> Transitions:
    """The transition parameters in force on ``on`` (federal set unless ``parameters`` given).

    Raises:
        ParameterError: if a parameter has no value on ``on``.
    """
    params = parameters if parameters is not None else federal_parameters()
    return Transitions(on, tuple((name, params.entry(name, on)) for name in TRANSITION_PARAMETERS))


@frozen
class MonthState:
    """Expected share of the case (0–1) in each system during month ``month`` (0 = the as-of month)."""

    month: int
    alv: Decimal
    sh: Decimal
    iv_examining: Decimal
    iv_decided: Decimal

    def share(self, system: System) -> Decimal:
        """The share in ``system``."""
        return {
            System.ALV: self.alv,
            System.SH: self.sh,
            System.IV_EXAMINING: self.iv_examining,
            System.IV_DECIDED: self.iv_decided,
        }[system]


@frozen
class PathResult:
    """One path of one case: the months, the expected months per system, costs per payer."""

    path: Path
    months: tuple[MonthState, ...]
    right_institution: InstitutionKind
    acts_after_days: int
    """Days from the as-of date until the right institution acts."""
    costs: tuple[tuple[InstitutionKind, Money], ...]
    """Expected benefit costs per payer over the horizon, each rounded to 0.05 CHF."""

    def system_months(self, system: System) -> Decimal:
        """Expected months spent in ``system`` over the horizon."""
        return sum((m.share(system) for m in self.months), _ZERO)

    def cost(self, payer: InstitutionKind) -> Money:
        """The expected cost borne by ``payer``."""
        return next((c for p, c in self.costs if p is payer), Money.zero())


@frozen
class CaseSimulation:
    """Both paths of one case."""

    case_id: str
    health_case: bool
    """Whether the case has a health problem (the IV is the right institution)."""
    sequential: PathResult
    coordinated: PathResult

    @property
    def days_gained(self) -> int:
        """Days the right institution acts earlier on the coordinated path (never negative)."""
        return max(0, self.sequential.acts_after_days - self.coordinated.acts_after_days)


def simulate_case(
    case: Case,
    on: date,
    *,
    plan: CoordinationPlan | None = None,
    determinations: Sequence[Determination] = (),
    parameters: ParameterSet | None = None,
    transitions: Transitions | None = None,
    iv_monthly_cost: Money | None = None,
    horizon_months: int = 36,
) -> CaseSimulation:
    """Simulate the sequential and the coordinated path of ``case`` from ``on``, month by month.

    ``plan`` is the coordination plan (its lead, early-detection date, measures
    and expected gain); ``determinations`` are the federal determinations of
    the same assessment (the ALV determination's ``exhaustion_date``,
    ``max_daily_allowances`` and ``daily_allowance`` are used when present).
    ``iv_monthly_cost`` is the documented monthly cost of the plan's IV
    measures, if any.
    """
    params = parameters if parameters is not None else federal_parameters()
    tr = transitions if transitions is not None else transitions_on(on, params)
    health = _is_health_case(case, on)
    alv_now = _in_alv(case, on)
    sh_now = _in_sh(case, on)
    alv_det = next((d for d in determinations if d.rule.startswith("alv")), None)
    exhaustion = _exhaustion_month(case, on, alv_det, params) if alv_now else 0
    elapsed = _alv_elapsed_months(case, on) if alv_now else _ZERO
    alv_monthly = _alv_monthly(case, on, alv_det, params)
    sh_monthly = _sh_monthly(case, on, params)
    right = _right_institution(plan, health)

    seq_iv_reg: int | None = None
    coord_iv_reg: int | None = None
    if health:
        seq_iv_reg = exhaustion + _months(tr.value("transitions.sh_to_iv_registration_months"))
        coord_iv_reg = _coordinated_iv_month(plan, on)
    processing = _months(tr.value("transitions.iv_processing_months"))

    def build(path: Path, iv_reg: int | None, acts_after: int) -> PathResult:
        months = _timeline(
            tr,
            horizon_months,
            start_alv=alv_now,
            start_sh=sh_now and not alv_now,
            elapsed=elapsed,
            exhaustion=exhaustion,
            iv_registration=iv_reg,
            iv_decision=None if iv_reg is None else iv_reg + processing,
        )
        costs = _costs(months, alv_monthly, sh_monthly, iv_monthly_cost)
        return PathResult(path, months, right, acts_after, costs)

    if health and seq_iv_reg is not None and coord_iv_reg is not None:
        seq_days = _days(seq_iv_reg)
        coord_days = min(_days(coord_iv_reg), seq_days)
    else:
        coord_days = _plan_days(plan, "parallel")
        seq_days = max(_plan_days(plan, "sequential"), coord_days)
    sequential = build(Path.SEQUENTIAL, seq_iv_reg, seq_days)
    coordinated = build(Path.COORDINATED, coord_iv_reg, coord_days)
    return CaseSimulation(case.id, health, sequential, coordinated)


# --- inputs from the case, the determinations and the plan ----------------------------------


def _is_health_case(case: Case, on: date) -> bool:
    pending_iv = any(c.institution is InstitutionKind.IV_OFFICE for c in case.pending_claims(on))
    return case.person.health.has_health_problem or pending_iv


def _in_alv(case: Case, on: date) -> bool:
    return any(s.institution is InstitutionKind.ALV_FUND for s in case.active_spells(on))


def _in_sh(case: Case, on: date) -> bool:
    return any(s.institution is InstitutionKind.SOCIAL_ASSISTANCE for s in case.active_spells(on))


def _active_alv_spell_start(case: Case, on: date) -> date | None:
    starts = [s.start for s in case.active_spells(on) if s.institution is InstitutionKind.ALV_FUND]
    return min(starts) if starts else None


def _alv_elapsed_months(case: Case, on: date) -> Decimal:
    start = _active_alv_spell_start(case, on)
    return _ZERO if start is None else Decimal((on - start).days) / DAYS_PER_MONTH


def _exhaustion_month(case: Case, on: date, alv: Determination | None, params: ParameterSet) -> int:
    """Months from ``on`` until the Aussteuerung (AVIG Art. 27)."""
    if alv is not None:
        day = alv.date("exhaustion_date")
        if day is not None:
            return max(0, _months(Decimal((day - on).days) / DAYS_PER_MONTH))
    entitlement = alv.quantity("max_daily_allowances") if alv is not None else None
    if entitlement is None:
        # Without a determination: the smallest entitlement of AVIG Art. 27 Abs. 2 lit. a.
        entitlement = params.value("alv.max_daily_allowances_12_months", on)
    per_month = params.value("alv.days_per_month_divisor", on)
    drawn = sum(
        (
            Decimal(s.daily_allowances_drawn)
            if s.daily_allowances_drawn is not None
            else (_alv_elapsed_months(case, on) * per_month)
            for s in case.active_spells(on)
            if s.institution is InstitutionKind.ALV_FUND
        ),
        _ZERO,
    )
    remaining = max(_ZERO, entitlement - drawn)
    return _months(remaining / per_month)


def _alv_monthly(case: Case, on: date, alv: Determination | None, params: ParameterSet) -> Money:
    """Monthly ALV allowance: the determined daily allowance × 21.7 (AVIV Art. 40a)."""
    per_month = params.value("alv.days_per_month_divisor", on)
    daily = alv.amount("daily_allowance") if alv is not None else None
    if daily is not None:
        return daily * per_month
    earnings = case.person.employment.insured_monthly_earnings
    if earnings is None:
        return Money.zero()
    cap = Money(params.value("alv.max_insured_earnings_month", on))
    rate = params.value("alv.daily_allowance_rate_full", on) / _HUNDRED
    return earnings.min(cap) * rate


def _sh_monthly(case: Case, on: date, params: ParameterSet) -> Money:
    """SKOS basic need for the household (equivalence scale) minus household income, at least 0."""
    basic = params.value("sh.basic_need_1p", on)
    scale = params.table("sh.equivalence_scale", on)
    size = Decimal(min(case.person.household.size, int(max(scale))))
    need = Money(basic * scale[size])
    return (need - case.person.monthly_income).max(Money.zero())


def _right_institution(plan: CoordinationPlan | None, health: bool) -> InstitutionKind:
    if plan is not None:
        return plan.lead.institution
    return InstitutionKind.IV_OFFICE if health else InstitutionKind.SOCIAL_ASSISTANCE


def _coordinated_iv_month(plan: CoordinationPlan | None, on: date) -> int:
    """The month the IV is informed on the coordinated path: early detection or an IV measure."""
    if plan is None:
        return 0
    days: list[int] = []
    if plan.early_detection is not None:
        days.append((plan.early_detection.due - on).days)
    days.extend(
        (m.period.start - on).days
        for m in plan.measures
        if m.institution is InstitutionKind.IV_OFFICE
    )
    return _months(Decimal(max(0, min(days))) / DAYS_PER_MONTH) if days else 0


def _plan_days(plan: CoordinationPlan | None, which: str) -> int:
    if plan is None or plan.gain is None:
        return 0
    return plan.gain.sequential_days if which == "sequential" else plan.gain.parallel_days


# --- the timeline ----------------------------------------------------------------------------


def _remaining(points: tuple[Decimal, Decimal], month: Decimal) -> Decimal:
    """Remaining share (0–1) after ``month`` months: linear through 100, p12, p24; flat after 24."""
    p12, p24 = points[0] / _HUNDRED, points[1] / _HUNDRED
    if month <= 0:
        return _ONE
    if month <= 12:
        return _ONE - (_ONE - p12) * month / 12
    if month <= 24:
        return p12 - (p12 - p24) * (month - 12) / 12
    return p24


def _timeline(
    tr: Transitions,
    horizon: int,
    *,
    start_alv: bool,
    start_sh: bool,
    elapsed: Decimal,
    exhaustion: int,
    iv_registration: int | None,
    iv_decision: int | None,
) -> tuple[MonthState, ...]:
    alv_points = (
        tr.value("transitions.alv_remaining_percent_12_months"),
        tr.value("transitions.alv_remaining_percent_24_months"),
    )
    sh_points = (
        tr.value("transitions.sh_remaining_percent_12_months"),
        tr.value("transitions.sh_remaining_percent_24_months"),
    )
    to_sh = tr.value("transitions.exhausted_to_sh_percent") / _HUNDRED
    base = _remaining(alv_points, elapsed)
    if start_alv:
        sh_entry_month = exhaustion
        sh_entry_share = _remaining(alv_points, elapsed + exhaustion) / base * to_sh
    elif start_sh:
        sh_entry_month, sh_entry_share = 0, _ONE
    else:
        sh_entry_month, sh_entry_share = 0, _ZERO
    out: list[MonthState] = []
    decided = _ZERO
    for m in range(horizon):
        alv = _remaining(alv_points, elapsed + m) / base if start_alv and m < exhaustion else _ZERO
        sh = (
            sh_entry_share * _remaining(sh_points, Decimal(m - sh_entry_month))
            if m >= sh_entry_month
            else _ZERO
        )
        examining = _ZERO
        if iv_decision is not None and m >= iv_decision:
            if m == iv_decision:
                decided = alv + sh
            alv = sh = _ZERO
        elif iv_registration is not None and m >= iv_registration:
            examining = alv + sh
        out.append(MonthState(m, alv, sh, examining, decided))
    return tuple(out)


def _costs(
    months: Iterable[MonthState], alv: Money, sh: Money, iv: Money | None
) -> tuple[tuple[InstitutionKind, Money], ...]:
    totals = {kind: Money.zero() for kind in PAYER.values()}
    for m in months:
        totals[InstitutionKind.ALV_FUND] += alv * m.alv
        totals[InstitutionKind.SOCIAL_ASSISTANCE] += sh * m.sh
        if iv is not None:
            totals[InstitutionKind.IV_OFFICE] += iv * m.iv_decided
    # Expected values, not payments: rounded once per payer, so that every sum of them
    # (the report's totals) stays on the 0.05 CHF grid and adds up exactly.
    return tuple((payer, total.rounded()) for payer, total in totals.items())


def _months(value: Decimal) -> int:
    return int(value.quantize(_ONE, rounding=ROUND_HALF_UP))


def _days(months: int) -> int:
    return int((DAYS_PER_MONTH * months).quantize(_ONE, rounding=ROUND_HALF_UP))


# --- over a case set -------------------------------------------------------------------------


@frozen
class SimulationSummary:
    """Totals over a case set, per path: months per system, costs per payer, days to act."""

    cases: int
    health_cases: int
    horizon_months: int
    system_months: tuple[tuple[Path, System, Decimal], ...]
    costs: tuple[tuple[Path, InstitutionKind, Money], ...]
    """Per path and payer: the sum of the cases' expected costs, on the 0.05 CHF grid."""
    acts_after_days_total: tuple[tuple[Path, int], ...]
    days_gained_total: int
    cases_with_gain: int
    monthly: tuple[tuple[Path, tuple[MonthState, ...]], ...]
    """Per path, the month-by-month sums of shares over all cases (expected persons)."""

    def months_in(self, path: Path, system: System) -> Decimal:
        return next(v for p, s, v in self.system_months if p is path and s is system)

    def cost(self, path: Path, payer: InstitutionKind) -> Money:
        return next(c for p, k, c in self.costs if p is path and k is payer)

    def acts_after_days(self, path: Path) -> int:
        return next(d for p, d in self.acts_after_days_total if p is path)


def summarise(sims: Iterable[CaseSimulation], horizon_months: int = 36) -> SimulationSummary:
    """Add up case simulations (exact sums of shares and of the cases' rounded costs)."""
    items = list(sims)
    paths = (Path.SEQUENTIAL, Path.COORDINATED)
    sys_months: list[tuple[Path, System, Decimal]] = []
    costs: list[tuple[Path, InstitutionKind, Money]] = []
    acts: list[tuple[Path, int]] = []
    monthly: list[tuple[Path, tuple[MonthState, ...]]] = []
    for path in paths:
        results = [s.sequential if path is Path.SEQUENTIAL else s.coordinated for s in items]
        for system in System:
            sys_months.append(
                (path, system, sum((r.system_months(system) for r in results), _ZERO))
            )
        for payer in PAYER.values():
            # Each case's cost is on the 0.05 CHF grid, so the exact sum is too.
            costs.append((path, payer, sum((r.cost(payer) for r in results), Money.zero())))
        acts.append((path, sum(r.acts_after_days for r in results)))
        rows = []
        for m in range(horizon_months):
            states = [r.months[m] for r in results if m < len(r.months)]
            rows.append(
                MonthState(
                    m,
                    sum((s.alv for s in states), _ZERO),
                    sum((s.sh for s in states), _ZERO),
                    sum((s.iv_examining for s in states), _ZERO),
                    sum((s.iv_decided for s in states), _ZERO),
                )
            )
        monthly.append((path, tuple(rows)))
    return SimulationSummary(
        cases=len(items),
        health_cases=sum(1 for s in items if s.health_case),
        horizon_months=horizon_months,
        system_months=tuple(sys_months),
        costs=tuple(costs),
        acts_after_days_total=tuple(acts),
        days_gained_total=sum(s.days_gained for s in items),
        cases_with_gain=sum(1 for s in items if s.days_gained > 0),
        monthly=tuple(monthly),
    )
