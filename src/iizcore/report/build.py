"""Build the interpellation report from a canton and a case set.

The report answers the four questions of interpellation 2018/778 (seed 000)
from data:

1. the structural projects registered in the canton plugin, with participants,
   status and source;
2. how many cases got parallel offers and a meeting (Fachkonferenz, runder
   Tisch, Fallkonferenz), and the time gained against the sequential path
   ALV → SH → IV (:mod:`iizcore.simulation`);
3. anonymised vignettes of IIZ cases (:func:`iizcore.privacy.make_vignette`),
   released only when :func:`iizcore.privacy.k_anonymise` lets them pass;
4. the costs by institution and by financing source.

Every record of the case file is accounted for: read = assessed + rejected.
The file is read by :mod:`iizcore.io.jsonl` and each line parsed, assessed or
rejected by :func:`iizcore.batch.evaluate_line`, as in a batch run.
The report holds counts, sums and anonymised text only — no name, AHV number,
birth date, municipality or case id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from itertools import chain, repeat
from pathlib import Path
from typing import Any, Final, cast

from attrs import frozen

from iizcore.assessment import assess as assess_case
from iizcore.batch import Rejection, evaluate_line
from iizcore.coordination.plan import CoordinationPlan, PaymentRole
from iizcore.costs.items import CostItemKind
from iizcore.hooks import Canton
from iizcore.io.jsonl import iter_raw_lines, read_jsonl
from iizcore.law.determination import Determination
from iizcore.model import Case, InstitutionKind, Money, StructuralProject
from iizcore.model.network import CollaborationForm
from iizcore.privacy import (
    AssessmentLike,
    QuasiIdentifiers,
    Vignette,
    k_anonymise,
    make_vignette,
    quasi_identifiers,
)
from iizcore.simulation import (
    ASSUMPTIONS,
    CaseSimulation,
    SimulationSummary,
    Transitions,
    simulate_case,
    summarise,
    transitions_on,
)

__all__ = [
    "DEFAULT_K",
    "MAX_SHOWN",
    "AssessFn",
    "Assessed",
    "CostLine",
    "InterpellationReport",
    "ShownVignette",
    "VignetteSet",
    "assess_file",
    "build_report",
    "has_alv_advance",
    "has_parallel_offers",
    "latest_as_of",
]

#: Default k of the k-anonymity check on vignettes.
DEFAULT_K: Final = 5

#: At most this many vignettes are shown: one per released group, largest groups first,
#: one per lead institution before a second one.
MAX_SHOWN: Final = 6

#: ``(case, canton, date) -> assessment``: what the report reads is the plan and the
#: determinations (:class:`~iizcore.privacy.AssessmentLike`) and, where present, ``costs``.
AssessFn = Callable[[Case, Canton, date], AssessmentLike]


@frozen
class CostLine:
    """One share of the IIZ costs: the institution, the financing source, the amount."""

    institution: str
    source: str
    amount: Money


@frozen
class Assessed:
    """One assessed case: the case, its plan and determinations, its cost shares."""

    case: Case
    plan: CoordinationPlan | None
    determinations: tuple[Determination, ...] = ()
    costs: tuple[CostLine, ...] = ()
    advance_costed: bool = False
    """Whether the cost allocation holds an advance with its amount (ATSG Art. 71 or
    IVV Art. 85bis reimbursement allocated)."""

    @classmethod
    def of(cls, case: Case, assessment: AssessmentLike) -> Assessed:
        """The report's view of ``assessment`` (:class:`iizcore.assessment.Assessment` or alike)."""
        return cls(
            case=case,
            plan=assessment.plan,
            determinations=tuple(assessment.determinations),
            costs=_cost_lines(assessment),
            advance_costed=_has_advance_item(assessment),
        )


@frozen
class ShownVignette:
    """A vignette the report shows, with the size of its k-anonymity group."""

    vignette: Vignette
    group_size: int


