"""Shared fixtures for the iizcore test suite."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pytest
from hypothesis import settings

from iizcore.io.jsonl import read_jsonl
from iizcore.model import Case
from iizcore.report import bundled_caseload

# ``make test`` (and so CI) runs the properties derandomized: the same examples on every
# run, so that a red build always reproduces and a rare example cannot make CI flaky.
# ``pytest`` on its own explores fresh random examples each time, which is how new
# counterexamples are found (one was: a birthday on the last day of a month).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile(os.environ.get("IIZ_HYPOTHESIS_PROFILE", "explore"))

#: A syntactically valid AHV number (EAN-13 check digit correct), not a real person's.
VALID_AHV = "756.1234.5678.97"


def first_bundled_cases(code: str, n: int) -> tuple[Case, ...]:
    """The first ``n`` cases of the canton's bundled synthetic caseload (all valid)."""
    out: list[Case] = []
    for case in read_jsonl(bundled_caseload(code), Case):
        assert isinstance(case, Case)
        out.append(case)
        if len(out) == n:
            break
    return tuple(out)


@pytest.fixture
def case_data() -> dict[str, Any]:
    """A minimal valid case document as JSON-like data."""
    return {
        "id": "case-1",
        "as_of": "2025-03-01",
        "person": {
            "id": "p-1",
            "birth_date": "1980-05-17",
            "sex": "female",
            "residence": {"canton": "ZH", "bfs_municipality": 261},
            "ahv_number": VALID_AHV,
            "name": "Erika Muster",
            "monthly_income": "0",
            "employment": {
                "status": "unemployed",
                "unemployed_since": "2024-11-01",
                "contribution_periods": [{"start": "2021-01-01", "end": "2024-10-31"}],
                "insured_monthly_earnings": "6200",
            },
        },
        "history": [
            {"institution": "alv_fund", "benefit": "cash", "start": "2024-11-01"},
        ],
        "consents": [{"institutions": ["iv_office", "rav"], "since": "2024-11-15"}],
    }


@pytest.fixture
def on() -> date:
    return date(2025, 3, 1)
