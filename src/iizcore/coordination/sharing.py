"""Consent-checked access to case data (Datenaustausch in der IIZ).

An institution may see the case data of an IIZ case only where the person
consented (Ermächtigung, :class:`~iizcore.model.Consent`) or where a legal
basis allows the exchange. The check is enforced by the API: a
:class:`DataAccess` cannot be constructed directly — only
:func:`grant_access` makes one, and it refuses when neither ground holds.
Where access cannot be granted, the plan lists a :class:`ConsentNeeded`
instead.

Legal bases (:data:`LEGAL_BASES`):

- **IVG Art. 68bis** (cooperation of the IV offices; Abs. 1 read, see
  ``law/data/VERIFICATION.md``): the IV office works with social insurers,
  private insurers, cantonal bodies for vocational integration, the bodies
  of the cantonal social-assistance acts and the asylum, foreigners and
  integration bodies — for persons reported for early detection or
  registered with the IV.
- **AVIG Art. 85f** (interinstitutional collaboration of the ALV bodies):
  the cantonal offices, the RAV and the funds work with vocational
  guidance, the social services of cantons and municipalities, the IV, the
  asylum bodies, the vocational-education authorities and the accident
  insurance — for persons registered with the ALV. **Unverified**: the
  article text was not read (VERIFICATION.md §2); the list of partners is
  kept with ``verified=False`` and is the usual reading of Abs. 1.
"""

from __future__ import annotations

import contextvars
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Final

from attrs import frozen

from iizcore.errors import RuleError
from iizcore.model.case import Case, ClaimOutcome
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


#: The legal bases for data exchange iizcore knows, in citation order.
LEGAL_BASES: Final = (
    LegalBasis(
        ref=LegalRef("IVG", "68bis", paragraph="1"),
        scope=frozenset({K.IV_OFFICE}),
        partners=frozenset(
            {
                K.ALV_FUND,
                K.RAV,
                K.LABOUR_MARKET_AUTHORITY,
                K.ACCIDENT_INSURANCE,
                K.SICKNESS_ALLOWANCE_INSURER,
                K.VOCATIONAL_EDUCATION,
                K.SOCIAL_ASSISTANCE,
                K.CANTONAL_SOCIAL_OFFICE,
                K.MIGRATION_INTEGRATION,
            }
        ),
        verified=True,
        note="Abs. 1 read (VERIFICATION.md §2); the person must be reported or registered.",
    ),
    LegalBasis(
        ref=LegalRef("AVIG", "85f", paragraph="1"),
        scope=frozenset({K.ALV_FUND, K.RAV, K.LABOUR_MARKET_AUTHORITY}),
        partners=frozenset(
            {
                K.VOCATIONAL_GUIDANCE,
                K.VOCATIONAL_EDUCATION,
                K.SOCIAL_ASSISTANCE,
                K.CANTONAL_SOCIAL_OFFICE,
                K.IV_OFFICE,
                K.MIGRATION_INTEGRATION,
                K.ACCIDENT_INSURANCE,
            }
        ),
        verified=False,
        note="Article text not read (VERIFICATION.md §2); partners are the usual reading.",
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


def _needed(kind: InstitutionKind) -> ConsentNeeded:
    name = kind.labels
    return ConsentNeeded(
        kind,
        Labels(
            de=f"Für den Datenaustausch mit {name.de} fehlt eine Ermächtigung der Person "
            "und keine gesetzliche Grundlage (IVG Art. 68bis, AVIG Art. 85f) ist anwendbar.",
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
    granted: list[DataAccess] = []
    needed: list[ConsentNeeded] = []
    for kind in kinds:
        try:
            granted.append(grant_access(case, kind, on))
        except RuleError:
            needed.append(_needed(kind))
    return tuple(granted), tuple(needed)
