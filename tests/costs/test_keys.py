"""Worked examples for every cost key, and properties of allocation and reimbursement.

Sources: ATSG Art. 70 Abs. 2 lit. b and Art. 71 (LAW.md section 4; VERIFICATION.md
section 2: Art. 71 text not read, cited in BGE 146 V 129); ATSG Art. 22 Abs. 2 lit. a
and IVV Art. 85bis Abs. 1-3 (read in full, VERIFICATION.md section 2); VIntA Art. 15
Abs. 1 (migration.toml). Hourly rates below are illustrative test inputs, not law.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from iizcore.costs import (
    AdvanceBasis,
    BasisKind,
    ByEffort,
    ByInvolvement,
    CostItem,
    CostItemKind,
    CostKeyRule,
    FederalLumpSum,
    FixedPercentages,
    ItemAllocation,
    Key,
    KeyBasis,
    KeyMethod,
    LeadPays,
    OwnCosts,
    Party,
    advance,
    allocate,
    case_management,
    coordination_office,
    joint_assessment,
    measure,
    meeting,
)
from iizcore.costs.keys import ATSG_71_BASIS, IV_BACK_PAYMENT_BASIS, NO_CANTONAL_KEY
from iizcore.errors import RuleError
from iizcore.model import InstitutionKind, LegalRef, MeasureType, Money
from tests.costs.conftest import exact_amounts, parties

ON = date(2025, 3, 1)
RAV = Party.of(InstitutionKind.RAV, "zh.rav")
IV = Party.of(InstitutionKind.IV_OFFICE, "zh.iv")
SH = Party.of(InstitutionKind.SOCIAL_ASSISTANCE, "zh.sd")
ALV = Party.of(InstitutionKind.ALV_FUND, "zh.alk")
OFFICE = Party.of(InstitutionKind.IIZ_OFFICE, "zh.iiz")
BUND = Party.confederation()
AGREED = KeyBasis(BasisKind.AGREEMENT, source="test agreement between RAV, IV and SD")
PRACTICE = KeyBasis(BasisKind.CANTON_PRACTICE, source="test canton handbook chapter 1")
R120 = Money.chf(120)


def _one(item: CostItem, key: Key) -> ItemAllocation:
    alloc = allocate([item], {item.kind: key}, canton="ZH", on=ON)
    return alloc.items[0]


def _fachkonferenz() -> CostItem:
    """RAV 2 h at 120, IV 2 h at 130, social service 1.5 h at 110: CHF 240 + 260 + 165 = 665."""
    return meeting(
        "m1",
        [(RAV, 2, R120), (IV, 2, Money.chf(130)), (SH, Decimal("1.5"), Money.chf(110))],
    )


def test_own_costs_each_bears_what_it_spent() -> None:
    result = _one(_fachkonferenz(), OwnCosts(NO_CANTONAL_KEY))
    assert result.total == Money.chf(665)
    assert {s.party: s.amount for s in result.shares} == {
        RAV: Money.chf(240),
        IV: Money.chf(260),
        SH: Money.chf(165),
    }
    assert result.basis.kind is BasisKind.NOT_DOCUMENTED


def test_fixed_percentages_ignore_who_spent() -> None:
    """A 40/40/20 agreement on CHF 665: 266, 266, 133."""
    key = FixedPercentages(((RAV, Decimal(40)), (IV, Decimal(40)), (SH, Decimal(20))), AGREED)
    result = _one(_fachkonferenz(), key)
    assert {s.party: s.amount for s in result.shares} == {
        RAV: Money.chf(266),
        IV: Money.chf(266),
        SH: Money.chf(133),
    }
    assert str(result.basis).startswith("agreement, source: test agreement")


def test_by_effort_follows_hours() -> None:
    """5.5 hours in all on CHF 665: RAV and IV 2/5.5 each (241.818… → 241.80 / 241.85),
    social service 1.5/5.5 (181.36… → 181.35); the leftover unit goes to the larger
    remainder, ties in the stable order (iv_office before rav)."""
    result = _one(_fachkonferenz(), ByEffort(PRACTICE))
    shares = {s.party: s.amount for s in result.shares}
    assert shares == {IV: Money.chf("241.85"), RAV: Money.chf("241.80"), SH: Money.chf("181.35")}
    assert sum(shares.values(), Money.zero()) == Money.chf(665)


def test_by_involvement_equal_parts() -> None:
    """CHF 665 in three: 4433⅓ units each → 221.70, 221.65, 221.65."""
    result = _one(_fachkonferenz(), ByInvolvement(PRACTICE))
    assert {s.party: s.amount for s in result.shares} == {
        IV: Money.chf("221.70"),
        RAV: Money.chf("221.65"),
        SH: Money.chf("221.65"),
    }


def test_lead_pays_everything() -> None:
    result = _one(joint_assessment("a1", [(RAV, 3, R120), (IV, 3, R120)]), LeadPays(RAV, PRACTICE))
    assert [(s.party, s.amount) for s in result.shares] == [(RAV, Money.chf(720))]


def test_item_total_is_rounded_once_to_five_rappen() -> None:
    """1.3333 h at CHF 120 = 159.996 → the item total is CHF 160.00 (Money.rounded)."""
    item = case_management("cm", RAV, Decimal("1.3333"), R120)
    assert item.exact_total == Money.chf("159.996")
    assert _one(item, OwnCosts(NO_CANTONAL_KEY)).shares[0].amount == Money.chf(160)


def _lump_sum_basis() -> KeyBasis:
    return KeyBasis(BasisKind.LAW, refs=(LegalRef("VIntA", "15", paragraph="1"),))


def test_federal_lump_sum_bund_pays_up_to_what_is_left() -> None:
    """Integration lump sum CHF 18,000 (VIntA Art. 15 Abs. 1, since 1.5.2019), of which 6,000
    already used: 12,000 left. Language course 9,000: Bund 9,000. Job coaching 7,000: Bund the
    remaining 3,000, the municipal social service 4,000 (residual key: own costs)."""
    key = FederalLumpSum(Money.chf(12000), OwnCosts(NO_CANTONAL_KEY), _lump_sum_basis())
    items = [
        measure("m-1", SH, Money.chf(9000), MeasureType.LANGUAGE_COURSE),
        measure("m-2", SH, Money.chf(7000), MeasureType.JOB_COACHING),
    ]
    alloc = allocate(items, {CostItemKind.MEASURE: key}, canton="BL", on=ON)
    assert alloc.by_party() == {BUND: Money.chf(12000), SH: Money.chf(4000)}
    first, second = alloc.items
    assert first.share_of(BUND) == Money.chf(9000)
    assert second.share_of(BUND) == Money.chf(3000)
    assert second.share_of(SH) == Money.chf(4000)


def test_federal_lump_sum_does_not_depend_on_item_order() -> None:
    key = FederalLumpSum(Money.chf(5000), OwnCosts(NO_CANTONAL_KEY), _lump_sum_basis())
    items = [measure(f"m-{i}", SH, Money.chf(2000)) for i in range(4)]
    forward = allocate(items, {CostItemKind.MEASURE: key}, canton="BL", on=ON)
    backward = allocate(items[::-1], {CostItemKind.MEASURE: key}, canton="BL", on=ON)
    assert forward == backward
    assert forward.by_party() == {BUND: Money.chf(5000), SH: Money.chf(3000)}


def test_alv_advance_reimbursed_by_the_iv() -> None:
    """ATSG Art. 70 Abs. 2 lit. b: the ALV advances daily allowances while the IV examines the
    claim; once the IV is found liable it reimburses the ALV (ATSG Art. 71). ALV paid
    CHF 8,640.50; the IV owes at least that for the period: the IV bears it all, the ALV nothing."""
    item = advance("adv", ALV, Money.chf("8640.50"), IV, AdvanceBasis.ATSG_71)
    alloc = allocate([item], {}, canton="ZH", on=ON)
    result = alloc.items[0]
    assert result.method is KeyMethod.REIMBURSEMENT
    assert result.basis == ATSG_71_BASIS
    assert result.share_of(IV) == Money.chf("8640.50")
    assert result.share_of(ALV) == Money.zero()
    (flow,) = result.flows
    assert (flow.payer, flow.payee, flow.amount) == (IV, ALV, Money.chf("8640.50"))


def test_iv_back_payment_to_social_assistance_capped_at_the_back_payment() -> None:
    """IVV Art. 85bis: social assistance advanced CHF 12,000 in view of an IV pension and
    claimed the back payment; the IV back payment for the same period is CHF 9,876.54.
    It is paid to social assistance up to the advance (Abs. 3); the cap is floored to the grid
    (never more than the back payment): the IV bears 9,876.50, social assistance 2,123.50."""
    item = advance(
        "adv",
        SH,
        Money.chf(12000),
        IV,
        AdvanceBasis.IV_BACK_PAYMENT,
        owed=Money.chf("9876.54"),
    )
    result = allocate([item], {}, canton="ZH", on=ON).items[0]
    assert result.basis == IV_BACK_PAYMENT_BASIS
    assert LegalRef("IVV", "85bis", paragraph="3") in result.basis.refs
    assert result.share_of(IV) == Money.chf("9876.50")
    assert result.share_of(SH) == Money.chf("2123.50")
    assert result.flows[0].amount == Money.chf("9876.50")


def test_iv_back_payment_without_request_is_not_reimbursed() -> None:
    """IVV Art. 85bis Abs. 1: the back payment goes to the advancing body only on request."""
    item = advance("adv", SH, Money.chf(3000), IV, AdvanceBasis.IV_BACK_PAYMENT, requested=False)
    result = allocate([item], {}, canton="ZH", on=ON).items[0]
    assert result.share_of(SH) == Money.chf(3000)
    assert result.flows == ()
    assert result.note is not None
    assert "IVV Art. 85bis Abs. 1" in result.note


@pytest.mark.parametrize(
    ("basis", "requested", "owed", "cites", "not_cited"),
    [
        (AdvanceBasis.ATSG_71, False, None, "ATSG Art. 71", "85bis"),
        (AdvanceBasis.ATSG_71, True, Money.chf(1000), "ATSG Art. 71", "85bis"),
        (AdvanceBasis.IV_BACK_PAYMENT, False, None, "IVV Art. 85bis Abs. 1", "ATSG"),
        (AdvanceBasis.IV_BACK_PAYMENT, True, Money.chf(1000), "IVV Art. 85bis Abs. 3", "ATSG"),
    ],
)
def test_reimbursement_note_cites_the_advances_own_basis(
    basis: AdvanceBasis, requested: bool, owed: Money | None, cites: str, not_cited: str
) -> None:
    """An ALV advance (ATSG Art. 70 Abs. 2 lit. b) is reimbursed under ATSG Art. 71; only a
    social-assistance advance against the IV back payment falls under IVV Art. 85bis. The note
    of an unclaimed or capped reimbursement names the advance's own provision."""
    item = advance("adv", ALV, Money.chf(3000), IV, basis, owed=owed, requested=requested)
    result = allocate([item], {}, canton="ZH", on=ON).items[0]
    assert result.note is not None
    assert cites in result.note and not_cited not in result.note


