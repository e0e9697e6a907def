"""The iizcore pytest plugin (entry point ``pytest11``): strategies and the invariant suite as fixtures.

Installed with iizcore, it is active in every pytest run but imports nothing
heavy until a fixture is used. A canton's test suite gets:

- ``iiz_strategies``: the module :mod:`iizcore.testing.strategies`;
- ``iiz_canton``: the canton named by ``--iiz-canton`` (skips the test when
  the option is not given);
- ``iiz_verify``: a function ``iiz_verify(canton, examples=100, seed=0)``
  that runs every invariant of :mod:`iizcore.testing.invariants` against
  ``canton`` and fails the test with the masked counterexamples.

A canton plugin proves the federal invariants in one test::

    def test_federal_invariants(iiz_verify):
        from iizcore.hooks import load_canton
        iiz_verify(load_canton("BL"), examples=200)
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from iizcore.hooks import Canton

__all__ = ["pytest_addoption"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--iiz-canton`` (the canton the ``iiz_canton`` fixture loads)."""
    group = parser.getgroup("iizcore", "iizcore canton plugin verification")
    group.addoption(
        "--iiz-canton",
        action="store",
        default=None,
        metavar="CODE",
        help="canton code (e.g. BL) for the iiz_canton fixture",
    )


@pytest.fixture
def iiz_strategies() -> ModuleType:
    """The public hypothesis strategies, :mod:`iizcore.testing.strategies`."""
    from iizcore.testing import strategies

    return strategies


@pytest.fixture
def iiz_canton(request: pytest.FixtureRequest) -> Canton:
    """The installed canton given with ``--iiz-canton``; the test is skipped without it."""
    code = request.config.getoption("--iiz-canton")
    if not code:
        pytest.skip("no canton given (--iiz-canton CODE)")
    from iizcore.hooks import load_canton

    return load_canton(str(code))


@pytest.fixture
def iiz_verify() -> Callable[..., Any]:
    """A function that runs the whole invariant suite against a canton and fails on a violation.

    ``iiz_verify(canton, examples=100, seed=0, only=None)`` returns the list
    of :class:`~iizcore.testing.invariants.InvariantResult`; on a violation it
    calls :func:`pytest.fail` with every failing invariant and its masked,
    shrunk counterexample.
    """
    from iizcore.testing.invariants import format_failures, verify

    def run(
        canton: Canton, examples: int = 100, seed: int = 0, only: tuple[str, ...] | None = None
    ) -> Any:
        results = verify(canton, examples=examples, seed=seed, only=only)
        failed = [r for r in results if not r.passed]
        if failed:
            pytest.fail(format_failures(failed), pytrace=False)
        return results

    return run
