"""Consent-checked data access and revolving-door detection."""

from __future__ import annotations

from datetime import date

import pytest

from iizcore import Case, RuleError
from iizcore.coordination import AccessBasis, DataAccess, detect, grant_access, summarize
from iizcore.coordination.sharing import decide_access
from iizcore.model import InstitutionKind

from .conftest import ON, make_case

K = InstitutionKind


def test_data_access_cannot_be_constructed_directly() -> None:
    """The API enforces the check: only grant_access makes a DataAccess."""
    with pytest.raises(RuleError, match="grant_access"):
        DataAccess(K.IV_OFFICE, AccessBasis.CONSENT, ON)


def test_consent_grants_access_within_its_validity() -> None:
    case = make_case(
        consents=[{"institutions": ["iv_office"], "since": "2025-01-01", "until": "2025-02-28"}]
    )
    assert grant_access(case, K.IV_OFFICE, date(2025, 2, 1)).basis is AccessBasis.CONSENT
    with pytest.raises(RuleError):
        grant_access(case, K.IV_OFFICE, ON)  # consent expired, no legal basis


def test_legal_basis_ivg_68bis_needs_an_iv_registration() -> None:
    """IVG Art. 68bis Abs. 3 (the IV offices' secrecy falls towards the partners of Abs. 1,
    social assistance among them) applies only to persons reported or registered with the IV
    (Abs. 1; lawbrary IVG-v2025.01-de-art-68bis)."""
    plain = make_case()
    with pytest.raises(RuleError):
        grant_access(plain, K.SOCIAL_ASSISTANCE, ON)
    registered = make_case(claims=[{"institution": "iv_office", "filed_on": "2025-01-10"}])
    access = grant_access(registered, K.SOCIAL_ASSISTANCE, ON)
    assert access.basis is AccessBasis.LEGAL_BASIS
    assert [str(r) for r in access.refs] == ["IVG Art. 68bis Abs. 3"]
    alv = grant_access(registered, K.RAV, ON)
    assert [str(r) for r in alv.refs] == ["IVG Art. 68bis Abs. 2"]


def test_the_cooperation_duties_are_no_release_from_secrecy() -> None:
    """IVG Art. 68bis Abs. 1 and AVIG Art. 85f Abs. 1 oblige the institutions to cooperate;
    only the paragraphs that release from secrecy (ATSG Art. 33) are legal bases for sharing."""
    from iizcore.coordination.sharing import LEGAL_BASES

    assert {str(b.ref) for b in LEGAL_BASES} == {
        "IVG Art. 68bis Abs. 2",
        "IVG Art. 68bis Abs. 3",
        "AVIG Art. 85f Abs. 3",
    }


def test_avig_85f_releases_alv_and_iv_only() -> None:
    """AVIG Art. 85f Abs. 3 (LACI-v2024.01-fr-art-85f al. 3): the ALV bodies and the IV offices
    are mutually released from secrecy. Other partners (Abs. 2) may consult the ALV's files
    only with the person's consent: social assistance needs it."""
    case = make_case(
        history=[{"institution": "alv_fund", "benefit": "cash", "start": "2024-11-01"}]
    )
    iv = grant_access(case, K.IV_OFFICE, ON)
    assert [str(r) for r in iv.refs] == ["AVIG Art. 85f Abs. 3"]
    with pytest.raises(RuleError):
        grant_access(case, K.SOCIAL_ASSISTANCE, ON)
    consented = make_case(
        history=[{"institution": "alv_fund", "benefit": "cash", "start": "2024-11-01"}],
        consents=[{"institutions": ["social_assistance"], "since": "2024-11-01"}],
    )
    assert grant_access(consented, K.SOCIAL_ASSISTANCE, ON).basis is AccessBasis.CONSENT


def test_no_legal_basis_for_the_coordination_office() -> None:
    """Neither IVG Art. 68bis nor AVIG Art. 85f names the IIZ office: consent is needed."""
    case = make_case(
        history=[{"institution": "alv_fund", "benefit": "cash", "start": "2024-11-01"}],
        claims=[{"institution": "iv_office", "filed_on": "2025-01-10"}],
    )
    granted, needed = decide_access(case, (K.RAV, K.IIZ_OFFICE), ON)
    assert [g.institution for g in granted] == [K.RAV]
    assert [n.institution for n in needed] == [K.IIZ_OFFICE]
    assert "consent" in needed[0].reason.get("en")


def _revolving_case() -> Case:
    return make_case(
        history=[
            {
                "institution": "alv_fund",
                "benefit": "cash",
                "start": "2021-09-01",
                "end": "2023-08-31",
                "end_reason": "exhausted",
            },
            {
                "institution": "rav",
                "benefit": "counselling",
                "start": "2021-09-01",
                "end": "2023-08-31",
            },
            {
                "institution": "social_assistance",
                "benefit": "cash",
                "start": "2023-09-01",
                "end": "2024-04-30",
            },
            {
                "institution": "iv_office",
                "benefit": "measure",
                "start": "2024-05-01",
                "end": "2024-08-31",
            },
            {"institution": "social_assistance", "benefit": "cash", "start": "2024-09-01"},
        ]
    )


def test_detects_the_chain_alv_sh_iv_and_a_re_entry() -> None:
    case = _revolving_case()
    door = detect(case)
    assert door.path == ("alv", "sh", "iv", "sh")  # fund and RAV merge into one ALV stay
    assert door.classic_chain
    assert door.re_entries == 1
    assert door.is_revolving_door
    days = dict(door.days_by_system)
    assert days["alv"] == (date(2023, 8, 31) - date(2021, 9, 1)).days + 1
    assert days["iv"] == 123
    assert days["sh"] == 243 + (ON - date(2024, 9, 1)).days + 1
    assert door.final_system == "sh"
    assert door.days_before_final == (date(2024, 9, 1) - date(2021, 9, 1)).days


def test_a_single_stay_is_no_revolving_door() -> None:
    case = make_case(
        history=[{"institution": "alv_fund", "benefit": "cash", "start": "2024-11-01"}]
    )
    door = detect(case)
    assert not door.is_revolving_door
    assert door.days_before_final == 0


def test_summary_over_a_case_set() -> None:
    cases = [_revolving_case(), make_case()]
    summary = summarize(cases)
    assert (summary.cases, summary.revolving, summary.classic_chains) == (2, 1, 1)
    assert summary.share == 0.5
    assert summary.median_days_before_final == (date(2024, 9, 1) - date(2021, 9, 1)).days


def test_a_refused_iv_claim_is_no_legal_basis() -> None:
    case = make_case(
        claims=[
            {
                "institution": "iv_office",
                "filed_on": "2024-01-10",
                "decided_on": "2024-06-01",
                "outcome": "refused",
            }
        ]
    )
    assert grant_access(case, K.SOCIAL_ASSISTANCE, date(2024, 5, 1)).refs
    with pytest.raises(RuleError):
        grant_access(case, K.SOCIAL_ASSISTANCE, ON)
