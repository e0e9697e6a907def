"""The canton hook ``iiz_cost_keys``, the BL and ZH keys, ``allocate_case`` and ``iiz costs``.

BL: network.toml [financing] and RESEARCH.md (the answer to interpellation 2018/778 on
financing was not found). ZH: RESEARCH.md ("no source on how the ZH IIZ network itself is
financed was found"). So both plugins apply the own-costs principle and say so.
Integration lump sum: VIntA Art. 15 Abs. 1, CHF 18,000 since 1.5.2019 (migration.toml).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from iizcore.cli import main
from iizcore.coordination.plan import (
    CoordinationPlan,
    Criterion,
    Lead,
    Meeting,
    Participant,
    ParticipantRole,
    PaymentRole,
    PaymentStep,
    Triage,
)
from iizcore.costs import (
    BasisKind,
    CostItemKind,
    KeyMethod,
    Party,
    allocate_case,
    cantonal_key_rules,
    financing_report,
    load_cost_keys,
)
from iizcore.errors import InputError, PluginError, RuleError
from iizcore.hooks import CantonInfo, CantonRegistry, hookimpl, load_canton
from iizcore.io import unstructure
from iizcore.model import (
    CollaborationForm,
    InstitutionKind,
    Labels,
    Measure,
    MeasureType,
    Money,
    Network,
    Period,
)
from iizcore.model.person import ResidenceStatus

ON = date(2025, 3, 1)
L = Labels.same("test")
K = InstitutionKind


@pytest.mark.parametrize("code", ["BL", "ZH"])
def test_plugins_use_own_costs_and_say_no_key_is_documented(code: str) -> None:
    rules = cantonal_key_rules(load_canton(code), ON)
    assert set(rules) == set(CostItemKind) - {CostItemKind.ADVANCE}
    for rule in rules.values():
        assert rule.method is KeyMethod.OWN_COSTS
        assert rule.basis.kind is BasisKind.NOT_DOCUMENTED
        assert rule.basis.note is not None and rule.basis.note.startswith(code)
        assert rule.basis.source


def _plan(
    canton: str = "BL",
    *,
    measures: tuple[Measure, ...] = (),
    payments: tuple[PaymentStep, ...] = (),
    iiz: bool = True,
) -> CoordinationPlan:
    return CoordinationPlan(
        case_id="t-1",
        canton=canton,
        on=ON,
        triage=Triage((Criterion("iiz.test", iiz, L),)),
        lead=Lead(K.RAV, "iiz.lead.test", L),
        participants=(
            Participant(K.RAV, (ParticipantRole.LEAD,)),
            Participant(K.IV_OFFICE, (ParticipantRole.EXAMINES,)),
        ),
        payments=payments,
        measures=measures,
        meeting=Meeting(
            CollaborationForm.CASE_CONFERENCE,
            ON,
            K.RAV,
            (K.RAV, K.IV_OFFICE, K.SOCIAL_ASSISTANCE),
            True,
            L,
        )
        if iiz
        else None,
    )


def test_allocate_case_from_a_plan_with_an_alv_advance() -> None:
    """The plan's ALV advance (ATSG Art. 70 Abs. 2 lit. b) is reimbursed by the IV (Art. 71)."""
    plan = _plan(payments=(PaymentStep(1, K.ALV_FUND, PaymentRole.ADVANCE, L, (), K.IV_OFFICE),))
    alloc = allocate_case(plan, "BL", ON, advanced={K.ALV_FUND: Money.chf("5000")})
    kinds = {i.item.kind for i in alloc.items}
    assert kinds == {
        CostItemKind.CASE_MANAGEMENT,
        CostItemKind.MEETING,
        CostItemKind.COORDINATION_OFFICE,
        CostItemKind.ADVANCE,
    }
    assert alloc.illustrative_rates
    adv = next(i for i in alloc.items if i.item.kind is CostItemKind.ADVANCE)
    assert adv.shares and all(s.party.kind is not K.ALV_FUND or not s.amount for s in adv.shares)
    assert adv.flows[0].payer.kind is K.IV_OFFICE
    for item in alloc.items:
        assert sum((s.amount for s in item.shares), Money.zero()) == item.total


def test_advance_without_amount_is_noted_not_invented() -> None:
    plan = _plan(payments=(PaymentStep(1, K.ALV_FUND, PaymentRole.ADVANCE, L, (), K.IV_OFFICE),))
    alloc = allocate_case(plan, "BL", ON)
    assert CostItemKind.ADVANCE not in {i.item.kind for i in alloc.items}
    assert any("no amount" in n for n in alloc.notes)


def test_non_iiz_case_has_no_iiz_work_costs() -> None:
    alloc = allocate_case(_plan(iiz=False), "BL", ON)
    assert alloc.items == ()


def test_refugee_integration_measure_is_borne_by_the_bund_up_to_the_lump_sum(
    case_data: dict[str, Any],
) -> None:
    """A recognised refugee's language course of the migration office (CHF 600 a month x 12,
    illustrative rate) is borne by the Confederation from the integration lump sum."""
    from iizcore.io import structure
    from iizcore.model import Case

    case_data["person"]["residence"] = {
        "canton": "BL",
        "bfs_municipality": 2829,
        "status": ResidenceStatus.REFUGEE_B.value,
        "entry_date": "2023-01-10",
    }
    case = structure(case_data, Case)
    year = Period(date(2025, 1, 1), date(2025, 12, 31))
    plan = _plan(measures=(Measure(K.MIGRATION_INTEGRATION, MeasureType.LANGUAGE_COURSE, year),))
    alloc = allocate_case(plan, "BL", ON, case=case)
    item = next(i for i in alloc.items if i.item.kind is CostItemKind.MEASURE)
    assert item.method is KeyMethod.FEDERAL_LUMP_SUM
    assert item.share_of(Party.confederation()) == item.total == Money.chf(7200)
    assert item.basis.refs[0].act == "VIntA"
    used_up = allocate_case(plan, "BL", ON, case=case, lump_sum_used=Money.chf(15000))
    item = next(i for i in used_up.items if i.item.kind is CostItemKind.MEASURE)
    assert item.share_of(Party.confederation()) == Money.chf(3000)
    assert sum((s.amount for s in item.shares), Money.zero()) == Money.chf(7200)


