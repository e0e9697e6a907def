"""Helpers of the privacy tests: every written form of a person's identifiers, and leak checks."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date

from iizcore.model import Case


def identifier_forms(case: Case) -> list[str]:
    """Name (whole and its parts), AHV number (dotted, plain, spaced), birth date (ISO, Swiss)."""
    person = case.person
    forms: list[str] = []
    if person.name:
        forms.append(person.name)
        forms += [part for part in person.name.split() if len(part) > 2]
    if person.ahv_number is not None:
        dotted = person.ahv_number.reveal()
        digits = dotted.replace(".", "")
        forms += [dotted, digits, f"{digits[:3]} {digits[3:7]} {digits[7:11]} {digits[11:]}"]
    forms += date_forms(person.birth_date)
    return forms


def date_forms(day: date) -> list[str]:
    """ISO ``1980-05-17``, Swiss ``17.05.1980`` and ``17.5.1980``."""
    return [day.isoformat(), day.strftime("%d.%m.%Y"), f"{day.day}.{day.month}.{day.year}"]


def found(forms: Iterable[str], text: str) -> list[str]:
    """The forms that occur in ``text`` (names as whole words)."""
    hits = []
    for form in forms:
        if re.search(rf"(?<![\w]){re.escape(form)}(?![\w])", text):
            hits.append(form)
    return hits


def number_in(number: int, text: str) -> bool:
    """Whether ``number`` occurs in ``text`` as a standalone number (not part of a longer token)."""
    return re.search(rf"(?<![0-9A-Za-z_]){number}(?![0-9A-Za-z_])", text) is not None


def tracks_number(first: str, n1: int, second: str, n2: int) -> bool:
    """Whether the two texts carry ``n1`` and ``n2`` at the same token: the number leaked.

    A number that appears by coincidence (an age of 44 and municipality 44) sits in one
    text only; a value copied from the municipality field moves with it.
    """
    t1, t2 = re.split(r"[^0-9A-Za-z_]+", first), re.split(r"[^0-9A-Za-z_]+", second)
    matcher = difflib.SequenceMatcher(a=t1, b=t2, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            pairs = zip(t1[i1:i2], t2[j1:j2], strict=True)
            if any(a == str(n1) and b == str(n2) for a, b in pairs):
                return True
    return False
