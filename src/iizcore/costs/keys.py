"""Cost keys (Kostenschlüssel): who bears an item, and on what basis.

A key divides an item's :attr:`~iizcore.costs.items.CostItem.total` between
parties. Every key carries its :class:`KeyBasis` — the law, an agreement, a
documented cantonal practice, or, where no key is documented, the statement
that the own-costs principle was applied for want of one.

Keys a canton may choose per item kind (hook ``iiz_cost_keys``, as
:class:`CostKeyRule`):

* :class:`OwnCosts` — each institution bears what it spent itself;
* :class:`FixedPercentages` — a fixed percentage key between institutions;
* :class:`ByEffort` — in proportion to the hours each institution worked;
* :class:`ByInvolvement` — equal parts between the institutions involved;
* :class:`LeadPays` — the lead institution (Fallführung) bears it all.

Keys the law sets, which a canton cannot replace:

* :class:`FederalLumpSum` — the Confederation's share through the integration
  lump sum for refugees and provisionally admitted persons (VIntA Art. 15
  Abs. 1), the rest by a residual key;
* :class:`Reimbursement` — an advance is reimbursed by the institution found
  liable (ATSG Art. 71), or by the IV's back payment to social assistance
  (ATSG Art. 22 Abs. 2 lit. a, IVV Art. 85bis), so the final payer, not the
  advancer, bears it.
"""

from __future__ import annotations

import enum
import functools
import tomllib
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final

from attrs import field, frozen

from iizcore.costs.items import CostItem, CostItemKind, Party
from iizcore.errors import InputError, PluginError, RuleError
from iizcore.model._validate import FieldError
from iizcore.model.institution import InstitutionKind
from iizcore.model.money import Money
from iizcore.model.reference import LegalRef

if TYPE_CHECKING:
    from iizcore.hooks.manager import Canton

__all__ = [
    "ATSG_71_BASIS",
    "CANTONAL_METHODS",
    "IV_BACK_PAYMENT_BASIS",
    "NO_CANTONAL_KEY",
    "BasisKind",
    "ByEffort",
    "ByInvolvement",
    "CostKeyRule",
    "FederalLumpSum",
    "FixedPercentages",
    "Key",
    "KeyBasis",
    "KeyMethod",
    "LeadPays",
    "OwnCosts",
    "ProportionalKey",
    "Reimbursement",
    "cantonal_key_rules",
    "load_cost_keys",
]

HUNDRED: Final = Decimal(100)


class BasisKind(enum.StrEnum):
    """What a key rests on."""

    LAW = "law"
    """A provision of federal or cantonal law (``refs``)."""
    AGREEMENT = "agreement"
    """An agreement between the institutions (``source`` names it)."""
    CANTON_PRACTICE = "canton_practice"
    """A documented practice of the canton (``source`` names the document)."""
    NOT_DOCUMENTED = "not_documented"
    """No key is documented; the own-costs principle is applied and ``note`` says so."""


@frozen
class KeyBasis:
    """The basis of a key: law (with ``refs``), agreement or canton practice (with ``source``).

    ``NOT_DOCUMENTED`` is allowed only for the own-costs key and needs a
    ``note`` saying what was looked for. ``verified`` is False where the
    provision's text or the source was not read (see ``note``).
    """

    kind: BasisKind
    refs: tuple[LegalRef, ...] = ()
    source: str | None = None
    note: str | None = None
    verified: bool = True

    def __attrs_post_init__(self) -> None:
        if self.kind is BasisKind.LAW and not self.refs:
            raise FieldError("refs", "a key based on law cites at least one provision")
        if self.kind in (BasisKind.AGREEMENT, BasisKind.CANTON_PRACTICE) and not self.source:
            raise FieldError("source", f"a key based on {self.kind.value} names its source")
        if self.kind is BasisKind.NOT_DOCUMENTED and not self.note:
            raise FieldError("note", "say why no documented key applies")

    def __str__(self) -> str:
        if self.kind is BasisKind.LAW:
            text = "law: " + ", ".join(str(r) for r in self.refs)
        elif self.kind is BasisKind.AGREEMENT:
            text = f"agreement, source: {self.source}"
        elif self.kind is BasisKind.CANTON_PRACTICE:
            text = f"canton practice, source: {self.source}"
        else:
            text = f"no documented key, own-costs principle: {self.note}"
        return text if self.verified else f"{text} (unverified)"


