"""Discovery and loading of canton plugins.

Plugins are found through the entry-point group ``iizcore.cantons`` (like
datasette and llm plugins) or registered directly with
:meth:`CantonRegistry.register` (tests, notebooks). Each canton gets its own
:class:`pluggy.PluginManager`; hook results are validated, and a failing
plugin raises :class:`~iizcore.errors.PluginError` naming plugin and hook.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, TypeVar, cast

import pluggy

from iizcore.errors import PluginError
from iizcore.hooks import specs
from iizcore.hooks._entry_points import entry_points
from iizcore.hooks.specs import HOOK_API_VERSION, PROJECT, CantonInfo
from iizcore.law.parameters import Parameter, ParameterSet, federal_parameters
from iizcore.model.network import Network

__all__ = [
    "ENTRY_POINT_GROUP",
    "Canton",
    "CantonRegistry",
    "available_cantons",
    "default_registry",
    "load_canton",
]

ENTRY_POINT_GROUP: Final = "iizcore.cantons"
T = TypeVar("T")


class Canton:
    """A loaded canton: its info, its plugin, its network and parameters.

    Obtain one with :func:`load_canton`; the network and the parameters are
    computed on first use and cached, and the hooks are looked up once per
    canton, not per case.
    """

    def __init__(
        self, info: CantonInfo, manager: pluggy.PluginManager, plugin_name: str, version: str
    ) -> None:
        self.info = info
        self.plugin_name = plugin_name
        self.plugin_version = version
        self._pm = manager
        self._lock = threading.Lock()

    @property
    def code(self) -> str:
        """The two-letter canton code (``"ZH"``)."""
        return self.info.code

    @property
    def hook(self) -> Any:
        """The canton's pluggy hook relay (``canton.hook.iiz_network(...)``)."""
        return self._pm.hook

    def call(
        self, hook: str, expect: Callable[[Any], bool], describe: str, /, **kwargs: Any
    ) -> Any:
        """Call ``hook`` and check its result with ``expect``.

        ``None`` is always accepted ("no opinion"). Raises :class:`PluginError`
        if the plugin raises or returns something ``expect`` rejects. Only the
        exception's type is reported for hooks that receive case data, so
        that a plugin's message cannot leak personal data.
        """
        try:
            result = getattr(self._pm.hook, hook)(**kwargs)
        except PluginError:
            raise
        except Exception as exc:
            carries_case = "case" in kwargs
            detail = type(exc).__name__ if carries_case else f"{type(exc).__name__}: {exc}"
            raise PluginError(self.plugin_name, hook, f"raised {detail}") from exc
        if result is not None and not expect(result):
            raise PluginError(
                self.plugin_name, hook, f"returned {type(result).__name__}, expected {describe}"
            )
        return result

    def collect(
        self, hook: str, item: type[T], container: type = Iterable, /, **kwargs: Any
    ) -> Iterator[T]:
        """The items of a hook that is not ``firstresult``, each implementation's answers joined.

        Every implementation returns ``None`` or a ``container`` (never a string) of
        ``item`` objects. The items are checked and yielded one by one, in order.
        Raises :class:`PluginError` as :meth:`call` does, and for an answer that is no
        ``container`` or holds something that is no ``item``.
        """
        results = self.call(
            hook, lambda r: isinstance(r, list), f"a list of {item.__name__} sequences", **kwargs
        )
        for result in results or []:
            if result is None:
                continue
            if isinstance(result, str | bytes) or not isinstance(result, container):
                raise PluginError(self.plugin_name, hook, "returned no sequence")
            for value in cast(Iterable[object], result):
                if not isinstance(value, item):
                    raise PluginError(
                        self.plugin_name,
                        hook,
                        f"returned a {type(value).__name__}, expected {item.__name__}",
                    )
                yield value

    @functools.cached_property
    def network(self) -> Network:
        """The canton's IIZ network (hook ``iiz_network``), validated."""
        result = self.call(
            "iiz_network", lambda r: isinstance(r, Network), "a Network", canton=self.info
        )
        if result is None:
            raise PluginError(self.plugin_name, "iiz_network", "returned no network")
        if result.canton != self.code:
            raise PluginError(
                self.plugin_name,
                "iiz_network",
                f"returned the network of canton {result.canton!r}, not {self.code!r}",
            )
        network: Network = result
        return network

    @functools.cached_property
    def parameters(self) -> ParameterSet:
        """Federal parameters overlaid with the canton's (hook ``iiz_parameters``)."""
        cantonal = list(self.collect("iiz_parameters", Parameter, Iterable, canton=self.info))
        try:
            return federal_parameters().overlay(cantonal)
        except ValueError as exc:
            raise PluginError(self.plugin_name, "iiz_parameters", str(exc)) from exc

    def __repr__(self) -> str:
        return f"<Canton {self.code} from {self.plugin_name} {self.plugin_version}>"


