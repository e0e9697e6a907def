"""Write the OpenFisca parameter YAML of the benchmark system from iizcore's TOML data.

The values and validity starts are copied, not re-typed: iizcore's federal
TOML (``iizcore/law/data``) and the BL and ZH plugin TOML are the single
source. A cantonal parameter is written as the series the canton applies:
federal (SKOS) rows before the canton's first row, the canton's rows from
then on — the overlay rule, encoded here independently of
``ParameterSet.overlay``.

Run ``python benchmarks/openfisca_iiz/generate_parameters.py`` after changing
the TOML; ``tests/test_benchmarks_smoke.py`` fails while the YAML is stale.
Social-assistance parameters share their names (``sh.*``) between the
federal TOML and the plugins; the cantonal series are written per canton
under ``cantons.<code>``.
"""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"

#: iizcore parameter name -> OpenFisca key, per file.
ALV = (
    "alv.max_daily_allowances_12_months",
    "alv.max_daily_allowances_18_months",
    "alv.max_daily_allowances_22_months",
    "alv.contribution_months_threshold_260",
    "alv.contribution_months_threshold_400",
    "alv.contribution_months_threshold_520",
    "alv.age_threshold_520",
    "alv.iv_degree_threshold_520",
    "alv.max_daily_allowances_exempt",
    "alv.max_daily_allowances_young",
    "alv.young_age_limit",
    "alv.additional_daily_allowances_pre_retirement",
    "alv.pre_retirement_window_years",
)
IV_SCALES = ("iv.pension_share_by_degree",)
#: Social-assistance parameters: federal (SKOS) names, shared by the canton plugins.
SH = ("sh.basic_need_1p", "sh.basic_need_additional_person")
SH_SCALES = ("sh.equivalence_scale",)
CANTONS = {"bl": "iizcore_bl", "zh": "iizcore_zh"}

Rows = list[dict[str, Any]]


def _load(package: str, name: str) -> dict[str, Rows]:
    text = (resources.files(package) / "data" / name).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return {p["name"]: p["values"] for p in data.get("parameter", [])}


def _number(value: str) -> int | float:
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


def _check_month_start(name: str, since: date) -> None:
    # The benchmark system evaluates monthly periods: a parameter must only change on the
    # first of a month for the monthly lookup to equal iizcore's lookup by day.
    if since.day != 1:
        raise ValueError(f"{name}: a value starts on {since.isoformat()}, not on a month's first")


def _values(name: str, rows: Rows) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row in sorted(rows, key=lambda r: r["since"]):
        _check_month_start(name, row["since"])
        out[row["since"].isoformat()] = {
            "value": _number(str(row["value"])),
            "metadata": {"reference": str(row["ref"])},
        }
    return {"description": name, "values": out}


def _table(value: str) -> dict[Decimal, Decimal]:
    pairs = (item.split(":", 1) for item in value.split(","))
    return {Decimal(k.strip()): Decimal(v.strip()) for k, v in pairs}


def _scale(name: str, rows: Rows) -> dict[str, Any]:
    """A ``single_amount`` scale: key = lowest input (inclusive) for which the value applies.

    Every dated table is expressed over the union of all keys, each bracket
    carrying the value the table in force gives at that key — equivalent for
    every input, since a table's value is constant between its own keys.
    """
    tables = []
    for row in sorted(rows, key=lambda r: r["since"]):
        _check_month_start(name, row["since"])
        tables.append((row["since"].isoformat(), _table(str(row["value"])), str(row["ref"])))
    keys = sorted({k for _, t, _ in tables for k in t})
    brackets = []
    for key in keys:
        threshold: dict[str, Any] = {}
        amount: dict[str, Any] = {}
        for since, table, ref in tables:
            below = [k for k in table if k <= key]
            threshold[since] = {"value": _number(str(key))}
            # A key below the table's lowest key yields nothing (no pension, no factor).
            value = table[max(below)] if below else Decimal(0)
            amount[since] = {"value": _number(str(value)), "metadata": {"reference": ref}}
        brackets.append({"threshold": threshold, "amount": amount})
    return {"description": name, "metadata": {"type": "single_amount"}, "brackets": brackets}


def _overlay(federal: Rows, cantonal: Rows) -> Rows:
    first = min(r["since"] for r in cantonal)
    return [r for r in federal if r["since"] < first] + list(cantonal)


def _short(name: str) -> str:
    return name.split(".", 1)[1]


def parameter_tree() -> dict[str, dict[str, Any]]:
    """The YAML documents by file name, built from the TOML data."""
    alv = _load("iizcore.law", "alv.toml")
    iv = _load("iizcore.law", "iv.toml")
    sh = _load("iizcore.law", "sozialhilfe.toml")
    tree: dict[str, dict[str, Any]] = {
        "alv.yaml": {_short(n): _values(n, alv[n]) for n in ALV},
        "iv.yaml": {_short(n): _scale(n, iv[n]) for n in IV_SCALES},
        "sozialhilfe.yaml": {
            **{_short(n): _values(n, sh[n]) for n in SH},
            **{_short(n): _scale(n, sh[n]) for n in SH_SCALES},
        },
    }
    # Each canton's series: the canton's rows overlaid on the federal (SKOS) ones; a canton
    # without its own series applies the federal one.
    cantons: dict[str, Any] = {}
    for code, package in CANTONS.items():
        own = _load(package, "parameters.toml")
        node: dict[str, Any] = {}
        for name in (*SH, *SH_SCALES):
            series = _overlay(sh[name], own[name]) if name in own else sh[name]
            where = f"{code}: {name}"
            node[_short(name)] = (
                _scale(where, series) if name in SH_SCALES else _values(where, series)
            )
        cantons[code] = node
    tree["cantons.yaml"] = cantons
    return tree


def render(document: dict[str, Any]) -> str:
    """A YAML document as written to disk."""
    header = "# Generated by benchmarks/openfisca_iiz/generate_parameters.py from iizcore's TOML.\n"
    return header + str(yaml.safe_dump(document, sort_keys=True, allow_unicode=True))


def write() -> list[Path]:
    """Write every YAML file; returns the paths written."""
    PARAMETERS_DIR.mkdir(exist_ok=True)
    written = []
    for name, document in parameter_tree().items():
        path = PARAMETERS_DIR / name
        path.write_text(render(document), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write():
        print(path)
