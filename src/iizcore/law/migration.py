"""Federal financing of social assistance in the asylum domain (Globalpauschale, Integrationspauschale).

The cantons support refugees, provisionally admitted persons and asylum
seekers under cantonal law (AsylG Art. 82 Abs. 1); the Confederation pays
them lump sums for it:

* the **Globalpauschale** for provisionally admitted persons (AIG Art. 87
  Abs. 1 lit. a) and provisionally admitted refugees (lit. b) for at most
  **seven years after entry** (AIG Art. 87 Abs. 3 — not AsylG, see
  VERIFICATION.md); for recognised refugees with asylum (B) for at most five
  years **from the filing of the asylum application** (AsylG Art. 88 Abs. 3,
  verified). The model records no application date: the entry date is used as
  a proxy, and the reason says so;
* for asylum seekers, a lump sum while the procedure runs (AsylG Art. 88
  Abs. 1), without a fixed end;
* the one-off **Integrationspauschale** per provisionally admitted person and
  recognised refugee (VIntA Art. 15 Abs. 1): a payment per *decision*
  (Abs. 4), so its amount is read **as of the decision date**, not the
  assessment date — CHF 18,000 nominal for decisions after 1.5.2019 (Art. 29a
  Abs. 1; without a supplementary agreement of the canton 6,000 continued),
  6,000 before; indexed yearly to the CPI by the SEM from 1.5.2019 (Abs. 2,
  base 31.10.2018) — the amount determined here is the nominal base amount.
  The model records no decision date: the entry date is used as a proxy (the
  decision is on or after it, so the proxy can only understate the amount
  around 1.5.2019), and the reason says so.

After the federal period the canton and its municipalities bear the costs
(cantonal cost-sharing is not modelled). Every reason text is given in
German, French, Italian and English.
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

#: Flag parameter: the lump sum is CPI-indexed (VIntA Art. 15 Abs. 2, since the version of 1.5.2019).
_INDEXED: Final = "migration.integration_lump_sum_indexed"
_LUMP_SUM: Final = "migration.integration_lump_sum"

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


def integration_lump_sum(
    status: ResidenceStatus, ctx: RuleContext, decided_on: date | None = None
) -> Money | None:
    """The nominal Integrationspauschale for ``status`` (VIntA Art. 15 Abs. 1).

    A one-off payment per decision (Abs. 4): the amount in force on
    ``decided_on`` (VIntA Art. 29a Abs. 1: 18,000 for decisions after
    1.5.2019), by default ``ctx.on``. None for asylum seekers and persons
    outside the asylum domain. The SEM indexes the amount to the CPI each year
    (Abs. 2); this is the base amount.
    """
    if status not in _DURATION_PARAMETER:
        return None
    day = decided_on if decided_on is not None else ctx.on
    return Money(ctx.parameters.value(_LUMP_SUM, day))


def _indexed(ctx: RuleContext, decided_on: date) -> bool:
    params = ctx.parameters
    return _INDEXED in params and params[_INDEXED].values[0].since <= decided_on


def _financing_reason(
    status: ResidenceStatus, years: int, end: date, running: bool, ref: LegalRef
) -> Reason:
    last = end.isoformat()
    refugee = status is ResidenceStatus.REFUGEE_B
    if refugee:
        counted = (
            " Gezählt ab der Einreichung des Asylgesuchs (AsylG Art. 88 Abs. 3); das Datum des "
            "Gesuchs ist nicht erfasst, das Einreisedatum dient als Näherung.",
            " Délai compté dès le dépôt de la demande d'asile (art. 88, al. 3, LAsi) ; la date "
            "de la demande n'est pas saisie, la date d'entrée en Suisse sert d'approximation.",
            " Termine computato dalla presentazione della domanda d'asilo (art. 88 cpv. 3 LAsi); "
            "la data della domanda non è registrata, la data d'entrata in Svizzera serve da "
            "approssimazione.",
            " Counted from the filing of the asylum application (AsylG Art. 88 Abs. 3); the "
            "application date is not recorded, the entry date is used as a proxy.",
        )
        since = (
            "nach dem Asylgesuch",
            "après la demande d'asile",
            "dalla domanda d'asilo",
            "after the asylum application",
        )
    else:
        counted = ("", "", "", "")
        since = (
            "nach der Einreise",
            "après l'entrée en Suisse",
            "dall'entrata in Svizzera",
            "after entry",
        )
    if running:
        state = ("läuft noch.", "en cours.", "ancora in corso.", "still running.")
    else:
        state = (
            "abgelaufen; Kanton und Gemeinde tragen die Kosten.",
            "échu ; le canton et la commune supportent les coûts.",
            "scaduto; Cantone e Comune sopportano i costi.",
            "expired; canton and municipality bear the costs.",
        )
    return Reason(
        "migration.global_lump_sum",
        ref,
        Labels(
            de=(
                f"Globalpauschale des Bundes an den Kanton längstens {years} Jahre {since[0]}, "
                f"bis {last}: {state[0]}{counted[0]}"
            ),
            fr=(
                f"Forfait global de la Confédération au canton pendant {years} ans au plus "
                f"{since[1]}, jusqu'au {last} : {state[1]}{counted[1]}"
            ),
            it=(
                f"Somma forfettaria globale della Confederazione al Cantone per al massimo "
                f"{years} anni {since[2]}, fino al {last}: {state[2]}{counted[2]}"
            ),
            en=(
                f"Federal lump sum to the canton for at most {years} years {since[3]}, until "
                f"{last}: {state[3]}{counted[3]}"
            ),
        ),
        met=running,
    )


def _lump_sum_reasons(lump: Money, ref: LegalRef, indexed: bool) -> list[Reason]:
    reasons = [
        Reason(
            "migration.integration_lump_sum",
            ref,
            Labels(
                de=(
                    f"Einmalige Integrationspauschale des Bundes an den Kanton: nominal {lump}, "
                    "nach dem Recht am Tag des Entscheids über den Status (das Datum des "
                    "Entscheids ist nicht erfasst, das Einreisedatum dient als Näherung)."
                ),
                fr=(
                    f"Forfait d'intégration unique de la Confédération au canton : {lump} "
                    "(montant nominal), selon le droit en vigueur le jour de la décision sur le "
                    "statut (la date de la décision n'est pas saisie, la date d'entrée en Suisse "
                    "sert d'approximation)."
                ),
                it=(
                    f"Somma forfettaria unica per l'integrazione della Confederazione al "
                    f"Cantone: {lump} (importo nominale), secondo il diritto in vigore il giorno "
                    "della decisione sullo statuto (la data della decisione non è registrata, la "
                    "data d'entrata in Svizzera serve da approssimazione)."
                ),
                en=(
                    f"One-off federal integration lump sum to the canton: nominal {lump}, under "
                    "the law on the day of the status decision (the decision date is not "
                    "recorded, the entry date is used as a proxy)."
                ),
            ),
        )
    ]
    if indexed:
        reasons.append(
            Reason(
                "migration.integration_lump_sum.indexed",
                LegalRef("VIntA", "15", paragraph="2"),
                Labels(
                    de=(
                        "Das SEM passt die Pauschale jährlich dem Landesindex der "
                        "Konsumentenpreise an (Basis 31.10.2018); der ausbezahlte Betrag weicht "
                        "vom Nominalbetrag ab."
                    ),
                    fr=(
                        "Le SEM adapte chaque année le forfait à l'indice suisse des prix à la "
                        "consommation (base 31.10.2018) ; le montant versé diffère du montant "
                        "nominal."
                    ),
                    it=(
                        "La SEM adegua ogni anno la somma forfettaria all'indice nazionale dei "
                        "prezzi al consumo (base 31.10.2018); l'importo versato si scosta da "
                        "quello nominale."
                    ),
                    en=(
                        "The SEM adjusts the lump sum yearly to the consumer price index "
                        "(base 31.10.2018); the amount paid differs from the nominal one."
                    ),
                ),
            )
        )
    return reasons


def _lump_sum_unknown(first: date) -> Reason:
    year = first.year
    return Reason(
        "migration.integration_lump_sum",
        LegalRef("VIntA", "15", paragraph="1"),
        Labels(
            de=f"Entscheid vor {year}: die damalige Integrationspauschale ist nicht erfasst.",
            fr=f"Décision antérieure à {year} : le forfait d'intégration de l'époque n'est pas "
            "saisi.",
            it=f"Decisione anteriore al {year}: la somma forfettaria per l'integrazione di allora "
            "non è registrata.",
            en=f"Decision before {year}: the integration lump sum of the time is not on file.",
        ),
        met=None,
    )


_ASYLUM_SEEKER_TEXT: Final = Labels(
    de=(
        "Asylsuchende: der Bund vergütet dem Kanton die Sozialhilfekosten mit einer Pauschale "
        "für die Dauer des Verfahrens; keine Integrationspauschale."
    ),
    fr=(
        "Requérants d'asile : la Confédération rembourse au canton les coûts de l'aide sociale "
        "par un forfait pendant la durée de la procédure ; pas de forfait d'intégration."
    ),
    it=(
        "Richiedenti l'asilo: la Confederazione rimborsa al Cantone i costi dell'assistenza "
        "sociale con una somma forfettaria per la durata della procedura; nessuna somma "
        "forfettaria per l'integrazione."
    ),
    en=(
        "Asylum seekers: the Confederation reimburses the canton's social-assistance costs with "
        "a lump sum while the procedure runs; no integration lump sum."
    ),
)


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
            Reason("migration.asylum_seeker", _ASYLUM_SEEKER_REF, _ASYLUM_SEEKER_TEXT, met=True)
        )
    else:
        entry_row = ctx.entry(name)
        years = int(entry_row.decimal)
        end = federal_financing_end(entry, years)
        running = on <= end
        outcome = Outcome.ELIGIBLE if running else Outcome.NOT_ELIGIBLE
        reasons.append(_financing_reason(status, years, end, running, entry_row.ref))
        quantities.append(
            Quantity("federal_financing_years", entry_row.decimal, "years", entry_row.ref)
        )
        dates.append(KeyDate("federal_financing_end", end, entry_row.ref))
        # One-off payment per decision (VIntA Art. 15 Abs. 4, Art. 29a): the decision date counts;
        # entry is the only date the model has, and the decision never precedes it.
        decided_on = entry
        first = ctx.parameters[_LUMP_SUM].values[0].since
        if decided_on < first:
            reasons.append(_lump_sum_unknown(first))
        elif (lump := integration_lump_sum(status, ctx, decided_on)) is not None:
            lump_row = ctx.parameters.entry(_LUMP_SUM, decided_on)
            amounts.append(Amount("integration_lump_sum", lump, lump_row.ref))
            reasons.extend(_lump_sum_reasons(lump, lump_row.ref, _indexed(ctx, decided_on)))
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
