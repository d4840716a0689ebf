"""What the desk tells the agent about team mode: online, offline since when, stale cache.

A value object for the view (which shows it in a banner) with a machine-readable
``code``; :func:`status_text` words it in the active language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.i18n import current_language, format_time, translations

#: A cache not refreshed for this long is called stale even while the server answers.
STALE_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class TeamStatus:
    """``code``: ``online``, ``offline`` (server unreachable) or ``stale`` (no refresh for a while)."""

    code: str
    offline_since: datetime | None
    last_refresh_at: datetime | None
    pending_writes: int
    pack_ref: str | None
    role: str | None
    my_open_conflicts: int

    @property
    def online(self) -> bool:
        return self.code == "online"

    @property
    def provisional(self) -> bool:
        """One-time checks read the cache, not the server: another desk may have granted meanwhile."""
        return self.code != "online"


def status_code(offline_since: datetime | None, last_refresh_at: datetime | None, now: datetime) -> str:
    if offline_since is not None:
        return "offline"
    if last_refresh_at is None or now - last_refresh_at > STALE_AFTER:
        return "stale"
    return "online"


def status_text(status: TeamStatus, language: str | None = None) -> str:
    """E.g. "Offline since 10:42 — one-time checks are provisional"; empty when all is well."""
    return " · ".join(status_lines(status, language))


def status_lines(status: TeamStatus, language: str | None = None, *, conflicts: bool = True) -> list[str]:
    """The parts of :func:`status_text`, most important first (a banner makes the first its headline).

    ``conflicts=False`` leaves out the count of this desk's lost offline grants, for a
    screen that lists those grants itself.
    """
    catalog = translations(language or current_language())
    _, ngettext = catalog.gettext, catalog.ngettext  # an explicit language wins
    parts: list[str] = []
    if status.code == "offline" and status.offline_since is not None:
        parts.append(
            _("Offline since {time} — one-time checks are provisional").format(
                time=format_time(status.offline_since, language, with_zone=False)
            )
        )
    elif status.code == "stale":
        parts.append(_("Team data not refreshed recently — one-time checks are provisional"))
    if status.pending_writes:
        parts.append(
            ngettext("{n} entry waits to be sent", "{n} entries wait to be sent", status.pending_writes).format(
                n=status.pending_writes
            )
        )
    if status.my_open_conflicts and conflicts:
        parts.append(
            ngettext(
                "{n} of your offline one-time grants was given first by another agent: a lead will review it",
                "{n} of your offline one-time grants were given first by another agent: a lead will review them",
                status.my_open_conflicts,
            ).format(n=status.my_open_conflicts)
        )
    return parts
