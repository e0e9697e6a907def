"""Batch runs: every line accounted for, resumable without duplicates, ordered on a pool."""

from __future__ import annotations

import concurrent.futures
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iizcore import InputError, PluginError, RuleError, unstructure
from iizcore.batch import BatchSummary, checkpoint_path, run_batch
from iizcore.model import Case
from iizcore.testing import strategies as iz
from tests.conftest import VALID_AHV


def fake_assess(case: Case, canton: str, on: date | None) -> dict[str, Any]:
    """A deterministic stand-in for assess(): module-level, so process pools can pickle it."""
    if case.id.startswith("rule-fails"):
        raise RuleError("the rule cannot decide: placeability unknown")
    if case.id.startswith("bug"):
        raise ZeroDivisionError(case.person.name or "x")
    return {"case_id": case.id, "canton": canton, "on": (on or case.as_of).isoformat()}


class Interrupt(BaseException):
    """Stands for a crash or Ctrl-C in the middle of a run."""


_STOP_AT: dict[str, int] = {}


def interrupting_assess(case: Case, canton: str, on: date | None) -> dict[str, Any]:
    if case.id == f"case-{_STOP_AT.get('n', -1)}":
        raise Interrupt
    return fake_assess(case, canton, on)


def _line(data: dict[str, Any], case_id: str) -> str:
    return json.dumps(dict(data, id=case_id))


@pytest.fixture
def mixed(tmp_path: Path, case_data: dict[str, Any]) -> Path:
    """Good lines, malformed JSON, an invalid field, a blank line, a failing rule, a bug, and a
    truncated last line."""
    bad_field = dict(case_data, person=dict(case_data["person"], birth_date="17.05.1980"))
    lines = [
        _line(case_data, "case-1"),
        '{"id": "case-2", "person": ',
        _line(bad_field, "case-3"),
        "",
        _line(case_data, "case-5"),
        _line(case_data, "rule-fails-6"),
        _line(case_data, "bug-7"),
        "[1, 2",
        _line(case_data, "case-9"),
    ]
    text = "\n".join(lines) + "\n" + _line(case_data, "case-10")[:-20]  # cut off, no newline
    path = tmp_path / "cases.jsonl"
    path.write_text(text, encoding="utf-8")
    return path


def _run(src: Path, tmp: Path, name: str, **kw: Any) -> tuple[BatchSummary, str, str]:
    out, rej = tmp / f"{name}.jsonl", tmp / f"{name}.rejects.jsonl"
    summary = run_batch(src, out, rej, "ZH", assess=kw.pop("assess", fake_assess), **kw)
    return summary, out.read_text(encoding="utf-8"), rej.read_text(encoding="utf-8")


def test_every_line_is_accounted_for(mixed: Path, tmp_path: Path) -> None:
    summary, out, rej = _run(mixed, tmp_path, "a", chunk_size=3)
    assert summary == BatchSummary(read=9, assessed=3, rejected=6, blank=1)
    assert summary.read == summary.assessed + summary.rejected
    assert [json.loads(x)["case_id"] for x in out.splitlines()] == ["case-1", "case-5", "case-9"]
    rejects = [json.loads(x) for x in rej.splitlines()]
    assert [r["line"] for r in rejects] == [2, 3, 6, 7, 8, 10]
    by_line = {r["line"]: r for r in rejects}
    assert by_line[2]["path"] == "" and "not valid JSON" in by_line[2]["reason"]
    assert by_line[3]["path"] == "person.birth_date" and by_line[3]["error"] == "input"
    assert by_line[6]["error"] == "rule" and "placeability" in by_line[6]["reason"]
    assert by_line[7]["error"] == "internal" and "ZeroDivisionError" in by_line[7]["reason"]
    assert by_line[10]["reason"].startswith("truncated last line")
    assert not checkpoint_path(tmp_path / "a.jsonl").exists()


def test_rejects_never_hold_personal_data(mixed: Path, tmp_path: Path) -> None:
    _, _, rej = _run(mixed, tmp_path, "a")
    for secret in ("Erika", "Muster", VALID_AHV, "1980-05-17", "17.05.1980", "261", "case-"):
        assert secret not in rej


