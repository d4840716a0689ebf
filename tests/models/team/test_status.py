"""The team banner: offline since when, stale cache, queued writes, conflicts; in both languages."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop.models.team.status import TeamStatus, status_code, status_text


def status(code: str, now: datetime, **changes: object) -> TeamStatus:
    values: dict[str, object] = {"code": code, "offline_since": None, "last_refresh_at": now, "pending_writes": 0,
                                 "pack_ref": None, "role": "agent", "my_open_conflicts": 0}
    values.update(changes)
    return TeamStatus(**values)  # type: ignore[arg-type]


def test_codes(now: datetime) -> None:
    assert status_code(None, now, now + timedelta(minutes=4)) == "online"
    assert status_code(None, now, now + timedelta(minutes=6)) == "stale"
    assert status_code(None, None, now) == "stale"
    assert status_code(now, now, now) == "offline"


def test_banner_text(now: datetime) -> None:
    assert status_text(status("online", now)) == ""
    offline = status("offline", now, offline_since=now, pending_writes=2, my_open_conflicts=1)
    assert offline.provisional
    assert status_text(offline, "en") == (
        "Offline since 3:00 PM — one-time checks are provisional · 2 entries wait to be sent · "
        "1 of your offline one-time grants was given first by another agent: a lead will review it"
    )
    spanish = status_text(offline, "es")
    assert spanish.startswith("Sin conexión desde las 3:00 p.m.") and "2 registros esperan" in spanish
    assert "provisional" in status_text(status("stale", now), "en")