#: The basis used when a canton supplies no key for an item kind.
NO_CANTONAL_KEY: Final = KeyBasis(
    BasisKind.NOT_DOCUMENTED,
    note="the canton plugin supplies no cost key for this item kind",
    verified=False,
)

#: ATSG Art. 71: the insurer found liable reimburses the advancing one.
ATSG_71_BASIS: Final = KeyBasis(
    BasisKind.LAW,
    refs=(LegalRef("ATSG", "71"), LegalRef("ATSG", "70", paragraph="2")),
    note="ATSG Art. 71 text not read; cited in BGE 146 V 129 ('Art. 71 Satz 1 ATSG'); "
    "see law/data/VERIFICATION.md section 2",
    verified=False,
)

#: ATSG Art. 22 Abs. 2 lit. a and IVV Art. 85bis: IV back payment to advancing social assistance.
IV_BACK_PAYMENT_BASIS: Final = KeyBasis(
    BasisKind.LAW,
    refs=(
        LegalRef("ATSG", "22", paragraph="2", letter="a"),
        LegalRef("IVV", "85bis", paragraph="1"),
        LegalRef("IVV", "85bis", paragraph="3"),
    ),
    note="IVV Art. 85bis read in full (Abs. 1 on request; Abs. 3 at most the advance, only "
    "for the period covered); ATSG Art. 22 Abs. 2 text not read, known from BGE 135 V 2",
    verified=True,
)


class KeyMethod(enum.StrEnum):
    """How a key divides an item."""

    OWN_COSTS = "own_costs"
    FIXED_PERCENTAGES = "fixed_percentages"
    BY_EFFORT = "by_effort"
    BY_INVOLVEMENT = "by_involvement"
    LEAD_PAYS = "lead_pays"
    FEDERAL_LUMP_SUM = "federal_lump_sum"
    REIMBURSEMENT = "reimbursement"


#: The methods a canton may choose through ``iiz_cost_keys``; the others are set by law.
CANTONAL_METHODS: Final = frozenset(
    {
        KeyMethod.OWN_COSTS,
        KeyMethod.FIXED_PERCENTAGES,
        KeyMethod.BY_EFFORT,
        KeyMethod.BY_INVOLVEMENT,
        KeyMethod.LEAD_PAYS,
    }
)


@frozen
class OwnCosts:
    """Each institution bears its own costs (Prinzip der eigenen Kosten): weight = amount spent."""

    basis: KeyBasis
    method: ClassVar[KeyMethod] = KeyMethod.OWN_COSTS

    def weights(self, item: CostItem) -> list[tuple[Party, Decimal]]:
        """Each contributing party weighted by what it spent."""
        return [(c.party, c.amount.amount) for c in item.contributions]


def _percentages(_: object, attribute: Any, value: tuple[tuple[Party, Decimal], ...]) -> None:
    if not value:
        raise FieldError(attribute.name, "name at least one party")
    if any(p < 0 for _, p in value):
        raise FieldError(attribute.name, "percentages must not be negative")
    if sum((p for _, p in value), Decimal(0)) != HUNDRED:
        raise FieldError(attribute.name, "percentages must add up to exactly 100")


@frozen
class FixedPercentages:
    """A fixed percentage key between institutions (fester Verteilschlüssel); sums to 100."""

    percentages: tuple[tuple[Party, Decimal], ...] = field(validator=_percentages)
    basis: KeyBasis
    method: ClassVar[KeyMethod] = KeyMethod.FIXED_PERCENTAGES

    def weights(self, item: CostItem) -> list[tuple[Party, Decimal]]:
        """The percentages, whoever spent the money."""
        return list(self.percentages)


