"""The direct call of a canton's per-case hooks behaves as Canton.call (coordination._hooks)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from iizcore import CantonInfo, Labels, Network, PluginError, hookimpl
from iizcore.coordination import Lead, plan_case
from iizcore.coordination._hooks import call_first
from iizcore.hooks import Canton, CantonRegistry
from iizcore.model import Case, InstitutionKind

from .conftest import context, make_case

K = InstitutionKind
_ARGS = ("canton", "case", "on", "involved", "default")


class _Leads:
    """A test canton 'ZH' whose lead hook names the RAV (or raises, or answers wrongly)."""

    HOOK_API_VERSION = 1

    def __init__(self, answer: object = "rav") -> None:
        self.answer = answer
        self.calls = 0

    @hookimpl
    def iiz_canton(self) -> CantonInfo:
        return CantonInfo("ZH", Labels.same("Test"), ("de",))

    @hookimpl
    def iiz_network(self, canton: CantonInfo) -> Network:
        from iizcore import load_canton

        return load_canton("ZH").network

    @hookimpl
    def iiz_lead_institution(self, default: Lead, case: Case) -> Lead | None:
        self.calls += 1
        if self.answer == "raise":
            raise ValueError("a message that may carry case data")
        if self.answer == "rav":
            return Lead(K.RAV, "test.rav", Labels.same("RAV"))
        return self.answer  # type: ignore[return-value]


class _Later:
    """A plugin registered after the canton was loaded."""

    @hookimpl
    def iiz_lead_institution(self) -> Lead:
        return Lead(K.IV_OFFICE, "test.later", Labels.same("later"))


def _canton(plugin: object) -> Canton:
    return CantonRegistry(discover=False).register(plugin, name="iizcore-test")


def _args(canton: Canton) -> tuple[Any, ...]:
    default = Lead(K.SOCIAL_ASSISTANCE, "iiz.lead.sh", Labels.same("sh"))
    return (canton.info, make_case(), date(2025, 3, 1), (), default)


def test_direct_and_pluggy_answer_alike() -> None:
    plugin = _Leads()
    canton = _canton(plugin)
    args = _args(canton)
    direct = call_first(canton, "iiz_lead_institution", lambda r: True, "x", _ARGS, args)
    via = canton.call(
        "iiz_lead_institution", lambda r: True, "x", **dict(zip(_ARGS, args, strict=True))
    )
    assert direct == via
    assert plugin.calls == 2


@pytest.mark.parametrize(("answer", "message"), [("raise", "raised ValueError$"), (3, "expected")])
def test_direct_errors_are_the_plugin_errors_of_canton_call(answer: object, message: str) -> None:
    canton = _canton(_Leads(answer))
    args = _args(canton)
    with pytest.raises(PluginError, match=message) as direct:
        call_first(canton, "iiz_lead_institution", _is_lead, "a Lead", _ARGS, args)
    with pytest.raises(PluginError, match=message) as via:
        canton.call(
            "iiz_lead_institution", _is_lead, "a Lead", **dict(zip(_ARGS, args, strict=True))
        )
    assert str(direct.value) == str(via.value)
    assert "case data" not in str(direct.value)


def _is_lead(result: object) -> bool:
    return isinstance(result, Lead)


def test_a_plugin_registered_later_is_called() -> None:
    plugin = _Leads()
    canton = _canton(plugin)
    case = make_case()
    plan_case(case, canton, context(canton))  # the direct call is set up
    canton._pm.register(_Later(), name="later")
    plan = plan_case(case, canton, context(canton))
    # firstresult: the plugin registered last answers first.
    assert plan.lead.rule == "test.later"


def test_tracing_the_plugin_manager_goes_through_pluggy() -> None:
    plugin = _Leads()
    canton = _canton(plugin)
    case = make_case()
    plan_case(case, canton, context(canton))  # the direct call is set up
    seen: list[str] = []
    canton._pm.add_hookcall_monitoring(
        lambda name, impls, kwargs: seen.append(name), lambda *args: None
    )
    plan_case(case, canton, context(canton))
    assert "iiz_lead_institution" in seen
    assert plugin.calls == 2
