"""A table of real note phrasings: opinions and accusations are caught, facts are not (SOP N1)."""

from __future__ import annotations

import pytest

from desktop.models.notes.lint import DIRECT_QUOTE, FEELINGS, blocking_findings, lint_note

CAUGHT = [
    "i think he is lying about the tow",
    "Client was lying about the violation.",
    "Customer is a scammer, do not credit.",
    "He was drunk on the phone.",
    "Client had a bad attitude the whole call.",
    "Caller was belligerent and argumentative.",
    "In my opinion the client is faking the device issue.",
    "She is making it up to avoid the fee.",
    "Client seems like he does not want to pay.",
    "Creo que el cliente miente sobre la grúa.",
    "El cliente está mintiendo.",
    "Clienta con mala actitud durante la llamada.",
    "Me parece que está fingiendo la falla.",
    "El cliente es un estafador.",
    "Cliente borracho y agresivo.",
    "Cliente RUDE con el agente.",
]

FACTS = [
    "Client is entitled to a refund of unused days per the state SOP.",
    "Client was upset about the missed appointment fee.",
    "Client finds it difficult to reach the service center on weekends.",
    "Advised the client the payment plan is cheaper than a lump sum.",
    "Cliente molesto por el cargo doble; se envió ticket UTR.",
    "Confirmed the appointment on 11/24 at 10:00 AM CT.",
    "Client's vehicle was towed; receipt goes to CSG.",
]


@pytest.mark.parametrize("text", CAUGHT)
def test_opinions_and_accusations_are_caught_N1(text: str) -> None:
    assert any(f.code == FEELINGS for f in lint_note(text)), text


@pytest.mark.parametrize("text", FACTS)
def test_facts_are_not_flagged_N1(text: str) -> None:
    assert not [f for f in lint_note(text) if f.code == FEELINGS], text


def test_findings_block_until_rewritten_except_a_requested_quote_N1() -> None:
    quoted = lint_note('Client said "I will sue you" and asked for a supervisor.')
    assert [f.code for f in quoted] == [DIRECT_QUOTE]
    assert blocking_findings(quoted) == quoted
    assert blocking_findings(quoted, quote_requested=True) == ()
    opinion = lint_note('I think the client is lying. Client said "I will sue you".')
    assert {f.code for f in blocking_findings(opinion, quote_requested=True)} == {FEELINGS}
