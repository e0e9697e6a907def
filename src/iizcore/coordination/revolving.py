"""Revolving-door detection (Drehtüreffekt) on a case history.

IIZ aims to "prevent revolving-door effects" (Sozialhilfehandbuch ZH 13.3.01,
seed 001): a person passed from the unemployment insurance to social
assistance to the disability insurance — or back into a system they had
left — spends time in institutions that could not solve the problem before
the one that finally acts takes over.

:func:`detect` reads the spells of one case: it merges overlapping or
adjacent spells of the same branch into :class:`Stay` objects (the fund and
the RAV are both "alv"), finds the chain ALV → SH → IV and the re-entries,
the days spent in each branch and the days lost before the branch that
finally acted. :func:`summarize` aggregates over a case set.
"""

from __future__ import annotations

import operator
import statistics
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from attrs import frozen

from iizcore.coordination.facts import system_of
from iizcore.model.case import Case
from iizcore.model.institution import InstitutionKind

__all__ = ["RevolvingDoor", "RevolvingDoorSummary", "Stay", "detect", "summarize"]

#: The classic chain of the revolving door: unemployment insurance, then social
#: assistance, then disability insurance (seed 001; LAW.md section 8).
CLASSIC_CHAIN: Final = ("alv", "sh", "iv")

_ONE_DAY: Final = timedelta(days=1)
#: The branch of each kind that makes a stay: guidance and counselling accompany a
#: stay, they are not a branch that pays (see :func:`_stays`).
_PAYING_BRANCH: Final = {
    kind: system
    for kind in InstitutionKind
    if (system := system_of(kind)) is not None and system != "vocational"
}
#: Sort key of (start, system, ...) rows: start, then system.
_START_SYSTEM: Final = operator.itemgetter(0, 1)


@frozen
class Stay:
    """An uninterrupted stay in one branch (``"alv"``, ``"sh"``, ``"iv"`` ...), both days included."""

    system: str
    start: date
    end: date | None

    def days(self, until: date) -> int:
        """Days in the stay, counting an open stay up to ``until`` (included)."""
        last = min(self.end if self.end is not None else until, until)
        return max(0, (last - self.start).days + 1)


@frozen
class RevolvingDoor:
    """The revolving-door analysis of one case on ``on``."""

    case_id: str
    on: date
    stays: tuple[Stay, ...]
    days_by_system: tuple[tuple[str, int], ...]
    """Days spent in each branch, in order of first entry."""
    re_entries: int
    """How often the person came back into a branch they had left."""
    classic_chain: bool
    """The stays contain ALV, then SH, then IV in that order."""
    final_system: str | None
    """The branch of the latest stay: the institution that finally acted."""
    days_before_final: int
    """Days from the start of the first stay to the start of the final stay."""

    @property
    def path(self) -> tuple[str, ...]:
        """The branches in the order of the stays (``("alv", "sh", "iv")``)."""
        return tuple(s.system for s in self.stays)

    @property
    def is_revolving_door(self) -> bool:
        """A re-entry into a branch, or the chain ALV → SH → IV."""
        return self.re_entries > 0 or self.classic_chain


def _stays(case: Case) -> tuple[Stay, ...]:
    spells = sorted(
        ((system_of(s.institution), s.start, s.end) for s in case.history),
        key=lambda t: (t[1], t[0] or ""),
    )
    merged: list[Stay] = []
    for system, start, end in spells:
        if system is None or system == "vocational":
            # Guidance and counselling accompany a stay; they are not a branch that pays.
            continue
        last = next((i for i in range(len(merged) - 1, -1, -1) if merged[i].system == system), None)
        if last is not None:
            prev = merged[last]
            if prev.end is None or start <= prev.end + _ONE_DAY:
                new_end = None if prev.end is None or end is None else max(prev.end, end)
                merged[last] = Stay(system, prev.start, new_end)
                continue
        merged.append(Stay(system, start, end))
    return tuple(sorted(merged, key=lambda s: (s.start, s.system)))


def _has_chain(path: tuple[str, ...], chain: tuple[str, ...]) -> bool:
    it = iter(path)
    return all(any(step == want for step in it) for want in chain)


