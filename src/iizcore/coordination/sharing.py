"""Consent-checked access to case data (Datenaustausch in der IIZ).

An institution may see the case data of an IIZ case only where the person
consented (Ermächtigung, :class:`~iizcore.model.Consent`) or where a legal
basis allows the exchange. The check is enforced by the API: a
:class:`DataAccess` cannot be constructed directly — only
:func:`grant_access` makes one, and it refuses when neither ground holds.
Where access cannot be granted, the plan lists a :class:`ConsentNeeded`
instead.

Legal bases (:data:`LEGAL_BASES`). Only the paragraphs that **release from
the duty of secrecy** (ATSG Art. 33) for the individual case are grounds;
the duties to cooperate (IVG Art. 68bis Abs. 1, AVIG Art. 85f Abs. 1) are
not, and the meeting cites them, not this module. Read in
lawbrary IVG-v2025.01-de-art-68bis and LACI-v2024.01-fr-art-85f (the German
AVIG text was not found; the French text of the same version was read):

- **IVG Art. 68bis Abs. 2**: the IV offices, the insurers and the bodies of
  the social insurances are mutually released from secrecy, provided no
  overriding private interest stands against it and the information serves
  the purposes the paragraph lists — for persons reported for early
  detection or registered with the IV (Abs. 1). Partners: the social
  insurances (ALV fund, RAV, cantonal labour-market authority, accident
  insurance). The opening sentence was read; the wording of the purposes
  (lit. b, c) only in part.
- **IVG Art. 68bis Abs. 3**: the IV offices' secrecy also falls, under
  Abs. 2 lit. b and c, towards the other partners of Abs. 1 (cantonal
  vocational-integration bodies, social assistance, asylum and integration
  bodies, private insurers). **Unverified**: only the beginning of the
  paragraph was read; the partner list is the reading of Abs. 1 lit. b–f.
- **AVIG Art. 85f Abs. 3**: the ALV bodies and the IV offices are mutually
  released from secrecy where no overriding private interest stands against
  it and the information serves to determine, while the paying institution
  is not yet clear, the suitable integration measure or the person's claims.
  Partner: the IV office only.

AVIG Art. 85f Abs. 2 lets the other partners of Abs. 1 consult the ALV's
files only where the person receives their benefits **and consents** (and
they grant reciprocity): that is the consent ground, not a legal basis of
its own, so it is not listed here.
"""

from __future__ import annotations

import contextvars
import enum
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from datetime import date
from typing import Final

from attrs import frozen

from iizcore.errors import RuleError
from iizcore.io.convert import converter
from iizcore.model.case import Case, ClaimOutcome, Spell
from iizcore.model.institution import InstitutionKind
from iizcore.model.labels import Labels
from iizcore.model.reference import LegalRef

__all__ = [
    "LEGAL_BASES",
    "AccessBasis",
    "ConsentNeeded",
    "DataAccess",
    "LegalBasis",
    "applicable_bases",
    "decide_access",
    "grant_access",
]

K = InstitutionKind


class AccessBasis(enum.StrEnum):
    """The ground on which an institution may see case data."""

    CONSENT = "consent"
    """The person's recorded consent covers the institution's kind on the date."""
    LEGAL_BASIS = "legal_basis"
    """A legal basis for the exchange applies to the case and the institution's kind."""


@frozen
class LegalBasis:
    """A provision that allows case data to be exchanged between an insurer and its partners.

    It applies to a case while the person is in its scope (``scope``: the
    institution kinds with which the person must be registered, reported or
    supported) and covers the kinds in ``partners`` and the kinds in
    ``scope`` themselves.
    """

    ref: LegalRef
    scope: frozenset[InstitutionKind]
    partners: frozenset[InstitutionKind]
    verified: bool
    note: str

    def covers(self, kind: InstitutionKind) -> bool:
        return kind in self.partners or kind in self.scope


_SOCIAL_INSURANCES: Final = frozenset(
    {K.ALV_FUND, K.RAV, K.LABOUR_MARKET_AUTHORITY, K.ACCIDENT_INSURANCE}
)

#: The legal bases for data exchange iizcore knows, in citation order.
LEGAL_BASES: Final = (
    LegalBasis(
        ref=LegalRef("IVG", "68bis", paragraph="2"),
        scope=frozenset({K.IV_OFFICE}),
        partners=_SOCIAL_INSURANCES,
        verified=True,
        note="lawbrary IVG-v2025.01-de-art-68bis: opening sentence read; the person must be "
        "reported for early detection or registered with the IV (Abs. 1).",
    ),
    LegalBasis(
        ref=LegalRef("IVG", "68bis", paragraph="3"),
        scope=frozenset({K.IV_OFFICE}),
        partners=frozenset(
            {
                K.SICKNESS_ALLOWANCE_INSURER,
                K.VOCATIONAL_EDUCATION,
                K.SOCIAL_ASSISTANCE,
                K.CANTONAL_SOCIAL_OFFICE,
                K.MIGRATION_INTEGRATION,
            }
        ),
        verified=False,
        note="lawbrary IVG-v2025.01-de-art-68bis: only the beginning of Abs. 3 read; partners "
        "are the reading of Abs. 1 lit. b-f.",
    ),
    LegalBasis(
        ref=LegalRef("AVIG", "85f", paragraph="3"),
        scope=frozenset({K.ALV_FUND, K.RAV, K.LABOUR_MARKET_AUTHORITY}),
        partners=frozenset({K.IV_OFFICE}),
        verified=True,
        note="lawbrary LACI-v2024.01-fr-art-85f al. 3 read (ALV bodies and IV offices, while "
        "the paying institution is not yet clear).",
    ),
)


