"""The batch's JSON encoding: the same bytes as ``orjson.dumps(unstructure(x))``, encoded once.

The batch encodes shared result objects once and embeds them as ``orjson.Fragment``
(``iizcore.batch._encoder``); these tests hold it to the plain encoding byte for byte,
on real assessments of both bundled caseloads, with and without trace, on summaries,
past the caches' bound and in worker processes.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import attrs
import orjson
import pytest

from iizcore import assess, load_canton, unstructure
from iizcore.batch import (
    _encoded_types,
    _to_json,
    _to_json_bytes,
    assess_line,
    run_batch,
    summary_assessor,
)
from iizcore.io.convert import fragment_converter
from iizcore.io.jsonl import RawLine
from iizcore.model import Case
from iizcore.summary import summarize
from tests.conftest import first_bundled_cases

CASES_PER_CANTON = 150
OTHER_DAY = date(2025, 3, 1)


@functools.cache
def _cases(code: str, n: int = CASES_PER_CANTON) -> tuple[Case, ...]:
    return first_bundled_cases(code, n)


def _results(code: str, trace: bool) -> list[object]:
    canton = load_canton(code)
    out: list[object] = []
    for i, case in enumerate(_cases(code)):
        result = assess(case, canton, OTHER_DAY if i % 3 == 0 else None, trace=trace)
        out.extend((result, summarize(result)))
    return out


@pytest.mark.parametrize("trace", [False, True], ids=["plain", "trace"])
@pytest.mark.parametrize("code", ["BL", "ZH"])
def test_batch_encoding_equals_orjson_of_unstructure(code: str, trace: bool) -> None:
    """Assessments and their summaries: shared objects encoded once, same bytes."""
    # Twice over the same results: the second pass reads every shared object from the caches.
    results = _results(code, trace)
    for _ in range(2):
        for result in results:
            expected = orjson.dumps(unstructure(result))
            assert _to_json_bytes(result) == expected
            assert _to_json(result) == expected.decode()


def test_encoding_past_the_cache_bound_is_unchanged() -> None:
    """Caches of two entries are emptied again and again: the output stays the same."""
    encode = fragment_converter(_encoded_types(), max_entries=2).unstructure
    for code in ("BL", "ZH"):
        for result in _results(code, trace=False):
            assert orjson.dumps(encode(result)) == orjson.dumps(unstructure(result))


def test_unstructure_still_returns_plain_data() -> None:
    """The fragments are the batch encoder's alone: ``unstructure`` stays plain data."""
    result = assess(_cases("ZH")[0], load_canton("ZH"), None)
    _to_json_bytes(result)  # fills the batch encoder's caches
    data = unstructure(result)
    text = orjson.dumps(data)
    assert orjson.loads(text) == data  # only dicts, lists, strings, numbers, bools, None


@pytest.mark.parametrize("cls", _encoded_types(), ids=lambda cls: cls.__name__)
def test_only_frozen_types_are_encoded_once(cls: type) -> None:
    """A cached encoding must never go stale: every cached type is a frozen attrs class."""
    assert attrs.has(cls)
    assert cls.__setattr__ is not object.__setattr__
    assert cls.__setattr__.__name__ == "_frozen_setattrs"


def test_assess_line_output_is_the_batch_encoding() -> None:
    """The public ``LineResult.output`` (str) is the line the batch writes, decoded."""
    data = orjson.dumps(unstructure(_cases("ZH")[0])) + b"\n"
    line = assess_line(RawLine(1, data, len(data)), "ZH")
    assert line.rejection is None and line.output is not None
    case = _cases("ZH")[0]
    assert line.output == _to_json(assess(case, load_canton("ZH"), None))


def test_worker_processes_write_the_same_bytes(tmp_path: Path) -> None:
    """A process pool encodes in its workers (own caches) the same lines as one process."""
    source = tmp_path / "cases.jsonl"
    cases = _cases("ZH", 24)
    source.write_bytes(b"".join(orjson.dumps(unstructure(c)) + b"\n" for c in cases))
    outputs: list[bytes] = []
    for workers, assessor in ((1, None), (2, None), (1, summary_assessor), (2, summary_assessor)):
        out, rej = tmp_path / f"out{len(outputs)}", tmp_path / f"rej{len(outputs)}"
        run_batch(source, out, rej, "ZH", workers=workers, chunk_size=5, assess=assessor)
        assert rej.read_bytes() == b""
        outputs.append(out.read_bytes())
    canton = load_canton("ZH")
    full = b"".join(orjson.dumps(unstructure(assess(c, canton, None))) + b"\n" for c in cases)
    assert outputs[0] == outputs[1] == full
    assert outputs[2] == outputs[3]
    assert outputs[2].count(b"\n") == len(cases)
