"""Helpers the federal rule modules share: reason texts and the outcome their reasons give."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from iizcore.law.determination import Outcome, Reason
from iizcore.model.labels import Labels

__all__ = ["label", "outcome_of"]


@functools.lru_cache(maxsize=4096)
def label(de: str, fr: str, it: str, en: str) -> Labels:
    """A reason text in German, French, Italian and English.

    Most reason texts are constant: each frozen :class:`Labels` is built once and shared.
    """
    return Labels(de=de, fr=fr, it=it, en=en)


def outcome_of(reasons: Sequence[Reason], unclear: bool = False) -> Outcome:
    """NOT_ELIGIBLE if a condition is not met, else NEEDS_CLARIFICATION if ``unclear``, else ELIGIBLE."""
    for r in reasons:  # a loop, not any(generator): this runs ≈ 5 times per case
        if r.met is False:
            return Outcome.NOT_ELIGIBLE
    if unclear:
        return Outcome.NEEDS_CLARIFICATION
    return Outcome.ELIGIBLE
