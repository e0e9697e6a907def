"""A canton's IIZ network: institutions, collaboration forms, agreements, structural projects."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date
from typing import Final

from attrs import field, frozen

from iizcore.model._validate import non_empty
from iizcore.model.institution import Institution, InstitutionKind
from iizcore.model.labels import Labels

__all__ = [
    "Agreement",
    "CollaborationForm",
    "Municipality",
    "Network",
    "ProjectStatus",
    "StructuralProject",
]


class CollaborationForm(enum.StrEnum):
    """Forms of case-level collaboration in IIZ (LAW.md section 8; seed 000 question 2)."""

    FACHKONFERENZ = "fachkonferenz"
    """Fachkonferenz: specialists of the institutions involved discuss a case."""
    ROUND_TABLE = "round_table"
    """Runder Tisch: all institutions involved and the person at one table."""
    CASE_CONFERENCE = "case_conference"
    """Fallkonferenz / case conference."""
    JOINT_ASSESSMENT = "joint_assessment"
    """Joint assessment of the person's situation (model: IIZ-MAMAC)."""
    CASE_MANAGEMENT = "case_management"
    """Case management with an agreed lead institution (Fallführung)."""

    @property
    def labels(self) -> Labels:
        """The form's name in de, fr, it and en."""
        return _FORM_LABELS[self]


_FORM_LABELS: Final[dict[CollaborationForm, Labels]] = {
    CollaborationForm.FACHKONFERENZ: Labels(
        "Fachkonferenz",
        "Conférence spécialisée",
        "Conferenza specialistica",
        "Specialist conference",
    ),
    CollaborationForm.ROUND_TABLE: Labels(
        "Runder Tisch", "Table ronde", "Tavola rotonda", "Round table"
    ),
    CollaborationForm.CASE_CONFERENCE: Labels(
        "Fallkonferenz", "Conférence de cas", "Conferenza del caso", "Case conference"
    ),
    CollaborationForm.JOINT_ASSESSMENT: Labels(
        "Gemeinsames Assessment", "Évaluation commune", "Valutazione comune", "Joint assessment"
    ),
    CollaborationForm.CASE_MANAGEMENT: Labels(
        "Case Management (Fallführung)",
        "Case management (gestion du cas)",
        "Case management (gestione del caso)",
        "Case management (lead institution)",
    ),
}


class ProjectStatus(enum.StrEnum):
    """Whether a structural project is realised or planned (seed 000, question 1)."""

    REALISED = "realised"
    PLANNED = "planned"


@frozen
class StructuralProject:
    """A structural IIZ project of a canton. Listed only with a source."""

    name: str = field(validator=non_empty)
    description: str
    participants: tuple[InstitutionKind, ...]
    status: ProjectStatus
    start_year: int | None
    source: str = field(validator=non_empty)
    end_year: int | None = None
    verified: bool = True


@frozen
class Agreement:
    """A collaboration agreement between institutions of the network."""

    title: str = field(validator=non_empty)
    parties: tuple[str, ...]
    """Institution ids of the parties."""
    since_year: int | None
    source: str = field(validator=non_empty)
    verified: bool = True


@frozen
class Municipality:
    """A political municipality by its number in the Swiss municipality register (BFS)."""

    bfs: int
    name: str
    district: str
    """The district (Bezirk): the region used instead of the municipality in anonymised output."""


@frozen
class Network:
    """A canton's IIZ network (seed 001 section 2 for ZH; seed 000 for BL).

    ``municipalities`` is the canton's official municipality register at
    ``register_date``; institutions that serve municipalities refer to them by
    BFS number.
    """

    canton: str
    institutions: tuple[Institution, ...]
    coordination_office: str | None = None
    """Id of the institution that coordinates the network (Geschäftsstelle IIZ), if any."""
    collaboration_forms: tuple[CollaborationForm, ...] = ()
    principles: tuple[str, ...] = ()
    """Documented principles of the network, e.g. Leistungskoordination (ZH)."""
    agreements: tuple[Agreement, ...] = ()
    projects: tuple[StructuralProject, ...] = ()
    municipalities: tuple[Municipality, ...] = ()
    register_date: date | None = None
    register_source: str | None = None
    _by_id: dict[str, Institution] = field(init=False, repr=False, eq=False, hash=False)
    _by_bfs: dict[int, Municipality] = field(init=False, repr=False, eq=False, hash=False)
    _by_kind: dict[InstitutionKind, tuple[Institution, ...]] = field(
        init=False, repr=False, eq=False, hash=False
    )
    # Memo of institution_for: the network is immutable, and every assessment
    # asks for the same few (kind, municipality) pairs.
    _responsible: dict[tuple[InstitutionKind, int | None], Institution | None] = field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        by_id: dict[str, Institution] = {}
        for inst in self.institutions:
            if inst.id in by_id:
                raise ValueError(f"duplicate institution id {inst.id!r}")
            by_id[inst.id] = inst
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_bfs", {m.bfs: m for m in self.municipalities})
        by_kind: dict[InstitutionKind, list[Institution]] = {}
        for inst in self.institutions:
            by_kind.setdefault(inst.kind, []).append(inst)
        object.__setattr__(self, "_by_kind", {k: tuple(v) for k, v in by_kind.items()})
        object.__setattr__(self, "_responsible", {})
        if self.coordination_office is not None and self.coordination_office not in by_id:
            raise ValueError(f"coordination office {self.coordination_office!r} is not listed")
        for agreement in self.agreements:
            unknown = [p for p in agreement.parties if p not in by_id]
            if unknown:
                raise ValueError(f"agreement {agreement.title!r} names unknown parties {unknown}")

    def institution(self, institution_id: str) -> Institution:
        """The institution with ``institution_id``.

        Raises:
            KeyError: if the network has no such institution.
        """
        return self._by_id[institution_id]

    def of_kind(self, kind: InstitutionKind) -> Iterator[Institution]:
        """Every institution of ``kind``, in network order."""
        return iter(self._by_kind.get(kind, ()))

    def institution_for(self, kind: InstitutionKind, bfs: int | None = None) -> Institution | None:
        """The institution of ``kind`` responsible for a person living in municipality ``bfs``.

        An institution that lists ``bfs`` among its municipalities wins over
        one that serves the whole canton (which social service is responsible
        for a resident of municipality N: ZUG Art. 12, cantonal law). Without
        ``bfs``, the first cantonal-level institution of the kind.
        """
        key = (kind, bfs)
        try:
            return self._responsible[key]
        except KeyError:
            pass
        found: Institution | None = None
        for inst in self._by_kind.get(kind, ()):
            if bfs is not None and bfs in inst.municipalities:
                found = inst
                break
            if not inst.municipalities and found is None:
                found = inst
        if len(self._responsible) < 65536:
            self._responsible[key] = found
        return found

    def municipality(self, bfs: int) -> Municipality | None:
        """The municipality with BFS number ``bfs``, if it belongs to the canton."""
        return self._by_bfs.get(bfs)

    @property
    def kinds(self) -> frozenset[InstitutionKind]:
        """The institution kinds present in the network."""
        return frozenset(i.kind for i in self.institutions)
