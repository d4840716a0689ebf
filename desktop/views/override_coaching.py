"""Override coaching page for Guardian M9 and Monitech clients (SOP P10, M1-M11).

Why a wizard over :class:`~desktop.models.override_flow.OverrideFlow`: the page
never decides anything itself.  It copies what the agent enters into the flow and
shows the flow's reason codes in words, so the same rules are tested without Qt.

The override code is only held in the flow and in a masked field; it is never
written to the log, the note or the history (only that a code was given).
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
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
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from desktop.i18n import N_, _, current_language, format_datetime, format_time, parse_money
from desktop.models import history
from desktop.models import override as rules
from desktop.models import override_flow as flow_mod
from desktop.models.clients import ClientInfo
from desktop.models.override_flow import (
    COACHING,
    DONE,
    PRECONDITIONS,
    PRICE,
    STEPS,
    Appointment,
    OverrideFlow,
)
from desktop.views.context import AppContext
from desktop.views.page import Page
from desktop.views.wizard_parts import RestartingWizard, StepPage, error_label
from desktop.views.wizard_parts import wrap as _wrap

_PROFILE_NAMES = {
    rules.FULL_SERVICE: N_("Full-service agent"),
    rules.CHECK_CHANGE: N_("Check/change agent"),
}
_OK_MARK = "✓"
_BLOCK_MARK = "✗"
_WARN_MARK = "⚠"


def _error_label(name: str) -> QLabel:
    return error_label(name, color="#b00020")


def _scrolled(inner: QWidget) -> QScrollArea:
    """Each step scrolls rather than clips at 125-150 % scaling."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(inner)
    return area


def _blocker_html(codes: tuple[str, ...], ok_text: str) -> str:
    """Every unmet condition as title + what to tell the client; a word and an icon, not colour alone."""
    if not codes:
        return f'<p style="color:#1b5e20"><b>{_OK_MARK} {html.escape(ok_text)}</b></p>'
    rows = []
    for code in codes:
        title = html.escape(rules.blocker_title(code))
        advice = html.escape(rules.blocker_text(code))
        rows.append(f'<p><b style="color:#b00020">{_BLOCK_MARK} {title}</b><br>{advice}</p>')
    return "".join(rows)



class _StepPage(StepPage):
    owner: OverridePage

    def __init__(self, owner: OverridePage, step: str) -> None:
        super().__init__(owner, step, "overrideStep", scrolling=False)

    def validatePage(self) -> bool:
        return self.owner.leave_step(self.step)

    def initializePage(self) -> None:
        self.owner.enter_step(self.step)


