"""What the POC step views share: the typed flow, blockers in words, the "still needed" list."""

from __future__ import annotations

from desktop.i18n import _
from desktop.models.poc.flow import PocFlow
from desktop.models.poc.texts import blocker_text
from desktop.views.widgets.clipboard import copy_text as copy_text
from desktop.views.widgets.outcome import TONES, Tone
from desktop.views.widgets.steps import StepView
from desktop.views.widgets.text import bullets, esc


def problems_html(codes: list[str] | tuple[str, ...]) -> str:
    """The blockers of a step as a marked list (the glyph says "warning", not only the colour)."""
    if not codes:
        return ""
    style = TONES[Tone.WARN]
    title = f"<span style='color:{style.foreground}'><b>{style.glyph} {esc(_('Still needed:'))}</b></span>"
    return title + bullets([blocker_text(code) for code in codes])


class PocStepView(StepView):
    """A POC request step: ``self.flow`` is a :class:`PocFlow` once bound.

    The steps list their own blockers under their fields, so the container's
    list stays empty (:meth:`shown_blockers`).
    """

    flow: PocFlow | None

    def shown_blockers(self) -> set[str]:
        return set() if self.flow is None else set(self.flow.blockers(self.step_id))
