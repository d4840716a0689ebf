"""A lead publishes state SOP packs to the team server from the SOP packs dialog and the pack editor,
every desk uses the active one after its refresh, and an agent's desk is refused in plain words."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QFileDialog
from sqlalchemy import create_engine, text

from desktop.models import sop
from desktop.views.lead import team_packs
from desktop.views.lead.pack_editor import PackEditorDialog
from desktop.views.lead.sop_packs import SopPacksDialog
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.team_banner import PackLabel
from tests import keyboard
from tests.models.store.test_sop_store import pack_text
from tests.team.conftest import Desk, ServerDb
from tests.team.gui import TeamWindow
from tests.team.test_team_views import shown, ticked
from tests.views.helpers import choose
from tests.views.lead.pack_editor.test_dialog import pick_state, type_fee

pytestmark = pytest.mark.team

NAME = sop.load_default_pack().name
SHIPPED_LABEL = "SOP pack: built-in"


def server_packs(server_db: ServerDb) -> list[tuple[str, bool]]:
    engine = create_engine(server_db.admin_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT version, is_active FROM sop_packs ORDER BY id")).all()
    engine.dispose()
    return [(str(r[0]), bool(r[1])) for r in rows]


def pack_label(window: MainWindow) -> str:
    label = window.findChild(PackLabel)
    assert label is not None
    return label.text()


def packs_dialog(qtbot: Any, team: TeamWindow, parent: MainWindow | None = None) -> SopPacksDialog:
    dialog = SopPacksDialog(team.ctx, parent)
    if parent is None:
        qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    return dialog


def import_by_menu(
    qtbot: Any, dialog: SopPacksDialog, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Click "Import JSON…" and pick the file (the file chooser answers with ``pack``)."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(pack), "")))
    keyboard.click(dialog.import_button)


def answered(qtbot: Any, message: Any) -> None:
    """Wait for the server's answer (the "…on its way" words give way to it)."""
    qtbot.waitUntil(lambda: message.text() and not message.text().endswith("…"), timeout=15_000)


def click_row(dialog: SopPacksDialog, row: int) -> None:
    item = dialog.table.item(row, 0)
    assert item is not None
    keyboard.click(dialog.table.viewport(), dialog.table.visualItemRect(item).center())
    assert dialog.table.currentRow() == row


def test_a_lead_publishes_an_imported_pack_activates_it_and_every_desk_uses_it(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    agent = team_window("desk-1", "ia_agent1")
    agent_window = shown(qtbot, MainWindow(agent.ctx))
    ticked(qtbot, agent)
    lead = team_window("lead", "ia_lead1")
    lead_window = shown(qtbot, MainWindow(lead.ctx))
    ticked(qtbot, lead)
    dialog = packs_dialog(qtbot, lead, lead_window)
    assert "published to every desk" in dialog.intro.text()
    pack = tmp_path / "sop-pack-2026.12.5.json"
    pack.write_text(pack_text("2026.12.5"), encoding="utf-8")

    import_by_menu(qtbot, dialog, pack, monkeypatch)
    answered(qtbot, dialog.message)
    ref = f"{NAME} 2026.12.5"
    assert dialog.message.text() == (
        f"✔ Published {ref} to the team server: every desk lists it after its next refresh. "
        "Activate it when it is ready for agents."
    )
    assert server_packs(server_db) == [("2026.12.5", False)]  # stored on the server, not yet used
    assert dialog.table.rowCount() == 2 and dialog.table.currentRow() == 1
    assert lead.ctx.pack.version == sop.load_default_pack().version

    click_row(dialog, 1)
    keyboard.click(dialog.activate_button)
    answered(qtbot, dialog.message)
    assert dialog.message.text() == f"✔ {ref} is now active on the team server: every desk uses it after its next refresh."
    assert server_packs(server_db) == [("2026.12.5", True)]
    assert lead.ctx.pack.version == "2026.12.5"
    assert dialog.active_label.text().startswith(f"Active now: {ref},")
    qtbot.waitUntil(lambda: pack_label(lead_window) == f"SOP pack: {ref}", timeout=15_000)

    assert pack_label(agent_window) == SHIPPED_LABEL  # another desk: until its next refresh
    assert agent.ctx.pack.version == sop.load_default_pack().version
    with qtbot.waitSignal(agent.ctx.packChanged, timeout=15_000):
        agent.link.tick_now()
    assert pack_label(agent_window) == f"SOP pack: {ref}"
    assert agent.ctx.pack.version == "2026.12.5"


def test_a_lead_saves_an_edit_to_the_server_and_activates_it_for_every_desk(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow]
) -> None:
    other = team_window("desk-2", "ia_agent2")
    ticked(qtbot, other)
    assert other.ctx.pack.version == sop.load_default_pack().version
    lead = team_window("lead", "ia_lead1")
    ticked(qtbot, lead)
    dialog = packs_dialog(qtbot, lead)
    keyboard.click(dialog.edit_button)
    editor = dialog.findChild(PackEditorDialog)
    assert editor is not None
    qtbot.waitExposed(editor)
    with qtbot.waitActive(editor):
        editor.activateWindow()
    pick_state(editor, "AZ")
    combo = editor.state_form.tri["poc_override"].field
    assert isinstance(combo, QComboBox)
    choose(combo, "yes")
    type_fee(editor, "45")

    keyboard.click(editor.save_button)
    answered(qtbot, editor.message)
    assert editor.message.text().startswith(f"✔ Published {NAME} 2026.11.3 to the team server")
    assert server_packs(server_db) == [("2026.11.3", False)]
    assert editor.activate_button.isEnabled()

    keyboard.click(editor.activate_button)
    answered(qtbot, editor.message)
    assert "2026.11.3 is now active on the team server" in editor.message.text()
    assert server_packs(server_db) == [("2026.11.3", True)]
    assert editor.changes.texts() == []  # the editor starts again from the version every desk uses now

    with qtbot.waitSignal(other.ctx.packChanged, timeout=15_000):
        other.link.tick_now()
    assert other.ctx.pack.version == "2026.11.3"
    assert other.ctx.pack.state("AZ").poc_fee == Decimal("45.00")


