"""Preferences section: how the window starts (compact panel, above other windows)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.models.store.prefs import Preferences
from desktop.views.page import translate_ui
from desktop.views.widgets.wrapping import WrapCheckBox


class WindowSection(QGroupBox):
    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.compact = WrapCheckBox()  # wraps: a long label never widens the dialog
        self.compact.setObjectName("compactDefault")
        self.compact.setChecked(prefs.compact)
        self.on_top = WrapCheckBox()  # wraps: a long label never widens the dialog
        self.on_top.setObjectName("alwaysOnTopDefault")
        self.on_top.setChecked(prefs.always_on_top)
        layout = QVBoxLayout(self)
        layout.addWidget(self.compact)
        layout.addWidget(self.on_top)
        translate_ui(self, self.retranslate)

    def retranslate(self) -> None:
        self.setTitle(_("Window"))
        self.compact.setText(_("Start in co&mpact mode (one narrow column beside the CRM)"))
        self.on_top.setText(_("Keep the window &on top of other windows"))

    def changes(self) -> dict[str, object]:
        return {"compact": self.compact.isChecked(), "always_on_top": self.on_top.isChecked()}
