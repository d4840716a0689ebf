"""What the override step views share: the typed flow, blockers in words, the client's time zone.

Every reason is shown with a word and a glyph (colour never stands alone), and
what to say to the client comes in the client's language (SOP M2-M9).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop.i18n import _, current_language
from desktop.models.override import texts
from desktop.models.override.flow import OverrideFlow
from desktop.models.store.clients import ClientInfo
from desktop.views.widgets.outcome import Tone, marked
from desktop.views.widgets.steps import StepView
from desktop.views.widgets.text import esc


def describe(flow: OverrideFlow | None, code: str) -> str:
    """A blocker code in plain words, for the brand on screen (SOP P10, M1)."""
    brand = flow.brand if flow is not None else "m9"
    label = flow.brand_label if flow is not None else "Guardian M9"
    return _("{title}: {advice}").format(
        title=texts.blocker_title(code, brand), advice=texts.blocker_text(code, brand, label)
    )


def tell_client(language: str) -> str:
    """ "Tell the client", naming the language the words are in."""
    words = {"en": _("Tell the client (in English):"), "es": _("Tell the client (in Spanish):")}
    return words.get(language, words["en"])


def status_html(flow: OverrideFlow, codes: tuple[str, ...], ok_text: str) -> str:
    """Each unmet condition: title, what to do, and the words for the client in their language."""
    if not codes:
        return f"<p><b>{esc(marked(Tone.OK, ok_text))}</b></p>" if ok_text else ""
    rows = []
    for code in codes:
        title = texts.blocker_title(code, flow.brand)
        advice = texts.blocker_text(code, flow.brand, flow.brand_label)
        row = f"<p><b>{esc(marked(Tone.STOP, title))}</b><br>{esc(advice)}"
        if flow.client_language != current_language():
            said = texts.client_line(code, flow.client_language)
            if said:
                row += f"<br><i>{esc(tell_client(flow.client_language))}</i> “{esc(said)}”"
        rows.append(row + "</p>")
    return "".join(rows)


def client_zone(client: ClientInfo | None) -> ZoneInfo:
    """The client's time zone (appointments are in it, SOP M5); UTC when the roster has none."""
    try:
        return ZoneInfo(client.time_zone) if client is not None and client.time_zone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class OverrideStepView(StepView):
    """An override step: ``self.flow`` is an :class:`OverrideFlow` once bound."""

    flow: OverrideFlow | None

    def shown_blockers(self) -> set[str]:
        """Each step lists its own blockers in its status panel."""
        return set(self.flow.blockers(self.step_id)) if self.flow is not None else set()  # type: ignore[arg-type]