@given(
    st.integers(1, 20_000_000).map(lambda n: Money(Decimal(n) / 100)),
    st.one_of(st.none(), exact_amounts),
    parties(),
    parties(),
    st.sampled_from(list(AdvanceBasis)),
)
def test_reimbursement_leaves_the_final_payer_not_the_advancer_with_the_cost(
    amount: Money, owed: Money | None, advancer: Party, liable: Party, basis: AdvanceBasis
) -> None:
    assume(advancer != liable)
    item = advance("adv", advancer, amount, liable, basis, owed=owed)
    result = allocate([item], {}, canton="ZH", on=ON).items[0]
    total = item.total
    assert result.share_of(advancer) + result.share_of(liable) == total
    expected = total if owed is None else total.min(owed)
    # The liable party bears what it owes (floored to the grid), never more than the advance.
    assert expected - Money.chf("0.05") < result.share_of(liable) <= expected
    if owed is None or owed >= total:
        assert result.share_of(advancer) == Money.zero()
    assert sum((f.amount for f in result.flows), Money.zero()) == result.share_of(liable)


def _keys(key_kind: str, item_parties: list[Party]) -> Key:
    if key_kind == "own":
        return OwnCosts(NO_CANTONAL_KEY)
    if key_kind == "effort":
        return ByEffort(PRACTICE)
    if key_kind == "involvement":
        return ByInvolvement(PRACTICE)
    if key_kind == "lead":
        return LeadPays(item_parties[0], PRACTICE)
    n = len(item_parties)
    base = Decimal(100) // n
    pct = [(p, base) for p in item_parties[:-1]] + [(item_parties[-1], 100 - base * (n - 1))]
    return FixedPercentages(tuple(pct), AGREED)


