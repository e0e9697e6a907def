"""Batch throughput (cases per second) and peak memory of the streaming batch path.

For each size N, a JSONL file of N cases is written once (the first ``base`` cases of
the bundled synthetic caseload, cycled with fresh ids — writing is not timed), then a fresh
interpreter streams it through ``iizcore.batch`` and writes the assessments
as JSONL to a temporary file. A cycled copy finds the results memoised on its facts
(reason texts with its amounts, its reference-age dates...): ``--base 8000 --sizes 8000``
runs the bundled ZH caseload's 8,000 distinct cases once each, as a caseload is. The child
reports wall time and its peak RSS (``VmHWM`` of ``/proc/self/status``); RSS before the
batch shows what is baseline (interpreter, iizcore, canton). Flat memory in N means the
peak does not grow with N.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import dump_json, load_cases, table

import iizcore

DEFAULT_SIZES = (10_000, 100_000)
#: ``full``: the whole assessment per line (≈ 25 KB); ``summary``: ``iizcore.summary`` (≈ 3 KB).
OUTPUTS = ("full", "summary")
BASE_CASES = 4000


def write_jsonl(path: Path, n: int, canton: str, base: int = BASE_CASES) -> None:
    """``n`` cases of ``canton`` as JSONL: ``base`` distinct cases cycled with fresh ids.

    The distinct cases are the bundled caseload's first ``base`` (cycled too if it is smaller).
    """
    lines = []
    for case in load_cases(canton, min(base, n)):
        text = iizcore.dumps(case, indent=None)
        prefix = f'{{"id": "{case.id}"'
        if not text.startswith(prefix):
            raise ValueError("the case id is not the first key of the JSON")
        lines.append(text[len(prefix) :])
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(f'{{"id": "c{i}"')
            fh.write(lines[i % len(lines)])
            fh.write("\n")


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    Linux: ``VmHWM`` from ``/proc/self/status``, which starts afresh with the new program.
    ``ru_maxrss`` does not: after fork and exec it still holds the parent's peak, so a child
    started by ``run.py`` (after the latency part has filled its caches) would report the
    parent's 120 MB as its own "before" and "peak" and hide any growth.
    """
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    # Elsewhere: ru_maxrss (KiB on Linux, bytes on macOS; only Linux is measured here).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(
    source: Path, canton: str, workers: int, output: str = "full", gc_tuned: bool = False
) -> dict[str, Any]:
    """Run in a fresh interpreter: stream ``source`` through :func:`iizcore.batch.run_batch`.

    ``gc_tuned``: inside :func:`iizcore.batch.tuned_gc`, as ``iiz assess --jsonl`` runs.
    """
    import contextlib

    from iizcore.batch import run_batch, summary_assessor, tuned_gc

    assessor = summary_assessor if output == "summary" else None
    iizcore.load_canton(canton).parameters  # noqa: B018 - loaded before the baseline
    before = _rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "out.jsonl"
        t0 = time.perf_counter()
        with tuned_gc() if gc_tuned else contextlib.nullcontext():
            summary = run_batch(
                source,
                target,
                Path(tmp) / "rejects.jsonl",
                canton,
                workers=workers,
                assess=assessor,
            )
        seconds = time.perf_counter() - t0
        out_bytes = target.stat().st_size
    return {
        "seconds": seconds,
        "rss_before_mb": round(before, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
        "output_mb": round(out_bytes / 2**20, 1),
        "assessed": summary.assessed,
        "rejected": summary.rejected,
    }


def run(
    sizes: tuple[int, ...] = DEFAULT_SIZES,
    canton: str = "ZH",
    workers: int = 1,
    outputs: tuple[str, ...] = OUTPUTS,
    base: int = BASE_CASES,
    gc_tuned: bool = False,
) -> dict[str, Any]:
    """Throughput and peak RSS for each size, one fresh process per size.

    ``base`` distinct cases are cycled with fresh ids up to each size (see
    :func:`write_jsonl`). ``gc_tuned``: the batch runs inside
    :func:`iizcore.batch.tuned_gc`, as ``iiz assess --jsonl`` runs it. With ``workers`` > 1
    the pool's worker processes are not in the peak RSS (``ru_maxrss`` of the parent only);
    per-core figures use ``workers=1``.
    """
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            source = Path(tmp) / f"cases-{n}.jsonl"
            write_jsonl(source, n, canton, base)
            for output in outputs:
                command = [sys.executable, __file__, "--child", str(source), "--canton", canton]
                command += ["--workers", str(workers), "--outputs", output]
                command += ["--gc-tuned"] if gc_tuned else []
                proc = subprocess.run(command, check=True, capture_output=True, text=True)
                measured = json.loads(proc.stdout)
                measured["cases"] = n
                measured["distinct"] = min(n, base)
                measured["gc"] = "tuned" if gc_tuned else "default"
                measured["output"] = output
                measured["input_mb"] = round(source.stat().st_size / 2**20, 1)
                measured["cases_per_s"] = round(n / measured["seconds"])
                measured["seconds"] = round(measured["seconds"], 2)
                rows.append(measured)
            source.unlink()
    return {
        "canton": canton,
        "workers": workers,
        "sizes": list(sizes),
        "base": base,
        "gc_tuned": gc_tuned,
        "outputs": list(outputs),
        "runs": rows,
    }


def render(result: dict[str, Any]) -> str:
    rows = [
        (
            f"{r['cases']:,}",
            f"{r['distinct']:,}" if "distinct" in r else "",
            r.get("output", "full"),
            r.get("gc", "default"),
            f"{r['assessed']:,} / {r['rejected']:,}",
            r["seconds"],
            f"{r['cases_per_s']:,}",
            r["rss_before_mb"],
            r["peak_rss_mb"],
            r["input_mb"],
            r["output_mb"],
        )
        for r in result["runs"]
    ]
    return table(
        rows,
        (
            "cases",
            "distinct",
            "output",
            "gc",
            "assessed / rejected",
            "seconds",
            f"cases/s ({result['workers']} proc)",
            "RSS before MB",
            "peak RSS MB",
            "in MB",
            "out MB",
        ),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--canton", default="ZH")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--outputs", default=",".join(OUTPUTS), help="full, summary or both")
    parser.add_argument(
        "--base",
        type=int,
        default=BASE_CASES,
        help="distinct cases of the bundled caseload, cycled with fresh ids up to each size",
    )
    parser.add_argument(
        "--gc-tuned",
        action="store_true",
        help="run the batch inside iizcore.batch.tuned_gc(), as `iiz assess --jsonl` does",
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        measured = child(args.child, args.canton, args.workers, args.outputs, args.gc_tuned)
        print(json.dumps(measured))
        return
    sizes = tuple(int(s) for s in args.sizes.split(","))
    outputs = tuple(o for o in args.outputs.split(",") if o)
    if not set(outputs) <= set(OUTPUTS):
        parser.error(f"--outputs: choose from {', '.join(OUTPUTS)}")
    result = run(sizes, args.canton, args.workers, outputs, args.base, args.gc_tuned)
    print(render(result))
    if args.json:
        dump_json(result, args.json)


if __name__ == "__main__":
    main()
