"""Step 3: the code, one character at a time, with its words in English or Spanish (SOP M7).

The reader answers Space / → (next), ← (back) and R (repeat) only while it has
focus, so those keys type normally everywhere else.  Enter in the code field
moves the keyboard to the reader: the agent asked for it.  The code is held in
the flow and in a masked field only, and remembered as a call secret so nothing
saved or copied during the call can contain it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.fonts import MONO_FAMILY
from desktop.i18n import _, current_language
from desktop.models import override as rules
from desktop.models.override import texts
from desktop.models.override.flow import OverrideStep
from desktop.models.redaction import CALL_SECRETS, COACHED_CODE_SLOT
from desktop.views.override.common import OverrideStepView, status_html
from desktop.views.widgets.field_row import FieldRow
from desktop.views.widgets.narrow import FitRow, stack_when_narrow
from desktop.views.widgets.outcome import Tone, marked
from desktop.views.widgets.text import esc, heading, wrap

#: Room for the longest code with a separator between every character.
CODE_FIELD_LENGTH = 2 * texts.MAX_CODE_LENGTH


def font(points: int, *, bold: bool = False, mono: bool = False) -> QFont:
    result = QFont(MONO_FAMILY) if mono else QFont()
    if mono:
        result.setStyleHint(QFont.StyleHint.TypeWriter)
    result.setPointSize(points)
    result.setBold(bold)
    return result


class CodeReader(QFrame):
    """The one-character-at-a-time display; its keys only act while it has focus (SOP M7)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("codeReader")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#codeReader { border: 2px solid palette(mid); border-radius: 6px; }"
            "QFrame#codeReader:focus { border: 3px solid palette(highlight); }"
        )
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.position = QLabel()
        self.position.setObjectName("codePosition")
        self.position.setFont(font(16, bold=True))
        self.kind = QLabel()
        self.kind.setObjectName("charKind")
        self.kind.setFont(font(14))
        top.addWidget(self.position)
        top.addStretch(1)
        top.addWidget(self.kind)
        self.char = QLabel()
        self.char.setObjectName("codeChar")
        self.char.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.char.setFont(font(72, bold=True, mono=True))
        self.words = QLabel()
        self.words.setObjectName("codeWords")
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words.setWordWrap(True)
        self.words.setFont(font(22, bold=True))
        self.lookalike = wrap(QLabel())
        self.lookalike.setObjectName("lookalikeWarning")
        self.lookalike.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress = QLabel()
        self.progress.setObjectName("codeProgress")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress.setFont(font(14))
        layout.addLayout(top)
        layout.addWidget(self.char, 1)
        layout.addWidget(self.words)
        layout.addWidget(self.lookalike)
        layout.addWidget(self.progress)

    def bind_keys(self, keys: dict[Qt.Key, Any]) -> None:
        for key, slot in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)


