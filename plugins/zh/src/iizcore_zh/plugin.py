"""The Zürich canton plugin: hook implementations over the sourced data in ``data/``.

Sources: Sozialhilfehandbuch ZH chapter 13.3.01 (seed 001) for the network and
the principle of Leistungskoordination; the Swiss municipality register for
the municipalities; see ``data/RESEARCH.md`` for every source and every
unverified fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from typing import Final

from iizcore.hooks import CantonInfo, hookimpl
from iizcore.hooks.data import load_network_data, load_parameter_data
from iizcore.law.parameters import Parameter
from iizcore.model import Labels, Network

HOOK_API_VERSION: Final = 1
DATA: Final = resources.files("iizcore_zh") / "data"


@hookimpl
def iiz_canton() -> CantonInfo:
    return CantonInfo(
        code="ZH", names=Labels("Zürich", "Zurich", "Zurigo", "Zurich"), languages=("de",)
    )


@hookimpl
def iiz_network(canton: CantonInfo) -> Network:
    return load_network_data(DATA, canton.code)


@hookimpl
def iiz_parameters(canton: CantonInfo) -> Sequence[Parameter]:
    return load_parameter_data(DATA, canton.code)
