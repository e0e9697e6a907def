"""Allocating IIZ cost items to the parties that bear them, exactly.

:func:`allocate` applies a key to each :class:`~iizcore.costs.items.CostItem`
and returns a :class:`CostAllocation`: per item the shares (who bears how
much, and on which basis) and the reimbursement flows. Every item's shares
add up to its total to the Rappen (largest remainder on the 0.05 grid,
:mod:`iizcore.costs.exact`).

:func:`allocate_case` derives the cost items of one case from its
:class:`~iizcore.coordination.plan.CoordinationPlan` — case management by
the lead, the meeting (per participant and hour), the coordination office,
the measures, the advances — and allocates them with the canton's keys
(hook ``iiz_cost_keys``) and the keys the law sets (ATSG Art. 71, ATSG
Art. 22 Abs. 2 / IVV Art. 85bis, VIntA Art. 15).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Final, Protocol, TypeVar

from attrs import frozen

from iizcore.coordination.plan import CoordinationPlan, PaymentRole
from iizcore.costs.exact import floor_to_grid, split
from iizcore.costs.items import (
    AdvanceBasis,
    CaseItems,
    CostItem,
    CostItemKind,
    FinancingSource,
    Party,
    advance,
    case_management,
    coordination_office,
    joint_assessment,
    measure,
    meeting,
)
from iizcore.costs.keys import (
    ATSG_71_BASIS,
    IV_BACK_PAYMENT_BASIS,
    BasisKind,
    FederalLumpSum,
    Key,
    KeyBasis,
    KeyMethod,
    ProportionalKey,
    Reimbursement,
    cantonal_key_rules,
)
from iizcore.costs.rates import CostRates, illustrative_rates
from iizcore.errors import RuleError
from iizcore.hooks.manager import Canton, load_canton
from iizcore.model.case import Case
from iizcore.model.institution import InstitutionKind
from iizcore.model.money import Money
from iizcore.model.network import CollaborationForm, Network
from iizcore.model.person import ResidenceStatus

__all__ = [
    "INTEGRATION_LUMP_SUM_PARAMETER",
    "CostAllocation",
    "Flow",
    "ItemAllocation",
    "Share",
    "allocate",
    "allocate_case",
    "allocate_items",
    "reimbursement_key",
]

K = TypeVar("K")

#: The dated parameter of the integration lump sum (Integrationspauschale).
INTEGRATION_LUMP_SUM_PARAMETER: Final = "migration.integration_lump_sum"

#: Statuses for which the Confederation pays the integration lump sum (VIntA Art. 15 Abs. 1:
#: provisionally admitted persons and recognised refugees; persons in need of protection
#: with a residence permit have no status in the model yet).
LUMP_SUM_STATUSES: Final = frozenset(
    {
        ResidenceStatus.PROVISIONALLY_ADMITTED_F,
        ResidenceStatus.REFUGEE_B,
        ResidenceStatus.REFUGEE_F,
    }
)

#: Providers whose integration measures the lump sum finances: the canton's integration
#: promotion, not the social insurances, which finance their own measures.
LUMP_SUM_PROVIDERS: Final = frozenset(
    {
        InstitutionKind.MIGRATION_INTEGRATION,
        InstitutionKind.SOCIAL_ASSISTANCE,
        InstitutionKind.CANTONAL_SOCIAL_OFFICE,
        InstitutionKind.VOCATIONAL_GUIDANCE,
        InstitutionKind.VOCATIONAL_EDUCATION,
        InstitutionKind.PRIVATE_PROVIDER,
    }
)


@frozen
class Share:
    """The part ``amount`` of an item that ``party`` bears, on ``basis``."""

    party: Party
    amount: Money
    basis: KeyBasis


@frozen
class Flow:
    """A payment from ``payer`` to ``payee``: the liable party reimbursing an advance."""

    payer: Party
    payee: Party
    amount: Money
    item_id: str
    basis: KeyBasis


@frozen
class ItemAllocation:
    """One item with its key and the shares that add up exactly to :attr:`total`."""

    item: CostItem
    method: KeyMethod
    basis: KeyBasis
    shares: tuple[Share, ...]
    flows: tuple[Flow, ...] = ()
    note: str | None = None

    @property
    def total(self) -> Money:
        """The item's total (rounded to 0.05 CHF)."""
        return self.item.total

    def share_of(self, party: Party) -> Money:
        """What ``party`` bears of this item."""
        return sum((s.amount for s in self.shares if s.party == party), Money.zero())


