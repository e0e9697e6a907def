"""Exact division of a CHF total on the 0.05 grid: the largest-remainder method.

:func:`split` divides a total that is a multiple of 0.05 CHF between parties
in proportion to non-negative weights, so that

1. the shares add up to the total exactly (conservation);
2. no share is negative, and a party of weight 0 gets 0;
3. each share is within one step (0.05 CHF, strictly less) of its exact
   proportion ``total × weight / Σ weights``;
4. the result does not depend on the order the parties are given in.

Why: work in units of 0.05 CHF, ``N = total / 0.05``. The exact quota of
party *i* is ``q_i = N·w_i/W``. It is computed without any rounding in
integers: the decimal weights are brought to a common denominator, so that
``⌊q_i⌋`` and the remainder ``r_i`` are an integer division and its
remainder over the same ``W`` (comparing remainders is comparing integers).
Every party first gets ``⌊q_i⌋`` units; the
``L = N − Σ⌊q_i⌋`` units left over go, one each, to the ``L`` parties with
the largest remainders ``r_i = q_i − ⌊q_i⌋``. Since ``Σ r_i = L`` and each
``r_i < 1``, more than ``L`` parties have ``r_i > 0`` whenever ``L > 0``, so
``L`` is smaller than the number of parties and no party gets two extra
units, and a party with ``r_i = 0`` (weight 0 in particular) gets none.
So every share is ``⌊q_i⌋`` or ``⌈q_i⌉`` units: ``|share − q_i| < 1`` unit
= 0.05 CHF (property 3), never below 0 (property 2), and the units sum to
``N`` (property 1). Conservation alone does not require more than that —
some share must deviate by up to the largest remainder — and among all
floor-or-ceiling allocations, giving the ceilings to the largest remainders
minimises the largest deviation. Ties between equal remainders are broken
by :attr:`~iizcore.costs.items.Party.sort_key` (kind value, then id), and
weights of a party named twice are added first, so the input order never
matters (property 4).

A total that is not a multiple of 0.05 CHF is refused: callers round the
total first with :meth:`~iizcore.model.Money.rounded` (cost items do so in
:attr:`~iizcore.costs.items.CostItem.total`), which keeps rounding in one place.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import ROUND_FLOOR, Decimal
from typing import Final

from iizcore.costs.items import Party
from iizcore.errors import RuleError
from iizcore.model.money import FIVE_RAPPEN, Money

__all__ = ["STEP", "floor_to_grid", "is_on_grid", "split", "units"]

#: The step of the grid: 0.05 CHF, the smallest cash unit.
STEP: Final = FIVE_RAPPEN


def is_on_grid(amount: Money) -> bool:
    """Whether ``amount`` is a whole multiple of 0.05 CHF."""
    return (amount.amount / STEP) == (amount.amount / STEP).to_integral_value()


def units(amount: Money) -> int:
    """``amount`` in units of 0.05 CHF.

    Raises:
        RuleError: if ``amount`` is not on the 0.05 grid.
    """
    quotient = amount.amount / STEP  # divided once: is_on_grid's test, inlined
    if quotient != quotient.to_integral_value():
        raise RuleError(f"{amount} is not a multiple of 0.05 CHF; round it first")
    return int(quotient)


def floor_to_grid(amount: Money) -> Money:
    """The largest multiple of 0.05 CHF not above ``amount`` (for caps: never pay more)."""
    return _money(int((amount.amount / STEP).to_integral_value(rounding=ROUND_FLOOR)))


def _money(n_units: int) -> Money:
    # n × 0.05 is 5n hundredths: the same Decimal as (n × 0.05).quantize(0.01), cheaper.
    return Money._of(Decimal(n_units * 5).scaleb(-2))


def split(total: Money, weights: Iterable[tuple[Party, Decimal]]) -> dict[Party, Money]:
    """Divide ``total`` between parties in proportion to ``weights`` (largest remainder).

    Returns every party named in ``weights`` (weight-0 parties with CHF 0),
    in :attr:`Party.sort_key` order. See the module docstring for the
    guarantees and why they hold.

    Raises:
        RuleError: if ``total`` is negative or not on the 0.05 grid, a
            weight is negative, or the weights are all 0 while the total is not.
    """
    n = units(total)
    if n < 0:
        raise RuleError("a total to allocate must not be negative")
    # Exact integer arithmetic (no Fraction): every weight w = num/den, scaled by
    # the least common denominator D to the integer num·D/den.
    ratios: list[tuple[Party, int, int]] = []
    common = 1
    for party, weight in weights:
        if weight < 0:
            raise RuleError("an allocation weight must not be negative")
        num, den = weight.as_integer_ratio()
        ratios.append((party, num, den))
        if den != 1:
            common = math.lcm(common, den)
    merged: dict[Party, int] = {}
    for party, num, den in ratios:
        merged[party] = merged.get(party, 0) + num * (common // den)
    if len(merged) == 1:
        # One party (most items: one contributor, own costs): it gets all n units,
        # exactly what the general case below computes (quota n, remainder 0).
        ((only, only_weight),) = merged.items()
        if only_weight == 0 and n != 0:
            raise RuleError("the key gives no weight to any party, so nothing can be allocated")
        return {only: _money(n) if only_weight else Money.zero()}
    parties = sorted(merged, key=lambda p: p.sort_key)
    weight_sum = sum(merged.values())
    if weight_sum == 0:
        if n == 0:
            return {p: Money.zero() for p in parties}
        raise RuleError("the key gives no weight to any party, so nothing can be allocated")
    # q_p = n·w_p / W = floor_p + rem_p / W: remainders share the denominator W.
    shares = {p: divmod(n * merged[p], weight_sum) for p in parties}
    leftover = n - sum(floor for floor, _ in shares.values())
    if leftover:
        # Largest remainder first; equal remainders in the stable party order
        # (``sorted`` is stable and ``parties`` is already in that order).
        ranked = sorted(parties, key=lambda p: -shares[p][1])
        for p in ranked[:leftover]:
            floor, rem = shares[p]
            shares[p] = (floor + 1, rem)
    return {p: _money(shares[p][0]) for p in parties}
