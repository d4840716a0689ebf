"""State SOP pack: the shipped content, the pack contract, and schema rejection (SOP P4, C2, C8, C10)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import us

from desktop.models import sop
from desktop.models.sop import PackValidationError, dump_pack, load_default_pack, load_pack


def _data() -> dict[str, Any]:
    return json.loads(dump_pack(load_default_pack()))


def _problems(data: Any) -> dict[str, str]:
    with pytest.raises(PackValidationError) as info:
        load_pack(json.dumps(data))
    return {p.path: p.code for p in info.value.problems}


# -- the pack contract ----------------------------------------------------


def test_contract_wv_no_courtesy_credits_C2() -> None:
    """SOP C2: West Virginia allows no courtesy credits; the contract wants `is False`."""
    pack = load_default_pack()
    assert pack.state("wv").courtesy_credits_allowed is False
    assert pack.state("WV").courtesy_credits == "no"


@pytest.mark.parametrize("code", ["XX", "", "ZZ", "W"])
def test_contract_unknown_state_raises_key_error_P4(code: str) -> None:
    """SOP P4 reads the state of conviction: an unknown code must not silently match anything."""
    with pytest.raises(KeyError):
        load_default_pack().state(code)


@pytest.mark.parametrize("code", ["wv", "Wv", "WV", " wv "])
def test_contract_state_codes_are_case_insensitive_P4(code: str) -> None:
    assert load_default_pack().state(code).code == "WV"


# -- shipped content -----------------------------------------------------------


def test_default_pack_covers_every_state_and_territory_us_knows_P4() -> None:
    """SOP P4: every client has a state entry; list and names come from the `us` library."""
    pack = load_default_pack()
    expected = {s.abbr: s.name for s in us.states.STATES_AND_TERRITORIES}
    assert {e.code: e.name for e in pack.states} == expected
    assert len(expected) == 56  # 50 states + DC + PR + AS, GU, MP, VI
    assert {"DC", "PR", "GU", "VI"} <= set(pack.codes())


def test_default_pack_invents_nothing_C2_C10_P4() -> None:
    """Only WV's courtesy rule is stated by the documents (SOP C2); everything else is check_sop."""
    pack = load_default_pack()
    for entry in pack.states:
        assert entry.poc_override == "check_sop", entry.code  # SOP P4: not in the documents
        assert entry.poc_fee is None, entry.code
        assert entry.unused_days_refund == "check_sop", entry.code  # SOP C10
        if entry.code != "WV":
            assert entry.courtesy_credits == "check_sop", entry.code
            # check_sop is *not* a denial: the general policy applies (SOP C1).
            assert entry.courtesy_credits_allowed is True
            assert entry.courtesy_credits_confirmed is False


def test_public_regulations_live_in_notes_with_citations_P4() -> None:
    """Oklahoma and Washington facts are notes with a citation, not rule values (SOP P4)."""
    pack = load_default_pack()
    ok, wa = pack.state("OK"), pack.state("WA")
    assert "40:50-1-3.1" in ok.notes.en and "in person" in ok.notes.en
    assert "204-50-092" in wa.notes.en and "4 hours" in wa.notes.en
    assert ok.poc_override == wa.poc_override == "check_sop"
    assert ok.notes.get("es") != ok.notes.en  # a Spanish note is present
    assert pack.state("TX").notes.get("es") == pack.state("TX").notes.en  # falls back to English


def test_tow_contacts_ship_filled_in_C8() -> None:
    """SOP C8: the CSG fax and email from the credits SOP ship in the pack (a lead can change them)."""
    tow = load_default_pack().tow_receipt
    assert (tow.csg_fax, tow.csg_email) == ("844-663-9931", "client.services@scramsystems.com")
    assert tow.missing_fields() == ()
    assert tow.is_configured
    assert (tow.review_business_days_min, tow.review_business_days_max) == (7, 10)


def test_pack_records_its_version_P4() -> None:
    pack = load_default_pack()
    assert pack.version and pack.version in pack.ref
    assert pack.effective_date.isoformat() == "2026-11-23"


# -- round trip ----------------------------------------------------------------


def test_dump_then_load_gives_an_equal_pack_with_decimal_strings_P4(tmp_path: Path) -> None:
    data = _data()
    data["states"]["TX"]["poc_override"] = "yes"
    data["states"]["TX"]["poc_fee"] = "40.50"
    data["tow_receipt"]["csg_fax"] = "555-010-0000"
    data["tow_receipt"]["csg_email"] = "csg@example.org"
    pack = load_pack(json.dumps(data))
    assert pack.state("tx").poc_fee == Decimal("40.50")
    assert pack.tow_receipt.is_configured
    text = dump_pack(pack)
    assert '"poc_fee": "40.50"' in text  # money as a string, never a JSON float
    assert load_pack(text) == pack
    path = tmp_path / "pack.json"
    path.write_text(text, encoding="utf-8")
    assert load_pack(path) == pack
    assert load_pack(str(path)) == pack


