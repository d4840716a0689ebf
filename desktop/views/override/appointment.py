"""The appointment the code is given for (SOP M5, M11): picked from history or entered, never invented.

Nothing is pre-filled: the agent picks an upcoming appointment from the client's
history, or enters the one just booked (type, date, time).  Until then there is
no appointment, so one tick cannot "confirm" an appointment nobody entered.
Dates and times are read in the UI language's format (babel), in the client's
time zone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import parse_date, parse_time
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
)

from desktop.i18n import _, babel_locale, date_pattern, format_datetime
from desktop.models import override as rules
from desktop.models.override import texts
from desktop.models.override.flow import Appointment, OverrideFlow
from desktop.views.widgets.field_row import FieldRow, error_label
from desktop.views.widgets.text import heading, wrap
from desktop.views.widgets.wrapping import WrapCheckBox, WrapRadioButton

#: An upcoming appointment read from history: when, its summary, its kind code.
HistoryAppointment = tuple[datetime, str, str]


class AppointmentBox(QGroupBox):
    """Choose or enter the appointment; ``edited`` fires on every change the agent makes."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("appointmentBox")
        self.upcoming: list[HistoryAppointment] = []
        self.zone = ZoneInfo("UTC")
        self.from_history = WrapRadioButton()
        self.from_history.setObjectName("appointmentModeHistory")
        self.enter_one = WrapRadioButton()
        self.enter_one.setObjectName("appointmentModeEnter")
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.from_history)
        self.mode.addButton(self.enter_one)
        self.history = QComboBox()
        # Entries are whole sentences: the box may be narrower than the longest (its list is not).
        self.history.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.history.setMinimumContentsLength(16)
        self.history_row = FieldRow(self.history, "appointmentFromHistory")
        #: Said in words, not as the only entry of a disabled box, so it wraps in a narrow column.
        self.none_upcoming = wrap(QLabel())
        self.none_upcoming.setObjectName("appointmentNoneUpcoming")
        self.kind = QComboBox()
        self.kind.addItem("", None)
        for kind in rules.APPOINTMENT_KINDS:
            self.kind.addItem("", kind.code)
        self.kind_row = FieldRow(self.kind, "appointmentKind")
        self.date_row = FieldRow(QLineEdit(), "appointmentDate")
        self.time_row = FieldRow(QLineEdit(), "appointmentTime")
        self.detail_row = FieldRow(QLineEdit(), "appointmentDetail")
        self.booking = wrap(QLabel())
        self.booking.setObjectName("appointmentBooking")
        self.confirmed = WrapCheckBox()
        self.confirmed.setObjectName("appointmentConfirmed")
        self.error = error_label("appointmentError")
        #: The box's title as a wrapping label: a group box title never wraps and would set the step's width.
        self.title_label = wrap(QLabel())
        self.title_label.setObjectName("appointmentTitle")
        grid = QGridLayout(self)
        grid.addWidget(self.title_label, 0, 0, 1, 2)
        grid.addWidget(self.from_history, 1, 0, 1, 2)
        row = self.history_row.place_above(grid, 2)
        grid.addWidget(self.none_upcoming, 3, 0, 1, 2)  # in the box's place when there is nothing to pick
        grid.addWidget(self.enter_one, row, 0, 1, 2)
        for field_row in (self.kind_row, self.date_row, self.time_row, self.detail_row):
            row = field_row.place(grid, row + 1) - 1
        grid.addWidget(self.booking, row + 1, 0, 1, 2)
        grid.addWidget(self.confirmed, row + 2, 0, 1, 2)
        grid.addWidget(self.error, row + 3, 0, 1, 2)
        # Only what the agent does writes to the flow, so rendering never feeds back.
        self.mode.buttonClicked.connect(self._edited)
        self.history.activated.connect(self._edited)
        self.kind.activated.connect(self._edited)
        for field in (self.date, self.time, self.detail):
            field.textEdited.connect(self._edited)
        self.confirmed.clicked.connect(self._edited)

    @property
    def date(self) -> QLineEdit:
        assert isinstance(self.date_row.field, QLineEdit)
        return self.date_row.field

    @property
    def time(self) -> QLineEdit:
        assert isinstance(self.time_row.field, QLineEdit)
        return self.time_row.field

    @property
    def detail(self) -> QLineEdit:
        assert isinstance(self.detail_row.field, QLineEdit)
        return self.detail_row.field

    def _edited(self, *_args: Any) -> None:
        self.edited.emit()

    # -- state ----------------------------------------------------------------------
    def reset(self, upcoming: list[HistoryAppointment], zone: ZoneInfo) -> None:
        self.upcoming = upcoming
        self.zone = zone
        self.mode.setExclusive(False)
        for button in (self.from_history, self.enter_one):
            button.setChecked(False)
        self.mode.setExclusive(True)
        self.kind.setCurrentIndex(0)
        for field in (self.date, self.time, self.detail):
            field.clear()
        self.confirmed.setChecked(False)
        self._fill_history()

    def _fill_history(self) -> None:
        chosen = self.history.currentIndex()
        self.history.clear()
        if self.upcoming:
            self.history.addItem(_("Choose an appointment…"), None)
            for index, (at, summary, _kind) in enumerate(self.upcoming):
                when = format_datetime(at.astimezone(self.zone))
                self.history.addItem(_("{when} — {summary}").format(when=when, summary=summary), index)
            self.history.setCurrentIndex(max(0, chosen))
        else:
            self.history.addItem(_("No upcoming appointment in the client's history"), None)
        self.none_upcoming.setText(_("No upcoming appointment in the client's history"))
        self.history.setVisible(bool(self.upcoming))
        self.none_upcoming.setVisible(not self.upcoming)

    def entered_at(self) -> tuple[datetime | None, str]:
        """The typed date and time in the client's zone, or None and what is wrong with them."""
        date_text, time_text = self.date.text().strip(), self.time.text().strip()
        if not date_text or not time_text:
            return None, ""
        locale = babel_locale()
        try:
            day = parse_date(date_text, locale, format=date_pattern("short"))  # month first (es_US)
            clock = parse_time(time_text, locale)
        except (ValueError, IndexError, TypeError, OverflowError):  # babel overflows on 20-digit hours
            return None, _("Type the date as {pattern} and the time as 3:30 PM or 15:30.").format(
                pattern=date_pattern("short")
            )
        return datetime(day.year, day.month, day.day, clock.hour, clock.minute, tzinfo=self.zone), ""

    def chosen(self) -> tuple[Appointment | None, str]:
        """The appointment the agent picked or entered and confirmed, and any message for the box."""
        if self.from_history.isChecked():
            index = self.history.currentData()
            if index is None:
                return None, ""
            at, summary, kind = self.upcoming[int(index)]
            valid = kind if kind in {k.code for k in rules.APPOINTMENT_KINDS} else "other"
            appointment = Appointment(at=at.astimezone(self.zone), kind=valid, detail=summary)
            return (appointment if self.confirmed.isChecked() else None), ""
        if not self.enter_one.isChecked():
            return None, ""
        kind = self.kind.currentData()
        entered, problem = self.entered_at()
        if problem:
            return None, problem
        if kind is None or entered is None:
            return None, ""
        try:
            rules.appointment_booking(str(kind), self.detail.text())  # SOP M11
        except ValueError:
            return None, _("An “Other” appointment needs a description.")
        appointment = Appointment(at=entered, kind=str(kind), scheduled_here=True, detail=self.detail.text())
        return (appointment if self.confirmed.isChecked() else None), ""

    # -- texts and rendering ----------------------------------------------------------
    def retranslate(self, flow: OverrideFlow | None) -> None:
        title = _("Appointment (must be set before the code)")
        self.title_label.setText(heading(title))
        self.setAccessibleName(title)
        self.from_history.setText(_("Appointment from the client's &history"))
        self.enter_one.setText(_("&Enter the appointment booked for the client"))
        self.history_row.set_label(_("Upcoming:"))
        self.history.setAccessibleName(_("Appointment from history"))
        self.kind_row.set_label(_("&Type:"))
        self.kind.setItemText(0, _("Choose…"))
        for index, kind in enumerate(rules.APPOINTMENT_KINDS, start=1):
            self.kind.setItemText(index, _(kind.label))
        pattern = date_pattern("short")
        self.date_row.set_label(_("&Date ({pattern}):").format(pattern=pattern))
        self.time_row.set_label(_("T&ime (client's time):"))
        self.time.setPlaceholderText(_("e.g. 3:30 PM"))
        self.detail_row.set_label(_("D&escription:"))
        self.confirmed.setAccessibleName(_("Appointment confirmed"))
        self._fill_history()
        self.refresh(flow)

    def refresh(self, flow: OverrideFlow | None) -> None:
        m9 = flow is not None and flow.brand == "m9"
        entering = self.enter_one.isChecked()
        self.history.setEnabled(bool(self.upcoming) and self.from_history.isChecked())
        for field in (self.kind, self.date, self.time, self.detail):
            field.setEnabled(entering)
        self.detail.setPlaceholderText(
            _("Optional details for the M9 description") if m9 else _("Optional details")
        )
        if entering and m9:
            self.confirmed.setText(_("Appointment scheduled in &M9 and read back to the client"))
        elif entering:
            self.confirmed.setText(_("Appointment booked and read back to the &client"))
        else:
            self.confirmed.setText(_("Appointment c&onfirmed with the client"))
        self.booking.setText(self._booking_text(flow) if entering else "")
        self.booking.setVisible(entering and bool(self.booking.text()))
        _appointment, problem = self.chosen()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))

    def _booking_text(self, flow: OverrideFlow | None) -> str:
        if flow is None:
            return ""
        if flow.brand != "m9":  # SOP P10, M1: the seeds describe M9 booking only
            return texts.not_documented("booking", flow.brand_label)
        kind = self.kind.currentData()
        if kind is None:
            return ""
        try:
            booking = rules.appointment_booking(str(kind), self.detail.text())
        except ValueError:
            return _("In M9: type “Other”; write what the appointment is for.")
        if booking.description:  # SOP M11: the kind goes into the description
            return _("In M9: type “{type}”, description “{description}”.").format(
                type=booking.m9_type, description=booking.description
            )
        return _("In M9: type “{type}”.").format(type=booking.m9_type)
