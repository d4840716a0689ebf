"""The team server password in the OS credential store (Windows Credential Manager), never on disk.

Why ``keyring``: it is the maintained bridge to each OS store, and tests swap
in a memory backend with ``keyring.set_keyring``.  A machine without a usable
store answers ``False``/``None``; the agent then types the password each start.
"""

from __future__ import annotations

import contextlib

import keyring
from keyring.errors import KeyringError

from desktop.models.team.settings import ServerSettings

SERVICE = "Interlock Assist team server"


def save_password(settings: ServerSettings, password: str) -> bool:
    try:
        keyring.set_password(SERVICE, settings.credential_key, password)
    except (KeyringError, RuntimeError):
        return False
    return True


def load_password(settings: ServerSettings) -> str | None:
    try:
        return keyring.get_password(SERVICE, settings.credential_key)
    except (KeyringError, RuntimeError):
        return None


def forget_password(settings: ServerSettings) -> None:
    with contextlib.suppress(KeyringError, RuntimeError):
        keyring.delete_password(SERVICE, settings.credential_key)
