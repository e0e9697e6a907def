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


class _UnknownId(_Base):
    """A lead hook that makes up an institution id carrying the municipality number."""

    @hookimpl
    def iiz_lead_institution(
        self,
        canton: CantonInfo,
        case: Case,
        on: date,
        involved: Sequence[InstitutionKind],
        default: Lead,
    ) -> Lead:
        bfs = case.person.residence.bfs_municipality
        return Lead(K.SOCIAL_ASSISTANCE, "test.lead", default.reason, f"zh.sh.x{bfs}")


class _WrongKind(_Base):
    """A lead hook naming a real institution of another kind than the lead's."""

    @hookimpl
    def iiz_lead_institution(
        self,
        canton: CantonInfo,
        case: Case,
        on: date,
        involved: Sequence[InstitutionKind],
        default: Lead,
    ) -> Lead:
        return Lead(K.SOCIAL_ASSISTANCE, "test.lead", default.reason, "zh.rav")


def test_an_unknown_institution_id_from_the_lead_hook_is_a_plugin_error() -> None:
    """An id the network does not know is never published (it might carry the BFS number):
    a PluginError naming the hook, without the id."""
    canton = _register(_UnknownId())
    case = make_case()
    with pytest.raises(PluginError, match="iiz_lead_institution") as info:
        plan_case(case, canton, context(canton))
    assert "261" not in str(info.value)
    assert "unknown institution id" in str(info.value)


def test_a_lead_id_of_another_kind_is_a_plugin_error() -> None:
    canton = _register(_WrongKind())
    with pytest.raises(PluginError, match="not a social_assistance"):
        plan_case(make_case(), canton, context(canton))


class _RenamedYoung(_Base):
    """Keeps the default lead but renames its rule, as a canton's practice might."""

    @hookimpl
    def iiz_lead_institution(
        self,
        canton: CantonInfo,
        case: Case,
        on: date,
        involved: Sequence[InstitutionKind],
        default: Lead,
    ) -> Lead:
        return Lead(default.institution, "test.lead.renamed", default.reason, None, default.refs)


def test_case_management_follows_the_lead_kind_not_the_rule_name() -> None:
    """A plugin may rename the lead rule; the case management (BBG Art. 12) still goes to the
    lead institution's kind."""
    canton = _register(_RenamedYoung())
    case = make_case(
        birth_date="2005-09-03",
        education={"qualification": "none"},
        employment={"status": "not_in_labour_force"},
    )
    plan = plan_case(case, canton, context(canton))
    assert plan.lead.rule == "test.lead.renamed"
    managed = [m.institution for m in plan.measures if m.measure_type.value == "case_management"]
    assert managed == [plan.lead.institution]
    assert plan.lead.institution in canton.network.kinds


def test_the_assessment_centre_start_is_dated_data_not_code() -> None:
    """The centre's start ('per 1. April', year unverified) is a dated, unverified row of BL's
    parameters.toml with its source, not a constant in the plugin."""
    from iizcore import load_canton
    from iizcore_bl import plugin

    bl = load_canton("BL")
    param = bl.parameters[plugin.ASSESSMENT_CENTRE_PARAMETER]
    (row,) = param.values
    assert row.since == date(2025, 4, 1)
    assert not row.verified and "assessmentcenter" in row.source
    assert plugin.assessment_centre_operating(date(2025, 4, 1))
    assert not plugin.assessment_centre_operating(date(2025, 3, 31))
    assert not hasattr(plugin, "ASSESSMENT_CENTRE_SINCE")


def test_zh_says_why_it_has_no_triage_criteria() -> None:
    """ZH triages by the federal criteria; the plugin's docstring says why."""
    from iizcore_zh import plugin

    assert not hasattr(plugin, "iiz_triage_criteria")
    assert plugin.__doc__ is not None and "iiz_triage_criteria" in plugin.__doc__
