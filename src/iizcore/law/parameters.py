"""Dated parameters: legal values as data, each with its validity start and source.

In the style of OpenFisca, a value that changed by law has one row per
validity start. Reading a parameter is always "as of" a date; a date before
the first row is a :class:`~iizcore.errors.ParameterError`, never a guess.

File format (TOML, ``iizcore/law/data/*.toml`` for federal values, the same
format in canton plugins)::

    [[parameter]]
    name = "alv.max_insured_earnings_year"
    unit = "CHF/year"
    description = "Höchstbetrag des versicherten Verdienstes"
    [[parameter.values]]
    since = 2016-01-01
    value = "148200"
    ref = "UVV Art. 22 Abs. 1"
    source = "where the value was read"
    verified = true
    note = "optional"

A ``value`` is a decimal string, or a table ``"40:25,41:27.5"`` (key:value
pairs) read with :meth:`ParameterSet.table`.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any, Final

from attrs import field, frozen

from iizcore.errors import InputError, ParameterError
from iizcore.model.reference import LegalRef

__all__ = [
    "Parameter",
    "ParameterSet",
    "ParameterValue",
    "federal_parameters",
    "load_parameter_file",
    "parse_parameters",
]


@frozen
class ParameterValue:
    """One value of a parameter, valid from ``since`` until the next row."""

    since: date
    value: str
    ref: LegalRef
    source: str
    verified: bool = True
    note: str | None = None
    # The parsed value, kept after the first use: rules read the same rows case after case.
    _decimal: Decimal | None = field(
        default=None, init=False, eq=False, order=False, hash=False, repr=False
    )
    _table: dict[Decimal, Decimal] | None = field(
        default=None, init=False, eq=False, order=False, hash=False, repr=False
    )

    @property
    def decimal(self) -> Decimal:
        """The value as a Decimal."""
        parsed = self._decimal
        if parsed is None:
            parsed = Decimal(self.value)
            object.__setattr__(self, "_decimal", parsed)
        return parsed

    @property
    def table(self) -> dict[Decimal, Decimal]:
        """The value as a table ``{key: value}`` (from ``"40:25,41:27.5"``); a fresh dict."""
        parsed = self._table
        if parsed is None:
            pairs = (item.split(":", 1) for item in self.value.split(","))
            parsed = {Decimal(k.strip()): Decimal(v.strip()) for k, v in pairs}
            object.__setattr__(self, "_table", parsed)
        return dict(parsed)


def _sorted_values(values: Iterable[ParameterValue]) -> tuple[ParameterValue, ...]:
    ordered = tuple(sorted(values, key=lambda v: v.since))
    for earlier, later in itertools.pairwise(ordered):
        if earlier.since == later.since:
            raise ValueError(f"two values start on {later.since.isoformat()}")
    return ordered


@frozen
class Parameter:
    """A named legal parameter and its values over time."""

    name: str
    unit: str
    description: str
    values: tuple[ParameterValue, ...] = field(converter=_sorted_values)
    origin: str = "federal"
    """``"federal"`` or the canton code that supplied the values."""
    _starts: tuple[date, ...] = field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if not self.values:
            raise ValueError(f"parameter {self.name!r} has no values")
        object.__setattr__(self, "_starts", tuple(v.since for v in self.values))

    def at(self, on: date) -> ParameterValue:
        """The value in force on ``on``.

        Raises:
            ParameterError: if ``on`` is before the first validity start.
        """
        index = bisect.bisect_right(self._starts, on) - 1
        if index < 0:
            raise ParameterError(
                f"parameter {self.name!r} has no value before {self._starts[0].isoformat()} "
                f"(asked for {on.isoformat()})"
            )
        return self.values[index]


#: Resolved values kept per parameter set before the cache starts afresh (bounds memory
#: when a batch spans many dates).
_CACHE_LIMIT: Final = 50_000


class ParameterSet(Mapping[str, Parameter]):
    """Parameters by name; a canton's set overlays the federal one (see :meth:`overlay`)."""

    def __init__(self, parameters: Iterable[Parameter] = ()) -> None:
        self._params: dict[str, Parameter] = {}
        for p in parameters:
            if p.name in self._params:
                raise ValueError(f"parameter {p.name!r} defined twice")
            self._params[p.name] = p
        # Resolved once per (name, date): rules ask for the same values case after case.
        self._values: dict[tuple[str, date], Decimal] = {}
        self._tables: dict[tuple[str, date], dict[Decimal, Decimal]] = {}

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._params[name]
        except KeyError:
            raise ParameterError(f"unknown parameter {name!r}") from None

    def __contains__(self, name: object) -> bool:
        # Mapping's default catches KeyError only; __getitem__ raises ParameterError.
        return name in self._params

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)

    def entry(self, name: str, on: date) -> ParameterValue:
        """The row of ``name`` in force on ``on`` (value, legal reference, source)."""
        return self[name].at(on)

    def value(self, name: str, on: date) -> Decimal:
        """The decimal value of ``name`` on ``on`` (cached per name and date)."""
        key = (name, on)
        cached = self._values.get(key)
        if cached is None:
            if len(self._values) >= _CACHE_LIMIT:
                self._values.clear()
            cached = self._values[key] = self[name].at(on).decimal
        return cached

    def table(self, name: str, on: date) -> dict[Decimal, Decimal]:
        """The table value of ``name`` on ``on`` (parsed once per name and date; a fresh copy)."""
        key = (name, on)
        cached = self._tables.get(key)
        if cached is None:
            if len(self._tables) >= _CACHE_LIMIT:
                self._tables.clear()
            cached = self._tables[key] = self[name].at(on).table
        return dict(cached)

    def overlay(self, cantonal: Iterable[Parameter]) -> ParameterSet:
        """This set with a canton's parameters laid over it.

        A cantonal series wins from its first validity start on; federal rows
        before that start remain (a canton that adopted a SKOS figure in 2023
        uses the federal/SKOS figures for earlier dates). Parameters only the
        canton knows are added.
        """
        merged = dict(self._params)
        for param in cantonal:
            base = merged.get(param.name)
            if base is None:
                merged[param.name] = param
                continue
            first = param.values[0].since
            earlier = tuple(v for v in base.values if v.since < first)
            merged[param.name] = Parameter(
                name=param.name,
                unit=param.unit or base.unit,
                description=param.description or base.description,
                values=earlier + param.values,
                origin=param.origin,
            )
        return ParameterSet(merged.values())


