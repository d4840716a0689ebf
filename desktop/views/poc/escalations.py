"""Open POC requests of the client and their escalations (SOP P8, H2, H4, H8).

A part of its own beside the new-request steps: it works on requests already
in the account history, so it reloads from the store and never touches the flow
of the request being taken.  Every escalation names its chat room.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _, current_language, format_datetime, gettext_for
from desktop.models import chat, poc
from desktop.models.chat.rooms import ChatRoom, chat_room
from desktop.models.store import history
from desktop.models.store.history import HistoryDraft
from desktop.models.team import route as team_route
from desktop.views.context import AppContext
from desktop.views.poc.common import copy_text
from desktop.views.shell import team_jobs
from desktop.views.shell.team_link import desk_of
from desktop.views.widgets.banner import Banner
from desktop.views.widgets.outcome import Tone
from desktop.views.widgets.text import wrap

# What an escalation does to the stored request.
ESCALATION_STATUS: dict[str, str] = {
    poc.ESCALATION_MISSED_CALL: "escalated",
    poc.ESCALATION_NO_CALL: "escalated",
    poc.ESCALATION_CHANGE: "changed",
    poc.ESCALATION_CANCEL: "cancelled",
}


# The escalation note's sentences, worded in whichever language the note is written in.
_CHECKED = N_("Checked the UTR ticket {utr}, the appointment time, the drive time and the time zone.")
_ESCALATED = N_("Escalated in the chat room {room} with the POC CODE template.")

class PocEscalationPanel(QWidget):
    """Open POC requests of the client and the four escalations (SOP P8, H2, H4)."""

    countChanged = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pocEscalations")
        self.ctx = ctx
        self.items: list[history.HistoryItem] = []
        self.recorded = False
        lay = QVBoxLayout(self)
        self.list_label = QLabel()
        self.requests = QListWidget()
        self.requests.setObjectName("pocOpenRequests")
        self.requests.setMaximumHeight(120)
        self.list_label.setBuddy(self.requests)
        self.requests.currentRowChanged.connect(self.render)
        self.empty = wrap(QLabel())
        self.empty.setObjectName("pocNoOpenRequests")
        lay.addWidget(self.list_label)
        lay.addWidget(self.requests)
        lay.addWidget(self.empty)
        row = QHBoxLayout()
        self.kind_label = QLabel()
        self.kind = QComboBox()
        self.kind.setObjectName("pocEscalationKind")
        for kind in poc.ESCALATION_KINDS:
            self.kind.addItem("", kind)
        self.kind_label.setBuddy(self.kind)
        self.kind.currentIndexChanged.connect(self.render)
        row.addWidget(self.kind_label)
        row.addWidget(self.kind, 1)
        lay.addLayout(row)
        self.banner = Banner("pocEscalationBanner")
        lay.addWidget(self.banner)
        self.chat_label = QLabel()
        self.chat_text = QPlainTextEdit()
        self.chat_text.setObjectName("pocEscalationChat")
        self.chat_text.setReadOnly(True)
        self.chat_text.setTabChangesFocus(True)
        self.chat_text.setMaximumHeight(200)
        self.chat_label.setBuddy(self.chat_text)
        lay.addWidget(self.chat_label)
        lay.addWidget(self.chat_text)
        buttons = QHBoxLayout()
        self.copy = QPushButton()
        self.copy.setObjectName("pocEscalationCopy")
        self.copy.clicked.connect(lambda: copy_text(self.chat_text.toPlainText()))
        self.record = QPushButton()
        self.record.setObjectName("pocEscalationRecord")
        self.record.clicked.connect(self.record_escalation)
        self.status = wrap(QLabel())
        self.status.setObjectName("pocEscalationStatus")
        buttons.addWidget(self.copy)
        buttons.addWidget(self.record)
        buttons.addWidget(self.status, 1)
        lay.addLayout(buttons)
        lay.addStretch(1)
        ctx.historyChanged.connect(lambda _cid: self.reload())

    def count(self) -> int:
        return len(self.items)

    def retranslate(self) -> None:
        self.list_label.setText(_("Open POC &requests:"))
        self.kind_label.setText(_("&Escalation:"))
        for index, kind in enumerate(poc.ESCALATION_KINDS):
            self.kind.setItemText(index, poc.escalation_text(kind))
        self.copy.setText(_("&Copy chat text"))
        self.record.setText(_("Record the &escalation"))
        self.empty.setText(_("No open POC request for this client."))
        self.chat_text.setPlaceholderText(_("The chat text appears here once the request can be escalated."))
        self._fill_list()
        self.render()

    def reload(self) -> None:
        client = self.ctx.client
        self.items = []
        self.recorded = False
        if client is not None:
            with self.ctx.session() as s:
                self.items = history.open_poc_requests(s, client.id)
        self._fill_list()
        self.countChanged.emit(len(self.items))
        self.render()

    def _fill_list(self) -> None:
        current = max(self.requests.currentRow(), 0)
        self.requests.blockSignals(True)
        try:
            self.requests.clear()
            for item in self.items:
                when = self._appointment_text(item)
                entry = QListWidgetItem(
                    _("UTR {utr} · appointment {when} · {status}").format(
                        utr=item.utr or "—", when=when, status=self._status_text(item.status)
                    )
                )
                self.requests.addItem(entry)
            if self.items:
                self.requests.setCurrentRow(min(current, len(self.items) - 1))
        finally:
            self.requests.blockSignals(False)
        has = bool(self.items)
        self.requests.setVisible(has)
        self.list_label.setVisible(has)
        self.empty.setVisible(not has)

    @staticmethod
    def _status_text(status: str | None) -> str:
        return {
            "submitted": _("submitted"),
            "changed": _("changed"),
            "escalated": _("escalated"),
            "cancelled": _("cancelled"),
        }.get(status or "", status or "")

    @staticmethod
    def _zone(item: history.HistoryItem) -> ZoneInfo | None:
        key = item.details.get("client_tz")
        try:
            return ZoneInfo(key) if isinstance(key, str) and key else None
        except (ValueError, KeyError, OSError):
            return None

    def _appointment_text(self, item: history.HistoryItem) -> str:
        if item.appointment_at is None:
            return "—"
        tz = self._zone(item)
        return format_datetime(item.appointment_at.astimezone(tz) if tz else item.appointment_at)

    def selected(self) -> history.HistoryItem | None:
        row = self.requests.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def check(self) -> poc.EscalationCheck | None:
        item = self.selected()
        kind = self.kind.currentData()
        if item is None or item.appointment_at is None or not isinstance(kind, str):
            return None
        drive = item.details.get("drive_minutes")
        tz_key = item.details.get("client_tz")
        return poc.check_escalation(
            kind=kind,
            now=self.ctx.now(),
            utr=item.utr,
            appointment=item.appointment_at,
            drive_minutes=drive if isinstance(drive, int) else -1,
            client_tz=tz_key if isinstance(tz_key, str) else None,
        )

    def chat_message(self) -> str:
        item, result = self.selected(), self.check()
        client = self.ctx.client
        tz = self._zone(item) if item is not None else None
        if item is None or result is None or not result.ok or result.plan is None or tz is None:
            return ""
        if client is None:
            return ""
        fields = poc.poc_code_chat_fields(
            cid=client.cid,
            utr=item.utr or "",
            appointment=result.plan.appointment.astimezone(tz),
            drive_minutes=result.plan.drive_minutes,
            reason=poc.escalation_reason(result.kind, result.plan, tz, chat.CHAT_LANGUAGE),
        )
        return chat.render_chat(chat.POC_CODE, fields)

    def render(self, *_args: Any) -> None:
        has = self.selected() is not None
        for widget in (self.kind_label, self.kind, self.chat_label, self.chat_text, self.copy, self.record):
            widget.setVisible(has)
        if not has:
            self.banner.hide()
            self.status.setText("")
            return
        result = self.check()
        assert result is not None
        room = self.room().name
        self.chat_label.setText(_("Text for the chat room {room}:").format(room=room))
        if result.ok:
            self.banner.show_message(
                Tone.OK,
                _("Ready to escalate"),
                _(
                    "The ticket exists and the times were checked again. Send the text below in the chat room {room}."
                ).format(room=room),
            )
        else:
            self.banner.show_message(
                Tone.WARN,
                _("Do not escalate yet"),
                "\n".join(poc.escalation_problem_text(result, code) for code in result.problems),
            )
        message = self.chat_message()
        if self.chat_text.toPlainText() != message:
            self.chat_text.setPlainText(message)
        self.copy.setEnabled(result.ok)
        self.record.setEnabled(result.ok and not self.recorded)
        if not self.recorded:
            self.status.setText("")

    def room(self) -> ChatRoom:
        """Where a POC escalation goes now: POC and MA, Weekend Chat on weekends (SOP H8, H2)."""
        return chat_room("poc_escalation", self.ctx.now())

    def record_escalation(self) -> None:
        """Store the new status as a correction of the request and offer the note (SOP P8, N1)."""
        item, result, client = self.selected(), self.check(), self.ctx.client
        if item is None or result is None or not result.ok or client is None:
            return
        message = self.chat_message()
        room = self.room()
        status = ESCALATION_STATUS[result.kind]
        reason = poc.escalation_text(result.kind)
        desk = desk_of(self.ctx)
        entry = HistoryDraft(
            client_id=client.id,
            kind="poc_request",
            created_at=self.ctx.now(),
            agent=self.ctx.prefs.agent_name,
            summary=_("POC request {status}: {reason}").format(
                status=self._status_text(status), reason=reason
            ),
            note_text=message,
            disposition="poc_escalation",
            amount=item.amount,
            utr=item.utr,
            appointment_at=item.appointment_at,
            status=status,
            details={**item.details, "escalation": result.kind, "chat": result.chat, "room": room.room},
            corrects_id=item.id,
            sop_pack_version=self.ctx.pack.version,
        )
        # The server in team mode (off the GUI thread, the button busy meanwhile), else this store at once.
        team_jobs.run(
            self.ctx, lambda: team_route.append(self.ctx.session, desk, entry),
            lambda _item: self._recorded(item, result, client, message, room),
            key=(self, "record"), owner=self, busy=(self.record,),
        )

    def _recorded(self, item: Any, result: Any, client: Any, message: str, room: ChatRoom) -> None:
        utr, room_name, kind = item.utr or "—", room.name, result.kind

        def note_fields(language: str) -> dict[str, object]:
            """The note's sentences in ``language``, so they follow the Notes page's note language."""
            t = gettext_for(language)
            return {
                "customer_name": client.name,
                "reason": poc.escalation_text(kind, language),
                "resolution": [
                    t(_CHECKED).format(utr=utr),
                    t(_ESCALATED).format(room=room_name),
                ],
                "additional_info": "",
                "follow_up": "",
                "disposition": "poc_escalation",
            }

        self.ctx.offer_note(note_fields(current_language()), render=note_fields)
        self.ctx.update_call(
            utr=item.utr or "",
            appointment_time=self._appointment_text(item),
            drive_time=poc.drive_text(result.plan.drive_minutes) if result.plan else "",
            appointment_at=item.appointment_at,
        )
        self.ctx.historyChanged.emit(client.id)  # reloads the list: the request may no longer be open
        self.recorded = True
        self.record.setEnabled(False)
        self.status.setText(_("Recorded in the account history and sent to the Notes page."))
