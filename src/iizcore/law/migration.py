"""Federal financing of social assistance in the asylum domain (Globalpauschale, Integrationspauschale).

The cantons support refugees, provisionally admitted persons and asylum
seekers under cantonal law (AsylG Art. 82 Abs. 1); the Confederation pays
them lump sums for it:

* the **Globalpauschale** for provisionally admitted persons (AIG Art. 87
  Abs. 1 lit. a) and provisionally admitted refugees (lit. b) for at most
  **seven years after entry** (AIG Art. 87 Abs. 3 — not AsylG, see
  VERIFICATION.md); for recognised refugees with asylum (B) for at most five
  years (AsylG Art. 88 Abs. 3; the parameter is unverified, and AsylV 2
  Art. 24 Abs. 1 lit. a counts from the asylum application, which the model
  does not record: entry is used instead);
* for asylum seekers, a lump sum while the procedure runs (AsylG Art. 88
  Abs. 1), without a fixed end;
* the one-off **Integrationspauschale** per provisionally admitted person and
  recognised refugee (VIntA Art. 15 Abs. 1): CHF 18,000 nominal since
  1.5.2019, indexed yearly to the CPI by the SEM (Abs. 2, base 31.10.2018) —
  the amount determined here is the nominal base amount.

After the federal period the canton and its municipalities bear the costs
(cantonal cost-sharing is not modelled).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final

from iizcore.law.determination import (
    Amount,
    Determination,
    KeyDate,
    Outcome,
    Quantity,
    Reason,
    RuleContext,
)
from iizcore.model.case import Case
from iizcore.model.institution import InstitutionKind
from iizcore.model.labels import Labels
from iizcore.model.money import Money
from iizcore.model.person import ResidenceStatus
from iizcore.model.reference import LegalRef

__all__ = [
    "RULE",
    "determinations",
    "federal_financing_end",
    "financing_years_parameter",
    "integration_lump_sum",
]

RULE: Final = "migration.federal_financing"

_DURATION_PARAMETER: Final[dict[ResidenceStatus, str]] = {
    ResidenceStatus.PROVISIONALLY_ADMITTED_F: "migration.global_lump_sum_duration_provisionally_admitted",
    # Provisionally admitted refugees fall under AIG Art. 87 Abs. 1 lit. b: seven years (Abs. 3).
    ResidenceStatus.REFUGEE_F: "migration.global_lump_sum_duration_provisionally_admitted",
    ResidenceStatus.REFUGEE_B: "migration.global_lump_sum_duration_refugees",
}

#: VIntA Art. 15 Abs. 2 (CPI indexation, base 31.10.2018) is in force since the version of 1.5.2019.
_INDEXED_SINCE: Final = date(2019, 5, 1)
_INDEXATION_REF: Final = LegalRef("VIntA", "15", paragraph="2")

#: Lump sum for asylum seekers during the procedure (AIG Art. 87 Abs. 1 lit. a refers to it).
_ASYLUM_SEEKER_REF: Final = LegalRef("AsylG", "88", paragraph="1")


def financing_years_parameter(status: ResidenceStatus) -> str | None:
    """The parameter holding the Globalpauschale duration for ``status``, if it has a fixed one."""
    return _DURATION_PARAMETER.get(status)


def _add_years(day: date, years: int) -> date:
    target = day.year + years
    last = calendar.monthrange(target, day.month)[1]
    return day.replace(year=target, day=min(day.day, last))


def federal_financing_end(entry: date, years: int) -> date:
    """Last day of federal financing: the day before the ``years``-th anniversary of entry.

    "während längstens sieben Jahren nach der Einreise" (AIG Art. 87 Abs. 3).
    """
    return _add_years(entry, years) - timedelta(days=1)


def integration_lump_sum(status: ResidenceStatus, ctx: RuleContext) -> Money | None:
    """The nominal Integrationspauschale for ``status`` on ``ctx.on`` (VIntA Art. 15 Abs. 1).

    None for asylum seekers and persons outside the asylum domain. The SEM
    indexes the amount to the CPI each year (Abs. 2); this is the base amount.
    """
    if status not in _DURATION_PARAMETER:
        return None
    return Money(ctx.param("migration.integration_lump_sum"))


def determinations(
    case: Case, ctx: RuleContext, prior: Sequence[Determination]
) -> list[Determination]:
    """``migration.federal_financing`` for persons of the asylum domain; ``[]`` for everyone else."""
    residence = case.person.residence
    status = residence.status
    if not status.is_asylum_domain or residence.entry_date is None:
        return []
    on = ctx.on
    entry = residence.entry_date
    reasons: list[Reason] = []
    amounts: list[Amount] = []
    quantities: list[Quantity] = []
    dates: list[KeyDate] = []

    name = financing_years_parameter(status)
    if name is None:
        # Asylum seekers: financed while the procedure runs, no fixed end.
        outcome = Outcome.ELIGIBLE
        reasons.append(
            Reason(
                "migration.asylum_seeker",
                _ASYLUM_SEEKER_REF,
                Labels(
                    de=(
                        "Asylsuchende: der Bund vergütet dem Kanton die Sozialhilfekosten mit "
                        "einer Pauschale für die Dauer des Verfahrens; keine Integrationspauschale."
                    ),
                    en=(
                        "Asylum seekers: the Confederation reimburses the canton's social-"
                        "assistance costs with a lump sum while the procedure runs; no "
                        "integration lump sum."
                    ),
                ),
                met=True,
            )
        )
    else:
        entry_row = ctx.entry(name)
        years = int(entry_row.decimal)
        end = federal_financing_end(entry, years)
        running = on <= end
        outcome = Outcome.ELIGIBLE if running else Outcome.NOT_ELIGIBLE
        counted = (
            " Gezählt ab Einreise (AsylV 2 zählt ab dem Asylgesuch, das nicht erfasst ist)."
            if status is ResidenceStatus.REFUGEE_B
            else ""
        )
        counted_en = (
            " Counted from entry (AsylV 2 counts from the asylum application, not recorded)."
            if status is ResidenceStatus.REFUGEE_B
            else ""
        )
        reasons.append(
            Reason(
                "migration.global_lump_sum",
                entry_row.ref,
                Labels(
                    de=(
                        f"Globalpauschale des Bundes an den Kanton längstens {years} Jahre nach der "
                        f"Einreise, bis {end.isoformat()}: "
                        + (
                            "läuft noch."
                            if running
                            else "abgelaufen; Kanton und Gemeinde tragen die Kosten."
                        )
                        + counted
                    ),
                    en=(
                        f"Federal lump sum to the canton for at most {years} years after entry, "
                        f"until {end.isoformat()}: "
                        + (
                            "still running."
                            if running
                            else "expired; canton and municipality bear the costs."
                        )
                        + counted_en
                    ),
                ),
                met=running,
            )
        )
        quantities.append(
            Quantity("federal_financing_years", entry_row.decimal, "years", entry_row.ref)
        )
        dates.append(KeyDate("federal_financing_end", end, entry_row.ref))
        lump = integration_lump_sum(status, ctx)
        if lump is not None:
            lump_row = ctx.entry("migration.integration_lump_sum")
            amounts.append(Amount("integration_lump_sum", lump, lump_row.ref))
            reasons.append(
                Reason(
                    "migration.integration_lump_sum",
                    lump_row.ref,
                    Labels(
                        de=f"Einmalige Integrationspauschale des Bundes an den Kanton: nominal {lump}.",
                        en=f"One-off federal integration lump sum to the canton: nominal {lump}.",
                    ),
                )
            )
            if on >= _INDEXED_SINCE:
                reasons.append(
                    Reason(
                        "migration.integration_lump_sum.indexed",
                        _INDEXATION_REF,
                        Labels(
                            de=(
                                "Das SEM passt die Pauschale jährlich dem Landesindex der "
                                "Konsumentenpreise an (Basis 31.10.2018); der ausbezahlte Betrag "
                                "weicht vom Nominalbetrag ab."
                            ),
                            en=(
                                "The SEM adjusts the lump sum yearly to the consumer price index "
                                "(base 31.10.2018); the amount paid differs from the nominal one."
                            ),
                        ),
                    )
                )
    ctx.trace.step(
        RULE,
        lambda: {
            "status": status.value,
            "years_since_entry": _years_between(entry, on),
        },
        outcome.value,
        *(r.ref for r in reasons),
    )
    return [
        Determination(
            institution=InstitutionKind.MIGRATION_INTEGRATION,
            rule=RULE,
            outcome=outcome,
            reasons=tuple(reasons),
            on=on,
            amounts=tuple(amounts),
            quantities=tuple(quantities),
            dates=tuple(dates),
        )
    ]


def _years_between(start: date, day: date) -> int:
    years = day.year - start.year
    return years - 1 if (day.month, day.day) < (start.month, start.day) else years
