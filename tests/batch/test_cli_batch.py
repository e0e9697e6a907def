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
