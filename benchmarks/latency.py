"""Single-case latency of the full ``assess()`` (eligibility + coordination + costs + trace).

Many distinct cases per canton (the bundled synthetic caseload, cycled with fresh
ids beyond its size), each assessed on its own as-of date. The very first call
(plugin, network and parameters loaded) is reported as ``first_call_us``; then
every case once in order (``first_pass``: the bounded caches of per-date and
per-fact results fill up), then all cases ``repeat`` times with the trace off and on
(``no_trace``, ``trace``: the same cases again, so results memoised on their facts are
found), and last the next cases of the bundled caseload, never assessed before in the
process, once each with the trace on (``unseen``: their dates are warm, their facts mostly
new — the case of case-management software assessing a new case on a day already under way;
at most ``n`` cases, fewer where the caseload is smaller).

The mean lies well above the median, and the maximum far above it: CPython's cyclic
garbage collector runs inside some calls, and a full collection walks every object the
process holds (the loaded cases, the canton, the bounded caches). ``--gc-freeze`` calls
:func:`gc.freeze` after the first pass, as a long-running service may do once it has
loaded its cantons and warmed up: the objects alive then are left out of later
collections (see docs/performance.md).
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path
from typing import Any

from benchlib import CANTONS, bundled_cases, dump_json, load_cases, summary_us, table, time_each

import iizcore
from iizcore import Canton, Case


def run(
    n: int = 2000,
    repeat: int = 3,
    cantons: tuple[str, ...] = CANTONS,
    *,
    gc_freeze: bool = False,
) -> dict[str, Any]:
    """Latency of ``assess(case, canton, case.as_of, trace=...)`` per canton, trace off and on.

    ``gc_freeze``: :func:`gc.freeze` after each canton's first pass (undone at the end).
    """
    from iizcore.assessment import assess

    out: dict[str, Any] = {"cases": n, "repeat": repeat, "gc_freeze": gc_freeze, "cantons": {}}
    for code in cantons:
        canton = iizcore.load_canton(code)
        cases = load_cases(code, n)
        t0 = time.perf_counter()
        assess(cases[0], canton, cases[0].as_of)
        first = time.perf_counter() - t0
        entry: dict[str, Any] = {"first_call_us": round(first * 1e6, 1)}

        def traced(case: Case, k: Canton = canton) -> object:
            return assess(case, k, case.as_of, trace=True)

        # Every case once, in order, before anything else: iizcore keeps bounded caches of
        # results that depend on a few facts (parameters per date, cost items per measure
        # type and length...), which fill during this pass. The repeats below run warm.
        entry["first_pass"] = summary_us(time_each(traced, cases, 1))
        if gc_freeze:
            gc.freeze()
        for trace in (False, True):

            def one(case: Case, k: Canton = canton, t: bool = trace) -> object:
                return assess(case, k, case.as_of, trace=t)

            entry["trace" if trace else "no_trace"] = summary_us(time_each(one, cases, repeat))
        # Distinct cases never assessed in this process (not cycled copies of earlier ones).
        unseen = bundled_cases(code)[n : 2 * n]
        if unseen:
            entry["unseen"] = summary_us(time_each(traced, unseen, 1))
        if gc_freeze:
            gc.unfreeze()
        out["cantons"][code] = entry
    return out


def render(result: dict[str, Any]) -> str:
    rows = []
    names = {
        "no_trace": "off",
        "trace": "on",
        "first_pass": "on, first pass",
        "unseen": "on, unseen cases",
    }
    for code, entry in result["cantons"].items():
        for key in ("no_trace", "trace", "first_pass", "unseen"):
            if key not in entry:
                continue
            s = entry[key]
            rows.append(
                (
                    code,
                    names[key],
                    s["median_us"],
                    s["p95_us"],
                    s["mean_us"],
                    s.get("max_us", ""),
                    s["calls"],
                )
            )
    return table(rows, ("canton", "trace", "median µs", "p95 µs", "mean µs", "max µs", "calls"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after the first pass, as a warmed-up long-running service may",
    )
    args = parser.parse_args(argv)
    result = run(args.cases, args.repeat, gc_freeze=args.gc_freeze)
    print(render(result))
    if args.json:
        dump_json(result, args.json)


if __name__ == "__main__":
    main()
