"""What the lint found in the note, and what still stops it from being copied (SOP N1, N3, N4).

Every finding blocks until the agent rewrites the text (a linter that only
advises is one agents learn to click past); the one exception is a direct
quote the client asked to have recorded, which the agent marks with the check
box shown only when the note holds a quote.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from desktop.i18n import N_, _
from desktop.models.notes import DIRECT_QUOTE, Finding, finding_text
from desktop.models.notes.lint import blocking_findings
from desktop.views.widgets.colors import Role, style_text
from desktop.views.widgets.outcome import Tone, glyph  # the one set of outcome marks

PART_NAMES = {
    "customer_name": N_("customer name"),
    "reason": N_("reason"),
    "resolution": N_("resolution"),
    "disposition": N_("disposition"),
}
WARN_MARK, OK_MARK = glyph(Tone.WARN), glyph(Tone.OK)
_SNIPPET = 40  # characters of the flagged text quoted in a finding's line


class LintPanel(QWidget):
    """The findings in words, the quote check box and the "still needed" line."""

    quoteToggled = Signal()  # the agent marked (or unmarked) the quote as requested

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings = QLabel()
        self.findings.setObjectName("noteFindings")
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        # SOP N1: a direct quote is allowed only when the client asks for it to be recorded.
        self.quote_requested = QCheckBox()
        self.quote_requested.setObjectName("quoteRequested")
        self.missing_error = QLabel()
        self.missing_error.setObjectName("noteMissingError")
        self.missing_error.setWordWrap(True)
        style_text(self.missing_error, Role.ERROR)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.findings, self.quote_requested, self.missing_error):
            layout.addWidget(widget)
        self.quote_requested.toggled.connect(lambda _c: self.quoteToggled.emit())

    def retranslate(self) -> None:
        self.quote_requested.setText(_("The client asked for the &quote to be recorded"))

    def show_findings(self, text: str, findings: Sequence[Finding], missing: Sequence[str]) -> tuple[Finding, ...]:
        """Explain ``findings`` of ``text`` and the ``missing`` parts; returns the findings that block copying."""
        lines = []
        for finding in findings:
            snippet = text[finding.start : finding.end].strip("\"“”«»„")
            if len(snippet) > _SNIPPET:
                snippet = snippet[: _SNIPPET - 1] + "…"
            line = _("{mark} “{text}”: {explanation}").format(
                mark=WARN_MARK, text=snippet, explanation=finding_text(finding.code)
            )
            lines.append(html.escape(line))
        if lines:
            self.findings.setText("<br>".join(lines))
        else:
            self.findings.setText(html.escape(_("{mark} No problems found in the note.").format(mark=OK_MARK)))

        blocking = blocking_findings(tuple(findings), quote_requested=self.quote_requested.isChecked())
        self.quote_requested.setVisible(any(f.code == DIRECT_QUOTE for f in findings))
        problems = []
        if missing:
            parts = ", ".join(_(PART_NAMES[p]) for p in missing)
            problems.append(_("Still needed before copying: {parts}").format(parts=parts))
        if blocking:
            # SOP N1: the note is rewritten, not copied with a warning the agent clicks past.
            problems.append(_("Rewrite the underlined text before copying (SOP N1)."))
        self.missing_error.setText(" ".join(problems))
        self.missing_error.setVisible(bool(problems))
        return blocking
