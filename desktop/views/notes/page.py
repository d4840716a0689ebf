"""Notes page: the 4E note of this call, pre-filled by workflows, linted before it leaves.

Why the page is built this way: the note is written in the last seconds of a call.
Fields follow the outline (SOP N3) so nothing is forgotten, a workflow's draft
lands here already filled in, the preview shows exactly what will be pasted with
problems underlined where they are (SOP N1), card numbers are masked the moment
they appear, and the draft is saved continuously so closing the app loses
nothing.  All decisions (composition, lint, redaction, merging) live in
:mod:`desktop.models.notes.compose`; this page only shows them.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import LANGUAGES, N_, _, current_language
from desktop.models.notes import (
    NoteDraft,
    compose_note,
    discard_draft,
    draft_key,
    draft_revision,
    finding_text,
    lint_note,
    load_draft,
    merge_offered_note,
    missing_parts,
    redact_card_numbers,
    redact_draft,
    save_draft,
)
from desktop.models.notes.dispositions import filter_dispositions, find_disposition
from desktop.models.notes.lint import blocking_findings, mask_while_typing
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.store_errors import StoreWriteError
from desktop.models.team import route as team_route
from desktop.views.context import AppContext
from desktop.views.notes.flag import FlagField
from desktop.views.notes.sentences import NoteSentences
from desktop.views.notes.team_save import save_through_desk, saving
from desktop.views.page import Page
from desktop.views.shell.error_dialog import STORE_TEXTS
from desktop.views.shell.team_link import desk_of
from desktop.views.widgets.clipboard import copy_text
from desktop.views.widgets.colors import Role, color, style_text
from desktop.views.widgets.outcome import Tone, glyph  # the one set of outcome marks
from desktop.views.widgets.text import fit_lines

_PART_NAMES = {
    "customer_name": N_("customer name"),
    "reason": N_("reason"),
    "resolution": N_("resolution"),
    "disposition": N_("disposition"),
}
_PLACEHOLDERS = {
    "customer_name": N_("[customer name]"),
    "reason": N_("[reason for the contact]"),
    "resolution": N_("[what was done]"),
    "disposition": N_("[disposition]"),
}
_STYLE_NAMES = {"4e": N_("4E outline"), "bullets": N_("Narrative with bullets")}
_LANGUAGE_NAMES = {"en": N_("English"), "es": N_("Spanish")}
_SAVE_DELAY_MS = 400


def _placeholder(part: str) -> str:
    return _(_PLACEHOLDERS[part])
_WARN_MARK, _OK_MARK = glyph(Tone.WARN), glyph(Tone.OK)


class NotesPage(Page):
    page_id = "notes"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._loading = False
        self._dirty = False
        self._key = draft_key(None)
        self._draft_revision: str | None = None
        self._blocking: tuple[object, ...] = ()
        self._disposition = ""
        self._last_copied: str | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_state)

        self.no_client = QLabel()
        self.no_client.setObjectName("notesNoClient")
        self.no_client.setWordWrap(True)

        # -- outline fields (SOP N3) ----------------------------------------
        self.customer_name = QLineEdit()
        self.customer_name.setObjectName("customerName")
        self.relationship = QLineEdit()
        self.relationship.setObjectName("relationship")
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.resolution = QPlainTextEdit()
        self.resolution.setObjectName("resolution")
        self.additional_info = QLineEdit()
        self.additional_info.setObjectName("additionalInfo")
        self.follow_up = QLineEdit()
        self.follow_up.setObjectName("followUp")
        for edit in (self.reason, self.resolution):
            edit.setTabChangesFocus(True)
        fit_lines(self.reason, 3)
        fit_lines(self.resolution, 5)

        self.customer_name_label = QLabel()
        self.relationship_label = QLabel()
        self.reason_label = QLabel()
        self.resolution_label = QLabel()
        self.additional_label = QLabel()
        self.follow_up_label = QLabel()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for label, widget in (
            (self.customer_name_label, self.customer_name),
            (self.relationship_label, self.relationship),
            (self.reason_label, self.reason),
            (self.resolution_label, self.resolution),
            (self.additional_label, self.additional_info),
            (self.follow_up_label, self.follow_up),
        ):
            label.setBuddy(widget)
            label.setWordWrap(True)
            form.addRow(label, widget)

        # -- disposition picker (SOP N4) -------------------------------------
        self.disposition_filter_label = QLabel()
        self.disposition_filter = QLineEdit()
        self.disposition_filter.setObjectName("dispositionFilter")
        self.disposition_filter_label.setBuddy(self.disposition_filter)
        form.addRow(self.disposition_filter_label, self.disposition_filter)
        self.disposition_selected = QLabel()
        self.disposition_selected.setObjectName("dispositionSelected")
        self.disposition_selected.setWordWrap(True)
        bold = self.disposition_selected.font()
        bold.setBold(True)
        self.disposition_selected.setFont(bold)
        self.disposition_list = QListWidget()
        self.disposition_list.setObjectName("dispositionList")
        self.disposition_list.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.disposition_list.setWordWrap(True)
        self.disposition_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.no_client)
        left_layout.addLayout(form)
        left_layout.addWidget(self.disposition_selected)
        left_layout.addWidget(self.disposition_list, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(left)

        # -- critical flag (SOP N2) -------------------------------------------
        self.critical = QCheckBox()
        self.critical.setObjectName("critical")
        # SOP N1: a direct quote is allowed only when the client asks for it to be recorded.
        self.quote_requested = QCheckBox()
        self.quote_requested.setObjectName("quoteRequested")
        self.critical_help = QLabel()
        self.critical_help.setObjectName("criticalHelp")
        self.critical_help.setWordWrap(True)
        # -- preview, findings and actions -----------------------------------
        self.style_label = QLabel()
        self.style_combo = QComboBox()
        self.style_combo.setObjectName("noteStyle")
        for style in _STYLE_NAMES:
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
        self.findings = QLabel()
        self.findings.setObjectName("noteFindings")
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.missing_error = QLabel()
        self.missing_error.setObjectName("noteMissingError")
        self.missing_error.setWordWrap(True)
        style_text(self.missing_error, Role.ERROR)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("copyNote")
        self.copy_button.setDefault(True)
        self.new_button = QPushButton()
        self.new_button.setObjectName("newNote")
        self.status = QLabel()
        self.status.setObjectName("noteStatus")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(options)
        right_layout.addWidget(self.preview_label)
        right_layout.addWidget(self.preview, 3)
        right_layout.addWidget(self.findings)
        right_layout.addWidget(self.quote_requested)
        right_layout.addWidget(self.missing_error)
        right_layout.addWidget(self.critical)
        right_layout.addWidget(self.critical_help)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.status)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        # -- signals -----------------------------------------------------------
        for line in (self.customer_name, self.relationship, self.additional_info, self.follow_up):
            line.textEdited.connect(lambda _t, w=line: self._line_edited(w))
        for plain in (self.reason, self.resolution):
            plain.textChanged.connect(lambda w=plain: self._plain_edited(w))
        self.critical.toggled.connect(lambda _c: self._changed())
        self.quote_requested.toggled.connect(lambda _c: self._refresh())
        self.style_combo.currentIndexChanged.connect(lambda _i: self._changed())
        self.language_combo.currentIndexChanged.connect(lambda _i: self._changed())
        self.disposition_filter.textChanged.connect(lambda _t: self._fill_dispositions())
        self.disposition_filter.installEventFilter(self)
        self.disposition_list.itemActivated.connect(self._choose_item)
        self.disposition_list.itemDoubleClicked.connect(self._choose_item)
        self.copy_button.clicked.connect(self.copy_note)
        self.new_button.clicked.connect(self.new_note)
        copy_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        copy_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy_shortcut.activated.connect(self.copy_note)
        ctx.noteDraftOffered.connect(self._take_offered_note)
        self.flag, self.sentences = FlagField(self), NoteSentences(self)  # SOP N2; sentences in the note language
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.save_state)

        self.finish_init()

    # -- Page API ------------------------------------------------------------
    @staticmethod
    def title() -> str:
        return _("Notes")

    def retranslate(self) -> None:
        self.no_client.setText(
            _(
                "No client is open. You can still write and copy a note; "
                "open a client to save it to their history."
            )
        )
        self.customer_name_label.setText(_("Customer &name:"))
        self.relationship_label.setText(_("&Relationship:"))
        self.relationship.setPlaceholderText(_("e.g. account holder, spouse, employer"))
        self.reason_label.setText(_("R&eason:"))
        self.reason.setPlaceholderText(_("Why the client contacted us, or why we contacted them"))
        self.resolution_label.setText(_("Re&solution:"))
        self.resolution.setPlaceholderText(
            _("One line per action: steps taken, amounts, timeframes, changes from → to, transfers")
        )
        self.additional_label.setText(_("&Additional info:"))
        self.follow_up_label.setText(_("Follow &up:"))
        self.follow_up.setPlaceholderText(_("Callbacks or promises made; leave empty if none"))
        self.disposition_filter_label.setText(_("&Disposition:"))
        self.disposition_filter.setPlaceholderText(_("Type to filter, ↓ to choose, Enter to select"))
        self.disposition_list.setAccessibleName(_("Dispositions"))
        self.critical.setText(_("Cri&tical note"))
        self.quote_requested.setText(_("The client asked for the &quote to be recorded"))
        self.critical_help.setText(
            _("Only for facts that matter for as long as the client has the account, such as "
              "“Client only speaks Spanish”.")
        )
        self.style_label.setText(_("St&yle:"))
        for index in range(self.style_combo.count()):
            self.style_combo.setItemText(index, _(_STYLE_NAMES[self.style_combo.itemData(index)]))
        self.language_label.setText(_("Note &language:"))
        for index in range(self.language_combo.count()):
            name = _LANGUAGE_NAMES[self.language_combo.itemData(index)]
            self.language_combo.setItemText(index, _(name))
        self.preview_label.setText(_("&Preview (what will be pasted):"))
        self.preview.setAccessibleName(_("Note preview"))
        self.copy_button.setText(_("&Copy note"))
        self.copy_button.setToolTip(_("Copy to the clipboard and save to the client's history (Ctrl+Enter)"))
        self.new_button.setText(_("Ne&w note"))
        self.status.clear()
        self._fill_dispositions()
        self._refresh()

    def on_client_changed(self, client: ClientInfo | None) -> None:
        self.save_state()
        self._key = draft_key(client.id if client else None)
        self._last_copied = None
        self.no_client.setVisible(client is None)
        stored = None
        with self.ctx.session() as session:
            stored = load_draft(session, self._key)
            self._draft_revision = draft_revision(session, self._key)
        if stored is not None:
            draft, extra = stored
            self._show_draft(draft, extra)
        else:
            self._show_draft(NoteDraft(customer_name=client.name if client else ""), {})
        if self.ctx.pending_note:
            self._take_offered_note(self.ctx.pending_note)
        self.status.clear()

    def save_state(self) -> None:
        """Write the draft now (also called by the main window on close)."""
        self._save_timer.stop()
        if not self._dirty:
            return
        with self.ctx.session() as session:
            self._draft_revision = save_draft(
                session,
                self._key,
                self.current_draft(),
                self.ctx.now(),
                {"style": self.note_style(), "language": self.note_language()},
            )
        self._dirty = False

    # -- reading the form -----------------------------------------------------
    def current_draft(self) -> NoteDraft:
        return NoteDraft(
            customer_name=self.customer_name.text(),
            relationship=self.relationship.text(),
            reason=self.reason.toPlainText(),
            resolution=self.resolution.toPlainText().splitlines(),
            additional_info=self.additional_info.text(),
            follow_up=self.follow_up.text(),
            disposition=self._disposition,
            critical=self.critical.isChecked(),
            flag=self.flag.text() if self.critical.isChecked() else "",
        )

    def note_style(self) -> str:
        return str(self.style_combo.currentData())

    def note_language(self) -> str:
        return str(self.language_combo.currentData())

    def composed_text(self) -> str | None:
        """The note exactly as it would be copied, or ``None`` while parts are missing."""
        try:
            text = compose_note(self.current_draft(), self.note_style(), self.note_language())
        except ValueError:
            return None
        return redact_card_numbers(text)

    # -- writing the form -----------------------------------------------------
    def _show_draft(self, draft: NoteDraft, extra: dict[str, Any]) -> None:
        draft = redact_draft(draft)  # a workflow or an old draft must not show a full card either
        self._loading = True
        try:
            self.customer_name.setText(draft.customer_name)
            self.relationship.setText(draft.relationship)
            self.reason.setPlainText(draft.reason)
            self.resolution.setPlainText("\n".join(draft.resolution))
            self.additional_info.setText(draft.additional_info)
            self.follow_up.setText(draft.follow_up)
            self.critical.setChecked(draft.critical)
            self.flag.show_flag(draft)
            self._disposition = draft.disposition
            self.disposition_filter.clear()
            style = extra.get("style")
            if style in _STYLE_NAMES:
                self.style_combo.setCurrentIndex(list(_STYLE_NAMES).index(style))
            language = extra.get("language")
            if language in LANGUAGES:
                self.language_combo.setCurrentIndex(LANGUAGES.index(language))
        finally:
            self._loading = False
        self._dirty = False
        self._fill_dispositions()
        self._refresh()

    def _take_offered_note(self, fields: object) -> None:
        """A workflow finished and handed its note over (ctx.offer_note)."""
        if not isinstance(fields, dict):
            return
        if self.ctx.pending_note is fields:
            self.ctx.pending_note = None
        merged = merge_offered_note(self.current_draft(), fields)
        if not merged.customer_name and self.ctx.client is not None:
            merged.customer_name = self.ctx.client.name
        self._show_draft(merged, {})
        self._changed()

    def new_note(self) -> None:
        """Start over for this client and forget the stored draft."""
        self._save_timer.stop()
        with self.ctx.session() as session:
            discard_draft(session, self._key)
        self._draft_revision = None
        client = self.ctx.client
        self._show_draft(NoteDraft(customer_name=client.name if client else ""), {})
        self._last_copied = None
        self.status.clear()
        self.customer_name.setFocus()

    # -- editing: mask card numbers as typed -----------------------------------
    def _line_edited(self, edit: QLineEdit) -> None:
        text = edit.text()
        masked = mask_while_typing(text)
        if masked != text:
            position = edit.cursorPosition()
            edit.setText(masked)  # same length: the cursor stays where it was
            edit.setCursorPosition(position)
        self._changed()

    def _plain_edited(self, edit: QPlainTextEdit) -> None:
        if self._loading:
            return
        text = edit.toPlainText()
        masked = mask_while_typing(text)
        if masked != text:
            self._loading = True
            try:
                cursor = QTextCursor(edit.document())
                cursor.beginEditBlock()
                for index, (before, after) in enumerate(zip(text, masked, strict=True)):
                    if before != after:
                        cursor.setPosition(index)
                        cursor.setPosition(index + 1, QTextCursor.MoveMode.KeepAnchor)
                        cursor.insertText(after)
                cursor.endEditBlock()
            finally:
                self._loading = False
        self._changed()

    def _changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self._save_timer.start()
        self.status.clear()
        self._refresh()

    # -- disposition picker ----------------------------------------------------
    def _fill_dispositions(self) -> None:
        language = current_language()
        self.disposition_list.clear()
        for item in filter_dispositions(self.disposition_filter.text(), language):
            row = QListWidgetItem(item.label(language))
            row.setData(Qt.ItemDataRole.UserRole, item.reason_id)
            self.disposition_list.addItem(row)
            if item.reason_id == self._disposition:
                self.disposition_list.setCurrentItem(row)
        found = find_disposition(self._disposition) if self._disposition else None
        chosen = found.label(language) if found is not None else (self._disposition or _("none yet"))
        self.disposition_selected.setText(_("Selected: {disposition}").format(disposition=chosen))

    def _choose_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self._disposition = str(item.data(Qt.ItemDataRole.UserRole))
        self._fill_dispositions()
        self._changed()

    def choose_disposition(self, reason_id: str) -> None:
        """Select a disposition by id (keyboard users and tests use the picker itself)."""
        self._disposition = reason_id
        self._fill_dispositions()
        self._changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys and Enter in the filter box drive the list, so the mouse is never needed."""
        if watched is self.disposition_filter and isinstance(event, QKeyEvent):
            if event.type() != QEvent.Type.KeyPress:
                return super().eventFilter(watched, event)
            key = event.key()
            count = self.disposition_list.count()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and count:
                row = self.disposition_list.currentRow()
                step = 1 if key == Qt.Key.Key_Down else -1
                row = 0 if row < 0 else max(0, min(count - 1, row + step))
                self.disposition_list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and count:
                item = self.disposition_list.currentItem() or self.disposition_list.item(0)
                self._choose_item(item)
                return True
        return super().eventFilter(watched, event)

    # -- preview and lint ------------------------------------------------------
    def _preview_draft(self) -> NoteDraft:
        """The draft with a grey placeholder in each missing part, so the outline is always visible."""
        draft = self.current_draft()
        for part in missing_parts(draft):
            marker = _placeholder(part)
            if part == "resolution":
                draft.resolution = [marker]
            else:
                setattr(draft, part, marker)
        return draft

    def _refresh(self) -> None:
        draft = self.current_draft()
        missing = missing_parts(draft)
        text = compose_note(self._preview_draft(), self.note_style(), self.note_language())
        self.preview.setPlainText(text)
        placeholder = QTextCharFormat()
        placeholder.setForeground(color(Role.MUTED))
        placeholder.setFontItalic(True)
        for part in missing:
            marker = _placeholder(part)
            start = text.find(marker)
            if start >= 0:
                self._format_span(start, start + len(marker), placeholder)

        findings = lint_note(text)
        lines = []
        for finding in findings:
            explanation = finding_text(finding.code)
            underline = QTextCharFormat()
            underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            underline.setUnderlineColor(color(Role.ERROR))
            underline.setToolTip(explanation)
            self._format_span(finding.start, finding.end, underline)
            snippet = text[finding.start : finding.end].strip("\"“”«»„")
            if len(snippet) > 40:
                snippet = snippet[:39] + "…"
            lines.append(
                html.escape(
                    _("{mark} “{text}”: {explanation}").format(
                        mark=_WARN_MARK, text=snippet, explanation=explanation
                    )
                )
            )
        if lines:
            self.findings.setText("<br>".join(lines))
        else:
            self.findings.setText(
                html.escape(_("{mark} No problems found in the note.").format(mark=_OK_MARK))
            )

        self._blocking = blocking_findings(findings, quote_requested=self.quote_requested.isChecked())
        self.quote_requested.setVisible(any(f.code == "direct_quote" for f in findings))
        problems = []
        if missing:
            problems.append(
                _("Still needed before copying: {parts}").format(
                    parts=", ".join(_(_PART_NAMES[p]) for p in missing)
                )
            )
        if self._blocking:
            # SOP N1: the note is rewritten, not copied with a warning the agent clicks past.
            problems.append(_("Rewrite the underlined text before copying (SOP N1)."))
        self.missing_error.setText(" ".join(problems))
        self.missing_error.setVisible(bool(problems))
        self.copy_button.setEnabled(not missing and not self._blocking and not saving(self))

    def _format_span(self, start: int, end: int, fmt: QTextCharFormat) -> None:
        cursor = QTextCursor(self.preview.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)

    # -- copy and save -----------------------------------------------------------
    def copy_note(self) -> bool:
        """Save to the client's history (redacted), then copy.  Returns whether a note was copied.

        The clipboard gets the note only after history committed it, so a failed save
        never leaves the agent pasting a note the account does not have.  A read-only
        database still lets the agent copy (nothing can be saved there anyway).
        """
        text = self.composed_text()
        if text is None or self._blocking:
            self._refresh()
            return False
        client = self.ctx.client
        if client is None or self.ctx.store.read_only:
            copy_text(text)
            self.status.setText(
                _("{mark} Copied to the clipboard. No client is open, so it was not saved to a history.").format(
                    mark=_OK_MARK
                )
                if client is None
                else _("{mark} Copied to the clipboard. The database is read-only, so it was not saved.").format(
                    mark=_WARN_MARK
                )
            )
            return True
        draft = self.current_draft()
        if text == self._last_copied:
            copy_text(text)
        else:
            found = find_disposition(draft.disposition)
            summary = found.label(self.note_language()) if found else draft.disposition
            self.save_state()  # the draft the note came from, so only that one is deleted
            note = history.HistoryDraft(
                client_id=client.id, kind="note", note_text=text, created_at=self.ctx.now(),
                agent=self.ctx.prefs.agent_name,
                summary=summary,
                disposition=draft.disposition,
                details={"critical": draft.critical, "style": self.note_style(), "language": self.note_language(), "client_flag": draft.flag},
            )
            if desk_of(self.ctx) is not None:  # team mode: saved off the GUI thread, copied on its answer
                return save_through_desk(self, note, text, client)
            try:
                team_route.save_note_then_copy(
                    self.ctx.session, None, note, copy_text,
                    draft_key=self._key,
                    draft_revision=self._draft_revision,
                )
            except StoreWriteError as exc:
                reason = _(STORE_TEXTS[exc.reason]) if exc.reason in STORE_TEXTS else str(exc)
                self.status.setText(
                    _("{mark} Not saved and not copied: {reason}").format(mark=_WARN_MARK, reason=reason)
                )
                return False
            self._save_timer.stop()
            self._dirty = False
            self._draft_revision = None
            self._last_copied = text
            self.ctx.historyChanged.emit(client.id)
        self.status.setText(
            _("{mark} Copied to the clipboard and saved to the history of {name}.").format(
                mark=_OK_MARK, name=client.name
            )
        )
        return True
