"""The one banner style: a framed box with the tone's glyph and a headline, coloured by tone.

The outcome is shown once: the glyph (its shape) and the headline (its words).
A standard icon beside them would repeat the same mark a second time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from desktop.views.widgets.announce import announce
from desktop.views.widgets.colors import follow_scheme
from desktop.views.widgets.outcome import TONES, Tone
from desktop.views.widgets.text import esc, wrap


class Banner(QFrame):
    """An outcome box; screen readers hear the headline (its accessible name).

    A new message is announced once (a decision politely, a stop at once);
    re-rendering the same message, as every keystroke does, stays silent.
    """

    #: Headline size of a decision (a workflow's outcome: the one thing to read) and of a notice
    #: about the app itself (offline, a lost grant), which sits above the workflow and gives way to it.
    DECISION_PT = 15
    NOTICE_PT = 12

    def __init__(self, name: str, headline_pt: int = DECISION_PT) -> None:
        super().__init__()
        self.setObjectName(name)
        self.headline_pt = headline_pt
        lay = QHBoxLayout(self)
        self.text = wrap(QLabel())
        self.text.setObjectName(f"{name}Text")
        lay.addWidget(self.text, 1)
        self.tone: Tone | None = None
        self._announced: tuple[Tone, str, str] | None = None
        follow_scheme(self, self._restyle)
        self.hide()

    def show_message(self, tone: Tone, headline: str, body: str = "") -> None:
        style = TONES[tone]
        self.tone = tone
        self._restyle()
        text = f"<span style='font-size:{self.headline_pt}pt; font-weight:bold'>{style.glyph} {esc(headline)}</span>"
        if body:
            text += "<br>" + esc(body).replace("\n", "<br>")
        self.text.setText(text)
        self.text.setAccessibleName(headline)
        self.setAccessibleName(headline)
        self.setAccessibleDescription(body)
        self.show()
        if self._announced != (tone, headline, body):
            self._announced = (tone, headline, body)
            joiner = " " if headline.endswith((".", "!", "?", ":")) else ". "
            announce(self, f"{headline}{joiner}{body}" if body else headline, urgent=tone is Tone.STOP)

    def setVisible(self, visible: bool) -> None:
        if not visible:
            self._announced = None  # hidden by its step (not by a page switch): announce when back
        super().setVisible(visible)

    def _restyle(self) -> None:
        if self.tone is None:
            return
        style = TONES[self.tone]
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ background: {style.background}; border: 2px solid {style.foreground};"
            f" border-radius: 6px; }} QLabel {{ color: {style.foreground}; background: transparent; border: none; }}"
        )
