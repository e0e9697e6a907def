"""The benchmark rule subset on the iizcore side, and the generated persons both sides read.

A :class:`PersonInputs` holds exactly the facts the three rules need (no
identifiers). :func:`iizcore_one` calls iizcore's pure rule functions:
``iizcore.law.alv.max_daily_allowances``, ``iizcore.law.iv.pension_share``
and ``iizcore.law.sozialhilfe.basic_need``, with the canton's parameter set
(``load_canton(code).parameters``: federal values overlaid with the canton's).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from benchlib import CANTONS, DATES

import iizcore
from iizcore.law.parameters import ParameterSet


class Subset(NamedTuple):
    """The three results, in a fixed order."""

    max_daily_allowances: int
    pension_share: float
    basic_need: float


class PersonInputs(NamedTuple):
    """What the rule subset reads about one person on one date."""

    on: date
    canton: str
    age: int
    maintenance_duty: bool
    contribution_months: float
    exempt: bool
    reference_date: date
    iv_pension_degree: int
    invalidity_degree: int
    household_size: int

    def shown(self) -> dict[str, Any]:
        """The inputs for a mismatch report (no identifiers exist here)."""
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self._asdict().items()}


def generate_persons(n: int, seed: int = 1, on: date | None = None) -> list[PersonInputs]:
    """``n`` persons spread over the thresholds of the three rules (deterministic)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        day = on or rng.choice(DATES)
        age = rng.randint(15, 65)
        pension = rng.choice((0, 0, 0, rng.randint(40, 100)))
        # Reference dates around the four-year window of AVIV Art. 41b for the older persons.
        to_reference = (
            rng.randint(-60, 6 * 366) if age >= 58 else (65 - age) * 365 + rng.randint(0, 364)
        )
        months = rng.randint(0, 30) - rng.choice((0, 0, 0, 0.01, 0.5))
        out.append(
            PersonInputs(
                on=day,
                canton=rng.choice(CANTONS),
                age=age,
                maintenance_duty=rng.random() < 0.4,
                contribution_months=max(0.0, months),
                exempt=rng.random() < 0.1,
                reference_date=day + timedelta(days=to_reference),
                iv_pension_degree=pension,
                invalidity_degree=rng.choice((pension, rng.randint(0, 100))),
                household_size=rng.randint(1, 9),
            )
        )
    return out


_PARAMS: dict[str, ParameterSet] = {}


def prepare(persons: Sequence[PersonInputs]) -> None:
    """Load the cantons the persons live in (outside any timing)."""
    for code in {p.canton for p in persons}:
        _PARAMS[code] = iizcore.load_canton(code).parameters


def iizcore_one(p: PersonInputs) -> Subset:
    """The three iizcore rule calls for one person."""
    from iizcore.law.alv import in_pre_retirement_window, max_daily_allowances
    from iizcore.law.iv import pension_share
    from iizcore.law.sozialhilfe import basic_need

    params = _PARAMS[p.canton]
    # The framework opens on the day assessed.
    late = in_pre_retirement_window(p.on, p.reference_date, params, p.on)
    days = max_daily_allowances(
        Decimal(str(p.contribution_months)),
        p.age,
        p.maintenance_duty,
        p.iv_pension_degree or None,
        p.exempt,
        late,
        params,
        p.on,
    )
    share = pension_share(p.invalidity_degree, p.on, params)
    need = basic_need(p.household_size, p.on, params)
    return Subset(int(days), float(share), float(need.amount))
