"""The client's account history, newest first, as a panel beside the workflows.

Agents check it before every one-time decision (SOP C1 courtesy credit, M9
waiver) and before escalating a POC request (SOP P8), so it shows at a glance
what was given, waived or requested, and which entries a correction replaced.
Nothing here edits history: it is append-only.

The list is a lazy model (:mod:`desktop.views.shell.history_model`): opening a
client reads only the outline of its entries, and each row is read and formatted
when it is painted.  The search box finds the client's notes by their words
(:mod:`desktop.models.store.note_search`) and shows only those entries.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import N_, _
from desktop.models.notes.dispositions import disposition_label
from desktop.models.store import history, history_pages, note_search
from desktop.models.store.clients import ClientInfo
from desktop.models.store.history import HistoryItem
from desktop.models.store.history_pages import Outline
from desktop.views.context import AppContext
from desktop.views.page import translate_ui
from desktop.views.shell.call_entry import call_rows
from desktop.views.shell.history_model import ENTRY_ID_ROLE, FixedRowsDelegate, HistoryListModel

KIND_LABELS: dict[str, str] = {
    "note": N_("Note"),
    "courtesy_credit": N_("Courtesy credit"),
    "credit_decision": N_("Credit decision"),
    "override_given": N_("Override code given"),
    "poc_request": N_("POC request"),
    "correction": N_("Correction"),
    "call": N_("Call"),
}
FILTER_LABELS: dict[str, str] = {
    "note": N_("Notes"),
    "courtesy_credit": N_("Courtesy credits"),
    "credit_decision": N_("Credit decisions"),
    "override_given": N_("Override codes"),
    "poc_request": N_("POC requests"),
    "correction": N_("Corrections"),
    "call": N_("Calls"),
}
STATUS_LABELS: dict[str, str] = {
    "submitted": N_("submitted"),
    "changed": N_("changed"),
    "cancelled": N_("cancelled"),
    "escalated": N_("escalated"),
}
#: Typing pauses this long before the notes are searched (every key would re-read them).
SEARCH_DELAY_MS = 250


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def utr_text(number: str) -> str:
    """"UTR 48213", without doubling a prefix the ticket number already has."""
    return number if number.upper().startswith("UTR") else _("UTR {number}").format(number=number)


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def entry_text(entry: HistoryItem, when: str, corrected_by: int | None) -> str:
    """One row of the list, at most three lines: when and kind, headline, short facts.

    The one place a row's words are chosen (the model calls it only for rows on
    screen, once per language): amount, waiver, UTR, status, correction links.
    """
    lines = [f"{when} · {kind_label(entry.kind)}"]
    headline = entry.summary or next(iter((entry.note_text or "").strip().splitlines()), "")
    if headline:
        lines.append(headline)
    facts: list[str] = []
    if entry.amount is not None and entry.kind != "override_given":
        facts.append(i18n.format_money(entry.amount))
    if entry.kind == "override_given":
        facts.append(_("waived") if entry.waived else _("charged"))
    if entry.utr:
        facts.append(utr_text(entry.utr))
    if entry.status:
        facts.append(status_label(entry.status))
    if entry.corrects_id is not None:
        facts.append(_("corrects #{id}").format(id=entry.corrects_id))
    if corrected_by is not None:
        facts.append(_("corrected by #{id}").format(id=corrected_by))
    if facts:
        lines.append(" · ".join(facts))
    return "\n".join(lines)


class HistoryPanel(QWidget):
    """Timeline of the open client; filter by kind; search the notes; details of the selected entry."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self.ctx = ctx
        self._outline: list[Outline] = []
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
        self.filter.currentIndexChanged.connect(lambda _i: self._render())

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

        self.model = HistoryListModel(self._load, self._format, self)
        self.list = QListView()
        self.list.setObjectName("historyList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(FixedRowsDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setLayoutMode(QListView.LayoutMode.Batched)  # see history_model's docstring
        self.list.setBatchSize(100)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_details())

        self.details = QTextBrowser()
        self.details.setObjectName("historyDetails")
        self.details.setOpenLinks(False)

        top = QHBoxLayout()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter, 1)
        find = QHBoxLayout()
        find.addWidget(self.search_label)
        find.addWidget(self.search, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(find)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

        ctx.clientChanged.connect(self._on_client)
        ctx.historyChanged.connect(self._on_history)
        translate_ui(self, self.retranslate)
        self.reload()

    # -- data -------------------------------------------------------------
    def reload(self) -> None:
        client = self.ctx.client
        self.model.forget()
        self._zone = _zone_of(client)
        if client is None:
            self._outline = []
        else:
            with self.ctx.session() as s:
                self._outline = history_pages.outline(s, client.id)
        self._corrected_by = history_pages.corrected_by(self._outline)
        if self.search.text().strip():
            self.run_search(render=False)
        self._render()

    def _load(self, ids: Sequence[int]) -> dict[int, HistoryItem]:
        with self.ctx.session() as s:
            return history_pages.entries(s, ids)

    def _format(self, entry: HistoryItem) -> str:
        return entry_text(entry, self._when(entry), self._corrected_by.get(entry.id))

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
            with self.ctx.session() as s:
                hits = note_search.search_notes(s, text, max(1, len(self._outline)), client_id=client.id)
            self._found = {h.history_id for h in hits}
        if render:
            self._render()

    def shown_outline(self) -> list[Outline]:
        kind = self.filter.currentData()
        found = self._found
        return [r for r in self._outline if (kind is None or r.kind == kind) and (found is None or r.id in found)]

    def shown_items(self) -> list[HistoryItem]:
        """The entries the list shows, in order (reads them all: for callers that need every one)."""
        shown = self.shown_outline()
        items = self.model.item
        return [i for n in range(len(shown)) if (i := items(n)) is not None]

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

    def _when(self, item: HistoryItem) -> str:
        zone = self._zone
        return i18n.format_datetime(item.created_at.astimezone(zone) if zone else item.created_at)

    def _render(self) -> None:
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
            self.details.clear()
            return
        rows: list[tuple[str, str]] = [
            (_("Entry"), f"#{entry.id}"),
            (_("When"), self._when(entry)),
            (_("Kind"), kind_label(entry.kind)),
        ]
        if entry.agent:
            rows.append((_("Agent"), entry.agent))
        if entry.summary:
            rows.append((_("Summary"), entry.summary))
        if entry.amount is not None:
            rows.append((_("Amount"), i18n.format_money(entry.amount)))
        if entry.waived is not None:
            rows.append((_("Fee waived"), _("yes") if entry.waived else _("no")))
        if entry.utr:
            rows.append((_("UTR ticket"), entry.utr))
        if entry.appointment_at is not None:
            zone = self._zone
            at = entry.appointment_at.astimezone(zone) if zone else entry.appointment_at
            rows.append((_("Appointment"), i18n.format_datetime(at)))
        if entry.status:
            rows.append((_("Status"), status_label(entry.status)))
        if entry.disposition:
            label = disposition_label(entry.disposition, i18n.current_language())
            rows.append((_("Disposition"), label or entry.disposition))
        if entry.corrects_id is not None:
            original = self.model.entry(entry.corrects_id)
            text = (
                _("#{id}: {kind} of {when}").format(
                    id=original.id, kind=kind_label(original.kind), when=self._when(original)
                )
                if original
                else f"#{entry.corrects_id}"
            )
            rows.append((_("Corrects"), text))
        if entry.id in self._corrected_by:
            rows.append((_("Corrected by"), f"#{self._corrected_by[entry.id]}"))
        rows += call_rows(entry)  # a call's length and the workflows inside it
        if entry.sop_pack_version:
            rows.append((_("SOP pack version"), entry.sop_pack_version))
        body = "".join(
            f"<tr><td style='padding-right:8px'><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        note = ""
        if entry.note_text:
            note = f"<p style='white-space:pre-wrap'>{html.escape(entry.note_text)}</p>"
        self.details.setHtml(f"<table>{body}</table>{note}")


def _zone_of(client: ClientInfo | None) -> ZoneInfo | None:
    if client is None:
        return None
    try:
        return ZoneInfo(client.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
