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

import functools
import operator
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
    party_of,
)
from iizcore.costs.keys import (
    ATSG_71_BASIS,
    IV_BACK_PAYMENT_BASIS,
    BasisKind,
    ByEffort,
    ByInvolvement,
    CostKeyRule,
    FederalLumpSum,
    Key,
    KeyBasis,
    KeyMethod,
    OwnCosts,
    ProportionalKey,
    Reimbursement,
    _cantonal_key_rules,
    cantonal_key_rules,
)
from iizcore.costs.rates import CostRates, illustrative_rates
from iizcore.errors import RuleError
from iizcore.hooks.manager import Canton, load_canton
from iizcore.model.case import Case
from iizcore.model.institution import InstitutionKind
from iizcore.model.measure import Measure
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
        # The first participant of a kind names its institution (as plan.participant does),
        # looked up once per case instead of once per resolved kind.
        ids: dict[InstitutionKind, str | None] = {}
        for p in plan.participants:
            ids.setdefault(p.institution, p.institution_id)
        self._ids = ids
        self._network = network

    def __call__(self, kind: InstitutionKind, institution_id: str | None = None) -> Party:
        if institution_id is None:
            institution_id = self._ids.get(kind)
        if institution_id is None:
            inst = self._network.institution_for(kind)
            institution_id = inst.id if inst is not None else None
        return party_of(kind, institution_id)


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
    code = canton.code
    if advanced is None and (case is None or case.person.residence.status not in LUMP_SUM_STATUSES):
        # Without advances and without the federal lump sum, the allocation is a function
        # of the plan's parts below, the rates, the network and the key rules in force:
        # the same items and allocations recur case after case and are shared
        # (see _allocation_key).
        rules = _cantonal_key_rules(canton, on)  # shared: read only
        key, keep = _allocation_key(plan, rules)
        shared = _memos(rates, network)[1]
        found = shared.get(key)
        if found is None:
            items_notes = _allocate_plan(
                plan, canton, on, rates, case, advanced, owed, lump_sum_used, integration_lump_sum
            )
            if len(shared) >= _MEMO_MAX:
                shared.clear()
            found = shared[key] = (keep, *items_notes)
        return CostAllocation(code, on, found[1], plan.case_id, rates.illustrative, found[2])
    items_done, notes_done = _allocate_plan(
        plan, canton, on, rates, case, advanced, owed, lump_sum_used, integration_lump_sum
    )
    return CostAllocation(code, on, items_done, plan.case_id, rates.illustrative, notes_done)


def _allocation_key(
    plan: CoordinationPlan, rules: Mapping[CostItemKind, CostKeyRule]
) -> tuple[tuple[object, ...], tuple[CostKeyRule, ...]]:
    """What :func:`_allocate_plan` reads of ``plan`` and ``rules`` (no advances, no lump sum).

    The key rules are named by id — a canton's rules are the same objects from
    date to date — and the second value holds them, so that the ids stay their
    own while an entry keyed on them exists. The plan's parts are named by
    value, as flat tuples: the institution of each participant (which resolves
    the parties), the lead, the meeting, each measure (its cost depends on its
    period's length only) and the advances of the order of payment (without an
    amount, each gives a note).
    """
    lead = plan.lead
    meeting = plan.meeting
    rules_key, rule_objects = _rules_key(rules)
    parts: list[object] = []
    for p in plan.participants:
        parts.append(p.institution)
        parts.append(p.institution_id)
    measures: list[object] = []
    for m in plan.measures:
        period = m.period
        end = period.end
        measures += (
            m.institution,
            m.measure_type,
            m.institution_id,
            m.offer_id,
            None if end is None else (end - period.start).days,
        )
    advances = [
        step.institution
        for step in plan.payments
        if step.role is _ADVANCE and step.recovers_from is not None
    ]
    key = (
        rules_key,
        lead.institution,
        lead.institution_id,
        plan.is_iiz_case,
        None if meeting is None else (meeting.form, meeting.convened_by, meeting.participants),
        tuple(parts),
        tuple(measures),
        tuple(advances),
    )
    return key, rule_objects


_ADVANCE: Final = PaymentRole.ADVANCE


#: Per rules dict of _cantonal_key_rules (one per canton and date): its item kinds and
#: rules by id, and the rules themselves (which the allocation memo's entries hold).
_RULE_KEYS: dict[
    int,
    tuple[Mapping[CostItemKind, CostKeyRule], tuple[object, ...], tuple[CostKeyRule, ...]],
] = {}


def _rules_key(
    rules: Mapping[CostItemKind, CostKeyRule],
) -> tuple[tuple[object, ...], tuple[CostKeyRule, ...]]:
    """The key naming ``rules`` by their content's identity, and the rule objects.

    A canton's rules are the same objects from date to date (``load_cost_keys``
    builds each row's rule once), while the rules dict is one per date.
    """
    entry = _RULE_KEYS.get(id(rules))
    if entry is None or entry[0] is not rules:
        objects = tuple(rules.values())
        if len(_RULE_KEYS) >= _MEMO_MAX:
            _RULE_KEYS.clear()
        entry = _RULE_KEYS[id(rules)] = (
            rules,
            (tuple(rules), tuple([id(r) for r in objects])),
            objects,
        )
    return entry[1], entry[2]


