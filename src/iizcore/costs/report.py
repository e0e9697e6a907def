"""The financing report: who finally bears the IIZ costs of a set of cases.

Answers seed 000, question 4 ("Wie werden diese durch IIZ anfallenden Kosten
finanziert?") for the cases given: totals per institution, per financing
source (ALV, IV, municipality, canton, Confederation...), per item kind and
per item kind and source, the reimbursements paid, and every key basis
used. Amounts are what each party *finally* bears after reimbursements.
The report holds no personal data: cases are only counted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from attrs import frozen

from iizcore.costs.allocate import CostAllocation
from iizcore.costs.items import CostItemKind, FinancingSource, Party
from iizcore.model.money import Money

__all__ = ["FinancingReport", "financing_report"]


@frozen
class FinancingReport:
    """Totals over a set of :class:`~iizcore.costs.CostAllocation` (see :func:`financing_report`).

    Every breakdown adds up exactly to :attr:`total`.
    """

    cantons: tuple[str, ...]
    cases: int
    total: Money
    by_party: tuple[tuple[Party, Money], ...]
    by_source: tuple[tuple[FinancingSource, Money], ...]
    by_kind: tuple[tuple[CostItemKind, Money], ...]
    by_kind_and_source: tuple[tuple[CostItemKind, FinancingSource, Money], ...]
    reimbursed: Money
    bases: tuple[str, ...]
    illustrative_rates: bool
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (amounts as decimal strings, e.g. ``"1234.50"``)."""

        def chf(m: Money) -> str:
            return f"{m.amount:.2f}"

        return {
            "cantons": list(self.cantons),
            "cases": self.cases,
            "total": chf(self.total),
            "by_institution": [
                {
                    "id": p.id,
                    "kind": p.kind.value if p.kind else None,
                    "source": p.source.value,
                    "amount": chf(m),
                }
                for p, m in self.by_party
            ],
            "by_source": {s.value: chf(m) for s, m in self.by_source},
            "by_item_kind": {k.value: chf(m) for k, m in self.by_kind},
            "by_item_kind_and_source": [
                {"item_kind": k.value, "source": s.value, "amount": chf(m)}
                for k, s, m in self.by_kind_and_source
            ],
            "reimbursed": chf(self.reimbursed),
            "key_bases": list(self.bases),
            "illustrative_rates": self.illustrative_rates,
            "notes": list(self.notes),
        }


def financing_report(allocations: Iterable[CostAllocation]) -> FinancingReport:
    """Sum ``allocations`` into a :class:`FinancingReport`."""
    allocs = list(allocations)
    party: dict[Party, Money] = defaultdict(Money.zero)
    source: dict[FinancingSource, Money] = defaultdict(Money.zero)
    kind: dict[CostItemKind, Money] = defaultdict(Money.zero)
    cross: dict[tuple[CostItemKind, FinancingSource], Money] = defaultdict(Money.zero)
    bases: dict[str, None] = {}
    reimbursed = Money.zero()
    for alloc in allocs:
        for item in alloc.items:
            kind[item.item.kind] += item.total
            for share in item.shares:
                party[share.party] += share.amount
                source[share.party.source] += share.amount
                cross[(item.item.kind, share.party.source)] += share.amount
                bases[str(share.basis)] = None
            for flow in item.flows:
                reimbursed += flow.amount
    # Notes are counted, not attributed: the report names no case.
    counts = Counter(n for a in allocs for n in dict.fromkeys(a.notes))
    notes = tuple(f"{n} ({c} case{'s' if c != 1 else ''})" for n, c in sorted(counts.items()))
    return FinancingReport(
        cantons=tuple(sorted({a.canton for a in allocs})),
        cases=len(allocs),
        total=sum((a.total for a in allocs), Money.zero()),
        by_party=tuple((p, party[p]) for p in sorted(party, key=lambda p: p.sort_key)),
        by_source=tuple((s, source[s]) for s in sorted(source, key=lambda s: s.value)),
        by_kind=tuple((k, kind[k]) for k in sorted(kind, key=lambda k: k.value)),
        by_kind_and_source=tuple(
            (k, s, cross[(k, s)])
            for k, s in sorted(cross, key=lambda ks: (ks[0].value, ks[1].value))
        ),
        reimbursed=reimbursed,
        bases=tuple(sorted(bases)),
        illustrative_rates=any(a.illustrative_rates for a in allocs),
        notes=notes,
    )
