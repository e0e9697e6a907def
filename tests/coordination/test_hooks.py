"""The canton hooks iiz_triage_criteria and iiz_lead_institution: plugins and contract."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from iizcore import CantonInfo, Labels, Network, PluginError, hookimpl
from iizcore.coordination import Criterion, Lead, plan_case
from iizcore.hooks import Canton, CantonRegistry
from iizcore.model import Case, InstitutionKind

from .conftest import context, make_case

K = InstitutionKind


class _Base:
    """A test canton 'ZH' that reuses the real ZH network."""

    HOOK_API_VERSION = 1

    @hookimpl
    def iiz_canton(self) -> CantonInfo:
        return CantonInfo("ZH", Labels.same("Test"), ("de",))

    @hookimpl
    def iiz_network(self, canton: CantonInfo) -> Network:
        from iizcore import load_canton

        return load_canton("ZH").network


def _register(plugin: object) -> Canton:
    return CantonRegistry(discover=False).register(plugin, name="iizcore-test")


def _exhausted() -> Case:
    return make_case(
        canton="BL",
        history=[
            {
                "institution": "alv_fund",
                "benefit": "cash",
                "start": "2023-01-01",
                "end": "2024-12-31",
                "end_reason": "exhausted",
            }
        ],
    )


def test_bl_assessment_centre_makes_an_exhausted_person_an_iiz_case() -> None:
    """BL hook: the Kantonales Assessmentcenter triages persons after Aussteuerung
    (SHG BL revision; BL network.toml project, start 'per 1. April', year unverified)."""
    from iizcore import load_canton

    bl = load_canton("BL")
    plan = plan_case(_exhausted(), bl, context(bl, date(2025, 6, 1)))
    assert plan.triage.decided_by == bl.plugin_name
    assert [c.code for c in plan.triage.met] == ["bl.assessment_centre"]
    before = plan_case(_exhausted(), bl, context(bl, date(2025, 3, 31)))
    assert before.triage.decided_by == "iizcore"
    assert not before.is_iiz_case


def test_a_canton_may_override_triage() -> None:
    class NeverIIZ(_Base):
        @hookimpl
        def iiz_triage_criteria(
            self, canton: CantonInfo, case: Case, on: date, criteria: Sequence[Criterion]
        ) -> Sequence[Criterion]:
            return ()

    canton = _register(NeverIIZ())
    case = make_case(
        birth_date="2006-01-01",
        education={"qualification": "none"},
        history=[{"institution": "social_assistance", "benefit": "cash", "start": "2024-01-01"}],
    )
    plan = plan_case(case, canton, context(canton))
    assert not plan.is_iiz_case and plan.meeting is None
    assert plan.triage.decided_by == "iizcore-test"


def test_a_lead_chosen_by_a_canton_is_always_a_participant() -> None:
    class EmployerLeads(_Base):
        @hookimpl
        def iiz_lead_institution(
            self,
            canton: CantonInfo,
            case: Case,
            on: date,
            involved: Sequence[InstitutionKind],
            default: Lead,
        ) -> Lead:
            return Lead(K.PRIVATE_PROVIDER, "test.lead", Labels.same("provider"))

    canton = _register(EmployerLeads())
    plan = plan_case(make_case(), canton, context(canton))
    assert plan.lead.institution is K.PRIVATE_PROVIDER
    assert plan.lead.decided_by == "iizcore-test"
    assert plan.participants[0].institution is K.PRIVATE_PROVIDER


def test_a_failing_hook_is_a_plugin_error_without_case_data() -> None:
    class Broken(_Base):
        @hookimpl
        def iiz_triage_criteria(
            self, canton: CantonInfo, case: Case, on: date, criteria: Sequence[Criterion]
        ) -> Sequence[Criterion]:
            raise ValueError(f"secret {case.person.id}")

    canton = _register(Broken())
    with pytest.raises(PluginError, match="iiz_triage_criteria") as err:
        plan_case(make_case(), canton, context(canton))
    assert "secret" not in str(err.value)


def test_a_hook_returning_the_wrong_type_is_a_plugin_error() -> None:
    class Wrong(_Base):
        @hookimpl
        def iiz_lead_institution(
            self,
            canton: CantonInfo,
            case: Case,
            on: date,
            involved: Sequence[InstitutionKind],
            default: Lead,
        ) -> object:
            return "rav"

    canton = _register(Wrong())
    with pytest.raises(PluginError, match="expected a Lead"):
        plan_case(make_case(), canton, context(canton))