@given(
    st.lists(
        st.tuples(parties(), st.integers(1, 400).map(lambda q: Decimal(q) / 4), exact_amounts),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["own", "effort", "involvement", "lead", "fixed"]),
)
def test_any_amounts_and_keys_conserve_the_total_without_negative_shares(
    rows: list[tuple[Party, Decimal, Money]], key_kind: str
) -> None:
    item = meeting("m", [(p, h, Money(a.amount)) for p, h, a in rows])
    key = _keys(key_kind, list(item.parties))
    result = allocate([item], {CostItemKind.MEETING: key}, canton="ZH", on=ON).items[0]
    assert sum((s.amount for s in result.shares), Money.zero()) == item.total
    assert all(s.amount.amount >= 0 for s in result.shares)
    reordered = meeting("m", [(p, h, Money(a.amount)) for p, h, a in reversed(rows)])
    again = allocate([reordered], {CostItemKind.MEETING: key}, canton="ZH", on=ON).items[0]
    assert again.shares == result.shares


def test_coordination_office_item_and_allocation_totals() -> None:
    items = [
        coordination_office("office", OFFICE, Money.chf(150)),
        case_management("cm", RAV, 10, R120),
    ]
    own = {k: OwnCosts(NO_CANTONAL_KEY) for k in CostItemKind}
    alloc = allocate(items, own, canton="ZH", on=ON)
    assert alloc.total == Money.chf(1350)
    assert sum(alloc.by_source().values(), Money.zero()) == alloc.total
    assert sum(alloc.by_kind().values(), Money.zero()) == alloc.total


