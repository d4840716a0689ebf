"""Step 1: every condition before the code (SOP M2-M6), or the note when the code is refused (N1, N4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, current_language
from desktop.models import override as rules
from desktop.models.override.flow import ROUTE_P9, OverrideStep
from desktop.views.context import AppContext
from desktop.views.override.appointment import AppointmentBox, HistoryAppointment
from desktop.views.override.common import OverrideStepView, client_zone, status_html
from desktop.views.widgets.field_row import FieldRow
from desktop.views.widgets.narrow import stack_when_narrow
from desktop.views.widgets.text import heading, wrap
from desktop.views.widgets.wrapping import WrapCheckBox


class PreconditionsView(OverrideStepView):
    step_id = OverrideStep.PRECONDITIONS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.route_line = wrap(QLabel())
        self.route_line.setObjectName("overrideRoute")
        self.body.addWidget(self.route_line)
        columns = stack_when_narrow(QHBoxLayout())
        left = QVBoxLayout()
        self.confirm_client = WrapCheckBox()
        self.confirm_client.setObjectName("confirmClient")
        self.inbound = WrapCheckBox()
        self.inbound.setObjectName("inboundCall")
        self.perm = WrapCheckBox()
        self.perm.setObjectName("permLockout")
        self.with_vehicle = WrapCheckBox()
        self.with_vehicle.setObjectName("withVehicle")
        self.ready = WrapCheckBox()
        self.ready.setObjectName("readyToDrive")
        self.lockout = QLineEdit()
        self.lockout.setMaxLength(8)
        self.lockout_row = FieldRow(self.lockout, "lockoutCode")
        grid = QGridLayout()
        self.lockout_row.place_above(grid, 0)  # the label reads in one or two lines, not one word a line
        for box in (self.confirm_client, self.inbound, self.perm):
            left.addWidget(box)
        left.addLayout(grid)
        left.addWidget(self.with_vehicle)
        left.addWidget(self.ready)
        self.appointment = AppointmentBox()
        left.addWidget(self.appointment)
        left.addStretch(1)

        right = QVBoxLayout()
        self.status_title = QLabel()
        self.status = wrap(QLabel())
        self.status.setObjectName("preconditionStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.refuse = QPushButton()
        self.refuse.setObjectName("draftRefusalNote")
        self.refuse.clicked.connect(self.draft_refusal_note)
        self.refused_line = wrap(QLabel())
        self.refused_line.setObjectName("refusalNoteStatus")
        right.addWidget(self.status_title)
        right.addWidget(self.status)
        right.addWidget(self.refuse, 0, Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.refused_line)
        right.addStretch(1)  # the status keeps the height of its words; taller, it only pushes the button away
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.body.addLayout(columns, 1)

        for box in (self.confirm_client, self.inbound, self.perm, self.with_vehicle, self.ready):
            box.clicked.connect(self._write)
        self.lockout.textEdited.connect(self._write)
        self.appointment.edited.connect(self._write)
        self._refusal_offered = False

    def _write(self, *_args: Any) -> None:
        f = self.flow
        if f is None:
            return
        f.client_confirmed = self.confirm_client.isChecked()  # SOP M2
        f.inbound_call = self.inbound.isChecked()  # SOP M3
        f.perm_lockout = self.perm.isChecked()  # SOP M4
        f.lockout_code = self.lockout.text()  # SOP M4
        f.with_vehicle = self.with_vehicle.isChecked()  # SOP M6
        f.ready_to_drive = self.ready.isChecked()  # SOP M6
        f.appointment, _problem = self.appointment.chosen()  # SOP M5
        self._refusal_offered = False
        self.changed.emit()

    def draft_refusal_note(self) -> None:
        """The code is not given: the note says why, on the Notes page (SOP N1, N4)."""
        f, client = self.flow, self.ctx.client
        if f is None or client is None or not f.precondition_blockers():
            return
        note: dict[str, Any] = dict(f.refusal_note_fields(current_language()))
        note["customer_name"] = client.name
        self.ctx.offer_note(note, render=f.refusal_note_fields)
        self._refusal_offered = True
        self.changed.emit()

    # -- StepView hooks --------------------------------------------------------
    def reset(self) -> None:
        for box in (self.confirm_client, self.inbound, self.perm, self.with_vehicle, self.ready):
            box.setChecked(False)
        self.lockout.clear()
        self._refusal_offered = False
        self.appointment.reset(self._upcoming(), client_zone(self.ctx.client))

    def _upcoming(self) -> list[HistoryAppointment]:
        """Appointments still ahead in the client's history (SOP M5)."""
        from desktop.models.store import history

        client = self.ctx.client
        if client is None:
            return []
        with self.ctx.session() as session:
            items = history.current(history.timeline(session, client.id))
        now: datetime = self.ctx.now()
        return sorted(
            {
                (item.appointment_at, item.summary, str(item.details.get("appointment_kind", "")))
                for item in items
                if item.appointment_at is not None and item.appointment_at > now
            }
        )

    def first_field(self) -> QWidget:
        return self.confirm_client

    def retranslate(self) -> None:
        self.set_heading(
            _("1. Before the code"), _("Every condition must be met before the override code can be shown.")
        )
        self.confirm_client.setText(_("Caller &confirmed the Client ID and full name shown"))
        self.inbound.setText(_("&Inbound call: the client called us"))
        self.perm.setText(_("Device shows &PERM lockout"))
        self.lockout_row.set_label(_("Device &lockout code (4 digits):"))
        self.lockout.setPlaceholderText(_("e.g. 4821"))
        self.with_vehicle.setText(_("Client is &with the vehicle"))
        self.ready.setText(_("Client is &ready to drive to the service center now"))
        self.status_title.setText(heading(_("What is still missing")))
        self.refuse.setText(_("Code &not given: draft the note"))
        self.appointment.retranslate(self.flow)

    def refresh(self) -> None:
        f = self.flow
        if f is None:
            return
        self.route_line.setVisible(f.route == ROUTE_P9)
        self.route_line.setText(
            _(
                "{brand} client under the urgent/after-hours rule (SOP P9): the same conditions apply "
                "before the code."
            ).format(brand=f.brand_label)
        )
        self.appointment.refresh(f)
        text = self.lockout.text()
        self.lockout_row.show_error(
            _("The lockout code is exactly four digits, 0-9, without spaces.")
            if text and not rules.is_valid_lockout_code(text)
            else None
        )
        blockers = f.precondition_blockers()
        self.status.setText(status_html(f, blockers, _("All conditions met: go on to the price.")))
        self.refuse.setEnabled(bool(blockers))
        self.refused_line.setText(
            _("Note drafted on the Notes page: the code was not given.") if self._refusal_offered else ""
        )
        self.refused_line.setVisible(self._refusal_offered)
