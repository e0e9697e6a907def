"""One cattrs converter for the whole library, and error translation.

JSON conventions: dates are ISO strings (``"2024-03-01"``), money is a decimal
string (``"1234.50"``; integers accepted, floats refused), legal references are
strings (``"AVIG Art. 27 Abs. 2 lit. c"``), enums are their values, unknown
keys are errors.

Every structuring failure becomes an :class:`~iizcore.errors.InputError`
naming the field path and the reason, e.g.
``person.birth_date: not a date (expected YYYY-MM-DD)``. A wrong value is
echoed only when it is a short enum-like token (:data:`ECHO_PATTERN`:
lowercase letters and underscores, at most 30) in a field that cannot hold
personal data — ``person.sex: not one of: female, male: 'maybe'``. Anything
else (digits, a date, words with spaces, capitals) could be an identifier
typed into the wrong field — an AHV number, a birth date, a name — and is
never repeated: only the reason is given.
"""

from __future__ import annotations

import enum
import functools
import json
import operator
import re
import sys
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.fns import identity

from iizcore.errors import InputError
from iizcore.model._validate import FieldError
from iizcore.model.ahv import AHVNumber
from iizcore.model.money import Money, to_decimal
from iizcore.model.reference import LegalRef

__all__ = [
    "ECHO_PATTERN",
    "PERSONAL_FIELDS",
    "converter",
    "dumps",
    "fragment_converter",
    "loads",
    "structure",
    "unstructure",
]

T = TypeVar("T")

#: Field names whose values are personal data and are never echoed in an error.
PERSONAL_FIELDS: Final = frozenset(
    {"ahv_number", "name", "birth_date", "bfs_municipality", "id", "entry_date"}
)


#: The only values an error message repeats: short enum-like tokens.
ECHO_PATTERN: Final = re.compile(r"[a-z_]{1,30}")


def _echoable(value: object) -> bool:
    return isinstance(value, str) and ECHO_PATTERN.fullmatch(value) is not None


class _Reason(ValueError):
    """A structuring failure with a reason and, where safe to show, the value."""

    def __init__(self, reason: str, value: object = None) -> None:
        self.reason = reason
        self.value = value
        super().__init__(reason)


_date_from_text: Final = date.fromisoformat


def _structure_date(value: object, _: type) -> date:
    # A string first (a case has ≈ 15 dates): one type check, the parse, nothing else.
    if value.__class__ is str:
        try:
            return _date_from_text(value)
        except ValueError:
            raise _Reason("not a date (expected YYYY-MM-DD)", value) from None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise _Reason("not a date (expected a string YYYY-MM-DD)", value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Reason("not a date (expected YYYY-MM-DD)", value) from None


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Reason("not an integer", value)
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _Reason("not a boolean (true or false)", value)
    return value


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _Reason("not a string", None)
    return value


def _structure_decimal(value: object, _: type) -> Decimal:
    try:
        return to_decimal(value)
    except ValueError as exc:
        raise _Reason(str(exc), value) from None


def _structure_money(value: object, _: type) -> Money:
    return Money(_structure_decimal(value, Decimal))


def _structure_legal_ref(value: object, _: type) -> LegalRef:
    if not isinstance(value, str):
        raise _Reason("not a legal reference string such as 'AVIG Art. 27 Abs. 2'", value)
    try:
        return LegalRef.parse(value)
    except ValueError:
        raise _Reason("not a legal reference such as 'AVIG Art. 27 Abs. 2 lit. c'", value) from None


def _structure_ahv(value: object, _: type) -> AHVNumber:
    if not isinstance(value, str):
        raise _Reason("not a string")
    # AHVNumber's own message never repeats the number.
    try:
        return AHVNumber(value)
    except ValueError as exc:
        raise _Reason(str(exc)) from None


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    # The member by its value straight from the enum's own map: a case has ≈ 17 enum
    # fields, and ``cls(value)`` goes through EnumType.__call__ and __new__ first.
    try:
        return cls._value2member_map_[value]
    except (KeyError, TypeError):
        pass
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in cls)
        raise _Reason(f"not one of: {allowed}", value) from None


