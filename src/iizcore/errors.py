"""The exceptions iizcore raises.

One base class, :class:`IIZError`, so that a caller can catch everything iizcore
raises on purpose with one ``except``; any other exception is a bug.
"""

from __future__ import annotations

__all__ = ["IIZError", "InputError", "ParameterError", "PluginError", "RuleError"]


class IIZError(Exception):
    """Base class of every error iizcore raises on purpose."""


class InputError(IIZError, ValueError):
    """Bad input data: names the path of the field and the reason.

    The message never contains a personal identifier (AHV number, name, birth
    date); see :mod:`iizcore.io`.

    Attributes:
        path: dotted path of the offending field, e.g. ``person.birth_date``
            (``""`` for the document itself).
        reason: what is wrong, in one short English sentence.
        line: line number in a JSONL file, where the error came from one.
    """

    def __init__(self, path: str, reason: str, *, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{path or '<document>'}: {reason}")

    def at_line(self, line: int) -> InputError:
        """The same error, located at ``line`` of a JSONL file."""
        return InputError(self.path, self.reason, line=line)


class PluginError(IIZError):
    """A canton plugin failed: it raised, returned malformed data, or clashed with another.

    Attributes:
        plugin: the plugin's name (its entry-point name or registered name).
        hook: the hook that failed (``iiz_network``...), or ``""`` for discovery errors.
        reason: what went wrong.
    """

    def __init__(self, plugin: str, hook: str, reason: str) -> None:
        self.plugin = plugin
        self.hook = hook
        self.reason = reason
        where = f"{plugin}.{hook}" if hook else plugin
        super().__init__(f"plugin {where}: {reason}")


class RuleError(IIZError):
    """A rule could not decide; the message says why (never with personal data)."""


class ParameterError(RuleError):
    """A parameter has no value for the date asked, or is unknown.

    Asking for a date before a parameter's first validity start is an error,
    not a guess.
    """
