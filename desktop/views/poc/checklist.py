"""Step 5: the checklist gone through with the client, and what to expect from CSG's call (SOP P5, P6)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import LANGUAGES, _
from desktop.models.poc import texts as pt
from desktop.models.poc.flow import PocStep
from desktop.views.poc.common import PocStepView, problems_html
from desktop.views.widgets.narrow import stack_when_narrow
from desktop.views.widgets.text import heading, wrap
from desktop.views.widgets.wrapping import WrapCheckBox


class ScriptBox(QFrame):
    """The script read to the client, one label per paragraph.

    Why not one label: in a short window (compact, 150 %) the whole script is
    taller than the step's view, so part of it could never be on screen at once;
    a paragraph always fits, and the agent reads one at a time.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.lines = QVBoxLayout(self)
        self.lines.setContentsMargins(8, 8, 8, 8)
        self._labels: list[QLabel] = []
        self._text = ""

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        self._text = text
        paragraphs = text.split("\n\n")
        while len(self._labels) < len(paragraphs):
            label = wrap(QLabel())
            label.setObjectName(f"{self.objectName()}{len(self._labels)}")
            self.lines.addWidget(label)
            self._labels.append(label)
        for index, label in enumerate(self._labels):
            shown = index < len(paragraphs)
            label.setText(paragraphs[index] if shown else "")
            label.setVisible(shown)
        self.setAccessibleDescription(text)


def language_name(language: str) -> str:
    return {"en": _("English"), "es": _("Spanish")}.get(language, language)


class ChecklistView(PocStepView):
    step_id = PocStep.CHECKLIST

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = wrap(QLabel())
        self.body.addWidget(self.intro)
        self.checks: list[WrapCheckBox] = []
        for index in range(len(pt.CHECKLIST_ITEMS)):
            box = WrapCheckBox()
            box.setObjectName(f"pocCheck{index}")
            box.clicked.connect(lambda checked, i=index: self._tick(i, checked))
            self.body.addWidget(box)
            self.checks.append(box)
        self.expect_title = QLabel()
        self.body.addWidget(self.expect_title)
        row = stack_when_narrow(QHBoxLayout())
        self.script_language = wrap(QLabel())
        self.script_language.setObjectName("pocScriptLanguage")
        self.script_toggle = QPushButton()
        self.script_toggle.setObjectName("pocScriptToggle")
        self.script_toggle.clicked.connect(self._toggle)
        row.addWidget(self.script_language, 1)
        row.addWidget(self.script_toggle)
        self.body.addLayout(row)
        self.script = ScriptBox()
        self.script.setObjectName("pocExpectationScript")
        self.body.addWidget(self.script)
        self.explained = WrapCheckBox()
        self.explained.setObjectName("pocExplained")
        self.explained.clicked.connect(self._explained)
        self.body.addWidget(self.explained)
        self.problems = wrap(QLabel())
        self.problems.setObjectName("pocChecklistProblems")
        self.body.addWidget(self.problems)
        self.body.addStretch(1)

    def _tick(self, index: int, checked: bool) -> None:
        if self.flow is not None:
            self.flow.tick(index, checked)
            self.changed.emit()

    def _explained(self, checked: bool) -> None:
        if self.flow is not None:
            self.flow.expectation_explained = checked
            self.changed.emit()

    def _toggle(self) -> None:
        if self.flow is not None:
            self.flow.toggle_script_language()
            self.changed.emit()

    # -- StepView hooks ------------------------------------------------------
    def reset(self) -> None:
        for box in (*self.checks, self.explained):
            box.setChecked(False)

    def retranslate(self) -> None:
        self.set_heading(_("5. Checklist"), _("Go through the checklist and what to expect."))
        self.intro.setText(_("Go through each item with the client and tick it:"))
        for box, item in zip(self.checks, pt.CHECKLIST_ITEMS, strict=True):
            box.setText(_(item))
        self.expect_title.setText(heading(_("What to expect")))
        self.explained.setText(_("I e&xplained what to expect"))
        self._render_language()

    def _render_language(self) -> None:
        current = self.flow.script_language if self.flow is not None else "en"
        other = next(lang for lang in LANGUAGES if lang != current)
        self.script_language.setText(
            _("Read to the client in {language}.").format(language=language_name(current))
        )
        self.script_toggle.setText(_("Switch to &{language}").format(language=language_name(other)))

    def refresh(self) -> None:
        f = self.flow
        if f is None:
            return
        self._render_language()
        self.script.setText(f.expectation_script() or _("Pick the appointment first."))
        self.problems.setText(problems_html(f.blockers(self.step_id)))
