"""Hypothesis strategies and helpers for the cost-allocation tests."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from iizcore.costs import Party
from iizcore.model import InstitutionKind, Money

KINDS = list(InstitutionKind)


@st.composite
def parties(draw: st.DrawFn) -> Party:
    """An institution party, or now and then the Confederation."""
    if draw(st.integers(0, 9)) == 0:
        return Party.confederation()
    kind = draw(st.sampled_from(KINDS))
    suffix = draw(st.sampled_from(["", ".a", ".b"]))
    return Party.of(kind, f"{kind.value}{suffix}")


#: Totals on the 0.05 grid, CHF 0 to 10 million.
grid_totals = st.integers(0, 200_000_000).map(lambda n: Money(Decimal(n) * Decimal("0.05")))

#: Exact amounts with up to 4 decimals, CHF 0 to 1 million.
exact_amounts = st.integers(0, 10_000_000_000).map(lambda n: Money(Decimal(n) / 10_000))

weights = st.one_of(
    st.integers(0, 1000).map(Decimal),
    st.decimals(min_value=0, max_value=10_000, places=3, allow_nan=False, allow_infinity=False),
)
