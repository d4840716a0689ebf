"""The agent's own preferences: name, language, profile and window defaults, kept per workstation.

Why a JSON file and not the database: the store may become a shared PostgreSQL,
while language and agent profile belong to the person at this desk.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from desktop.models.redaction import redact_value

PROFILES: tuple[str, ...] = ("full_service", "check_change")
LANGUAGES: tuple[str, ...] = ("en", "es")


@dataclass(frozen=True)
class Preferences:
    language: str = "en"
    agent_name: str = ""
    # SOP M8: full-service agents take payment after the code; check/change agents bill it.
    profile: str = "full_service"
    # SOP P9: only agents trained to give override codes continue after hours.
    trained_override: bool = False
    # Team mode: the server address without its password (that lives in the OS credential store).
    server_url: str = ""
    server_sslmode: str = "prefer"
    # Client scripts start in the client's own language; this is the default when the
    # record does not say ("" follows the interface language).
    client_language: str = ""
    # Window defaults: start in the one-column compact panel, and above the CRM.
    compact: bool = False
    always_on_top: bool = False
    watch_clipboard: bool = False  # a CID copied elsewhere opens on its own (off unless asked)

    def with_changes(self, **changes: object) -> Preferences:
        return replace(self, **changes)  # type: ignore[arg-type]


def load(path: Path) -> Preferences:
    """Unreadable or partial files fall back to defaults field by field: never crash at start."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(raw, dict):
        return Preferences()
    base = Preferences()

    def pick(name: str, ok: Callable[[object], bool]) -> object:
        value = raw.get(name)
        return value if ok(value) else getattr(base, name)

    def text(value: object) -> bool:
        return isinstance(value, str)

    def flag(value: object) -> bool:
        return isinstance(value, bool)

    return Preferences(
        language=str(pick("language", lambda v: v in LANGUAGES)),
        agent_name=str(pick("agent_name", text)),
        profile=str(pick("profile", lambda v: v in PROFILES)),
        trained_override=bool(pick("trained_override", flag)),
        server_url=str(pick("server_url", text)),
        server_sslmode=str(pick("server_sslmode", text)),
        client_language=str(pick("client_language", lambda v: v == "" or v in LANGUAGES)),
        compact=bool(pick("compact", flag)),
        always_on_top=bool(pick("always_on_top", flag)),
        watch_clipboard=bool(pick("watch_clipboard", flag)),
    )


def client_script_language(prefs: Preferences, preferred: str | None, ui_language: str) -> str:
    """The language a client's scripts start in: the client's own when the record says,
    else the agent's default for client scripts, else the interface language."""
    if preferred in LANGUAGES:
        return str(preferred)
    if prefs.client_language in LANGUAGES:
        return prefs.client_language
    return ui_language if ui_language in LANGUAGES else LANGUAGES[0]


def save(path: Path, prefs: Preferences) -> None:
    """Write atomically so a crash mid-save keeps the previous file.

    Texts are redacted first (SOP N1): the file is one more place a card number or
    the call's override code, typed into the wrong field, must not reach.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(redact_value(asdict(prefs)), indent=2), encoding="utf-8")
    os.replace(tmp, path)
