"""Properties of the largest-remainder division on the 0.05 grid (iizcore.costs.exact)."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iizcore.costs import Party, split
from iizcore.costs.exact import floor_to_grid, is_on_grid
from iizcore.errors import RuleError
from iizcore.model import InstitutionKind, Money
from tests.costs.conftest import grid_totals, parties, weights

weighted = st.lists(st.tuples(parties(), weights), min_size=1, max_size=8).filter(
    lambda ws: sum(w for _, w in ws) > 0
)

IV = Party.of(InstitutionKind.IV_OFFICE)
RAV = Party.of(InstitutionKind.RAV)
SH = Party.of(InstitutionKind.SOCIAL_ASSISTANCE)


def _exact(total: Money, ws: list[tuple[Party, Decimal]], party: Party) -> Fraction:
    mine = sum((Fraction(w) for p, w in ws if p == party), Fraction(0))
    return Fraction(total.amount) * mine / sum((Fraction(w) for _, w in ws), Fraction(0))


@given(grid_totals, weighted)
def test_shares_add_up_exactly_to_the_total(total: Money, ws: list[tuple[Party, Decimal]]) -> None:
    shares = split(total, ws)
    assert sum((m for m in shares.values()), Money.zero()) == total


@given(grid_totals, weighted)
def test_no_share_negative_and_every_share_on_the_grid(
    total: Money, ws: list[tuple[Party, Decimal]]
) -> None:
    for amount in split(total, ws).values():
        assert amount.amount >= 0
        assert is_on_grid(amount)


@given(grid_totals, weighted)
def test_each_share_is_less_than_one_step_from_its_exact_proportion(
    total: Money, ws: list[tuple[Party, Decimal]]
) -> None:
    """Each share is the floor or the ceiling of its quota on the grid (module docstring)."""
    for party, amount in split(total, ws).items():
        assert abs(Fraction(amount.amount) - _exact(total, ws, party)) < Fraction(1, 20)


@given(grid_totals, weighted)
def test_weight_zero_gets_nothing(total: Money, ws: list[tuple[Party, Decimal]]) -> None:
    zero = Party.of(InstitutionKind.EMPLOYER, "never-weighted")
    shares = split(total, [*ws, (zero, Decimal(0))])
    assert shares[zero] == Money.zero()


@given(grid_totals, weighted, st.randoms(use_true_random=False))
def test_result_does_not_depend_on_the_order_of_institutions(
    total: Money, ws: list[tuple[Party, Decimal]], rnd: random.Random
) -> None:
    shuffled = list(ws)
    rnd.shuffle(shuffled)
    assert split(total, ws) == split(total, shuffled)
    assert list(split(total, shuffled)) == sorted(split(total, ws), key=lambda p: p.sort_key)


def test_worked_example_one_hundred_francs_in_three() -> None:
    """CHF 100 in three equal parts: 2000 units, quotas 666⅔; the two leftover units go to
    the first two parties in the stable order (iv_office, rav), social assistance gets 33.30."""
    shares = split(Money.chf(100), [(SH, Decimal(1)), (RAV, Decimal(1)), (IV, Decimal(1))])
    assert shares == {IV: Money.chf("33.35"), RAV: Money.chf("33.35"), SH: Money.chf("33.30")}


def test_largest_remainder_not_first_in_order_wins() -> None:
    """CHF 10.05 split 1:2 is 201 units, quotas 67 and 134 — exact. CHF 10.10 split 1:2 is
    202 units, quotas 67⅓ and 134⅔: the leftover unit goes to the larger remainder."""
    assert split(Money.chf("10.10"), [(IV, Decimal(1)), (SH, Decimal(2))]) == {
        IV: Money.chf("3.35"),
        SH: Money.chf("6.75"),
    }
    assert split(Money.chf("10.05"), [(IV, Decimal(1)), (SH, Decimal(2))]) == {
        IV: Money.chf("3.35"),
        SH: Money.chf("6.70"),
    }


def test_total_off_the_grid_is_refused() -> None:
    with pytest.raises(RuleError, match=r"multiple of 0\.05"):
        split(Money.chf("10.02"), [(IV, Decimal(1))])


def test_all_zero_weights_cannot_divide_a_positive_total() -> None:
    with pytest.raises(RuleError):
        split(Money.chf(10), [(IV, Decimal(0))])
    assert split(Money.zero(), [(IV, Decimal(0))]) == {IV: Money.zero()}


def test_negative_weight_is_refused() -> None:
    with pytest.raises(RuleError):
        split(Money.chf(10), [(IV, Decimal(-1)), (SH, Decimal(2))])


def test_floor_to_grid_never_exceeds() -> None:
    assert floor_to_grid(Money.chf("4000.04")) == Money.chf("4000.00")
    assert floor_to_grid(Money.chf("4000.05")) == Money.chf("4000.05")