def test_duplicate_item_ids_are_refused() -> None:
    items = [measure("x", SH, Money.chf(1)), measure("x", IV, Money.chf(1))]
    with pytest.raises(RuleError, match="unique"):
        allocate(items, {CostItemKind.MEASURE: OwnCosts(NO_CANTONAL_KEY)}, canton="ZH", on=ON)


def test_advance_cannot_be_divided_by_a_proportional_key() -> None:
    item = advance("adv", ALV, Money.chf(10), IV, AdvanceBasis.ATSG_71)
    with pytest.raises(RuleError, match="reimbursed by law"):
        allocate([item], {CostItemKind.ADVANCE: OwnCosts(NO_CANTONAL_KEY)}, canton="ZH", on=ON)


def test_by_effort_without_hours_is_an_error() -> None:
    item = coordination_office("office", OFFICE, Money.chf(150))
    with pytest.raises(RuleError, match="hours"):
        allocate([item], {CostItemKind.COORDINATION_OFFICE: ByEffort(PRACTICE)}, canton="ZH", on=ON)


def test_key_bases_must_name_their_source() -> None:
    with pytest.raises(ValueError, match="cites at least one provision"):
        KeyBasis(BasisKind.LAW)
    with pytest.raises(ValueError, match="names its source"):
        KeyBasis(BasisKind.CANTON_PRACTICE)
    with pytest.raises(ValueError, match="say why"):
        KeyBasis(BasisKind.NOT_DOCUMENTED)
    assert str(PRACTICE) == "canton practice, source: test canton handbook chapter 1"


def test_fixed_percentages_must_add_up_to_one_hundred() -> None:
    with pytest.raises(ValueError, match="100"):
        FixedPercentages(((RAV, Decimal(50)), (IV, Decimal(49))), AGREED)


def test_canton_rules_cannot_invent_keys_or_key_advances() -> None:
    with pytest.raises(ValueError, match="own-costs"):
        CostKeyRule(CostItemKind.MEETING, KeyMethod.BY_EFFORT, NO_CANTONAL_KEY)
    with pytest.raises(ValueError, match=r"ATSG Art\. 71"):
        CostKeyRule(CostItemKind.ADVANCE, KeyMethod.OWN_COSTS, NO_CANTONAL_KEY)
    with pytest.raises(ValueError, match="set by law"):
        CostKeyRule(CostItemKind.MEASURE, KeyMethod.REIMBURSEMENT, AGREED)
    with pytest.raises(ValueError, match="percentages"):
        CostKeyRule(CostItemKind.MEETING, KeyMethod.FIXED_PERCENTAGES, AGREED)


def test_rule_binds_kinds_to_parties() -> None:
    rule = CostKeyRule(
        CostItemKind.COORDINATION_OFFICE,
        KeyMethod.FIXED_PERCENTAGES,
        AGREED,
        percentages=((InstitutionKind.RAV, Decimal(50)), (InstitutionKind.IV_OFFICE, Decimal(50))),
    )
    key = rule.bind(lambda k: {InstitutionKind.RAV: RAV, InstitutionKind.IV_OFFICE: IV}[k], None)
    result = _one(coordination_office("office", OFFICE, Money.chf("150.05")), key)
    assert {s.party: s.amount for s in result.shares} == {
        IV: Money.chf("75.05"),
        RAV: Money.chf("75.00"),
    }
    with pytest.raises(RuleError, match="no lead"):
        CostKeyRule(CostItemKind.MEETING, KeyMethod.LEAD_PAYS, PRACTICE).bind(lambda k: RAV, None)
