"""A lead's edit of the state pack: strict fees, every problem, the diff, a new version each save."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from desktop.models import sop, sop_edit, sop_extras
from desktop.models.sop_edit import FeeError, PackEdit, next_version, parse_fee, save_new_version
from desktop.models.store import sop_store


def shipped_edit() -> PackEdit:
    return PackEdit(sop_extras.shipped_text(), sop.load_default_pack().ref)


@pytest.mark.parametrize("text", ["1e3", "-5", "NaN", "Infinity", "40.555", "abc", "-0"])
def test_fees_the_money_parser_refuses_never_reach_the_pack(text: str) -> None:
    with pytest.raises(FeeError) as caught:
        parse_fee(text, "en")
    assert caught.value.text("en")
    assert caught.value.text("es") != caught.value.text("en")


def test_a_typed_fee_is_decimal_and_empty_means_not_stated() -> None:
    assert parse_fee("40", "en") == Decimal("40.00")
    assert parse_fee("$1,250.5", "en") == Decimal("1250.50")
    assert parse_fee("40,50", "es") == Decimal("40.50")
    assert parse_fee("  ", "en") is None


def test_negative_fee_is_explained_in_both_languages() -> None:
    with pytest.raises(FeeError) as caught:
        parse_fee("-5", "en")
    assert caught.value.code == "negative"
    assert "negative" in caught.value.text("en")
    assert "negativa" in caught.value.text("es")


@pytest.mark.parametrize(
    ("version", "taken", "expected"),
    [("2026.11.2", [], "2026.11.3"), ("2026.11.2", ["2026.11.3"], "2026.11.4"), ("spring", [], "spring.1"),
     ("v9", ["v10", "v11"], "v12")],
)
def test_next_version_never_reuses_one(version: str, taken: list[str], expected: str) -> None:
    assert next_version(version, taken) == expected


def test_changes_list_state_field_old_and_new() -> None:
    edit = shipped_edit()
    assert edit.changes() == []
    edit.set_value("AZ", "poc_override", "yes")
    edit.set_value("AZ", "poc_fee", Decimal("45"))
    edit.set_text("VA", "deinstall_notes", "en", "Refund unused days by UTR General Request.")
    texts = [c.text("en") for c in edit.changes()]
    assert "AZ · POC allowed: Check SOP → Yes" in texts
    assert "AZ · POC fee: not stated → $45.00" in texts
    assert any(t.startswith("VA · De-install notes: “Virginia (VASAP)") and t.endswith("“Refund unused days by UTR "
               "General Request.” / “Remociones en Virginia (VASAP): verifique en TREDS si el cliente tiene orden "
               "de remoción antes de la remoción; las preguntas van al chat de Removals.”") for t in texts)
    assert "AZ · POC permitido: Consultar el SOP → Sí" in [c.text("es") for c in edit.changes()]


def test_schema_and_rule_problems_are_found_at_their_field() -> None:
    edit = shipped_edit()
    edit.set_value("WV", "poc_override", "no")
    edit.set_value("WV", "poc_fee", Decimal("40"))  # SOP P4: a fee for a POC the state refuses
    edit.set_pack_value("tow_receipt.csg_email", "client.services")  # not an email (schema)
    edit.set_value("TX", "sources", [" "])
    paths = {p.path: p.code for p in edit.problems()}
    assert paths["states.WV.poc_fee"] == "fee_without_override"
    assert paths["tow_receipt.csg_email"] == "not_an_email"
    assert paths["states.TX.sources.0"] == "empty_text"


def test_save_stores_a_new_version_with_the_extras_and_never_overwrites(session: Session, now: datetime) -> None:
    edit = shipped_edit()
    edit.set_value("AZ", "poc_override", "yes")
    edit.set_value("AZ", "poc_fee", Decimal("45.00"))
    edit.set_value("AZ", "sources", ["State SOP Arizona, POC section"])
    first = save_new_version(session, edit, at=now, by="lead")
    assert first.version == next_version(sop.load_default_pack().version, [])
    assert not first.is_active
    second = save_new_version(session, edit, at=now, by="lead")
    assert second.version == next_version(first.version, [])
    stored = sop_store.get_pack(session, first.id)
    assert stored.state("AZ").poc_fee == Decimal("45.00")
    text = sop_store.export_pack(session, first.id)
    assert sop_extras.state_extras(text, "AZ").sources == ("State SOP Arizona, POC section",)
    assert sop_extras.state_extras(text, "VA").deinstall_notes.en.startswith("Virginia (VASAP)")


def test_save_refuses_an_invalid_edit_and_stores_nothing(session: Session, now: datetime) -> None:
    edit = shipped_edit()
    edit.set_pack_value("tow_receipt.csg_fax", "fax me")
    with pytest.raises(sop.PackValidationError) as caught:
        save_new_version(session, edit, at=now, by="lead")
    assert caught.value.paths() == ("tow_receipt.csg_fax",)
    assert sop_store.list_packs(session) == []


def test_an_import_keeps_the_extras(session: Session, now: datetime) -> None:
    text = sop_extras.shipped_text().replace('"version": "2026.11.2"', '"version": "import-1"')
    info = sop_store.import_pack(session, text, at=now, by="lead")
    kept = sop_extras.state_extras(sop_store.export_pack(session, info.id), "WV")
    assert kept.sources == ('Internal SOP page "Client Courtesy Credits" (rule C2)',)


def test_shipped_pack_states_only_what_the_seeds_say() -> None:
    pack = sop.load_default_pack()
    assert all(entry.poc_fee is None for entry in pack.states)  # no seed states a POC fee
    assert pack.state("WV").courtesy_credits == "no"  # SOP C2
    assert "TREDS" in sop_extras.state_extras(sop_extras.shipped_text(), "VA").deinstall_notes.en  # SOP H7
    assert sop_edit.STATE_FIELDS[0] == "poc_override"