def test_interrupted_run_resumes_to_the_same_output(mixed: Path, tmp_path: Path) -> None:
    """Stopped at line 9 after chunks were written, with a half-written line left behind."""
    full = _run(mixed, tmp_path, "full", chunk_size=2)
    _STOP_AT["n"] = 9
    try:
        with pytest.raises(Interrupt):
            _run(mixed, tmp_path, "cut", chunk_size=2, assess=interrupting_assess)
    finally:
        _STOP_AT.clear()
    out, rej = tmp_path / "cut.jsonl", tmp_path / "cut.rejects.jsonl"
    assert checkpoint_path(out).exists()
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"case_id": "case-9", "can')  # a crash in the middle of a write
    with rej.open("a", encoding="utf-8") as handle:
        handle.write('{"line": 8')
    resumed = _run(mixed, tmp_path, "cut", chunk_size=2, resume=True)
    assert resumed[1:] == full[1:]
    assert attrs_counts(resumed[0]) == attrs_counts(full[0])
    assert resumed[0].resumed_at > 0


def attrs_counts(s: BatchSummary) -> tuple[int, int, int, int]:
    return (s.read, s.assessed, s.rejected, s.blank)


def test_resume_without_checkpoint_starts_over(mixed: Path, tmp_path: Path) -> None:
    full = _run(mixed, tmp_path, "full")
    (tmp_path / "again.jsonl").write_text("stale\n")
    again = _run(mixed, tmp_path, "again", resume=True)
    assert again == full


def test_resume_refuses_a_changed_input_or_canton(mixed: Path, tmp_path: Path) -> None:
    _STOP_AT["n"] = 9
    try:
        with pytest.raises(Interrupt):
            _run(mixed, tmp_path, "cut", chunk_size=2, assess=interrupting_assess)
    finally:
        _STOP_AT.clear()
    out, rej = tmp_path / "cut.jsonl", tmp_path / "cut.rejects.jsonl"
    with pytest.raises(InputError, match="another canton"):
        run_batch(mixed, out, rej, "BL", resume=True, assess=fake_assess)
    mixed.write_text("{}\n" + mixed.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="changed"):
        run_batch(mixed, out, rej, "ZH", resume=True, assess=fake_assess)


def test_process_pool_keeps_input_order(mixed: Path, tmp_path: Path) -> None:
    one = _run(mixed, tmp_path, "one", chunk_size=1)
    pool = _run(mixed, tmp_path, "pool", chunk_size=1, workers=3)
    assert pool == one
    with concurrent.futures.ThreadPoolExecutor(2) as executor:
        other = _run(mixed, tmp_path, "ex", chunk_size=2, executor=executor, workers=2)
    assert other == one


def test_over_long_line_is_rejected_and_reading_goes_on(
    tmp_path: Path, case_data: dict[str, Any]
) -> None:
    src = tmp_path / "in-long.jsonl"
    long = json.dumps(dict(case_data, id="x" * 5000))
    src.write_text(f"{_line(case_data, 'case-1')}\n{long}\n{_line(case_data, 'case-3')}\n")
    summary, _, rej = _run(src, tmp_path, "long", max_line_bytes=2000)
    assert (summary.read, summary.assessed, summary.rejected) == (3, 2, 1)
    assert json.loads(rej)["line"] == 2 and "too long" in json.loads(rej)["reason"]


def test_progress_reports_bytes_and_counts(mixed: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    _run(mixed, tmp_path, "p", chunk_size=4, progress=lambda done, s: seen.append((done, s.read)))
    assert seen[-1] == (mixed.stat().st_size, 9)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_default_assessor_is_iizcore_assess(tmp_path: Path, case_data: dict[str, Any]) -> None:
    """With the real assess(): the output line is the Assessment's JSON."""
    from iizcore.assessment import assess
    from iizcore.io import structure

    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps(case_data) + "\n")
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    summary = run_batch(src, out, rej, "ZH")
    assert summary.read == summary.assessed + summary.rejected == 1
    expected = unstructure(assess(structure(case_data, Case), "ZH"))
    if summary.assessed:
        assert json.loads(out.read_text()) == json.loads(json.dumps(expected))


