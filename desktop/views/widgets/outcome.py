"""The one set of outcome marks: a glyph, a word and colours, so colour never stands alone.

Every workflow maps its own outcome words (allow, deny, escalate, route; ok, stop…)
to one of these tones; the glyph and the words carry the meaning for agents
who cannot tell the colours apart, each shown once.  No other glyph means an outcome
anywhere in the app: ✔ done or allowed, ✖ stopped or refused, ▲ look first,
➜ goes elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.views.widgets.colors import Role, css


class Tone(StrEnum):
    OK = "ok"
    STOP = "stop"
    WARN = "warn"
    ROUTE = "route"


@dataclass(frozen=True)
class ToneStyle:
    background_role: Role
    foreground_role: Role
    glyph: str

    @property
    def background(self) -> str:
        """The background for the current colour scheme (``#rrggbb``)."""
        return css(self.background_role)

    @property
    def foreground(self) -> str:
        """The text colour for the current colour scheme, readable on the background and the window."""
        return css(self.foreground_role)


TONES: dict[Tone, ToneStyle] = {
    Tone.OK: ToneStyle(Role.OK_BG, Role.OK, "✔"),
    Tone.STOP: ToneStyle(Role.STOP_BG, Role.STOP, "✖"),
    Tone.WARN: ToneStyle(Role.WARN_BG, Role.WARN, "▲"),
    Tone.ROUTE: ToneStyle(Role.ROUTE_BG, Role.ROUTE, "➜"),
}


def glyph(tone: Tone) -> str:
    return TONES[tone].glyph


def marked(tone: Tone, words: str) -> str:
    """``words`` with the tone's glyph in front (plain text, for labels and lists)."""
    return f"{TONES[tone].glyph} {words}"
