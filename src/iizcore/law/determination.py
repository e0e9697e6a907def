"""What a rule returns: a :class:`Determination` with its reasons, amounts and legal references.

Every rule in :mod:`iizcore.law` is a function of a case and a
:class:`RuleContext` (the date and the parameters in force) that returns a
Determination. A determination always carries at least one
:class:`Reason`, and every reason its :class:`~iizcore.model.LegalRef`
(in the style of Catala: no decision without its article).

:class:`Trace` records, in order, every rule applied with its inputs and its
result, without personal identifiers (ages, not birth dates; no AHV number,
name or municipality). Rules call :meth:`Trace.step`; when no trace was asked
for, :data:`NO_TRACE` makes that call free.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from attrs import define, field, frozen

from iizcore.errors import RuleError
from iizcore.law.parameters import ParameterSet, ParameterValue
from iizcore.model._validate import FieldError, non_empty
from iizcore.model.institution import InstitutionKind
from iizcore.model.labels import Labels, Lang
from iizcore.model.money import Money
from iizcore.model.reference import LegalRef

__all__ = [
    "NO_TRACE",
    "Amount",
    "Determination",
    "KeyDate",
    "Outcome",
    "Quantity",
    "Reason",
    "RuleContext",
    "Trace",
    "TraceStep",
]


class Outcome(enum.StrEnum):
    """The outcome of a determination."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_CLARIFICATION = "needs_clarification"
    """The rule cannot decide from the data: a fact must be clarified (e.g. placeability)."""


@frozen
class Reason:
    """One reason of a determination: a machine code, the provision, and a sentence in de/fr/it/en.

    ``code`` is stable (``"alv.contribution_period.met"``) so that software
    can react to a reason without parsing text.
    """

    code: str = field(validator=non_empty)
    ref: LegalRef
    text: Labels
    met: bool | None = None
    """For a condition: whether it is met (None for information that is not a condition)."""

    def __str__(self) -> str:
        return f"{self.ref}: {self.text.de}"


@frozen
class Amount:
    """A money amount a rule determined (``"daily_allowance"``), with its provision."""

    name: str
    value: Money
    ref: LegalRef


@frozen
class Quantity:
    """A count or rate a rule determined (``"max_daily_allowances"``: 400 ``"days"``)."""

    name: str
    value: Decimal
    unit: str
    ref: LegalRef


@frozen
class KeyDate:
    """A date a rule determined (``"exhaustion_date"``: the day of the Aussteuerung)."""

    name: str
    day: date
    ref: LegalRef


def _at_least_one_reason(_: object, attribute: object, value: tuple[Reason, ...]) -> None:
    if not value:
        raise FieldError("reasons", "a determination needs at least one reason")


