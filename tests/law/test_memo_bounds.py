"""The rules' per-day memos stay within their budget, and a spent budget changes no result."""

from __future__ import annotations

import itertools

import pytest

from iizcore import assess, load_canton
from iizcore.batch import _to_json
from iizcore.law import rules
from tests.conftest import first_bundled_cases


def _memo_entries() -> int:
    total = 0
    for day in rules._DAYS.values():
        for value in day.values():
            if isinstance(value, rules.Memo):
                total += len(value)
            for name in getattr(value, "__slots__", ()):
                held = getattr(value, name, None)
                if isinstance(held, rules.Memo):
                    total += len(held)
    return total


def test_a_small_budget_bounds_the_memos_and_changes_no_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    zh = load_canton("ZH")
    cases = first_bundled_cases("ZH", 300)
    # All cases on one date: the worst case for per-day memos (one day, many facts).
    on = cases[0].as_of
    expected = [_to_json(assess(c, zh, on, trace=True)) for c in cases]

    monkeypatch.setattr(rules, "MEMO_BUDGET", 40)
    rules._drop_days()
    seen = []
    for case, want in zip(cases, expected, strict=True):
        assert _to_json(assess(case, zh, on, trace=True)) == want
        seen.append(_memo_entries())
    assert max(seen) <= 40
    # The budget was spent and the days dropped more than once (the memos were in use).
    assert sum(1 for a, b in itertools.pairwise(seen) if b < a) >= 2


def test_days_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    zh = load_canton("ZH")
    monkeypatch.setattr(rules, "_MAX_DAYS", 5)
    rules._drop_days()
    for case in first_bundled_cases("ZH", 60):
        assess(case, zh, case.as_of)
        assert len(rules._DAYS) <= 5
