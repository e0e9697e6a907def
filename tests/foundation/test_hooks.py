"""The canton hook contract: discovery, a third canton without core changes, plugin errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from iizcore import (
    CantonInfo,
    CantonRegistry,
    Labels,
    Network,
    PluginError,
    available_cantons,
    hookimpl,
    load_canton,
)
from iizcore.law.parameters import Parameter, ParameterValue
from iizcore.model import Institution, InstitutionKind, LegalRef, Municipality


class ThirdCanton:
    """A canton plugin defined in the tests: Uri, with one social service and a parameter."""

    HOOK_API_VERSION = 1

    @hookimpl
    def iiz_canton(self) -> CantonInfo:
        return CantonInfo("UR", Labels("Uri", "Uri", "Uri", "Uri"), ("de",))

    @hookimpl
    def iiz_network(self, canton: CantonInfo) -> Network:
        return Network(
            canton=canton.code,
            institutions=(
                Institution(
                    "ur.sh.1201",
                    InstitutionKind.SOCIAL_ASSISTANCE,
                    Labels.same("Sozialdienst Altdorf"),
                    "UR",
                    frozenset({1201}),
                ),
            ),
            municipalities=(Municipality(1201, "Altdorf (UR)", "Uri"),),
        )

    @hookimpl
    def iiz_parameters(self, canton: CantonInfo) -> list[Parameter]:
        return [
            Parameter(
                name="sh.basic_need_1p",
                unit="CHF/month",
                description="test value",
                values=(
                    ParameterValue(date(2030, 1, 1), "1100", LegalRef("TEST", "1"), "test", False),
                ),
                origin="UR",
            )
        ]


def test_installed_plugins_are_discovered_through_entry_points() -> None:
    assert {"BL", "ZH"} <= set(available_cantons())
    zh = load_canton("zh")
    assert zh.code == "ZH" and zh.plugin_name == "iizcore-zh"
    assert zh.network.canton == "ZH"
    assert load_canton("ZH") is zh  # hooks looked up once per canton


def test_a_third_canton_registers_without_core_changes() -> None:
    registry = CantonRegistry(discover=False)
    canton = registry.register(ThirdCanton(), name="iizcore-ur", version="1.0")
    assert registry.available() == ["UR"]
    assert registry.load("ur") is canton
    sh = canton.network.institution_for(InstitutionKind.SOCIAL_ASSISTANCE, 1201)
    assert sh is not None and sh.id == "ur.sh.1201"
    params = canton.parameters
    # The cantonal series wins from its first validity start; federal values stay before it.
    assert params.value("sh.basic_need_1p", date(2030, 6, 1)) == Decimal("1100")
    assert params["sh.basic_need_1p"].at(date(2024, 6, 1)).ref.act != "TEST"


def test_two_plugins_for_one_canton_is_an_error() -> None:
    registry = CantonRegistry(discover=False)
    registry.register(ThirdCanton(), name="first")
    with pytest.raises(PluginError) as info:
        registry.register(ThirdCanton(), name="second")
    assert info.value.plugin == "second" and info.value.hook == "iiz_canton"
    assert "already provided by plugin first" in str(info.value)


def test_a_plugin_that_raises_names_plugin_and_hook() -> None:
    class Raising(ThirdCanton):
        @hookimpl
        def iiz_network(self, canton: CantonInfo) -> Network:
            raise RuntimeError("database down")

    canton = CantonRegistry(discover=False).register(Raising(), name="raising")
    with pytest.raises(PluginError) as info:
        _ = canton.network
    assert (info.value.plugin, info.value.hook) == ("raising", "iiz_network")
    assert "RuntimeError" in str(info.value)


@pytest.mark.parametrize(
    ("hook", "garbage", "expected"),
    [
        ("iiz_network", {"institutions": []}, "expected a Network"),
        ("iiz_parameters", ["not a parameter"], "expected Parameter"),
        ("iiz_parameters", 42, "no sequence"),
    ],
)
def test_a_plugin_returning_garbage_is_a_plugin_error(
    hook: str, garbage: Any, expected: str
) -> None:
    plugin = ThirdCanton()
    impl = hookimpl(lambda canton: garbage)
    setattr(plugin, hook, impl)
    canton = CantonRegistry(discover=False).register(plugin, name="garbage")
    with pytest.raises(PluginError, match=expected) as info:
        _ = canton.network if hook == "iiz_network" else canton.parameters
    assert info.value.hook == hook


def test_a_network_of_another_canton_is_refused() -> None:
    class Wrong(ThirdCanton):
        @hookimpl
        def iiz_network(self, canton: CantonInfo) -> Network:
            return Network(canton="ZH", institutions=())

    canton = CantonRegistry(discover=False).register(Wrong(), name="wrong")
    with pytest.raises(PluginError, match="not 'UR'"):
        _ = canton.network


def test_plugin_without_canton_hook_or_with_newer_api_is_refused() -> None:
    registry = CantonRegistry(discover=False)
    with pytest.raises(PluginError, match="iiz_canton"):
        registry.register(SimpleNamespace(), name="empty")
    newer = ThirdCanton()
    newer.HOOK_API_VERSION = 99
    with pytest.raises(PluginError, match="hook API version 99"):
        registry.register(newer, name="future")


def test_a_plugin_with_a_misspelt_hook_is_refused() -> None:
    class Misspelt(ThirdCanton):
        @hookimpl
        def iiz_netwrok(self, canton: CantonInfo) -> Network:
            raise AssertionError("never called")

    with pytest.raises(PluginError, match="invalid hook implementation"):
        CantonRegistry(discover=False).register(Misspelt(), name="misspelt")


def test_unknown_canton_is_a_plugin_error() -> None:
    with pytest.raises(PluginError, match="no plugin provides canton 'XX'"):
        CantonRegistry(discover=False).load("XX")
