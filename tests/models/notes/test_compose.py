"""Composing the note: the outline (SOP N3), the bullet form, a disposition (SOP N4), both languages."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from desktop.models.notes import (
    REQUIRED_PARTS,
    IncompleteNoteError,
    NoteDraft,
    compose_note,
    discard_draft,
    draft_key,
    load_draft,
    merge_offered_note,
    missing_parts,
    save_draft,
)


def draft(**overrides: object) -> NoteDraft:
    values: dict[str, object] = {
        "customer_name": "Alexander Erickson",
        "relationship": "Account holder's son",
        "reason": "Asked why the account was charged after cancellation.",
        "resolution": [
            "Verified the previous agent did not cancel on 06/03.",
            "- Submitted refund request for $49.98, approved by TL Anna.",
            "",
            "Advised 7-10 business days.",
        ],
        "additional_info": "",
        "follow_up": "",
        "disposition": "billing_correction",
        "critical": False,
    }
    values.update(overrides)
    return NoteDraft(**values)  # type: ignore[arg-type]


def test_4e_outline_in_english_N3_N4() -> None:
    assert compose_note(draft()) == (
        "Customer info:\n"
        "- Alexander Erickson\n"
        "- Account holder's son\n"
        "Reason: Asked why the account was charged after cancellation.\n"
        "Resolution:\n"
        "- Verified the previous agent did not cancel on 06/03.\n"
        "- Submitted refund request for $49.98, approved by TL Anna.\n"
        "- Advised 7-10 business days.\n"
        "Additional info: N/A\n"
        "Follow up: N/A\n"
        "Disposition: Billing › Billing Correction/Error"
    )


def test_bullets_form_in_english_N3() -> None:
    text = compose_note(draft(follow_up="Call back Friday", additional_info="Prefers email"), style="bullets")
    assert text.splitlines() == [
        "Spoke with Alexander Erickson (Account holder's son). "
        "Reason: Asked why the account was charged after cancellation.",
        "- Verified the previous agent did not cancel on 06/03.",
        "- Submitted refund request for $49.98, approved by TL Anna.",
        "- Advised 7-10 business days.",
        "Additional info: Prefers email",
        "Follow up: Call back Friday",
        "Disposition: Billing › Billing Correction/Error",
    ]


def test_4e_outline_in_spanish_N3() -> None:
    text = compose_note(draft(disposition="poc_request"), style="4e", language="es")
    lines = text.splitlines()
    assert lines[0] == "Datos del cliente:"
    assert "Motivo: Asked why the account was charged after cancellation." in lines
    assert "Resolución:" in lines
    assert "Información adicional: N/A" in lines
    assert "Seguimiento: N/A" in lines
    assert lines[-1] == "Disposición: Códigos de anulación (POC) › Solicitud de POC enviada (ticket UTR)"
    assert "- Submitted refund request for $49.98, approved by TL Anna." in lines  # agent text as typed


def test_bullets_form_in_spanish_without_relationship_N3() -> None:
    text = compose_note(draft(relationship=" "), style="bullets", language="es")
    first = text.splitlines()[0]
    assert first == "Se habló con Alexander Erickson. Motivo: Asked why the account was charged after cancellation."
    assert text.splitlines()[-1] == "Disposición: Facturación › Corrección/error de facturación"


def test_4e_without_relationship_lists_only_the_name() -> None:
    lines = compose_note(draft(relationship="")).splitlines()
    assert lines[:3] == ["Customer info:", "- Alexander Erickson", "Reason: Asked why the account was charged after cancellation."]


def test_unknown_disposition_is_printed_as_given_N4() -> None:
    text = compose_note(draft(disposition="Billing - Credit/Refund"))
    assert text.endswith("Disposition: Billing - Credit/Refund")


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"customer_name": ""}, ("customer_name",)),
        ({"reason": "   "}, ("reason",)),
        ({"resolution": []}, ("resolution",)),
        ({"resolution": ["", "  -  ", "\n"]}, ("resolution",)),
        ({"disposition": ""}, ("disposition",)),
        (
            {"customer_name": "", "reason": "", "resolution": [], "disposition": ""},
            ("customer_name", "reason", "resolution", "disposition"),
        ),
    ],
)
@pytest.mark.parametrize("style", ["4e", "bullets"])
def test_empty_required_parts_raise_naming_each_part_N3_N4(
    overrides: dict[str, object], missing: tuple[str, ...], style: str
) -> None:
    with pytest.raises(ValueError, match=missing[0]) as info:
        compose_note(draft(**overrides), style=style)
    assert isinstance(info.value, IncompleteNoteError)
    assert info.value.missing == missing
    for part in missing:
        assert part in str(info.value)
    assert missing_parts(draft(**overrides)) == missing


def test_required_parts_are_the_documented_ones_N3_N4() -> None:
    assert REQUIRED_PARTS == ("customer_name", "reason", "resolution", "disposition")
    assert missing_parts(draft()) == ()


def test_bad_style_and_language_are_refused() -> None:
    with pytest.raises(ValueError, match="style"):
        compose_note(draft(), style="prose")
    with pytest.raises(ValueError, match="language"):
        compose_note(draft(), language="fr")


def test_multiline_fields_are_flattened_and_bullets_not_doubled() -> None:
    text = compose_note(draft(reason="Line one\nline two", resolution=["• first\nsecond", "1. third"]))
    assert "Reason: Line one line two" in text
    assert "- first\n- second\n- third" in text


def test_critical_note_says_so_in_the_pasted_text_and_survives_a_round_trip_N2() -> None:
    """N2: the CRM shows plain text, so a critical note starts with a line that says it is critical."""
    critical = draft(critical=True)
    text = compose_note(critical)
    assert text.splitlines()[0] == "Critical note: applies for the life of the account."
    assert text.splitlines()[1:] == compose_note(draft(critical=False)).splitlines()
    restored = NoteDraft.from_dict(critical.to_dict())
    assert restored == critical and restored.critical is True


def test_rule_ids_stay_out_of_the_pasted_note_unless_a_lead_wants_them() -> None:
    cited = draft(resolution=["Decision: Denied (SOP C2).", "Applied a coupon (SOP C1, C13)."])
    plain = compose_note(cited)
    assert "SOP" not in plain
    assert "- Decision: Denied." in plain and "- Applied a coupon." in plain
    assert "(SOP C1, C13)" in compose_note(cited, provenance=True)


def test_from_dict_tolerates_old_or_partial_data() -> None:
    restored = NoteDraft.from_dict({"reason": "x", "resolution": "a\nb", "unknown": 1})
    assert restored.reason == "x"
    assert restored.resolution == ["a", "b"]
    assert restored.customer_name == "" and restored.critical is False


def test_merge_keeps_earlier_actions_and_takes_the_newest_disposition_N3_N4() -> None:
    """Two workflows on one call: the note records both (N3) and has one disposition (N4)."""
    first = merge_offered_note(
        NoteDraft(customer_name="Maria Lopez"),
        {"reason": "Asked for a credit", "resolution": ["Applied $10.00 courtesy credit"], "disposition": "courtesy_credit"},
    )
    both = merge_offered_note(
        first,
        {"reason": "Needs a POC", "resolution": ["Submitted UTR 98765432", "Applied $10.00 courtesy credit"],
         "disposition": "poc_request", "critical": False},
    )
    assert both.customer_name == "Maria Lopez"
    assert both.reason == "Asked for a credit; Needs a POC"
    assert both.resolution == ["Applied $10.00 courtesy credit", "Submitted UTR 98765432"]
    assert both.disposition == "poc_request"
    assert merge_offered_note(NoteDraft(critical=True), {}).critical is True


def test_draft_is_stored_redacted_restored_and_discarded(session: Session, now: datetime) -> None:
    key = draft_key(7)
    assert key != draft_key(None)
    assert load_draft(session, key) is None
    save_draft(session, key, draft(resolution=["Paid with 4111 1111 1111 1111"]), now, {"style": "bullets"})
    restored, extra = load_draft(session, key) or (None, {})
    assert restored is not None
    assert restored.resolution == ["Paid with **** **** **** 1111"]  # never a full card in the database
    assert extra == {"style": "bullets"}
    save_draft(session, key, draft(reason="Updated"), now)
    again = load_draft(session, key)
    assert again is not None and again[0].reason == "Updated"
    discard_draft(session, key)
    assert load_draft(session, key) is None
    with pytest.raises(ValueError, match="naive"):
        save_draft(session, key, draft(), now.replace(tzinfo=None))