@pytest.mark.parametrize("role_known", [True, False], ids=["desk-knows-its-role", "server-refuses"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_an_agent_cannot_publish_and_is_told_so_in_plain_words(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, role_known: bool, language: str,
) -> None:
    agent = team_window("desk-1", "ia_agent1")
    agent.ctx.set_language(language)
    dialog = packs_dialog(qtbot, agent)
    lead_words = "published to every desk" if language == "en" else "se publica en todos los puestos"
    assert lead_words in dialog.intro.text()  # the server has not said whose login this is yet
    if role_known:
        ticked(qtbot, agent)  # now it has, while the dialog is open
        assert lead_words not in dialog.intro.text()
    pack = tmp_path / "mine.json"
    pack.write_text(pack_text("2026.12.9"), encoding="utf-8")

    import_by_menu(qtbot, dialog, pack, monkeypatch)
    answered(qtbot, dialog.message)
    said = dialog.message.text()
    if language == "en":
        assert said.startswith("✖ Not published: only a team lead may publish SOP packs")
        assert "signed in to the team server as an agent" in said
    else:
        assert said.startswith("✖ No se publicó: solo un líder de equipo puede publicar paquetes de SOP")
    assert server_packs(server_db) == []
    assert dialog.table.rowCount() == 1  # nothing new listed
    assert dialog.import_button.isEnabled()  # free for the next try
    if role_known:
        assert ("as an agent" if language == "en" else "como agente") in dialog.intro.text()


def test_an_agent_cannot_activate_a_version_on_the_server(
    server_db: ServerDb, desks: Callable[..., Desk]
) -> None:
    boss = desks("lead", "ia_lead1")
    stored = boss.ws.publish_pack(pack_text("2026.12.7"), activate=False)
    assert stored.ok and stored.pack is not None and not stored.pack.is_active
    agent = desks("desk-1", "ia_agent1")
    assert agent.ws.activate_pack(stored.pack.id).code == "not_lead"
    assert agent.ws.activate_pack(None).code == "not_lead"
    assert server_packs(server_db) == [("2026.12.7", False)]
    assert boss.ws.activate_pack(stored.pack.id).ok
    assert agent.ws.tick().pack_ref == stored.pack.ref
    assert boss.ws.activate_pack(None).ok  # back to the shipped pack, for every desk
    assert server_packs(server_db) == [("2026.12.7", False)]
    assert agent.ws.tick().pack_ref is None
    assert boss.ws.activate_pack(stored.pack.id + 100).code == "not_found"


def test_a_publish_waits_off_the_gui_thread_and_an_unreachable_server_is_said_plainly(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], desks: Callable[..., Desk]
) -> None:
    stored = desks("other-lead", "ia_lead1").ws.publish_pack(pack_text("2026.12.8"), activate=False)
    assert stored.ok and stored.pack is not None
    lead = team_window("lead", "ia_lead1")
    ticked(qtbot, lead)
    dialog = packs_dialog(qtbot, lead)
    click_row(dialog, 1)

    lead.desk.proxy.hold()  # the server stops answering: the activation waits for it
    try:
        keyboard.click(dialog.activate_button)
        assert team_packs.busy(dialog)
        assert dialog.message.text() == "Publishing to the team server…"
        assert not dialog.import_button.isEnabled() and not dialog.activate_button.isEnabled()
        shipped_row = dialog.table.item(0, 0)
        assert shipped_row is not None
        keyboard.click(dialog.table.viewport(), dialog.table.visualItemRect(shipped_row).center())
        assert not dialog.activate_button.isEnabled()  # choosing another row opens no second publish
    finally:
        lead.desk.proxy.release()
    answered(qtbot, dialog.message)
    assert "2026.12.8 is now active on the team server" in dialog.message.text()
    assert server_packs(server_db) == [("2026.12.8", True)]

    lead.desk.proxy.cut()
    click_row(dialog, 0)
    keyboard.click(dialog.activate_button)  # back to the shipped pack: the server is away
    answered(qtbot, dialog.message)
    assert dialog.message.text() == (
        "✖ Not published: the team server cannot be reached, so nothing changed. Try again when it is back."
    )
    assert server_packs(server_db) == [("2026.12.8", True)]
    assert lead.ctx.pack.version == "2026.12.8"
    assert dialog.activate_button.isEnabled()
