"""What the lead is about to save: every change against the active version, and every problem."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from desktop.i18n import _, current_language
from desktop.models.sop import PackProblem
from desktop.models.sop_edit import Change
from desktop.views.page import translate_ui


class ChangesView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.changes: list[Change] = []
        self.problems: tuple[PackProblem, ...] = ()
        self.base_ref = ""
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.change_list = QListWidget()
        self.change_list.setObjectName("packChanges")
        self.change_list.setWordWrap(True)
        self.problem_title = QLabel()
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("packEditProblems")
        self.problem_list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.change_list, 2)
        layout.addWidget(self.problem_title)
        layout.addWidget(self.problem_list, 1)
        translate_ui(self, self.retranslate)

    def set_changes(self, base_ref: str, changes: list[Change], problems: tuple[PackProblem, ...]) -> None:
        self.base_ref, self.changes, self.problems = base_ref, changes, problems
        self.retranslate()

    def texts(self) -> list[str]:
        return [self.change_list.item(i).text() for i in range(self.change_list.count())]

    def problem_texts(self) -> list[str]:
        return [self.problem_list.item(i).text() for i in range(self.problem_list.count())]

    def retranslate(self) -> None:
        language = current_language()
        self.title.setText(
            _("Changes against the active version ({ref}):").format(ref=self.base_ref)
            if self.changes
            else _("No changes against the active version ({ref}).").format(ref=self.base_ref)
        )
        self.change_list.clear()
        self.change_list.addItems([c.text(language) for c in self.changes])
        self.change_list.setAccessibleName(_("Changes against the active version"))
        self.problem_title.setText(_("Fix these before saving:") if self.problems else "")
        self.problem_title.setVisible(bool(self.problems))
        self.problem_list.clear()
        self.problem_list.addItems([p.text(language) for p in self.problems])
        self.problem_list.setVisible(bool(self.problems))
        self.problem_list.setAccessibleName(_("Problems in the edited pack"))
