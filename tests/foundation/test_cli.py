"""The foundation's CLI: iiz cantons, iiz network, iiz schema; errors without tracebacks."""

from __future__ import annotations

import json

import pytest

from iizcore.cli import main


def test_cantons_lists_bl_and_zh(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cantons", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    codes = {c["code"]: c for c in data["cantons"]}
    assert {"BL", "ZH"} <= set(codes)
    assert codes["ZH"]["plugin"] == "iizcore-zh"
    assert codes["ZH"]["hook_api_version"] == data["hook_api_version"] == 1


def test_cantons_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cantons"]) == 0
    out = capsys.readouterr().out
    assert "iizcore-bl" in out and "iizcore-zh" in out


@pytest.mark.parametrize("fmt", ["table", "json", "mermaid", "dot"])
def test_network_formats(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["network", "ZH", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        data = json.loads(out)
        assert data["canton"] == "ZH" and len(data["municipalities"]) == 160
    elif fmt == "mermaid":
        assert out.startswith("flowchart LR") and "zh_iiz_office ---" in out
    elif fmt == "dot":
        assert out.startswith('graph "IIZ ZH"') and out.rstrip().endswith("}")
    else:
        assert "Amt für Arbeit" in out and "Leistungskoordination" in out


def test_schema_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "case"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Case" and "Person" in schema["$defs"]


def test_unknown_canton_is_one_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["network", "XX"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("iiz: error:") and "Traceback" not in err and err.count("\n") == 1
