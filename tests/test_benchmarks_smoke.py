"""Smoke tests of ``benchmarks/``: the scripts run on tiny N, and OpenFisca agrees with iizcore.

No timing is asserted here — figures belong in ``benchmarks/README.md``, not in a test.
The OpenFisca tests are skipped when the optional ``bench`` extra is not installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import benchlib  # noqa: E402
import floors  # noqa: E402
import import_time  # noqa: E402
import latency  # noqa: E402
import run  # noqa: E402
import throughput  # noqa: E402


def test_benchmark_cases_are_the_bundled_caseload_cycled() -> None:
    """The benchmarks take the bundled synthetic caseload, cycled with fresh ids beyond it."""
    from iizcore.report.synthetic import SYNTHETIC_PREFIX

    bundled = benchlib.bundled_cases("BL")
    assert len(bundled) == 3000
    head = benchlib.load_cases("BL", 300)
    assert head == list(bundled[:300])
    assert all(c.id.startswith(SYNTHETIC_PREFIX) for c in head)
    # Cycling reuses the cases with fresh ids, so that a batch of any size is cheap to build.
    cycled = benchlib.load_cases("BL", 3500)
    assert len({c.id for c in cycled}) == 3500
    assert cycled[3000].person == bundled[0].person and cycled[3000].id != bundled[0].id
    assert {c.person.residence.canton for c in cycled} == {"BL"}


def test_percentile_by_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert benchlib.percentile(values, 50) in (50.0, 51.0)
    assert benchlib.percentile(values, 95) == 95.0
    assert benchlib.percentile(values, 100) == 100.0


def test_latency_runs_on_tiny_n() -> None:
    result = latency.run(n=20, repeat=1)
    assert set(result["cantons"]) == {"BL", "ZH"}
    for entry in result["cantons"].values():
        assert entry["trace"]["calls"] == 20
        assert entry["no_trace"]["calls"] == 20
        assert entry["unseen"]["calls"] == 20  # cases 21-40, never assessed before
    assert "unseen cases" in latency.render(result)


def test_latency_gc_freeze_is_undone() -> None:
    """``--gc-freeze`` freezes after the first pass and unfreezes before the next canton."""
    import gc

    before = gc.get_freeze_count()
    result = latency.run(n=10, repeat=1, cantons=("ZH",), gc_freeze=True)
    assert result["gc_freeze"] is True
    assert gc.get_freeze_count() == before
    for s in result["cantons"]["ZH"].values():
        if isinstance(s, dict):
            assert s["median_us"] <= s["max_us"]
    assert "max µs" in latency.render(result)


def test_throughput_streams_every_case(tmp_path: Path) -> None:
    source = tmp_path / "cases.jsonl"
    throughput.write_jsonl(source, 50, "ZH", base=20)
    lines = source.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 50
    assert lines[49].startswith('{"id": "c49"')
    # 20 distinct cases, cycled: line 20 is line 0 again but for the id.
    assert len({line.split(",", 1)[1] for line in lines}) == 20
    assert lines[20].split(",", 1)[1] == lines[0].split(",", 1)[1]
    result = throughput.run((30, 60), canton="ZH", base=40)
    assert [r["distinct"] for r in result["runs"]] == [30, 30, 40, 40]
    assert [(r["cases"], r["output"]) for r in result["runs"]] == [
        (30, "full"),
        (30, "summary"),
        (60, "full"),
        (60, "summary"),
    ]
    assert all(r["assessed"] == r["cases"] for r in result["runs"])
    full, summary = result["runs"][2:]
    assert summary["output_mb"] <= full["output_mb"]
    assert all(r["peak_rss_mb"] >= r["rss_before_mb"] > 0 for r in result["runs"])
    assert {r["gc"] for r in result["runs"]} == {"default"}
    tuned = throughput.run((30,), canton="ZH", outputs=("summary",), gc_tuned=True)
    assert [(r["gc"], r["assessed"]) for r in tuned["runs"]] == [("tuned", 30)]
    assert "tuned" in throughput.render(tuned)


def test_floors_count_the_objects_an_assessment_builds() -> None:
    """floors.py counts attrs instances per assess() and times each step of a batch line."""
    result = floors.run(612.0, cantons=("ZH",), quick=True)
    line = result["batch_line"]
    assert line["lines"] == 20 and line["budget_us"] == 100.0
    assert set(line["steps"]) == {"parse", "assess", "encode", "write"}
    # Without assess() a line can only be faster.
    assert line["lines_per_s_if_assess_were_free"] > line["lines_per_s"] > 0
    (entry,) = result["full_assessment"]
    assert entry["budget_us"] == 12.2  # 612 µs / 50
    classes = {c["class"]: c for c in entry["classes"]}
    # Every assessment builds its own Assessment, plan, cost allocation and rule context ...
    for name in (
        "iizcore.assessment.Assessment",
        "iizcore.coordination.plan.CoordinationPlan",
        "iizcore.costs.allocate.CostAllocation",
        "iizcore.law.determination.RuleContext",
    ):
        assert classes[name]["per_case"] == 1.0
        assert classes[name]["build_us"] > 0
    # ... and at least one determination of its own: objects are counted, not guessed.
    assert classes["iizcore.law.determination.Determination"]["per_case"] >= 1
    assert entry["objects_per_unseen_case"]["mean"] >= 5
    assert entry["object_build_us_per_case"] > 0
    # DataAccess is built only by grant_access: the benchmark does not rebuild it.
    if "iizcore.coordination.sharing.DataAccess" in classes:
        assert classes["iizcore.coordination.sharing.DataAccess"]["build_us"] is None
    assert "budget (OpenFisca / 50)" in floors.render(result)


def test_run_takes_the_floors_from_a_fresh_process() -> None:
    """run.py measures the floors in a process of its own (no memo of earlier cases)."""
    result = run.floors_in_new_process(None, quick=True)
    assert [e["canton"] for e in result["full_assessment"]] == ["BL", "ZH"]
    # Without an OpenFisca figure there is no 50x budget, and the table says so.
    assert all("budget_us" not in e for e in result["full_assessment"])
    assert result["batch_line"]["lines"] == 20
    assert "n/a" in floors.render(result)


def test_import_of_iizcore_pulls_in_no_heavy_module() -> None:
    result = import_time.run(repeat=1, cantons=("BL",))
    assert result["cantons"]["BL"]["heavy_modules_imported"] == []


@pytest.fixture(scope="module")
def compare():  # type: ignore[no-untyped-def]
    pytest.importorskip(
        "openfisca_core", reason="the bench extra (openfisca-core) is not installed"
    )
    import openfisca_compare

    return openfisca_compare


def test_openfisca_parameters_are_generated_from_the_toml(compare) -> None:  # type: ignore[no-untyped-def]
    from openfisca_iiz import generate_parameters as gen

    for name, document in gen.parameter_tree().items():
        on_disk = (gen.PARAMETERS_DIR / name).read_text(encoding="utf-8")
        assert on_disk == gen.render(document), f"{name} is stale: run generate_parameters.py"


def test_openfisca_agrees_with_iizcore_on_a_sample(compare) -> None:  # type: ignore[no-untyped-def]
    import iiz_subset

    persons = iiz_subset.generate_persons(2000, seed=17)
    iiz_subset.prepare(persons)
    result = compare.agreement(persons)
    assert result["mismatches"] == dict.fromkeys(compare.VARIABLES, 0), result["examples"]
    # The sample reaches every branch of AVIG Art. 27 that the subset encodes.
    days = {iiz_subset.iizcore_one(p).max_daily_allowances for p in persons}
    assert {0, 90, 200, 260, 400, 520, 640} <= days


def test_openfisca_one_person_matches_its_vectorised_run(compare) -> None:  # type: ignore[no-untyped-def]
    import iiz_subset

    persons = iiz_subset.generate_persons(30, seed=4, on=benchlib.DATES[-1])
    arrays = compare.openfisca_vector(persons, benchlib.DATES[-1])
    for i, p in enumerate(persons):
        one = compare.openfisca_one(p)
        assert one == (int(arrays[0][i]), float(arrays[1][i]), float(arrays[2][i]))