def _sum_by(
    pairs: Iterable[tuple[K, Money]], order: Callable[[K], str | tuple[str, ...]]
) -> dict[K, Money]:
    totals: dict[K, Money] = defaultdict(Money.zero)
    for k, amount in pairs:
        totals[k] = totals[k] + amount
    return {k: totals[k] for k in sorted(totals, key=order)}


@frozen
class CostAllocation:
    """The allocation of the IIZ costs of one case (or any set of items).

    ``illustrative_rates`` is True where amounts were priced with
    :func:`~iizcore.costs.rates.illustrative_rates` — example data, not law.
    ``notes`` say what could not be allocated and why (never personal data).
    """

    canton: str
    on: date
    items: tuple[ItemAllocation, ...]
    case_id: str | None = None
    illustrative_rates: bool = False
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> Money:
        """The sum of all item totals."""
        return sum((i.total for i in self.items), Money.zero())

    @property
    def shares(self) -> tuple[Share, ...]:
        """Every share of every item."""
        return tuple(s for i in self.items for s in i.shares)

    @property
    def flows(self) -> tuple[Flow, ...]:
        """Every reimbursement flow."""
        return tuple(f for i in self.items for f in i.flows)

    def by_party(self) -> dict[Party, Money]:
        """What each party finally bears, in :attr:`Party.sort_key` order."""
        return _sum_by(((s.party, s.amount) for s in self.shares), lambda p: p.sort_key)

    def by_source(self) -> dict[FinancingSource, Money]:
        """What each financing source finally bears."""
        return _sum_by(((s.party.source, s.amount) for s in self.shares), lambda s: s.value)

    def by_kind(self) -> dict[CostItemKind, Money]:
        """The total of each item kind."""
        return _sum_by(((i.item.kind, i.total) for i in self.items), lambda k: k.value)


class HasPlan(Protocol):
    """Anything carrying a coordination plan (an assessment)."""

    @property
    def plan(self) -> CoordinationPlan: ...


def reimbursement_key(item: CostItem) -> Reimbursement:
    """The key the law sets for an advance: ATSG Art. 71, or IVV Art. 85bis for IV back payments."""
    if item.advance is None:
        raise RuleError(f"item {item.id!r} is not an advance")
    if item.advance.basis is AdvanceBasis.IV_BACK_PAYMENT:
        return Reimbursement(IV_BACK_PAYMENT_BASIS)
    return Reimbursement(ATSG_71_BASIS)


def _proportional(item: CostItem, total: Money, key: ProportionalKey) -> tuple[Share, ...]:
    shares = split(total, key.weights(item))
    return tuple(Share(p, amount, key.basis) for p, amount in shares.items())


def _reimburse(item: CostItem, key: Reimbursement) -> ItemAllocation:
    adv = item.advance
    if adv is None:
        raise RuleError(f"item {item.id!r}: only an advance can be reimbursed")
    advancer = item.contributions[0].party
    if adv.liable == advancer:
        raise RuleError(f"item {item.id!r}: the advancer cannot reimburse itself")
    total = item.total
    back_payment = adv.basis is AdvanceBasis.IV_BACK_PAYMENT
    note = None
    if not adv.requested:
        reimbursed = Money.zero()
        # The note names the provision of the advance's own basis, never the other one.
        note = (
            "no request for the back payment: it goes to the person (IVV Art. 85bis Abs. 1)"
            if back_payment
            else "no reimbursement claimed under ATSG Art. 71: the advancing insurer keeps the cost"
        )
    elif adv.owed is None:
        reimbursed = total
    else:
        # A cap is never exceeded: floor it to the grid ("at most" what is owed).
        reimbursed = total.min(floor_to_grid(adv.owed))
        if reimbursed != total:
            note = (
                "reimbursed up to the IV back payment for the period covered; the rest stays "
                "with the advancing body (IVV Art. 85bis Abs. 3)"
                if back_payment
                else "reimbursed up to the liable insurer's own benefit for the same period; the "
                "rest stays with the advancing insurer (ATSG Art. 71)"
            )
    shares = tuple(
        sorted(
            (
                Share(adv.liable, reimbursed, key.basis),
                Share(advancer, total - reimbursed, key.basis),
            ),
            key=lambda s: s.party.sort_key,
        )
    )
    flows = (Flow(adv.liable, advancer, reimbursed, item.id, key.basis),) if reimbursed else ()
    return ItemAllocation(item, key.method, key.basis, shares, flows, note)