def test_lead_can_mark_unused_day_refunds_with_notes_C10() -> None:
    data = _data()
    data["states"]["VA"]["unused_days_refund"] = "yes"
    data["states"]["VA"]["unused_days_notes"] = {"en": "UTR General Request after removal."}
    assert load_pack(json.dumps(data)).state("va").unused_days_refund == "yes"


# -- rejection: every problem, by path -------------------------------------------


def test_rejects_a_float_fee_with_its_path_P4() -> None:
    """A money field must be a decimal string; floats already lost cents (SOP P4 quotes fees)."""
    data = _data()
    data["states"]["WV"]["poc_fee"] = 40.5
    with pytest.raises(PackValidationError) as info:
        load_pack(json.dumps(data))
    assert "states.WV.poc_fee: not a decimal string" in str(info.value)


def test_lists_every_problem_not_just_the_first_P4_C8_C10() -> None:
    data = _data()
    data["states"]["WV"]["poc_fee"] = "40.5"  # one decimal
    data["states"]["TX"]["poc_override"] = "maybe"
    data["states"]["AL"]["courtesy_credits"] = False
    data["states"]["ZZ"] = data["states"]["NY"]
    data["states"]["ca"] = data["states"].pop("CA")
    del data["version"]
    data["surprise"] = 1
    data["effective_date"] = "2026-02-30"
    data["tow_receipt"]["csg_email"] = "not-an-email"
    data["tow_receipt"]["review_business_days_min"] = 12
    data["states"]["VA"]["unused_days_refund"] = "yes"
    data["states"]["NJ"]["poc_override"] = "no"
    data["states"]["NJ"]["poc_fee"] = "10.00"
    data["states"]["AK"]["notes"] = {"fr": "bonjour"}
    problems = _problems(data)
    assert problems == {
        "states.WV.poc_fee": "not_decimal_string",
        "states.TX.poc_override": "not_tri_state",
        "states.AL.courtesy_credits": "not_tri_state",
        "states.ZZ": "unknown_state",
        "states.ca": "bad_state_code",
        "states.CA": "missing_state",
        "version": "missing",
        "surprise": "unknown_field",
        "effective_date": "not_a_date",
        "tow_receipt.csg_email": "not_an_email",
        "tow_receipt.review_business_days_min": "review_days_order",
        "states.VA.unused_days_notes.en": "refund_without_notes",
        "states.NJ.poc_fee": "fee_without_override",
        "states.AK.notes.en": "missing",
        "states.AK.notes.fr": "unknown_field",
    }


def test_missing_fields_are_reported_at_their_own_path_P4() -> None:
    data = _data()
    del data["states"]["WV"]["courtesy_credits"]
    del data["tow_receipt"]["csg_fax"]
    problems = _problems(data)
    assert problems == {"states.WV.courtesy_credits": "missing", "tow_receipt.csg_fax": "missing"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{not json", "invalid_json"),
        ("[]", "not_an_object"),
        ('{"name": "a", "name": "b"}', "duplicate_key"),
    ],
)
def test_rejects_broken_files_P4(text: str, code: str) -> None:
    with pytest.raises(PackValidationError) as info:
        load_pack(text)
    assert code in {p.code for p in info.value.problems}


def test_unreadable_path_is_a_validation_error_not_a_crash_P4(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.json"
    bad.write_bytes('{"name": "Pe\xf1a"}'.encode("latin-1"))
    for source, code in ((tmp_path / "missing.json", "unreadable"), (bad, "not_utf8")):
        with pytest.raises(PackValidationError) as info:
            load_pack(source)
        assert info.value.problems[0].code == code


def test_problem_texts_are_translatable_and_keep_the_path_P4() -> None:
    problem = sop.PackProblem("states.WV.poc_fee", "not_decimal_string")
    assert problem.text("en") == "states.WV.poc_fee: not a decimal string"
    assert problem.text("es").startswith("states.WV.poc_fee: ")
    assert set(sop.PROBLEM_TEXTS) >= {
        "missing",
        "unknown_field",
        "not_decimal_string",
        "unknown_state",
        "missing_state",
    }


def test_schema_file_is_the_one_enforced_P4() -> None:
    """The shipped schema is valid JSON Schema and requires every state field."""
    from jsonschema import Draft202012Validator

    schema = sop.pack_schema()
    Draft202012Validator.check_schema(schema)
    required = set(schema["$defs"]["stateEntry"]["required"])
    assert {"poc_override", "poc_fee", "courtesy_credits", "unused_days_refund", "notes"} <= required


def test_a_rejected_pack_never_comes_back_partially_P4() -> None:
    """load_pack either returns a full pack or raises; nothing half-built leaks out."""
    data = _data()
    data["states"]["WV"]["poc_override"] = 3
    result: list[Any] = []
    with pytest.raises(PackValidationError):
        result.append(load_pack(json.dumps(data)))
    assert result == []
    assert load_default_pack().state("WV").poc_override == "check_sop"
