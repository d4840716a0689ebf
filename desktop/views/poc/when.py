"""Step 3: the client's time zone, drive time and appointment, checked against CSG hours (SOP P2, P3, P5-P7).

The drive time is a plain field judged by the flow: what the agent typed stays
in the field and a value out of range gets a message under it (a spin box would
silently cut ``1440`` to ``144``).  "Earliest possible" says why when the
earliest slot is not today and offers the P9 path, instead of switching days
without a word.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTimeEdit,
    QWidget,
)

from desktop.i18n import (
    BABEL_LOCALES,
    QT_DATE_FORMATS,
    _,
    current_language,
    format_date,
    format_datetime,
    format_time,
)
from desktop.models import poc
from desktop.models.poc import slots as poc_slots
from desktop.models.poc import texts as pt
from desktop.models.poc.flow import PocStep
from desktop.views.context import AppContext
from desktop.views.poc.common import PocStepView, problems_html
from desktop.views.poc.timeline import PocTimeline
from desktop.views.widgets.field_row import FieldRow
from desktop.views.widgets.narrow import stack_when_narrow
from desktop.views.widgets.outcome import TONES, Tone
from desktop.views.widgets.text import esc, wrap

# Zones offered in the picker; the client's own zone is added when it is not listed.
US_ZONES: tuple[str, ...] = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "America/Adak",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Pacific/Guam",
)
FACTS = ("leave", "call_client", "call_eastern", "kind")
DRIVE_CODES = (pt.DRIVE_TIME_MISSING, pt.DRIVE_TIME_NOT_A_NUMBER, poc.INVALID_DRIVE_TIME)


class WhenView(PocStepView):
    step_id = PocStep.WHEN
    urgentRequested = Signal()  # the client needs the code now: back to the P9 choice

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        grid = QGridLayout()
        self.kind_label = QLabel()
        self.kind_label.setWordWrap(True)  # every name in the first column wraps, so the column can stay narrow
        self.kind_future = QRadioButton()
        self.kind_future.setObjectName("pocKindFuture")
        self.kind_same = QRadioButton()
        self.kind_same.setObjectName("pocKindSameDay")
        kinds = stack_when_narrow(QHBoxLayout())
        kinds.addWidget(self.kind_future)
        kinds.addWidget(self.kind_same)
        kinds.addStretch(1)
        grid.addWidget(self.kind_label, 0, 0)
        grid.addLayout(kinds, 0, 1)
        self.zone = QComboBox()
        self.zone.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.zone_row = FieldRow(self.zone, "pocTimeZone")
        self.zone_row.place(grid, 1)
        self.zone_now = wrap(QLabel())
        self.zone_now.setObjectName("pocZoneNow")
        grid.addWidget(self.zone_now, 2, 1)
        self.drive = QLineEdit()
        self.drive_row = FieldRow(self.drive, "pocDriveMinutes")
        self.drive_row.place(grid, 3)
        self.appt_label = QLabel()
        self.appt_label.setWordWrap(True)
        self.appt_date = QDateEdit()
        self.appt_date.setObjectName("pocAppointmentDate")
        self.appt_date.setCalendarPopup(True)
        self.appt_time = QTimeEdit()
        self.appt_time.setObjectName("pocAppointmentTime")
        self.appt_label.setBuddy(self.appt_date)
        self.earliest = QPushButton()
        self.earliest.setObjectName("pocEarliest")
        appt = stack_when_narrow(QHBoxLayout())
        for widget in (self.appt_date, self.appt_time, self.earliest):
            appt.addWidget(widget)
        appt.addStretch(1)
        grid.addWidget(self.appt_label, 5, 0)
        grid.addLayout(appt, 5, 1)
        self.not_today = wrap(QLabel())
        self.not_today.setObjectName("pocNotToday")
        self.urgent = QPushButton()
        self.urgent.setObjectName("pocNotTodayUrgent")
        grid.addWidget(self.not_today, 6, 1)
        grid.addWidget(self.urgent, 7, 1)
        self.fact_names: list[QLabel] = []
        self.facts: dict[str, QLabel] = {}
        for row, key in enumerate(FACTS, start=8):
            name, value = QLabel(), wrap(QLabel())
            name.setWordWrap(True)  # the names column stays narrow, so the values have room
            value.setObjectName(f"pocFact_{key}")
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.fact_names.append(name)
            self.facts[key] = value
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        self.status = wrap(QLabel())
        self.status.setObjectName("pocWhenProblems")
        self.timeline = PocTimeline()
        self.body.addWidget(self.status)
        self.body.addWidget(self.timeline)
        self.body.addStretch(1)
        self.slot: poc_slots.EarliestSlot | None = None

        self.kind_same.clicked.connect(lambda: self._pick_day(same_day=True))
        self.kind_future.clicked.connect(lambda: self._pick_day(same_day=False))
        self.zone.activated.connect(self._on_zone)
        self.drive.textEdited.connect(self._on_drive)
        self.appt_date.dateChanged.connect(self._on_appointment)
        self.appt_time.timeChanged.connect(self._on_appointment)
        self.earliest.clicked.connect(self.use_earliest)
        self.urgent.clicked.connect(self._urgent)

    # -- input ---------------------------------------------------------------
    def _client_today(self) -> date:
        tz = self.flow.client_tz if self.flow is not None else None
        now = self.ctx.now()
        return (now.astimezone(tz) if tz is not None else now).date()

    def _set_pickers(self, day: date, at: time | None = None) -> None:
        """Show a date (and time) the flow chose; signals are held so nothing is written back."""
        for picker in (self.appt_date, self.appt_time):
            picker.blockSignals(True)
        self.appt_date.setDate(QDate(day.year, day.month, day.day))
        if at is not None:
            self.appt_time.setTime(QTime(at.hour, at.minute))
        for picker in (self.appt_date, self.appt_time):
            picker.blockSignals(False)

    def _pick_day(self, *, same_day: bool) -> None:
        if self.flow is None:
            return
        self.slot = None
        day = self._client_today() + (timedelta(0) if same_day else timedelta(days=1))
        self.appt_date.setDate(QDate(day.year, day.month, day.day))

    def _on_zone(self, *_args: Any) -> None:
        if self.flow is None:
            return
        key = self.zone.currentData()
        self.flow.set_time_zone(key if isinstance(key, str) else None)
        self.changed.emit()

    def _on_drive(self, text: str) -> None:
        if self.flow is None:
            return
        self.flow.set_drive_text(text)
        self.changed.emit()

    def _on_appointment(self, *_args: Any) -> None:
        f = self.flow
        if f is None:
            return
        if f.client_tz is not None:
            qd, qt = self.appt_date.date(), self.appt_time.time()
            f.set_appointment_local(date(qd.year(), qd.month(), qd.day()), time(qt.hour(), qt.minute()))
        self.changed.emit()

    def use_earliest(self) -> None:
        """The earliest appointment CSG can serve (SOP P2, P6, P7), and why when it is not today (P3)."""
        f = self.flow
        if f is None:
            return
        self.slot = f.earliest_slot()
        value = f.use_earliest()
        if value is not None:
            self._set_pickers(value.date(), value.time())
        self.changed.emit()

    def _urgent(self) -> None:
        if self.flow is not None:
            self.flow.needs_code_now = True
            self.urgentRequested.emit()

    # -- StepView hooks ------------------------------------------------------
    def reset(self) -> None:
        self.slot = None
        self.drive.clear()
        self.kind_future.setChecked(True)
        self._fill_zones()
        tomorrow = self._client_today() + timedelta(days=1)
        self._set_pickers(tomorrow, time(10, 0))

    def _fill_zones(self) -> None:
        self.zone.clear()
        keys = list(US_ZONES)
        own = self.flow.client_tz.key if self.flow is not None and self.flow.client_tz is not None else None
        if own and own not in keys:
            keys.insert(0, own)
        self.zone.addItem(_("Choose…"), None)
        for key in keys:
            self.zone.addItem(poc.zone_label(ZoneInfo(key)), key)
        self.zone.setCurrentIndex(max(self.zone.findData(own), 0) if own else 0)

    def retranslate(self) -> None:
        self.set_heading(_("3. When"), _("Appointment, drive time and the CSG call window."))
        self.kind_label.setText(_("Request:"))
        self.kind_future.setText(_("F&uture day"))
        self.kind_same.setText(_("Sa&me day"))
        self.zone_row.set_label(_("Client &time zone:"))
        for index in range(self.zone.count()):
            key = self.zone.itemData(index)
            self.zone.setItemText(
                index, poc.zone_label(ZoneInfo(key)) if isinstance(key, str) else _("Choose…")
            )
        self.drive_row.set_label(_("&Drive time, vehicle to service center (minutes):"))
        self.drive.setPlaceholderText(_("not asked yet"))
        self.appt_label.setText(_("&Appointment (client time):"))
        language = current_language()
        for picker in (self.appt_date, self.appt_time):
            picker.setLocale(QLocale(BABEL_LOCALES[language]))
        # Weekday spelled out: agents confirm "Monday the 23rd", not "11/23".
        self.appt_date.setDisplayFormat(QT_DATE_FORMATS["weekday"])  # month first in both (es_US)
        self.appt_time.setDisplayFormat("h:mm AP" if language == "en" else "h:mm ap")
        self.appt_time.setAccessibleName(_("Appointment time"))
        self.earliest.setText(_("&Earliest possible"))
        self.urgent.setText(_("The client needs the code &now (SOP P9)"))
        names = (_("Client leaves at:"), _("CSG calls (client time):"), _("CSG calls (Eastern):"), _("Type:"))
        for label, text in zip(self.fact_names, names, strict=True):
            label.setText(text)

    def refresh(self) -> None:
        f = self.flow
        if f is None:
            return
        now, tz = self.ctx.now(), f.client_tz
        self.zone_now.setText(
            _("now there: {time}").format(time=format_time(now.astimezone(tz))) if tz else ""
        )
        self.earliest.setEnabled(f.earliest() is not None)
        codes = f.blockers(self.step_id)
        drive = next((c for c in codes if c in DRIVE_CODES and c != pt.DRIVE_TIME_MISSING), None)
        self.drive_row.show_error(pt.blocker_text(drive) if drive else None)
        slot = self.slot if self.slot is not None and f.appointment == self.slot.appointment else None
        explained = poc_slots.explain(slot, current_language()) if slot is not None else ""
        self.not_today.setText(explained)
        self.not_today.setVisible(bool(explained))
        self.urgent.setVisible(bool(explained))
        self._render_plan(now)
        listed = [c for c in codes if c != drive]
        if listed:
            self.status.setText(problems_html(listed))
        else:
            ok = TONES[Tone.OK]
            words = esc(_("CSG can make this call inside its hours. You can continue."))
            self.status.setText(f"<span style='color:{ok.foreground}'><b>{ok.glyph} {words}</b></span>")
        self.timeline.set_state(now=now, plan=f.plan(), client_tz=tz)

    def _render_plan(self, now: datetime) -> None:
        f = self.flow
        assert f is not None
        plan, tz = f.plan(), f.client_tz
        if plan is None or tz is None:
            for value in self.facts.values():
                value.setText("—")
            return
        eastern = plan.call_from.astimezone(poc.CSG_TZ)
        self.facts["leave"].setText(format_datetime(plan.leave_at.astimezone(tz)))
        window = _("{date}, {start} to {end}")
        self.facts["call_client"].setText(
            window.format(
                date=format_date(plan.call_from.astimezone(tz).date()),
                start=format_time(plan.call_from.astimezone(tz)),
                end=format_time(plan.call_to.astimezone(tz)),
            )
        )
        self.facts["call_eastern"].setText(
            window.format(
                date=format_date(eastern.date()),
                start=format_time(eastern),
                end=format_time(plan.call_to.astimezone(poc.CSG_TZ)),
            )
        )
        self.facts["kind"].setText(_("Same-day request") if plan.same_day else _("Future request"))
        (self.kind_same if plan.same_day else self.kind_future).setChecked(True)