def _allocate_item(
    item: CostItem, key: Key, remaining: dict[FederalLumpSum, Money]
) -> ItemAllocation:
    if isinstance(key, Reimbursement):
        return _reimburse(item, key)
    if item.kind is CostItemKind.ADVANCE:
        raise RuleError(f"item {item.id!r}: an advance is reimbursed by law, not divided by a key")
    if isinstance(key, FederalLumpSum):
        left = remaining.setdefault(key, key.available)
        federal = item.total.min(left)
        remaining[key] = left - federal
        rest = _proportional(item, item.total - federal, key.residual)
        shares = (Share(Party.confederation(), federal, key.basis), *rest)
        return ItemAllocation(item, key.method, key.basis, shares)
    return ItemAllocation(item, key.method, key.basis, _proportional(item, item.total, key))


def allocate(
    items: Iterable[CostItem],
    keys: Mapping[CostItemKind, Key] | Callable[[CostItem], Key],
    *,
    canton: str,
    on: date,
    case_id: str | None = None,
    illustrative_rates: bool = False,
    notes: Iterable[str] = (),
) -> CostAllocation:
    """Allocate ``items`` with ``keys`` (per item kind, or a function of the item).

    Advances without a key of their own get :func:`reimbursement_key`.
    Items are processed in the order of their ids, so that a federal lump
    sum shared by several items is charged deterministically; the result
    lists them in that order.

    Raises:
        RuleError: for duplicate item ids, an item kind without a key, or a
            key that cannot divide the item.
    """
    ordered = sorted(items, key=lambda i: i.id)
    ids = [i.id for i in ordered]
    if len(set(ids)) != len(ids):
        raise RuleError("item ids must be unique within an allocation")
    remaining: dict[FederalLumpSum, Money] = {}
    result = []
    for item in ordered:
        if callable(keys):
            key = keys(item)
        elif item.kind in keys:
            key = keys[item.kind]
        elif item.kind is CostItemKind.ADVANCE:
            key = reimbursement_key(item)
        else:
            raise RuleError(f"no cost key for item kind {item.kind.value!r}")
        result.append(_allocate_item(item, key, remaining))
    return CostAllocation(
        canton=canton,
        on=on,
        items=tuple(result),
        case_id=case_id,
        illustrative_rates=illustrative_rates,
        notes=tuple(notes),
    )


def allocate_items(case_items: CaseItems, canton: Canton | str) -> CostAllocation:
    """Allocate hand-made items of one case with the canton's keys (hook ``iiz_cost_keys``).

    Institution kinds in a fixed percentage key resolve to the item's party of
    that kind, else to the canton network's institution of that kind.
    """
    if isinstance(canton, str):
        canton = load_canton(canton)
    network = canton.network
    present = {p.kind: p for i in case_items.items for p in i.parties if p.kind is not None}

    def resolve(kind: InstitutionKind) -> Party:
        if kind in present:
            return present[kind]
        inst = network.institution_for(kind)
        return Party.of(kind, inst.id if inst is not None else None)

    rules = cantonal_key_rules(canton, case_items.on)

    def key_for(item: CostItem) -> Key:
        if item.kind is CostItemKind.ADVANCE:
            return reimbursement_key(item)
        return rules[item.kind].bind(resolve, case_items.lead)

    return allocate(
        case_items.items,
        key_for,
        canton=canton.code,
        on=case_items.on,
        case_id=case_items.case_id,
    )


