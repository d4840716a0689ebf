"""Preferences section: the agent's name, profile (SOP M8) and override training (SOP P9)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from desktop.i18n import _
from desktop.models.store.prefs import PROFILES, Preferences
from desktop.views.page import translate_ui
from desktop.views.shell.agent_badge import profile_name
from desktop.views.widgets.wrapping import WrapCheckBox

NAME_LENGTH = 80


class AgentSection(QGroupBox):
    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_label = QLabel()
        self.name = QLineEdit(prefs.agent_name)
        self.name.setObjectName("agentName")
        self.name.setMaxLength(NAME_LENGTH)
        self.name_label.setBuddy(self.name)
        self.profile_label = QLabel()
        self.profile = QComboBox()
        self.profile.setObjectName("agentProfile")
        for profile in PROFILES:
            self.profile.addItem("", profile)
        self.profile.setCurrentIndex(max(0, self.profile.findData(prefs.profile)))
        self.profile_label.setBuddy(self.profile)
        self.trained = WrapCheckBox()  # wraps: a long label never widens the dialog
        self.trained.setObjectName("trainedOverride")
        self.trained.setChecked(prefs.trained_override)
        form = QFormLayout(self)
        form.addRow(self.name_label, self.name)
        form.addRow(self.profile_label, self.profile)
        form.addRow(self.trained)
        translate_ui(self, self.retranslate)

    def retranslate(self) -> None:
        self.setTitle(_("Agent"))
        self.name_label.setText(_("Your &name:"))
        self.name.setAccessibleName(_("Your name"))
        self.name.setPlaceholderText(_("As it should appear in the account history"))
        self.profile_label.setText(_("&Profile:"))
        self.profile.setAccessibleName(_("Agent profile"))
        for row in range(self.profile.count()):
            self.profile.setItemText(row, profile_name(str(self.profile.itemData(row))))
        self.trained.setText(_("&Trained to give override codes"))

    def changes(self) -> dict[str, object]:
        return {
            "agent_name": self.name.text().strip(),
            "profile": str(self.profile.currentData()),
            "trained_override": self.trained.isChecked(),
        }
