"""The client's account history, newest first, as a panel beside the workflows.

Agents check it before every one-time decision (SOP C1 courtesy credit, M9
waiver) and before escalating a POC request (SOP P8), so it shows at a glance
what was given, waived or requested, and which entries a correction replaced.
Nothing here edits history: it is append-only.

The list is a lazy model (:mod:`desktop.views.shell.history_model`): opening a
client reads only the outline of its newest entries, paints them, and reads the
outline of the rest right after; each row is read and formatted when it is
painted.  A call is one row: the entries its workflows wrote are listed inside
it, in its details, and stay in the store as they are
(:func:`desktop.models.store.history_pages.group`).  The search box finds the
client's notes by their words (:mod:`desktop.models.store.note_search`) and
shows only those entries (a call, when one of its entries holds the words).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QEvent, QItemSelectionModel, QMetaObject, QModelIndex, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import _
from desktop.models.store import history, history_pages, note_search
from desktop.models.store.clients import ClientInfo
from desktop.models.store.history import HistoryItem
from desktop.models.store.history_pages import Grouped, Outline
from desktop.views.context import AppContext
from desktop.views.page import translate_ui
from desktop.views.shell.history_model import ENTRY_ID_ROLE, FixedRowsDelegate, HistoryListModel
from desktop.views.shell.history_rows import FILTER_LABELS, detail_rows, entry_text
from desktop.views.widgets.narrow import FitRow

#: Typing pauses this long before the notes are searched (every key would re-read them).
SEARCH_DELAY_MS = 250
#: The rest of a long history is read once the first rows are painted, or after this long
#: if the list is not painted (a hidden panel), so the keys reach every row either way.
REST_AT_THE_LATEST_MS = 250


class HistoryPanel(QWidget):
    """Timeline of the open client; filter by kind; search the notes; details of the selected entry."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self.ctx = ctx
        self._outline: list[Outline] = []
        self._grouped = Grouped([], {})
        self._complete = True  # False while only the newest entries' outline is read
        self._rest_queued = False
        self._details_html = ""
        self._total = 0  # every entry of the client, while the outline is not complete
        self._corrected_by: dict[int, int] = {}
        self._zone: ZoneInfo | None = None
        self._found: set[int] | None = None  # entry ids the note search found (None: no search)

        self.filter_label = QLabel()
        self.filter = QComboBox()
        self.filter.setObjectName("historyFilter")
        self.filter.addItem("", None)
        for kind in history.KINDS:
            self.filter.addItem("", kind)
        self.filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda _i: self._render(complete=True))

        self.search_label = QLabel()
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.run_search)

        self.status = QLabel()
        self.status.setObjectName("historyStatus")
        self.status.setWordWrap(True)

        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.timeout.connect(self.read_rest)

        self.model = HistoryListModel(self._load, self._format, self)
        self.list = QListView()
        self.list.setObjectName("historyList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(FixedRowsDelegate(self.list))
        self.list.setUniformItemSizes(True)  # one row's size for all: no row is measured
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_details())
        self.list.viewport().installEventFilter(self)

        self.details = QTextBrowser()
        self.details.setObjectName("historyDetails")
        self.details.setOpenLinks(False)

        # Each label beside its box while both fit the dock, else above it (a narrow dock at 150 %).
        top, find = FitRow(), FitRow()
        for row, label, box in ((top, self.filter_label, self.filter), (find, self.search_label, self.search)):
            row.add(label)
            row.add(box, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(top)
        layout.addWidget(find)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

        ctx.clientChanged.connect(self._on_client)
        ctx.historyChanged.connect(self._on_history)
        translate_ui(self, self.retranslate)
        self.reload()

    # -- data -------------------------------------------------------------
    def reload(self) -> None:
        """Read the newest entries' outline and show them; the rest follows once they are painted."""
        client = self.ctx.client
        self.model.forget()
        self._rest_timer.stop()
        self._zone = _zone_of(client)
        self._outline, self._complete, self._total = [], True, 0
        if client is not None:
            with self.ctx.session() as s:
                self._outline = history_pages.outline(s, client.id, limit=history_pages.HEAD)
                if len(self._outline) >= history_pages.HEAD:
                    self._complete = False
                    self._total = history_pages.count(s, client.id)
                    self._rest_timer.start(REST_AT_THE_LATEST_MS)  # sooner once painted: see eventFilter
        self._regroup()
        if self.search.text().strip():
            self.run_search(render=False)
        self._render()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The list paints its first rows: read the rest of the outline on the loop's next pass.

        Why after the paint and not at once: the newest rows are what the agent
        looks at, and reading ten thousand outlines first delayed them.  A queued
        call, not a zero timer: the event loop runs due timers in the same pass
        as the paint, queued calls posted during it only in the next one.
        """
        if event.type() == QEvent.Type.Paint and not self._complete and not self._rest_queued:
            self._rest_queued = True
            QMetaObject.invokeMethod(self, "read_rest", Qt.ConnectionType.QueuedConnection)
        return super().eventFilter(watched, event)

    @Slot()
    def read_rest(self) -> None:
        """The whole outline, after the first rows are on screen (the list keeps its place)."""
        self._rest_queued = False
        client = self.ctx.client
        if self._complete or client is None:
            return
        self._rest_timer.stop()
        with self.ctx.session() as s:
            self._outline = history_pages.outline(s, client.id)
        self._complete = True
        self._regroup()
        bar = self.list.verticalScrollBar()
        scrolled = bar.value()
        self._render()
        bar.setValue(scrolled)

    def _ensure_complete(self) -> None:
        if not self._complete:
            self.read_rest()

    def _regroup(self) -> None:
        self._grouped = history_pages.group(self._outline)
        self._corrected_by = history_pages.corrected_by(self._outline)

    def _load(self, ids: Sequence[int]) -> dict[int, HistoryItem]:
        with self.ctx.session() as s:
            return history_pages.entries(s, ids)

    def _format(self, entry: HistoryItem) -> str:
        return entry_text(entry, self._when(entry.created_at), self._corrected_by.get(entry.id))

    def _on_client(self, _client: ClientInfo | None) -> None:
        if self.search.text():
            self.search.clear()
            self._found = None
        self.reload()

    def _on_history(self, client_id: int) -> None:
        if self.ctx.client is not None and self.ctx.client.id == client_id:
            self.reload()

    def set_filter(self, kind: str | None) -> None:
        self.filter.setCurrentIndex(max(0, self.filter.findData(kind)))

    def run_search(self, *, render: bool = True) -> None:
        """Keep only the entries whose note or summary holds every word typed (accents ignored)."""
        self._search_timer.stop()
        text = self.search.text()
        client = self.ctx.client
        if not text.strip() or client is None:
            self._found = None
        else:
            self._ensure_complete()
            with self.ctx.session() as s:
                hits = note_search.search_notes(s, text, max(1, len(self._outline)), client_id=client.id)
            self._found = {h.history_id for h in hits}
        if render:
            self._render()

    def shown_outline(self) -> list[Outline]:
        """The list's rows: one per call (its entries inside it), filtered by kind and by the search."""
        kind, found = self.filter.currentData(), self._found
        top, inside = self._grouped
        if kind is None and found is None:
            return list(top)
        return [r for r in top if history_pages.shows(r, inside, kind, found)]

    def inside(self, entry_id: int) -> list[HistoryItem]:
        """The entries a call's workflows wrote, oldest first (none for an entry that is not a call)."""
        ids = [r.id for r in self._grouped.inside.get(entry_id, ())]
        found = self.model.entries(ids)
        return [found[i] for i in ids if i in found]

    def show_entry(self, entry_id: int) -> None:
        """Select the row of ``entry_id``, or of the call it is inside (filter and search cleared if they hide it)."""
        self._ensure_complete()
        held = next((call for call, rows in self._grouped.inside.items() if any(r.id == entry_id for r in rows)), None)
        target = entry_id if held is None else held
        if self.model.row_of(target) < 0 and (self.filter.currentIndex() or self._found is not None):
            self.search.clear()
            self._found = None
            self.filter.setCurrentIndex(0)  # renders
            self._render()
        row = self.model.row_of(target)
        if row >= 0:
            self.set_current_row(row)
            self.list.scrollTo(self.model.index(row))

    # -- rendering ----------------------------------------------------------
    def retranslate(self) -> None:
        self.filter_label.setText(_("Sho&w:"))
        self.filter.setItemText(0, _("All entries"))
        for row, kind in enumerate(history.KINDS, start=1):
            self.filter.setItemText(row, _(FILTER_LABELS[kind]))
        self.filter.setAccessibleName(_("Show history entries of kind"))
        self.search_label.setText(_("F&ind in notes:"))
        self.search.setPlaceholderText(_("Words of a note — Enter searches"))
        self.search.setAccessibleName(_("Find history entries by the words of their notes"))
        self.list.setAccessibleName(_("Account history entries, newest first"))
        self.details.setAccessibleName(_("Details of the selected history entry"))
        self.model.retranslate(*self._rows_on_screen())
        self._render_status(self.model.rowCount())
        self._show_details()

    def _when(self, at: datetime) -> str:
        zone = self._zone
        return i18n.format_datetime(at.astimezone(zone) if zone else at)

    def _render(self, *, complete: bool = False) -> None:
        """Show the rows again, keeping the selected entry; ``complete``: read every entry first."""
        if complete:
            self._ensure_complete()
        selected = self._selected_id()
        shown = self.shown_outline()
        self.model.muted_brush = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        self.model.set_rows(shown, set(self._corrected_by))
        self.list.setEnabled(self.ctx.client is not None)
        self._render_status(len(shown))
        row = self.model.row_of(selected)
        self.set_current_row(row if row >= 0 else (0 if shown else -1))
        self._show_details()

    def _render_status(self, shown: int) -> None:
        if not self._complete:  # the newest entries are on screen: count the rest too (calls fold theirs)
            shown += self._total - len(self._outline)
        if self.ctx.client is None:
            self.status.setText(_("Open a client to see the account history."))
        elif not self._outline:
            self.status.setText(_("No history for this client yet."))
        elif not shown and self._found is not None:
            self.status.setText(_("No note holds “{text}”.").format(text=self.search.text().strip()))
        elif not shown:
            self.status.setText(_("No entries of this kind."))
        elif self._found is not None:
            self.status.setText(
                i18n.ngettext("{count} entry holds “{text}”", "{count} entries hold “{text}”", shown).format(
                    count=shown, text=self.search.text().strip()
                )
            )
        else:
            self.status.setText(
                i18n.ngettext("{count} entry, newest first", "{count} entries, newest first", shown).format(
                    count=shown
                )
            )

    def _rows_on_screen(self) -> tuple[int, int]:
        """First and last row the list shows now (the selected one at least)."""
        area = self.list.viewport().rect()
        top = self.list.indexAt(area.topLeft())
        bottom = self.list.indexAt(area.bottomLeft())
        first = top.row() if top.isValid() else 0
        last = bottom.row() if bottom.isValid() else first + 50
        current = self.current_row()
        return (min(first, current), max(last, current)) if current >= 0 else (first, last)

    def set_current_row(self, row: int) -> None:
        selection = self.list.selectionModel()
        if row < 0:
            selection.clear()
            self.list.setCurrentIndex(QModelIndex())
            return
        index = self.model.index(row)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def current_row(self) -> int:
        index = self.list.currentIndex()
        return index.row() if index.isValid() else -1

    def _selected_id(self) -> int | None:
        index = self.list.currentIndex()
        return int(index.data(ENTRY_ID_ROLE)) if index.isValid() else None

    def _show_details(self) -> None:
        row = self.current_row()
        entry = self.model.item(row) if row >= 0 else None
        if entry is None:
            self._details_html = ""
            self.details.clear()
            return
        rows = detail_rows(entry, self._when, self._corrected_by, self.model.entry, self.inside(entry.id))
        body = "".join(
            f"<tr><td style='padding-right:8px'><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        note = ""
        if entry.note_text:
            note = f"<p style='white-space:pre-wrap'>{html.escape(entry.note_text)}</p>"
        text = f"<table>{body}</table>{note}"
        if text != self._details_html:  # the same entry shown again (a re-render) is not laid out again
            self._details_html = text
            self.details.setHtml(text)


def _zone_of(client: ClientInfo | None) -> ZoneInfo | None:
    if client is None:
        return None
    try:
        return ZoneInfo(client.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
