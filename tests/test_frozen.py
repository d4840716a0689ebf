"""The frozen one-folder build starts: window, database, catalogs (`--smoke`).

Reuses `dist/interlock-assist` when it is newer than every source it bundles,
otherwise builds it (about two minutes on 2 cores).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist" / "interlock-assist"
BINARY = DIST / ("interlock-assist.exe" if sys.platform == "win32" else "interlock-assist")
SOURCES = ("desktop", "resources", "i18n", "build/interlock-assist.spec", "build/entry.py", "pyproject.toml")

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


def _ensure_build() -> None:
    if BINARY.exists() and BINARY.stat().st_mtime >= _newest_source():
        return
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


def test_frozen_app_smoke_starts(tmp_path: Path) -> None:
    _ensure_build()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "QT_QPA_PLATFORM": "offscreen",
        "INTERLOCK_ASSIST_HOME": str(tmp_path / "home"),
        # No system zone files: the bundled tzdata must be what ZoneInfo reads.
        "PYTHONTZPATH": str(tmp_path / "no-zoneinfo"),
        "HOME": str(tmp_path),
    }
    db = tmp_path / "frozen.sqlite3"
    result = subprocess.run(
        [str(BINARY), "--smoke", "--db", str(db)], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke ok" in result.stdout
    assert "es catalog loaded" in result.stdout
    assert db.exists()
    assert (tmp_path / "home" / "logs" / "smoke.txt").read_text(encoding="utf-8").startswith("smoke ok")