def _is_frozenset(tp: Any) -> bool:
    return tp is frozenset or typing.get_origin(tp) is frozenset


_PLAIN: Final = frozenset({str, int, bool, type(None)})


def _is_optional_plain(tp: Any) -> bool:
    # ``str | None`` and the like: JSON-ready as they are. Telling cattrs so
    # (the identity hook) lets its generated code read the attribute directly
    # instead of dispatching on every value — most fields of a Reason or a
    # Labels are optional strings.
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return False
    return all(arg in _PLAIN for arg in typing.get_args(tp))


def _is_optional(tp: Any) -> bool:
    # ``X | None`` with one X (``X | Y | None`` stays with cattrs' union handling).
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return False
    args = typing.get_args(tp)
    return len(args) == 2 and type(None) in args


def _is_variadic_tuple(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_unstructure_hook_func(_is_optional_plain, identity)

    def variadic_tuple(tp: Any) -> Callable[[Any], list[Any]]:
        # The same list cattrs makes for ``tuple[X, ...]``, with the item hook
        # resolved once, list(map()) instead of list(generator) and nothing to map
        # for an empty tuple: an assessment holds ≈ 40 such tuples (reasons, amounts,
        # dates, shares, refs), many of them empty.
        item = conv.get_unstructure_hook(typing.get_args(tp)[0])
        if item == identity:
            return list
        return lambda values: list(map(item, values)) if values else []

    conv.register_unstructure_hook_factory(_is_variadic_tuple, variadic_tuple)

    def structure_variadic_tuple(tp: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        # cattrs looks up the item hook for every item and wraps each in try/finally;
        # here the hook is resolved once and the items structured in one comprehension.
        # Only if that fails are the items structured again one by one, to report every
        # bad item with its index exactly as cattrs's detailed validation does.
        item_type = typing.get_args(tp)[0]
        item = conv.get_structure_hook(item_type)

        def structure_tuple(value: Any, _: Any) -> tuple[Any, ...]:
            try:
                return tuple([item(v, item_type) for v in value])
            except Exception:
                return _structure_items_one_by_one(value, tp, item, item_type)

        return structure_tuple

    conv.register_structure_hook_factory(_is_variadic_tuple, structure_variadic_tuple)

    def structure_optional(tp: Any) -> Callable[[Any, Any], Any]:
        # cattrs' own hook for ``X | None`` looks up X's hook on every value (≈ 9 optional
        # fields a case); here it is resolved once. Errors are X's, raised as they are.
        inner = next(arg for arg in typing.get_args(tp) if arg is not type(None))
        hook = conv.get_structure_hook(inner)

        def structure_optional_value(value: Any, _: Any) -> Any:
            return None if value is None else hook(value, inner)

        return structure_optional_value

    conv.register_structure_hook_factory(_is_optional, structure_optional)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(Money, _structure_money)
    conv.register_unstructure_hook(Money, lambda m: str(m.amount))
    conv.register_structure_hook(LegalRef, _structure_legal_ref)
    conv.register_unstructure_hook(LegalRef, str)
    conv.register_structure_hook(AHVNumber, _structure_ahv)
    conv.register_unstructure_hook(AHVNumber, AHVNumber.reveal)
    conv.register_unstructure_hook_func(
        _is_frozenset, lambda s: [conv.unstructure(v) for v in sorted(s)]
    )
    # StrEnum precedes str in a StrEnum's MRO, so this wins over the ``str`` hook.
    for base in (enum.Enum, enum.StrEnum):
        conv.register_structure_hook(base, _structure_enum)
        # ``_value_`` is what the ``value`` property returns, without the descriptor.
        conv.register_unstructure_hook(base, operator.attrgetter("_value_"))
    return conv


def fragment_converter(cached: Iterable[Any], *, max_entries: int = 1024) -> cattrs.Converter:
    """A converter for compact JSON by ``orjson.dumps``, encoding shared objects once.

    Its ``unstructure`` returns what :func:`unstructure` returns, except that a value
    of a type in ``cached`` becomes an ``orjson.Fragment`` holding the value's compact
    JSON, encoded on first use and then reused for the same object (by identity):
    results memoised by the rules — reasons, shares, cost items — are shared by many
    assessments and encoded once. ``orjson.dumps`` (without options) of the data
    writes exactly the bytes of ``orjson.dumps(unstructure(obj))``; the data is meant
    for that alone (not for indented output, nor as plain data).

    ``cached`` holds attrs classes and variadic tuple types (``tuple[X, ...]``). Only
    **frozen (immutable)** attrs classes whose fields hold immutable values (strings,
    numbers, dates, enums, tuples, other frozen classes), and tuples of such classes,
    may be listed: a cached encoding must stay true for as long as the object lives.
    Each type's cache holds at most ``max_entries`` objects and is emptied when full;
    an entry keeps its object alive, so an ``id`` cannot be reused while it is cached.
    The order of ``cached`` does not matter.
    """
    import orjson

    conv = _make_converter()
    # Contained types first: the hook of a type is generated once, with the hooks of
    # its fields as they stand, so a cached field type must be registered before it.
    for tp in _contained_first(cached):
        hook = _fragment_hook(conv.get_unstructure_hook(tp), max_entries, orjson)
        # Exactly this type (not its subclasses, which have hooks of their own).
        conv.register_unstructure_hook_func(functools.partial(operator.eq, tp), hook)
    return conv


def _fragment_hook(
    base: Callable[[Any], Any], max_entries: int, orjson: Any
) -> Callable[[Any], Any]:
    # Only for values that never change (frozen attrs classes, tuples of them): the
    # encoding is made once per object and reused for as long as the entry lives.
    dumps, fragment = orjson.dumps, orjson.Fragment
    # id(value) -> (value, its JSON): holding the value keeps its id from being reused.
    cache: dict[int, tuple[object, Any]] = {}
    get = cache.get

    def unstructure_cached(value: Any) -> Any:
        hit = get(id(value))
        if hit is not None:
            return hit[1]
        # Copied to its own size: the bytes orjson returns keep the capacity of its buffer
        # (orjson 3.13: at least 4 KiB, ≈ 7× a Reason's JSON; 32 KiB for 3 KB of JSON), which
        # thousands of cached fragments would hold on to (+90 MB in a batch of 20,000 cases).
        encoded = fragment(bytes(memoryview(dumps(base(value)))))
        if len(cache) >= max_entries:
            cache.clear()
        cache[id(value)] = (value, encoded)
        return encoded

    return unstructure_cached


def _contained_first(types: Iterable[Any]) -> list[Any]:
    """``types`` ordered so that a type comes after every listed type its fields can hold."""
    listed = list(dict.fromkeys(types))
    order: list[Any] = []
    seen: set[Any] = set()

    def visit(tp: Any) -> None:
        if tp in seen:
            return
        seen.add(tp)
        for arg in typing.get_args(tp):
            visit(arg)
        if attrs.has(tp):
            for hint in typing.get_type_hints(tp).values():
                visit(hint)
        if tp in listed:
            order.append(tp)

    for tp in listed:
        visit(tp)
    return order


def _structure_items_one_by_one(
    value: Any, tp: Any, item: Callable[[Any, Any], Any], item_type: Any
) -> tuple[Any, ...]:
    errors: list[Exception] = []
    out: list[Any] = []
    for index, v in enumerate(value):
        try:
            out.append(item(v, item_type))
        except Exception as exc:
            note = IterableValidationNote(f"Structuring {tp} @ index {index}", index, item_type)
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]
            errors.append(exc)
    if errors:
        raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
    return tuple(out)


#: The converter every part of iizcore uses.
converter: Final = _make_converter()


def _join(path: str, part: str | int) -> str:
    if isinstance(part, int):
        return f"{path}[{part}]"
    return f"{path}.{part}" if path else part


def _describe(exc: BaseException, path: str) -> Iterator[tuple[str, str]]:
    """Yield (path, reason) for each leaf failure in a cattrs error tree."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                yield from _describe(inner, _join(path, note.name))
            elif isinstance(note, IterableValidationNote):
                yield from _describe(inner, _join(path, int(note.index)))
            else:  # pragma: no cover - cattrs only emits the two notes above
                yield from _describe(inner, path)
        for inner in without:
            yield from _describe(inner, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        yield path, f"unknown field(s): {', '.join(sorted(exc.extra_fields))}"
    elif isinstance(exc, KeyError):
        yield path, "required field is missing"
    elif isinstance(exc, FieldError):
        yield _join(path, exc.field), exc.reason
    elif isinstance(exc, _Reason):
        leaf = path.rsplit(".", 1)[-1].split("[", 1)[0]
        if leaf not in PERSONAL_FIELDS and _echoable(exc.value):
            yield path, f"{exc.reason}: {exc.value!r}"
        else:
            yield path, exc.reason
    elif isinstance(exc, ValueError) and type(exc).__module__.startswith("iizcore"):
        yield path, str(exc)
    elif isinstance(exc, TypeError):
        yield path, "wrong type (an object, list or value of another kind was expected)"
    else:
        yield path, "invalid value"


def structure(data: Any, cls: type[T], *, path: str = "") -> T:
    """Build an instance of ``cls`` from JSON-like ``data``.

    Raises:
        InputError: naming the path of the first bad field and the reason; the
            message lists further problems after it, and never contains
            personal data.
    """
    # An exception the caller is handling (structure() called in an except block) becomes
    # the context of ours: its traceback is the caller's and stays untouched.
    outer = sys.exception()
    try:
        return converter.structure(data, cls)
    except Exception as exc:
        problems = list(_describe(exc, path))
        if not problems:  # pragma: no cover - defensive
            problems = [(path, "invalid value")]
        first_path, first_reason = problems[0]
        if len(problems) > 1:
            more = "; ".join(f"{p or '<document>'}: {r}" for p, r in problems[1:4])
            first_reason = f"{first_reason} (and {len(problems) - 1} more: {more})"
        _drop_tracebacks(exc, outer)
        raise InputError(first_path, first_reason) from None


def _drop_tracebacks(exc: BaseException, outer: BaseException | None) -> None:
    """Clear the frames of the tracebacks of ``exc``, its sub-exceptions and their contexts.

    ``outer``, the exception the caller was handling when the error arose, ends the walk:
    it and its own context belong to the caller.

    cattrs collects the errors of every field in a list that its own frames hold,
    and each error's traceback holds those frames: reference cycles, which only
    the cyclic garbage collector frees, with the input they hold (a rejected line
    of a batch, up to 4 MB). The messages have been read; with the frames' locals
    cleared (:func:`traceback.clear_frames`; the frame still running is left as it
    is) and the tracebacks dropped, reference counting frees all of it at once.
    """
    import traceback  # on the error path only: ``import iizcore`` stays light (issue 9)

    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if current is outer or id(current) in seen:
            continue
        seen.add(id(current))
        if current.__traceback__ is not None:
            traceback.clear_frames(current.__traceback__)
            current.__traceback__ = None
        if isinstance(current, BaseExceptionGroup):
            stack.extend(current.exceptions)
        for linked in (current.__context__, current.__cause__):
            if linked is not None:
                stack.append(linked)


def unstructure(obj: Any) -> Any:
    """JSON-ready data (dicts, lists, strings, numbers) for ``obj``."""
    return converter.unstructure(obj)


def loads(text: str | bytes, cls: type[T]) -> T:
    """Parse JSON ``text`` into ``cls``.

    Raises:
        InputError: for malformed JSON (path ``""``) or bad fields.
    """
    import orjson  # on first use: ``import iizcore`` stays light (issue 9)

    try:
        # orjson parses about twice as fast (a batch reads every case this way); on any
        # failure the json module parses again, so that what is accepted (NaN, integers
        # beyond 64 bits) and the error messages stay those of the json module.
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        data = _json_loads(text)
    return structure(data, cls)


def _json_loads(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        where = (
            f" at line {exc.lineno} column {exc.colno}"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        raise InputError("", f"not valid JSON: {reason}{where}") from None
    except RecursionError:
        raise InputError("", "not valid JSON: nested too deeply") from None
    except ValueError:
        # json raises a plain ValueError for an integer beyond Python's digit limit.
        raise InputError("", "not valid JSON: a number has too many digits") from None


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """``obj`` as JSON text."""
    return json.dumps(unstructure(obj), ensure_ascii=False, indent=indent)