@frozen
class ByEffort:
    """In proportion to the hours each institution worked on the item (nach Aufwand)."""

    basis: KeyBasis
    method: ClassVar[KeyMethod] = KeyMethod.BY_EFFORT

    def weights(self, item: CostItem) -> list[tuple[Party, Decimal]]:
        """Each contributing party weighted by its hours."""
        if not any(c.hours for c in item.contributions):
            raise RuleError(f"item {item.id!r}: a key by effort needs hours, and none are recorded")
        return [(c.party, c.hours) for c in item.contributions]


@frozen
class ByInvolvement:
    """Equal parts between the institutions involved in the item (nach Beteiligung)."""

    basis: KeyBasis
    method: ClassVar[KeyMethod] = KeyMethod.BY_INVOLVEMENT

    def weights(self, item: CostItem) -> list[tuple[Party, Decimal]]:
        """Every distinct contributing party with weight 1."""
        return [(p, Decimal(1)) for p in item.parties]


@frozen
class LeadPays:
    """The lead institution (fallführende Stelle) bears the whole item."""

    lead: Party
    basis: KeyBasis
    method: ClassVar[KeyMethod] = KeyMethod.LEAD_PAYS

    def weights(self, item: CostItem) -> list[tuple[Party, Decimal]]:
        """The lead with weight 1."""
        return [(self.lead, Decimal(1))]


ProportionalKey = OwnCosts | FixedPercentages | ByEffort | ByInvolvement | LeadPays


def _on_grid(_: object, attribute: Any, value: Money) -> None:
    from iizcore.costs.exact import is_on_grid

    if value.amount < 0 or not is_on_grid(value):
        raise FieldError(attribute.name, "must be a non-negative multiple of 0.05 CHF")


@frozen
class FederalLumpSum:
    """The Confederation's share through a federal lump sum, the rest by ``residual``.

    The Confederation (Bund) bears each item up to what is still
    ``available`` of the person's lump sum (items are charged in the order
    of their ids, so the result is deterministic); what exceeds it is
    divided by the ``residual`` key. Used for the integration lump sum
    (Integrationspauschale, VIntA Art. 15 Abs. 1) paid for recognised
    refugees and provisionally admitted persons; ``basis`` cites the
    parameter row it was read from.
    """

    available: Money = field(validator=_on_grid)
    residual: ProportionalKey
    basis: KeyBasis
    method: ClassVar[KeyMethod] = KeyMethod.FEDERAL_LUMP_SUM


@frozen
class Reimbursement:
    """The liable institution reimburses an advance (ATSG Art. 71; IVV Art. 85bis).

    Applies to :attr:`~iizcore.costs.items.CostItemKind.ADVANCE` items, whose
    :class:`~iizcore.costs.items.Advance` names the liable party, what it
    owes for the period and whether the back payment was requested.
    """

    basis: KeyBasis
    method: ClassVar[KeyMethod] = KeyMethod.REIMBURSEMENT


Key = (
    OwnCosts
    | FixedPercentages
    | ByEffort
    | ByInvolvement
    | LeadPays
    | FederalLumpSum
    | Reimbursement
)


def _kind_percentages(
    _: object, attribute: Any, value: tuple[tuple[InstitutionKind, Decimal], ...]
) -> None:
    if value and sum((p for _, p in value), Decimal(0)) != HUNDRED:
        raise FieldError(attribute.name, "percentages must add up to exactly 100")
    if any(p < 0 for _, p in value):
        raise FieldError(attribute.name, "percentages must not be negative")


