"""Compact summaries for whole-canton batches, and the orjson output encoder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from iizcore import assess, load_canton, unstructure
from iizcore.batch import _to_json, run_batch, summary_assessor
from iizcore.cli import main
from iizcore.io.jsonl import read_jsonl
from iizcore.law.determination import Outcome
from iizcore.model import Case
from iizcore.report import bundled_caseload
from iizcore.summary import AssessmentSummary, summarize
from iizcore.testing import strategies as iz


def _cases(n: int) -> list[Case]:
    out: list[Case] = []
    for case in read_jsonl(bundled_caseload("ZH"), Case):
        assert isinstance(case, Case)
        out.append(case)
        if len(out) == n:
            break
    return out


def test_summary_keeps_every_result_of_the_assessment() -> None:
    zh = load_canton("ZH")
    for case in _cases(40):
        full = assess(case, zh, case.as_of)
        s = summarize(full)
        assert isinstance(s, AssessmentSummary)
        assert (s.case_id, s.canton, s.on) == (full.case_id, full.canton, full.on)
        assert [d.rule for d in s.determinations] == [d.rule for d in full.determinations]
        for small, det in zip(s.determinations, full.determinations, strict=True):
            assert small.outcome is det.outcome
            assert small.reasons == tuple(r.code for r in det.reasons)
            assert set(small.unmet) == {r.code for r in det.reasons if r.met is False}
            # A not-eligible outcome names the unmet condition; an eligible one has none.
            if det.outcome is Outcome.NOT_ELIGIBLE:
                assert small.unmet
            if det.outcome is Outcome.ELIGIBLE:
                assert not small.unmet
            for a in det.amounts:
                assert small.amounts[a.name] == a.value
            for q in det.quantities:
                assert small.quantities[q.name] == q.value
        assert s.iiz_case is full.is_iiz_case
        assert s.lead is full.plan.lead.institution
        assert [p.institution for p in s.payments] == [p.institution for p in full.plan.payments]
        assert len(s.measures) == len(full.plan.measures)
        assert full.costs is not None and s.costs is not None
        assert s.costs.total == full.costs.total
        # Conservation: what the sources bear adds up to the total.
        assert sum(s.costs.by_source.values(), start=type(s.costs.total).zero()) == s.costs.total


def test_summary_is_much_smaller_and_holds_no_texts() -> None:
    zh = load_canton("ZH")
    case = _cases(1)[0]
    full = _to_json(assess(case, zh, case.as_of))
    small = _to_json(summarize(assess(case, zh, case.as_of)))
    assert len(small) * 4 < len(full)
    # Reason texts (German sentences) are left out; codes remain.
    assert "AVIG" in full and "AVIG" not in small
    assert "alv.entitlement" in small


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=iz.cases(canton="ZH"))
def test_orjson_output_equals_the_json_module(case: Case) -> None:
    """The batch encoder writes exactly what json.dumps(ensure_ascii=False) would."""
    result = assess(case, load_canton("ZH"), case.as_of, trace=True)
    expected = json.dumps(unstructure(result), ensure_ascii=False, separators=(",", ":"))
    assert _to_json(result) == expected
    expected = json.dumps(unstructure(summarize(result)), ensure_ascii=False, separators=(",", ":"))
    assert _to_json(summarize(result)) == expected


def test_batch_writes_summaries(tmp_path: Path) -> None:
    source = tmp_path / "cases.jsonl"
    source.write_text(
        "".join(json.dumps(unstructure(c)) + "\n" for c in _cases(30)) + "not json\n",
        encoding="utf-8",
    )
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    summary = run_batch(source, out, rejects, "ZH", assess=summary_assessor)
    assert (summary.read, summary.assessed, summary.rejected) == (31, 30, 1)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["case_id"] for d in lines] == [c.id for c in _cases(30)]
    assert all("determinations" in d and "reason" not in d for d in lines)


def test_cli_output_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cases.jsonl"
    source.write_text(
        "".join(json.dumps(unstructure(c)) + "\n" for c in _cases(5)), encoding="utf-8"
    )
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    args = ["assess", "--canton", "ZH", "--jsonl", str(source), "--out", str(out)]
    assert main([*args, "--rejects", str(rejects), "--output", "summary"]) == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(first) >= {"case_id", "determinations", "iiz_case", "lead", "costs"}
    # --output without --jsonl is a usage error, not a traceback.
    assert main(["assess", "--output", "summary", str(source)]) != 0
