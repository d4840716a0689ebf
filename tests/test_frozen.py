"""The frozen one-folder build starts in English and Spanish, reads the compiled catalog,
and carries no locale data, Qt translation or start-up hook it does not use.

Reuses `dist/interlock-assist` when it is newer than every source it bundles,
otherwise builds it (a few minutes on 2 cores).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist" / "interlock-assist"
INTERNAL = DIST / "_internal"
BINARY = DIST / ("interlock-assist.exe" if sys.platform == "win32" else "interlock-assist")
SOURCES = (
    "desktop",
    "resources",
    "i18n",
    "build/interlock-assist.spec",
    "build/entry.py",
    "build/hooks",
    "build/locales.py",
    "pyproject.toml",
)

pytestmark = pytest.mark.slow


def _newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = (
            [path]
            if path.is_file()
            else [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        )
        newest = max([newest, *(p.stat().st_mtime for p in files)])
    return newest


@pytest.fixture(scope="module")
def build() -> Path:
    if not (BINARY.exists() and BINARY.stat().st_mtime >= _newest_source()):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--clean",
                "--distpath",
                "dist",
                "--workpath",
                "build/work",
                "build/interlock-assist.spec",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=1800,
        )
    return DIST


@pytest.mark.parametrize("lang", ["en", "es"])
def test_frozen_app_smoke_starts(build: Path, tmp_path: Path, lang: str) -> None:
    home = tmp_path / "home"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "QT_QPA_PLATFORM": "offscreen",
        "INTERLOCK_ASSIST_HOME": str(home),
        # No system zone files: the bundled tzdata must be what ZoneInfo reads.
        "PYTHONTZPATH": str(tmp_path / "no-zoneinfo"),
        "HOME": str(tmp_path),
    }
    if sys.platform == "win32":
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
    db = tmp_path / "frozen.sqlite3"
    result = subprocess.run(
        [str(BINARY), "--smoke", "--lang", lang, "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke ok" in result.stdout
    assert "es catalog loaded" in result.stdout
    assert db.exists()
    assert (home / "logs" / "smoke.txt").read_text(encoding="utf-8").startswith("smoke ok")
    log = (home / "logs" / "interlock-assist.log").read_text(encoding="utf-8")
    catalog_lines = [line for line in log.splitlines() if "catalog es:" in line]
    assert catalog_lines, log
    assert all(line.endswith("messages.mo") for line in catalog_lines), catalog_lines


def test_bundle_ships_the_mo_and_no_po(build: Path) -> None:
    assert (INTERNAL / "i18n" / "es" / "LC_MESSAGES" / "messages.mo").is_file()
    assert not list(build.rglob("*.po"))


def test_bundle_holds_only_the_locale_data_the_app_opens(build: Path) -> None:
    sys.path.insert(0, str(ROOT / "build"))
    try:
        from locales import bundled_locale_files
    finally:
        sys.path.remove(str(ROOT / "build"))
    shipped = sorted(p.name for p in (INTERNAL / "babel" / "locale-data").iterdir())
    assert shipped == bundled_locale_files()
    assert "es_US.dat" in shipped
    qt_translations = sorted(p.relative_to(INTERNAL).as_posix() for p in build.rglob("*.qm"))
    assert qt_translations == ["i18n/qt/qtbase_es.qm"]


def test_bundle_has_no_unused_start_up_hook_and_no_pygments(build: Path) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(BINARY))
    assert "pyi_rth_pyside6" in archive.toc  # the listing is real
    hooks = [name for name in archive.toc if name.startswith("pyi_rth_")]
    assert not [name for name in hooks if "pkgres" in name or "setuptools" in name or "multiprocessing" in name]
    modules = archive.open_embedded_archive("PYZ.pyz").toc
    assert "desktop.i18n" in modules
    unwanted = ("pkg_resources", "pygments", "setuptools")
    assert not [name for name in modules if name.split(".")[0] in unwanted]
