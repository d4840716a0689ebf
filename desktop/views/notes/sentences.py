"""Keeps the Notes page's generated sentences in the note language (see :mod:`desktop.models.notes.language`).

A companion of the page rather than more page code: it listens to the same
signals (a workflow offering its note, the note-language box, a new client or a
new note) and rewrites only the lines a workflow wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from desktop.models.notes import language as note_language
from desktop.models.store.clients import ClientInfo

if TYPE_CHECKING:
    from desktop.views.notes.page import NotesPage


class NoteSentences(QObject):
    def __init__(self, page: NotesPage) -> None:
        super().__init__(page)
        self.page = page
        self.sources: list[Mapping[str, Any]] = []
        self.language = page.note_language()
        # Connected after the page's own slots: the page has merged the offered note first.
        page.ctx.noteDraftOffered.connect(self._offered)
        page.language_combo.currentIndexChanged.connect(lambda _i: self._language_changed())
        page.new_button.clicked.connect(self.sources.clear)
        page.ctx.clientChanged.connect(self._client_changed)

    def _client_changed(self, _client: ClientInfo | None) -> None:
        self.sources.clear()
        self.language = self.page.note_language()

    def _offered(self, fields: object) -> None:
        if not isinstance(fields, dict) or not note_language.can_reword(fields):
            return
        self.sources.append(fields)
        self._reword(str(fields[note_language.LANGUAGE_KEY]), self.page.note_language(), [fields])

    def _language_changed(self) -> None:
        new = self.page.note_language()
        if self.page._loading:  # a stored draft is being shown: its lines are already in its language
            self.language = new
            return
        self._reword(self.language, new, self.sources)

    def _reword(self, old: str, new: str, sources: list[Mapping[str, Any]]) -> None:
        self.language = new
        if old == new or not sources:
            return
        page = self.page
        draft = note_language.reword(page.current_draft(), sources, old, new)
        if draft != page.current_draft():
            page._show_draft(draft, {"style": page.note_style(), "language": new})
            page._changed()
