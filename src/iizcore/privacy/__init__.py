"""Data protection: keyed pseudonyms, anonymised vignettes, k-anonymity.

- :class:`Pseudonymiser` — HMAC-SHA256 pseudonyms with the canton's key,
  stable across runs, for linking case sets without identities.
- :func:`vignette` — a short anonymised case description in de/fr/it/en.
- :func:`k_anonymise` — withhold vignettes whose quasi-identifiers are shared
  by fewer than ``k`` others.
"""

from iizcore.privacy.anonymity import KAnonymity, k_anonymise
from iizcore.privacy.pseudonym import MIN_KEY_BYTES, Pseudonymiser
from iizcore.privacy.vignette import (
    AgeBand,
    AssessmentLike,
    HouseholdType,
    QuasiIdentifiers,
    Vignette,
    VignetteOutcome,
    make_vignette,
    quasi_identifiers,
    region_of,
    vignette,
)

__all__ = [
    "MIN_KEY_BYTES",
    "AgeBand",
    "AssessmentLike",
    "HouseholdType",
    "KAnonymity",
    "Pseudonymiser",
    "QuasiIdentifiers",
    "Vignette",
    "VignetteOutcome",
    "k_anonymise",
    "make_vignette",
    "quasi_identifiers",
    "region_of",
    "vignette",
]