def _allocate_plan(
    plan: CoordinationPlan,
    canton: Canton,
    on: date,
    rates: CostRates,
    case: Case | None,
    advanced: Mapping[InstitutionKind, Money] | None,
    owed: Mapping[InstitutionKind, Money] | None,
    lump_sum_used: Money | None,
    integration_lump_sum: Money | None,
) -> tuple[tuple[ItemAllocation, ...], tuple[str, ...]]:
    """The allocated items and the notes of :func:`allocate_case`."""
    network = canton.network
    party = _Parties(plan, network)
    lead = party(plan.lead.institution, plan.lead.institution_id)
    memo = _items_memo(rates, network)
    items: list[CostItem] = []
    notes: list[str] = []
    iiz_case = plan.is_iiz_case

    # Items built from the same inputs are equal: they are shared between cases
    # (_memo_item), keyed on what each one is built from.
    if iiz_case:
        items.append(
            _memo_item(
                memo,
                ("case-management", lead),
                lambda: case_management(
                    "case-management",
                    lead,
                    rates.case_management_hours,
                    rates.hourly_rate(lead.kind or plan.lead.institution),
                    "case management by the lead institution (Fallführung)",
                ),
            )
        )
    if plan.meeting is not None:
        form = plan.meeting.form
        kinds = tuple(dict.fromkeys((plan.meeting.convened_by, *plan.meeting.participants)))
        parties = tuple([party(k) for k in kinds])
        if form is CollaborationForm.JOINT_ASSESSMENT:
            items.append(
                _memo_item(
                    memo,
                    ("joint-assessment", parties),
                    lambda: joint_assessment(
                        "joint-assessment",
                        [
                            (p, rates.assessment_hours, rates.hourly_rate(k))
                            for k, p in zip(kinds, parties, strict=True)
                        ],
                        "joint assessment of the plan",
                    ),
                )
            )
        else:
            items.append(
                _memo_item(
                    memo,
                    ("meeting", form, parties),
                    lambda: meeting(
                        "meeting",
                        [
                            (p, rates.meeting_hours, rates.hourly_rate(k))
                            for k, p in zip(kinds, parties, strict=True)
                        ],
                        form,
                        f"{form.labels.en} of the plan",
                    ),
                )
            )
    if iiz_case and network.coordination_office and rates.coordination_office_per_case:
        office = network.institution(network.coordination_office)
        items.append(
            _memo_item(
                memo,
                ("coordination-office", office.kind, office.id),
                lambda: coordination_office(
                    "coordination-office",
                    party_of(office.kind, office.id),
                    rates.coordination_office_per_case,
                    "the case's share of the coordination office",
                ),
            )
        )
    lump_sum_ids: set[str] = set()
    for n, m in enumerate(plan.measures, start=1):
        provider = party(m.institution, m.institution_id)
        item_id = f"measure-{n:02d}"
        period = m.period
        # The cost depends on the period's length only (CostRates.months).
        days = None if period.end is None else (period.end - period.start).days
        items.append(
            _memo_item(
                memo,
                (
                    item_id,
                    provider,
                    m.institution,
                    m.measure_type,
                    m.institution_id,
                    m.offer_id,
                    days,
                ),
                functools.partial(_measure_item, item_id, provider, m, rates, network),
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

    rules = _cantonal_key_rules(canton, on)  # shared: read only
    # Keys that depend on the rule alone are bound once per rule and shared; the
    # others (the lead pays, fixed percentages) when an item needs them: binding
    # cannot fail (a lead always exists here), so binding every rule first, as
    # allocate_items does, would only cost time.
    bound = dict(_plan_free_keys(rules))

    def bound_key(kind: CostItemKind) -> ProportionalKey:
        key = bound.get(kind)
        if key is None:
            key = bound[kind] = rules[kind].bind(party, lead)
        return key

    federal: FederalLumpSum | None = None
    if lump_sum_ids and case is not None and case.person.residence.status in LUMP_SUM_STATUSES:
        federal = _lump_sum_key(
            canton,
            on,
            lump_sum_used or Money.zero(),
            integration_lump_sum,
            bound_key(CostItemKind.MEASURE),
        )

    # As allocate() does: in the order of the item ids, ids unique.
    ordered = sorted(items, key=_item_id)
    if len({i.id for i in ordered}) != len(ordered):
        raise RuleError("item ids must be unique within an allocation")
    remaining: dict[FederalLumpSum, Money] = {}
    result = []
    for item in ordered:
        if item.kind is CostItemKind.ADVANCE:
            result.append(_reimburse(item, reimbursement_key(item)))
        elif federal is not None and item.id in lump_sum_ids:
            result.append(_allocate_item(item, federal, remaining))
        else:
            result.append(_allocate_shared(item, bound.get(item.kind) or bound_key(item.kind)))
    return tuple(result), tuple(notes)


_item_id: Final = operator.attrgetter("id")

#: How many entries each of the memos below keeps before it starts afresh.
_MEMO_MAX: Final = 8192

_ItemMemo = dict[tuple[object, ...], CostItem]

#: Allocated items and notes of allocate_case, keyed as by _allocation_key, with the
#: objects that key names by id.
_AllocationMemo = dict[
    tuple[object, ...], tuple[object, tuple[ItemAllocation, ...], tuple[str, ...]]
]

#: Per (rates, network): the cost items allocate_case built, keyed on their inputs, and
#: its allocations. Keyed on the objects' identity (they stay referenced by the entry,
#: so an id cannot be reused while the entry exists); an item depends on nothing else.
_ITEM_MEMOS: dict[tuple[int, int], tuple[CostRates, Network, _ItemMemo, _AllocationMemo]] = {}


def _memos(rates: CostRates, network: Network) -> tuple[_ItemMemo, _AllocationMemo]:
    key = (id(rates), id(network))
    entry = _ITEM_MEMOS.get(key)
    if entry is None or entry[0] is not rates or entry[1] is not network:
        if len(_ITEM_MEMOS) >= 16:
            _ITEM_MEMOS.clear()
        entry = _ITEM_MEMOS[key] = (rates, network, {}, {})
    return entry[2], entry[3]


def _items_memo(rates: CostRates, network: Network) -> _ItemMemo:
    return _memos(rates, network)[0]


def _memo_item(memo: _ItemMemo, key: tuple[object, ...], build: Callable[[], CostItem]) -> CostItem:
    item = memo.get(key)
    if item is None:
        item = build()
        if len(memo) >= _MEMO_MAX:
            memo.clear()
        memo[key] = item
    return item


#: Bound keys that depend on the rule alone (not on the plan's parties or lead),
#: per rule: built once and shared, so that their allocations can be shared too.
_PLAN_FREE: Final = frozenset({KeyMethod.OWN_COSTS, KeyMethod.BY_EFFORT, KeyMethod.BY_INVOLVEMENT})
_BOUND: dict[int, tuple[CostKeyRule, ProportionalKey]] = {}
#: Per rules dict of _cantonal_key_rules (one per canton and date): its plan-free keys.
_FREE_KEYS: dict[
    int, tuple[Mapping[CostItemKind, CostKeyRule], dict[CostItemKind, ProportionalKey]]
] = {}


def _plan_free_keys(
    rules: Mapping[CostItemKind, CostKeyRule],
) -> dict[CostItemKind, ProportionalKey]:
    entry = _FREE_KEYS.get(id(rules))
    if entry is None or entry[0] is not rules:
        free: dict[CostItemKind, ProportionalKey] = {}
        for kind, rule in rules.items():
            if rule.method in _PLAN_FREE:
                shared = _BOUND.get(id(rule))
                if shared is None or shared[0] is not rule:
                    if len(_BOUND) >= _MEMO_MAX:
                        _BOUND.clear()
                    # Neither resolver nor lead is used by these methods.
                    shared = _BOUND[id(rule)] = (rule, rule.bind(party_of, None))
                free[kind] = shared[1]
        if len(_FREE_KEYS) >= _MEMO_MAX:
            _FREE_KEYS.clear()
        entry = _FREE_KEYS[id(rules)] = (rules, free)
    return entry[1]


#: Allocations of a shared item by a shared plan-free key, keyed on both identities.
_ALLOCATIONS: dict[tuple[int, int], tuple[CostItem, Key, ItemAllocation]] = {}
_SHARED_KEY_TYPES: Final = (OwnCosts, ByEffort, ByInvolvement)


def _allocate_shared(item: CostItem, key: ProportionalKey) -> ItemAllocation:
    """``_allocate_item`` for a key other than the federal lump sum; the same item and
    plan-free key give the same (frozen) allocation, which is shared."""
    if type(key) not in _SHARED_KEY_TYPES:
        return _allocate_item(item, key, {})
    memo_key = (id(item), id(key))
    entry = _ALLOCATIONS.get(memo_key)
    if entry is None or entry[0] is not item or entry[1] is not key:
        if len(_ALLOCATIONS) >= _MEMO_MAX:
            _ALLOCATIONS.clear()
        entry = _ALLOCATIONS[memo_key] = (item, key, _allocate_item(item, key, {}))
    return entry[2]


def _measure_item(
    item_id: str, provider: Party, m: Measure, rates: CostRates, network: Network
) -> CostItem:
    return measure(
        item_id,
        provider,
        rates.measure_cost(
            m.measure_type, m.period, _offer_cost(network, m.institution_id, m.offer_id)
        ),
        m.measure_type,
        f"{m.measure_type.labels.en} ({m.institution.value})",
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
