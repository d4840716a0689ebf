"""POC request wizard (issue 4): schedule a permanent-lockout override inside CSG hours.

Why the page holds no rules: CSG hours, lead time, call window and the step
order live in :mod:`desktop.models.poc` and :class:`desktop.models.poc_flow.PocFlow`.
This page collects what the agent hears on the call, shows the flow's state
live (plain words, a timeline in both clocks) and keeps Next disabled while
the flow has a blocker.  A second tab lists the client's open requests and
builds the POC CODE chat for an escalation (SOP P8, H2, H4).
"""

from __future__ import annotations

import html
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from desktop.i18n import (
    BABEL_LOCALES,
    LANGUAGES,
    _,
    current_language,
    format_date,
    format_datetime,
    format_money,
    format_time,
    parse_money,
)
from desktop.models import chat, history, poc
from desktop.models import poc_flow as pf
from desktop.models.clients import ClientInfo
from desktop.models.notes import NoteDraft, compose_note
from desktop.models.poc_flow import PocFlow
from desktop.views.context import AppContext
from desktop.views.page import Page
from desktop.views.poc_timeline import PocTimeline
from desktop.views.status_bar import csg_status_text
from desktop.views.wizard_parts import RestartingWizard, StepPage
from desktop.views.wizard_parts import error_label as _error_label
from desktop.views.wizard_parts import wrap as _wrap

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

# kind -> (background, foreground, icon, mark).  Colour never stands alone.
BANNER_STYLE: dict[str, tuple[str, str, QStyle.StandardPixmap, str]] = {
    "ok": ("#e6f4ea", "#1e6b34", QStyle.StandardPixmap.SP_DialogApplyButton, "✔"),
    "stop": ("#fdecea", "#a01c1c", QStyle.StandardPixmap.SP_MessageBoxCritical, "✖"),
    "warn": ("#fff4e0", "#8a5300", QStyle.StandardPixmap.SP_MessageBoxWarning, "▲"),
    "route": ("#e8f0fe", "#1a4f9c", QStyle.StandardPixmap.SP_ArrowForward, "➜"),
}

# What an escalation does to the stored request (see docs/VIEWS.md, History).
ESCALATION_STATUS: dict[str, str] = {
    poc.ESCALATION_MISSED_CALL: "escalated",
    poc.ESCALATION_NO_CALL: "escalated",
    poc.ESCALATION_CHANGE: "changed",
    poc.ESCALATION_CANCEL: "cancelled",
}

OVERRIDE_PAGE_ID = "override"


def _esc(text: str) -> str:
    """Escape for rich-text labels; quotes stay readable (they are never in attributes)."""
    return html.escape(text, quote=False)




def _problems_html(lines: list[str]) -> str:
    title = _esc(_("Still needed:"))
    items = "".join(f"<li>{_esc(line)}</li>" for line in lines)
    return f"<span style='color:#8a5300'><b>▲ {title}</b></span><ul style='margin-left:-20px'>{items}</ul>"


