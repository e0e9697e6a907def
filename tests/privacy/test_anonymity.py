"""k-anonymity over vignettes: groups smaller than k are withheld and counted."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iizcore import InputError
from iizcore.model import Labels, ResidenceStatus, Sex
from iizcore.privacy import (
    AgeBand,
    HouseholdType,
    QuasiIdentifiers,
    Vignette,
    k_anonymise,
)


def _vignette(band: AgeBand, sex: Sex, region: str, n: int = 0) -> Vignette:
    quasi = QuasiIdentifiers(band, sex, region, ResidenceStatus.SWISS, HouseholdType.SINGLE)
    return Vignette(
        canton="ZH",
        quasi=quasi,
        institutions=(),
        iiz_case=None,
        lead=None,
        outcomes=(),
        text=Labels.same(f"vignette {n}"),
    )


def test_worked_example() -> None:
    """Three women 25-34 in Dietikon, one man: with k=2 the man is withheld (Sweeney 2002)."""
    items = [_vignette(AgeBand.FROM_25_TO_34, Sex.FEMALE, "Dietikon (ZH)", i) for i in range(3)]
    items.append(_vignette(AgeBand.FROM_25_TO_34, Sex.MALE, "Dietikon (ZH)", 3))
    result = k_anonymise(items, 2)
    assert result.released == tuple(items[:3])
    assert (result.withheld, result.groups, result.withheld_groups, result.total) == (1, 2, 1, 4)
    assert k_anonymise(items, 4).released == ()
    assert k_anonymise(items, 1).released == tuple(items)


@pytest.mark.parametrize("k", [0, -1, True])
def test_k_must_be_positive(k: int) -> None:
    with pytest.raises(InputError):
        k_anonymise([], k)


_items = st.lists(
    st.builds(
        _vignette,
        st.sampled_from(AgeBand),
        st.sampled_from(Sex),
        st.sampled_from(("Uster (ZH)", "Liestal (BL)", "ZH")),
    ),
    max_size=40,
)


@given(_items, st.integers(1, 6))
def test_released_groups_have_at_least_k(items: list[Vignette], k: int) -> None:
    result = k_anonymise(items, k)
    sizes = Counter(v.quasi for v in result.released)
    assert all(n >= k for n in sizes.values())
    assert result.total == len(items)
    # Nothing k-anonymous is withheld needlessly: the released groups are exactly the big ones.
    full = Counter(v.quasi for v in items)
    assert len(result.released) == sum(n for n in full.values() if n >= k)


@given(_items, st.integers(1, 5))
def test_larger_k_never_releases_more(items: list[Vignette], k: int) -> None:
    assert len(k_anonymise(items, k + 1).released) <= len(k_anonymise(items, k).released)
