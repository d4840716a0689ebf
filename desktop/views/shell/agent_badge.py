"""A small read-only badge of who is at this desk: name, profile (SOP M8) and training (SOP P9).

Profile and training decide what the override and POC screens say, so they stay
in sight; they are changed in Preferences, not in the middle of a call.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import N_, _
from desktop.models.store.prefs import Preferences
from desktop.views.context import AppContext
from desktop.views.page import translate_ui

PROFILE_NAMES: dict[str, str] = {"full_service": N_("Full service"), "check_change": N_("Check/change")}


def profile_name(profile: str) -> str:
    return _(PROFILE_NAMES[profile]) if profile in PROFILE_NAMES else profile


def badge_text(prefs: Preferences) -> str:
    """E.g. "Ana Ruiz · Check/change · Trained"."""
    parts = [prefs.agent_name.strip()] if prefs.agent_name.strip() else []
    parts.append(profile_name(prefs.profile))
    parts.append(_("Trained") if prefs.trained_override else _("Not trained"))
    return " · ".join(parts)


class AgentBadge(QLabel):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("agentBadge")
        self.setWordWrap(True)  # squeezed by a long call line, it takes a second row rather than leave the bar
        ctx.prefsChanged.connect(self.refresh)
        translate_ui(self, self.refresh)

    def refresh(self) -> None:
        self.setText(badge_text(self.ctx.prefs))
        self.setAccessibleName(_("Agent profile"))
        self.setToolTip(_("Agent profile and override training. Change them in Edit → Preferences (Ctrl+,)."))
