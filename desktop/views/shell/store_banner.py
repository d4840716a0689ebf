"""A banner above the client bar for what the store's later checks found.

Why a banner and not a dialog: the integrity check and the day's backup finish
while the agent is on a call; a modal box would take the focus from the lookup
or a note mid-sentence.  The banner says it in plain words, stays until
dismissed, and a screen reader hears it (accessible name and description).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.i18n import _


class StoreBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storeBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#storeBanner { background: #fff4ce; color: #3b2f00; }")
        self.text = QLabel()
        self.text.setObjectName("storeBannerText")
        self.text.setWordWrap(True)
        self.dismiss = QPushButton()
        self.dismiss.setObjectName("storeBannerDismiss")
        self.dismiss.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss)
        self._messages: list[Callable[[], str]] = []
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.dismiss.setText(_("&Dismiss"))
        self.dismiss.setAccessibleName(_("Dismiss this message"))
        self.setAccessibleName(_("Database message"))
        self.text.setText("\n".join(message() for message in self._messages))
        self.setAccessibleDescription(self.text.text())

    def show_message(self, message: Callable[[], str]) -> None:
        """Add a message (``message()`` words it in the current language) and show the banner."""
        self._messages.append(message)
        self.retranslate()
        self.show()

    def messages(self) -> list[str]:
        return [message() for message in self._messages]
