"""Preferences section: the interface language and the default language of client scripts."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from desktop import i18n
from desktop.i18n import _
from desktop.models.store.prefs import Preferences
from desktop.views.page import translate_ui

#: Each language named in itself, so an agent who cannot read the current one still finds theirs.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español"}


class LanguageSection(QGroupBox):
    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui_label = QLabel()
        self.ui_language = QComboBox()
        self.ui_language.setObjectName("uiLanguage")
        for code, name in LANGUAGE_NAMES.items():
            self.ui_language.addItem(name, code)
        self.ui_language.setCurrentIndex(max(0, self.ui_language.findData(i18n.current_language())))
        self.ui_label.setBuddy(self.ui_language)
        self.client_label = QLabel()
        self.client_language = QComboBox()
        self.client_language.setObjectName("clientLanguage")
        self.client_language.addItem("", "")
        for code, name in LANGUAGE_NAMES.items():
            self.client_language.addItem(name, code)
        self.client_language.setCurrentIndex(max(0, self.client_language.findData(prefs.client_language)))
        self.client_label.setBuddy(self.client_language)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.ui_label, self.ui_language)
        form.addRow(self.client_label, self.client_language)
        form.addRow(self.hint)
        translate_ui(self, self.retranslate)

    def retranslate(self) -> None:
        self.setTitle(_("Language"))
        self.ui_label.setText(_("&Interface:"))
        self.ui_language.setAccessibleName(_("Interface language"))
        self.client_label.setText(_("&Client scripts:"))
        self.client_language.setAccessibleName(_("Default language of client scripts"))
        self.client_language.setItemText(0, _("Same as the interface"))
        self.hint.setText(
            _("Scripts read to a client start in the language on the client's record; this one is used when the record does not say.")
        )

    def changes(self) -> dict[str, object]:
        return {
            "language": str(self.ui_language.currentData()),
            "client_language": str(self.client_language.currentData()),
        }
