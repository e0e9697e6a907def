"""Floors: the per-case budgets of two targets of issue 9, against work that tuning cannot remove.

Two targets of issue 9 are far from met: the full ``assess()`` at least 50 times faster than a
one-person OpenFisca simulation of the rule subset, and 10,000 full assessments per second
and core. This script measures, on distinct cases, the parts of that work that no tuning of the
rules takes away while the design stands (attrs result objects built in Python, JSON lines in
and out), and sets them against each target's budget per case:

1. **Batch line** (budget 100 µs: 10,000 lines/s). Per line of the bundled ZH caseload, not seen
   before in the process, the steps of ``run_batch``: parse (``parse_line``), ``assess()``
   (no trace, as the batch runs it), encode (the batch's JSON encoder), and the write of those
   bytes to a file. Also the rate a line would reach if ``assess()`` took no time at all.
2. **Full assessment** (budget: the one-person OpenFisca median / 50). The cheapest
   ``assess()`` there is: the same case again and again, so that every result memoised on its
   facts is found. And the attrs objects ``assess()`` builds for an unseen case: how many,
   and what building just those costs (each class built again in a loop, on the arguments of
   its first instance).

    python benchmarks/floors.py --openfisca-us 612     # the budget from a measured OpenFisca run

"Unseen" and "not read before" hold only in a fresh process: cases assessed earlier find their
results memoised. ``run.py`` therefore runs this script in a process of its own, after the
OpenFisca comparison, and passes the one-person OpenFisca median of its own run. The figures
are printed, never asserted; ``benchmarks/README.md`` keeps the last run's.

The objects counted are those built through their attrs ``__init__``; the few that the hot
paths build without it (``Money`` from an already checked amount) are not counted, so the
cost of building them is a lower bound.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
import timeit
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

from benchlib import bundled_cases, dump_json, summary_us, table

import iizcore
from iizcore import Case
from iizcore.report import bundled_caseload

#: The batch target of issue 9: full assessments per second and core.
BATCH_TARGET_PER_S = 10_000
#: The single-case target of issue 9: this many times faster than one-person OpenFisca.
OPENFISCA_FACTOR = 50


def batch_line(code: str = "ZH", warm: int = 4000, n: int = 4000) -> dict[str, Any]:
    """Per-line cost of the batch's steps on lines never read before in the process.

    The first ``warm`` lines of the canton's bundled caseload run through all steps first (the
    per-date caches and the encoder's caches fill, as in a long batch); the next ``n`` lines
    (fewer where the caseload is shorter) are timed, step by step, in the batch's order. The
    collector stays on, as in a batch.
    """
    from iizcore.assessment import assess
    from iizcore.batch import _to_json_bytes
    from iizcore.io.jsonl import iter_raw_lines, parse_line

    canton = iizcore.load_canton(code)
    with bundled_caseload(code).open("rb") as stream:
        raws = [raw for raw in iter_raw_lines(stream) if not raw.blank]
    head, timed = raws[:warm], raws[warm : warm + n]
    steps: dict[str, list[float]] = {"parse": [], "assess": [], "encode": [], "write": []}
    clock = time.perf_counter
    with tempfile.TemporaryFile() as out:
        for raw in head:
            out.write(_to_json_bytes(assess(parse_line(raw, Case), canton, None)) + b"\n")
        for raw in timed:
            t0 = clock()
            case = parse_line(raw, Case)
            t1 = clock()
            result = assess(case, canton, None)
            t2 = clock()
            data = _to_json_bytes(result)
            t3 = clock()
            out.write(data)
            out.write(b"\n")
            t4 = clock()
            for key, seconds in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                steps[key].append(seconds)
    figures = {key: summary_us(v) for key, v in steps.items()}
    without_assess = sum(figures[k]["mean_us"] for k in ("parse", "encode", "write"))
    total = without_assess + figures["assess"]["mean_us"]
    return {
        "canton": code,
        "lines": len(timed),
        "budget_us": 1e6 / BATCH_TARGET_PER_S,
        "steps": figures,
        "line_mean_us": round(total, 1),
        "lines_per_s": round(1e6 / total),
        "lines_per_s_if_assess_were_free": round(1e6 / without_assess),
    }


def _count_inits(fn: Any) -> tuple[Counter[type], dict[type, dict[str, Any]]]:
    """The attrs instances ``fn()`` builds (``__init__`` calls of attrs-generated code) per class.

    Also the arguments of the first call per class, to rebuild one later.
    """
    counts: Counter[type] = Counter()
    samples: dict[type, dict[str, Any]] = {}

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event != "call":
            return
        code = frame.f_code
        if code.co_name == "__init__" and code.co_filename.startswith("<attrs generated"):
            args = dict(frame.f_locals)
            cls = type(args.pop("self"))
            counts[cls] += 1
            samples.setdefault(cls, args)

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return counts, samples


def _build_us(cls: type, args: dict[str, Any]) -> float | None:
    """Microseconds to build one ``cls(**args)``, best of 5; None if the class refuses it."""
    try:
        cls(**args)
    except Exception:
        # DataAccess: only grant_access may build one (the privacy rule), not a benchmark.
        return None
    number = 2000
    best = min(timeit.repeat(lambda: cls(**args), number=number, repeat=5))
    return best / number * 1e6


def full_assessment(
    code: str,
    openfisca_us: float | None,
    warm: int = 2000,
    n: int = 500,
    *,
    same_cases: int = 50,
    number: int = 200,
) -> dict[str, Any]:
    """The cheapest ``assess()`` and the objects it must build, against the 50x budget.

    After ``warm`` cases of the canton's bundled caseload, the next ``same_cases`` are each
    assessed ``number`` times in a row (best of 3 rounds: every memo hits), and the following
    ones, up to ``n`` in all, are counted: attrs instances built per case, and the cost of
    building each class once more from the arguments of its first instance.
    """
    from iizcore.assessment import assess

    canton = iizcore.load_canton(code)
    cases = bundled_cases(code)
    for case in cases[:warm]:
        assess(case, canton, case.as_of, trace=True)
    unseen = cases[warm : warm + n]

    # The same case again and again: every memo keyed on its facts hits.
    same: list[float] = []
    for case in unseen[:same_cases]:

        def again(c: Case = case) -> object:
            return assess(c, canton, c.as_of, trace=True)

        again()
        same.append(min(timeit.repeat(again, number=number, repeat=3)) / number)

    # The attrs objects built for each unseen case (counted outside the timings above).
    per_case: list[int] = []
    totals: Counter[type] = Counter()
    samples: dict[type, dict[str, Any]] = {}
    for case in unseen[same_cases:]:
        counts, first = _count_inits(lambda c=case: assess(c, canton, c.as_of, trace=True))
        per_case.append(sum(counts.values()))
        totals.update(counts)
        for cls, args in first.items():
            samples.setdefault(cls, args)
    cases_counted = len(per_case)
    gc.collect()
    costs = {cls: _build_us(cls, args) for cls, args in samples.items()}
    known = [c for c in costs.values() if c is not None]
    fallback = statistics.fmean(known) if known else 0.0
    build_us = (
        sum(totals[cls] * (cost if cost is not None else fallback) for cls, cost in costs.items())
        / cases_counted
        if cases_counted
        else 0.0
    )
    classes = sorted(totals.items(), key=lambda kv: -kv[1])
    out: dict[str, Any] = {
        "canton": code,
        "same_case_again": summary_us(same),
        "objects_per_unseen_case": {
            "median": statistics.median(per_case) if per_case else 0,
            "mean": round(statistics.fmean(per_case), 1) if per_case else 0,
        },
        "object_build_us_per_case": round(build_us, 1),
        "classes": [
            {
                "class": f"{cls.__module__}.{cls.__qualname__}",
                "per_case": round(count / cases_counted, 2),
                "build_us": None if cost is None else round(cost, 2),
            }
            for cls, count in classes
            for cost in (costs[cls],)
        ],
    }
    if openfisca_us is not None:
        out["openfisca_one_person_us"] = openfisca_us
        out["budget_us"] = round(openfisca_us / OPENFISCA_FACTOR, 1)
    return out


def run(
    openfisca_us: float | None = None,
    cantons: tuple[str, ...] = ("BL", "ZH"),
    *,
    quick: bool = False,
) -> dict[str, Any]:
    """Both floors: the batch line (ZH) and the full assessment per canton.

    ``quick``: a few cases only, to check that the script runs (figures meaningless).
    """
    # The full assessment first: it takes the caseload's cases 1-2,500, the batch line reads
    # cases 1-8,000 and would leave their results memoised.
    if quick:
        full = [
            full_assessment(code, openfisca_us, 20, 10, same_cases=3, number=2) for code in cantons
        ]
        return {"full_assessment": full, "batch_line": batch_line("ZH", warm=20, n=20)}
    full = [full_assessment(code, openfisca_us) for code in cantons]
    return {"full_assessment": full, "batch_line": batch_line("ZH")}


def render(result: dict[str, Any]) -> str:
    line = result["batch_line"]
    rows: list[tuple[object, ...]] = [
        (
            f"batch line ({line['canton']}, {line['lines']:,} lines)",
            step,
            s["median_us"],
            s["mean_us"],
        )
        for step, s in line["steps"].items()
    ]
    parts = [
        table(rows, ("floor", "step", "median µs", "mean µs")),
        (
            f"a line: {line['line_mean_us']} µs on average ({line['lines_per_s']:,}/s); "
            f"budget {line['budget_us']:.0f} µs ({BATCH_TARGET_PER_S:,}/s); "
            f"with assess() free: {line['lines_per_s_if_assess_were_free']:,}/s"
        ),
    ]
    rows = []
    for entry in result["full_assessment"]:
        budget = entry.get("budget_us", "n/a")
        rows.append(
            (
                entry["canton"],
                entry["same_case_again"]["median_us"],
                entry["objects_per_unseen_case"]["mean"],
                entry["object_build_us_per_case"],
                budget,
            )
        )
    parts.append(
        table(
            rows,
            (
                "canton",
                "same case again, median µs",
                "attrs objects built, unseen case",
                "building them, µs",
                f"budget (OpenFisca / {OPENFISCA_FACTOR}), µs",
            ),
        )
    )
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--openfisca-us",
        type=float,
        help="median µs of a one-person OpenFisca simulation (openfisca_compare.py)",
    )
    parser.add_argument("--quick", action="store_true", help="a few cases: a smoke run")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = run(args.openfisca_us, quick=args.quick)
    print(render(result))
    dump_json(result, args.json)


if __name__ == "__main__":
    main()
