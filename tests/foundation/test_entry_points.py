"""Plugin discovery without importlib.metadata: the same answer, and the fallback where needed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from iizcore.errors import PluginError
from iizcore.hooks import _entry_points
from iizcore.hooks._entry_points import FoundEntryPoint, entry_points
from iizcore.hooks.manager import ENTRY_POINT_GROUP, CantonRegistry


def _dist(where: Path, stem: str, entry_points_txt: str, metadata: str | None = None) -> Path:
    info = where / f"{stem}.dist-info"
    info.mkdir(parents=True)
    (info / "entry_points.txt").write_text(entry_points_txt, encoding="utf-8")
    if metadata is not None:
        (info / "METADATA").write_text(metadata, encoding="utf-8")
    return info


def test_the_installed_plugins_read_as_importlib_metadata_reads_them() -> None:
    import importlib.metadata

    expected = {
        (ep.name, ep.value, ep.dist.name, ep.dist.version)
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        if ep.dist is not None
    }
    found = {
        (ep.name, ep.value, ep.dist_name, ep.dist_version) for ep in entry_points(ENTRY_POINT_GROUP)
    }
    assert found == expected
    assert {name for name, *_ in found} >= {"bl", "zh"}


def test_sections_comments_attributes_and_the_first_of_two_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "fake_canton").mkdir(parents=True)
    (first / "fake_canton" / "__init__.py").write_text("class Plugin:\n    answer = 42\n")
    _dist(
        first,
        "fake_canton-1.2.3",
        "# a comment\n[console_scripts]\nfake = fake_canton:main\n\n"
        "[iizcore.cantons]\n; another comment\n  fk = fake_canton:Plugin.answer [extra]  \n"
        "mod = fake_canton\n",
        "Metadata-Version: 2.1\nName: Fake-Canton\nVersion: 1.2.3\n\nName: not a header\n",
    )
    # The same distribution again further down the path (another version): not counted.
    _dist(second, "Fake_Canton-9.9", "[iizcore.cantons]\nother = elsewhere\n")
    # A distribution without metadata headers: named after its directory.
    _dist(second, "bare-0.5", "[iizcore.cantons]\nbare = bare_mod:Plugin\n")
    monkeypatch.setattr(sys, "path", [str(first), str(second)])
    found = entry_points(ENTRY_POINT_GROUP)
    assert found == [
        FoundEntryPoint("fk", "fake_canton:Plugin.answer [extra]", "Fake-Canton", "1.2.3"),
        FoundEntryPoint("mod", "fake_canton", "Fake-Canton", "1.2.3"),
        FoundEntryPoint("bare", "bare_mod:Plugin", "bare", "0.5"),
    ]
    assert found[0].load() == 42
    assert found[1].load().__name__ == "fake_canton"
    monkeypatch.delitem(sys.modules, "fake_canton")


def test_a_malformed_value_is_a_plugin_error_naming_the_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(tmp_path, "broken-1.0", "[iizcore.cantons]\nbroken = not a module!\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    with pytest.raises(PluginError) as info:
        CantonRegistry().available()
    assert "broken" in str(info.value) and "could not be loaded" in str(info.value)


class _DistributionFinder:
    """An import hook that provides distributions of its own."""

    def find_spec(self, *args: Any) -> None:
        return None

    def find_distributions(self, *args: Any) -> list[Any]:
        return []


def _sentinel(group: str) -> list[FoundEntryPoint]:
    return [FoundEntryPoint("from", "importlib.metadata", group, "0")]


def test_an_import_hook_with_distributions_leaves_the_answer_to_importlib_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_entry_points, "_from_importlib_metadata", _sentinel)
    assert entry_points("g") != _sentinel("g")  # a plain environment: read directly
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, _DistributionFinder()])
    assert entry_points("g") == _sentinel("g")


def test_a_zip_or_an_egg_on_the_path_leaves_the_answer_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_entry_points, "_from_importlib_metadata", _sentinel)
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("x.txt", "x")
    monkeypatch.setattr(sys, "path", [*sys.path, str(archive)])
    assert entry_points("g") == _sentinel("g")
    monkeypatch.setattr(sys, "path", [*sys.path[:-1], str(tmp_path / "old.egg")])
    assert entry_points("g") == _sentinel("g")


def test_loading_a_canton_does_not_import_importlib_metadata() -> None:
    # Its import alone took ≈ 27 ms of the 150 ms budget (issue 9); the version is read on use.
    code = (
        "import sys, iizcore\n"
        "iizcore.load_canton('ZH').parameters\n"
        "assert 'importlib.metadata' not in sys.modules, 'imported'\n"
        "assert iizcore.__version__\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