@frozen
class VignetteSet:
    """The outcome of the k-anonymity check over the IIZ cases' vignettes (question 3)."""

    k: int
    shown: tuple[ShownVignette, ...]
    released: int
    """Vignettes that passed the check (their group has at least k cases)."""
    withheld: int
    """Vignettes withheld because fewer than k cases share their quasi-identifiers."""
    withheld_groups: int


@frozen
class InterpellationReport:
    """The numbers and texts of the report; rendered by :mod:`iizcore.report.render`."""

    canton: str
    canton_name: str
    on: date
    source_name: str
    synthetic: bool
    read: int
    assessed: int
    rejected: tuple[Rejection, ...]
    projects: tuple[StructuralProject, ...]
    iiz_cases: int
    parallel_offer_cases: int
    meeting_cases: int
    meetings_by_form: tuple[tuple[CollaborationForm, int], ...]
    simulation: SimulationSummary
    transitions: Transitions
    assumptions: tuple[str, ...]
    vignettes: VignetteSet
    costs_by_institution: tuple[tuple[str, Money], ...]
    costs_by_source: tuple[tuple[str, Money], ...]
    costs_available: bool
    k: int
    alv_advance_cases: int
    """Cases whose plan has the ALV pay in advance (ATSG Art. 70 Abs. 2 lit. b)."""
    advance_costed_cases: int
    """Cases whose cost allocation holds an advance with its amount and reimbursement."""

    @property
    def costs_total(self) -> Money:
        return sum((m for _, m in self.costs_by_institution), Money.zero())

    @property
    def shown_vignettes(self) -> tuple[ShownVignette, ...]:
        return self.vignettes.shown


def _has_advance_item(assessment: Any) -> bool:
    """Whether the assessment's cost allocation holds an advance item (with its amount)."""
    allocation = getattr(assessment, "costs", None)
    items = getattr(allocation, "items", None)
    if not isinstance(items, tuple):
        return False
    return any(
        getattr(getattr(i, "item", None), "kind", None) is CostItemKind.ADVANCE for i in items
    )


def _cost_lines(assessment: Any) -> tuple[CostLine, ...]:
    """The cost shares of an assessment's cost allocation (party, source, amount)."""
    allocation = getattr(assessment, "costs", None)
    if allocation is None:
        return ()
    shares = getattr(allocation, "shares", None)
    if shares is None:
        shares = getattr(allocation, "by_party", None)
    if callable(shares):
        shares = shares()
    if isinstance(shares, dict):
        items: Iterable[tuple[Any, Any]] = shares.items()
    elif shares is not None:
        items = ((getattr(s, "party", None), getattr(s, "amount", None)) for s in shares)
    else:
        return ()
    out = []
    for party, amount in items:
        if party is None or not isinstance(amount, Money):
            continue
        kind = getattr(party, "kind", None)
        source = getattr(party, "source", None)
        out.append(
            CostLine(
                institution=kind.value if kind is not None else str(party),
                source=source.value if source is not None else "unknown",
                amount=amount,
            )
        )
    return tuple(out)


def assess_file(
    path: Path, canton: Canton, on: date | None = None, *, assess: AssessFn | None = None
) -> Iterator[Assessed | Rejection]:
    """Read the JSONL case file ``path`` line by line and assess each case, streaming.

    Lines are read by :func:`iizcore.io.jsonl.iter_raw_lines` and parsed and
    assessed by :func:`iizcore.batch.evaluate_line`, so a line is rejected
    exactly as ``iiz assess --jsonl`` rejects it (line, field path, reason;
    never the line's data). Blank lines are no records. ``on`` defaults to
    each case's as-of date; ``assess`` to :func:`iizcore.assessment.assess`.
    """
    fn: AssessFn = assess if assess is not None else assess_case

    def assessor(case: Case, _code: str, day: date | None) -> Assessed:
        return Assessed.of(case, fn(case, canton, day if day is not None else case.as_of))

    with path.open("rb") as stream:
        for raw in iter_raw_lines(stream):
            if raw.blank:
                continue
            result = evaluate_line(raw, canton.code, on, assessor)
            # evaluate_line returns the assessor's result (an Assessed) or a Rejection.
            yield result if isinstance(result, Rejection) else cast(Assessed, result)


