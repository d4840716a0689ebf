"""The client's account history, newest first, as a panel beside the workflows.

Agents check it before every one-time decision (SOP C1 courtesy credit, M9
waiver) and before escalating a POC request (SOP P8), so it shows at a glance
what was given, waived or requested, and which entries a correction replaced.
Nothing here edits history: it is append-only.
"""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import N_, _
from desktop.models.notes.dispositions import disposition_label
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.history import HistoryItem
from desktop.views.context import AppContext
from desktop.views.page import translate_ui
from desktop.views.shell.call_entry import call_rows

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


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def utr_text(number: str) -> str:
    """"UTR 48213", without doubling a prefix the ticket number already has."""
    return number if number.upper().startswith("UTR") else _("UTR {number}").format(number=number)


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


class HistoryPanel(QWidget):
    """Timeline of the open client; filter by kind; details of the selected entry."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self.ctx = ctx
        self._items: list[HistoryItem] = []
        self._corrected_by: dict[int, int] = {}

        self.filter_label = QLabel()
        self.filter = QComboBox()
        self.filter.setObjectName("historyFilter")
        self.filter.addItem("", None)
        for kind in history.KINDS:
            self.filter.addItem("", kind)
        self.filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda _i: self._render())

        self.status = QLabel()
        self.status.setObjectName("historyStatus")
        self.status.setWordWrap(True)

        self.list = QListWidget()
        self.list.setObjectName("historyList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(lambda _r: self._show_details())

        self.details = QTextBrowser()
        self.details.setObjectName("historyDetails")
        self.details.setOpenLinks(False)

        top = QHBoxLayout()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

        ctx.clientChanged.connect(self._on_client)
        ctx.historyChanged.connect(self._on_history)
        translate_ui(self, self.retranslate)
        self.reload()

    # -- data -------------------------------------------------------------
    def reload(self) -> None:
        client = self.ctx.client
        if client is None:
            self._items = []
        else:
            with self.ctx.session() as s:
                self._items = history.timeline(s, client.id)
        self._corrected_by = {i.corrects_id: i.id for i in reversed(self._items) if i.corrects_id is not None}
        self._render()

    def _on_client(self, _client: ClientInfo | None) -> None:
        self.reload()

    def _on_history(self, client_id: int) -> None:
        if self.ctx.client is not None and self.ctx.client.id == client_id:
            self.reload()

    def set_filter(self, kind: str | None) -> None:
        self.filter.setCurrentIndex(max(0, self.filter.findData(kind)))

    def shown_items(self) -> list[HistoryItem]:
        kind = self.filter.currentData()
        return [i for i in self._items if kind is None or i.kind == kind]

    # -- rendering ----------------------------------------------------------
    def retranslate(self) -> None:
        self.filter_label.setText(_("Sho&w:"))
        self.filter.setItemText(0, _("All entries"))
        for row, kind in enumerate(history.KINDS, start=1):
            self.filter.setItemText(row, _(FILTER_LABELS[kind]))
        self.filter.setAccessibleName(_("Show history entries of kind"))
        self.list.setAccessibleName(_("Account history entries, newest first"))
        self.details.setAccessibleName(_("Details of the selected history entry"))
        self._render()

    def _zone(self) -> ZoneInfo | None:
        client = self.ctx.client
        if client is None:
            return None
        try:
            return ZoneInfo(client.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return None

    def _when(self, item: HistoryItem) -> str:
        zone = self._zone()
        return i18n.format_datetime(item.created_at.astimezone(zone) if zone else item.created_at)

    def _render(self) -> None:
        selected = self._selected_id()
        self.list.blockSignals(True)
        self.list.clear()
        shown = self.shown_items()
        muted = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        for entry in shown:
            item = QListWidgetItem(self._entry_text(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            if entry.id in self._corrected_by:
                item.setForeground(muted)  # and the text says "corrected by", never colour alone
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setEnabled(self.ctx.client is not None)
        if self.ctx.client is None:
            self.status.setText(_("Open a client to see the account history."))
        elif not self._items:
            self.status.setText(_("No history for this client yet."))
        elif not shown:
            self.status.setText(_("No entries of this kind."))
        else:
            self.status.setText(
                i18n.ngettext("{count} entry, newest first", "{count} entries, newest first", len(shown)).format(
                    count=len(shown)
                )
            )
        ids = [e.id for e in shown]
        self.list.setCurrentRow(ids.index(selected) if selected in ids else (0 if ids else -1))
        self._show_details()

    def _selected_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _entry_text(self, entry: HistoryItem) -> str:
        lines = [f"{self._when(entry)} · {kind_label(entry.kind)}"]
        headline = entry.summary or next(iter((entry.note_text or "").strip().splitlines()), "")
        if headline:
            lines.append(headline)
        facts = self._facts(entry)
        if facts:
            lines.append(" · ".join(facts))
        return "\n".join(lines)

    def _facts(self, entry: HistoryItem) -> list[str]:
        """Short markers for the list: amount, waiver, UTR, status, correction links."""
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
        if entry.id in self._corrected_by:
            facts.append(_("corrected by #{id}").format(id=self._corrected_by[entry.id]))
        return facts

    def _show_details(self) -> None:
        entry_id = self._selected_id()
        entry = next((i for i in self._items if i.id == entry_id), None)
        if entry is None:
            self.details.clear()
            return
        by_id = {i.id: i for i in self._items}
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
            zone = self._zone()
            at = entry.appointment_at.astimezone(zone) if zone else entry.appointment_at
            rows.append((_("Appointment"), i18n.format_datetime(at)))
        if entry.status:
            rows.append((_("Status"), status_label(entry.status)))
        if entry.disposition:
            label = disposition_label(entry.disposition, i18n.current_language())
            rows.append((_("Disposition"), label or entry.disposition))
        if entry.corrects_id is not None:
            original = by_id.get(entry.corrects_id)
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