@frozen
class CostKeyRule:
    """A canton's choice of key for one item kind (what ``iiz_cost_keys`` returns).

    ``percentages`` (institution kind, percent) only for
    ``fixed_percentages``; they must add up to 100. A rule whose basis is
    ``not_documented`` must be ``own_costs``: where no key is documented, no
    key is invented.
    """

    item_kind: CostItemKind
    method: KeyMethod
    basis: KeyBasis
    percentages: tuple[tuple[InstitutionKind, Decimal], ...] = field(
        default=(), validator=_kind_percentages
    )

    def __attrs_post_init__(self) -> None:
        if self.method not in CANTONAL_METHODS:
            raise FieldError("method", f"{self.method.value} is set by law, not by the canton")
        if self.item_kind is CostItemKind.ADVANCE:
            raise FieldError("item_kind", "advances are reimbursed by law (ATSG Art. 71)")
        if (self.method is KeyMethod.FIXED_PERCENTAGES) != bool(self.percentages):
            raise FieldError("percentages", "required for fixed_percentages and only there")
        if self.basis.kind is BasisKind.NOT_DOCUMENTED and self.method is not KeyMethod.OWN_COSTS:
            raise FieldError("basis", "an undocumented key can only be the own-costs principle")

    def bind(
        self, resolve: Callable[[InstitutionKind], Party], lead: Party | None
    ) -> ProportionalKey:
        """The concrete key: institution kinds resolved to parties, the lead filled in.

        Raises:
            RuleError: for ``lead_pays`` without a lead.
        """
        if self.method is KeyMethod.OWN_COSTS:
            return OwnCosts(self.basis)
        if self.method is KeyMethod.BY_EFFORT:
            return ByEffort(self.basis)
        if self.method is KeyMethod.BY_INVOLVEMENT:
            return ByInvolvement(self.basis)
        if self.method is KeyMethod.LEAD_PAYS:
            if lead is None:
                raise RuleError(f"{self.item_kind.value}: the lead pays, but the case has no lead")
            return LeadPays(lead, self.basis)
        return FixedPercentages(tuple((resolve(k), p) for k, p in self.percentages), self.basis)


def default_rule(kind: CostItemKind) -> CostKeyRule:
    """Own costs with :data:`NO_CANTONAL_KEY`: the rule for a kind the canton leaves open."""
    return CostKeyRule(kind, KeyMethod.OWN_COSTS, NO_CANTONAL_KEY)


#: The item kinds a canton keys (all but advances), and their default rules, built once.
_CANTONAL_KINDS: Final = tuple(k for k in CostItemKind if k is not CostItemKind.ADVANCE)
_DEFAULT_RULES: Final = {k: default_rule(k) for k in _CANTONAL_KINDS}


def cantonal_key_rules(canton: Canton, on: date) -> dict[CostItemKind, CostKeyRule]:
    """The canton's key rule for every item kind except advances, on ``on``.

    The hook is called once per canton and date, not once per case (a copy
    of the cached rules is returned).

    Calls the hook ``iiz_cost_keys``; a kind the canton leaves open gets the
    own-costs principle with :data:`NO_CANTONAL_KEY` as basis.

    Raises:
        PluginError: if the plugin returns something other than
            :class:`CostKeyRule` objects, or two rules for one item kind.
    """
    return dict(_cantonal_key_rules(canton, on))


#: How many (canton, date) selections :func:`cantonal_key_rules` keeps. A batch
#: assesses each case on its own date, so a caseload has hundreds of distinct
#: dates per canton; the cache holds all of them (an evicted date only costs
#: one more hook call).
KEY_RULES_CACHE_SIZE: Final = 8192


@functools.lru_cache(maxsize=KEY_RULES_CACHE_SIZE)
def _cantonal_key_rules(canton: Canton, on: date) -> dict[CostItemKind, CostKeyRule]:
    # The hook stays the source of truth and is called once per canton and date:
    # a plugin may return other rules on other dates. Callers must not mutate the
    # dict (cantonal_key_rules hands out a copy).
    rules: dict[CostItemKind, CostKeyRule] = {}
    for rule in canton.collect("iiz_cost_keys", CostKeyRule, Sequence, canton=canton.info, on=on):
        if rule.item_kind in rules:
            raise PluginError(
                canton.plugin_name,
                "iiz_cost_keys",
                f"returned two rules for item kind {rule.item_kind.value!r}",
            )
        rules[rule.item_kind] = rule
    for kind in _CANTONAL_KINDS:
        if kind not in rules:
            rules[kind] = _DEFAULT_RULES[kind]
    return rules