class _Parties:
    """Resolves institution kinds to the concrete parties of a plan and network."""

    def __init__(self, plan: CoordinationPlan, network: Network) -> None:
        self._plan = plan
        self._network = network

    def __call__(self, kind: InstitutionKind, institution_id: str | None = None) -> Party:
        if institution_id is None:
            participant = self._plan.participant(kind)
            institution_id = participant.institution_id if participant else None
        if institution_id is None:
            inst = self._network.institution_for(kind)
            institution_id = inst.id if inst is not None else None
        return Party.of(kind, institution_id)


def _lump_sum_key(
    canton: Canton, on: date, used: Money, amount: Money | None, residual: ProportionalKey
) -> FederalLumpSum:
    entry = canton.parameters.entry(INTEGRATION_LUMP_SUM_PARAMETER, on)
    paid = amount if amount is not None else Money(entry.decimal)
    note = (
        "amount passed by the caller"
        if amount is not None
        else "nominal amount; the SEM indexes it yearly to the CPI (VIntA Art. 15 Abs. 2)"
    )
    basis = KeyBasis(
        BasisKind.LAW,
        refs=(entry.ref,),
        source=entry.source,
        note=f"{INTEGRATION_LUMP_SUM_PARAMETER} since {entry.since.isoformat()}: {note}",
        verified=entry.verified,
    )
    available = floor_to_grid((paid - used).max(Money.zero()))
    return FederalLumpSum(available=available, residual=residual, basis=basis)


