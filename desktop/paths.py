"""Every filesystem location the app uses, in one place.

Why one module: the same code runs from a source checkout, from an installed wheel
and from a PyInstaller bundle, and each puts resources somewhere else.  Keeping the
lookup here means no other module guesses.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

import platformdirs

APP_NAME = "InterlockAssist"
#: ``False``: on Windows platformdirs would otherwise nest the app folder in an
#: author folder of the same name (``%LOCALAPPDATA%\\InterlockAssist\\InterlockAssist``).
APP_AUTHOR: Literal[False] = False


def bundle_root() -> Path:
    """Folder holding `resources/` and `i18n/` (repo root, or the frozen bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return bundle_root() / "resources"


def i18n_dir() -> Path:
    return bundle_root() / "i18n"


def migrations_dir() -> Path:
    return Path(__file__).resolve().parent / "migrations"


def data_dir() -> Path:
    override = os.environ.get("INTERLOCK_ASSIST_HOME")
    path = Path(override) / "data" if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    override = os.environ.get("INTERLOCK_ASSIST_HOME")
    path = Path(override) / "config" if override else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    override = os.environ.get("INTERLOCK_ASSIST_HOME")
    path = Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "interlock-assist.sqlite3"


def demo_db_path() -> Path:
    return data_dir() / "interlock-assist-demo.sqlite3"


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
