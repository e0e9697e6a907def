"""Error messages never repeat an identifier typed into the wrong field (io.convert).

A name, an AHV number or a birth date put into a field that holds no personal data —
``person.sex``, ``person.monthly_income``, ``history[0].institution`` — must not come back in
the InputError: only short enum-like tokens (``io.convert.ECHO_PATTERN``) are echoed.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iizcore import Case, InputError, structure
from iizcore.io.convert import ECHO_PATTERN
from iizcore.testing import strategies as iz
from tests.conftest import case_data as _case_data_fixture

#: Paths of fields that cannot hold personal data, so their values used to be echoed.
TARGETS: tuple[tuple[str | int, ...], ...] = (
    ("person", "sex"),
    ("person", "monthly_income"),
    ("person", "assets"),
    ("person", "employment", "status"),
    ("person", "employment", "unemployed_since"),
    ("person", "employment", "insured_monthly_earnings"),
    ("person", "residence", "canton"),
    ("history", 0, "institution"),
    ("history", 0, "benefit"),
    ("history", 0, "start"),
    ("consents", 0, "institutions", 0),
    ("as_of",),
)


def _base() -> dict[str, Any]:
    fixture = getattr(_case_data_fixture, "__wrapped__", _case_data_fixture)
    data: dict[str, Any] = fixture()
    return data


def _put(data: dict[str, Any], path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node: Any = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def _names() -> st.SearchStrategy[str]:
    word = st.from_regex(r"[A-ZÄÖÜ][a-zäöüé]{1,12}", fullmatch=True)
    return st.tuples(word, word).map(" ".join)


def _birth_dates() -> st.SearchStrategy[str]:
    day = st.dates(date(1930, 1, 1), date(2010, 12, 31))
    return st.one_of(
        day.map(date.isoformat),
        day.map(lambda d: d.strftime("%d.%m.%Y")),
        day.map(lambda d: d.strftime("%d/%m/%y")),
    )


IDENTIFIERS = st.one_of(
    _names(),
    iz.ahv_numbers().map(lambda n: n.reveal()),
    iz.ahv_numbers().map(lambda n: n.reveal().replace(".", "")),
    _birth_dates(),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TARGETS), IDENTIFIERS)
def test_identifiers_in_other_fields_are_never_echoed(
    target: tuple[str | int, ...], secret: str
) -> None:
    data = _put(_base(), target, secret)
    try:
        structure(data, Case)
    except InputError as exc:
        message = str(exc)
    else:  # a date typed into a date field is valid data, not an error
        return
    assert secret not in message
    for part in secret.replace(".", " ").replace("/", " ").split():
        if len(part) >= 4 and not ECHO_PATTERN.fullmatch(part):
            assert part not in message, (target, secret, message)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(TARGETS), st.integers(1000, 10**13) | st.floats(1000, 1e12))
def test_numbers_in_other_fields_are_never_echoed(
    target: tuple[str | int, ...], number: float
) -> None:
    data = _put(_base(), target, number)
    try:
        structure(data, Case)
    except InputError as exc:
        assert str(int(number)) not in str(exc)


@pytest.mark.parametrize(
    ("target", "value"),
    [(("person", "sex"), "maybe"), (("history", 0, "institution"), "alv")],
)
def test_short_enum_like_tokens_are_still_echoed(target: tuple[str | int, ...], value: str) -> None:
    """A mistyped enum value is shown, so the user sees what was wrong."""
    with pytest.raises(InputError) as info:
        structure(_put(_base(), target, value), Case)
    assert repr(value) in str(info.value)


def test_the_reviewers_reproducers() -> None:
    """person.sex with an AHV number, monthly_income with a birth date, an institution with a
    name (review finding 6)."""
    for target, secret in (
        (("person", "sex"), "756.9217.0769.85"),
        (("person", "monthly_income"), "1978-04-12"),
        (("history", 0, "institution"), "Hans Muster"),
    ):
        with pytest.raises(InputError) as info:
            structure(_put(_base(), target, secret), Case)
        assert secret not in str(info.value)
        assert str(info.value).startswith(".".join(str(p) for p in target).replace(".0", "[0]"))
