"""The BL and ZH plugins: real networks from sourced data."""

from __future__ import annotations

from datetime import date

import pytest

from iizcore import InstitutionKind, load_canton
from iizcore.errors import InputError
from iizcore.hooks.data import load_network_data

EXPECTED = {
    # canton: (number of municipalities in the register, kinds that must be present)
    "ZH": (
        160,
        {
            InstitutionKind.LABOUR_MARKET_AUTHORITY,
            InstitutionKind.RAV,
            InstitutionKind.ALV_FUND,
            InstitutionKind.CANTONAL_SOCIAL_OFFICE,
            InstitutionKind.VOCATIONAL_GUIDANCE,
            InstitutionKind.IV_OFFICE,
            InstitutionKind.SOCIAL_ASSISTANCE,
            InstitutionKind.IIZ_OFFICE,
            InstitutionKind.MIGRATION_INTEGRATION,
        },
    ),
    "BL": (
        86,
        {
            InstitutionKind.LABOUR_MARKET_AUTHORITY,
            InstitutionKind.RAV,
            InstitutionKind.ALV_FUND,
            InstitutionKind.CANTONAL_SOCIAL_OFFICE,
            InstitutionKind.VOCATIONAL_GUIDANCE,
            InstitutionKind.IV_OFFICE,
            InstitutionKind.SOCIAL_ASSISTANCE,
            InstitutionKind.MIGRATION_INTEGRATION,
        },
    ),
}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_network_has_the_institutions_the_seeds_name(code: str) -> None:
    count, kinds = EXPECTED[code]
    network = load_canton(code).network
    assert len(network.municipalities) == count
    assert network.register_date == date(2024, 1, 1)
    assert kinds <= network.kinds
    assert network.coordination_office is not None


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_every_municipality_has_a_social_assistance_authority(code: str) -> None:
    network = load_canton(code).network
    for municipality in network.municipalities:
        inst = network.institution_for(InstitutionKind.SOCIAL_ASSISTANCE, municipality.bfs)
        assert inst is not None
        assert municipality.bfs in inst.municipalities, municipality.name


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_projects_and_agreements_carry_sources(code: str) -> None:
    network = load_canton(code).network
    assert network.projects, "both cantons have sourced structural projects"
    for project in network.projects:
        assert project.source.strip()
    for agreement in network.agreements:
        assert agreement.source.strip()


def test_unverified_facts_are_flagged_not_hidden() -> None:
    zh = load_canton("ZH").network
    office = zh.institution(zh.coordination_office or "")
    assert office.kind is InstitutionKind.IIZ_OFFICE
    # The host office of the Geschäftsstelle IIZ could not be verified (RESEARCH.md).
    assert any(not i.verified for i in zh.institutions)


def test_zh_principle_of_leistungskoordination() -> None:
    zh = load_canton("ZH").network
    assert any(p.startswith("Leistungskoordination") for p in zh.principles)


@pytest.mark.parametrize("code", ["BL", "ZH"])
def test_cantonal_basic_need_overlays_the_federal_value(code: str) -> None:
    params = load_canton(code).parameters
    entry = params.entry("sh.basic_need_1p", date(2024, 6, 1))
    assert entry.decimal == 1031
    assert params["sh.basic_need_1p"].origin == code


def test_bad_plugin_data_names_file_and_row(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "institutions.toml").write_text(
        '[[institution]]\nid = "x"\nkind = "nonsense"\nname_de = "X"\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_network_data(folder, "ZH")
    assert info.value.path == "institutions.toml:institution[0]"
