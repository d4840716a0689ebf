"""The agent's own preferences: language and profile, kept per workstation.

Why a JSON file and not the database: the store may become a shared PostgreSQL,
while language and agent profile belong to the person at this desk.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from desktop.models.redaction import redact_value

PROFILES: tuple[str, ...] = ("full_service", "check_change")


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
    # The window beside the CRM: one narrow column, kept above other windows, and
    # whether a CID copied elsewhere opens on its own (off unless the agent asks).
    compact: bool = False
    always_on_top: bool = False
    watch_clipboard: bool = False

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
    lang = str(raw["language"]) if raw.get("language") in ("en", "es") else base.language
    profile = str(raw["profile"]) if raw.get("profile") in PROFILES else base.profile
    name = raw["agent_name"] if isinstance(raw.get("agent_name"), str) else base.agent_name
    trained = raw["trained_override"] if isinstance(raw.get("trained_override"), bool) else False
    server = raw["server_url"] if isinstance(raw.get("server_url"), str) else base.server_url
    sslmode = raw["server_sslmode"] if isinstance(raw.get("server_sslmode"), str) else base.server_sslmode
    flags = {key: raw[key] for key in _FLAGS if isinstance(raw.get(key), bool)}
    return Preferences(
        language=lang, agent_name=name, profile=profile, trained_override=trained,
        server_url=server, server_sslmode=sslmode, **flags,
    )


#: On/off preferences read as they are when they are booleans, else left at their default.
_FLAGS: tuple[str, ...] = ("compact", "always_on_top", "watch_clipboard")


def save(path: Path, prefs: Preferences) -> None:
    """Write atomically so a crash mid-save keeps the previous file.

    Texts are redacted first (SOP N1): the file is one more place a card number or
    the call's override code, typed into the wrong field, must not reach.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(redact_value(asdict(prefs)), indent=2), encoding="utf-8")
    os.replace(tmp, path)
