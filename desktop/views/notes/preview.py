"""The note preview of the Notes page: exactly what will be pasted, in the chosen style and note language.

Why a preview and not only the fields: the CRM shows notes as plain text, so
the agent checks the very text that will be pasted, with a grey placeholder in
each part still missing (the 4E outline is always visible, SOP N3) and every
problem the lint found underlined where it is (SOP N1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QTextEdit, QVBoxLayout, QWidget

from desktop.i18n import LANGUAGES, N_, _, current_language
from desktop.models.notes import Finding, NoteDraft, finding_text, missing_parts
from desktop.views.widgets.colors import Role, color

_PLACEHOLDERS = {
    "customer_name": N_("[customer name]"),
    "reason": N_("[reason for the contact]"),
    "resolution": N_("[what was done]"),
    "disposition": N_("[disposition]"),
}
STYLE_NAMES = {"4e": N_("4E outline"), "bullets": N_("Narrative with bullets")}
_LANGUAGE_NAMES = {"en": N_("English"), "es": N_("Spanish")}


def placeholder(part: str) -> str:
    return _(_PLACEHOLDERS[part])


def with_placeholders(draft: NoteDraft) -> NoteDraft:
    """``draft`` with a placeholder in each missing part, so the outline is always visible."""
    for part in missing_parts(draft):
        marker = placeholder(part)
        if part == "resolution":
            draft.resolution = [marker]
        else:
            setattr(draft, part, marker)
    return draft


class NotePreview(QWidget):
    """The style and note-language boxes over the read-only preview."""

    optionsChanged = Signal()  # the agent chose another style or note language

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style_label = QLabel()
        self.style_combo = QComboBox()
        self.style_combo.setObjectName("noteStyle")
        for style in STYLE_NAMES:
            self.style_combo.addItem("", style)
        self.style_label.setBuddy(self.style_combo)
        self.language_label = QLabel()
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("noteLanguage")
        for language in LANGUAGES:
            self.language_combo.addItem("", language)
        self.language_combo.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language_label.setBuddy(self.language_combo)
        options = QHBoxLayout()
        options.addWidget(self.style_label)
        options.addWidget(self.style_combo)
        options.addSpacing(12)
        for option in (self.language_label, self.language_combo):  # combos as wide as their words:
            options.addWidget(option)  # a squeezed pane clipped "English" to "Englis"
        for combo in (self.style_combo, self.language_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            # They ask for their words' width, but the compact column may squeeze them down to
            # their arrow (taken now, while their texts are still empty) rather than widen the window.
            combo.setMinimumWidth(combo.minimumSizeHint().width())
        options.addStretch(1)
        self.preview_label = QLabel()
        self.preview = QTextEdit()
        self.preview.setObjectName("notePreview")
        self.preview.setReadOnly(True)
        self.preview.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview_label.setBuddy(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(options)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview, 1)
        self.style_combo.currentIndexChanged.connect(lambda _i: self.optionsChanged.emit())
        self.language_combo.currentIndexChanged.connect(lambda _i: self.optionsChanged.emit())

    def retranslate(self) -> None:
        self.style_label.setText(_("St&yle:"))
        for index in range(self.style_combo.count()):
            self.style_combo.setItemText(index, _(STYLE_NAMES[self.style_combo.itemData(index)]))
        self.language_label.setText(_("Note &language:"))
        for index in range(self.language_combo.count()):
            self.language_combo.setItemText(index, _(_LANGUAGE_NAMES[self.language_combo.itemData(index)]))
        self.preview_label.setText(_("&Preview (what will be pasted):"))
        self.preview.setAccessibleName(_("Note preview"))

    def note_style(self) -> str:
        return str(self.style_combo.currentData())

    def note_language(self) -> str:
        return str(self.language_combo.currentData())

    def show_options(self, extra: Mapping[str, Any]) -> None:
        """The style and language a stored draft was written with (nothing else is read)."""
        style = extra.get("style")
        if style in STYLE_NAMES:
            self.style_combo.setCurrentIndex(list(STYLE_NAMES).index(style))
        language = extra.get("language")
        if language in LANGUAGES:
            self.language_combo.setCurrentIndex(LANGUAGES.index(language))

    def show_note(self, text: str, missing: Iterable[str], findings: Iterable[Finding]) -> None:
        """``text`` as it will be pasted: placeholders of the ``missing`` parts greyed, findings underlined."""
        self.preview.setPlainText(text)
        muted = QTextCharFormat()
        muted.setForeground(color(Role.MUTED))
        muted.setFontItalic(True)
        for part in missing:
            marker = placeholder(part)
            start = text.find(marker)
            if start >= 0:
                self._format_span(start, start + len(marker), muted)
        for finding in findings:
            underline = QTextCharFormat()
            underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            underline.setUnderlineColor(color(Role.ERROR))
            underline.setToolTip(finding_text(finding.code))
            self._format_span(finding.start, finding.end, underline)

    def _format_span(self, start: int, end: int, fmt: QTextCharFormat) -> None:
        cursor = QTextCursor(self.preview.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