@frozen
class Determination:
    """The decision of one rule for one institution on one date."""

    institution: InstitutionKind
    rule: str
    """Stable name of the rule (``"alv.entitlement"``)."""
    outcome: Outcome
    reasons: tuple[Reason, ...] = field(validator=_at_least_one_reason)
    on: date
    amounts: tuple[Amount, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[KeyDate, ...] = ()

    @property
    def eligible(self) -> bool:
        return self.outcome is Outcome.ELIGIBLE

    @property
    def refs(self) -> tuple[LegalRef, ...]:
        """Every provision the determination rests on, in order, without repeats."""
        seen = dict.fromkeys(
            [r.ref for r in self.reasons]
            + [a.ref for a in self.amounts]
            + [q.ref for q in self.quantities]
            + [d.ref for d in self.dates]
        )
        return tuple(seen)

    def amount(self, name: str) -> Money | None:
        """The amount called ``name``, if determined."""
        return next((a.value for a in self.amounts if a.name == name), None)

    def quantity(self, name: str) -> Decimal | None:
        """The quantity called ``name``, if determined."""
        return next((q.value for q in self.quantities if q.name == name), None)

    def date(self, name: str) -> date | None:
        """The date called ``name``, if determined."""
        return next((d.day for d in self.dates if d.name == name), None)

    def summary(self, lang: Lang = "de") -> str:
        """The reasons as one line each, with their provisions."""
        return "\n".join(f"{r.ref}: {r.text.get(lang)}" for r in self.reasons)


@frozen
class TraceStep:
    """One rule application: its name, its inputs (no personal identifiers), its result."""

    rule: str
    inputs: tuple[tuple[str, str], ...]
    result: str
    refs: tuple[LegalRef, ...] = ()


InputValue = str | int | bool | Decimal | Money | date | None


@define
class Trace:
    """An ordered record of rule applications.

    Inputs must be facts a case worker can read without identifying the
    person: ages rather than birth dates, counts and amounts, never an AHV
    number, a name or a municipality.

    :meth:`step` appends exactly one :class:`TraceStep` to :attr:`steps`. A
    step is frozen, so code that records the same step for many cases may
    record it once and append that object again (coordination does so).
    """

    steps: list[TraceStep] = field(factory=list)
    enabled: bool = True

    def step(
        self,
        rule: str,
        inputs: Mapping[str, InputValue] | Callable[[], Mapping[str, InputValue]],
        result: object,
        *refs: LegalRef,
    ) -> None:
        """Record a step. ``inputs`` may be a callable, evaluated only when tracing."""
        if not self.enabled:
            return
        values = inputs() if callable(inputs) else inputs
        # Each value is shown by the function kept for its type (mostly the builtin str):
        # a trace of one case has ≈ 17 steps with ≈ 4 inputs each.
        formats = _FORMATS
        shown = []
        for key, value in values.items():
            fmt = formats.get(type(value))
            shown.append((key, (fmt or _format_for(type(value)))(value)))
        fmt = formats.get(type(result))
        self.steps.append(
            TraceStep(
                rule=rule,
                inputs=tuple(shown),
                result=(fmt or _format_for(type(result)))(result),
                refs=refs,
            )
        )


def _enum_text(value: enum.Enum) -> str:
    return str(value.value)


#: How a value of each type is shown in a trace: dates as ISO dates, enums by their
#: value, anything else (numbers, Money, booleans, None) as ``str()`` gives it.
#: ``str`` of an exact ``date`` is its ISO format; of a ``StrEnum`` member, its value.
_FORMATS: dict[type, Callable[[Any], str]] = {
    str: str,
    int: str,
    bool: str,
    Decimal: str,
    type(None): str,
    date: str,
}


def _format_for(cls: type) -> Callable[[Any], str]:
    fmt: Callable[[Any], str]
    if issubclass(cls, date):
        fmt = date.isoformat  # a datetime too: its date and time in ISO format
    elif issubclass(cls, enum.StrEnum):
        fmt = str
    elif issubclass(cls, enum.Enum):
        fmt = _enum_text
    else:
        fmt = str
    _FORMATS[cls] = fmt
    return fmt


def _show(value: object) -> str:
    """How ``value`` appears in a trace step."""
    fmt = _FORMATS.get(type(value))
    return (fmt or _format_for(type(value)))(value)


#: A disabled trace: recording into it costs one attribute check.
NO_TRACE = Trace(enabled=False)


@frozen
class RuleContext:
    """What every rule needs besides the case: the date and the parameters in force.

    ``on`` is always explicit — rules never read the clock.
    """

    on: date
    parameters: ParameterSet
    trace: Trace = NO_TRACE

    def param(self, name: str) -> Decimal:
        """The decimal value of parameter ``name`` on :attr:`on`."""
        return self.parameters.value(name, self.on)

    def entry(self, name: str) -> ParameterValue:
        """The parameter row in force on :attr:`on` (value, reference, source)."""
        return self.parameters.entry(name, self.on)

    def ref(self, name: str) -> LegalRef:
        """The legal reference of parameter ``name`` on :attr:`on`."""
        return self.parameters.entry(name, self.on).ref

    def require(self, condition: bool, message: str) -> None:
        """Raise :class:`~iizcore.errors.RuleError` with ``message`` unless ``condition``."""
        if not condition:
            raise RuleError(message)
