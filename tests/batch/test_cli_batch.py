"""``iiz assess --jsonl FILE --out FILE --rejects FILE [--resume]``: the summary balances."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iizcore.cli import main


def test_cli_batch_summary(
    tmp_path: Path, case_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "cases.jsonl"
    src.write_text(
        json.dumps(case_data) + "\n" + "{not json\n" + json.dumps(dict(case_data, id="c2"))[:-9]
    )
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    args = ["assess", "--jsonl", str(src), "--out", str(out), "--rejects", str(rej)]
    status = main([*args, "--canton", "ZH"])
    printed = capsys.readouterr().out
    assert "read 3 = assessed 1 + rejected 2" in printed
    assert status == 1
    assert len(out.read_text().splitlines()) == 1
    assert [json.loads(x)["line"] for x in rej.read_text().splitlines()] == [2, 3]
    # Resuming a finished run (no checkpoint left) runs again to the same files.
    assert main([*args, "--resume"]) == 1
    assert "read 3 = assessed 1 + rejected 2" in capsys.readouterr().out


def test_cli_batch_needs_all_three_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["assess", "--jsonl", str(tmp_path / "x.jsonl")]) == 2
    assert "--out FILE and --rejects FILE" in capsys.readouterr().err


def test_cli_batch_misuse_is_one_line_without_document_prefix(
    tmp_path: Path, case_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "cases.jsonl"
    src.write_text(json.dumps(case_data) + "\n", encoding="utf-8")
    case = tmp_path / "case.json"
    case.write_text(json.dumps(case_data), encoding="utf-8")
    out, rej = str(tmp_path / "o.jsonl"), str(tmp_path / "r.jsonl")
    both = ["assess", str(case), "--jsonl", str(src), "--out", out, "--rejects", rej]
    assert main(both) == 2
    err = capsys.readouterr().err
    assert "not both" in err and "<document>" not in err and err.count("\n") == 1
    assert main(["assess", str(case), "--out", out]) == 2
    assert "batch option" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["missing", "dir"])
def test_cli_batch_unreadable_input_is_one_line(
    tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "missing.jsonl" if target == "missing" else tmp_path
    args = ["assess", "--jsonl", str(src), "--out", str(tmp_path / "o.jsonl")]
    assert main([*args, "--rejects", str(tmp_path / "r.jsonl"), "--canton", "ZH"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("iiz: error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert str(src) in err


def test_cli_batch_unwritable_output_is_one_line(
    tmp_path: Path, case_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "cases.jsonl"
    src.write_text(json.dumps(case_data) + "\n", encoding="utf-8")
    bad = tmp_path / "nowhere" / "o.jsonl"
    args = ["assess", "--jsonl", str(src), "--out", str(bad), "--rejects", str(tmp_path / "r")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("iiz: error: ") and err.count("\n") == 1


def test_cli_batch_unknown_canton_writes_nothing(
    tmp_path: Path, case_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "cases.jsonl"
    src.write_text((json.dumps(case_data) + "\n") * 3, encoding="utf-8")
    out, rej = tmp_path / "o.jsonl", tmp_path / "r.jsonl"
    args = ["assess", "--jsonl", str(src), "--out", str(out), "--rejects", str(rej)]
    assert main([*args, "--canton", "XX"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert not out.exists() and not rej.exists()


def test_cli_batch_refuses_to_restart_over_a_checkpoint(
    tmp_path: Path, case_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "cases.jsonl"
    src.write_text(json.dumps(case_data) + "\n", encoding="utf-8")
    out, rej = tmp_path / "o.jsonl", tmp_path / "r.jsonl"
    (tmp_path / "o.jsonl.checkpoint").write_text("{}", encoding="utf-8")
    args = ["assess", "--jsonl", str(src), "--out", str(out), "--rejects", str(rej)]
    assert main(args) == 2
    assert "--resume" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0
