"""The frozen one-folder build starts in English and Spanish (offscreen, and on X11 where
Xvfb is installed), reads the compiled catalog, loads team mode's driver and keyring
backend, and carries no locale data, Qt translation, start-up hook or second OpenSSL it
does not use.

Reuses `dist/interlock-assist` when it is newer than every source it bundles,
otherwise builds it (a few minutes on 2 cores).
"""

from __future__ import annotations

import os
import shutil
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
    "build/team_check.py",
    "build/icu_data.py",
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


def _on(platform: str) -> list[str]:
    """The command prefix that gives the app a display for ``platform``."""
    if platform == "offscreen":
        return []
    xvfb = shutil.which("xvfb-run")
    if not sys.platform.startswith("linux") or xvfb is None:
        pytest.skip("X11 needs Linux and xvfb-run")
    return [xvfb, "-a"]


@pytest.mark.parametrize("platform", ["offscreen", "xcb"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_frozen_app_smoke_starts(build: Path, tmp_path: Path, lang: str, platform: str) -> None:
    prefix = _on(platform)
    home = tmp_path / "home"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "QT_QPA_PLATFORM": platform,
        "INTERLOCK_ASSIST_HOME": str(home),
        # No system zone files: the bundled tzdata must be what ZoneInfo reads.
        "PYTHONTZPATH": str(tmp_path / "no-zoneinfo"),
        "HOME": str(tmp_path),
    }
    if sys.platform == "win32":
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
    db = tmp_path / "frozen.sqlite3"
    result = subprocess.run(
        [*prefix, str(BINARY), "--smoke", "--lang", lang, "--db", str(db)],
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
    assert "alembic" in modules and "keyring" in modules  # the listing is real
    # What start-up imports ships as loose compiled modules (read from disk, not the archive).
    assert (INTERNAL / "desktop" / "i18n.pyc").is_file() and (INTERNAL / "sqlalchemy" / "__init__.pyc").is_file()
    assert "desktop.i18n" not in modules and "sqlalchemy" not in modules
    unwanted = ("pkg_resources", "pygments", "setuptools")
    assert not [name for name in modules if name.split(".")[0] in unwanted]


def test_team_mode_driver_and_keyring_backend_load(build: Path, tmp_path: Path) -> None:
    """psycopg's binary libpq loads (with the shared OpenSSL), and the platform's keyring
    backend has its modules: on a machine without a credential service it may say so,
    but never that a module is missing.  With a test server (`make test-team`) the
    frozen driver also connects to it."""
    home = tmp_path / "home"
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "INTERLOCK_ASSIST_HOME": str(home)}
    server = [url] if (url := os.environ.get("INTERLOCK_ASSIST_TEST_PG_URL")) else []
    if sys.platform == "win32":
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
    result = subprocess.run(
        [str(BINARY), "--check-team", *server], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = (home / "logs" / "team-check.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("ssl OpenSSL 3."), lines
    assert lines[1].startswith("psycopg 3.") and " binary, libpq " in lines[1], lines
    assert "MISSING" not in lines[2] and lines[2].startswith("keyring backend "), lines
    assert lines[-1] == "team check ok"
    if server:
        assert lines[-2].startswith("connected, ssl "), lines


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build's own trimming")
def test_linux_bundle_has_one_openssl_and_trimmed_icu_data(build: Path) -> None:
    libs = INTERNAL / "psycopg_binary.libs"
    copies = [p for p in libs.iterdir() if p.name.startswith(("libssl", "libcrypto"))]
    assert copies and all(p.is_symlink() and p.resolve().parent == INTERNAL for p in copies)
    icu_data = next((INTERNAL / "PySide6" / "Qt" / "lib").glob("libicudata.so.*"))
    assert icu_data.stat().st_size < 12 * 2**20
