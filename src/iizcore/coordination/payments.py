"""Who pays first: subsidiarity, the ALV's advance-payment duty, advances of social assistance.

The order of payment, as ranked :class:`~iizcore.coordination.plan.PaymentStep`:

- **Insurances before social assistance.** Social assistance is subsidiary
  to every insurance benefit (SKOS A.3; SHG ZH § 2): it always ranks after
  every insurance that pays or is eligible on the date.
- **ALV advance-payment duty (Vorleistungspflicht).** A person with a
  health impairment who is registered with the IV for benefits (a pending IV
  claim, or an IV spell) and is not obviously unplaceable counts as placeable
  until the IV decides (AVIV Art. 15 Abs. 3); the ALV pays in advance while
  it is disputed whether the ALV or the IV must pay (ATSG Art. 70 Abs. 2
  lit. b; BGE 136 V 95: "eine bei der Invalidenversicherung zum
  Leistungsbezug angemeldete ... Person") and is reimbursed by the IV if the
  IV is found liable (ATSG Art. 71). The **registration** triggers the
  advance, not the health problem alone: where the IV is only potentially
  involved (no claim filed yet), the ALV pays as the responsible insurance
  now, and a second, dated step says that it advances from the registration
  on — the day the early-detection report (and with it the registration) is
  due (:attr:`PaymentStep.since`). **Unverified**: the wording of ATSG
  Art. 70–71 and AVIV Art. 15 Abs. 3 was read only in secondary sources
  (koordination.ch, BGE 136 V 95; law/data/VERIFICATION.md §2).
- **Social assistance advances** while an IV claim is pending, and claims the
  IV back payment for the same period (ATSG Art. 22 Abs. 2 lit. a; IVV
  Art. 85bis Abs. 1–3, read in full; BGE 135 V 2).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from iizcore.coordination.facts import (
    ALV_KINDS,
    SH_KINDS,
    CaseFacts,
    StepCache,
    remember,
    replayed,
)
from iizcore.coordination.plan import PaymentRole, PaymentStep
from iizcore.law.determination import RuleContext
from iizcore.model.institution import InstitutionKind
from iizcore.model.labels import Labels
from iizcore.model.reference import LegalRef

__all__ = ["ADVANCE_REFS", "REIMBURSEMENT_REFS", "SH_ADVANCE_REFS", "payment_order"]

K = InstitutionKind

#: ALV advance-payment duty where ALV and IV responsibility is disputed.
ADVANCE_REFS: Final = (
    LegalRef("ATSG", "70", paragraph="2", letter="b"),
    LegalRef("AVIV", "15", paragraph="3"),
)
#: Reimbursement of the advancing insurer by the liable one.
REIMBURSEMENT_REFS: Final = (LegalRef("ATSG", "71"),)
#: Social assistance's claim on IV back payments for its advances.
SH_ADVANCE_REFS: Final = (
    LegalRef("ATSG", "22", paragraph="2", letter="a"),
    LegalRef("IVV", "85bis", paragraph="1"),
)
_SUBSIDIARITY: Final = (LegalRef("SKOS", "A.3", style="chapter"),)

#: Insurances other than ALV and IV, in the order they are listed.
_OTHER_INSURANCES: Final = (K.ACCIDENT_INSURANCE, K.SICKNESS_ALLOWANCE_INSURER)


def _alv_iv_disputed(facts: CaseFacts) -> bool:
    """Whether ALV and IV responsibility is disputed on the date: the person is registered.

    A pending IV claim, or an IV spell running while the ALV pays (AVIV
    Art. 15 Abs. 3: "bei der Invalidenversicherung ... angemeldet").
    """
    return facts.iv_registered and (facts.health_problem or not ALV_KINDS.isdisjoint(facts.unclear))


_ADVANCE_REASON: Final = Labels(
    de="Die ALV leistet vor, solange die Zuständigkeit von ALV und IV "
    "strittig ist; die IV erstattet, wenn sie leistungspflichtig ist.",
    fr="L'AC verse des prestations préalables tant que la compétence AC/AI "
    "est litigieuse ; l'AI rembourse si elle est tenue de prester.",
    it="L'AD anticipa le prestazioni finché la competenza AD/AI è "
    "controversa; l'AI rimborsa se è tenuta a fornire prestazioni.",
    en="The ALV pays in advance while ALV/IV responsibility is disputed; "
    "the IV reimburses if it is found liable.",
)


def _advance_from(day: date) -> Labels:
    when = day.isoformat()
    return Labels(
        de=f"Ab der Anmeldung bei der IV (Meldung zur Früherfassung fällig am {when}) "
        "leistet die ALV vor, solange die Zuständigkeit von ALV und IV strittig ist; "
        "die IV erstattet, wenn sie leistungspflichtig ist.",
        fr=f"Dès l'inscription à l'AI (communication pour la détection précoce due le {when}), "
        "l'AC verse des prestations préalables tant que la compétence AC/AI est litigieuse ; "
        "l'AI rembourse si elle est tenue de prester.",
        it=f"Dall'iscrizione all'AI (comunicazione per il rilevamento tempestivo dovuta il "
        f"{when}) l'AD anticipa le prestazioni finché la competenza AD/AI è controversa; "
        "l'AI rimborsa se è tenuta a fornire prestazioni.",
        en=f"From the registration with the IV on (early-detection report due {when}) the ALV "
        "pays in advance while ALV/IV responsibility is disputed; the IV reimburses if it is "
        "found liable.",
    )


_ALV_PRIMARY_REASON: Final = Labels(
    de="Die ALV zahlt Taggelder als zuständige Versicherung.",
    fr="L'AC verse les indemnités journalières en tant qu'assurance compétente.",
    it="L'AD versa le indennità giornaliere quale assicurazione competente.",
    en="The ALV pays daily allowances as the responsible insurance.",
)
_IV_PRIMARY_REASON: Final = Labels(
    de="Die IV zahlt als zuständige Versicherung.",
    fr="L'AI paie en tant qu'assurance compétente.",
    it="L'AI paga quale assicurazione competente.",
    en="The IV pays as the responsible insurance.",
)
_IV_PENDING_REASON: Final = Labels(
    de="Die IV prüft ihre Zuständigkeit; sie zahlt ab ihrem Entscheid.",
    fr="L'AI examine sa compétence ; elle paie dès sa décision.",
    it="L'AI esamina la sua competenza; paga a partire dalla decisione.",
    en="The IV examines its responsibility; it pays from its decision.",
)
_SH_ADVANCE_REASON: Final = Labels(
    de="Die Sozialhilfe bevorschusst subsidiär und macht die "
    "IV-Nachzahlung für dieselbe Zeit geltend.",
    fr="L'aide sociale avance à titre subsidiaire et réclame le paiement "
    "rétroactif de l'AI pour la même période.",
    it="L'assistenza sociale anticipa sussidiariamente e chiede il "
    "pagamento retroattivo dell'AI per lo stesso periodo.",
    en="Social assistance advances subsidiarily and claims the IV back "
    "payment for the same period.",
)
_SH_SUBSIDIARY_REASON: Final = Labels(
    de="Die Sozialhilfe deckt subsidiär, was keine vorgehende Leistung deckt.",
    fr="L'aide sociale couvre à titre subsidiaire ce qu'aucune prestation prioritaire ne couvre.",
    it="L'assistenza sociale copre sussidiariamente ciò che nessuna prestazione prioritaria copre.",
    en="Social assistance covers subsidiarily what no prior benefit covers.",
)

# What each step says, by (institution, role); the ALV's dated advance (a step with a
# ``since``) says it from that day (:func:`_advance_from`).
_Content = tuple[Labels, tuple[LegalRef, ...], InstitutionKind | None, tuple[LegalRef, ...]]
_CONTENT: Final[dict[tuple[InstitutionKind, PaymentRole], _Content]] = {
    (K.ALV_FUND, PaymentRole.ADVANCE): (
        _ADVANCE_REASON,
        ADVANCE_REFS,
        K.IV_OFFICE,
        REIMBURSEMENT_REFS,
    ),
    (K.ALV_FUND, PaymentRole.PRIMARY): (_ALV_PRIMARY_REASON, (LegalRef("AVIG", "8"),), None, ()),
    **{
        (other, PaymentRole.PRIMARY): (
            Labels(
                de=f"{other.labels.de} zahlt als zuständige Versicherung.",
                en=f"{other.labels.get('en')} pays as the responsible insurance.",
            ),
            (LegalRef("UVG", "16"), *_SUBSIDIARITY)
            if other is K.ACCIDENT_INSURANCE
            else _SUBSIDIARITY,
            None,
            (),
        )
        for other in _OTHER_INSURANCES
    },
    (K.IV_OFFICE, PaymentRole.PRIMARY): (_IV_PRIMARY_REASON, (LegalRef("IVG", "28"),), None, ()),
    (K.IV_OFFICE, PaymentRole.PENDING): (
        _IV_PENDING_REASON,
        (LegalRef("IVG", "3abis", paragraph="2", letter="b"),),
        None,
        (),
    ),
    (K.SOCIAL_ASSISTANCE, PaymentRole.ADVANCE): (
        _SH_ADVANCE_REASON,
        _SUBSIDIARITY + SH_ADVANCE_REFS,
        K.IV_OFFICE,
        SH_ADVANCE_REFS,
    ),
    (K.SOCIAL_ASSISTANCE, PaymentRole.SUBSIDIARY): (_SH_SUBSIDIARY_REASON, _SUBSIDIARITY, None, ()),
}

#: A step as (institution, role, since); with the rank, it decides all else.
_Step = tuple[InstitutionKind, PaymentRole, date | None]

#: Orders of payment kept before the cache starts afresh. The order depends on a few
#: facts and, for the ALV's dated advance, on a date: the same orders recur case after case.
_CACHE_LIMIT: Final = 4096
_orders: dict[tuple[_Step, ...], tuple[PaymentStep, ...]] = {}


def _build(steps: tuple[_Step, ...]) -> tuple[PaymentStep, ...]:
    out = []
    for rank, (kind, role, since) in enumerate(steps, start=1):
        reason, refs, recovers, rec_refs = _CONTENT[kind, role]
        if since is not None:
            reason = _advance_from(since)
        out.append(PaymentStep(rank, kind, role, reason, refs, recovers, rec_refs, since))
    return tuple(out)


# Enum members as module constants: reading ``Enum.MEMBER`` goes through the enum
# class's attribute lookup each time, several times slower than a global.
_ALV_FUND: Final = K.ALV_FUND
_IV_OFFICE: Final = K.IV_OFFICE
_SOCIAL_ASSISTANCE: Final = K.SOCIAL_ASSISTANCE
_ADVANCE: Final = PaymentRole.ADVANCE
_PRIMARY: Final = PaymentRole.PRIMARY
_PENDING: Final = PaymentRole.PENDING
_SUBSIDIARY: Final = PaymentRole.SUBSIDIARY


def payment_order(
    facts: CaseFacts, ctx: RuleContext, *, iv_registration_due: date | None = None
) -> tuple[PaymentStep, ...]:
    """The ranked order of payment for the case on ``ctx.on`` (may be empty).

    ``iv_registration_due`` is the day the person can be reported and
    registered with the IV (the plan's early-detection report), if any: the
    ALV's advance-payment duty starts then.
    """
    steps: list[_Step] = []
    eligible, paying, involved = facts.eligible, facts.paying, facts.involved
    alv_pays = _ALV_FUND in eligible or _ALV_FUND in paying
    iv_pays = _IV_OFFICE in eligible or _IV_OFFICE in paying
    iv_involved = _IV_OFFICE in involved
    if alv_pays:
        if _alv_iv_disputed(facts) and not iv_pays:
            steps.append((_ALV_FUND, _ADVANCE, None))
        else:
            steps.append((_ALV_FUND, _PRIMARY, None))
            if (
                not iv_pays
                and not facts.iv_registered
                and facts.health_problem
                and iv_involved
                and iv_registration_due is not None
            ):
                steps.append((_ALV_FUND, _ADVANCE, iv_registration_due))
    for other in _OTHER_INSURANCES:
        if other in eligible or other in paying:
            steps.append((other, _PRIMARY, None))
    if iv_pays:
        steps.append((_IV_OFFICE, _PRIMARY, None))
    elif facts.iv_registered or iv_involved:
        steps.append((_IV_OFFICE, _PENDING, None))
    sh: InstitutionKind | None = None
    for kind in involved:
        if kind in SH_KINDS:
            sh = kind
            break
    sh_pays = sh is not None and (sh in eligible or sh in paying or not steps)
    if sh is not None and sh_pays:
        if facts.iv_claim_pending and not iv_pays:
            steps.append((_SOCIAL_ASSISTANCE, _ADVANCE, None))
        else:
            steps.append((_SOCIAL_ASSISTANCE, _SUBSIDIARY, None))
    key = tuple(steps)
    result = _orders.get(key)
    if result is None:
        if len(_orders) >= _CACHE_LIMIT:
            _orders.clear()
        result = _orders[key] = _build(key)
    trace = ctx.trace
    if trace.enabled and not replayed(trace, _ORDER_STEPS, key):
        trace.step(
            "coordination.payments",
            {f"{s.rank}": f"{s.institution.value}:{s.role.value}" for s in result},
            len(result),
            *dict.fromkeys(r for s in result for r in s.refs + s.recovery_refs),
        )
        remember(trace, _ORDER_STEPS, key)
    return result


#: The trace step of each order of payment, keyed as :data:`_orders`.
_ORDER_STEPS: StepCache = {}