def _in_scope(case: Case, basis: LegalBasis, on: date) -> bool:
    """Whether the person is registered, reported or supported by a scope institution on ``on``.

    A claim counts from its filing until it is refused.
    """
    if any(s.institution in basis.scope for s in case.active_spells(on)):
        return True
    return any(
        c.institution in basis.scope
        and c.filed_on <= on
        and not (
            c.outcome is ClaimOutcome.REFUSED and c.decided_on is not None and c.decided_on <= on
        )
        for c in case.claims
    )


def applicable_bases(case: Case, on: date) -> tuple[LegalBasis, ...]:
    """The legal bases whose scope the person is in on ``on``."""
    return tuple(b for b in LEGAL_BASES if _in_scope(case, b, on))


_granting: contextvars.ContextVar[bool] = contextvars.ContextVar("_granting", default=False)


@contextmanager
def _grant() -> Iterator[None]:
    token = _granting.set(True)
    try:
        yield
    finally:
        _granting.reset(token)


@frozen
class DataAccess:
    """An institution's access to the case data, with its ground.

    Only :func:`grant_access` constructs one; a direct call raises
    :class:`~iizcore.errors.RuleError`.
    """

    institution: InstitutionKind
    basis: AccessBasis
    since: date
    refs: tuple[LegalRef, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not _granting.get():
            raise RuleError(
                "DataAccess is granted only by iizcore.coordination.sharing.grant_access, "
                "which checks consent or a legal basis"
            )


class _NotFromInput(ValueError):
    """Raised when input data tries to build a :class:`DataAccess`."""


def _refuse_access(_: object, __: type) -> DataAccess:
    raise _NotFromInput(
        "data access is granted only by grant_access from the case; it is not read from input"
    )


converter.register_structure_hook(DataAccess, _refuse_access)


@frozen
class ConsentNeeded:
    """The plan would share case data with ``institution``, but neither consent nor a legal
    basis is recorded: the person's written consent (Ermächtigung) must be obtained first."""

    institution: InstitutionKind
    reason: Labels


def grant_access(case: Case, kind: InstitutionKind, on: date) -> DataAccess:
    """Grant ``kind`` access to the case data on ``on``, on consent or a legal basis.

    Consent wins when both hold (it is the ground the person controls).

    Raises:
        RuleError: if neither the person's consent nor a legal basis covers ``kind``.
    """
    if case.has_consent(kind, on):
        with _grant():
            return DataAccess(kind, AccessBasis.CONSENT, on)
    refs = tuple(b.ref for b in applicable_bases(case, on) if b.covers(kind))
    if refs:
        with _grant():
            return DataAccess(kind, AccessBasis.LEGAL_BASIS, on, refs)
    raise RuleError(f"no consent and no legal basis for sharing case data with {kind.value}")


#: Grants kept before the cache starts afresh.
_CACHE_LIMIT: Final = 4096
#: Keyed on the id of ``refs``, one of the tuples of :func:`_covering_refs`; the grant
#: holds the tuple, so the id stays its own.
_accesses: dict[tuple[InstitutionKind, AccessBasis, date, int], DataAccess] = {}


def _access(
    kind: InstitutionKind, basis: AccessBasis, on: date, refs: tuple[LegalRef, ...]
) -> DataAccess:
    """The grant, once :func:`decide_with_spells` checked its ground.

    The same few grants recur case after case; a :class:`DataAccess` is a
    frozen value, built once.
    """
    key = (kind, basis, on, id(refs))
    found = _accesses.get(key)
    if found is None:
        if len(_accesses) >= _CACHE_LIMIT:
            _accesses.clear()
        token = _granting.set(True)
        try:
            found = _accesses[key] = DataAccess(kind, basis, on, refs)
        finally:
            _granting.reset(token)
    return found


def _needed(kind: InstitutionKind) -> ConsentNeeded:
    found = _NEEDED.get(kind)
    if found is None:
        found = _NEEDED[kind] = _make_needed(kind)
    return found


_NEEDED: dict[InstitutionKind, ConsentNeeded] = {}


def _make_needed(kind: InstitutionKind) -> ConsentNeeded:
    name = kind.labels
    return ConsentNeeded(
        kind,
        Labels(
            de=f"Für den Datenaustausch mit {name.de} fehlt eine Ermächtigung der Person "
            "und keine gesetzliche Grundlage (IVG Art. 68bis Abs. 2-3, AVIG Art. 85f Abs. 3) "
            "ist anwendbar.",
            fr=f"Le partage de données avec {name.get('fr')} requiert le consentement écrit "
            "de la personne (aucune base légale applicable).",
            it=f"Lo scambio di dati con {name.get('it')} richiede il consenso scritto "
            "della persona (nessuna base legale applicabile).",
            en=f"Sharing case data with {name.get('en')} needs the person's written consent "
            "(no legal basis applies).",
        ),
    )


def decide_access(
    case: Case, kinds: tuple[InstitutionKind, ...], on: date
) -> tuple[tuple[DataAccess, ...], tuple[ConsentNeeded, ...]]:
    """For each kind, either a :class:`DataAccess` or a :class:`ConsentNeeded`, in order."""
    return decide_with_spells(case, kinds, on, case.active_spells(on))


_NO_REFS: Final[tuple[LegalRef, ...]] = ()
_SCOPES: Final = tuple(b.scope for b in LEGAL_BASES)

#: The references of the applicable legal bases that cover each kind, by the
#: applicable bases (as flags in :data:`LEGAL_BASES` order).
_covering: dict[tuple[bool, ...], dict[InstitutionKind, tuple[LegalRef, ...]]] = {}


def _covering_refs(applies: tuple[bool, ...]) -> dict[InstitutionKind, tuple[LegalRef, ...]]:
    found = _covering.get(applies)
    if found is None:
        bases = [b for b, a in zip(LEGAL_BASES, applies, strict=True) if a]
        found = _covering[applies] = {
            kind: refs
            for kind in InstitutionKind
            if (refs := tuple(b.ref for b in bases if b.covers(kind)))
        }
    return found


# Enum members as module constants: reading ``Enum.MEMBER`` goes through the enum
# class's attribute lookup each time, several times slower than a global.
_REFUSED: Final = ClaimOutcome.REFUSED
_CONSENT: Final = AccessBasis.CONSENT
_LEGAL_BASIS: Final = AccessBasis.LEGAL_BASIS


def decide_with_spells(
    case: Case, kinds: tuple[InstitutionKind, ...], on: date, active: Sequence[Spell]
) -> tuple[tuple[DataAccess, ...], tuple[ConsentNeeded, ...]]:
    """:func:`decide_access` with the spells active on ``on`` already known (package-internal).

    The same decisions as :func:`grant_access` kind by kind, with the consents
    and the legal bases read once for all kinds.
    """
    consented: AbstractSet[InstitutionKind] = _NOBODY
    consents = case.consents
    if consents:
        found_consents: set[InstitutionKind] = set()
        for consent in consents:
            if consent.since <= on and (consent.until is None or on <= consent.until):
                found_consents.update(consent.institutions)
        consented = found_consents
    # The kinds that put the person in a basis's scope (see _in_scope).
    present = {s.institution for s in active} if active else set()
    for c in case.claims:
        if c.filed_on <= on and not (
            c.outcome is _REFUSED and c.decided_on is not None and c.decided_on <= on
        ):
            present.add(c.institution)
    # Which legal bases apply, as flags in LEGAL_BASES order (see _covering_refs).
    applies = (
        not _SCOPE_1.isdisjoint(present),
        not _SCOPE_2.isdisjoint(present),
        not _SCOPE_3.isdisjoint(present),
    )
    # The decisions follow from the kinds, the date, the bases that apply and who
    # consented: the same few recur case after case and are worked out once.
    key = (kinds, on, applies, frozenset(consented) if consented else None)
    decided = _decisions.get(key)
    if decided is not None:
        return decided
    covering = _covering_refs(applies)
    granted: list[DataAccess] = []
    needed: list[ConsentNeeded] = []
    for kind in kinds:
        if kind in consented:
            granted.append(_access(kind, _CONSENT, on, _NO_REFS))
        elif (refs := covering.get(kind)) is not None:
            granted.append(_access(kind, _LEGAL_BASIS, on, refs))
        else:
            needed.append(_needed(kind))
    decided = (tuple(granted), tuple(needed))
    if len(_decisions) >= _CACHE_LIMIT:
        _decisions.clear()
    _decisions[key] = decided
    return decided


#: Decisions of :func:`decide_with_spells` by kinds, date, applicable bases and consenting kinds.
_decisions: dict[tuple[object, ...], tuple[tuple[DataAccess, ...], tuple[ConsentNeeded, ...]]] = {}


_NOBODY: Final[frozenset[InstitutionKind]] = frozenset()
_SCOPE_1, _SCOPE_2, _SCOPE_3 = _SCOPES
