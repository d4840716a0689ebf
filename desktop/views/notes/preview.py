"""The note preview of the Notes page: exactly what will be pasted, in the chosen style and note language.

Why a preview and not only the fields: the CRM shows notes as plain text, so
the agent checks the very text that will be pasted, with a grey placeholder in
each part still missing (the 4E outline is always visible, SOP N3) and every
problem the lint found underlined where it is (SOP N1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QTextEdit, QVBoxLayout, QWidget

from desktop.i18n import LANGUAGES, N_, _, current_language
from desktop.models.notes import Finding, NoteDraft, finding_text, missing_parts
from desktop.views.widgets.colors import Role, color
from desktop.views.widgets.narrow import FitRow

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


class _PreviewBox(QTextEdit):
    """Asks for its note's height, between :data:`LEAST_LINES` and :data:`MOST_LINES` lines.

    Why not a fixed height: side by side it grows with the pane anyway, but in a
    narrow column at 150 % the page shows barely a dozen lines at a time, and a
    box taller than that could never be read whole; a longer note scrolls inside it.
    """

    LEAST_LINES, MOST_LINES = 4, 10

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        note = int(self.document().size().height()) + self.frameWidth() * 2
        return QSize(super().sizeHint().width(), max(line * self.LEAST_LINES, min(note, line * self.MOST_LINES)))


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
        # Both boxes on one line while they fit the pane, else one under the other: never
        # squeezed (a squeezed pane clipped "English" to "Englis").
        options = FitRow()
        options.row.setSpacing(12)
        for label, combo in ((self.style_label, self.style_combo), (self.language_label, self.language_combo)):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            # They ask for their words' width, but the compact column may squeeze them down to
            # their arrow (taken now, while their texts are still empty) rather than widen the window.
            combo.setMinimumWidth(combo.minimumSizeHint().width())
            pair = QWidget()
            line = QHBoxLayout(pair)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(label)
            line.addWidget(combo)
            line.addStretch(1)
            options.add(pair)
        options.add_stretch()
        self.preview_label = QLabel()
        self.preview = _PreviewBox()
        self.preview.setObjectName("notePreview")
        self.preview.setReadOnly(True)
        self.preview.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview_label.setBuddy(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(options)
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
        self.preview.updateGeometry()  # another note, another height
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
