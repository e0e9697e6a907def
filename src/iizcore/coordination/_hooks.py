"""A direct call of a canton's per-case ``firstresult`` hook (package-internal).

Triage and the lead call a canton hook for every case. Through
:meth:`~iizcore.hooks.manager.Canton.call` and pluggy, a call costs more than
the plugin's own answer (keyword arguments checked against the spec, the list
of implementations copied, the multicall loop). When the hook has a single
plain implementation — the usual canton plugin — :func:`call_first` calls that
function directly and treats its answer and its errors as ``Canton.call`` does:

- pluggy would call the same function with the same arguments (those it
  names, taken from the call's keyword arguments) and, the hook being
  ``firstresult``, return its answer, ``None`` included;
- an exception other than :class:`~iizcore.errors.PluginError` becomes a
  ``PluginError`` naming the plugin, the hook and the exception's type only
  (the hooks called here receive the case);
- an answer ``expect`` rejects raises the same ``PluginError``.

The shortcut is re-checked on every call (still exactly that implementation
registered, and no pluggy tracing or call monitoring set up on the canton's
plugin manager); otherwise, and wherever the hook is not of that simple form,
the call goes through ``Canton.call``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final

import pluggy

from iizcore.errors import PluginError
from iizcore.hooks.manager import Canton

__all__ = ["call_first"]


def _plain_exec() -> object:
    """What a plugin manager runs hooks with unless tracing or monitoring replaced it."""
    return getattr(pluggy.PluginManager("iizcore-probe"), "_inner_hookexec", None)


#: ``None`` if this pluggy keeps it elsewhere: then every call goes through ``Canton.call``.
_PLAIN_EXEC: Final = _plain_exec()


class _Direct:
    """A hook's single plain implementation, with what is needed to re-check it."""

    __slots__ = ("caller", "function", "impl", "manager", "positions")

    def __init__(self, caller: Any, impl: Any, manager: Any, positions: tuple[int, ...]) -> None:
        self.caller = caller
        self.impl = impl
        self.function: Callable[..., Any] = impl.function
        self.manager = manager
        self.positions = positions

    def current(self) -> bool:
        """Whether the hook is still this implementation alone, called plainly."""
        impls = self.caller._hookimpls
        return (
            len(impls) == 1
            and impls[0] is self.impl
            and self.manager._inner_hookexec is _PLAIN_EXEC
        )


@functools.cache
def _direct(canton: Canton, hook: str, argnames: tuple[str, ...]) -> _Direct | None:
    """The direct call of ``hook`` in ``canton``, if the hook is of the simple form (see above).

    ``argnames`` are the names of the arguments :func:`call_first` passes, in order.
    """
    try:
        caller = getattr(canton.hook, hook)
        spec = caller.spec
        impls = caller._hookimpls
        manager = canton._pm
        plain = manager._inner_hookexec is _PLAIN_EXEC
    except AttributeError:
        return None
    if (
        _PLAIN_EXEC is None
        or not plain
        or spec is None
        or not spec.opts.get("firstresult", False)
        or spec.kwargdefaults
        or tuple(spec.argnames) != argnames
        or len(impls) != 1
    ):
        return None
    impl = impls[0]
    if impl.hookwrapper or impl.wrapper or impl.kwargnames:
        return None
    if not set(impl.argnames) <= set(argnames):
        return None
    return _Direct(caller, impl, manager, tuple(argnames.index(a) for a in impl.argnames))


def call_first(
    canton: Canton,
    hook: str,
    expect: Callable[[Any], bool],
    describe: str,
    argnames: tuple[str, ...],
    args: tuple[Any, ...],
) -> Any:
    """``canton.call(hook, expect, describe, **dict(zip(argnames, args)))``, directly if possible.

    ``argnames`` must be the hook spec's argument names, in the spec's order.
    """
    direct = _direct(canton, hook, argnames)
    if direct is None or not direct.current():
        return canton.call(hook, expect, describe, **dict(zip(argnames, args, strict=True)))
    try:
        result = direct.function(*[args[i] for i in direct.positions])
    except PluginError:
        raise
    except Exception as exc:
        # As Canton.call for a hook that receives the case: the type only, never the message.
        raise PluginError(canton.plugin_name, hook, f"raised {type(exc).__name__}") from exc
    if result is not None and not expect(result):
        raise PluginError(
            canton.plugin_name, hook, f"returned {type(result).__name__}, expected {describe}"
        )
    return result
