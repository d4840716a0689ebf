"""Read-only view of a state's SOP pack entry: the client's state in two keystrokes.

Why a dialog the lead opens with a shortcut: agents need the state rules mid-call
without leaving the workflow they are in, so the viewer floats over any page and
opens on the current client's state of conviction.  It never edits the pack;
leads import packs elsewhere.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, current_language, format_date, format_money
from desktop.models.sop import SopPack, StateEntry
from desktop.models.store.clients import ClientInfo
from desktop.views.context import AppContext
from desktop.views.page import translate_ui


def tri_state_text(value: str) -> str:
    """Plain words for a pack tri-state; ``check_sop`` sends the agent to the state SOP."""
    return {
        "yes": _("Yes"),
        "no": _("No"),
        "check_sop": _("Not in the SOP pack: check the state SOP"),
    }[value]


def courtesy_text(entry: StateEntry) -> str:
    if entry.courtesy_credits == "no":
        return _("Not allowed (SOP C2)")
    if entry.courtesy_credits == "yes":
        return _("Allowed, one-time up to $35.00 (SOP C1)")
    return _("General policy: one-time up to $35.00 (SOP C1); the state SOP says nothing specific")


def entry_html(pack: SopPack, entry: StateEntry, language: str | None = None) -> str:
    """The entry as simple HTML rows (escaped: pack text comes from a lead's file)."""
    lang = language or current_language()
    fee = format_money(entry.poc_fee) if entry.poc_fee is not None else _("Not in the SOP pack: check the state SOP")
    rows = [
        (_("POC override (SOP P4, P9)"), tri_state_text(entry.poc_override)),
        (_("POC fee (SOP P4)"), fee),
        (_("Courtesy credits"), courtesy_text(entry)),
        (_("Unused days refunded at removal (SOP C10)"), tri_state_text(entry.unused_days_refund)),
    ]
    if entry.unused_days_notes:
        rows.append((_("How unused days are refunded"), entry.unused_days_notes.get(lang)))
    rows.append((_("Notes"), entry.notes.get(lang) if entry.notes else _("None.")))
    tow = pack.tow_receipt
    contact = (
        _("Fax {fax} · email {email}").format(fax=tow.csg_fax, email=tow.csg_email)
        if tow.is_configured
        else _("Not configured in the SOP pack: a lead must fill in the CSG fax and email.")
    )
    rows.append(
        (
            _("Tow receipts to CSG (SOP C8)"),
            _("{contact} Review: {min_days} to {max_days} business days.").format(
                contact=contact, min_days=tow.review_business_days_min, max_days=tow.review_business_days_max
            ),
        )
    )
    body = "".join(
        f"<tr><td valign='top' style='padding:4px 12px 4px 0'><b>{html.escape(k)}</b></td>"
        f"<td style='padding:4px 0'>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    title = f"<h2>{html.escape(entry.name)} ({html.escape(entry.code)})</h2>"
    source = _("SOP pack {name}, version {version}, effective {date}. Source: {source}").format(
        name=pack.name, version=pack.version, date=format_date(pack.effective_date, lang), source=pack.source
    )
    return f"{title}<table>{body}</table><p><i>{html.escape(source)}</i></p>"


class SopViewer(QDialog):
    """Shows one state's entry; opens on the current client's state."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("sopViewer")
        self.state_label = QLabel()
        self.state = QComboBox()
        self.state.setObjectName("sopViewerState")
        self.state_label.setBuddy(self.state)
        self.state.currentIndexChanged.connect(self._render)
        self.content = QLabel()
        self.content.setObjectName("sopViewerContent")
        self.content.setWordWrap(True)
        self.content.setTextFormat(Qt.TextFormat.RichText)
        self.content.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.content.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.content)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.state_label)
        top.addWidget(self.state, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 480)

        ctx.packChanged.connect(self._fill_states)
        ctx.clientChanged.connect(self.show_client)
        self._fill_states()
        translate_ui(self, self.retranslate)
        self.show_client(ctx.client)

    def _fill_states(self) -> None:
        current = self.state.currentData()
        self.state.blockSignals(True)
        self.state.clear()
        for entry in self.ctx.pack.states:
            self.state.addItem(f"{entry.code} · {entry.name}", entry.code)
        index = self.state.findData(current) if current else -1
        self.state.setCurrentIndex(max(index, 0))
        self.state.blockSignals(False)
        self._render()

    def show_client(self, client: ClientInfo | None) -> None:
        """Jump to the client's state of conviction (the point of the viewer)."""
        if client is not None:
            index = self.state.findData(client.state.strip().upper())
            if index >= 0:
                self.state.setCurrentIndex(index)
        self._render()

    def show_state(self, code: str) -> None:
        index = self.state.findData(code.strip().upper())
        if index < 0:
            raise KeyError(code)
        self.state.setCurrentIndex(index)

    def retranslate(self, *_args: object) -> None:
        self.setWindowTitle(_("State SOP"))
        self.state_label.setText(_("&State:"))
        self._render()

    def _render(self, *_args: object) -> None:
        code = self.state.currentData()
        if not isinstance(code, str) or code not in self.ctx.pack:
            self.content.setText("")
            return
        client = self.ctx.client
        prefix = ""
        if client is None:
            prefix = "<p>" + html.escape(_("No client open: showing the state you choose.")) + "</p>"
        elif client.state.strip().upper() != code:
            prefix = "<p><b>" + html.escape(
                _("Not the current client's state ({state}).").format(state=client.state)
            ) + "</b></p>"
        self.content.setText(prefix + entry_html(self.ctx.pack, self.ctx.pack.state(code)))