class _CodeReader(QFrame):
    """The one-character-at-a-time display; its keys only act while it has focus (SOP M7)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("codeReader")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#codeReader { border: 2px solid palette(mid); border-radius: 6px; }"
            "QFrame#codeReader:focus { border: 3px solid palette(highlight); }"
        )


class OverridePage(Page):
    page_id = "override"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.flow: OverrideFlow | None = None
        self.saved = False
        self._history_appointments: list[tuple[datetime, str, str]] = []
        self._refreshing = False

        self.stack = QStackedWidget()
        self.message = _wrap(QLabel())
        self.message.setObjectName("overrideMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.to_poc = QPushButton()
        self.to_poc.clicked.connect(lambda: self.ctx.navigateRequested.emit("poc"))
        message_box = QWidget()
        message_layout = QVBoxLayout(message_box)
        message_layout.addStretch(1)
        message_layout.addWidget(self.message)
        message_layout.addWidget(self.to_poc, 0, Qt.AlignmentFlag.AlignHCenter)
        message_layout.addStretch(2)

        self.wizard = RestartingWizard()
        self.wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.wizard.setOption(QWizard.WizardOption.NoCancelButton)
        self.wizard.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.wizard.restartRequested.connect(self.start_over)
        self.wizard.currentIdChanged.connect(self._on_wizard_page)

        self.pages: dict[str, _StepPage] = {}
        self._build_preconditions()
        self._build_price()
        self._build_coaching()
        self._build_done()
        for step in STEPS:
            self.wizard.addPage(self.pages[step])

        self.stack.addWidget(message_box)
        self.stack.addWidget(self.wizard)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        ctx.prefsChanged.connect(self._on_prefs)
        self.finish_init()

    @staticmethod
    def title() -> str:
        return _("Override coaching")

    # ------------------------------------------------------------------ building
    def _build_preconditions(self) -> None:
        page = _StepPage(self, PRECONDITIONS)
        inner = QWidget()
        grid = QGridLayout(inner)

        left = QVBoxLayout()
        self.client_card = _wrap(QLabel())
        self.client_card.setObjectName("overrideClientCard")
        self.confirm_client = QCheckBox()
        self.inbound = QCheckBox()
        self.perm = QCheckBox()
        self.with_vehicle = QCheckBox()
        self.ready = QCheckBox()
        for box in (self.confirm_client, self.inbound, self.perm, self.with_vehicle, self.ready):
            box.toggled.connect(self._sync_preconditions)
        self.lockout_label = QLabel()
        self.lockout = QLineEdit()
        self.lockout.setObjectName("lockoutCode")
        self.lockout.setMaxLength(8)
        self.lockout.textChanged.connect(self._sync_preconditions)
        self.lockout_label.setBuddy(self.lockout)
        self.lockout_error = _error_label("lockoutCodeError")
        left.addWidget(self.client_card)
        left.addWidget(self.confirm_client)
        left.addWidget(self.inbound)
        left.addWidget(self.perm)
        lockout_row = QHBoxLayout()
        lockout_row.addWidget(self.lockout_label)
        lockout_row.addWidget(self.lockout, 1)
        left.addLayout(lockout_row)
        left.addWidget(self.lockout_error)
        left.addWidget(self.with_vehicle)
        left.addWidget(self.ready)

        self.appt_group = QGroupBox()
        appt = QGridLayout(self.appt_group)
        self.appt_from_history = QRadioButton()
        self.appt_schedule = QRadioButton()
        self.appt_mode = QButtonGroup(self)
        self.appt_mode.addButton(self.appt_from_history)
        self.appt_mode.addButton(self.appt_schedule)
        self.appt_from_history.setChecked(True)
        self.appt_history = QComboBox()
        self.appt_history.setObjectName("appointmentFromHistory")
        self.appt_kind_label = QLabel()
        self.appt_kind = QComboBox()
        self.appt_kind_label.setBuddy(self.appt_kind)
        self.appt_when_label = QLabel()
        self.appt_when = QDateTimeEdit()
        self.appt_when.setCalendarPopup(True)
        self.appt_when_label.setBuddy(self.appt_when)
        self.appt_detail_label = QLabel()
        self.appt_detail = QLineEdit()
        self.appt_detail_label.setBuddy(self.appt_detail)
        self.appt_m9 = _wrap(QLabel())
        self.appt_m9.setObjectName("appointmentM9Booking")
        self.appt_confirmed = QCheckBox()
        self.appt_error = _error_label("appointmentError")
        for kind in rules.APPOINTMENT_KINDS:
            self.appt_kind.addItem("", kind.code)
        appt.addWidget(self.appt_from_history, 0, 0, 1, 2)
        appt.addWidget(self.appt_history, 1, 0, 1, 2)
        appt.addWidget(self.appt_schedule, 2, 0, 1, 2)
        appt.addWidget(self.appt_kind_label, 3, 0)
        appt.addWidget(self.appt_kind, 3, 1)
        appt.addWidget(self.appt_when_label, 4, 0)
        appt.addWidget(self.appt_when, 4, 1)
        appt.addWidget(self.appt_detail_label, 5, 0)
        appt.addWidget(self.appt_detail, 5, 1)
        appt.addWidget(self.appt_m9, 6, 0, 1, 2)
        appt.addWidget(self.appt_confirmed, 7, 0, 1, 2)
        appt.addWidget(self.appt_error, 8, 0, 1, 2)
        appt.setColumnStretch(1, 1)
        self.appt_mode.buttonToggled.connect(self._sync_preconditions)
        self.appt_history.currentIndexChanged.connect(self._sync_preconditions)
        self.appt_kind.currentIndexChanged.connect(self._sync_preconditions)
        self.appt_when.dateTimeChanged.connect(self._sync_preconditions)
        self.appt_detail.textChanged.connect(self._sync_preconditions)
        self.appt_confirmed.toggled.connect(self._sync_preconditions)
        left.addWidget(self.appt_group)
        left.addStretch(1)

        right = QVBoxLayout()
        self.pre_status_title = QLabel()
        self.pre_status = _wrap(QLabel())
        self.pre_status.setObjectName("preconditionStatus")
        self.pre_status.setAlignment(Qt.AlignmentFlag.AlignTop)
        right.addWidget(self.pre_status_title)
        right.addWidget(self.pre_status, 1)

        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(_scrolled(inner))
        self.pages[PRECONDITIONS] = page

    def _build_price(self) -> None:
        page = _StepPage(self, PRICE)
        inner = QWidget()
        grid = QGridLayout(inner)
        left = QVBoxLayout()
        self.profile_line = _wrap(QLabel())
        self.profile_line.setObjectName("agentProfile")
        self.rule_line = _wrap(QLabel())
        self.rule_line.setObjectName("paymentRule")
        self.price_label = QLabel()
        self.price = QLineEdit()
        self.price.setObjectName("price")
        self.price_label.setBuddy(self.price)
        self.price.textChanged.connect(self._sync_price)
        self.price_error = _error_label("priceError")
        price_row = QHBoxLayout()
        price_row.addWidget(self.price_label)
        price_row.addWidget(self.price, 1)
        left.addWidget(self.profile_line)
        left.addWidget(self.rule_line)
        left.addLayout(price_row)
        left.addWidget(self.price_error)

        self.waiver_group = QGroupBox()
        waiver = QVBoxLayout(self.waiver_group)
        self.waive = QCheckBox()
        self.waive.setObjectName("waive")
        self.waive.toggled.connect(self._sync_price)
        self.waiver_history = _wrap(QLabel())
        self.waiver_history.setObjectName("waiverHistory")
        self.waiver_reason_label = QLabel()
        self.waiver_reason = QLineEdit()
        self.waiver_reason.setObjectName("waiverReason")
        self.waiver_reason_label.setBuddy(self.waiver_reason)
        self.waiver_reason.textChanged.connect(self._sync_price)
        waiver.addWidget(self.waive)
        waiver.addWidget(self.waiver_history)
        waiver.addWidget(self.waiver_reason_label)
        waiver.addWidget(self.waiver_reason)
        left.addWidget(self.waiver_group)
        left.addStretch(1)

        right = QVBoxLayout()
        self.price_status_title = QLabel()
        self.price_status = _wrap(QLabel())
        self.price_status.setObjectName("priceStatus")
        self.price_status.setAlignment(Qt.AlignmentFlag.AlignTop)
        right.addWidget(self.price_status_title)
        right.addWidget(self.price_status, 1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(_scrolled(inner))
        self.pages[PRICE] = page

    def _build_coaching(self) -> None:
        page = _StepPage(self, COACHING)
        page.setCommitPage(True)  # once the code is given there is no going back
        inner = QWidget()
        grid = QGridLayout(inner)

        left = QVBoxLayout()
        code_row = QHBoxLayout()
        self.code_label = QLabel()
        self.code = QLineEdit()
        self.code.setObjectName("overrideCode")
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.code_label.setBuddy(self.code)
        self.code.textChanged.connect(self._sync_code)
        self.code.returnPressed.connect(self._focus_reader)
        self.reveal = QPushButton()
        self.reveal.setObjectName("revealCode")
        self.reveal.setCheckable(True)
        self.reveal.toggled.connect(self._on_reveal)
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.reveal)
        self.code_error = _error_label("overrideCodeError")
        self.full_code = QLabel()
        self.full_code.setObjectName("fullCode")
        self.full_code.setFont(self._mono(18))
        self.full_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.full_code.hide()

        lang_row = QHBoxLayout()
        self.spell_label = QLabel()
        self.spell_en = QRadioButton()
        self.spell_es = QRadioButton()
        self.spell_group = QButtonGroup(self)
        self.spell_group.addButton(self.spell_en)
        self.spell_group.addButton(self.spell_es)
        self.spell_en.setChecked(True)
        self.spell_group.buttonToggled.connect(self._on_spelling_language)
        lang_row.addWidget(self.spell_label)
        lang_row.addWidget(self.spell_en)
        lang_row.addWidget(self.spell_es)
        lang_row.addStretch(1)

        self.reader = _CodeReader()
        reader = QVBoxLayout(self.reader)
        top = QHBoxLayout()
        self.position = QLabel()
        self.position.setObjectName("codePosition")
        self.position.setFont(self._sized(16, bold=True))
        self.char_kind = QLabel()
        self.char_kind.setObjectName("charKind")
        self.char_kind.setFont(self._sized(14))
        top.addWidget(self.position)
        top.addStretch(1)
        top.addWidget(self.char_kind)
        self.char = QLabel()
        self.char.setObjectName("codeChar")
        self.char.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.char.setFont(self._mono(96, bold=True))
        self.char.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.words = QLabel()
        self.words.setObjectName("codeWords")
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words.setWordWrap(True)
        self.words.setFont(self._sized(22, bold=True))
        self.lookalike = _wrap(QLabel())
        self.lookalike.setObjectName("lookalikeWarning")
        self.lookalike.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lookalike.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.progress = QLabel()
        self.progress.setObjectName("codeProgress")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress.setFont(self._sized(14))
        reader.addLayout(top)
        reader.addWidget(self.char, 1)
        reader.addWidget(self.words)
        reader.addWidget(self.lookalike)
        reader.addWidget(self.progress)
        # SOP M7: Space/Right next, Left back, R repeat, only while the reader has focus.
        self._shortcuts: list[QShortcut] = []
        for key, slot in (
            (Qt.Key.Key_Space, self.next_char),
            (Qt.Key.Key_Right, self.next_char),
            (Qt.Key.Key_Left, self.previous_char),
            (Qt.Key.Key_R, self.repeat_char),
        ):
            shortcut = QShortcut(QKeySequence(key), self.reader)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)

        buttons = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.setObjectName("previousChar")
        self.back_button.clicked.connect(self.previous_char)
        self.repeat_button = QPushButton()
        self.repeat_button.setObjectName("repeatChar")
        self.repeat_button.clicked.connect(self.repeat_char)
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextChar")
        self.next_button.clicked.connect(self.next_char)
        for button in (self.back_button, self.repeat_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            buttons.addWidget(button)
        self.repeat_note = QLabel()
        self.repeat_note.setObjectName("repeatNote")
        self.keys_hint = _wrap(QLabel())

        left.addWidget(self.code_label)
        left.addLayout(code_row)
        left.addWidget(self.code_error)
        left.addWidget(self.full_code)
        left.addLayout(lang_row)
        left.addWidget(self.reader, 1)
        left.addLayout(buttons)
        left.addWidget(self.repeat_note)
        left.addWidget(self.keys_hint)

        right = QVBoxLayout()
        self.steps_title = _wrap(QLabel())
        self.steps_title.setObjectName("entryStepsTitle")
        self.steps_list = QListWidget()
        self.steps_list.setObjectName("entrySteps")
        self.steps_list.setWordWrap(True)
        self.steps_list.itemChanged.connect(self._on_step_checked)
        self.steps_note = _wrap(QLabel())
        self.steps_note.setObjectName("entryStepsNote")
        self.coach_status = _wrap(QLabel())
        self.coach_status.setObjectName("coachingStatus")
        right.addWidget(self.steps_title)
        right.addWidget(self.steps_list, 1)
        right.addWidget(self.steps_note)
        right.addWidget(self.coach_status)

        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(_scrolled(inner))
        self.pages[COACHING] = page

    def _build_done(self) -> None:
        page = _StepPage(self, DONE)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.given_line = _wrap(QLabel())
        self.given_line.setObjectName("codeGivenLine")
        self.payment_confirm = QCheckBox()
        self.payment_confirm.setObjectName("paymentConfirmed")
        self.payment_confirm.toggled.connect(self._sync_done)
        self.waived_line = _wrap(QLabel())
        self.waived_line.setObjectName("waivedLine")
        self.note_label = QLabel()
        self.note_preview = QPlainTextEdit()
        self.note_preview.setObjectName("notePreview")
        self.note_preview.setReadOnly(True)
        self.note_label.setBuddy(self.note_preview)
        self.save = QPushButton()
        self.save.setObjectName("saveOverride")
        self.save.clicked.connect(self.save_note)
        self.done_status = _wrap(QLabel())
        self.done_status.setObjectName("doneStatus")
        layout.addWidget(self.given_line)
        layout.addWidget(self.payment_confirm)
        layout.addWidget(self.waived_line)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note_preview, 1)
        row = QHBoxLayout()
        row.addWidget(self.save)
        row.addWidget(self.done_status, 1)
        layout.addLayout(row)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(_scrolled(inner))
        self.pages[DONE] = page

    @staticmethod
    def _sized(points: int, *, bold: bool = False) -> QFont:
        font = QFont()
        font.setPointSize(points)
        font.setBold(bold)
        return font

    @staticmethod
    def _mono(points: int, *, bold: bool = False) -> QFont:
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setPointSize(points)
        font.setBold(bold)
        return font

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.to_poc.setText(_("Go to &POC request"))
        w = self.wizard
        w.setButtonText(QWizard.WizardButton.CommitButton, _("Code &given: continue"))
        w.setButtonText(QWizard.WizardButton.FinishButton, _("&Start a new override"))

        pre = self.pages[PRECONDITIONS]
        pre.setTitle(_("1. Before the code"))
        pre.setSubTitle(_("Every condition must be met before the override code can be shown."))
        self.confirm_client.setText(_("Caller &confirmed the Client ID and full name shown"))
        # Named here too: their visible texts depend on state set when the step opens.
        self.appt_confirmed.setAccessibleName(_("Appointment confirmed"))
        self.reveal.setAccessibleName(_("Show the full code"))
        self.payment_confirm.setAccessibleName(_("Payment confirmed"))
        self.steps_list.setAccessibleName(_("Device entry steps"))
        self.inbound.setText(_("&Inbound call: the client called us"))
        self.perm.setText(_("Device shows &PERM lockout"))
        self.lockout_label.setText(_("Device &lockout code (4 digits):"))
        self.lockout.setPlaceholderText(_("e.g. 4821"))
        self.with_vehicle.setText(_("Client is &with the vehicle"))
        self.ready.setText(_("Client is &ready to drive to the service center now"))
        self.appt_group.setTitle(_("Appointment (must be set before the code)"))
        self.appt_from_history.setText(_("Appointment from the client's &history"))
        self.appt_schedule.setText(_("&Schedule one now in M9"))
        self.appt_kind_label.setText(_("&Type:"))
        for index, kind in enumerate(rules.APPOINTMENT_KINDS):
            self.appt_kind.setItemText(index, _(kind.label))
        self.appt_detail_label.setText(_("D&escription:"))
        self.appt_detail.setPlaceholderText(_("Optional details for the M9 description"))
        self.pre_status_title.setText(_("<b>What is still missing</b>"))

        price = self.pages[PRICE]
        price.setTitle(_("2. Price"))
        price.setSubTitle(_("Quote the price shown in M9, or record a one-time courtesy waiver."))
        self.price_label.setText(_("&Price from M9:"))
        self.price.setPlaceholderText(_("e.g. 45.00"))
        self.waiver_group.setTitle(_("Courtesy waiver (one time only)"))
        self.waive.setText(_("&Waive the override code as a one-time courtesy"))
        self.waiver_reason_label.setText(_("Waiver &reason:"))
        self.waiver_reason.setPlaceholderText(_("Why the code is waived (goes into the note)"))
        self.price_status_title.setText(_("<b>Status</b>"))

        coach = self.pages[COACHING]
        coach.setTitle(_("3. Give the code, one character at a time"))
        coach.setSubTitle(
            _("Read each character with its words, wait for the client to enter it, then go on.")
        )
        self.code_label.setText(_("Override &code from M9:"))
        self.code.setPlaceholderText(_("Type or paste the code, then press Enter"))
        self.spell_label.setText(_("Spell for the client in:"))
        self.spell_en.setText(_("&English"))
        self.spell_es.setText(_("&Spanish"))
        self.reader.setAccessibleName(_("Code reader: Space or Right for next, Left for back, R to repeat"))
        self.back_button.setText(_("◀ Back (←)"))
        self.repeat_button.setText(_("Repeat (R)"))
        self.next_button.setText(_("Next (Space / →)"))
        self.keys_hint.setText(
            _("Keys while the reader has focus: Space or → next, ← back, R repeat. Tab moves to the reader.")
        )

        done = self.pages[DONE]
        done.setTitle(_("4. Payment and note"))
        done.setSubTitle(_("Confirm the payment, then save the note and the history entry."))
        self.note_label.setText(_("N&ote (4E outline, without the code):"))
        self.save.setText(_("Sa&ve note and history"))
        self._fill_history_combo()
        self.refresh()

    # ------------------------------------------------------------------ client and flow
    def on_client_changed(self, client: ClientInfo | None) -> None:
        self.start_over()

    def _on_prefs(self) -> None:
        if self.flow is not None and not self.saved and self.flow.profile != self.ctx.prefs.profile:
            self.flow.profile = self.ctx.prefs.profile
            self.refresh()

    def _client_zone(self) -> ZoneInfo:
        client = self.ctx.client
        try:
            return ZoneInfo(client.time_zone) if client else ZoneInfo("UTC")
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def start_over(self) -> None:
        """A new client, or a new override for the same client: clear everything typed."""
        client = self.ctx.client
        self.saved = False
        self.flow = None
        self._refreshing = True
        try:
            for box in (
                self.confirm_client,
                self.inbound,
                self.perm,
                self.with_vehicle,
                self.ready,
                self.appt_confirmed,
                self.waive,
                self.payment_confirm,
                self.reveal,
            ):
                box.setChecked(False)
            for edit in (self.lockout, self.appt_detail, self.price, self.waiver_reason, self.code):
                edit.clear()
            self.appt_from_history.setChecked(True)
            self.appt_kind.setCurrentIndex(0)
            if client is not None and client.brand in flow_mod.BRANDS:
                with self.ctx.session() as session:
                    earlier = history.waivers(session, client.id)  # SOP M9: read every earlier waiver
                    items = history.current(history.timeline(session, client.id))
                now = self.ctx.now()
                self._history_appointments = sorted(
                    {
                        (item.appointment_at, item.summary, str(item.details.get("appointment_kind", "")))
                        for item in items
                        if item.appointment_at is not None and item.appointment_at > now
                    }
                )
                language = client.preferred_language if client.preferred_language in ("en", "es") else "en"
                self.flow = OverrideFlow(
                    brand=client.brand,
                    profile=self.ctx.prefs.profile,
                    clock=self.ctx.now,
                    client_language=language,
                    earlier_waivers=earlier,
                )
                (self.spell_es if language == "es" else self.spell_en).setChecked(True)
                local = now.astimezone(self._client_zone()) + timedelta(hours=2)
                self.appt_when.setDateTime(
                    QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, 0))
                )
                self._fill_steps()
                if not self._history_appointments:  # nothing to confirm: schedule one (SOP M5)
                    self.appt_schedule.setChecked(True)
            else:
                self._history_appointments = []
            self._fill_history_combo()
        finally:
            self._refreshing = False
        self.wizard.restart()
        self.refresh()

    def _fill_history_combo(self) -> None:
        """Upcoming appointments from history, in the client's zone (SOP M5)."""
        zone = self._client_zone()
        was_refreshing = self._refreshing
        self._refreshing = True
        current_index = self.appt_history.currentIndex()
        self.appt_history.clear()
        if self._history_appointments:
            for at, summary, _kind in self._history_appointments:
                when = format_datetime(at.astimezone(zone))
                self.appt_history.addItem(_("{when} — {summary}").format(when=when, summary=summary))
            self.appt_history.setCurrentIndex(max(0, current_index))
        else:
            self.appt_history.addItem(_("No upcoming appointment in the client's history"))
        self.appt_history.setAccessibleName(_("Appointment from history"))
        self._refreshing = was_refreshing

    def _fill_steps(self) -> None:
        self.steps_list.blockSignals(True)
        self.steps_list.clear()
        if self.flow is not None:
            for step in self.flow.entry_steps.steps:
                item = QListWidgetItem()
                item.setData(Qt.ItemDataRole.UserRole, step.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if step.id in self.flow.checked_steps else Qt.CheckState.Unchecked
                )
                self.steps_list.addItem(item)
        self.steps_list.blockSignals(False)

    # ------------------------------------------------------------------ syncing input into the flow
    def _sync_preconditions(self, *_args: Any) -> None:
        if self._refreshing or self.flow is None:
            return
        f = self.flow
        f.client_confirmed = self.confirm_client.isChecked()  # SOP M2
        f.inbound_call = self.inbound.isChecked()  # SOP M3
        f.perm_lockout = self.perm.isChecked()  # SOP M4
        f.lockout_code = self.lockout.text()  # SOP M4
        f.with_vehicle = self.with_vehicle.isChecked()  # SOP M6
        f.ready_to_drive = self.ready.isChecked()  # SOP M6
        f.appointment = self._chosen_appointment()  # SOP M5
        self.refresh()

    def _chosen_appointment(self) -> Appointment | None:
        self.appt_error.hide()
        if not self.appt_confirmed.isChecked():
            return None
        if self.appt_from_history.isChecked():
            index = self.appt_history.currentIndex()
            if not self._history_appointments or index < 0:
                return None
            at, summary, kind = self._history_appointments[index]
            valid_kind = kind if kind in {k.code for k in rules.APPOINTMENT_KINDS} else "other"
            return Appointment(at=at.astimezone(self._client_zone()), kind=valid_kind, detail=summary)
        kind = str(self.appt_kind.currentData())
        qdt = self.appt_when.dateTime()
        day, clock = qdt.date(), qdt.time()
        zone = self._client_zone()
        at = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=zone)
        detail = self.appt_detail.text()
        try:
            rules.appointment_booking(kind, detail)  # SOP M11
        except ValueError:
            self.appt_error.setText(_("An “Other” appointment needs a description."))
            self.appt_error.show()
            return None
        return Appointment(at=at, kind=kind, scheduled_here=True, detail=detail)

    def _sync_price(self, *_args: Any) -> None:
        if self._refreshing or self.flow is None:
            return
        f = self.flow
        text = self.price.text().strip()
        self.price_error.hide()
        f.price = None
        if text:
            try:
                f.price = parse_money(text)  # SOP M8: the agent types the M9 amount
            except ValueError:
                self.price_error.setText(_("Type an amount such as 45.00 (two decimals at most)."))
                self.price_error.show()
        f.waiver_requested = self.waive.isChecked()  # SOP M9
        f.waiver_reason = self.waiver_reason.text()
        self.refresh()

    def _sync_code(self, text: str) -> None:
        if self._refreshing or self.flow is None or not self.flow.code_unlocked:
            return
        self.flow.set_code(text)
        self.refresh()

    def _sync_done(self, *_args: Any) -> None:
        if self._refreshing or self.flow is None:
            return
        self.flow.payment_confirmed = self.payment_confirm.isChecked()  # SOP M8
        self.refresh()

    def _on_spelling_language(self, *_args: Any) -> None:
        if self._refreshing or self.flow is None:
            return
        self.flow.set_client_language("es" if self.spell_es.isChecked() else "en")
        self.refresh()

    def _on_step_checked(self, item: QListWidgetItem) -> None:
        if self.flow is None or self._refreshing:
            return
        step_id = str(item.data(Qt.ItemDataRole.UserRole))
        checked = item.checkState() == Qt.CheckState.Checked
        if (step_id in self.flow.checked_steps) != checked:
            self.flow.toggle_entry_step(step_id)

    def _on_reveal(self, shown: bool) -> None:
        self.code.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.refresh()

    # ------------------------------------------------------------------ coaching keys
    def _focus_reader(self) -> None:
        if self.flow is not None and self.flow.cursor is not None:
            self.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def next_char(self) -> None:
        if self.flow is not None and self.flow.cursor is not None:
            self.flow.cursor.next()
            self.repeat_note.clear()
            self.refresh()

    def previous_char(self) -> None:
        if self.flow is not None and self.flow.cursor is not None:
            self.flow.cursor.back()
            self.repeat_note.clear()
            self.refresh()

    def repeat_char(self) -> None:
        if self.flow is not None and self.flow.cursor is not None:
            spelled = self.flow.cursor.repeat()
            self.repeat_note.setText(_("Say it again: {words}").format(words=spelled.words))
            self.refresh()

    # ------------------------------------------------------------------ wizard steps
    def step_complete(self, step: str) -> bool:
        if self.flow is None:
            return False
        if step == DONE:
            return self.saved
        return self.flow.step_valid(step)

    def leave_step(self, step: str) -> bool:
        if self.flow is None:
            return False
        if step == DONE:
            return self.saved
        if self.flow.step != step:
            self.flow.go_to(step)
        moved = self.flow.advance()
        self.refresh()
        return moved

    def enter_step(self, step: str) -> None:
        if step == COACHING:
            self.code.setFocus(Qt.FocusReason.OtherFocusReason)
        elif step == DONE:
            self.payment_confirm.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh()

    def _on_wizard_page(self, page_id: int) -> None:
        if self.flow is None or page_id < 0:
            return
        target = STEPS[page_id]
        if STEPS.index(target) < STEPS.index(self.flow.step):
            self.flow.go_to(target)
        self.refresh()

    # ------------------------------------------------------------------ rendering
    def refresh(self) -> None:
        client = self.ctx.client
        if client is None:
            self.message.setText(_("Open a client first: type a CID or a name above."))
            self.to_poc.hide()
            self.stack.setCurrentIndex(0)
            return
        if client.brand not in flow_mod.BRANDS or self.flow is None:
            # SOP P10: CSG-handled brands go through a POC request, not this page.
            self.message.setText(
                _(
                    "{name} is a CSG-handled client: override codes for this brand are requested "
                    "through CSG with a POC request, not given here."
                ).format(name=client.name)
            )
            self.to_poc.show()
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        self._refreshing = True
        try:
            self._render_preconditions(client)
            self._render_price()
            self._render_coaching()
            self._render_done()
        finally:
            self._refreshing = False
        for page in self.pages.values():
            page.completeChanged.emit()

    def _render_preconditions(self, client: ClientInfo) -> None:
        f = self.flow
        assert f is not None
        self.client_card.setText(
            _("Client on screen: <b>{name}</b> · CID <b>{cid}</b> · {brand}").format(
                name=html.escape(client.name),
                cid=html.escape(client.cid),
                brand=flow_mod.BRAND_LABELS[f.brand],
            )
        )
        zone = self._client_zone()
        self.appt_when_label.setText(
            _("&Date and time (client's time, {zone}):").format(zone=self.ctx.now().astimezone(zone).tzname())
        )
        self.appt_history.setEnabled(bool(self._history_appointments) and self.appt_from_history.isChecked())
        scheduling = self.appt_schedule.isChecked()
        for widget in (self.appt_kind, self.appt_when, self.appt_detail):
            widget.setEnabled(scheduling)
        if scheduling:
            self.appt_confirmed.setText(_("Appointment scheduled in &M9 and read back to the client"))
            kind = str(self.appt_kind.currentData())
            try:
                booking = rules.appointment_booking(kind, self.appt_detail.text())
                if booking.description:  # SOP M11: the kind goes into the description
                    self.appt_m9.setText(
                        _("In M9: type “{type}”, description “{description}”.").format(
                            type=booking.m9_type, description=booking.description
                        )
                    )
                else:
                    self.appt_m9.setText(_("In M9: type “{type}”.").format(type=booking.m9_type))
            except ValueError:
                self.appt_m9.setText(_("In M9: type “Other”; write what the appointment is for."))
            self.appt_m9.show()
        else:
            self.appt_confirmed.setText(_("Appointment c&onfirmed with the client"))
            self.appt_m9.hide()
        code_text = self.lockout.text()
        if code_text and not rules.is_valid_lockout_code(code_text):
            self.lockout_error.setText(_("The lockout code is exactly four digits, 0-9, without spaces."))
            self.lockout_error.show()
        else:
            self.lockout_error.hide()
        self.pre_status.setText(
            _blocker_html(f.precondition_blockers(), _("All conditions met: go on to the price."))
        )

    def _render_price(self) -> None:
        f = self.flow
        assert f is not None
        rule = f.payment()
        self.profile_line.setText(_("Your profile: {profile}").format(profile=_(_PROFILE_NAMES[f.profile])))
        self.rule_line.setText(f"<b>{html.escape(rule.text())}</b>")  # SOP M8
        blocked = f.waiver_blocked
        self.waive.setEnabled(not blocked)
        if blocked:  # SOP M9: one-time courtesy already used
            heading = _("Not available: this client already had a waived override code.")
            lines = "\n".join(f.waiver().earlier_texts())
            self.waiver_history.setText(f"{_WARN_MARK} {heading}\n{lines}")
            self.waiver_history.setStyleSheet("color: #8a4b00;")
        else:
            self.waiver_history.setText(_("No earlier waiver in the client's history."))
            self.waiver_history.setStyleSheet("")
        show_reason = self.waive.isChecked() and not blocked
        self.waiver_reason.setEnabled(show_reason)
        self.waiver_reason_label.setEnabled(show_reason)
        self.price.setEnabled(not f.waived)
        self.price_status.setText(_blocker_html(f.price_blockers(), _("Price settled: go on to the code.")))

    def _render_coaching(self) -> None:
        f = self.flow
        assert f is not None
        unlocked = f.code_unlocked
        self.code.setEnabled(unlocked)
        self.reveal.setEnabled(unlocked and f.cursor is not None)
        self.reveal.setText(_("Hide full code") if self.reveal.isChecked() else _("Show &full code"))
        steps = f.entry_steps
        self.steps_title.setText(
            _("<b>Device entry steps</b> ({brand}, {device})").format(
                brand=html.escape(steps.label), device=html.escape(steps.device or steps.label)
            )
        )
        self.steps_list.setAccessibleName(_("Device entry steps"))
        for row in range(self.steps_list.count()):
            item = self.steps_list.item(row)
            step = steps.steps[row]
            item.setText(f"{row + 1}. {step.text(f.client_language)}")
        generic = _("Generic wording: check the brand's official override instructions for the exact keys.")
        self.steps_note.setText("" if steps.reviewed else f"{_WARN_MARK} {generic}")
        error = ""
        if self.code.text() and f.code_error:
            error = _("Only letters A-Z and digits 0-9 (spaces and dashes are ignored): {detail}").format(
                detail=f.code_error
            )
        self.code_error.setText(error)
        self.code_error.setVisible(bool(error))
        cursor = f.cursor
        for widget in (self.back_button, self.repeat_button, self.next_button):
            widget.setEnabled(cursor is not None)
        if cursor is None:
            self.char.setText("")
            self.words.setText(_("Enter the code to start."))
            self.position.setText("")
            self.char_kind.setText("")
            self.lookalike.hide()
            self.progress.setText("")
            self.full_code.hide()
        else:
            spelled = cursor.current
            self.char.setText(spelled.char)
            self.words.setText(spelled.words)
            self.position.setText(cursor.position_text(current_language()))
            self.char_kind.setText(_("number") if spelled.is_digit else _("letter"))
            warning = rules.lookalike_warning(spelled)
            self.lookalike.setText(f"{_WARN_MARK} {warning}" if warning else "")
            self.lookalike.setVisible(bool(warning))
            self.progress.setText(
                " ".join("●" if i <= cursor.index else "○" for i in range(cursor.total))
            )
            self.progress.setAccessibleName(cursor.position_text(current_language()))
            self.full_code.setText(cursor.full_code())
            self.full_code.setVisible(self.reveal.isChecked())
            self.back_button.setEnabled(not cursor.at_start)
            self.next_button.setEnabled(not cursor.at_end)
        finished = _("Every character read: continue once the client has entered the code.")
        self.coach_status.setText(_blocker_html(f.coaching_blockers(), finished))

    def _render_done(self) -> None:
        f = self.flow
        assert f is not None
        rule = f.payment()
        if f.code_given_at is not None:
            self.given_line.setText(
                _("Override code given at {time}.").format(
                    time=format_time(f.code_given_at.astimezone(self._client_zone()))
                )
            )
        else:
            self.given_line.setText("")
        if rule.needs_confirmation:
            self.payment_confirm.setText(rule.confirmation_text())
            self.payment_confirm.show()
            self.waived_line.hide()
        else:
            self.payment_confirm.hide()
            self.waived_line.setText(f"{_OK_MARK} {rule.confirmation_text()}")
            self.waived_line.show()
        self.payment_confirm.setEnabled(not self.saved)
        if f.step == DONE and f.appointment is not None:
            self.note_preview.setPlainText(self._note_text(current_language()))
        else:
            self.note_preview.clear()
        blockers = f.done_blockers()
        self.save.setEnabled(f.step == DONE and not blockers and not self.saved)
        if self.saved:
            saved = _("Saved to the client's history and sent to Notes. The code itself was not recorded.")
            self.done_status.setText(f"{_OK_MARK} {saved}")
        elif blockers:
            self.done_status.setText(_blocker_html(blockers, ""))
        else:
            self.done_status.setText(_("Ready to save."))

    def _note_text(self, language: str) -> str:
        """Plain 4E-style preview; the Notes page composes the final note from the same fields."""
        assert self.flow is not None
        fields = self.flow.note_fields(language)
        lines = [fields["reason"], *(f"- {line}" for line in fields["resolution"])]
        lines += [fields["additional_info"], fields["follow_up"]]
        return "\n".join(line for line in lines if line)

    # ------------------------------------------------------------------ saving
    def save_note(self) -> None:
        """Append the "override given" entry (waived or not) and hand the note to Notes (SOP M9, N3)."""
        f = self.flow
        client = self.ctx.client
        if f is None or client is None or self.saved or f.step != DONE or f.done_blockers():
            return
        language = current_language()
        fields = f.note_fields(language)
        entry = f.history_entry(language)
        assert f.appointment is not None
        booking = f.appointment.booking if f.appointment.scheduled_here else None
        from desktop.models import grants

        with self.ctx.session() as session:  # SOP M9: a waiver is checked again under the write lock
            result = grants.record_override_given(
                session,
                client_id=client.id,
                entry=grants.NewEntry(
                    kind="override_given",
                    at=entry.at,
                    agent=self.ctx.prefs.agent_name,
                    summary=entry.summary,
                    note_text=self._note_text(language),
                    disposition=entry.disposition,
                    amount=entry.amount,
                    waived=entry.waived,
                    appointment_at=entry.appointment_at,
                    details={
                        "brand": entry.brand,
                        "profile": entry.profile,
                        "appointment_kind": entry.appointment_kind,
                        "m9_type": booking.m9_type if booking else "",
                        "m9_description": booking.description if booking else "",
                        "waiver_reason": entry.waiver_reason,
                    },
                    sop_pack_version=self._pack_version(),
                ),
            )
        if result.existing is not None:  # another save waived a code first: nothing was saved
            with self.ctx.session() as session:
                f.earlier_waivers = tuple(history.waivers(session, client.id))
            self.ctx.historyChanged.emit(client.id)
            self.refresh()
            self.done_status.setText(grants.already_granted_text(result.existing))
            return
        self.saved = True
        note: dict[str, Any] = dict(fields)
        note["customer_name"] = client.name
        self.ctx.offer_note(note)
        self.ctx.update_call(
            appointment_at=entry.appointment_at,
            appointment_time=format_datetime(entry.appointment_at),
        )
        self.ctx.historyChanged.emit(client.id)
        self.code.clear()  # nothing of the code stays on screen once it is given and noted
        self.refresh()

    def _pack_version(self) -> str | None:
        try:
            return str(self.ctx.pack.version)
        except Exception:  # the pack is informative here; never block the save on it
            return None