def test_plan_of_another_canton_is_refused() -> None:
    with pytest.raises(RuleError, match="canton"):
        allocate_case(_plan("ZH"), "BL", ON)


class _BadPlugin:
    HOOK_API_VERSION = 1

    def __init__(self, rules: object) -> None:
        self.rules = rules

    @hookimpl
    def iiz_canton(self) -> CantonInfo:
        return CantonInfo("XY", Labels.same("Test"), ("de",))

    @hookimpl
    def iiz_network(self, canton: CantonInfo) -> Network:
        return Network(canton="XY", institutions=())

    @hookimpl
    def iiz_cost_keys(self, canton: CantonInfo, on: date) -> object:
        return self.rules


def test_a_plugin_returning_no_rules_is_a_plugin_error() -> None:
    canton = CantonRegistry(discover=False).register(_BadPlugin(["not a rule"]), name="bad")
    with pytest.raises(PluginError, match="iiz_cost_keys"):
        cantonal_key_rules(canton, ON)


def test_a_plugin_without_opinion_gets_own_costs() -> None:
    canton = CantonRegistry(discover=False).register(_BadPlugin(None), name="silent")
    rules = cantonal_key_rules(canton, ON)
    assert all(r.method is KeyMethod.OWN_COSTS for r in rules.values())
    assert all(r.basis.kind is BasisKind.NOT_DOCUMENTED for r in rules.values())


def test_cost_keys_file_errors_name_the_row(tmp_path: Path) -> None:
    (tmp_path / "costs.toml").write_text(
        '[[key]]\nitem_kind = "meeting"\nmethod = "by_effort"\nbasis = "not_documented"\n'
        'note = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"costs.toml:key\[0\]"):
        load_cost_keys(tmp_path, ON)


def test_cost_keys_file_rows_are_dated(tmp_path: Path) -> None:
    (tmp_path / "costs.toml").write_text(
        '[[key]]\nitem_kind = "meeting"\nmethod = "fixed_percentages"\nbasis = "agreement"\n'
        'source = "test agreement"\nsince = 2026-01-01\n'
        'percentages = { rav = "60", iv_office = "40" }\n',
        encoding="utf-8",
    )
    assert load_cost_keys(tmp_path, ON) == []
    (rule,) = load_cost_keys(tmp_path, date(2026, 1, 1))
    assert rule.method is KeyMethod.FIXED_PERCENTAGES


def test_report_adds_up_and_names_no_case() -> None:
    plan = _plan(payments=(PaymentStep(1, K.ALV_FUND, PaymentRole.ADVANCE, L, (), K.IV_OFFICE),))
    allocs = [allocate_case(plan, "BL", ON), allocate_case(plan, "BL", ON)]
    report = financing_report(allocs)
    assert report.cases == 2
    for breakdown in (report.by_party, report.by_source, report.by_kind):
        assert sum((m for _, m in breakdown), Money.zero()) == report.total
    assert "t-1" not in json.dumps(report.to_dict())
    assert report.notes and "(2 cases)" in report.notes[0]


def test_cli_costs_on_hand_made_items_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An ALV advance of CHF 1,000 reimbursed by the IV, and a meeting, through ``iiz costs``."""
    doc = {
        "case_id": "x-1",
        "on": "2025-03-01",
        "items": [
            {
                "id": "adv",
                "kind": "advance",
                "contributions": [
                    {
                        "party": {"id": "bl.alk", "kind": "alv_fund", "source": "alv"},
                        "amount": "1000",
                    }
                ],
                "advance": {
                    "liable": {"id": "bl.iv", "kind": "iv_office", "source": "iv"},
                    "basis": "atsg_71",
                },
            },
            {
                "id": "meet",
                "kind": "meeting",
                "contributions": [
                    {
                        "party": {"id": "bl.rav", "kind": "rav", "source": "alv"},
                        "amount": "240",
                        "hours": "2",
                    },
                    {
                        "party": {"id": "bl.iv", "kind": "iv_office", "source": "iv"},
                        "amount": "260.02",
                        "hours": "2",
                    },
                ],
            },
        ],
    }
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps(doc) + "\n" + json.dumps({**doc, "case_id": "x-2"}) + "\n")
    assert main(["costs", str(path), "--canton", "BL", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["by_source"] == {"alv": "480.00", "iv": "2520.00"}
    assert out["reimbursed"] == "2000.00"
    assert out["illustrative_rates"] is False
    assert main(["costs", str(path), "--canton", "BL"]) == 0
    table = capsys.readouterr().out
    assert "2'520.00" in table and "ILLUSTRATIVE" not in table
    assert "ATSG Art. 71" in table


def test_cli_reports_bad_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"case_id": "x", "on": "2025-03-01", "items": [{"id": "a"}]}\n')
    assert main(["costs", str(path), "--canton", "BL"]) == 2
    assert "line 1" in capsys.readouterr().err


def test_cli_plan_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plans.jsonl"
    path.write_text(json.dumps(unstructure(_plan())) + "\n")
    assert main(["costs", str(path), "--canton", "BL", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cases"] == 1 and out["illustrative_rates"] is True