def parse_parameters(data: Mapping[str, Any], *, origin: str, where: str) -> list[Parameter]:
    """Parameters from parsed TOML ``data``; ``where`` names the file in errors.

    Raises:
        InputError: naming the file, the parameter and the field that is wrong.
    """
    out: list[Parameter] = []
    for i, raw in enumerate(data.get("parameter", [])):
        path = f"{where}:parameter[{i}]"
        try:
            name = str(raw["name"])
            path = f"{where}:{name}"
            values = []
            for j, row in enumerate(raw.get("values", [])):
                vpath = f"{path}.values[{j}]"
                if not isinstance(row.get("since"), date):
                    raise InputError(f"{vpath}.since", "not a TOML date")
                value = str(row["value"])
                _check_value(value, f"{vpath}.value")
                try:
                    ref = LegalRef.parse(str(row["ref"]))
                except ValueError:
                    raise InputError(f"{vpath}.ref", "not a legal reference") from None
                values.append(
                    ParameterValue(
                        since=row["since"],
                        value=value,
                        ref=ref,
                        source=str(row["source"]),
                        verified=bool(row.get("verified", False)),
                        note=row.get("note"),
                    )
                )
            out.append(
                Parameter(
                    name=name,
                    unit=str(raw.get("unit", "")),
                    description=str(raw.get("description", "")),
                    values=tuple(values),
                    origin=origin,
                )
            )
        except KeyError as exc:
            raise InputError(path, f"missing field {exc.args[0]!r}") from None
        except ValueError as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(path, str(exc)) from None
    return out


def _check_value(value: str, path: str) -> None:
    try:
        if ":" in value:
            ParameterValue(date.min, value, LegalRef("X", "1"), "").table  # noqa: B018
        else:
            Decimal(value)
    except (InvalidOperation, ValueError):
        raise InputError(path, "not a decimal value or a key:value table") from None


def load_parameter_file(path: Path | str, *, origin: str) -> list[Parameter]:
    """Read a parameter TOML file (federal or a canton plugin's)."""
    p = Path(path)
    with p.open("rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(p.name, f"not valid TOML: {exc}") from None
    return parse_parameters(data, origin=origin, where=p.name)


@functools.cache
def federal_parameters() -> ParameterSet:
    """The federal parameters bundled in ``iizcore/law/data/*.toml`` (read once)."""
    params: list[Parameter] = []
    folder = resources.files("iizcore.law") / "data"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            params.extend(parse_parameters(data, origin="federal", where=entry.name))
    return ParameterSet(params)
