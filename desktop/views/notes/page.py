"""Notes page: the 4E note of this call, pre-filled by workflows, linted before it leaves.

Why the page is built this way: the note is written in the last seconds of a call.
Fields follow the outline (SOP N3) so nothing is forgotten, a workflow's draft
lands here already filled in, the preview shows exactly what will be pasted with
problems underlined where they are (SOP N1), card numbers are masked the moment
they appear, and the draft is saved continuously so closing the app loses
nothing.  All decisions (composition, lint, redaction, merging) live in
:mod:`desktop.models.notes`; this page only assembles its parts, one module each:
the outline fields, the disposition picker, the preview, the lint panel, the
critical part, the copy actions and the draft autosave.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.models.notes import (
    NoteDraft,
    compose_note,
    lint_note,
    merge_offered_note,
    missing_parts,
    redact_card_numbers,
    redact_draft,
)
from desktop.models.notes.call_note import PageNote
from desktop.models.store.clients import ClientInfo
from desktop.models.store.store_errors import StoreWriteError
from desktop.views.context import AppContext
from desktop.views.notes.autosave import DraftAutosave
from desktop.views.notes.copy_actions import CopyActions
from desktop.views.notes.disposition_picker import DispositionPicker
from desktop.views.notes.fields import NoteFields
from desktop.views.notes.flag import CriticalPart
from desktop.views.notes.lint_panel import LintPanel
from desktop.views.notes.preview import NotePreview, with_placeholders
from desktop.views.notes.sentences import NoteSentences
from desktop.views.notes.team_save import saving
from desktop.views.page import Page
from desktop.views.widgets.folding import PaneScroll, page_scroll


class NotesPage(Page):
    page_id = "notes"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._loading = False  # a draft is being shown: the widgets' signals are not the agent's edits
        self._blocking: tuple[object, ...] = ()
        self.fields = NoteFields()
        self.picker = DispositionPicker()
        self.preview_part = NotePreview()
        self.lint = LintPanel()
        self.critical_part = CriticalPart()
        self.autosave = DraftAutosave(ctx, self._stored_form, self)
        self.copy_part = CopyActions(ctx, self.autosave)

        # The widgets by name, for the window, the soak driver and the tests.
        f, p, v, c = self.fields, self.picker, self.preview_part, self.critical_part
        self.customer_name, self.customer_name_label = f.customer_name, f.customer_name_label
        self.relationship, self.reason, self.resolution = f.relationship, f.reason, f.resolution
        self.additional_info, self.follow_up = f.additional_info, f.follow_up
        self.disposition_filter, self.disposition_list, self.disposition_selected = p.filter, p.list, p.selected
        self.style_combo, self.language_combo, self.preview = v.style_combo, v.language_combo, v.preview
        self.findings, self.quote_requested = self.lint.findings, self.lint.quote_requested
        self.missing_error = self.lint.missing_error
        self.critical, self.critical_help, self.flag = c.critical, c.help, c.flag
        self.copy_button, self.new_button = self.copy_part.copy_button, self.copy_part.new_button
        self.status = self.copy_part.status

        self.no_client = QLabel()
        self.no_client.setObjectName("notesNoClient")
        self.no_client.setWordWrap(True)
        self.fields.form.addRow(self.picker.filter_label, self.picker.filter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.no_client)
        left_layout.addWidget(self.fields)
        left_layout.addWidget(self.picker, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.preview_part, 3)
        for part in (self.lint, self.critical_part, self.copy_part):
            right_layout.addWidget(part)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(PaneScroll(left))  # the fields scroll beside the preview
        splitter.addWidget(PaneScroll(right))
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(page_scroll(splitter))  # scrolls once the panes are stacked

        edits = (self.fields.edited, self.picker.chosen, self.critical_part.changed, self.preview_part.optionsChanged)
        for signal in edits:
            signal.connect(self._changed)
        self.lint.quoteToggled.connect(self._refresh)
        self.copy_button.clicked.connect(self.copy_note)
        self.copy_part.settled.connect(self._refresh)
        self.new_button.clicked.connect(self.new_note)
        copy_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        copy_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy_shortcut.activated.connect(self.copy_note)
        ctx.noteDraftOffered.connect(self._take_offered_note)
        self.sentences = NoteSentences(self)  # generated sentences follow the note language
        self.finish_init()

    # -- Page API ------------------------------------------------------------
    @staticmethod
    def title() -> str:
        return _("Notes")

    def retranslate(self) -> None:
        """Every part's texts, set after the page is assembled (the parts do not register their own)."""
        for part in (self.fields, self.picker, self.preview_part, self.lint, self.critical_part, self.copy_part):
            part.retranslate()
        self.no_client.setText(
            _(
                "No client is open. You can still write and copy a note; "
                "open a client to save it to their history."
            )
        )
        self.status.clear()
        self._refresh()

    def on_client_changed(self, client: ClientInfo | None) -> None:
        stored = self.autosave.switch(client)
        self.copy_part.last_copied = None
        self.no_client.setVisible(client is None)
        if stored is not None:
            self._show_draft(*stored)
        else:
            self._show_draft(NoteDraft(customer_name=client.name if client else ""), {})
        if self.ctx.pending_note:
            self._take_offered_note(self.ctx.pending_note)
        self.status.clear()

    def save_state(self) -> None:
        """Write the draft now (also called by the main window on close)."""
        self.autosave.save()

    # -- reading the form -----------------------------------------------------
    def current_draft(self) -> NoteDraft:
        draft = self.fields.fill(NoteDraft(disposition=self.picker.disposition))
        return self.critical_part.fill(draft)

    def note_style(self) -> str:
        return self.preview_part.note_style()

    def note_language(self) -> str:
        return self.preview_part.note_language()

    def _stored_form(self) -> tuple[NoteDraft, dict[str, Any]]:
        return self.current_draft(), {"style": self.note_style(), "language": self.note_language()}

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
            self.fields.show_draft(draft)
            self.critical_part.show_draft(draft)
            self.picker.show_disposition(draft.disposition)
            self.preview_part.show_options(extra)
        finally:
            self._loading = False
        self.autosave.dirty = False
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

    def choose_disposition(self, reason_id: str) -> None:
        """Select a disposition by id (keyboard users and tests use the picker itself)."""
        self.picker.choose(reason_id)

    def new_note(self) -> None:
        """Start over for this client and forget the stored draft."""
        self.autosave.discard()
        client = self.ctx.client
        self._show_draft(NoteDraft(customer_name=client.name if client else ""), {})
        self.copy_part.last_copied = None
        self.status.clear()
        self.customer_name.setFocus()

    def call_note(self) -> PageNote:
        """The note as the call's summary takes it when F12 ends the call."""
        return PageNote(
            client_id=self.autosave.client_id,
            draft=self.current_draft(),
            language=self.note_language(),
            quote_requested=self.quote_requested.isChecked(),
        )

    def start_next_call(self) -> None:
        """The call's summary now holds this note: forget its draft and start the next call empty."""
        # Busy store: that draft stays stored, but no pending save rewrites it, and the call still ends.
        with suppress(StoreWriteError):
            self.autosave.discard(only_mine=True)  # a newer draft another window wrote stays
        self.sentences.sources.clear()
        self.quote_requested.setChecked(False)
        client = self.ctx.client
        self._show_draft(NoteDraft(customer_name=client.name if client else ""), {})
        self.copy_part.last_copied = None
        self.status.clear()

    def _changed(self) -> None:
        if self._loading:
            return
        self.autosave.touch()
        self.status.clear()
        self._refresh()

    # -- preview and lint ------------------------------------------------------
    def _refresh(self) -> None:
        draft = self.current_draft()
        missing = missing_parts(draft)
        text = compose_note(with_placeholders(draft), self.note_style(), self.note_language())
        findings = lint_note(text)
        self.preview_part.show_note(text, missing, findings)
        self._blocking = self.lint.show_findings(text, findings, missing)
        self.copy_button.setEnabled(not missing and not self._blocking and not saving(self.copy_part))

    # -- copy ------------------------------------------------------------------
    def copy_note(self) -> bool:
        """Save to the client's history (redacted), then copy.  Returns whether a note was copied."""
        text = self.composed_text()
        if text is None or self._blocking:
            self._refresh()
            return False
        return self.copy_part.copy(text, self.current_draft(), self.note_style(), self.note_language())
