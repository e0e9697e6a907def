"""A compact summary of an :class:`~iizcore.assessment.Assessment`, for whole-canton batches.

A full assessment written as JSON is about 25 KB: every reason in four
languages, the plan's texts, each cost share with its basis. A canton that
assesses its whole caseload (10⁵–10⁶ cases) needs the results, not the
prose: :func:`summarize` keeps, per determination, the rule, institution,
outcome, reason codes and determined figures; of the plan, the triage
result, the lead, the order of payment and the measures; of the costs, the
total and who bears it. About 3 KB per case. Texts can be re-created at any
time with a full :func:`~iizcore.assessment.assess` of the same case and date.

The summary carries no personal data beyond the case id (like the full
assessment): no AHV number, name, birth date or municipality.

``iiz assess --jsonl FILE --output summary`` and
``run_batch(..., assess=iizcore.batch.summary_assessor)`` write summaries.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from attrs import field, frozen

from iizcore.assessment import Assessment
from iizcore.coordination.plan import PaymentRole
from iizcore.costs.allocate import CostAllocation
from iizcore.costs.items import FinancingSource
from iizcore.law.determination import Determination, Outcome
from iizcore.model.institution import InstitutionKind, MeasureType
from iizcore.model.money import Money

__all__ = [
    "AssessmentSummary",
    "CostSummary",
    "DeterminationSummary",
    "MeasureSummary",
    "PaymentSummary",
    "summarize",
]


@frozen
class DeterminationSummary:
    """One determination without its texts: outcome, reason codes and the figures determined.

    ``unmet`` are the codes of the conditions not met, ``unclear`` those the
    data cannot decide (``met`` None for a condition); ``reasons`` all codes in
    order. Amounts, quantities and dates are keyed by their names
    (``daily_allowance``, ``max_daily_allowances``, ``exhaustion_date``).
    """

    rule: str
    institution: InstitutionKind
    outcome: Outcome
    reasons: tuple[str, ...]
    unmet: tuple[str, ...] = ()
    amounts: dict[str, Money] = field(factory=dict)
    quantities: dict[str, Decimal] = field(factory=dict)
    dates: dict[str, date] = field(factory=dict)


@frozen
class PaymentSummary:
    """One step of the order of payment: rank, institution, role, recovery."""

    rank: int
    institution: InstitutionKind
    role: PaymentRole
    recovers_from: InstitutionKind | None = None
    since: date | None = None


@frozen
class MeasureSummary:
    """One measure of the plan: institution, type and period."""

    institution: InstitutionKind
    measure_type: MeasureType
    start: date
    end: date | None = None


@frozen
class CostSummary:
    """The case's IIZ costs: total and what each financing source finally bears."""

    total: Money
    by_source: dict[str, Money]
    illustrative_rates: bool


@frozen
class AssessmentSummary:
    """The results of one assessment in compact form (see the module docstring)."""

    case_id: str
    canton: str
    on: date
    determinations: tuple[DeterminationSummary, ...]
    iiz_case: bool
    criteria_met: tuple[str, ...]
    lead: InstitutionKind
    lead_rule: str
    participants: tuple[InstitutionKind, ...]
    payments: tuple[PaymentSummary, ...]
    measures: tuple[MeasureSummary, ...]
    meeting_due: date | None = None
    early_detection_due: date | None = None
    costs: CostSummary | None = None


def _determination(d: Determination) -> DeterminationSummary:
    # List comprehensions and positional arguments: this runs ≈ 7 times per case in a batch.
    reasons = d.reasons
    return DeterminationSummary(
        d.rule,
        d.institution,
        d.outcome,
        tuple([r.code for r in reasons]),
        tuple([r.code for r in reasons if r.met is False]),
        {a.name: a.value for a in d.amounts},
        {q.name: q.value for q in d.quantities},
        {k.name: k.day for k in d.dates},
    )


def summarize(assessment: Assessment) -> AssessmentSummary:
    """The compact summary of ``assessment`` (nothing is recomputed)."""
    plan = assessment.plan
    costs = assessment.costs
    return AssessmentSummary(
        case_id=assessment.case_id,
        canton=assessment.canton,
        on=assessment.on,
        determinations=tuple([_determination(d) for d in assessment.determinations]),
        iiz_case=plan.is_iiz_case,
        criteria_met=tuple(c.code for c in plan.triage.criteria if c.met),
        lead=plan.lead.institution,
        lead_rule=plan.lead.rule,
        participants=tuple(p.institution for p in plan.participants),
        payments=tuple(
            PaymentSummary(p.rank, p.institution, p.role, p.recovers_from, p.since)
            for p in plan.payments
        ),
        measures=tuple(
            MeasureSummary(m.institution, m.measure_type, m.period.start, m.period.end)
            for m in plan.measures
        ),
        meeting_due=plan.meeting.due if plan.meeting is not None else None,
        early_detection_due=(
            plan.early_detection.due if plan.early_detection is not None else None
        ),
        costs=None if costs is None else _costs(costs),
    )


def _costs(costs: CostAllocation) -> CostSummary:
    # CostAllocation.total and .by_source() in one pass over Decimals: the same sums in the
    # same order (so the same Decimal digits), without a Money object per addition.
    total = _ZERO
    by_source: dict[FinancingSource, Decimal] = {}
    for item in costs.items:
        total += item.total.amount
        for share in item.shares:
            source = share.party.source
            by_source[source] = by_source.get(source, _ZERO) + share.amount.amount
    return CostSummary(
        total=Money(total),
        by_source={s.value: Money(by_source[s]) for s in sorted(by_source, key=_source_order)},
        illustrative_rates=costs.illustrative_rates,
    )


def _source_order(source: FinancingSource) -> str:
    return source.value


_ZERO: Final = Decimal(0)
