"""The maintained disposition list (SOP N4): complete, bilingual, unique, filterable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.models.notes.dispositions import (
    WORKFLOW_REASON_IDS,
    all_dispositions,
    disposition_label,
    filter_dispositions,
    find_disposition,
    load_dispositions,
)

# Categories an interlock contact center files under (SOP N4: seed 004's structure,
# not its home-security categories).
CENTER_CATEGORIES = (
    "Override codes (POC)",
    "Credits and refunds",
    "Interlock service",
    "Billing",
    "Customer Service",
)
HOME_SECURITY_WORDS = ("alarm", "camera", "panel", "alula", "eufy", "skybell", "sensor", "doorbell")


def test_only_interlock_center_categories_N4() -> None:
    labels = [c.label("en") for c in load_dispositions()]
    assert labels == list(CENTER_CATEGORIES)
    for d in all_dispositions():
        text = d.label("en").casefold()
        assert not any(word in text for word in HOME_SECURITY_WORDS), text
    ids = [c.id for c in load_dispositions()]
    assert ids[:3] == ["interlock_override", "interlock_credits", "interlock_service"]  # most used first


@pytest.mark.parametrize("reason_id", WORKFLOW_REASON_IDS)
def test_every_workflow_reason_exists_N4(reason_id: str) -> None:
    found = find_disposition(reason_id)
    assert found is not None
    assert found.category_id.startswith("interlock_")


def test_ids_unique_and_labels_bilingual_N4() -> None:
    items = all_dispositions()
    assert len(items) >= 30
    assert len({d.reason_id for d in items}) == len(items)
    for d in items:
        assert d.reason_label("en").strip() and d.reason_label("es").strip()
        assert d.category_label("en").strip() and d.category_label("es").strip()


def test_labels_in_each_language_N4() -> None:
    assert disposition_label("courtesy_credit", "en") == "Credits and refunds › Courtesy credit applied"
    assert disposition_label("courtesy_credit", "es") == "Créditos y reembolsos › Crédito de cortesía aplicado"
    assert disposition_label("no_such_reason", "en") is None


@pytest.mark.parametrize(
    ("typed", "language", "first"),
    [
        ("cortesia", "es", "courtesy_credit"),  # accents optional
        ("courtesy", "en", "courtesy_credit"),
        ("bill pay plan", "en", "billing_payment_plan"),  # every word must match, any order of fields
        ("tow", "en", "credit_tow_receipt"),
        ("grúa", "es", "credit_tow_receipt"),
        ("POC", "en", "poc_request"),
        ("transfer", "en", "state_transfer"),
        ("mecánico", "es", "mechanic_bypass"),
        ("affidavit", "es", "mechanic_bypass"),  # keywords work whatever the UI language
        ("cortesy", "en", "courtesy_credit"),  # typo: fuzzy fallback
        ("reset quest", "en", "reset_question"),
    ],
)
def test_type_to_filter(typed: str, language: str, first: str) -> None:
    found = filter_dispositions(typed, language)
    assert found and found[0].reason_id == first


def test_filter_empty_returns_everything_in_file_order() -> None:
    assert filter_dispositions("  ", "en") == all_dispositions()


def test_filter_nonsense_returns_nothing() -> None:
    assert filter_dispositions("zzqxv", "en") == ()


def test_filter_prefers_reason_label_prefix() -> None:
    ids = [d.reason_id for d in filter_dispositions("credit", "en")]
    assert ids.index("credit_denied") < ids.index("courtesy_credit")


def test_filter_refuses_unknown_language() -> None:
    with pytest.raises(ValueError):
        filter_dispositions("x", "fr")


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "dispositions.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _reason(rid: str, es: str = "Motivo") -> dict[str, object]:
    return {"id": rid, "label": {"en": "Reason", "es": es}}


def test_file_missing_a_language_is_rejected(tmp_path: Path) -> None:
    bad = {"version": 1, "categories": [{"id": "c", "label": {"en": "C"}, "reasons": [_reason("r")]}]}
    with pytest.raises(ValueError, match="invalid dispositions file"):
        load_dispositions(_write(tmp_path, bad))


def test_file_with_duplicate_reason_id_is_rejected(tmp_path: Path) -> None:
    cat = {"label": {"en": "C", "es": "C"}, "reasons": [_reason("same")]}
    bad = {"version": 1, "categories": [{"id": "a", **cat}, {"id": "b", **cat}]}
    with pytest.raises(ValueError, match="duplicate reason id: same"):
        load_dispositions(_write(tmp_path, bad))


def test_alternative_file_is_loaded(tmp_path: Path) -> None:
    good = {"version": 1, "categories": [{"id": "a", "label": {"en": "A", "es": "A"}, "reasons": [_reason("r1", "Uno")]}]}
    path = _write(tmp_path, good)
    assert [d.reason_id for d in all_dispositions(path)] == ["r1"]
    assert filter_dispositions("uno", "es", path)[0].reason_id == "r1"