def _copy(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None and text:
        clipboard.setText(text)


class Banner(QFrame):
    """A coloured outcome box with an icon and a word (never colour alone)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        lay = QHBoxLayout(self)
        self.icon = QLabel()
        self.text = _wrap(QLabel())
        self.text.setObjectName(f"{name}Text")
        lay.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.text, 1)
        self.kind = ""

    def show_message(self, kind: str, headline: str, body: str = "") -> None:
        background, foreground, icon, mark = BANNER_STYLE[kind]
        self.kind = kind
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ background: {background}; border: 2px solid {foreground};"
            f" border-radius: 6px; }} QLabel {{ color: {foreground}; background: transparent; border: none; }}"
        )
        self.icon.setPixmap(self.style().standardIcon(icon).pixmap(28, 28))
        text = f"<b>{mark} {_esc(headline)}</b>"
        if body:
            text += "<br>" + _esc(body).replace("\n", "<br>")
        self.text.setText(text)
        self.setAccessibleName(headline)
        self.show()



class _StepPage(StepPage):
    owner: PocPage

    def __init__(self, owner: PocPage, step: str) -> None:
        super().__init__(owner, step, "pocStep")

    def initializePage(self) -> None:
        self.owner.enter_step(self.step)

    def validatePage(self) -> bool:
        return self.owner.leave_step(self.step)


class PocPage(Page):
    page_id = "poc"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.flow: PocFlow | None = None
        self.saved = False
        self._syncing = False
        self._utr_touched = False
        self._fee_touched = False

        self.client_card = _wrap(QLabel())
        self.client_card.setObjectName("pocClientCard")

        self.stack = QStackedWidget()
        self.message = _wrap(QLabel())
        self.message.setObjectName("pocMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.message)

        self.wizard = RestartingWizard()
        self.wizard.setObjectName("pocWizard")
        self.wizard.setWindowFlags(Qt.WindowType.Widget)
        self.wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.wizard.setOption(QWizard.WizardOption.NoCancelButton)
        self.wizard.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.wizard.restartRequested.connect(self.start_over)
        self.wizard.currentIdChanged.connect(self._on_wizard_page)
        self.pages: dict[str, _StepPage] = {step: _StepPage(self, step) for step in pf.STEPS}
        self._build_route()
        self._build_eligibility()
        self._build_when()
        self._build_utr()
        self._build_checklist()
        self._build_note()
        for step in pf.STEPS:
            self.wizard.addPage(self.pages[step])
        self.stack.addWidget(self.wizard)

        self.escalations = PocEscalationPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("pocTabs")
        self.tabs.addTab(self.stack, "")
        self.tabs.addTab(self.escalations, "")
        self.escalations.countChanged.connect(self._retitle_tabs)

        layout = QVBoxLayout(self)
        layout.addWidget(self.client_card)
        layout.addWidget(self.tabs, 1)

        # The clock moves: re-check "too soon" and CSG hours while the agent talks.
        self.timer = QTimer(self)
        self.timer.setInterval(30_000)
        self.timer.timeout.connect(self.refresh_live)
        self.timer.start()
        ctx.packChanged.connect(self.start_over)
        ctx.prefsChanged.connect(self._render_route)
        self.finish_init()

    @staticmethod
    def title() -> str:
        return _("POC request")

    # ------------------------------------------------------------------ building
    def _build_route(self) -> None:
        lay = self.pages[pf.STEP_ROUTE].layout_
        self.route_banner = Banner("pocRouteBanner")
        lay.addWidget(self.route_banner)
        self.to_override = QPushButton()
        self.to_override.setObjectName("pocToOverride")
        self.to_override.clicked.connect(lambda: self.ctx.navigateRequested.emit(OVERRIDE_PAGE_ID))
        lay.addWidget(self.to_override, 0, Qt.AlignmentFlag.AlignLeft)

        # SOP P9: urgent or after hours
        self.p9_group = QGroupBox()
        self.p9_group.setObjectName("pocUrgentGroup")
        g = QVBoxLayout(self.p9_group)
        self.csg_status = _wrap(QLabel())
        self.csg_status.setObjectName("pocCsgStatus")
        g.addWidget(self.csg_status)
        self.urgent = QCheckBox()
        self.urgent.setObjectName("pocUrgent")
        self.urgent.toggled.connect(self._render_route)
        g.addWidget(self.urgent)
        self.p9_sop = QCheckBox()
        self.p9_sop.setObjectName("pocUrgentSopConfirmed")
        self.p9_sop.toggled.connect(self._on_p9_sop)
        g.addWidget(self.p9_sop)
        self.p9_banner = Banner("pocUrgentDecision")
        g.addWidget(self.p9_banner)
        self.p9_override = QPushButton()
        self.p9_override.setObjectName("pocUrgentToOverride")
        self.p9_override.clicked.connect(lambda: self.ctx.navigateRequested.emit(OVERRIDE_PAGE_ID))
        g.addWidget(self.p9_override, 0, Qt.AlignmentFlag.AlignLeft)
        self.p9_text_label = QLabel()
        self.p9_text = QPlainTextEdit()
        self.p9_text.setObjectName("pocLeadershipText")
        self.p9_text.setReadOnly(True)
        self.p9_text.setTabChangesFocus(True)
        self.p9_text.setMaximumHeight(110)
        self.p9_text_label.setBuddy(self.p9_text)
        self.p9_copy = QPushButton()
        self.p9_copy.setObjectName("pocLeadershipCopy")
        self.p9_copy.clicked.connect(lambda: _copy(self.p9_text.toPlainText()))
        g.addWidget(self.p9_text_label)
        g.addWidget(self.p9_text)
        g.addWidget(self.p9_copy, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.p9_group)
        lay.addStretch(1)

    def _build_eligibility(self) -> None:
        lay = self.pages[pf.STEP_ELIGIBILITY].layout_
        self.perm = QCheckBox()
        self.perm.setObjectName("pocPermLockout")
        self.perm.toggled.connect(self._on_eligibility)
        lay.addWidget(self.perm)
        self.state_info = _wrap(QLabel())
        self.state_info.setObjectName("pocStateInfo")
        lay.addWidget(self.state_info)
        self.sop_confirmed = QCheckBox()
        self.sop_confirmed.setObjectName("pocSopConfirmed")
        self.sop_confirmed.toggled.connect(self._on_eligibility)
        lay.addWidget(self.sop_confirmed)

        fee_row = QHBoxLayout()
        self.fee_label = QLabel()
        self.fee = QLineEdit()
        self.fee.setObjectName("pocFee")
        self.fee_label.setBuddy(self.fee)
        self.fee.textEdited.connect(self._on_fee_edited)
        fee_row.addWidget(self.fee_label)
        fee_row.addWidget(self.fee, 1)
        lay.addLayout(fee_row)
        self.fee_error = _error_label("pocFeeError")
        lay.addWidget(self.fee_error)
        self.quoted = QCheckBox()
        self.quoted.setObjectName("pocQuoted")
        self.quoted.toggled.connect(self._on_eligibility)
        lay.addWidget(self.quoted)

        self.stop_banner = Banner("pocStopBanner")
        lay.addWidget(self.stop_banner)
        self.eligibility_problems = _wrap(QLabel())
        self.eligibility_problems.setObjectName("pocEligibilityProblems")
        lay.addWidget(self.eligibility_problems)
        lay.addStretch(1)

    def _build_when(self) -> None:
        lay = self.pages[pf.STEP_WHEN].layout_
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)

        kind_row = QHBoxLayout()
        self.kind_future = QRadioButton()
        self.kind_future.setObjectName("pocKindFuture")
        self.kind_same = QRadioButton()
        self.kind_same.setObjectName("pocKindSameDay")
        self.kind_future.setChecked(True)
        self.kind_same.toggled.connect(self._on_kind)
        kind_row.addWidget(self.kind_future)
        kind_row.addWidget(self.kind_same)
        kind_row.addStretch(1)
        self.kind_label = QLabel()
        grid.addWidget(self.kind_label, 0, 0)
        grid.addLayout(kind_row, 0, 1)

        self.zone_label = QLabel()
        self.zone = QComboBox()
        self.zone.setObjectName("pocTimeZone")
        self.zone_label.setBuddy(self.zone)
        self.zone.currentIndexChanged.connect(self._on_zone)
        self.zone_now = _wrap(QLabel())
        self.zone_now.setObjectName("pocZoneNow")
        self.zone.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        zone_row = QHBoxLayout()
        zone_row.addWidget(self.zone)
        zone_row.addWidget(self.zone_now, 1)
        grid.addWidget(self.zone_label, 1, 0)
        grid.addLayout(zone_row, 1, 1)

        self.drive_label = QLabel()
        self.drive = QSpinBox()
        self.drive.setObjectName("pocDriveMinutes")
        self.drive.setRange(-1, poc.MAX_DRIVE_MINUTES)
        self.drive.setValue(-1)
        self.drive.setSingleStep(5)
        self.drive_label.setBuddy(self.drive)
        self.drive.valueChanged.connect(self._on_drive)
        drive_row = QHBoxLayout()
        drive_row.addWidget(self.drive)
        drive_row.addStretch(1)
        grid.addWidget(self.drive_label, 2, 0)
        grid.addLayout(drive_row, 2, 1)

        self.appt_label = QLabel()
        self.appt_date = QDateEdit()
        self.appt_date.setObjectName("pocAppointmentDate")
        self.appt_date.setCalendarPopup(True)
        self.appt_time = QTimeEdit()
        self.appt_time.setObjectName("pocAppointmentTime")
        self.appt_label.setBuddy(self.appt_date)
        self.appt_date.dateChanged.connect(self._on_appointment_edited)
        self.appt_time.timeChanged.connect(self._on_appointment_edited)
        self.earliest = QPushButton()
        self.earliest.setObjectName("pocEarliest")
        self.earliest.clicked.connect(self.use_earliest)
        appt_row = QHBoxLayout()
        appt_row.addWidget(self.appt_date)
        appt_row.addWidget(self.appt_time)
        appt_row.addWidget(self.earliest)
        appt_row.addStretch(1)
        grid.addWidget(self.appt_label, 3, 0)
        grid.addLayout(appt_row, 3, 1)

        self.fact_names: list[QLabel] = []
        self.fact_values: dict[str, QLabel] = {}
        for row, key in enumerate(("leave", "call_client", "call_eastern", "kind"), start=4):
            name = QLabel()
            value = _wrap(QLabel())
            value.setObjectName(f"pocFact_{key}")
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.fact_names.append(name)
            self.fact_values[key] = value
        lay.addLayout(grid)

        self.when_status = _wrap(QLabel())
        self.when_status.setObjectName("pocWhenProblems")
        lay.addWidget(self.when_status)
        self.timeline = PocTimeline()
        lay.addWidget(self.timeline)
        lay.addStretch(1)

    def _build_utr(self) -> None:
        lay = self.pages[pf.STEP_UTR].layout_
        self.ticket_label = QLabel()
        self.ticket = QPlainTextEdit()
        self.ticket.setObjectName("pocTicketText")
        self.ticket.setTabChangesFocus(True)
        self.ticket_label.setBuddy(self.ticket)
        self.ticket.textChanged.connect(self._on_ticket_edited)
        lay.addWidget(self.ticket_label)
        lay.addWidget(self.ticket, 1)
        buttons = QHBoxLayout()
        self.copy_ticket = QPushButton()
        self.copy_ticket.setObjectName("pocCopyTicket")
        self.copy_ticket.clicked.connect(lambda: _copy(self.ticket.toPlainText()))
        self.regenerate = QPushButton()
        self.regenerate.setObjectName("pocRegenerateTicket")
        self.regenerate.clicked.connect(self._regenerate_ticket)
        buttons.addWidget(self.copy_ticket)
        buttons.addWidget(self.regenerate)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        utr_row = QHBoxLayout()
        self.utr_label = QLabel()
        self.utr = QLineEdit()
        self.utr.setObjectName("pocUtr")
        self.utr_label.setBuddy(self.utr)
        self.utr.textEdited.connect(self._on_utr_edited)
        utr_row.addWidget(self.utr_label)
        utr_row.addWidget(self.utr, 1)
        lay.addLayout(utr_row)
        self.utr_error = _error_label("pocUtrError")
        lay.addWidget(self.utr_error)
        self.pages[pf.STEP_UTR].registerField("utr*", self.utr)

    def _build_checklist(self) -> None:
        lay = self.pages[pf.STEP_CHECKLIST].layout_
        self.checklist_intro = _wrap(QLabel())
        lay.addWidget(self.checklist_intro)
        self.checks: list[QCheckBox] = []
        for index in range(len(pf.CHECKLIST_ITEMS)):
            box = QCheckBox()
            box.setObjectName(f"pocCheck{index}")
            box.toggled.connect(lambda checked, i=index: self._on_tick(i, checked))
            lay.addWidget(box)
            self.checks.append(box)
        self.expect_title = QLabel()
        lay.addWidget(self.expect_title)
        lang_row = QHBoxLayout()
        self.script_lang_info = _wrap(QLabel())
        self.script_lang_info.setObjectName("pocScriptLanguage")
        self.script_toggle = QPushButton()
        self.script_toggle.setObjectName("pocScriptToggle")
        self.script_toggle.clicked.connect(self._toggle_script)
        lang_row.addWidget(self.script_lang_info, 1)
        lang_row.addWidget(self.script_toggle)
        lay.addLayout(lang_row)
        self.script = _wrap(QLabel())
        self.script.setObjectName("pocExpectationScript")
        self.script.setFrameShape(QFrame.Shape.StyledPanel)
        self.script.setMargin(8)
        lay.addWidget(self.script)
        self.explained = QCheckBox()
        self.explained.setObjectName("pocExplained")
        self.explained.toggled.connect(self._on_explained)
        lay.addWidget(self.explained)
        self.checklist_problems = _wrap(QLabel())
        self.checklist_problems.setObjectName("pocChecklistProblems")
        lay.addWidget(self.checklist_problems)
        lay.addStretch(1)

    def _build_note(self) -> None:
        lay = self.pages[pf.STEP_NOTE].layout_
        self.note_label = QLabel()
        self.note_view = QPlainTextEdit()
        self.note_view.setObjectName("pocNotePreview")
        self.note_view.setReadOnly(True)
        self.note_view.setTabChangesFocus(True)
        self.note_label.setBuddy(self.note_view)
        self.save_button = QPushButton()
        self.save_button.setObjectName("pocSave")
        self.save_button.clicked.connect(self.save)
        self.saved_label = _wrap(QLabel())
        self.saved_label.setObjectName("pocSavedStatus")
        lay.addWidget(self.note_label)
        lay.addWidget(self.note_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved_label, 1)
        lay.addLayout(row)

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        w = self.wizard
        w.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        w.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        w.setButtonText(QWizard.WizardButton.FinishButton, _("&Start a new request"))
        titles = {
            pf.STEP_ROUTE: (_("1. Route"), _("Is this a CSG request? Urgent or after hours?")),
            pf.STEP_ELIGIBILITY: (_("2. Eligibility"), _("Permanent lockout, state SOP and the quote.")),
            pf.STEP_WHEN: (_("3. When"), _("Appointment, drive time and the CSG call window.")),
            pf.STEP_UTR: (_("4. UTR ticket"), _("Send the POC request to CSG and enter the ticket number.")),
            pf.STEP_CHECKLIST: (_("5. Checklist"), _("Go through the checklist and what to expect.")),
            pf.STEP_NOTE: (_("6. Note"), _("Save the note and the request to the account history.")),
        }
        for step, (title, subtitle) in titles.items():
            self.pages[step].setTitle(title)
            self.pages[step].setSubTitle(subtitle)

        self.to_override.setText(_("Go to &Override coaching"))
        self.p9_group.setTitle(_("Urgent or after CSG hours (SOP P9)"))
        self.urgent.setText(_("The client needs the code &right now"))
        self.p9_sop.setText(_("I checked the state SOP: override codes are allo&wed"))
        self.p9_override.setText(_("Open Override &coaching"))
        self.p9_text_label.setText(_("Leadership Assistance request:"))
        self.p9_copy.setText(_("Cop&y request"))

        self.perm.setText(_("The device shows &permanent lockout (PERM)"))
        self.sop_confirmed.setText(_("I read the state SOP: override codes are &allowed"))
        self.fee_label.setText(_("Override &fee:"))
        self.fee.setPlaceholderText(format_money(Decimal("45.00")))
        self.quoted.setText(_("I &quoted the fee to the client"))

        self.kind_label.setText(_("Request:"))
        self.kind_future.setText(_("F&uture day"))
        self.kind_same.setText(_("Sa&me day"))
        self.zone_label.setText(_("Client &time zone:"))
        self.drive_label.setText(_("&Drive time, vehicle to service center:"))
        self.drive.setSuffix(_(" min"))
        self.drive.setSpecialValueText(_("not asked yet"))
        self.appt_label.setText(_("&Appointment (client time):"))
        locale = QLocale(BABEL_LOCALES[current_language()])
        for picker in (self.appt_date, self.appt_time):
            picker.setLocale(locale)
        # Weekday spelled out: agents confirm "Monday the 23rd", not "11/23".
        self.appt_date.setDisplayFormat(
            "ddd, MMM d, yyyy" if current_language() == "en" else "ddd d MMM yyyy"
        )
        self.appt_time.setDisplayFormat("h:mm AP" if current_language() == "en" else "h:mm ap")
        self.appt_time.setAccessibleName(_("Appointment time"))
        self.earliest.setText(_("&Earliest possible"))
        for label, text in zip(
            self.fact_names,
            (_("Client leaves at:"), _("CSG calls (client time):"), _("CSG calls (Eastern):"), _("Type:")),
            strict=True,
        ):
            label.setText(text)

        self.ticket_label.setText(_("POC request &text (editable):"))
        self.copy_ticket.setText(_("&Copy text"))
        self.regenerate.setText(_("&Regenerate from the answers"))
        self.utr_label.setText(_("&UTR ticket number:"))
        self.utr.setPlaceholderText(_("The number CSG's system gave the ticket"))

        self.checklist_intro.setText(_("Go through each item with the client and tick it:"))
        for box, item in zip(self.checks, pf.CHECKLIST_ITEMS, strict=True):
            box.setText(_(item))
        self.expect_title.setText("<b>{}</b>".format(_esc(_("What to expect"))))
        self.explained.setText(_("I e&xplained what to expect"))

        self.note_label.setText(_("&Note (also sent to the Notes page):"))
        self.save_button.setText(_("&Save to history"))
        self._fill_zone_texts()
        self._retitle_tabs()
        self.escalations.retranslate()
        self._render_all()

    def _retitle_tabs(self, *_args: Any) -> None:
        self.tabs.setTabText(0, _("New request"))
        self.tabs.setTabText(1, _("Open requests ({count})").format(count=self.escalations.count()))

    def _fill_zone_texts(self) -> None:
        for index in range(self.zone.count()):
            key = self.zone.itemData(index)
            text = poc.zone_label(ZoneInfo(key)) if isinstance(key, str) else _("Choose…")
            self.zone.setItemText(index, text)

    # ------------------------------------------------------------------ client and flow
    def on_client_changed(self, client: ClientInfo | None) -> None:
        self.start_over()
        self.escalations.reload()

    def start_over(self) -> None:
        """A fresh request for the current client (also after Finish and on client change)."""
        client = self.ctx.client
        self.flow = None
        self.saved = False
        self._utr_touched = False
        self._fee_touched = False
        if client is not None:
            try:
                entry = self.ctx.pack.state(client.state)
            except KeyError:
                entry = None
            if entry is not None:
                self.flow = PocFlow(
                    cid=client.cid,
                    brand=client.brand,
                    state=entry.code,
                    client_tz=client.time_zone,
                    preferred_language=client.preferred_language,
                    poc_override=entry.poc_override,
                    poc_fee=entry.poc_fee,
                    clock=self.ctx.now,
                )
        self._syncing = True
        try:
            for box in (
                self.urgent,
                self.p9_sop,
                self.perm,
                self.sop_confirmed,
                self.quoted,
                self.explained,
                *self.checks,
            ):
                box.setChecked(False)
            fee = self.flow.quoted_fee if self.flow is not None else None
            self.fee.setText(f"{fee:.2f}" if fee is not None else "")
            self.utr.clear()
            self.ticket.clear()
            self.drive.setValue(-1)
            self.kind_future.setChecked(True)
            self._fill_zones(client)
            self._reset_pickers()
        finally:
            self._syncing = False
        self.stack.setCurrentWidget(self.wizard if self.flow is not None else self.message)
        self.wizard.restart()
        self._render_all()

    def _fill_zones(self, client: ClientInfo | None) -> None:
        self.zone.clear()
        keys = list(US_ZONES)
        own = client.time_zone if client is not None else None
        if own and own not in keys:
            try:
                ZoneInfo(own)
                keys.insert(0, own)
            except (ValueError, KeyError, OSError):
                pass
        self.zone.addItem(_("Choose…"), None)
        for key in keys:
            self.zone.addItem(poc.zone_label(ZoneInfo(key)), key)
        index = self.zone.findData(own) if own else -1
        self.zone.setCurrentIndex(max(index, 0))

    def _client_today(self) -> date:
        tz = self.flow.client_tz if self.flow is not None else None
        now = self.ctx.now()
        return (now.astimezone(tz) if tz is not None else now).date()

    def _reset_pickers(self) -> None:
        tomorrow = self._client_today() + timedelta(days=1)
        self.appt_date.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        self.appt_time.setTime(QTime(10, 0))

    # ------------------------------------------------------------------ wizard hooks
    def step_complete(self, step: str) -> bool:
        if self.flow is None:
            return False
        if step == pf.STEP_NOTE:
            return self.saved
        return self.flow.is_valid(step)

    def enter_step(self, step: str) -> None:
        if self.flow is not None:
            self.flow.current = step
        if step == pf.STEP_UTR:
            self._sync_ticket()
        self._render_all()

    def leave_step(self, step: str) -> bool:
        if self.flow is None or not self.step_complete(step):
            return False
        if step in (pf.STEP_WHEN, pf.STEP_UTR):
            self._publish_call()
        return True

    def _on_wizard_page(self, page_id: int) -> None:
        page = self.wizard.page(page_id)
        if isinstance(page, _StepPage) and self.flow is not None:
            self.flow.current = page.step
            self._render_all()

    def _changed(self, *steps: str) -> None:
        for step in steps or pf.STEPS:
            self.pages[step].completeChanged.emit()

    def refresh_live(self) -> None:
        """Re-evaluate against the clock (timer, and tests after moving the clock)."""
        self._render_all()
        self._changed()

    # ------------------------------------------------------------------ input handlers
    def _on_p9_sop(self, checked: bool) -> None:
        if self._syncing or self.flow is None:
            return
        self.flow.sop_confirmed = checked
        self._syncing = True
        try:
            self.sop_confirmed.setChecked(checked)
        finally:
            self._syncing = False
        self._render_route()
        self._render_eligibility()
        self._changed(pf.STEP_ELIGIBILITY)

    def _on_eligibility(self, *_args: Any) -> None:
        if self._syncing or self.flow is None:
            return
        f = self.flow
        f.perm_lockout_confirmed = self.perm.isChecked()
        f.sop_confirmed = self.sop_confirmed.isChecked()
        f.quote_given = self.quoted.isChecked()
        self._syncing = True
        try:
            self.p9_sop.setChecked(f.sop_confirmed)
        finally:
            self._syncing = False
        self._render_eligibility()
        self._render_route()
        self._changed(pf.STEP_ELIGIBILITY)

    def _on_fee_edited(self, text: str) -> None:
        if self.flow is None:
            return
        self._fee_touched = True
        try:
            fee: Decimal | None = parse_money(text) if text.strip() else None
            if fee is not None and fee < 0:
                raise ValueError("negative")
            self.flow.set_quoted_fee(fee)
            self.fee_error.hide()
        except ValueError:
            self.flow.set_quoted_fee(None)
            self.fee_error.setText(
                _("Enter the fee as an amount, for example {example}.").format(
                    example=format_money(Decimal("45.00"))
                )
            )
            self.fee_error.show()
        # A changed fee must be quoted again (SOP P4).
        self.quoted.setChecked(False)
        self._render_eligibility()
        self._changed(pf.STEP_ELIGIBILITY)

    def _on_kind(self, same_day: bool) -> None:
        if self._syncing or self.flow is None:
            return
        day = self._client_today() + (timedelta(0) if same_day else timedelta(days=1))
        self.appt_date.setDate(QDate(day.year, day.month, day.day))

    def _on_zone(self, *_args: Any) -> None:
        if self._syncing or self.flow is None:
            return
        key = self.zone.currentData()
        self.flow.set_time_zone(key if isinstance(key, str) else None)
        self._render_when()
        self._changed(pf.STEP_WHEN)

    def _on_drive(self, value: int) -> None:
        if self._syncing or self.flow is None:
            return
        self.flow.set_drive_minutes(None if value < 0 else value)
        self._render_when()
        self._changed(pf.STEP_WHEN)

    def _on_appointment_edited(self, *_args: Any) -> None:
        if self._syncing or self.flow is None:
            return
        if self.flow.client_tz is None:
            self._render_when()
            return
        qd, qt = self.appt_date.date(), self.appt_time.time()
        self.flow.set_appointment_local(date(qd.year(), qd.month(), qd.day()), time(qt.hour(), qt.minute()))
        self._render_when()
        self._changed(pf.STEP_WHEN)

    def use_earliest(self) -> None:
        """Fill the earliest appointment CSG can serve (SOP P2, P6, P7)."""
        if self.flow is None:
            return
        value = self.flow.use_earliest()
        if value is not None:
            self._show_appointment(value)
        self._render_when()
        self._changed(pf.STEP_WHEN)

    def _show_appointment(self, value: datetime) -> None:
        self._syncing = True
        try:
            self.appt_date.setDate(QDate(value.year, value.month, value.day))
            self.appt_time.setTime(QTime(value.hour, value.minute))
        finally:
            self._syncing = False

    def _sync_ticket(self) -> None:
        if self.flow is None:
            return
        self._syncing = True
        try:
            self.ticket.setPlainText(self.flow.ticket_text())
        finally:
            self._syncing = False

    def _on_ticket_edited(self) -> None:
        if self._syncing or self.flow is None:
            return
        self.flow.set_ticket_text(self.ticket.toPlainText())

    def _regenerate_ticket(self) -> None:
        if self.flow is None:
            return
        self.flow.reset_ticket_text()
        self._sync_ticket()

    def _on_utr_edited(self, text: str) -> None:
        if self.flow is None:
            return
        self._utr_touched = True
        self.flow.set_utr(text)
        self._render_utr()
        self._changed(pf.STEP_UTR)

    def _on_tick(self, index: int, checked: bool) -> None:
        if self._syncing or self.flow is None:
            return
        self.flow.tick(index, checked)
        self._render_checklist()
        self._changed(pf.STEP_CHECKLIST)

    def _on_explained(self, checked: bool) -> None:
        if self._syncing or self.flow is None:
            return
        self.flow.expectation_explained = checked
        self._render_checklist()
        self._changed(pf.STEP_CHECKLIST)

    def _toggle_script(self) -> None:
        if self.flow is None:
            return
        self.flow.toggle_script_language()
        self._render_checklist()

    def _publish_call(self) -> None:
        """Facts of this call for the Chat page (POC CODE template)."""
        f = self.flow
        plan = f.plan() if f is not None else None
        if f is None or plan is None or f.client_tz is None:
            return
        values: dict[str, Any] = {
            "appointment_time": format_datetime(plan.appointment.astimezone(f.client_tz)),
            "drive_time": poc.drive_text(plan.drive_minutes),
            "appointment_at": plan.appointment,
        }
        if f.utr_number:
            values["utr"] = f.utr_number
        self.ctx.update_call(**values)

    # ------------------------------------------------------------------ rendering
    def _render_all(self) -> None:
        self._render_client()
        self._render_route()
        self._render_eligibility()
        self._render_when()
        self._render_utr()
        self._render_checklist()
        self._render_note()

    def _render_client(self) -> None:
        client = self.ctx.client
        if client is None:
            self.client_card.hide()
            self.message.setText(
                _("Open a client first: a POC request needs the client's brand, state and time zone.")
            )
            return
        self.client_card.show()
        self.message.setText("")
        if self.flow is None:
            self.message.setText(
                _("This client's state of conviction ({state}) is not in the SOP pack: ask a lead.").format(
                    state=client.state
                )
            )
        language = {"en": _("English"), "es": _("Spanish")}.get(
            client.preferred_language, client.preferred_language
        )
        self.client_card.setText(
            _("{name} · CID {cid} · {brand} · {state} · prefers {language} · SOP pack {pack}").format(
                name=client.name,
                cid=client.cid,
                brand=client.brand.upper(),
                state=client.state,
                language=language,
                pack=self.ctx.pack.ref,
            )
        )

    def _render_route(self, *_args: Any) -> None:
        f = self.flow
        if f is None:
            return
        codes = f.blockers(pf.STEP_ROUTE)
        if not codes:
            self.route_banner.show_message(
                "ok", _("CSG handles this client's POC request."), _("Continue to check eligibility.")
            )
        elif pf.BRAND_OVERRIDE_COACHING in codes:
            self.route_banner.show_message(
                "route", _("Not a CSG request"), pf.blocker_text(pf.BRAND_OVERRIDE_COACHING)
            )
        else:
            self.route_banner.show_message("stop", _("Not a CSG request"), pf.blocker_text(codes[0]))
        self.to_override.setVisible(f.redirect is not None)
        csg_brand = f.brand in pf.CSG_BRANDS
        self.p9_group.setVisible(csg_brand)
        if not csg_brand:
            return
        now = self.ctx.now()
        self.csg_status.setText(csg_status_text(now))
        self.p9_sop.setVisible(f.poc_override == "check_sop")
        decision = poc.after_hours_decision(
            now=now,
            urgent=self.urgent.isChecked(),
            poc_override=f.poc_override,
            sop_confirmed=f.sop_confirmed,
            agent_trained=self.ctx.prefs.trained_override,
        )
        kind = {
            poc.ACTION_SCHEDULE: "ok",
            poc.ACTION_SCHEDULE_NEXT_OPEN: "ok",
            poc.ACTION_GIVE_CODE: "route",
            poc.ACTION_ESCALATE: "warn",
            poc.ACTION_NOT_ALLOWED: "stop",
            poc.ACTION_CHECK_SOP: "warn",
        }[decision.action]
        headline = {
            poc.ACTION_SCHEDULE: _("Schedule with CSG"),
            poc.ACTION_SCHEDULE_NEXT_OPEN: _("Schedule for CSG's next open hours"),
            poc.ACTION_GIVE_CODE: _("Give the code yourself"),
            poc.ACTION_ESCALATE: _("Ask in the POC and MA chat"),
            poc.ACTION_NOT_ALLOWED: _("No override code"),
            poc.ACTION_CHECK_SOP: _("Check the state SOP first"),
        }[decision.action]
        self.p9_banner.show_message(kind, headline, poc.decision_text(decision.action))
        self.p9_override.setVisible(decision.action == poc.ACTION_GIVE_CODE)
        escalate = decision.action == poc.ACTION_ESCALATE
        for widget in (self.p9_text_label, self.p9_text, self.p9_copy):
            widget.setVisible(escalate)
        if escalate and decision.chat is not None:
            self.p9_text_label.setText(_("Request for the {chat}:").format(chat=poc.chat_text(decision.chat)))
            self.p9_text.setPlainText(
                poc.leadership_assistance_text(
                    # Chat messages go to leads in the shared chat: always English, like
                    # every chat template (see desktop.models.chat).
                    cid=f.cid,
                    state=f.state,
                    now=now,
                    reasons=decision.reasons,
                    language=chat.CHAT_LANGUAGE,
                )
            )

    def _render_eligibility(self) -> None:
        f = self.flow
        if f is None:
            return
        client = self.ctx.client
        entry_name = f.state
        if client is not None and client.state in self.ctx.pack:
            entry_name = self.ctx.pack.state(client.state).name
        status = {
            "yes": _("allowed"),
            "no": _("not allowed"),
            "check_sop": _("check the state SOP"),
        }[f.poc_override]
        fee = format_money(f.poc_fee) if f.poc_fee is not None else _("not stated")
        self.state_info.setText(
            _("State of conviction: {state}. Override codes: {status}. Fee in the SOP pack: {fee}.").format(
                state=entry_name, status=status, fee=fee
            )
        )
        self.sop_confirmed.setVisible(f.poc_override == "check_sop")
        stopped = f.stopped
        for widget in (self.fee_label, self.fee, self.quoted):
            widget.setVisible(not stopped)
        if stopped:
            self.fee_error.hide()
            self.stop_banner.show_message(
                "stop",
                pf.blocker_text(pf.STATE_DISALLOWS_POC),
                _("Tell the client:") + "\n" + f.stop_client_text(),
            )
        else:
            self.stop_banner.hide()
        codes = [c for c in f.blockers(pf.STEP_ELIGIBILITY) if c != pf.STATE_DISALLOWS_POC]
        if pf.FEE_MISSING in codes and self.fee_error.isVisible():
            codes.remove(pf.FEE_MISSING)
        self.eligibility_problems.setText(
            _problems_html([pf.blocker_text(c) for c in codes]) if codes else ""
        )

    def _render_when(self) -> None:
        f = self.flow
        if f is None:
            return
        now = self.ctx.now()
        tz = f.client_tz
        self.zone_now.setText(
            _("now there: {time}").format(time=format_time(now.astimezone(tz))) if tz is not None else ""
        )
        self.earliest.setEnabled(f.earliest() is not None)
        plan = f.plan()
        if plan is not None and tz is not None:
            eastern_from = plan.call_from.astimezone(poc.CSG_TZ)
            self.fact_values["leave"].setText(format_datetime(plan.leave_at.astimezone(tz)))
            self.fact_values["call_client"].setText(
                _("{date}, {start} to {end}").format(
                    date=format_date(plan.call_from.astimezone(tz).date()),
                    start=format_time(plan.call_from.astimezone(tz)),
                    end=format_time(plan.call_to.astimezone(tz)),
                )
            )
            self.fact_values["call_eastern"].setText(
                _("{date}, {start} to {end}").format(
                    date=format_date(eastern_from.date()),
                    start=format_time(eastern_from),
                    end=format_time(plan.call_to.astimezone(poc.CSG_TZ)),
                )
            )
            self.fact_values["kind"].setText(_("Same-day request") if plan.same_day else _("Future request"))
            self._syncing = True
            try:
                (self.kind_same if plan.same_day else self.kind_future).setChecked(True)
            finally:
                self._syncing = False
        else:
            for value in self.fact_values.values():
                value.setText("—")
        codes = f.blockers(pf.STEP_WHEN)
        if codes:
            self.when_status.setText(_problems_html([pf.blocker_text(c) for c in codes]))
        else:
            self.when_status.setText(
                "<span style='color:#1e6b34'><b>✔ {}</b></span>".format(
                    _esc(_("CSG can make this call inside its hours. You can continue."))
                )
            )
        self.timeline.set_state(now=now, plan=plan, client_tz=tz)

    def _render_utr(self) -> None:
        f = self.flow
        if f is None:
            return
        codes = f.blockers(pf.STEP_UTR)
        shown = bool(codes) and (self._utr_touched or pf.UTR_HAS_SPACES in codes)
        self.utr_error.setVisible(shown)
        self.utr_error.setText(pf.blocker_text(codes[0]) if codes else "")

    def _render_checklist(self) -> None:
        f = self.flow
        if f is None:
            return
        names = {"en": _("English"), "es": _("Spanish")}
        other = next(lang for lang in LANGUAGES if lang != f.script_language)
        self.script_lang_info.setText(
            _("Read to the client in {language}.").format(language=names[f.script_language])
        )
        self.script_toggle.setText(_("Switch to &{language}").format(language=names[other]))
        script = f.expectation_script()
        self.script.setText(script or _("Pick the appointment first."))
        codes = f.blockers(pf.STEP_CHECKLIST)
        self.checklist_problems.setText(_problems_html([pf.blocker_text(c) for c in codes]) if codes else "")

    def _note_fields(self) -> dict[str, Any] | None:
        f, client = self.flow, self.ctx.client
        if f is None or client is None or f.first_blocked_step() not in (None, pf.STEP_NOTE):
            return None
        fields: dict[str, Any] = dict(f.note_fields(current_language()))
        fields["customer_name"] = client.name
        return fields

    def _render_note(self) -> None:
        fields = self._note_fields()
        text = compose_note(NoteDraft.from_dict(fields), "4e", current_language()) if fields else ""
        self.note_view.setPlainText(text)
        self.save_button.setEnabled(fields is not None and not self.saved)
        if self.saved:
            self.saved_label.setText(_("Saved to the account history and sent to the Notes page."))
        elif fields is None and self.flow is not None and self.flow.current == pf.STEP_NOTE:
            blocked = self.flow.first_blocked_step()
            self.saved_label.setText(
                _("Something changed since: go back to fix it ({reason}).").format(
                    reason=pf.blocker_text(self.flow.blockers(blocked)[0]) if blocked else ""
                )
            )
        else:
            self.saved_label.setText("")

    # ------------------------------------------------------------------ saving
    def save(self) -> None:
        """Store the request (status submitted) with its note, then offer the note (SOP P5, N1)."""
        f, client, fields = self.flow, self.ctx.client, self._note_fields()
        if f is None or client is None or fields is None or self.saved:
            return
        try:
            request = f.request()
        except pf.FlowBlockedError:
            self._render_all()
            return
        plan = f.plan()
        assert plan is not None
        text = compose_note(NoteDraft.from_dict(fields), "4e", current_language())
        with self.ctx.session() as s:
            history.append(
                s,
                client_id=client.id,
                kind="poc_request",
                at=self.ctx.now(),
                agent=self.ctx.prefs.agent_name,
                summary=_("POC request submitted, UTR {utr}").format(utr=request.utr),
                note_text=text,
                disposition=pf.DISPOSITION_ID,
                amount=request.fee,
                utr=request.utr,
                appointment_at=request.appointment,
                status=request.status,
                details={
                    "client_tz": request.client_tz,
                    "drive_minutes": request.drive_minutes,
                    "state": f.state,
                    "same_day": plan.same_day,
                    "call_from": plan.call_from.isoformat(),
                    "call_to": plan.call_to.isoformat(),
                    "leave_at": plan.leave_at.isoformat(),
                },
                sop_pack_version=self.ctx.pack.version,
            )
        self.saved = True
        self._publish_call()
        self.ctx.offer_note(fields)
        self.ctx.historyChanged.emit(client.id)
        self.escalations.reload()
        self._render_note()
        self._changed(pf.STEP_NOTE)


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
        self.empty = _wrap(QLabel())
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
        self.copy.clicked.connect(lambda: _copy(self.chat_text.toPlainText()))
        self.record = QPushButton()
        self.record.setObjectName("pocEscalationRecord")
        self.record.clicked.connect(self.record_escalation)
        self.status = _wrap(QLabel())
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
        self.chat_label.setText(_("Text for the {chat}:").format(chat=poc.chat_text(result.chat)))
        if result.ok:
            self.banner.show_message(
                "ok",
                _("Ready to escalate"),
                _(
                    "The ticket exists and the times were checked again. Send the text below in the {chat}."
                ).format(chat=poc.chat_text(result.chat)),
            )
        else:
            self.banner.show_message(
                "warn",
                _("Do not escalate yet"),
                "\n".join(poc.escalation_problem_text(result, code) for code in result.problems),
            )
        self.chat_text.setPlainText(self.chat_message())
        self.copy.setEnabled(result.ok)
        self.record.setEnabled(result.ok and not self.recorded)
        if not self.recorded:
            self.status.setText("")

    def record_escalation(self) -> None:
        """Store the new status as a correction of the request and offer the note (SOP P8, N1)."""
        item, result, client = self.selected(), self.check(), self.ctx.client
        if item is None or result is None or not result.ok or client is None:
            return
        message = self.chat_message()
        status = ESCALATION_STATUS[result.kind]
        reason = poc.escalation_text(result.kind)
        with self.ctx.session() as s:
            history.append(
                s,
                client_id=client.id,
                kind="poc_request",
                at=self.ctx.now(),
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
                details={**item.details, "escalation": result.kind, "chat": result.chat},
                corrects_id=item.id,
                sop_pack_version=self.ctx.pack.version,
            )
        self.ctx.offer_note(
            {
                "customer_name": client.name,
                "reason": reason,
                "resolution": [
                    _(
                        "Checked the UTR ticket {utr}, the appointment time, the drive time and the time zone."
                    ).format(utr=item.utr or "—"),
                    _("Escalated in the {chat} with the POC CODE template.").format(
                        chat=poc.chat_text(result.chat)
                    ),
                ],
                "additional_info": "",
                "follow_up": "",
                "disposition": "poc_escalation",
            }
        )
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
