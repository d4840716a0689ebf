"""SOP packs without a team server stay on this desk's store; a refused publish is worded plainly."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.models import sop
from desktop.models.team.lead import LeadResult
from desktop.views.lead import team_packs
from desktop.views.lead.sop_packs import SopPacksDialog
from tests.models.store.test_sop_store import pack_text


def test_standalone_imports_and_activates_on_this_desk_with_no_team_words(ctx: Any, qtbot: Any) -> None:
    dialog = SopPacksDialog(ctx)
    qtbot.addWidget(dialog)
    assert not team_packs.in_team(ctx) and team_packs.team_note(ctx) == ""
    assert "team server" not in dialog.intro.text()
    info = dialog.import_text(pack_text("2026.12.1"))  # at once, no server: the answer is here
    assert info is not None and dialog.message.text().startswith("✔ Imported")
    dialog.activate(info.id)
    assert ctx.pack.version == "2026.12.1"
    with pytest.raises(RuntimeError):
        team_packs.publish(ctx, lambda desk: desk.activate_pack(None), lambda _r: None, owner=dialog, busy=())


@pytest.mark.parametrize(
    ("result", "en", "es"),
    [
        (LeadResult(False, "not_lead"), "Not published: only a team lead may publish SOP packs",
         "No se publicó: solo un líder de equipo"),
        (LeadResult(False, "offline"), "Not published: the team server cannot be reached",
         "No se publicó: no se puede contactar el servidor del equipo"),
        (LeadResult(False, "duplicate_version", duplicate=("Texas pack", "7")),
         "Version 7 of “Texas pack” is already stored", "La versión 7 de “Texas pack”"),
        (LeadResult(False, "invalid_pack", problems=(sop.PackProblem("name", "required"),)),
         "Not published: name:", "No se publicó: name:"),
        (LeadResult(False, "something_new"), "Not published: the team server answered with an error",
         "No se publicó: el servidor del equipo respondió con un error"),
    ],
)
def test_refusals_are_said_in_plain_words_in_both_languages(ctx: Any, result: LeadResult, en: str, es: str) -> None:
    assert team_packs.refusal_text(result).startswith(en)
    ctx.set_language("es")
    assert team_packs.refusal_text(result).startswith(es)
