"""Fuzzing the JSON loader and the JSONL reader: only the documented InputError, with a path.

``iizcore.io.loads``, ``iizcore.io.structure`` and ``iizcore.io.jsonl.read_jsonl`` must
turn any input — random text, random bytes, random JSON, valid case documents with one
part replaced — into a value or an :class:`~iizcore.errors.InputError` (a field path and a
reason), never another exception.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iizcore import InputError, loads, structure, unstructure
from iizcore.io.jsonl import read_jsonl
from iizcore.model import Case, Network, Person, Spell
from iizcore.testing import strategies as iz

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["2025-03-01", "756.1234.5678.97", "female", "alv_fund", "ZH", "12.50"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def _check(exc: InputError) -> None:
    assert isinstance(exc.path, str)
    assert exc.reason and isinstance(exc.reason, str)


@given(st.text(max_size=200))
def test_loads_random_text(text: str) -> None:
    try:
        loads(text, Case)
    except InputError as exc:
        _check(exc)


@given(st.binary(max_size=200))
def test_loads_random_bytes(data: bytes) -> None:
    try:
        loads(data, Case)
    except InputError as exc:
        _check(exc)


@given(json_values, st.sampled_from([Case, Person, Spell, Network]))
def test_structure_random_json(value: Any, cls: type[Any]) -> None:
    try:
        structure(value, cls)
    except InputError as exc:
        _check(exc)
    try:
        loads(json.dumps(value), cls)
    except InputError as exc:
        _check(exc)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {**node, head: _replace(node[head], rest, value)}
    copy = list(node)
    copy[head] = _replace(node[head], rest, value)
    return copy


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(iz.cases(), st.data())
def test_mutated_case_documents(case: Case, data: st.DataObject) -> None:
    """A valid case with one part replaced, deleted or an unknown key added."""
    doc = unstructure(case)
    path = data.draw(st.sampled_from(_paths(doc)))
    action = data.draw(st.sampled_from(["replace", "delete", "extra"]))
    if action == "replace" or not path:
        doc = _replace(doc, path, data.draw(json_values))
    elif action == "delete":
        parent = _get(doc, path[:-1])
        if isinstance(parent, dict):
            doc = _replace(doc, path[:-1], {k: v for k, v in parent.items() if k != path[-1]})
    else:
        parent = _get(doc, path[:-1])
        if isinstance(parent, dict):
            doc = _replace(doc, path[:-1], {**parent, "unexpected_key": 1})
    try:
        structure(doc, Case)
    except InputError as exc:
        _check(exc)


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        '{"id": ' + "[" * 5_000 + "]" * 5_000 + "}",
        "1" * 5_000,
        '{"id": "c", "as_of": ' + "9" * 5_000 + "}",
        "\ufeff{}",
        '"\\ud800"',
        "NaN",
        "",
    ],
)
def test_known_hard_inputs(text: str) -> None:
    """Deep nesting and over-long integers made json raise RecursionError and ValueError."""
    with pytest.raises(InputError) as info:
        loads(text, Case)
    _check(info.value)


@given(
    st.lists(
        st.one_of(st.binary(max_size=60), json_values.map(lambda v: json.dumps(v).encode())),
        max_size=12,
    )
)
def test_jsonl_reader_yields_one_item_per_record(lines: list[bytes]) -> None:
    """Every non-blank physical line gives one Case or one InputError at that line number."""
    blob = b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines)
    physical = blob.split(b"\n") if blob else []
    expected = [i for i, line in enumerate(physical, start=1) if line.strip()]
    items = list(read_jsonl(io.BytesIO(blob), Case))
    assert len(items) == len(expected)
    for item, line in zip(items, expected, strict=True):
        assert isinstance(item, InputError)
        _check(item)
        assert item.line == line


@given(st.lists(iz.cases(), max_size=4), st.integers(0, 40))
def test_jsonl_good_lines_and_a_truncated_end(cases: list[Case], cut: int) -> None:
    lines = [json.dumps(unstructure(c)).encode() for c in cases]
    blob = b"\n".join(lines)
    if lines and cut:
        blob = blob[: max(len(blob) - cut, 0)]
    items = list(read_jsonl(io.BytesIO(blob), Case))
    for item in items:
        if isinstance(item, InputError):
            _check(item)
            assert item.line == len(items)  # only the cut-off last line can fail
            assert "truncated" in item.reason or item.path
        else:
            assert isinstance(item, Case)
