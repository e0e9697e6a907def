"""Legal references: ``LegalRef("AVIG", "27", paragraph="2", letter="c")`` is "AVIG Art. 27 Abs. 2 lit. c".

Every rule in iizcore returns its reasons with a :class:`LegalRef`, in the
style of Catala: a decision is never separated from the article it rests on.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Final, Literal

from attrs import asdict, field, frozen
from attrs.validators import optional

from iizcore.model._validate import FieldError, non_empty

__all__ = ["ACTS", "LegalRef"]

#: Federal acts and guidelines iizcore cites, with their number in the
#: Systematische Rechtssammlung (SR) and their German title.
ACTS: Final[dict[str, tuple[str, str]]] = {
    "AVIG": ("SR 837.0", "Arbeitslosenversicherungsgesetz"),
    "AVIV": ("SR 837.02", "Arbeitslosenversicherungsverordnung"),
    "IVG": ("SR 831.20", "Bundesgesetz über die Invalidenversicherung"),
    "IVV": ("SR 831.201", "Verordnung über die Invalidenversicherung"),
    "ATSG": ("SR 830.1", "Bundesgesetz über den Allgemeinen Teil des Sozialversicherungsrechts"),
    "AHVG": ("SR 831.10", "Bundesgesetz über die Alters- und Hinterlassenenversicherung"),
    "UVG": ("SR 832.20", "Bundesgesetz über die Unfallversicherung"),
    "UVV": ("SR 832.202", "Verordnung über die Unfallversicherung"),
    "ZUG": ("SR 851.1", "Zuständigkeitsgesetz (Unterstützung Bedürftiger)"),
    "AsylG": ("SR 142.31", "Asylgesetz"),
    "AsylV 2": ("SR 142.312", "Asylverordnung 2 über Finanzierungsfragen"),
    "AIG": ("SR 142.20", "Ausländer- und Integrationsgesetz"),
    "VIntA": ("SR 142.205", "Verordnung über die Integration von Ausländerinnen und Ausländern"),
    "BBG": ("SR 412.10", "Berufsbildungsgesetz"),
    "BV": ("SR 101", "Bundesverfassung"),
}

Style = Literal["Art.", "§", "chapter"]

_PATTERN: Final = re.compile(
    r"^(?P<act>.+?)\s+"
    r"(?:(?P<style>Art\.|§)\s*(?P<article>[0-9]+[a-z]*(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)?)"
    r"(?:\s+Abs\.\s*(?P<paragraph>[0-9]+[a-z]*(?:bis|ter|quater)?))?"
    r"(?:\s+lit\.\s*(?P<letter>[a-z]+(?:bis|ter)?))?"
    r"(?:\s+Ziff\.\s*(?P<number>[0-9]+))?"
    r"|(?P<chapter>[A-Z](?:\.[0-9]+)*))$"
)


def _token(_: object, attribute: Any, value: str) -> None:
    if not _is_token(value):
        raise FieldError(attribute.name, "must be a single non-empty token")


@functools.lru_cache(maxsize=1024)
def _is_token(value: str) -> bool:
    # Articles, paragraphs and letters are a few short strings that recur in
    # every assessment: check each once.
    return bool(value) and not any(c.isspace() for c in value)


@frozen(order=True, cache_hash=True)
class LegalRef:
    """A reference to a provision: act, article, paragraph (Abs.), letter (lit.), number (Ziff.).

    ``style`` is ``"Art."`` for federal acts, ``"§"`` for cantonal acts that
    number by paragraph sign (``SHG ZH § 2``), and ``"chapter"`` for guidelines
    such as the SKOS guidelines (``SKOS C.3.1``).
    """

    act: str = field(validator=non_empty)
    article: str = field(validator=_token)
    paragraph: str | None = field(default=None, validator=optional(_token))
    letter: str | None = field(default=None, validator=optional(_token))
    number: str | None = field(default=None, validator=optional(_token))
    style: Style = "Art."
    # The rendered text, built on first use: an assessment's JSON writes each reference
    # as its text, and rules share a few hundred references across all cases.
    _text: str | None = field(
        default=None, init=False, eq=False, order=False, hash=False, repr=False
    )

    @classmethod
    def parse(cls, text: str) -> LegalRef:
        """Parse ``"AVIG Art. 27 Abs. 2 lit. c"``, ``"SHG ZH § 2"`` or ``"SKOS C.3.1"``.

        Raises:
            ValueError: if ``text`` is not a reference in one of these forms.
        """
        ref = _parse(text)
        return ref if cls is LegalRef else cls(**asdict(ref, filter=lambda a, _: a.init))

    @property
    def sr(self) -> str | None:
        """The act's SR number where iizcore knows it (``"SR 837.0"`` for AVIG)."""
        known = ACTS.get(self.act)
        return known[0] if known else None

    def __str__(self) -> str:
        text = self._text
        if text is None:
            text = self._render()
            object.__setattr__(self, "_text", text)
        return text

    def _render(self) -> str:
        if self.style == "chapter":
            return f"{self.act} {self.article}"
        parts = [self.act, f"{self.style} {self.article}"]
        if self.paragraph:
            parts.append(f"Abs. {self.paragraph}")
        if self.letter:
            parts.append(f"lit. {self.letter}")
        if self.number:
            parts.append(f"Ziff. {self.number}")
        return " ".join(parts)


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> LegalRef:
    # Frozen references can be shared: rules parse the same few texts case after case.
    match = _PATTERN.match(text.strip())
    if match is None:
        raise ValueError(f"not a legal reference: {text!r}")
    if match["chapter"]:
        return LegalRef(act=match["act"], article=match["chapter"], style="chapter")
    style: Style = "§" if match["style"] == "§" else "Art."
    return LegalRef(
        act=match["act"],
        article=match["article"],
        paragraph=match["paragraph"],
        letter=match["letter"],
        number=match["number"],
        style=style,
    )
