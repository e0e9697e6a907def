"""Keyed pseudonyms (Pseudonymisierung) for persons and cases.

A pseudonym is ``HMAC-SHA256(key, domain || identifier)``, truncated to 128
bits and written in hex. With the same key it is stable across runs and
machines, so that case sets of different institutions or years can be
linked without identities; without the key it cannot be reversed or
recomputed from a guessed AHV number (a plain hash could: there are only
about 10⁹ AHV numbers). The key is the canton's: it is passed in, never
stored with the data, never shown in ``repr`` and never pickled.

Data protection: pseudonymised data is still personal data for whoever holds
the key, since the person stays identifiable (Personendaten, DSG Art. 5
lit. a); only the vignettes of :mod:`iizcore.privacy.vignette` are meant for
publication.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final, NoReturn

import attrs

from iizcore.errors import InputError
from iizcore.model.case import Case

__all__ = ["MIN_KEY_BYTES", "Pseudonymiser"]

#: The shortest key accepted: 256 bits, the output size of SHA-256 (RFC 2104 section 3).
MIN_KEY_BYTES: Final = 32

_PERSON: Final = b"iizcore/person/v1\x00"
_PERSON_AHV: Final = b"iizcore/person-ahv/v1\x00"
_CASE: Final = b"iizcore/case/v1\x00"


class Pseudonymiser:
    """Keyed pseudonyms with the canton's secret ``key`` (at least 32 bytes).

    Raises:
        InputError: if the key is not bytes or shorter than :data:`MIN_KEY_BYTES`;
            the message never contains the key.
    """

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        if not isinstance(key, bytes | bytearray):
            raise InputError("key", "the pseudonym key must be bytes")
        if len(key) < MIN_KEY_BYTES:
            raise InputError(
                "key", f"the pseudonym key is too short (at least {MIN_KEY_BYTES} bytes needed)"
            )
        self._key = bytes(key)

    @classmethod
    def from_hex(cls, text: str) -> Pseudonymiser:
        """A pseudonymiser from a key written in hex (e.g. read from a secret store)."""
        try:
            key = bytes.fromhex(text)
        except ValueError:
            raise InputError("key", "the pseudonym key is not hexadecimal") from None
        return cls(key)

    def _mac(self, domain: bytes, identifier: str) -> str:
        digest = hmac.new(self._key, domain + identifier.encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()[:32]

    def person(self, case: Case) -> str:
        """The person's pseudonym: from the AHV number where recorded, else from ``person.id``.

        The AHV number is the identifier every institution shares, so two
        case sets link through it even when their local person ids differ.
        The two sources use separate HMAC domains and never collide.
        """
        ahv = case.person.ahv_number
        if ahv is not None:
            return "p-" + self._mac(_PERSON_AHV, ahv.reveal().replace(".", ""))
        return "p-" + self._mac(_PERSON, case.person.id)

    def case_id(self, case_id: str) -> str:
        """The pseudonym of a case id."""
        return "c-" + self._mac(_CASE, case_id)

    def pseudonymise(self, case: Case) -> Case:
        """``case`` with pseudonymous person and case ids, without AHV number and name.

        Everything the rules need (birth date, municipality, history) is
        kept: the result can still be assessed.
        """
        person = attrs.evolve(case.person, id=self.person(case), ahv_number=None, name=None)
        return attrs.evolve(case, id=self.case_id(case.id), person=person)

    def __repr__(self) -> str:
        return "Pseudonymiser(key=<hidden>)"

    def __reduce__(self) -> NoReturn:
        # Pickling would write the key next to the data it protects.
        raise TypeError("a Pseudonymiser holds a secret key and cannot be pickled")
