"""The canton hook contract (:mod:`iizcore.hooks.specs`) and plugin loading."""

from iizcore.hooks.manager import (
    ENTRY_POINT_GROUP,
    Canton,
    CantonRegistry,
    available_cantons,
    default_registry,
    load_canton,
)
from iizcore.hooks.specs import HOOK_API_VERSION, CantonInfo, hookimpl, hookspec

__all__ = [
    "ENTRY_POINT_GROUP",
    "HOOK_API_VERSION",
    "Canton",
    "CantonInfo",
    "CantonRegistry",
    "available_cantons",
    "default_registry",
    "hookimpl",
    "hookspec",
    "load_canton",
]
