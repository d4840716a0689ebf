"""Leads' SOP pack dialog: import, rejection with every problem, export, activation, EN/ES."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QListWidget, QTableWidget, QWidget

from desktop.models import sop
from desktop.models.sop import load as sop_load
from desktop.models.store import sop_store
from desktop.models.store.db import Store
from desktop.views.lead.sop_packs import SHIPPED, SopPacksDialog
from tests.models.store.test_sop_store import pack_text


def cell(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text() if item is not None else ""


def header(table: QTableWidget, col: int) -> str:
    item = table.horizontalHeaderItem(col)
    return item.text() if item is not None else ""


@pytest.fixture
def dialog(ctx: Any, qtbot: Any) -> SopPacksDialog:
    dlg = SopPacksDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_starts_with_the_shipped_pack_active_and_selected(dialog: SopPacksDialog) -> None:
    shipped = sop.load_default_pack()
    assert dialog.table.rowCount() == 1
    assert dialog.selected_id() == SHIPPED
    assert dialog.active_label.text() == f"Active now: {shipped.name} {shipped.version}, shipped with the app."
    assert not dialog.activate_button.isEnabled()  # already active
    assert dialog.export_button.isEnabled()


def test_import_lists_the_version_without_activating(ctx: Any, dialog: SopPacksDialog) -> None:
    before = ctx.pack.version
    info = dialog.import_text(pack_text("2026.12.0"))
    assert info is not None
    assert dialog.table.rowCount() == 2
    assert dialog.selected_id() == info.id
    assert dialog.message.text().startswith("✔ Imported Default state SOP pack 2026.12.0.")
    assert not dialog.problem_list.isVisible()
    assert ctx.pack.version == before


def test_rejected_pack_lists_every_problem_and_keeps_active(ctx: Any, dialog: SopPacksDialog, store: Store) -> None:
    good = dialog.import_text(pack_text("good"))
    assert good is not None
    dialog.activate(good.id)
    assert dialog.import_text(pack_text("bad", states__WV__poc_fee=40.5, name="")) is None
    shown = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
    assert any(t.startswith("states.WV.poc_fee:") for t in shown)
    assert any(t.startswith("name:") for t in shown)
    assert dialog.problem_list.isVisible()
    assert dialog.message.text().startswith("✖ The pack was rejected and nothing changed.")
    assert ctx.pack.version == "good"
    with store.sessions() as s:
        assert len(sop_store.list_packs(s)) == 1


def test_same_version_again_is_explained(dialog: SopPacksDialog) -> None:
    dialog.import_text(pack_text("5"))
    assert dialog.import_text(pack_text("5")) is None
    assert "is already stored and is never overwritten" in dialog.message.text()
    assert dialog.table.rowCount() == 2


def test_activate_reloads_the_context_pack(ctx: Any, dialog: SopPacksDialog, qtbot: Any) -> None:
    info = dialog.import_text(pack_text("2027.1"))
    assert info is not None
    dialog.select(info.id)
    assert dialog.activate_button.isEnabled()
    with qtbot.waitSignal(ctx.packChanged, timeout=1000):
        dialog.activate_button.click()
    assert ctx.pack.version == "2027.1"
    assert "✔ Active" in cell(dialog.table, 1, 5)
    assert cell(dialog.table, 0, 5) == ""
    assert dialog.active_label.text().startswith("Active now: Default state SOP pack 2027.1")
    dialog.activate(SHIPPED)
    assert ctx.pack.version == sop.load_default_pack().version


def test_export_round_trips(dialog: SopPacksDialog, tmp_path: Path) -> None:
    info = dialog.import_text(pack_text("8", states__OK__notes__en="Technician in person."))
    assert info is not None
    target = tmp_path / "out.json"
    assert dialog.export_to(info.id, target)
    assert sop.load_pack(target).state("OK").notes.en == "Technician in person."
    shipped = tmp_path / "shipped.json"
    assert dialog.export_to(SHIPPED, shipped)
    assert sop.load_pack(shipped) == sop.load_default_pack()


def test_import_file_that_cannot_be_read(dialog: SopPacksDialog, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    assert dialog.import_file(bad) is None
    assert dialog.message.text().startswith("✖")
    assert dialog.import_file(tmp_path / "missing.json") is None


def test_spanish(ctx: Any, dialog: SopPacksDialog) -> None:
    dialog.import_text(json.dumps({"not": "a pack"}))
    ctx.set_language("es")
    assert dialog.windowTitle() == "Paquetes de SOP estatales"
    assert dialog.import_button.text() == "&Importar JSON…"
    assert dialog.message.text().startswith("✖ El paquete fue rechazado y no cambió nada.")
    assert header(dialog.table, 2) == "Vigente desde"
    assert "incluido con la aplicación" in cell(dialog.table, 0, 0)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_input_is_named(ctx: Any, dialog: SopPacksDialog, lang: str) -> None:
    ctx.set_language(lang)
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QTableWidget | QListWidget):
            assert widget.accessibleName() or widget in buddies, widget


def test_file_menu_entry(ctx: Any, qtbot: Any) -> None:
    from desktop.views.shell.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    action = next(a for a in window.file_menu.actions() if a.objectName() == "sopPacksAction")
    assert action.text() == "&State SOP packs (leads)…"
    ctx.set_language("es")
    assert action.text() == "&Paquetes de SOP estatales (líderes)…"
    action.trigger()
    opened = window.findChildren(SopPacksDialog)
    assert len(opened) == 1
    opened[0].reject()


def problem_texts(dialog: SopPacksDialog) -> list[str]:
    return [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]


def test_bad_utf8_pack_is_explained_in_plain_words(dialog: SopPacksDialog, tmp_path: Path, ctx: Any) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"name": "Pe\xf1a"}')
    assert dialog.import_file(bad) is None
    assert dialog.message.text() == "✖ The file cannot be read:"
    texts = problem_texts(dialog)
    assert texts == ["(root): not UTF-8 text: byte 13 cannot be read; save the pack as UTF-8 and import it again"]
    assert not any("Unicode" in t or "Error" in t for t in texts)
    ctx.set_language("es")
    assert "UTF-8" in problem_texts(dialog)[0] and "byte" not in problem_texts(dialog)[0]


@pytest.mark.parametrize(
    ("text", "path", "code"),
    [
        ("[" * 100_000 + "]" * 100_000, "(root)", "nested_too_deep"),
        ('{"a":' * 5000 + "1" + "}" * 5000, "(root)", "nested_too_deep"),
        ("[" * 900 + "]" * 900, "(root)", "nested_too_deep"),
    ],
)
def test_deep_json_is_rejected_not_a_crash(dialog: SopPacksDialog, text: str, path: str, code: str) -> None:
    assert dialog.import_text(text) is None
    assert dialog.message.text().startswith("✖ The pack was rejected")
    with pytest.raises(sop.PackValidationError) as caught:
        sop.load_pack(text)
    assert [(p.path, p.code) for p in caught.value.problems] == [(path, code)]


def test_five_thousand_digit_number_is_reported_at_its_field(dialog: SopPacksDialog) -> None:
    data = json.loads(pack_text(version="9.9"))
    data["tow_receipt"]["review_business_days_min"] = "@@"
    text = json.dumps(data).replace('"@@"', "9" * 5000)
    assert dialog.import_text(text) is None
    assert any(t.startswith("tow_receipt.review_business_days_min:") for t in problem_texts(dialog))


def test_pack_file_far_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sop_load, "MAX_PACK_BYTES", 10)  # where the file is read
    path = tmp_path / "big.json"
    path.write_text('{"pack_format": 1}')
    with pytest.raises(sop.PackValidationError) as caught:
        sop.read_pack_file(path)
    assert caught.value.problems[0].code == "too_large"