class CantonRegistry:
    """The canton plugins known to this process.

    ``CantonRegistry()`` discovers installed plugins through entry points on
    first use; ``CantonRegistry(discover=False)`` starts empty (tests).
    """

    def __init__(self, *, discover: bool = True) -> None:
        self._cantons: dict[str, Canton] = {}
        self._discover = discover
        self._discovered = False
        self._lock = threading.RLock()

    def register(self, plugin: object, name: str | None = None, version: str = "0") -> Canton:
        """Register a canton plugin object (a module or any object with hook implementations).

        Raises:
            PluginError: if the plugin does not provide ``iiz_canton``, declares
                a newer hook API, implements unknown hooks, or claims a canton
                another plugin already provides.
        """
        plugin_name: str = name or str(getattr(plugin, "__name__", type(plugin).__name__))
        declared = getattr(plugin, "HOOK_API_VERSION", HOOK_API_VERSION)
        if not isinstance(declared, int) or declared > HOOK_API_VERSION:
            raise PluginError(
                plugin_name,
                "",
                f"declares hook API version {declared!r}; this iizcore supports {HOOK_API_VERSION}",
            )
        pm = pluggy.PluginManager(PROJECT)
        pm.add_hookspecs(specs)
        try:
            pm.register(plugin, name=plugin_name)
            pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginError(plugin_name, "", f"invalid hook implementation: {exc}") from exc
        canton = Canton(_placeholder_info(), pm, plugin_name, version)
        info = canton.call("iiz_canton", lambda r: isinstance(r, CantonInfo), "a CantonInfo")
        if info is None:
            raise PluginError(plugin_name, "iiz_canton", "is not implemented or returned None")
        canton.info = info
        with self._lock:
            existing = self._cantons.get(info.code)
            if existing is not None:
                raise PluginError(
                    plugin_name,
                    "iiz_canton",
                    f"claims canton {info.code}, already provided by plugin {existing.plugin_name}",
                )
            self._cantons[info.code] = canton
        return canton

    def _ensure_discovered(self) -> None:
        with self._lock:
            if not self._discover or self._discovered:
                return
            self._discovered = True
            # Read from the installed metadata without importing importlib.metadata where
            # the environment allows (see iizcore.hooks._entry_points: import time).
            for ep in entry_points(ENTRY_POINT_GROUP):
                try:
                    plugin = ep.load()
                except Exception as exc:
                    raise PluginError(ep.name, "", f"could not be loaded: {exc}") from exc
                self.register(plugin, name=ep.dist_name, version=ep.dist_version)

    def available(self) -> list[str]:
        """The codes of all registered cantons, sorted."""
        self._ensure_discovered()
        return sorted(self._cantons)

    def cantons(self) -> list[Canton]:
        """All registered cantons, sorted by code."""
        self._ensure_discovered()
        return [self._cantons[c] for c in sorted(self._cantons)]

    def load(self, code: str) -> Canton:
        """The canton with ``code`` (case-insensitive).

        Raises:
            PluginError: if no plugin provides the canton.
        """
        self._ensure_discovered()
        canton = self._cantons.get(code.upper())
        if canton is None:
            known = ", ".join(sorted(self._cantons)) or "none"
            raise PluginError(
                f"iizcore-{code.lower()}",
                "",
                f"no plugin provides canton {code!r} (installed: {known})",
            )
        return canton


def _placeholder_info() -> CantonInfo:
    # Only used while iiz_canton itself is being called.
    from iizcore.model.labels import Labels

    return CantonInfo("XX", Labels.same("unregistered"), ("de",))


_default: CantonRegistry | None = None
_default_lock = threading.Lock()


def default_registry() -> CantonRegistry:
    """The process-wide registry that discovers installed plugins."""
    global _default
    with _default_lock:
        if _default is None:
            _default = CantonRegistry()
        return _default


def available_cantons() -> list[str]:
    """The codes of the installed canton plugins (``["BL", "ZH"]``)."""
    return default_registry().available()


def load_canton(code: str) -> Canton:
    """The installed canton plugin for ``code`` as a :class:`Canton`."""
    return default_registry().load(code)
