"""Shared helpers of the benchmark scripts: timing, statistics, case generation, output.

Cases are generated here with :mod:`random` (seeded), not with hypothesis:
a benchmark needs thousands of varied, valid cases in well under a second,
and a fixed distribution so that runs compare.
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import sys
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import iizcore
from iizcore import (
    Benefit,
    Case,
    Claim,
    Consent,
    ContributionPeriod,
    Education,
    Employment,
    EmploymentStatus,
    EndReason,
    Exemption,
    ExemptionReason,
    Health,
    HealthCause,
    Household,
    HouseholdMember,
    InstitutionKind,
    MemberRole,
    Money,
    Person,
    Qualification,
    Residence,
    ResidenceStatus,
    Sex,
    Spell,
)

ROOT = Path(__file__).resolve().parent
CANTONS = ("BL", "ZH")
#: Assessment dates of the generated cases: spread over the parameter changes of 2021-2025.
DATES = (date(2021, 6, 1), date(2023, 3, 1), date(2024, 9, 1), date(2025, 7, 1))


# -- timing ------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[rank]


def time_each(fn: Callable[[Any], object], items: Sequence[Any], repeat: int = 1) -> list[float]:
    """Seconds per call of ``fn(item)``, one timing per item and repetition."""
    clock = time.perf_counter
    out: list[float] = []
    for _ in range(repeat):
        for item in items:
            t0 = clock()
            fn(item)
            out.append(clock() - t0)
    return out


def summary_us(seconds: Sequence[float]) -> dict[str, float]:
    """Median, p95, mean and count of per-call timings, in microseconds."""
    return {
        "median_us": round(statistics.median(seconds) * 1e6, 2),
        "p95_us": round(percentile(seconds, 95) * 1e6, 2),
        "mean_us": round(statistics.fmean(seconds) * 1e6, 2),
        "calls": len(seconds),
    }


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "iizcore": iizcore.__version__,
    }


# -- case generation -----------------------------------------------------------------------


def municipalities(canton: str) -> tuple[int, ...]:
    """The BFS numbers a canton plugin lists (read from its data, not from the plugin API)."""
    package = f"iizcore_{canton.lower()}"
    text = (resources.files(package) / "data" / "municipalities.toml").read_text(encoding="utf-8")
    return tuple(int(m["bfs"]) for m in tomllib.loads(text)["municipality"])


def _years_before(day: date, years: int, rng: random.Random) -> date:
    return day - timedelta(days=years * 365 + rng.randrange(365))


def _contribution_periods(
    on: date, months: int, rng: random.Random
) -> tuple[ContributionPeriod, ...]:
    if months <= 0:
        return ()
    end = on - timedelta(days=rng.randrange(1, 60))
    start = end - timedelta(days=round(months * 30.44))
    return (ContributionPeriod(start, end),)


def random_case(rng: random.Random, canton: str, bfs: Sequence[int], index: int) -> Case:
    """One valid, varied case: unemployed, sick, IV, social-assistance and asylum profiles."""
    on = rng.choice(DATES)
    age = rng.randint(17, 64)
    born = _years_before(on, age, rng)
    profile = rng.random()
    permit = rng.choices(list(ResidenceStatus), weights=[50, 15, 15, 3, 6, 4, 3, 4], k=1)[0]
    entry = on - timedelta(days=rng.randrange(90, 3650)) if permit.is_asylum_domain else None
    members: list[HouseholdMember] = []
    if rng.random() < 0.35:
        members.append(
            HouseholdMember(MemberRole.ADULT, _years_before(on, rng.randint(20, 60), rng))
        )
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3, 5))):
        members.append(
            HouseholdMember(MemberRole.CHILD, _years_before(on, rng.randint(0, 24), rng))
        )
    household = Household(tuple(members), children_outside_household=rng.choice((0, 0, 0, 0, 1)))

    incapacity = rng.choice((0, 0, 0, 20, 50, 100)) if profile > 0.3 else 0
    degree = rng.randint(0, 100) if profile > 0.7 else None
    health = Health(
        incapacity_percent=incapacity,
        incapacity_since=on - timedelta(days=rng.randrange(10, 900)) if incapacity else None,
        cause=rng.choice(list(HealthCause)) if incapacity else None,
        short_absences_last_year=rng.choice((0, 0, 0, 2, 6)),
        at_risk_of_incapacity=rng.random() < 0.1,
        invalidity_degree=degree,
        iv_pension_since=(on - timedelta(days=rng.randrange(30, 2000)))
        if degree is not None and degree >= 40 and rng.random() < 0.7
        else None,
    )
    unemployed = profile < 0.6
    months = rng.randint(0, 30)
    exemption = (
        Exemption(rng.choice(list(ExemptionReason)), rng.randint(0, 24))
        if rng.random() < 0.1
        else None
    )
    status = (
        rng.choice((EmploymentStatus.UNEMPLOYED, EmploymentStatus.PARTLY_UNEMPLOYED))
        if unemployed
        else rng.choice((EmploymentStatus.EMPLOYED, EmploymentStatus.NOT_IN_LABOUR_FORCE))
    )
    employment = Employment(
        status=status,
        unemployed_since=on - timedelta(days=rng.randrange(0, 700)) if unemployed else None,
        contribution_periods=_contribution_periods(on, months, rng),
        insured_monthly_earnings=Money.chf(rng.randrange(2000, 14000, 50)) if months else None,
        exemption=exemption,
        willing_and_able_to_work=rng.random() < 0.9,
    )
    history: list[Spell] = []
    if rng.random() < 0.4:
        start = on - timedelta(days=rng.randrange(400, 1500))
        end = start + timedelta(days=rng.randrange(100, 390))
        history.append(
            Spell(
                InstitutionKind.ALV_FUND,
                Benefit.CASH,
                start,
                min(end, on),
                rng.choice(
                    (EndReason.EXHAUSTED, EndReason.FOUND_WORK, EndReason.FRAMEWORK_EXPIRED)
                ),
                daily_allowances_drawn=rng.randint(20, 400),
            )
        )
    if rng.random() < 0.25:
        # Social assistance after any ALV spell: cash spells follow one another.
        after = history[-1].end if history and history[-1].end else on - timedelta(days=900)
        history.append(
            Spell(
                InstitutionKind.SOCIAL_ASSISTANCE,
                Benefit.CASH,
                after + timedelta(days=rng.randrange(1, max(2, (on - after).days))),
            )
        )
    claims = (
        (Claim(InstitutionKind.IV_OFFICE, on - timedelta(days=rng.randrange(0, 400))),)
        if rng.random() < 0.2
        else ()
    )
    consents = (
        (
            Consent(
                (InstitutionKind.RAV, InstitutionKind.IV_OFFICE, InstitutionKind.SOCIAL_ASSISTANCE),
                on - timedelta(days=rng.randrange(0, 300)),
            ),
        )
        if rng.random() < 0.6
        else ()
    )
    person = Person(
        id=f"p{index}",
        birth_date=born,
        sex=rng.choice(list(Sex)),
        residence=Residence(canton, rng.choice(bfs), permit, entry),
        household=household,
        education=Education(
            compulsory_school_completed=rng.random() < 0.97,
            qualification=rng.choice(list(Qualification)),
            in_education=rng.random() < 0.05,
        ),
        health=health,
        employment=employment,
        monthly_income=Money.chf(rng.choice((0, 0, 500, 1500, 3000, 5000))),
        assets=Money.chf(rng.choice((0, 0, 1000, 3500, 9000, 30000))),
    )
    return Case(f"c{index}", person, on, tuple(history), claims, consents)


def generate_cases(n: int, canton: str, seed: int = 1) -> list[Case]:
    """``n`` distinct varied cases of ``canton`` (deterministic for a seed)."""
    rng = random.Random(f"{seed}-{canton}")
    bfs = municipalities(canton)
    return [random_case(rng, canton, bfs, i) for i in range(n)]


def cycle_ids(cases: Sequence[Case], n: int) -> Iterator[Case]:
    """``n`` cases cycling over ``cases`` with fresh ids (cheap: attrs.evolve of the id only)."""
    import attrs

    for i in range(n):
        base = cases[i % len(cases)]
        yield attrs.evolve(base, id=f"c{i}")


# -- output --------------------------------------------------------------------------------


def table(rows: Iterable[Sequence[object]], header: Sequence[str]) -> str:
    """A plain-text table (no dependency)."""
    body = [[str(c) for c in r] for r in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(header)
    ]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), line]
    out += ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in body]
    return "\n".join(out)


def dump_json(data: object, path: Path | None) -> None:
    """Write ``data`` as JSON to ``path`` (stdout if None)."""
    text = json.dumps(data, indent=2, default=str)
    if path is None:
        sys.stdout.write(text + "\n")
    else:
        path.write_text(text + "\n", encoding="utf-8")
