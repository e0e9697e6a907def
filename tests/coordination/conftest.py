"""Builders for coordination tests: cases and hand-made determinations."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from iizcore import Case, Labels, LegalRef, load_canton, structure
from iizcore.hooks import Canton
from iizcore.law.determination import Determination, KeyDate, Outcome, Reason, RuleContext, Trace
from iizcore.model import InstitutionKind

ON = date(2025, 3, 1)


def make_case(**person: Any) -> Case:
    """A case on 2025-03-01 in ZH (Zürich) with ``person`` fields overriding the defaults.

    Keys ``history``, ``claims``, ``consents`` and ``canton``/``bfs`` are taken out of ``person``.
    """
    history = person.pop("history", [])
    claims = person.pop("claims", [])
    consents = person.pop("consents", [])
    canton = person.pop("canton", "ZH")
    bfs = person.pop("bfs", 261 if canton == "ZH" else 2762)
    residence = {"canton": canton, "bfs_municipality": bfs} | person.pop("residence", {})
    data = {
        "id": "case-test",
        "as_of": ON.isoformat(),
        "person": {
            "id": "p",
            "birth_date": "1980-05-17",
            "sex": "male",
            "residence": residence,
        }
        | person,
        "history": history,
        "claims": claims,
        "consents": consents,
    }
    return structure(data, Case)


def determination(
    kind: InstitutionKind,
    rule: str,
    outcome: Outcome,
    *,
    dates: tuple[KeyDate, ...] = (),
) -> Determination:
    """A hand-made determination with one reason."""
    return Determination(
        institution=kind,
        rule=rule,
        outcome=outcome,
        reasons=(Reason(f"{rule}.test", LegalRef("AVIG", "8"), Labels.same("test")),),
        on=ON,
        dates=dates,
    )


@pytest.fixture
def zh() -> Canton:
    return load_canton("ZH")


@pytest.fixture
def bl() -> Canton:
    return load_canton("BL")


def context(canton: Canton, on: date = ON, *, trace: bool = False) -> RuleContext:
    return RuleContext(on, canton.parameters, Trace() if trace else Trace(enabled=False))