class CoachingView(OverrideStepView):
    step_id = OverrideStep.COACHING

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        columns = stack_when_narrow(QHBoxLayout())
        left = QVBoxLayout()
        self.code = QLineEdit()
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.code.setMaxLength(CODE_FIELD_LENGTH)
        self.code_row = FieldRow(self.code, "overrideCode")
        self.reveal = QPushButton()
        self.reveal.setObjectName("revealCode")
        self.reveal.setCheckable(True)
        # The label above the field, the button beside it while both fit: the field keeps room for a whole code.
        code_box = QVBoxLayout()
        code_line = FitRow()
        code_line.add(self.code)
        code_line.add(self.reveal)
        code_box.addWidget(self.code_row.label)
        code_box.addWidget(code_line)
        code_box.addWidget(self.code_row.error)
        self.full_code = QLabel()
        self.full_code.setObjectName("fullCode")
        self.full_code.setFont(font(18, mono=True))
        self.full_code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # never to the clipboard
        self.full_code.hide()

        spelling = QHBoxLayout()
        self.spell_label = wrap(QLabel())
        self.spell_en = QRadioButton()
        self.spell_en.setObjectName("spellEnglish")
        self.spell_es = QRadioButton()
        self.spell_es.setObjectName("spellSpanish")
        self.spell_group = QButtonGroup(self)
        for spell in (self.spell_en, self.spell_es):
            self.spell_group.addButton(spell)
            spelling.addWidget(spell)
        spelling.insertWidget(0, self.spell_label)
        spelling.addStretch(1)

        self.reader = CodeReader()
        self.reader.bind_keys(
            {
                Qt.Key.Key_Space: self.next_char,
                Qt.Key.Key_Right: self.next_char,
                Qt.Key.Key_Left: self.previous_char,
                Qt.Key.Key_R: self.repeat_char,
            }
        )
        buttons = FitRow()
        self.back_button = QPushButton()
        self.back_button.setObjectName("previousChar")
        self.repeat_button = QPushButton()
        self.repeat_button.setObjectName("repeatChar")
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextChar")
        for button, slot in (
            (self.back_button, self.previous_char),
            (self.repeat_button, self.repeat_char),
            (self.next_button, self.next_char),
        ):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(slot)
            buttons.add(button)
        self.repeat_note = QLabel()
        self.repeat_note.setObjectName("repeatNote")
        self.keys_hint = wrap(QLabel())
        left.addLayout(code_box)
        left.addWidget(self.full_code)
        left.addLayout(spelling)
        left.addWidget(buttons)  # above the card: in view at 125-150 % without scrolling
        left.addWidget(self.reader, 1)
        left.addWidget(self.repeat_note)
        left.addWidget(self.keys_hint)

        right = QVBoxLayout()
        self.steps_title = wrap(QLabel())
        self.steps_title.setObjectName("entryStepsTitle")
        self.steps_list = QListWidget()
        self.steps_list.setObjectName("entrySteps")
        self.steps_list.setWordWrap(True)
        self.steps_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wraps instead
        self.steps_note = wrap(QLabel())
        self.steps_note.setObjectName("entryStepsNote")
        self.status = wrap(QLabel())
        self.status.setObjectName("coachingStatus")
        for widget in (self.steps_title, self.steps_list, self.steps_note, self.status):
            right.addWidget(widget, 1 if widget is self.steps_list else 0)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.body.addLayout(columns, 1)

        self.code.textEdited.connect(self._on_code)
        self.code.returnPressed.connect(self._focus_reader)
        self.reveal.toggled.connect(self._on_reveal)
        self.spell_group.buttonClicked.connect(self._on_spelling)
        self.steps_list.itemChanged.connect(self._on_step_checked)

    # -- what the agent does ---------------------------------------------------
    def _on_code(self, text: str) -> None:
        f = self.flow
        if f is None or not f.code_unlocked:
            return
        CALL_SECRETS.remember(text)  # scrubbed from anything saved, logged or copied this call
        f.set_code(text)
        self.repeat_note.clear()
        self.changed.emit()

    def _focus_reader(self) -> None:
        if self.flow is not None and self.flow.cursor is not None:
            self._reading()
            self.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_reveal(self, _shown: bool) -> None:
        """Show the grouped code in a label nobody can select; the field stays masked, so it cannot be copied."""
        self.changed.emit()

    def _on_spelling(self, *_args: Any) -> None:
        if self.flow is not None:
            self.flow.set_client_language("es" if self.spell_es.isChecked() else "en")
            self.changed.emit()

    def _on_step_checked(self, item: QListWidgetItem) -> None:
        f = self.flow
        if f is None:
            return
        step_id = str(item.data(Qt.ItemDataRole.UserRole))
        if (step_id in f.checked_steps) != (item.checkState() == Qt.CheckState.Checked):
            f.toggle_entry_step(step_id)

    def _reading(self) -> None:
        """The code is being read out (SOP M7): it stays a call secret whatever the field gets next."""
        if self.flow is not None and self.flow.cursor is not None:
            CALL_SECRETS.remember(self.flow.cursor.full_code(), COACHED_CODE_SLOT, grows=False)

    def next_char(self) -> None:
        if self.flow is not None and self.flow.cursor is not None:
            self._reading()
            self.flow.cursor.next()
            self.repeat_note.clear()
            self.changed.emit()

    def previous_char(self) -> None:
        if self.flow is not None and self.flow.cursor is not None:
            self._reading()
            self.flow.cursor.back()
            self.repeat_note.clear()
            self.changed.emit()

    def repeat_char(self) -> None:
        if self.flow is not None and self.flow.cursor is not None:
            self._reading()
            spelled = self.flow.cursor.repeat()
            self.repeat_note.setText(_("Say it again: {words}").format(words=spelled.words))
            self.changed.emit()

    # -- StepView hooks --------------------------------------------------------
    def reset(self) -> None:
        self.code.clear()
        self.reveal.setChecked(False)
        self.repeat_note.clear()
        f = self.flow
        (self.spell_es if f is not None and f.client_language == "es" else self.spell_en).setChecked(True)
        self.steps_list.blockSignals(True)
        self.steps_list.clear()
        for step in f.entry_steps.steps if f is not None else ():
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, step.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.steps_list.addItem(item)
        self.steps_list.blockSignals(False)

    def first_field(self) -> QWidget | None:
        return self.code if self.code.isEnabled() else None

    def retranslate(self) -> None:
        self.set_heading(
            _("3. Give the code, one character at a time"),
            _("Read each character with its words, wait for the client to enter it, then go on."),
        )
        self.code.setPlaceholderText(_("Type or paste the code, then press Enter"))
        self.reveal.setAccessibleName(_("Show the full code"))
        self.spell_label.setText(_("Spell for the client in:"))
        self.spell_en.setText(_("&English"))
        self.spell_es.setText(_("&Spanish"))
        self.reader.setAccessibleName(_("Code reader: Space or Right for next, Left for back, R to repeat"))
        self.back_button.setText(_("◀ Back (←)"))
        self.repeat_button.setText(_("Repeat (R)"))
        self.next_button.setText(_("Next (Space / →)"))
        self.keys_hint.setText(
            _("Keys while the reader has focus: Space or → next, ← back, R repeat. Tab moves to the reader.")
        )
        self.steps_list.setAccessibleName(_("Device entry steps"))
        self.refresh()

    def refresh(self) -> None:
        f = self.flow
        if f is None:
            return
        m9 = f.brand == "m9"
        self.code_row.set_label(
            _("Override &code from M9:") if m9 else _("Override &code from {brand}:").format(brand=f.brand_label)
        )
        self.code.setEnabled(f.code_unlocked)
        self.reveal.setEnabled(f.code_unlocked and f.cursor is not None)
        self.reveal.setText(_("Hide full code") if self.reveal.isChecked() else _("Show &full code"))
        self._render_entry_steps()
        error = ""
        if self.code.text() and f.code_error:
            error = texts.blocker_text(texts.CODE_TOO_LONG, f.brand, f.brand_label) if (
                f.code_error == texts.CODE_TOO_LONG
            ) else _("Only letters A-Z and digits 0-9 (spaces and dashes are ignored): {detail}").format(
                detail=f.code_error
            )
        self.code_row.show_error(error)
        self._render_reader()
        finished = _("Every character read: continue once the client has entered the code.")
        self.status.setText(status_html(f, f.coaching_blockers(), finished))

    def _render_entry_steps(self) -> None:
        f = self.flow
        assert f is not None
        steps = f.entry_steps
        if not steps.steps:  # SOP P9, P10: no steps documented for this brand; none borrowed
            self.steps_title.setText(heading(_("Device entry steps")))
            self.steps_note.setText(texts.not_documented("entry_steps", f.brand_label))
            self.steps_list.hide()
            return
        self.steps_list.show()
        self.steps_title.setText(
            heading(_("Device entry steps ({brand}, {device})").format(brand=steps.label, device=steps.device or steps.label))
        )
        self.steps_list.blockSignals(True)
        for row in range(self.steps_list.count()):
            self.steps_list.item(row).setText(f"{row + 1}. {steps.steps[row].text(f.client_language)}")
        self.steps_list.blockSignals(False)
        generic = _("Generic wording: check the brand's official override instructions for the exact keys.")
        self.steps_note.setText("" if steps.reviewed else marked(Tone.WARN, generic))

    def _render_reader(self) -> None:
        f = self.flow
        assert f is not None
        r = self.reader
        cursor = f.cursor
        for button in (self.back_button, self.repeat_button, self.next_button):
            button.setEnabled(cursor is not None)
        if cursor is None:
            r.char.setText("")
            r.words.setText(_("Enter the code to start."))
            for label in (r.position, r.kind, r.progress):
                label.setText("")
            r.lookalike.hide()
            self.full_code.hide()
            return
        spelled = cursor.current
        r.char.setText(spelled.char)
        r.words.setText(spelled.words)
        r.position.setText(cursor.position_text(current_language()))
        r.kind.setText(_("number") if spelled.is_digit else _("letter"))
        warning = rules.lookalike_warning(spelled)
        r.lookalike.setText(esc(marked(Tone.WARN, warning)) if warning else "")
        r.lookalike.setVisible(bool(warning))
        r.progress.setText(" ".join("●" if i <= cursor.index else "○" for i in range(cursor.total)))
        r.progress.setAccessibleName(cursor.position_text(current_language()))
        self.full_code.setText(cursor.full_code())
        self.full_code.setVisible(self.reveal.isChecked())
        self.back_button.setEnabled(not cursor.at_start)
        self.next_button.setEnabled(not cursor.at_end)
