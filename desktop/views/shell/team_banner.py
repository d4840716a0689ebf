"""What the main window shows of team mode: the offline banner, this desk's rule conflicts,
the SOP pack in use, and the lead's menu entry.

Why banners and not dialogs: the agent is on a live call; a banner says what
changed (offline, provisional one-time checks, a lost offline grant) without
taking the keyboard away.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.i18n import N_, _, format_datetime, format_money
from desktop.models.team.status import TeamStatus, status_text
from desktop.views.page import translate_ui
from desktop.views.shell.team_link import TeamLink, link_of
from desktop.views.widgets.banner import Banner
from desktop.views.widgets.outcome import Tone

if TYPE_CHECKING:
    from desktop.models.team.lead import ConflictInfo
    from desktop.views.shell.main_window import MainWindow

LEAD_ACTION_TEXT = N_("Rule &conflicts (leads)…")

#: Headline and body of the banner when the password kept this desk offline (a network coming back
#: would change nothing: someone has to type the password).
LOGIN_TEXTS: dict[str, tuple[str, str]] = {
    "no_password": (
        N_("No password for the team server on this computer"),
        N_("This computer's credential store holds no password for {user} on {server}, so the app works from "
           "its own copy. Type the password in Edit → Preferences → Team server."),
    ),
    "wrong_password": (
        N_("The team server refused the saved password"),
        N_("The password saved on this computer for {user} on {server} is not the right one (it may have been "
           "changed), so the app works from its own copy. Type the current password in Edit → Preferences → "
           "Team server."),
    ),
}


def login_names(link: TeamLink) -> tuple[str, str]:
    """The login and the server the banner names (never the password)."""
    url = link.desk.remote.url
    return str(url.username or ""), str(url.host or "")


def local_status(status: TeamStatus) -> TeamStatus:
    """The offline time on this computer's clock (the desk's clock runs in UTC)."""
    since = status.offline_since
    return status if since is None else replace(status, offline_since=since.astimezone())


def conflict_text(conflict: ConflictInfo) -> tuple[str, str]:
    """Headline and body of the banner about one of this desk's lost offline grants (SOP C1, M9)."""
    client = f"{conflict.client_name} ({conflict.client_cid})"
    mine = format_datetime(conflict.loser_at.astimezone())
    first = format_datetime(conflict.winner.granted_at.astimezone())
    agent = conflict.winner.agent or _("another agent")
    if conflict.kind == "courtesy_credit":
        headline = _("Courtesy credit given twice: {client}").format(client=client)
        amount = format_money(conflict.winner.amount) if conflict.winner.amount is not None else ""
        body = _(
            "Your courtesy credit of {when} was saved while offline, but {agent} had already given one "
            "on {first} ({amount}). A courtesy credit is one-time (SOP C1): a lead will review it."
        ).format(when=mine, agent=agent, first=first, amount=amount)
    else:
        headline = _("Override fee waived twice: {client}").format(client=client)
        body = _(
            "Your waived override fee of {when} was saved while offline, but {agent} had already waived one "
            "on {first}. A waiver is one-time (SOP M9): a lead will review it."
        ).format(when=mine, agent=agent, first=first)
    return headline, body


class TeamBanners(QWidget):
    """The offline banner on top, then one banner per open rule conflict of this desk."""

    def __init__(self, link: TeamLink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamBanners")
        self.link = link
        self.offline = Banner("teamOfflineBanner")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.offline)
        self.conflict_banners: list[Banner] = []
        self.lead_action: QAction | None = None  # shown to leads only, once the server said who this is
        link.statusChanged.connect(self._render_status)
        link.conflictsChanged.connect(self._render_conflicts)
        translate_ui(self, self.retranslate)

    def retranslate(self) -> None:
        self._render_status(self.link.status)
        self._render_conflicts(self.link.conflicts)

    def _render_status(self, status: TeamStatus | None) -> None:
        if self.lead_action is not None:
            self.lead_action.setVisible(status is not None and status.role == "lead")
        text = status_text(local_status(status)) if status is not None and not status.online else ""
        login = self.link.login_problem
        if text and login in LOGIN_TEXTS:  # the password, not the network: say what to do about it
            headline, body = LOGIN_TEXTS[login]
            user, server = login_names(self.link)
            self.offline.show_message(Tone.STOP, _(headline), _(body).format(user=user, server=server) + "\n" + text)
        elif text:
            self.offline.show_message(Tone.WARN, text)
        else:
            self.offline.hide()

    def _render_conflicts(self, conflicts: tuple[ConflictInfo, ...]) -> None:
        for banner in self.conflict_banners:
            banner.hide()
            banner.deleteLater()
        self.conflict_banners = []
        for conflict in conflicts:
            banner = Banner("teamConflictBanner")
            banner.show_message(Tone.STOP, *conflict_text(conflict))
            self.layout_.addWidget(banner)
            self.conflict_banners.append(banner)


class PackLabel(QLabel):
    """Status bar: the SOP pack version this desk uses (the active one on the server)."""

    def __init__(self, link: TeamLink) -> None:
        super().__init__()
        self.setObjectName("teamPack")
        self.link = link
        link.statusChanged.connect(self._on_status)
        translate_ui(self, self.retranslate)

    def _on_status(self, _status: TeamStatus) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        status = self.link.status
        if status is None or status.pack_ref is None:
            self.setText(_("Team SOP pack: the one shipped with the app"))
        else:
            self.setText(_("Team SOP pack: {pack}").format(pack=status.pack_ref))


def install(window: MainWindow) -> None:
    """Team mode only: banners above the workspace, the pack in the status bar, the lead's entry."""
    link = link_of(window.ctx)
    if link is None:
        return
    central = window.centralWidget()
    layout = central.layout() if central is not None else None
    banners = TeamBanners(link, central)
    if isinstance(layout, QVBoxLayout):
        layout.insertWidget(0, banners)
    window.status.addPermanentWidget(PackLabel(link))
    action = QAction(window)
    action.setObjectName("teamConflictsAction")
    action.triggered.connect(lambda: open_conflicts(window))
    window.file_menu.addAction(action)
    window.extra_actions.append((action, LEAD_ACTION_TEXT))  # the window sets its text per language
    banners.lead_action = action  # the role is known once the server answered; agents never see it
    action.setVisible(link.status is not None and link.status.role == "lead")


def open_conflicts(window: MainWindow) -> None:
    from desktop.views.lead.conflicts import ConflictsDialog

    link = link_of(window.ctx)
    if link is None:
        return
    dialog = ConflictsDialog(window.ctx, link.desk, window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
