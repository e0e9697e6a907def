"""assess() end to end: federal determinations, the plan, the trace, costs; and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from attrs import evolve

from iizcore import Case, InputError, dumps, load_canton, loads, structure, unstructure
from iizcore.assessment import Assessment, assess
from iizcore.cli import main
from iizcore.coordination import CoordinationPlan, DataAccess
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
    assert plan.early_detection is not None
    # No IV claim yet: the ALV pays now and advances from the IV registration on.
    assert [(s.institution, s.role.value, s.since) for s in plan.payments[:2]] == [
        (InstitutionKind.ALV_FUND, "primary", None),
        (InstitutionKind.ALV_FUND, "advance", plan.early_detection.due),
    ]
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


EXPECTED_IIZ = {
    "bl_single_responsibility.json": False,
    "bl_young_without_qualification.json": True,
    "bl_provisionally_admitted.json": True,
    "zh_back_injury.json": True,
    "zh_provisionally_admitted.json": True,
    "zh_revolving_door.json": True,
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_bundled_example_is_triaged_as_expected(name: str) -> None:
    """Triage of every bundled example through assess() in its own canton: only the case of a
    single clear responsibility is no IIZ case."""
    result = assess(_case(name))
    assert result.canton == _canton(name)
    assert result.is_iiz_case is EXPECTED_IIZ[name]


def test_assess_defaults_to_the_canton_of_residence_and_refuses_another() -> None:
    """Social assistance and the network are those of the canton of residence (ZUG Art. 12):
    the default canton is the person's; another one is an input error at the canton field."""
    case = _case("bl_young_without_qualification.json")
    assert assess(case).canton == "BL"
    with pytest.raises(InputError) as info:
        assess(case, "ZH")
    assert info.value.path == "person.residence.canton"
    assert info.value.reason == "the person lives in BL, not in ZH"


def test_a_municipality_outside_the_register_is_an_input_error_without_its_number() -> None:
    data = json.loads(EXAMPLES["zh_back_injury.json"].read_text(encoding="utf-8"))
    data["person"]["residence"]["bfs_municipality"] = 2829  # a BL municipality
    case = structure(data, Case)
    with pytest.raises(InputError) as info:
        assess(case)
    assert info.value.path == "person.residence.bfs_municipality"
    assert "2829" not in str(info.value)


def test_cli_plan_uses_the_case_canton(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --canton, `iiz plan` plans with the institutions of the person's canton."""
    path = str(EXAMPLES["bl_young_without_qualification.json"])
    assert main(["plan", path, "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["canton"] == "BL" and plan["lead"]["institution_id"] == "bl.bmh"
    assert main(["plan", path, "--canton", "ZH"]) == 2
    err = capsys.readouterr().err
    assert "person.residence.canton: the person lives in BL, not in ZH" in err
    assert "2762" not in err


def test_a_plan_printed_as_json_is_accepted_by_iiz_costs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`iiz plan --format json` output fed to `iiz costs`: the plan is read back without its
    data access (grants are only made from a case, by grant_access)."""
    path = str(EXAMPLES["zh_back_injury.json"])
    assert main(["plan", path, "--format", "json"]) == 0
    plan_json = json.loads(capsys.readouterr().out)
    assert plan_json["data_access"], "the example has grants to drop"
    plans = tmp_path / "plans.jsonl"
    plans.write_text(json.dumps(plan_json) + "\n", encoding="utf-8")
    assert main(["costs", str(plans), "--canton", "ZH", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["cases"] == 1


def test_a_plan_round_trips_through_json_without_its_grants() -> None:
    plan = assess(_case("zh_back_injury.json")).plan
    back = structure(unstructure(plan), CoordinationPlan)
    assert back.data_access == ()
    assert back == evolve(plan, data_access=())
    with pytest.raises(InputError, match="granted only by grant_access"):
        structure(unstructure(plan.data_access[0]), DataAccess)


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("de", "Wer zahlt zuerst"), ("fr", "Qui paie en premier"), ("en", "Who pays first")],
)
def test_plan_headings_follow_lang(
    lang: str, heading: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    assert main(["plan", str(EXAMPLES["zh_back_injury.json"]), "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert heading in out
    if lang != "en":
        assert "Who pays first" not in out and "Offers (in parallel)" not in out


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("iiz") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_cli_costs_and_report_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unreadable files, bytes that are not UTF-8, impossible option values: one line, status 2."""
    nonutf8 = tmp_path / "latin1.jsonl"
    nonutf8.write_bytes('{"case_id": "Zürich"}\n'.encode("latin-1"))
    assert main(["costs", "--canton", "BL", str(nonutf8)]) == 2
    assert "line 1" in _one_line_error(capsys)
    assert main(["costs", "--canton", "BL", str(tmp_path / "missing.jsonl")]) == 2
    assert "missing.jsonl" in _one_line_error(capsys)
    assert main(["costs", "--canton", "BL", str(tmp_path)]) == 2
    _one_line_error(capsys)
    with pytest.raises(SystemExit):  # argparse refuses the value itself
        main(["costs", "--canton", "BL", "--example", "--limit", "-1"])
    assert "--limit: must be at least 1" in capsys.readouterr().err
    assert main(["costs", "--canton", "BL", "--example", str(nonutf8)]) == 2
    assert "not both" in _one_line_error(capsys)
    assert main(["costs", "--canton", "BL", "--example", "--on", "20250301"]) == 2
    assert "--on: not a date (expected YYYY-MM-DD)" in _one_line_error(capsys)
    assert main(["report", "--canton", "BL", "--on", "20250301"]) == 2
    _one_line_error(capsys)
    assert main(["report", "--canton", "BL", "--out", str(tmp_path / "a" / "b" / "r.md")]) == 2
    assert "--out" in _one_line_error(capsys)
    assert not (tmp_path / "a").exists()  # a mistyped tree is not created


def test_cli_costs_limit_counts_documents(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["costs", "--canton", "BL", "--example", "--limit", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cases"] == 3


def test_cli_assess_missing_file_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.json"
    assert main(["assess", str(missing)]) == 2
    err = _one_line_error(capsys)
    assert str(missing) in err and "No such file" in err
