"""Money in Swiss francs, exact.

Amounts are :class:`decimal.Decimal`; arithmetic never goes through float.
Rounding to the 5-Rappen step (the smallest cash unit, 0.05 CHF) happens in one
place only, :func:`round_to_5_rappen`, with commercial rounding (half up).
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

from attrs import field, frozen

__all__ = ["FIVE_RAPPEN", "Money", "round_to_5_rappen", "to_decimal"]

FIVE_RAPPEN: Final = Decimal("0.05")
_TWENTY: Final = Decimal(20)
_ZERO: Final = Decimal(0)
_CENT: Final = Decimal("0.01")
_UNIT: Final = Decimal(1)


def to_decimal(value: object) -> Decimal:
    """Convert ``value`` (Decimal, int or numeric string) to a finite Decimal.

    Floats are refused: they cannot represent most Rappen amounts exactly.

    Raises:
        ValueError: for floats, booleans, non-numeric strings, NaN and infinity.
    """
    if isinstance(value, bool | float):
        raise ValueError("money must be a decimal string or an integer, not a float")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace("'", "").replace("’", ""))
        except InvalidOperation:
            raise ValueError("not a decimal amount") from None
    else:
        raise ValueError(f"not an amount: {type(value).__name__}")
    if not result.is_finite():
        raise ValueError("amount must be finite")
    return result


def round_to_5_rappen(amount: Decimal) -> Decimal:
    """Round ``amount`` to the nearest 0.05 CHF, halves away from zero.

    >>> round_to_5_rappen(Decimal("10.025"))
    Decimal('10.05')
    >>> round_to_5_rappen(Decimal("10.024"))
    Decimal('10.00')
    """
    return ((amount * _TWENTY).quantize(_UNIT, rounding=ROUND_HALF_UP) / _TWENTY).quantize(_CENT)


@frozen(order=True)
class Money:
    """An amount in CHF, held exactly as a :class:`~decimal.Decimal`.

    ``Money`` is not rounded on construction: intermediate results (a daily
    allowance of 80 % of a monthly wage divided by 21.7) stay exact until
    :meth:`rounded` is called where the law or the payment rounds.
    """

    amount: Decimal = field(converter=to_decimal)

    @classmethod
    def _of(cls, amount: Decimal) -> Money:
        # Internal constructor for results of Decimal arithmetic on Money,
        # which are finite Decimals already: skips the converter (a hot path).
        # Input from users always goes through ``Money(...)``.
        money = _new(cls)
        _set(money, "amount", amount)
        return money

    @classmethod
    def zero(cls) -> Money:
        """CHF 0."""
        # Money is immutable: one shared zero (a hot path in sums and allocations).
        return _ZERO_MONEY if cls is Money else cls._of(_ZERO)

    @classmethod
    def chf(cls, value: str | int | Decimal) -> Money:
        """``Money.chf("12.35")`` — a readable constructor."""
        return cls(to_decimal(value))

    def rounded(self) -> Money:
        """This amount rounded to 0.05 CHF (see :func:`round_to_5_rappen`)."""
        return Money._of(round_to_5_rappen(self.amount))

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money._of(self.amount + other.amount)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money._of(self.amount - other.amount)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, Decimal | int):
            return NotImplemented
        return Money._of(self.amount * factor)

    __rmul__ = __mul__

    def __truediv__(self, divisor: Decimal | int) -> Money:
        if isinstance(divisor, bool) or not isinstance(divisor, Decimal | int):
            return NotImplemented
        return Money._of(self.amount / Decimal(divisor))

    def __neg__(self) -> Money:
        return Money._of(-self.amount)

    def __bool__(self) -> bool:
        return bool(self.amount)

    def max(self, other: Money) -> Money:
        """The larger of the two amounts."""
        return self if self.amount >= other.amount else other

    def min(self, other: Money) -> Money:
        """The smaller of the two amounts."""
        return self if self.amount <= other.amount else other

    def __str__(self) -> str:
        return _format(self.amount)


_new = object.__new__
_set = object.__setattr__
_ZERO_MONEY: Final = Money._of(_ZERO)


@functools.lru_cache(maxsize=4096)
def _format(amount: Decimal) -> str:
    # Reason texts format the same few amounts case after case. Equal decimals
    # (1.0 and 1.00) share a cache entry, which is right: the text depends on
    # the value only.
    # Rounded half up first: Decimal's own format would round half to even. A zero that
    # rounds from a negative amount reads "CHF 0.00", not "CHF -0.00".
    q = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    if not q:
        return "CHF 0.00"
    return "CHF " + f"{q:,.2f}".replace(",", "'")
