"""Generated note sentences are worded again in the note language; the agent's own text is not touched."""

from __future__ import annotations

from desktop.models.notes import NoteDraft, compose_note
from desktop.models.notes import language as note_language
from desktop.models.poc import texts as pt


def p9(language: str) -> dict[str, object]:
    return dict(pt.after_hours_note("TX", "POC and MA", language))


def test_offered_note_carries_every_wording() -> None:
    fields = note_language.offered({**p9("en"), "customer_name": "Ann"}, p9, "en")
    assert note_language.can_reword(fields)
    spanish = note_language.worded(fields, "es")
    assert spanish["reason"] == p9("es")["reason"] != p9("en")["reason"]
    assert spanish["customer_name"] == "Ann"
    assert not note_language.can_reword(note_language.offered(p9("en"), None, "en"))


def test_reword_swaps_only_untouched_sentences() -> None:
    source = note_language.offered(p9("en"), p9, "en")
    english = p9("en")
    draft = NoteDraft(
        customer_name="Ann",
        reason=f"Earlier call; {english['reason']}",
        resolution=[*english["resolution"], "Agent line typed by hand"],  # type: ignore[misc]
        follow_up=str(english["follow_up"]),
        disposition="poc_after_hours",
    )
    spanish = note_language.reword(draft, [source], "en", "es")
    assert spanish.reason == f"Earlier call; {p9('es')['reason']}"
    assert spanish.resolution == [*p9("es")["resolution"], "Agent line typed by hand"]  # type: ignore[misc]
    assert spanish.customer_name == "Ann"
    assert note_language.reword(spanish, [source], "es", "en") == draft


def test_flag_is_stated_under_the_critical_heading_in_the_note_language() -> None:
    draft = NoteDraft(customer_name="Ann", reason="r", resolution=["x"], disposition="x", critical=True,
                      flag="Client only speaks Spanish")
    lines = compose_note(draft, "4e", "es").splitlines()
    assert lines[0].startswith("Nota crítica")
    assert lines[1] == "Alerta del cliente (para toda la vida de la cuenta): Client only speaks Spanish"
    assert "Client flag" not in compose_note(NoteDraft(**{**draft.to_dict(), "critical": False}), "4e", "en")
