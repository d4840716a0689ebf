"""The running-copy mutex matches the installer's AppMutex and is harmless off Windows."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.app_mutex import MUTEX_NAME, MUTEX_NAMES, hold_app_mutex

ISS = Path(__file__).resolve().parents[1] / "build" / "installer.iss"


def test_installer_checks_the_names_the_app_holds() -> None:
    line = next(x for x in ISS.read_text(encoding="utf-8-sig").splitlines() if x.startswith("AppMutex="))
    assert line.removeprefix("AppMutex=").split(",") == list(MUTEX_NAMES)
    assert MUTEX_NAMES == (MUTEX_NAME, "Global\\" + MUTEX_NAME)


def test_hold_app_mutex_is_idempotent() -> None:
    first = hold_app_mutex()
    assert hold_app_mutex() == first
    if sys.platform != "win32":
        assert first == []
    else:
        assert first