def latest_as_of(path: Path) -> date | None:
    """The latest as-of date of the readable cases of the JSONL file ``path`` (None if none)."""
    dates = (c.as_of for c in read_jsonl(path, Case) if isinstance(c, Case))
    return max(dates, default=None)


def has_parallel_offers(plan: CoordinationPlan | None) -> bool:
    """Whether the plan schedules offers of two different institutions that overlap in time."""
    if plan is None:
        return False
    ms = plan.measures
    return any(
        a.institution is not b.institution and a.period.overlaps(b.period)
        for i, a in enumerate(ms)
        for b in ms[i + 1 :]
    )


def has_alv_advance(plan: CoordinationPlan | None) -> bool:
    """Whether the plan's order of payment has the ALV pay in advance (ATSG Art. 70 Abs. 2 lit. b)."""
    return plan is not None and any(
        step.institution is InstitutionKind.ALV_FUND and step.role is PaymentRole.ADVANCE
        for step in plan.payments
    )


def _iv_monthly_cost(plan: CoordinationPlan | None, canton: Canton) -> Money | None:
    """The documented monthly cost of the plan's IV measures (network offers), if any."""
    if plan is None:
        return None
    offers = {o.id: o for inst in canton.network.institutions for o in inst.offers}
    total: Money | None = None
    for m in plan.measures:
        if m.institution is not InstitutionKind.IV_OFFICE or m.offer_id is None:
            continue
        offer = offers.get(m.offer_id)
        if offer is not None and offer.monthly_cost is not None:
            total = offer.monthly_cost if total is None else total + offer.monthly_cost
    return total


class _VignetteGroups:
    """The IIZ cases by quasi-identifiers: each group's size and its best vignette.

    Memory grows with the number of groups, not of cases. The best vignette
    of a group is the case with the largest simulated gain, ties broken by
    the German text (so the choice does not depend on the order of the file).
    """

    def __init__(self, canton: Canton) -> None:
        self._network = canton.network
        self._size: Counter[QuasiIdentifiers] = Counter()
        self._best: dict[QuasiIdentifiers, tuple[int, str, Vignette]] = {}

    def add(self, rec: Assessed, plan: CoordinationPlan, gain: int) -> None:
        q = quasi_identifiers(rec.case, self._network)
        self._size[q] += 1
        best = self._best.get(q)
        if best is not None and gain < best[0]:
            return  # cannot win: skip writing its text
        v = make_vignette(rec.case, self._network, determinations=rec.determinations, plan=plan)
        if best is None or (gain, v.text.de) > best[:2]:
            self._best[q] = (gain, v.text.de, v)

    def check(self, k: int) -> VignetteSet:
        """The k-anonymity check (:func:`iizcore.privacy.k_anonymise`) and the vignettes shown."""
        # k_anonymise counts one vignette per case. It reads only the quasi-identifiers,
        # which every case of a group shares, so each group's best vignette stands for all
        # of its cases (repeated references, not copies).
        checked = k_anonymise(
            chain.from_iterable(repeat(b[2], self._size[q]) for q, b in self._best.items()), k
        )
        released = {v.quasi for v in checked.released}
        ranked = sorted(released, key=lambda q: (-self._size[q], self._best[q][1]))
        # Largest groups first, but one per lead institution before any second one, so
        # that the examples show different constellations, not one story six times.
        leads: dict[InstitutionKind | None, QuasiIdentifiers] = {}
        for q in ranked:
            leads.setdefault(self._best[q][2].lead, q)
        first = set(leads.values())
        order = [q for q in ranked if q in first] + [q for q in ranked if q not in first]
        shown = tuple(ShownVignette(self._best[q][2], self._size[q]) for q in order[:MAX_SHOWN])
        return VignetteSet(
            k=k,
            shown=shown,
            released=len(checked.released),
            withheld=checked.withheld,
            withheld_groups=checked.withheld_groups,
        )


