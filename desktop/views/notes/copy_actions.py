"""Copying the note: saved to the client's history first, then put on the clipboard (SOP N1).

The clipboard gets the note only after history committed it, so a failed save
never leaves the agent pasting a note the account does not have.  With no
client open, or a read-only database, the agent can still copy (nothing can be
saved there anyway), and the status line says so.
"""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.models.notes import NoteDraft
from desktop.models.notes.dispositions import find_disposition
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.store_errors import StoreWriteError
from desktop.models.team import route as team_route
from desktop.views.context import AppContext
from desktop.views.notes.autosave import DraftAutosave
from desktop.views.notes.lint_panel import OK_MARK, WARN_MARK
from desktop.views.notes.team_save import save_through_desk
from desktop.views.shell.error_dialog import store_reason
from desktop.views.shell.team_link import desk_of
from desktop.views.widgets.clipboard import copy_text


class CopyActions(QWidget):
    """The Copy and New buttons and the status line that says where the note went."""

    #: A save that waited for the team server has its answer (Copy may be pressed again).
    settled = Signal()

    def __init__(self, ctx: AppContext, autosave: DraftAutosave, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.autosave = autosave
        self.last_copied: str | None = None  # copying the same text again adds no second entry
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def retranslate(self) -> None:
        self.copy_button.setText(_("&Copy note"))
        self.copy_button.setToolTip(_("Copy to the clipboard and save to the client's history (Ctrl+Enter)"))
        self.new_button.setText(_("Ne&w note"))

    def copy(self, text: str, draft: NoteDraft, style: str, language: str) -> bool:
        """Save ``text`` (composed from ``draft``, redacted) to the history, then copy it; returns whether copied."""
        client = self.ctx.client
        if client is None or self.ctx.store.read_only:
            copy_text(text)
            self.status.setText(
                _("{mark} Copied to the clipboard. No client is open, so it was not saved to a history.").format(
                    mark=OK_MARK
                )
                if client is None
                else _("{mark} Copied to the clipboard. The database is read-only, so it was not saved.").format(
                    mark=WARN_MARK
                )
            )
            return True
        if text == self.last_copied:  # already in the history: what the page holds is that note
            self._forget_draft()
            copy_text(text)
        else:
            found = find_disposition(draft.disposition)
            note = history.HistoryDraft(
                client_id=client.id, kind="note", note_text=text, created_at=self.ctx.now(),
                agent=self.ctx.prefs.agent_name,
                summary=found.label(language) if found else draft.disposition,
                disposition=draft.disposition,
                details={"critical": draft.critical, "style": style, "language": language, "client_flag": draft.flag},
            )
            try:
                self.autosave.save()  # the draft the note came from, so only that one is deleted
                if desk_of(self.ctx) is not None:  # team mode: saved off the GUI thread, copied on its answer
                    return save_through_desk(self, note, text, client)
                team_route.save_note_then_copy(
                    self.ctx.session, None, note, copy_text,
                    draft_key=self.autosave.key,
                    draft_revision=self.autosave.revision,
                )
            except StoreWriteError as exc:
                self.not_saved(exc)
                return False
            self.saved(text, client)
            return True
        self._say_copied(client)
        return True

    def saved(self, text: str, client: ClientInfo, *, draft_too: bool = True) -> None:
        """The note is in the history and on the clipboard (``draft_too``: with the draft it came from)."""
        if draft_too:
            self.autosave.saved_elsewhere()
        self.last_copied = text
        self.ctx.historyChanged.emit(client.id)
        self._say_copied(client)

    def not_saved(self, exc: StoreWriteError) -> None:
        """Neither saved nor copied: the reason in the status line, the draft kept for the next pause."""
        if self.autosave.dirty:  # the draft could not be written either
            self.autosave.touch()
        self.status.setText(
            _("{mark} Not saved and not copied: {reason}").format(mark=WARN_MARK, reason=store_reason(exc))
        )

    def _say_copied(self, client: ClientInfo) -> None:
        self.status.setText(
            _("{mark} Copied to the clipboard and saved to the history of {name}.").format(
                mark=OK_MARK, name=client.name
            )
        )

    def _forget_draft(self) -> None:
        """Copying the note already in the history again: whatever the page was about to save
        (edits that came back to the same text) or saved since is that note, not a draft.

        Why: a save still pending would write the draft back after the copy, and the next call
        on this client would open with a note that is already in the history.
        """
        if self.autosave.revision is None:  # nothing written since the note was saved
            self.autosave.cancel()
            return
        with suppress(StoreWriteError):  # busy: the draft stays as it is, and nothing pending rewrites it
            self.autosave.discard(only_mine=True)