def _basis(row: Mapping[str, Any]) -> KeyBasis:
    return KeyBasis(
        kind=BasisKind(row["basis"]),
        refs=tuple(LegalRef.parse(r) for r in row.get("refs", [])),
        source=row.get("source"),
        note=row.get("note"),
        verified=bool(row.get("verified", False)),
    )


def _rule(row: Mapping[str, Any]) -> CostKeyRule:
    raw = row.get("percentages", {})
    if not isinstance(raw, Mapping):
        raise ValueError("percentages must be a table of institution kind = percent")
    try:
        percentages = tuple((InstitutionKind(k), Decimal(str(v))) for k, v in raw.items())
    except InvalidOperation:
        raise ValueError("a percentage is not a decimal number") from None
    return CostKeyRule(
        item_kind=CostItemKind(row["item_kind"]),
        method=KeyMethod(row["method"]),
        basis=_basis(row),
        percentages=percentages,
    )


def _in_force(row: Mapping[str, Any], on: date) -> bool:
    since, until = row.get("since"), row.get("until")
    return (since is None or since <= on) and (until is None or on <= until)


class _CostsFile:
    """The ``[[key]]`` rows of one parsed ``costs.toml``, each row's rule built on first use."""

    __slots__ = ("rows", "rules")

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.rows: list[Any] = list(doc.get("key", []))
        self.rules: dict[int, CostKeyRule] = {}


#: Parsed ``costs.toml`` files keyed on their text. The hook ``iiz_cost_keys`` is
#: called once per canton and date, and a caseload has hundreds of dates: the file
#: is read each time (so an edited file is seen at once) but parsed, and each row
#: turned into a :class:`CostKeyRule`, once per distinct text.
_COSTS_FILES: dict[str, _CostsFile] = {}
_COSTS_FILES_MAX: Final = 64


def _costs_file(folder: Traversable | Path) -> _CostsFile | None:
    entry = folder / "costs.toml"
    if not entry.is_file():
        return None
    text = entry.read_text(encoding="utf-8")
    parsed = _COSTS_FILES.get(text)
    if parsed is None:
        # Parsed as iizcore.hooks.data.read_toml does, with its error message.
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError("costs.toml", f"not valid TOML: {exc}") from None
        if len(_COSTS_FILES) >= _COSTS_FILES_MAX:
            _COSTS_FILES.clear()
        parsed = _COSTS_FILES[text] = _CostsFile(doc)
    return parsed


def load_cost_keys(folder: Traversable | Path, on: date) -> list[CostKeyRule]:
    """The ``[[key]]`` rows of ``folder/costs.toml`` in force on ``on`` (none without the file).

    Row fields: ``item_kind``, ``method``, ``basis`` (a :class:`BasisKind`
    value), ``refs`` (reference strings), ``source``, ``note``, ``verified``,
    ``percentages`` (a table ``institution_kind = "percent"``), and optional
    ``since`` / ``until`` dates. Other tables are documentation.

    Raises:
        InputError: naming ``costs.toml:key[i]`` for a bad row.
    """
    parsed = _costs_file(folder)
    if parsed is None:
        return []
    built = parsed.rules
    rules = []
    for i, row in enumerate(parsed.rows):
        try:
            if _in_force(row, on):
                # Rules are frozen: the rule of a row is built once and shared.
                rule = built.get(i)
                if rule is None:
                    rule = built[i] = _rule(row)
                rules.append(rule)
        except KeyError as exc:
            raise InputError(f"costs.toml:key[{i}]", f"missing field {exc.args[0]!r}") from None
        except (ValueError, TypeError) as exc:
            raise InputError(f"costs.toml:key[{i}]", str(exc)) from None
    return rules