def has_classic_chain(path: tuple[str, ...]) -> bool:
    """Whether ``path`` contains ALV, then SH, then IV in that order (package-internal)."""
    return _has_chain(path, CLASSIC_CHAIN)


def door_path(case: Case, day: date) -> tuple[tuple[str, ...], int]:
    """The :attr:`RevolvingDoor.path` and :attr:`RevolvingDoor.re_entries` of ``detect(case, day)``.

    Package-internal fast path for triage, which needs only these two: the
    same merge as :func:`_stays`, on plain tuples and without the days per
    branch, the :class:`Stay` objects or the :class:`RevolvingDoor`.
    """
    history = case.history
    if not history:
        return (), 0
    spells = []
    for s in history:
        system = _PAYING_BRANCH.get(s.institution)
        if system is not None:
            spells.append((s.start, system, s.end))
    count = len(spells)
    if count < 2:
        # Most cases have at most one paying spell: no merge, no re-entry.
        if count and spells[0][0] <= day:
            return (spells[0][1],), 0
        return (), 0
    spells.sort(key=_START_SYSTEM)
    # [start, system, end] per stay; the latest stay of each branch by index.
    merged: list[list[Any]] = []
    latest: dict[str, int] = {}
    for start, system, end in spells:
        last = latest.get(system)
        if last is not None:
            prev = merged[last]
            prev_end = prev[2]
            if prev_end is None or start <= prev_end + _ONE_DAY:
                prev[2] = None if prev_end is None or end is None else max(prev_end, end)
                continue
        latest[system] = len(merged)
        merged.append([start, system, end])
    if len(merged) > 1:
        merged.sort(key=_START_SYSTEM)
    path = tuple([m[1] for m in merged if m[0] <= day])
    return path, len(path) - len(set(path))


def detect(case: Case, on: date | None = None) -> RevolvingDoor:
    """The revolving-door analysis of ``case`` on ``on`` (default: ``case.as_of``)."""
    day = on if on is not None else case.as_of
    stays = tuple(s for s in _stays(case) if s.start <= day)
    days: dict[str, int] = {}
    for stay in stays:
        days[stay.system] = days.get(stay.system, 0) + stay.days(day)
    seen: set[str] = set()
    re_entries = 0
    for stay in stays:
        if stay.system in seen:
            re_entries += 1
        seen.add(stay.system)
    path = tuple(s.system for s in stays)
    final = stays[-1] if stays else None
    lost = (final.start - stays[0].start).days if final is not None else 0
    return RevolvingDoor(
        case_id=case.id,
        on=day,
        stays=stays,
        days_by_system=tuple(days.items()),
        re_entries=re_entries,
        classic_chain=_has_chain(path, CLASSIC_CHAIN),
        final_system=final.system if final is not None else None,
        days_before_final=lost,
    )


@frozen
class RevolvingDoorSummary:
    """Revolving-door figures over a case set (no case ids: safe to publish)."""

    cases: int
    revolving: int
    classic_chains: int
    re_entries: int
    median_days_before_final: Decimal | None
    """Median days lost before the final branch, over the revolving-door cases."""
    days_by_system: tuple[tuple[str, int], ...]
    """Total days in each branch over all cases, sorted by branch."""

    @property
    def share(self) -> Decimal:
        """Share of revolving-door cases (0 for an empty set)."""
        return Decimal(self.revolving) / Decimal(self.cases) if self.cases else Decimal(0)


def summarize(cases: Iterable[Case], on: date | None = None) -> RevolvingDoorSummary:
    """Aggregate :func:`detect` over ``cases`` (each on ``on`` or its own as-of date)."""
    results = [detect(c, on) for c in cases]
    revolving = [r for r in results if r.is_revolving_door]
    totals: dict[str, int] = {}
    for r in results:
        for system, n in r.days_by_system:
            totals[system] = totals.get(system, 0) + n
    lost = [r.days_before_final for r in revolving]
    return RevolvingDoorSummary(
        cases=len(results),
        revolving=len(revolving),
        classic_chains=sum(1 for r in results if r.classic_chain),
        re_entries=sum(r.re_entries for r in results),
        median_days_before_final=Decimal(str(statistics.median(lost))) if lost else None,
        days_by_system=tuple(sorted(totals.items())),
    )
