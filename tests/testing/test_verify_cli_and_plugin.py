"""``iiz verify`` and the pytest plugin (fixtures ``iiz_strategies``, ``iiz_verify``, ``iiz_canton``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iizcore.cli import main
from iizcore.hooks import CantonRegistry
from tests.fixtures.broken_plugin import NonMonotonicParameters

pytest_plugins = ("pytester",)


def _registry_with_broken() -> CantonRegistry:
    registry = CantonRegistry(discover=False)
    registry.register(NonMonotonicParameters(), name="iizcore-xb-broken")
    return registry


def test_verify_passes_for_bl(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        ["verify", "--canton", "BL", "--examples", "20", "--only", "totality", "--only", "consent"]
    )
    out = capsys.readouterr().out
    assert status == 0, out
    assert "totality" in out and "consent" in out and "passed" in out
    assert "2 of 2 invariants hold" in out


def test_verify_fails_for_the_broken_plugin_with_a_masked_counterexample(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("iizcore.cli.verify.default_registry", _registry_with_broken)
    status = main(
        ["verify", "--canton", "XB", "--examples", "300", "--seed", "1",
         "--only", "alv_monotonic", "--only", "consent"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status == 1
    assert "alv_monotonic violated" in out
    assert "Shrunk counterexample" in out
    assert "value fell from 260 to 200" in out
    assert "1 of 2 invariants hold" in out
    assert '"bfs_municipality": "***"' in out
    assert '"birth_date": "*** (age' in out


def test_verify_json_output(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("iizcore.cli.verify.default_registry", _registry_with_broken)
    status = main(
        ["verify", "--canton", "XB", "--examples", "300", "--seed", "1", "--only", "alv_monotonic",
         "--json"]
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert status == 1 and data["passed"] is False
    (row,) = data["invariants"]
    assert row["name"] == "alv_monotonic" and row["result"] == "failed"
    assert "AVIG Art. 27 Abs. 2" in row["refs"]
    assert row["counterexample"][0]["person"]["residence"]["bfs_municipality"] == "***"


def test_verify_refuses_unknown_invariants(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--canton", "BL", "--only", "nonsense"]) == 2
    assert "unknown invariant" in capsys.readouterr().out


def test_verify_unknown_canton_is_a_plugin_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--canton", "QQ"]) == 2
    assert "no plugin provides canton" in capsys.readouterr().err


def test_pytest_plugin_fixtures_for_a_canton_suite(pytester: pytest.Pytester) -> None:
    """A canton's own test suite: strategies as a fixture, the whole suite in one test."""
    pytester.makepyfile(
        test_canton="""
        from hypothesis import given, settings

        from iizcore.hooks import CantonRegistry
        from tests.fixtures.broken_plugin import NonMonotonicParameters


        def test_strategies_fixture(iiz_strategies):
            @settings(max_examples=10)
            @given(iiz_strategies.cases(canton="BL"))
            def check(case):
                assert case.person.residence.canton == "BL"

            check()


        def test_broken_canton_fails_the_suite(iiz_verify):
            canton = CantonRegistry(discover=False).register(NonMonotonicParameters())
            iiz_verify(canton, examples=300, seed=1, only=("alv_monotonic",))


        def test_given_canton(iiz_canton, iiz_verify):
            results = iiz_verify(iiz_canton, examples=10, only=("totality",))
            assert results[0].passed
        """
    )
    pytester.syspathinsert(str(Path(__file__).resolve().parents[2]))
    result = pytester.runpytest("-p", "no:cacheprovider", "--iiz-canton", "ZH")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*invariant 'alv_monotonic' violated for canton XB*"])
    skipped = pytester.runpytest("-p", "no:cacheprovider", "-k", "given_canton")
    skipped.assert_outcomes(skipped=1)
