"""The one set of outcome marks: a glyph, a word and colours, so colour never stands alone.

Every workflow maps its own outcome words (allow, deny, escalate, route; ok, stop…)
to one of these tones; the glyph and the standard icon carry the meaning for
agents who cannot tell the colours apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtWidgets import QStyle


class Tone(StrEnum):
    OK = "ok"
    STOP = "stop"
    WARN = "warn"
    ROUTE = "route"


@dataclass(frozen=True)
class ToneStyle:
    background: str
    foreground: str
    icon: QStyle.StandardPixmap
    glyph: str


TONES: dict[Tone, ToneStyle] = {
    Tone.OK: ToneStyle("#e6f4ea", "#1e6b34", QStyle.StandardPixmap.SP_DialogApplyButton, "✔"),
    Tone.STOP: ToneStyle("#fdecea", "#a01c1c", QStyle.StandardPixmap.SP_MessageBoxCritical, "✖"),
    Tone.WARN: ToneStyle("#fff4e0", "#8a5300", QStyle.StandardPixmap.SP_MessageBoxWarning, "▲"),
    Tone.ROUTE: ToneStyle("#e8f0fe", "#1a4f9c", QStyle.StandardPixmap.SP_ArrowForward, "➜"),
}


def marked(tone: Tone, words: str) -> str:
    """``words`` with the tone's glyph in front (plain text, for labels and lists)."""
    return f"{TONES[tone].glyph} {words}"
