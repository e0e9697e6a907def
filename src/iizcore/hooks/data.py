"""Building a :class:`~iizcore.model.Network` from a plugin's TOML data files.

Canton plugins keep their facts as data, each row with its ``source`` and a
``verified`` flag, in a ``data`` folder with:

``municipalities.toml``
    ``register``, ``register_date``, ``source``, and ``[[municipality]]``
    rows ``bfs``, ``name``, ``district`` (the official municipality register).
``institutions.toml``
    ``[[institution]]`` rows: ``id``, ``kind`` (an
    :class:`~iizcore.model.InstitutionKind` value), ``name_de`` (``name_fr``,
    ``name_it``, ``name_en`` optional), ``legal_basis`` (reference strings),
    ``municipalities`` (``"all"``, a list of BFS numbers, or absent),
    ``verified``, ``source``, ``note``.
``network.toml``
    ``[coordination_office] institution = "<id>"``, ``[principle]`` or
    ``[[principle]]`` (``name``, ``quote_de``), ``[[collaboration_form]]``
    (``form``), ``[[agreement]]`` (``title``, ``parties``, ``since``,
    ``source``, ``verified``), ``[[project]]`` (``name``, ``description``,
    ``participants`` as kinds, ``status``, ``start_year``, ``end_year``,
    ``source``, ``verified``).

Other keys (``note``, ``source`` on tables) are documentation for readers and
are ignored. Errors name the file and the row.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from iizcore.errors import InputError
from iizcore.hooks.specs import CantonInfo, hookimpl
from iizcore.law.parameters import Parameter, parse_parameters
from iizcore.model.institution import Institution, InstitutionKind
from iizcore.model.labels import Labels
from iizcore.model.network import (
    Agreement,
    CollaborationForm,
    Municipality,
    Network,
    ProjectStatus,
    StructuralProject,
)
from iizcore.model.reference import LegalRef

if TYPE_CHECKING:
    from iizcore.costs.keys import CostKeyRule

__all__ = ["data_hooks", "load_network_data", "load_parameter_data", "read_toml"]

T = TypeVar("T")


def read_toml(folder: Traversable | Path, name: str) -> dict[str, Any]:
    """Parse ``folder/name``; a missing file is an empty document."""
    entry = folder / name
    if not entry.is_file():
        return {}
    try:
        return tomllib.loads(entry.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(name, f"not valid TOML: {exc}") from None


def _rows(
    doc: Mapping[str, Any], key: str, file: str, build: Callable[[Mapping[str, Any]], T]
) -> tuple[T, ...]:
    """Build every ``[[key]]`` row of ``doc``; errors name ``file:key[i]``."""
    return tuple(_row(f"{file}:{key}[{i}]", build, r) for i, r in enumerate(doc.get(key, [])))


def _row(where: str, build: Callable[[Mapping[str, Any]], T], row: Mapping[str, Any]) -> T:
    try:
        return build(row)
    except KeyError as exc:
        raise InputError(where, f"missing field {exc.args[0]!r}") from None
    except (ValueError, TypeError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(where, str(exc)) from None


def _labels(row: Mapping[str, Any], prefix: str = "name") -> Labels:
    return Labels(
        de=str(row[f"{prefix}_de"]),
        fr=row.get(f"{prefix}_fr"),
        it=row.get(f"{prefix}_it"),
        en=row.get(f"{prefix}_en"),
    )


def _institution(row: Mapping[str, Any], canton: str) -> Institution:
    served = row.get("municipalities")
    if served is None or served == "all":
        municipalities: frozenset[int] = frozenset()
    elif isinstance(served, list) and all(isinstance(b, int) for b in served):
        municipalities = frozenset(served)
    else:
        raise ValueError("municipalities must be 'all' or a list of BFS numbers")
    return Institution(
        id=str(row["id"]),
        kind=InstitutionKind(row["kind"]),
        name=_labels(row),
        canton=canton,
        municipalities=municipalities,
        legal_basis=tuple(LegalRef.parse(r) for r in row.get("legal_basis", [])),
        verified=bool(row.get("verified", False)),
        source=row.get("source"),
        note=row.get("note"),
    )


def _municipality(row: Mapping[str, Any]) -> Municipality:
    return Municipality(bfs=int(row["bfs"]), name=str(row["name"]), district=str(row["district"]))


def _project(row: Mapping[str, Any]) -> StructuralProject:
    return StructuralProject(
        name=str(row["name"]),
        description=str(row.get("description", "")),
        participants=tuple(InstitutionKind(k) for k in row.get("participants", [])),
        status=ProjectStatus(row["status"]),
        start_year=row.get("start_year"),
        end_year=row.get("end_year"),
        source=str(row["source"]),
        verified=bool(row.get("verified", False)),
    )


def _agreement(row: Mapping[str, Any]) -> Agreement:
    return Agreement(
        title=str(row["title"]),
        parties=tuple(str(p) for p in row.get("parties", [])),
        since_year=row.get("since"),
        source=str(row["source"]),
        verified=bool(row.get("verified", False)),
    )


def load_network_data(folder: Traversable | Path, canton: str) -> Network:
    """The :class:`~iizcore.model.Network` described by the TOML files in ``folder``.

    Raises:
        InputError: naming the file and the row of the first bad entry.
    """
    muni_doc = read_toml(folder, "municipalities.toml")
    inst_doc = read_toml(folder, "institutions.toml")
    net_doc = read_toml(folder, "network.toml")

    municipalities = _rows(muni_doc, "municipality", "municipalities.toml", _municipality)
    institutions = _rows(
        inst_doc, "institution", "institutions.toml", lambda r: _institution(r, canton)
    )
    office = net_doc.get("coordination_office", {}).get("institution")
    principles_raw = net_doc.get("principle", [])
    if isinstance(principles_raw, dict):
        principles_raw = [principles_raw]
    principles = tuple(
        f"{p['name']}: {p['quote_de']}" if p.get("quote_de") else str(p["name"])
        for p in principles_raw
    )
    forms = _rows(
        net_doc, "collaboration_form", "network.toml", lambda r: CollaborationForm(r["form"])
    )
    agreements = _rows(net_doc, "agreement", "network.toml", _agreement)
    projects = _rows(net_doc, "project", "network.toml", _project)
    register_date = muni_doc.get("register_date")
    if register_date is not None and not isinstance(register_date, date):
        raise InputError("municipalities.toml:register_date", "not a TOML date")
    known = {m.bfs for m in municipalities}
    for inst in institutions:
        stray = sorted(inst.municipalities - known) if known else []
        if stray:
            raise InputError(
                f"institutions.toml:{inst.id}.municipalities",
                f"BFS numbers not in the municipality register: {stray}",
            )
    return _row(
        "network.toml",
        lambda _: Network(
            canton=canton,
            institutions=institutions,
            coordination_office=office,
            collaboration_forms=tuple(dict.fromkeys(forms)),
            principles=principles,
            agreements=agreements,
            projects=projects,
            municipalities=municipalities,
            register_date=register_date,
            register_source=muni_doc.get("source"),
        ),
        net_doc,
    )


def load_parameter_data(folder: Traversable | Path, canton: str) -> list[Parameter]:
    """The cantonal parameters in ``folder/parameters.toml`` (none if the file is absent)."""
    return parse_parameters(
        read_toml(folder, "parameters.toml"), origin=canton, where="parameters.toml"
    )


def data_hooks(
    folder: Traversable | Path,
) -> tuple[
    Callable[[CantonInfo], Network],
    Callable[[CantonInfo], list[Parameter]],
    Callable[[CantonInfo, date], list[CostKeyRule]],
]:
    """The hooks ``iiz_network``, ``iiz_parameters`` and ``iiz_cost_keys`` over ``folder``.

    Every canton plugin that keeps its facts as data in ``folder`` implements
    these three hooks alike: :func:`load_network_data`,
    :func:`load_parameter_data` and :func:`iizcore.costs.load_cost_keys`. A
    plugin module binds them to the hook names::

        iiz_network, iiz_parameters, iiz_cost_keys = data_hooks(DATA)
    """

    @hookimpl
    def iiz_network(canton: CantonInfo) -> Network:
        return load_network_data(folder, canton.code)

    @hookimpl
    def iiz_parameters(canton: CantonInfo) -> list[Parameter]:
        return load_parameter_data(folder, canton.code)

    @hookimpl
    def iiz_cost_keys(canton: CantonInfo, on: date) -> list[CostKeyRule]:
        # Imported here: iizcore.costs reads its TOML through this module.
        from iizcore.costs.keys import load_cost_keys

        return load_cost_keys(folder, on)

    return iiz_network, iiz_parameters, iiz_cost_keys
