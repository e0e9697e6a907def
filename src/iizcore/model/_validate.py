"""Validators shared by the model classes.

They raise :class:`FieldError`, which carries the field name, so that the
converter can report the full path (``person.residence.canton``). Messages
never repeat the offending value: it may be personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["FieldError", "at_least", "between", "non_empty"]


class FieldError(ValueError):
    """A model validation error for one field; ``reason`` never contains the value."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


def non_empty(_: object, attribute: Any, value: str) -> None:
    """The string is not empty or blank."""
    if not value.strip():
        raise FieldError(attribute.name, "must not be empty")


def between(low: int, high: int) -> Callable[[object, Any, Any], None]:
    """An integer (or None) in ``[low, high]``."""

    def check(_: object, attribute: Any, value: int | None) -> None:
        if value is not None and not low <= value <= high:
            raise FieldError(attribute.name, f"must be between {low} and {high}")

    return check


def at_least(low: int) -> Callable[[object, Any, Any], None]:
    """An integer of at least ``low``."""

    def check(_: object, attribute: Any, value: int) -> None:
        if value < low:
            raise FieldError(attribute.name, f"must be at least {low}")

    return check
