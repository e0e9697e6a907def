"""The AHV number (AHVN13, "756.1234.5678.97"): validated, never shown.

Validation is python-stdnum's ``stdnum.ch.ssn`` (EAN-13 check digit, the 756
prefix): a small, well-kept library that beats a hand-written check.
The number is personal data; its ``repr`` and ``str`` are masked and no error
message ever contains it.
"""

from __future__ import annotations

from typing import Final

__all__ = ["MASK", "AHVNumber"]

MASK: Final = "756.****.****.**"


class AHVNumber:
    """A valid AHV number. ``str()`` and ``repr()`` are masked; :meth:`reveal` gives the digits.

    Raises:
        ValueError: on construction from an invalid number; the message never
            repeats the number.
    """

    __slots__ = ("_digits",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise ValueError("AHV number must be a string")
        # Imported on first use: stdnum pulls in email, ssl and urllib (≈ 10-20 ms), which a
        # user who assesses cases without AHV numbers never needs (issue 9: import time).
        from stdnum.ch import ssn  # type: ignore[import-untyped, unused-ignore]
        from stdnum.exceptions import ValidationError  # type: ignore[import-untyped, unused-ignore]

        try:
            digits: str = ssn.validate(value)
        except ValidationError:
            raise ValueError(
                "not a valid AHV number (13 digits starting with 756, EAN-13 check digit)"
            ) from None
        self._digits = digits

    def reveal(self) -> str:
        """The number in its official format ``756.XXXX.XXXX.XX`` — for the owning system only."""
        from stdnum.ch import ssn  # type: ignore[import-untyped, unused-ignore]

        formatted: str = ssn.format(self._digits)
        return formatted

    def __repr__(self) -> str:
        return f"AHVNumber({MASK!r})"

    def __str__(self) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AHVNumber) and other._digits == self._digits

    def __hash__(self) -> int:
        return hash(("AHVNumber", self._digits))

    def __reduce__(self) -> tuple[type[AHVNumber], tuple[str]]:
        return (AHVNumber, (self._digits,))
