"""Labels in the four languages iizcore speaks: de, fr, it, en."""

from __future__ import annotations

from typing import Literal, get_args

from attrs import field, frozen

from iizcore.model._validate import non_empty

__all__ = ["LANGUAGES", "Labels", "Lang"]

Lang = Literal["de", "fr", "it", "en"]
LANGUAGES: tuple[Lang, ...] = get_args(Lang)


@frozen
class Labels:
    """One text in German, French, Italian and English.

    German is required (the seeds and most sources are German); a missing
    translation falls back to German, then English, rather than to nothing.
    """

    de: str = field(validator=non_empty)
    fr: str | None = None
    it: str | None = None
    en: str | None = None

    def get(self, lang: Lang = "de") -> str:
        """The text in ``lang``, falling back to German, then English."""
        value: str | None = getattr(self, lang)
        return value or self.de or self.en or ""

    @classmethod
    def same(cls, text: str) -> Labels:
        """A label that is the same in every language (a proper name, an abbreviation)."""
        return cls(de=text, fr=text, it=text, en=text)
