"""Import time of ``iizcore`` plus one canton, in a fresh interpreter each time.

Wall clock of ``python -c "import iizcore; iizcore.load_canton(X).parameters"``
minus an empty interpreter start, median over repeats; plus the modules that
must NOT be imported by ``import iizcore`` (rich, hypothesis, the CLI, numpy,
importlib.metadata: plugins are discovered without it).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchlib import dump_json, table

#: Modules a user who assesses one case does not need at import.
HEAVY = ("rich", "hypothesis", "iizcore.cli", "numpy", "openfisca_core", "importlib.metadata")

_LOAD = "import iizcore; c = iizcore.load_canton({code!r}); c.parameters; c.network"
_CHECK = (
    "import sys, iizcore; iizcore.load_canton({code!r}).parameters; "
    "print(','.join(m for m in {heavy!r} if m in sys.modules))"
)


def _wall(code: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        out.append(time.perf_counter() - t0)
    return out


def run(repeat: int = 15, cantons: tuple[str, ...] = ("BL", "ZH")) -> dict[str, Any]:
    """Median wall-clock milliseconds of the imports, net of interpreter start."""
    _wall("import iizcore", 1)  # warm the bytecode cache
    base = statistics.median(_wall("pass", repeat))
    bare = statistics.median(_wall("import iizcore", repeat))
    result: dict[str, Any] = {
        "repeat": repeat,
        "interpreter_ms": round(base * 1e3, 1),
        "import_iizcore_ms": round((bare - base) * 1e3, 1),
        "cantons": {},
    }
    for code in cantons:
        wall = statistics.median(_wall(_LOAD.format(code=code), repeat))
        heavy = subprocess.run(
            [sys.executable, "-c", _CHECK.format(code=code, heavy=HEAVY)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        result["cantons"][code] = {
            "import_plus_canton_ms": round((wall - base) * 1e3, 1),
            "heavy_modules_imported": heavy.split(",") if heavy else [],
        }
    return result


def importtime_top(code: str = "BL", top: int = 12) -> list[tuple[str, int]]:
    """The slowest modules (cumulative µs) under ``python -X importtime``."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", _LOAD.format(code=code)],
        check=True,
        capture_output=True,
        text=True,
    )
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self_us, cumulative, name = line.removeprefix("import time:").split("|")
        rows.append((name.strip(), int(cumulative)))
    return sorted(rows, key=lambda r: -r[1])[:top]


def render(result: dict[str, Any]) -> str:
    rows = [("import iizcore", result["import_iizcore_ms"], "")]
    for code, r in result["cantons"].items():
        rows.append(
            (
                f"import iizcore + load {code}",
                r["import_plus_canton_ms"],
                ", ".join(r["heavy_modules_imported"]) or "none",
            )
        )
    return table(rows, ("import (net of interpreter start)", "median ms", "heavy modules"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--profile", action="store_true", help="show the slowest imports")
    args = parser.parse_args(argv)
    result = run(args.repeat)
    print(render(result))
    if args.profile:
        print(table(importtime_top(), ("module", "cumulative µs")))
    if args.json:
        dump_json(result, args.json)


if __name__ == "__main__":
    main()