def allocate_case(
    plan_or_assessment: CoordinationPlan | HasPlan,
    canton: Canton | str,
    on: date,
    *,
    rates: CostRates | None = None,
    case: Case | None = None,
    advanced: Mapping[InstitutionKind, Money] | None = None,
    owed: Mapping[InstitutionKind, Money] | None = None,
    lump_sum_used: Money | None = None,
    integration_lump_sum: Money | None = None,
) -> CostAllocation:
    """The IIZ cost items of one case, derived from its plan and allocated with the canton's keys.

    Items: case management by the lead (IIZ cases only), the meeting due
    (per participant and hour; a joint assessment when the plan's form is
    one), the case's share of the canton's coordination office (IIZ cases
    only), each measure of the plan, and each advance of the plan's order
    of payment for which ``advanced`` gives the amount (``owed`` what the
    liable institution owes for the period). Prices come from ``rates``;
    without them the bundled illustrative rates are used and the result is
    flagged :attr:`CostAllocation.illustrative_rates`.

    For a recognised refugee or provisionally admitted person (``case``, or
    the assessment's case), the integration measures of non-insurance
    providers are borne by the Confederation up to the integration lump sum
    (VIntA Art. 15 Abs. 1) less ``lump_sum_used``; ``integration_lump_sum``
    replaces the nominal parameter value by the amount actually paid.

    Raises:
        RuleError: if the plan belongs to another canton or a key cannot
            divide an item.
        PluginError: if the canton's ``iiz_cost_keys`` hook misbehaves.
    """
    plan = (
        plan_or_assessment
        if isinstance(plan_or_assessment, CoordinationPlan)
        else (plan_or_assessment.plan)
    )
    if case is None:
        found = getattr(plan_or_assessment, "case", None)
        case = found if isinstance(found, Case) else None
    if isinstance(canton, str):
        canton = load_canton(canton)
    if plan.canton != canton.code:
        raise RuleError(f"the plan is for canton {plan.canton}, not {canton.code}")
    rates = rates if rates is not None else illustrative_rates()
    network = canton.network
    party = _Parties(plan, network)
    lead = party(plan.lead.institution, plan.lead.institution_id)
    items: list[CostItem] = []
    notes: list[str] = []

    if plan.is_iiz_case:
        items.append(
            case_management(
                "case-management",
                lead,
                rates.case_management_hours,
                rates.hourly_rate(lead.kind or plan.lead.institution),
                "case management by the lead institution (Fallführung)",
            )
        )
    if plan.meeting is not None:
        kinds = tuple(dict.fromkeys((plan.meeting.convened_by, *plan.meeting.participants)))
        if plan.meeting.form is CollaborationForm.JOINT_ASSESSMENT:
            items.append(
                joint_assessment(
                    "joint-assessment",
                    [(party(k), rates.assessment_hours, rates.hourly_rate(k)) for k in kinds],
                    "joint assessment of the plan",
                )
            )
        else:
            items.append(
                meeting(
                    "meeting",
                    [(party(k), rates.meeting_hours, rates.hourly_rate(k)) for k in kinds],
                    plan.meeting.form,
                    f"{plan.meeting.form.labels.en} of the plan",
                )
            )
    if plan.is_iiz_case and network.coordination_office and rates.coordination_office_per_case:
        office = network.institution(network.coordination_office)
        items.append(
            coordination_office(
                "coordination-office",
                Party.of(office.kind, office.id),
                rates.coordination_office_per_case,
                "the case's share of the coordination office",
            )
        )
    lump_sum_ids: set[str] = set()
    for n, m in enumerate(plan.measures, start=1):
        provider = party(m.institution, m.institution_id)
        monthly = _offer_cost(network, m.institution_id, m.offer_id)
        item_id = f"measure-{n:02d}"
        items.append(
            measure(
                item_id,
                provider,
                rates.measure_cost(m.measure_type, m.period, monthly),
                m.measure_type,
                f"{m.measure_type.labels.en} ({m.institution.value})",
            )
        )
        if m.institution in LUMP_SUM_PROVIDERS:
            lump_sum_ids.add(item_id)
    for step in plan.payments:
        if step.role is not PaymentRole.ADVANCE or step.recovers_from is None:
            continue
        amount = (advanced or {}).get(step.institution)
        if amount is None:
            notes.append(
                f"the plan names an advance by {step.institution.value}; "
                "no amount was given, so it is not allocated"
            )
            continue
        basis = (
            AdvanceBasis.IV_BACK_PAYMENT
            if step.institution is InstitutionKind.SOCIAL_ASSISTANCE
            and step.recovers_from is InstitutionKind.IV_OFFICE
            else AdvanceBasis.ATSG_71
        )
        items.append(
            advance(
                f"advance-{step.institution.value}",
                party(step.institution),
                amount,
                party(step.recovers_from),
                basis,
                owed=(owed or {}).get(step.institution),
                description=f"advance by {step.institution.value}, "
                f"recovered from {step.recovers_from.value}",
            )
        )

    rules = cantonal_key_rules(canton, on)
    bound: dict[CostItemKind, ProportionalKey] = {
        kind: rule.bind(party, lead) for kind, rule in rules.items()
    }
    federal: FederalLumpSum | None = None
    if case is not None and case.person.residence.status in LUMP_SUM_STATUSES and lump_sum_ids:
        federal = _lump_sum_key(
            canton,
            on,
            lump_sum_used or Money.zero(),
            integration_lump_sum,
            bound[CostItemKind.MEASURE],
        )

    def key_for(item: CostItem) -> Key:
        if item.kind is CostItemKind.ADVANCE:
            return reimbursement_key(item)
        if federal is not None and item.id in lump_sum_ids:
            return federal
        return bound[item.kind]

    return allocate(
        items,
        key_for,
        canton=canton.code,
        on=on,
        case_id=plan.case_id,
        illustrative_rates=rates.illustrative,
        notes=notes,
    )


def _offer_cost(network: Network, institution_id: str | None, offer_id: str | None) -> Money | None:
    if institution_id is None or offer_id is None:
        return None
    try:
        inst = network.institution(institution_id)
    except KeyError:
        return None
    offer = next((o for o in inst.offers if o.id == offer_id), None)
    return offer.monthly_cost if offer is not None else None
