"""The one banner style: a framed box with an icon, a glyph and a headline, coloured by tone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from desktop.views.widgets.outcome import TONES, Tone
from desktop.views.widgets.text import esc, wrap


class Banner(QFrame):
    """An outcome box; screen readers hear the headline (its accessible name)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        lay = QHBoxLayout(self)
        self.icon = QLabel()
        self.icon.setObjectName(f"{name}Icon")
        self.text = wrap(QLabel())
        self.text.setObjectName(f"{name}Text")
        lay.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.text, 1)
        self.tone: Tone | None = None
        self.hide()

    def show_message(self, tone: Tone, headline: str, body: str = "") -> None:
        style = TONES[tone]
        self.tone = tone
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ background: {style.background}; border: 2px solid {style.foreground};"
            f" border-radius: 6px; }} QLabel {{ color: {style.foreground}; background: transparent; border: none; }}"
        )
        self.icon.setPixmap(self.style().standardIcon(style.icon).pixmap(32, 32))
        text = f"<span style='font-size:15pt; font-weight:bold'>{style.glyph} {esc(headline)}</span>"
        if body:
            text += "<br>" + esc(body).replace("\n", "<br>")
        self.text.setText(text)
        self.text.setAccessibleName(headline)
        self.setAccessibleName(headline)
        self.show()
