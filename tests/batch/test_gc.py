"""Garbage collection in batches: no reference cycles per line, and ``tuned_gc``."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import iizcore.batch
from iizcore.batch import BATCH_GC_THRESHOLDS, evaluate_line, tuned_gc
from iizcore.cli import main
from iizcore.io.jsonl import RawLine


@pytest.fixture
def collector_off() -> Iterator[None]:
    """The automatic collector off for the test (what it finds is counted by hand)."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _bad_lines(case_data: dict[str, Any]) -> list[bytes]:
    person = case_data["person"]
    return [
        b'{"id": "x", "person": 3}',  # wrong type, missing field
        b"{not json",
        json.dumps(dict(case_data, as_of="2024-13-01")).encode(),
        json.dumps(dict(case_data, person=dict(person, sex="unknown"))).encode(),
        json.dumps(dict(case_data, history=[{"institution": "nowhere"}])).encode(),
        json.dumps(dict(case_data, history=[7, 8])).encode(),
        json.dumps(dict(case_data, as_of="2024-01-01") | {"extra": [1, 2]}).encode(),
    ]


def test_rejected_lines_leave_no_reference_cycles(
    case_data: dict[str, Any], collector_off: None
) -> None:
    """A rejected line is freed at once (its 4 MB of input must not wait for the collector).

    cattrs keeps each field's error in a list its frames hold, and each error's
    traceback holds those frames; ``structure`` clears them once the messages are read.
    """
    lines = [*_bad_lines(case_data), json.dumps(case_data).encode()]
    raws = [RawLine(i + 1, data, 0) for i, data in enumerate(lines)]
    for raw in raws:  # first use: hooks, caches and their closures are built
        evaluate_line(raw, "ZH")
    gc.collect()
    results = [evaluate_line(raw, "ZH") for raw in raws for _ in range(20)]
    rejected = [r for r in results if isinstance(r, iizcore.batch.Rejection)]
    assert len(rejected) == 20 * 7  # every bad line rejected, the valid one assessed
    assert gc.collect() == 0


def test_tuned_gc_raises_the_thresholds_and_restores_them() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with tuned_gc():
            assert gc.get_threshold() == BATCH_GC_THRESHOLDS
        assert gc.get_threshold() == (700, 10, 10)
        # Never lowered: a host's higher threshold stays.
        gc.set_threshold(100_000, 5, 500)
        with tuned_gc():
            assert gc.get_threshold() == (100_000, 20, 500)
        assert gc.get_threshold() == (100_000, 5, 500)
        # Restored when the block raises, too.
        with pytest.raises(RuntimeError), tuned_gc((1000, 1000, 1000)):
            raise RuntimeError
        assert gc.get_threshold() == (100_000, 5, 500)
    finally:
        gc.set_threshold(*before)


def test_tuned_gc_blocks_may_overlap() -> None:
    """Two batches in two threads: blocks end in any order, the first thresholds come back."""
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        first, second = tuned_gc(), tuned_gc((60_000, 20, 100))
        first.__enter__()
        second.__enter__()
        assert gc.get_threshold() == (60_000, 20, 100)
        first.__exit__(None, None, None)  # the first block ends before the second
        assert gc.get_threshold() == (60_000, 20, 100)
        second.__exit__(None, None, None)
        assert gc.get_threshold() == (700, 10, 10)

        seen: list[tuple[int, int, int]] = []
        entered = threading.Barrier(2)

        def batch() -> None:
            with tuned_gc():
                entered.wait()
                seen.append(gc.get_threshold())
                entered.wait()

        threads = [threading.Thread(target=batch) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert seen == [BATCH_GC_THRESHOLDS, BATCH_GC_THRESHOLDS]
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_cli_batch_runs_with_tuned_gc(
    tmp_path: Path,
    case_data: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``iiz assess --jsonl`` owns its process: its batch runs with the raised thresholds."""
    seen: list[tuple[int, int, int]] = []
    original = iizcore.batch.run_batch_with_progress

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold())
        return original(*args, **kwargs)

    monkeypatch.setattr(iizcore.batch, "run_batch_with_progress", spy)
    src = tmp_path / "cases.jsonl"
    src.write_text(json.dumps(case_data) + "\n", encoding="utf-8")
    before = gc.get_threshold()
    args = ["assess", "--jsonl", str(src), "--out", str(tmp_path / "o.jsonl")]
    assert main([*args, "--rejects", str(tmp_path / "r.jsonl"), "--canton", "ZH"]) == 0
    assert "read 1 = assessed 1 + rejected 0" in capsys.readouterr().out
    assert seen and all(a >= b for a, b in zip(seen[0], BATCH_GC_THRESHOLDS, strict=True))
    assert gc.get_threshold() == before


def test_the_callers_exception_keeps_its_traceback() -> None:
    """Called while the caller handles an exception, ``structure`` leaves that one alone."""
    from iizcore.errors import InputError
    from iizcore.io import structure
    from iizcore.model import Case

    def fail() -> None:
        marker = "the caller's local"  # noqa: F841 - must survive in the frame
        raise KeyError("caller")

    try:
        fail()
    except KeyError as handled:
        with pytest.raises(InputError):
            structure({"id": "x", "person": 3}, Case)
        tb = handled.__traceback__
        assert tb is not None and tb.tb_next is not None
        assert tb.tb_next.tb_frame.f_locals.get("marker") == "the caller's local"
