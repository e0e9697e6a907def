"""Golden output: the JSON of assess() on the bundled caseloads, pinned by digest.

Performance work must not change what iizcore decides or writes. This test pins the
SHA-256 of each assessment's JSON (trace on; the first cases of each canton's bundled
synthetic caseload on their as-of date and on one more date). A change that is meant
to change results — a corrected rule, a new parameter value — updates the file:

    IIZ_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

and the diff of ``tests/fixtures/golden_assess.json`` shows which cases changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path

from iizcore import assess, load_canton
from iizcore.batch import _to_json
from iizcore.io.jsonl import read_jsonl
from iizcore.model import Case
from iizcore.report import bundled_caseload

GOLDEN = Path(__file__).parent / "fixtures" / "golden_assess.json"
CASES_PER_CANTON = 150
OTHER_DAY = date(2025, 3, 1)


def _digests() -> dict[str, str]:
    out: dict[str, str] = {}
    for code in ("BL", "ZH"):
        canton = load_canton(code)
        for n, case in enumerate(read_jsonl(bundled_caseload(code), Case), start=1):
            assert isinstance(case, Case)
            for key, day in ((case.as_of.isoformat(), None), (OTHER_DAY.isoformat(), OTHER_DAY)):
                text = _to_json(assess(case, canton, day, trace=True))
                out[f"{case.id}@{key}"] = hashlib.sha256(text.encode()).hexdigest()
            if n == CASES_PER_CANTON:
                break
    return out


def test_assessments_are_unchanged() -> None:
    found = _digests()
    if os.environ.get("IIZ_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert found.keys() == expected.keys()
    changed = sorted(k for k in found if found[k] != expected[k])
    assert not changed, (
        f"{len(changed)} assessments changed, e.g. {changed[:5]}; if intended, regenerate "
        "with IIZ_UPDATE_GOLDEN=1 (see the module docstring)"
    )
