"""State SOP packs in team mode: what a lead imports, saves or activates goes to the team server.

Why the server and not this desk's store: in team mode the desk's SQLite is a
cache of the server, and every desk uses the version the server marks active.
A version stored only here would be seen by no other desk and undone by the
next refresh.  The same two steps as standalone remain: a published version is
listed on every desk, and activating it makes every desk use it.

Why the role is checked twice: the server refuses an agent's login whatever a
screen shows (only the lead role may write SOP packs); a desk the server has
already named an agent's says so at once, without asking it again.

Standalone nothing here runs: the dialogs keep writing to the local store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import DBAPIError

from desktop.i18n import N_, _, current_language
from desktop.views.shell import team_jobs
from desktop.views.shell.team_link import desk_of, link_of

if TYPE_CHECKING:  # the server modules load only in team mode: standalone start-up stays lean
    from desktop.models.team.lead import LeadResult
    from desktop.models.team.workstation import Workstation
    from desktop.views.context import AppContext

log = logging.getLogger(__name__)

#: A lead's action on the desk (run off the GUI thread), and what shows its answer.
Action = Callable[["Workstation"], "LeadResult"]
Done = Callable[["LeadResult"], None]

#: The words a refused publish or activation shows, by :class:`LeadResult` code.
REFUSALS: dict[str, str] = {
    "not_lead": N_(
        "Not published: only a team lead may publish SOP packs, and this desk is signed in to the team "
        "server as an agent (the server refuses it too). Ask a lead to publish the pack."
    ),
    "offline": N_("Not published: the team server cannot be reached, so nothing changed. Try again when it is back."),
    "not_found": N_("Not activated: the team server no longer holds this version."),
    "server_error": N_("Not published: the team server answered with an error, so nothing changed."),
    "duplicate_version": N_(
        "Version {version} of “{name}” is already stored and is never overwritten. "
        "Give the changed pack a new version number."
    ),
}
PUBLISHED = N_(
    "Published {ref} to the team server: every desk lists it after its next refresh. "
    "Activate it when it is ready for agents."
)
ACTIVATED = N_("{ref} is now active on the team server: every desk uses it after its next refresh.")
SENDING = N_("Publishing to the team server…")
AGENT_NOTE = N_("Only a team lead may publish SOP packs: this desk is signed in to the team server as an agent.")
TEAM_NOTE = N_("This desk works with the team server: what you import, save or activate here is published to every desk.")


def in_team(ctx: AppContext) -> bool:
    """Whether packs live on a team server (else on this desk's own store, as always)."""
    return desk_of(ctx) is not None


def known_agent(ctx: AppContext) -> bool:
    """Whether the server has already said this desk's login is not a lead's (SOP packs are a lead's)."""
    link = link_of(ctx)
    role = link.status.role if link is not None and link.status is not None else None
    return role is not None and role != "lead"


def team_note(ctx: AppContext) -> str:
    """A line for the dialogs: where packs go in team mode, or why this desk cannot publish."""
    if not in_team(ctx):
        return ""
    return _(AGENT_NOTE) if known_agent(ctx) else _(TEAM_NOTE)


def on_status(ctx: AppContext, slot: Callable[[object], None]) -> None:
    """Call ``slot`` (a method of a widget) after every word from the team server; standalone never."""
    link = link_of(ctx)
    if link is not None:
        link.statusChanged.connect(slot)


def busy(owner: QObject) -> bool:
    """Whether ``owner``'s publish waits for the server's answer."""
    return team_jobs.running((owner, "publish"))


def refusal_text(result: LeadResult) -> str:
    """A refused publish in plain words, in the active language."""
    if result.code == "invalid_pack" and result.problems:
        return _("Not published: {reason}").format(reason=result.problems[0].text(current_language()))
    if result.code == "duplicate_version" and result.duplicate is not None:
        name, version = result.duplicate
        msgid = REFUSALS["duplicate_version"]
        return _(msgid).format(name=name, version=version)
    msgid = REFUSALS.get(result.code or "", REFUSALS["server_error"])
    return _(msgid)


def publish(
    ctx: AppContext,
    action: Action,
    done: Done,
    *,
    owner: QObject,
    busy: Sequence[QWidget],
) -> bool:
    """Run a lead's pack action on the team server off the GUI thread; ``done`` gets the answer.

    ``False`` when ``owner``'s previous publish is still on its way.  On success the
    desk has already copied the server's packs into its cache: the window's pack is
    reloaded at once, and a tick updates the status bar's pack.
    """
    from desktop.models.team.lead import LeadResult

    desk = desk_of(ctx)
    if desk is None:
        raise RuntimeError("publishing needs a team server")
    if known_agent(ctx):
        done(LeadResult(False, "not_lead"))
        return True

    def finished(result: LeadResult) -> None:
        done(result)
        if result.ok:
            ctx.reload_pack()
            link = link_of(ctx)
            if link is not None:
                link.tick_now()

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, DBAPIError):
            raise exc
        log.error("the team server refused a SOP pack action: %s", exc)
        done(LeadResult(False, "server_error"))

    return team_jobs.run(
        ctx, lambda: action(desk), finished, failed=failed, key=(owner, "publish"), owner=owner, busy=busy
    )
