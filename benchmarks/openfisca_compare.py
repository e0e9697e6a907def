"""iizcore side by side with OpenFisca-core on the same rule subset.

The subset: ALV maximum number of daily allowances (AVIG Art. 27), IV
pension share (IVG Art. 28b / old Art. 28 Abs. 2), social-assistance monthly
basic need of the household (SKOS, cantonal acts). OpenFisca runs the small
system in ``benchmarks/openfisca_iiz``; iizcore runs its own rule functions
(adapters in :mod:`iiz_subset`).

1. **Agreement**: N generated persons (default 10,000) on four dates and in
   two cantons; every result of both sides is compared; mismatches are
   counted and the first ones shown.
2. **One person per call** (case-management use): an OpenFisca simulation
   built for one person and the three variables calculated, against the
   three iizcore rule calls for the same person.
3. **Vectorised** (batch use): one OpenFisca simulation over N persons
   against an iizcore loop over the same N persons.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from benchlib import DATES, dump_json, summary_us, table, time_each
from iiz_subset import PersonInputs, Subset, generate_persons
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_iiz import system

#: The OpenFisca variables compared, in the order of :class:`Subset`.
VARIABLES = ("alv_max_daily_allowances", "iv_pension_share", "sh_monthly_need")


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def openfisca_inputs(p: PersonInputs) -> dict[str, Any]:
    """The OpenFisca input variables of one person (name -> value)."""
    return {
        "canton": p.canton,
        "age": p.age,
        "maintenance_duty": p.maintenance_duty,
        "alv_contribution_months": p.contribution_months,
        "alv_exempt": p.exempt,
        "alv_framework_start": p.on,
        "ahv_reference_date": p.reference_date,
        "iv_pension_degree": p.iv_pension_degree,
        "invalidity_degree": p.invalidity_degree,
        "household_size": p.household_size,
    }


def openfisca_one(p: PersonInputs) -> Subset:
    """One person, one simulation (how a case-management system would call OpenFisca)."""
    period = _month(p.on)
    person = {name: {period: value} for name, value in openfisca_inputs(p).items()}
    sim = SimulationBuilder().build_from_entities(system(), {"persons": {"p": person}})
    days, share, need = (sim.calculate(v, period)[0] for v in VARIABLES)
    return Subset(int(days), float(share), float(need))


def openfisca_vector(persons: Sequence[PersonInputs], on: date) -> list[np.ndarray]:
    """One simulation over all ``persons`` on ``on``: the three result arrays."""
    period = _month(on)
    sim = SimulationBuilder().build_default_simulation(system(), count=len(persons))
    columns = [openfisca_inputs(p) for p in persons]
    for name in columns[0]:
        sim.set_input(name, period, np.array([c[name] for c in columns]))
    return [sim.calculate(v, period) for v in VARIABLES]


def openfisca_vector_timed(persons: Sequence[PersonInputs], on: date) -> tuple[float, float]:
    """(seconds to build the simulation and set inputs, seconds to calculate), inputs as arrays."""
    period = _month(on)
    arrays = {
        name: np.array([openfisca_inputs(p)[name] for p in persons])
        for name in openfisca_inputs(persons[0])
    }
    t0 = time.perf_counter()
    sim = SimulationBuilder().build_default_simulation(system(), count=len(persons))
    for name, values in arrays.items():
        sim.set_input(name, period, values)
    t1 = time.perf_counter()
    for v in VARIABLES:
        sim.calculate(v, period)
    return t1 - t0, time.perf_counter() - t1


def agreement(persons: Sequence[PersonInputs], show: int = 10) -> dict[str, Any]:
    """Compare both sides on every person; vectorised OpenFisca, one simulation per date."""
    from iiz_subset import iizcore_one

    mismatches: dict[str, int] = dict.fromkeys(VARIABLES, 0)
    examples: list[dict[str, Any]] = []
    for day in sorted({p.on for p in persons}):
        group = [p for p in persons if p.on == day]
        arrays = openfisca_vector(group, day)
        for i, p in enumerate(group):
            ours = iizcore_one(p)
            theirs = Subset(int(arrays[0][i]), float(arrays[1][i]), float(arrays[2][i]))
            for name, a, b in zip(VARIABLES, ours, theirs, strict=True):
                if abs(float(a) - float(b)) > 1e-9:
                    mismatches[name] += 1
                    if len(examples) < show:
                        examples.append(
                            {"variable": name, "iizcore": a, "openfisca": b, "inputs": p.shown()}
                        )
    return {
        "persons": len(persons),
        "mismatches": mismatches,
        "agree": not any(mismatches.values()),
        "examples": examples,
    }


def run(
    n: int = 10_000, single: int = 300, vector_sizes: Sequence[int] = (10_000, 100_000)
) -> dict[str, Any]:
    """Agreement on ``n`` persons, then the timings."""
    from iiz_subset import iizcore_one, prepare

    persons = generate_persons(n, seed=3)
    prepare(persons)
    result: dict[str, Any] = {"agreement": agreement(persons)}

    # One person per call: warm both sides first (OpenFisca caches formulas and parameters).
    sample = persons[:single]
    for p in sample[:20]:
        openfisca_one(p)
        iizcore_one(p)
    of = summary_us(time_each(openfisca_one, sample))
    iz = summary_us(time_each(iizcore_one, sample, repeat=10))
    result["one_person"] = {
        "openfisca": of,
        "iizcore": iz,
        "ratio_median": round(of["median_us"] / iz["median_us"], 1),
    }

    # Vectorised: one date (the latest), N persons.
    day = DATES[-1]
    result["vectorised"] = []
    for size in vector_sizes:
        group = generate_persons(size, seed=5, on=day)
        prepare(group)
        build, calc = openfisca_vector_timed(group, day)
        t0 = time.perf_counter()
        for p in group:
            iizcore_one(p)
        loop = time.perf_counter() - t0
        result["vectorised"].append(
            {
                "persons": size,
                "openfisca_build_s": round(build, 4),
                "openfisca_calculate_s": round(calc, 4),
                "openfisca_persons_per_s": round(size / (build + calc)),
                "iizcore_loop_s": round(loop, 4),
                "iizcore_persons_per_s": round(size / loop),
                "ratio_openfisca_faster": round(loop / (build + calc), 1),
            }
        )
    return result


def render(result: dict[str, Any]) -> str:
    a = result["agreement"]
    lines = [
        f"agreement on {a['persons']:,} persons: "
        + ("all equal" if a["agree"] else f"MISMATCHES {a['mismatches']}")
    ]
    for ex in a["examples"]:
        lines.append(f"  {ex}")
    o = result["one_person"]
    lines.append(
        table(
            [
                (
                    "OpenFisca: 1-person simulation",
                    o["openfisca"]["median_us"],
                    o["openfisca"]["p95_us"],
                ),
                ("iizcore: 3 rule calls", o["iizcore"]["median_us"], o["iizcore"]["p95_us"]),
                ("ratio (OpenFisca / iizcore)", f"{o['ratio_median']}x", ""),
            ],
            ("one person per call", "median µs", "p95 µs"),
        )
    )
    lines.append(
        table(
            [
                (
                    f"{v['persons']:,}",
                    f"{v['openfisca_persons_per_s']:,}",
                    f"{v['iizcore_persons_per_s']:,}",
                    f"{v['ratio_openfisca_faster']}x",
                )
                for v in result["vectorised"]
            ],
            ("persons", "OpenFisca vectorised /s", "iizcore loop /s", "OpenFisca ahead by"),
        )
    )
    return "\n\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--single", type=int, default=300)
    parser.add_argument("--vector-sizes", default="10000,100000")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.vector_sizes.split(","))
    result = run(args.persons, args.single, sizes)
    print(render(result))
    if args.json:
        dump_json(result, args.json)


if __name__ == "__main__":
    main()
