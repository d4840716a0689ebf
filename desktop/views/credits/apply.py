"""Step 3: enter the credit in the client's system and educate the client (SOP C5, C13)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.i18n import LANGUAGES, _
from desktop.models import credits
from desktop.models.credits.flow import CreditStep
from desktop.views.credits.common import CreditStepView, tell_heading
from desktop.views.widgets.clipboard import copy_text
from desktop.views.widgets.field_row import FieldRow
from desktop.views.widgets.outcome import TONES, Tone, marked
from desktop.views.widgets.text import bullets, esc, heading, paragraph, wrap
from desktop.views.widgets.wrapping import WrapCheckBox


class ApplyView(CreditStepView):
    step_id = CreditStep.APPLY

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.apply_steps = wrap(QLabel())
        self.apply_steps.setObjectName("creditApplySteps")
        self.body.addWidget(self.apply_steps)
        grid = QGridLayout()
        self.paste = QLineEdit()
        self.paste.setReadOnly(True)
        self.paste_row = FieldRow(self.paste, "creditPasteAmount")
        self.paste_row.place(grid, 0)
        self.copy_paste = QPushButton()
        self.copy_paste.setObjectName("creditCopyAmount")
        self.copy_paste.clicked.connect(self._copy_amount)
        grid.addWidget(self.copy_paste, 0, 2)
        self.script_lang = QComboBox()
        for lang in LANGUAGES:
            self.script_lang.addItem("", lang)
        self.script_lang_row = FieldRow(self.script_lang, "creditScriptLanguage")
        self.script_lang_row.place(grid, 2)
        self.action_done = WrapCheckBox()
        self.action_done.setObjectName("creditActionDone")
        self.body.addWidget(self.action_done)
        self.body.addLayout(grid)
        self.apply_script = wrap(QLabel())
        self.apply_script.setObjectName("creditApplyScript")
        self.body.addWidget(self.apply_script)
        self.education = wrap(QLabel())
        self.education.setObjectName("creditEducation")
        self.body.addWidget(self.education)
        self.education_given = WrapCheckBox()
        self.education_given.setObjectName("creditEducationGiven")
        self.body.addWidget(self.education_given)
        self.body.addStretch(1)

        self.action_done.clicked.connect(self._write)
        self.education_given.clicked.connect(self._write)
        self.script_lang.activated.connect(self._on_script_language)

    def _write(self) -> None:
        if self.flow is not None:
            self.flow.set_action_done(self.action_done.isChecked())
            self.flow.set_education_given(self.education_given.isChecked())
            self.changed.emit()

    def _on_script_language(self) -> None:
        value = self.script_lang.currentData()
        if self.flow is not None and isinstance(value, str):
            self.flow.client_language = value
            self.changed.emit()

    def _copy_amount(self) -> None:
        copy_text(self.paste.text())

    # -- StepView hooks --------------------------------------------------------
    def reset(self) -> None:
        language = self.flow.client_language if self.flow is not None else "en"
        self.script_lang.setCurrentIndex(max(self.script_lang.findData(language), 0))

    def first_field(self) -> QWidget:
        return self.action_done if not self.action_done.isHidden() else self.education_given

    def retranslate(self) -> None:
        self.set_heading(_("3. Apply"), _("Enter it in the client's system and educate the client."))
        # Its visible text depends on the decision; named here for screen readers.
        self.action_done.setAccessibleName(_("Entry done in the client's system"))
        self.paste_row.set_label(_("Amount to paste:"))
        self.copy_paste.setText(_("Cop&y amount"))
        self.script_lang_row.set_label(_("Client script &language:"))
        self.script_lang.setItemText(0, _("English"))
        self.script_lang.setItemText(1, _("Spanish"))
        self.education_given.setText(_("I &educated the client on avoiding future fees (SOP C5)"))

    def refresh(self) -> None:
        f = self.flow
        decision = f.decision() if f is not None else None
        request = f.request() if f is not None else None
        if f is None or decision is None or request is None:
            return
        lang = f.client_language
        steps = f.coupon_steps()
        if steps is not None:
            body = heading(steps.title) + bullets(list(steps.steps), ordered=True)
            if not steps.verified:
                warning = _("These steps are not confirmed by the SOP documents: check with a lead.")
                body += f"<p style='color:{TONES[Tone.WARN].foreground}'>{esc(marked(Tone.WARN, warning))}</p>"
            self.apply_steps.setText(body)
        else:
            self.apply_steps.setText(heading(_("Next steps:")) + bullets(f.agent_steps()))
        paste = f.paste_amount() if decision.outcome == "allow" else None
        self.paste_row.set_visible(paste is not None)
        self.copy_paste.setVisible(paste is not None)
        self.paste.setText(paste or "")
        self.action_done.setVisible(decision.outcome != "deny")
        self.action_done.setText(
            _("I &saved the coupon credit")
            if decision.outcome == "allow"
            else _("I &completed the next step")
        )
        self.action_done.setChecked(f.action_done)
        self.education_given.setChecked(f.education_given)
        script = ""
        if decision.outcome != "allow":
            script = credits.client_script(decision, request, pack=f.pack, language=lang)
        elif f.credit_amount is not None:
            script = credits.client_script(
                decision, request, pack=f.pack, language=lang, amount=f.credit_amount
            )
        self.apply_script.setText(tell_heading(lang) + paragraph(script) if script else "")
        self.education.setText(
            heading(_("Avoiding future fees (SOP C5):")) + paragraph(f.education_script(lang))
        )