_cases = st.lists(iz.cases(), min_size=1, max_size=8)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cases=_cases,
    garbage=st.lists(st.text(max_size=30), max_size=4),
    chunk=st.integers(1, 4),
    cut=st.data(),
)
def test_property_resume_equals_uninterrupted(
    tmp_path_factory: pytest.TempPathFactory,
    cases: list[Case],
    garbage: list[str],
    chunk: int,
    cut: st.DataObject,
) -> None:
    """For any mix of good and bad lines, any chunk size and any interruption point, the resumed
    run writes exactly what an uninterrupted run writes, and read = assessed + rejected."""
    tmp = tmp_path_factory.mktemp("prop")
    lines = [json.dumps(dict(unstructure(c), id=f"case-{i}")) for i, c in enumerate(cases)]
    lines += [g.replace("\n", " ") for g in garbage]
    order = cut.draw(st.permutations(lines))
    src = tmp / "in.jsonl"
    src.write_text("\n".join(order) + "\n", encoding="utf-8")
    full = _run(src, tmp, "full", chunk_size=chunk)
    assert full[0].read == full[0].assessed + full[0].rejected
    _STOP_AT["n"] = cut.draw(st.integers(0, len(cases) - 1))
    try:
        with pytest.raises(Interrupt):
            _run(src, tmp, "cut", chunk_size=chunk, assess=interrupting_assess)
    finally:
        _STOP_AT.clear()
    resumed = _run(src, tmp, "cut", chunk_size=chunk, resume=True)
    assert resumed[1:] == full[1:]
    assert attrs_counts(resumed[0]) == attrs_counts(full[0])


def test_output_may_not_overwrite_the_input(mixed: Path) -> None:
    with pytest.raises(InputError, match="three different files"):
        run_batch(mixed, mixed, mixed.with_suffix(".rej"), "ZH", assess=fake_assess)


def test_a_fresh_run_refuses_to_wipe_an_interrupted_run(mixed: Path, tmp_path: Path) -> None:
    """Forgetting --resume after an interruption must not truncate the finished work: the run
    refuses while a checkpoint exists; force=True starts afresh."""
    _STOP_AT["n"] = 9
    try:
        with pytest.raises(Interrupt):
            _run(mixed, tmp_path, "cut", chunk_size=2, assess=interrupting_assess)
    finally:
        _STOP_AT.clear()
    out = tmp_path / "cut.jsonl"
    done = out.read_bytes()
    assert done and checkpoint_path(out).exists()
    with pytest.raises(InputError, match="resume") as info:
        _run(mixed, tmp_path, "cut", chunk_size=2)
    assert info.value.path == "checkpoint"
    assert out.read_bytes() == done  # nothing truncated
    forced = _run(mixed, tmp_path, "cut", chunk_size=2, force=True)
    assert forced[0].resumed_at == 0 and forced[0].read == 9
    assert not checkpoint_path(out).exists()


def test_an_unknown_canton_fails_before_any_file_is_touched(mixed: Path, tmp_path: Path) -> None:
    """With the default assessor the canton is loaded once, before the output is opened: one
    error instead of one rejection per line."""
    out, rej = tmp_path / "o.jsonl", tmp_path / "r.jsonl"
    with pytest.raises(PluginError):
        run_batch(mixed, out, rej, "XX")
    assert not out.exists() and not rej.exists()


def test_without_a_canton_each_case_is_assessed_in_its_own(
    tmp_path: Path, case_data: dict[str, Any]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(case_data) + "\n", encoding="utf-8")
    out, rej = tmp_path / "o.jsonl", tmp_path / "r.jsonl"
    summary = run_batch(src, out, rej, None, assess=fake_assess)
    assert summary.assessed == 1
    assert json.loads(out.read_text())["canton"] == case_data["person"]["residence"]["canton"]
