"""The bounded caches behind assess() never change a result: order and history do not matter.

Rules, coordination and costs keep results that depend on a few facts (parameters per
date, triage criteria per combination of institutions, cost items per measure type and
length...). A case must come out the same whatever was assessed before it: here each
case is assessed in a fresh interpreter in one order and in another interpreter in the
reverse order (interleaved with other dates), and the JSON must be equal byte for byte.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from datetime import date
    import iizcore
    from iizcore.batch import _to_json
    from iizcore.io.jsonl import read_jsonl
    from iizcore.model import Case
    from iizcore.report import bundled_caseload

    code, n, reverse = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
    canton = iizcore.load_canton(code)
    cases = []
    for case in read_jsonl(bundled_caseload(code), Case):
        cases.append(case)
        if len(cases) == n:
            break
    jobs = [(i, day) for i in range(n) for day in (None, date(2025, 3, 1), date(2021, 6, 1))]
    if reverse:
        jobs.reverse()
    out = {}
    for i, day in jobs:
        case = cases[i]
        result = iizcore.assess(case, canton, day, trace=True)
        out[f"{i}:{day}"] = _to_json(result)
    print(json.dumps(out))
    """
)


def _run(code: str, n: int, reverse: bool) -> dict[str, str]:
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, code, str(n), "1" if reverse else "0"],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(proc.stdout))


@pytest.mark.parametrize("code", ["BL", "ZH"])
def test_results_do_not_depend_on_what_was_assessed_before(code: str) -> None:
    forward = _run(code, 150, reverse=False)
    backward = _run(code, 150, reverse=True)
    assert forward.keys() == backward.keys()
    differ = [key for key in forward if forward[key] != backward[key]]
    assert not differ, f"{len(differ)} results depend on the order, e.g. {differ[:3]}"
