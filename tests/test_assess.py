"""assess() end to end: federal determinations, the plan, the trace, costs; and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from iizcore import Case, dumps, load_canton, loads
from iizcore.assessment import Assessment, assess
from iizcore.cli import main
from iizcore.examples import case_files
from iizcore.model import InstitutionKind

EXAMPLES = {f.name: f for f in case_files()}


def _case(name: str) -> Case:
    return loads(EXAMPLES[name].read_bytes(), Case)


def _canton(name: str) -> str:
    return name[:2].upper()


def test_at_least_four_examples_for_bl_and_zh() -> None:
    assert len(EXAMPLES) >= 4
    assert {_canton(n) for n in EXAMPLES} == {"BL", "ZH"}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_example_assesses_and_serialises(name: str) -> None:
    case = _case(name)
    result = assess(case, _canton(name))
    assert isinstance(result, Assessment)
    assert result.on == case.as_of  # explicit data, never the clock
    assert result.determinations, "the federal rules ran"
    assert all(d.refs for d in result.determinations)
    assert result.plan.lead.institution in result.plan.participant_kinds
    data = json.loads(dumps(result))
    assert data["plan"]["case_id"] == case.id
    assert str(case.person.residence.bfs_municipality) not in json.dumps(data["plan"])


def test_back_injury_end_to_end() -> None:
    """The worked scenario through the real ALV and IV rules: ALV advances, IV is reported."""
    result = assess(_case("zh_back_injury.json"), "ZH")
    plan = result.plan
    assert plan.is_iiz_case
    assert plan.payments[0].institution is InstitutionKind.ALV_FUND
    assert plan.payments[0].role.value == "advance"
    assert plan.early_detection is not None
    assert plan.gain is not None and plan.gain.days_saved > 0
    assert result.costs is not None  # iizcore.costs.allocate_case is available


def test_trace_lists_rules_and_coordination_without_identifiers() -> None:
    case = _case("zh_back_injury.json")
    quiet = assess(case, load_canton("ZH"))
    traced = assess(case, load_canton("ZH"), trace=True)
    assert quiet.trace == ()
    rules = [s.rule for s in traced.trace]
    assert rules.index("coordination.triage") < rules.index("coordination.lead")
    assert rules.index("coordination.lead") < rules.index("coordination.payments")
    text = dumps(traced.trace)
    assert case.person.birth_date.isoformat() not in text
    assert traced.plan == quiet.plan


def test_assessment_on_another_date() -> None:
    case = _case("zh_back_injury.json")
    later = assess(case, "ZH", date(2025, 6, 1))
    assert later.on == later.plan.on == date(2025, 6, 1)


def test_cli_assess_prints_articles_and_the_plan(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    assert main(["assess", str(EXAMPLES["zh_back_injury.json"]), "--canton", "ZH"]) == 0
    out = capsys.readouterr().out
    assert "AVIG Art. 8" in out
    assert "ATSG Art. 70 Abs. 2 lit. b" in out
    assert "Runder Tisch" in out


def test_cli_assess_json_and_lang(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    path = str(EXAMPLES["bl_young_without_qualification.json"])
    assert main(["assess", path, "--canton", "BL", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["plan"]["lead"]["institution"] == "vocational_education"
    assert main(["assess", path, "--canton", "BL", "--lang", "fr"]) == 0
    assert "Conférence de cas" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("fmt", "marker"), [("mermaid", "gantt"), ("dot", "digraph"), ("json", '"payments"')]
)
def test_cli_plan_formats(fmt: str, marker: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(EXAMPLES["zh_back_injury.json"])
    assert main(["plan", path, "--canton", "ZH", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert marker in out
    if fmt == "mermaid":
        assert "Frühintervention" in out and "milestone" in out


def test_cli_bad_input_is_one_line_with_the_field_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(EXAMPLES["zh_back_injury.json"].read_text(encoding="utf-8"))
    data["person"]["birth_date"] = "31.02.1990"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["assess", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "person.birth_date" in err and "31.02.1990" not in err
    assert main(["plan", str(tmp_path / "missing.json")]) == 2
    assert main(["assess", str(EXAMPLES["zh_back_injury.json"]), "--on", "1.3.2025"]) == 2