def build_report(
    canton: Canton,
    records: Iterable[Assessed | Rejection],
    on: date,
    *,
    source_name: str,
    k: int = DEFAULT_K,
    horizon_months: int = 36,
) -> InterpellationReport:
    """Aggregate assessed records into the report in one pass over ``records``.

    A record is not kept after it is counted; what stays in memory is the
    aggregates, the rejections, one vignette per quasi-identifier group and
    the per-case simulations (:func:`iizcore.simulation.summarise` adds them
    up at the end). ``on`` dates the transition parameters and the
    structural projects list.
    """
    transitions = transitions_on(on, canton.parameters)
    rejected: list[Rejection] = []
    sims: list[CaseSimulation] = []
    groups = _VignetteGroups(canton)
    iiz = parallel = meetings = alv_advances = advances_costed = 0
    forms: Counter[CollaborationForm] = Counter()
    by_inst: dict[str, Money] = {}
    by_source: dict[str, Money] = {}
    assessed = 0
    costs_seen = False
    synthetic = True
    for rec in records:
        if isinstance(rec, Rejection):
            rejected.append(rec)
            continue
        assessed += 1
        synthetic = synthetic and rec.case.id.startswith("synthetic-")
        plan = rec.plan
        if has_parallel_offers(plan):
            parallel += 1
        if has_alv_advance(plan):
            alv_advances += 1
        if rec.advance_costed:
            advances_costed += 1
        if plan is not None and plan.meeting is not None:
            meetings += 1
            forms[plan.meeting.form] += 1
        for line in rec.costs:
            costs_seen = True
            by_inst[line.institution] = by_inst.get(line.institution, Money.zero()) + line.amount
            by_source[line.source] = by_source.get(line.source, Money.zero()) + line.amount
        sim = simulate_case(
            rec.case,
            rec.case.as_of,
            plan=plan,
            determinations=rec.determinations,
            parameters=canton.parameters,
            transitions=transitions,
            iv_monthly_cost=_iv_monthly_cost(plan, canton),
            horizon_months=horizon_months,
        )
        sims.append(sim)
        if plan is not None and plan.is_iiz_case:
            iiz += 1
            groups.add(rec, plan, sim.days_gained)
    projects = tuple(
        p for p in canton.network.projects if p.start_year is None or p.start_year <= on.year
    )
    return InterpellationReport(
        canton=canton.code,
        canton_name=canton.info.names.de,
        on=on,
        source_name=source_name,
        synthetic=synthetic and assessed > 0,
        read=assessed + len(rejected),
        assessed=assessed,
        rejected=tuple(rejected),
        projects=projects,
        iiz_cases=iiz,
        parallel_offer_cases=parallel,
        meeting_cases=meetings,
        meetings_by_form=tuple(sorted(forms.items(), key=lambda kv: kv[0].value)),
        simulation=summarise(sims, horizon_months),
        transitions=transitions,
        assumptions=ASSUMPTIONS,
        vignettes=groups.check(k),
        costs_by_institution=_sorted_money(by_inst),
        costs_by_source=_sorted_money(by_source),
        costs_available=costs_seen,
        k=k,
        alv_advance_cases=alv_advances,
        advance_costed_cases=advances_costed,
    )


def _sorted_money(d: dict[str, Money]) -> tuple[tuple[str, Money], ...]:
    return tuple(sorted(d.items(), key=lambda kv: (-kv[1].amount, kv[0])))


def mean_days(total: int, n: int) -> Decimal:
    """``total / n`` to one decimal (0 for an empty set)."""
    return (Decimal(total) / n).quantize(Decimal("0.1")) if n else Decimal(0)
