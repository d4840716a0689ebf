"""What the main window shows of team mode: the offline banner, this desk's rule conflicts,
the SOP pack in use, and the lead's menu entry.

Why banners and not dialogs: the agent is on a live call; a banner says what
changed (offline, provisional one-time checks, a lost offline grant) without
taking the keyboard away.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop.i18n import N_, _, format_datetime, format_money, ngettext
from desktop.models.team.status import TeamStatus, status_lines
from desktop.views.lead.menu import add_file_action
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
    """Headline and body of the banner about one of this desk's lost offline grants (SOP C1, M9).

    Times are this computer's, as the offline banner's are, so they go without a zone.
    """
    client = f"{conflict.client_name} ({conflict.client_cid})"
    mine = format_datetime(conflict.loser_at.astimezone(), with_zone=False)
    first = format_datetime(conflict.winner.granted_at.astimezone(), with_zone=False)
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


#: How many lost grants the banner lists one line each; the rest it counts.
LISTED_CONFLICTS = 3


def conflicts_text(conflicts: tuple[ConflictInfo, ...]) -> tuple[str, str]:
    """Headline and body of the one banner about this desk's lost offline grants (SOP C1, M9).

    Why one banner for all of them: a desk that was offline for a morning may lose
    several, and a banner each would push the agent's workflow off the screen.
    """
    if len(conflicts) == 1:
        return conflict_text(conflicts[0])
    headline = ngettext(
        "{n} one-time grant given twice: a lead will review it",
        "{n} one-time grants given twice: a lead will review them",
        len(conflicts),
    ).format(n=len(conflicts))
    lines = [conflict_line(c) for c in conflicts[:LISTED_CONFLICTS]]
    more = len(conflicts) - LISTED_CONFLICTS
    if more > 0:
        lines.append(ngettext("…and {n} more", "…and {n} more", more).format(n=more))
    return headline, "\n".join(lines)


def conflict_line(conflict: ConflictInfo) -> str:
    """One lost grant in a line: what, whose, and who gave it first when."""
    client = f"{conflict.client_name} ({conflict.client_cid})"
    agent = conflict.winner.agent or _("another agent")
    first = format_datetime(conflict.winner.granted_at.astimezone(), with_zone=False)
    if conflict.kind == "courtesy_credit":
        return _("Courtesy credit, {client}: {agent} gave one first, on {first}").format(
            client=client, agent=agent, first=first)
    return _("Waived override fee, {client}: {agent} waived one first, on {first}").format(
        client=client, agent=agent, first=first)


class TeamBanners(QWidget):
    """The offline banner on top, then one banner for this desk's open rule conflicts."""

    changed = Signal()  # a banner was shown, hidden or reworded

    def __init__(self, link: TeamLink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamBanners")
        self.link = link
        self.offline = Banner("teamOfflineBanner", Banner.NOTICE_PT)
        self.conflicts = Banner("teamConflictBanner", Banner.NOTICE_PT)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.offline)
        self.layout_.addWidget(self.conflicts)
        link.statusChanged.connect(self._render_status)
        link.conflictsChanged.connect(self._render_conflicts)
        translate_ui(self, self.retranslate)

    def retranslate(self) -> None:
        self._render_status(self.link.status)
        self._render_conflicts(self.link.conflicts)

    def _render_status(self, status: TeamStatus | None) -> None:
        # the lost grants have a banner of their own: this one leaves their count out
        lines = status_lines(local_status(status), conflicts=False) if status is not None and not status.online else []
        login = self.link.login_problem
        if lines and login in LOGIN_TEXTS:  # the password, not the network: say what to do about it
            headline, body = LOGIN_TEXTS[login]
            user, server = login_names(self.link)
            self.offline.show_message(Tone.STOP, _(headline),
                                      _(body).format(user=user, server=server) + "\n" + " · ".join(lines))
        elif lines:
            self.offline.show_message(Tone.WARN, lines[0], " · ".join(lines[1:]))
        else:
            self.offline.hide()
        self.changed.emit()

    def _render_conflicts(self, conflicts: tuple[ConflictInfo, ...]) -> None:
        if conflicts:
            self.conflicts.show_message(Tone.STOP, *conflicts_text(conflicts))
        else:
            self.conflicts.hide()
        self.changed.emit()


class BannerArea(QScrollArea):
    """The team banners above the workspace: as tall as they need, up to a fifth of the window, then scrolling.

    Why a cap: on a short screen (768 px at 150 %) the offline banner and a lost
    grant's banner together took over half the window and squeezed the agent's
    workflow until its texts were cut; past the cap the banners scroll and the
    workflow keeps its room.
    """

    #: The part of the window's height the banners may take before they scroll.
    SHARE = 5

    def __init__(self, banners: TeamBanners) -> None:
        super().__init__()
        self.setObjectName("teamBannerArea")
        self.banners = banners
        self.setWidget(banners)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        banners.installEventFilter(self)
        banners.changed.connect(self.follow)
        self.follow()

    def _needed(self) -> int:
        banners = self.banners
        width = self.viewport().width() if self.isVisible() else self.width()
        return banners.heightForWidth(width) if banners.hasHeightForWidth() else banners.sizeHint().height()

    def sizeHint(self) -> QSize:
        cap = max(1, self.window().height() // self.SHARE)
        return QSize(super().sizeHint().width(), min(self._needed(), cap))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def follow(self) -> None:
        """Shown while a banner shows; asks the window for the height its banners now need."""
        if self.parentWidget() is None:  # not placed yet: shown now it would open as a window of its own
            return
        self.setVisible(any(not b.isHidden() for b in self.banners.findChildren(Banner)))
        self.setFixedHeight(self.sizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kinds = (QEvent.Type.LayoutRequest, QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.Resize)
        if event.type() in kinds:
            self.follow()
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.window().installEventFilter(self)  # a taller or shorter window moves the cap (once: Qt keeps one)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():  # wrapped banners change height with width
            self.follow()


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
        if status is None or status.pack_ref is None:  # short in the bar, which is shared; whole in the tip
            self.setText(_("SOP pack: built-in"))
            self.setToolTip(_("Team SOP pack: the one shipped with the app"))
        else:
            self.setText(_("SOP pack: {pack}").format(pack=status.pack_ref))
            self.setToolTip(_("Team SOP pack: {pack}").format(pack=status.pack_ref))


def install(window: MainWindow) -> None:
    """Team mode only: banners above the workspace, the pack in the status bar, the lead's entry."""
    link = link_of(window.ctx)
    if link is None:
        return
    central = window.centralWidget()
    layout = central.layout() if central is not None else None
    banners = TeamBanners(link)
    if isinstance(layout, QVBoxLayout):
        area = BannerArea(banners)
        layout.insertWidget(0, area)
        area.follow()
    window.status.addPermanentWidget(PackLabel(link))
    # like the other lead entries: shown once the server names this login a lead's; agents never see it
    add_file_action(window, "teamConflictsAction", LEAD_ACTION_TEXT, open_conflicts)


def open_conflicts(window: MainWindow) -> None:
    from desktop.views.lead.conflicts import ConflictsDialog

    link = link_of(window.ctx)
    if link is None:
        return
    dialog = ConflictsDialog(window.ctx, link.desk, window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
