"""k-anonymity of a set of vignettes (k-Anonymität).

A set of vignettes is k-anonymous when every combination of the
quasi-identifiers (age band, sex, region, residence status, household
type — :class:`~iizcore.privacy.vignette.QuasiIdentifiers`) is shared by at
least ``k`` vignettes, so that no vignette can be narrowed down to fewer than
``k`` persons by these attributes (Sweeney 2002). The caller chooses ``k``;
vignettes in smaller groups are withheld and counted, never released.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from attrs import frozen

from iizcore.errors import InputError
from iizcore.privacy.vignette import QuasiIdentifiers, Vignette

__all__ = ["KAnonymity", "k_anonymise"]


@frozen
class KAnonymity:
    """The result of the check: the vignettes released, and how many were withheld.

    ``released`` keeps the input order. ``groups`` counts the distinct
    quasi-identifier combinations in the input, ``withheld_groups`` those
    smaller than ``k``.
    """

    k: int
    released: tuple[Vignette, ...]
    withheld: int
    groups: int
    withheld_groups: int

    @property
    def total(self) -> int:
        """Vignettes checked: released plus withheld."""
        return len(self.released) + self.withheld


def k_anonymise(vignettes: Iterable[Vignette], k: int) -> KAnonymity:
    """Release the vignettes whose quasi-identifier group has at least ``k`` members.

    Raises:
        InputError: if ``k`` is smaller than 1.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InputError("k", "must be an integer of at least 1")
    items = tuple(vignettes)
    sizes: Counter[QuasiIdentifiers] = Counter(v.quasi for v in items)
    released = tuple(v for v in items if sizes[v.quasi] >= k)
    return KAnonymity(
        k=k,
        released=released,
        withheld=len(items) - len(released),
        groups=len(sizes),
        withheld_groups=sum(1 for n in sizes.values() if n < k),
    )
