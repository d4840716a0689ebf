"""The Notes page's note at the end of a call: the summary is folded from it when it holds the call's note."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from desktop.models.call import Call
from desktop.models.notes import NoteDraft
from desktop.models.notes.call_note import PageNote, has_content, summary_notes

OFFERED = [{"reason": "Asked for a credit.", "resolution": ["Applied a $10.00 credit"], "disposition": "courtesy_credit"}]


def page(draft: NoteDraft, client_id: int | None = 7) -> PageNote:
    return PageNote(client_id=client_id, draft=draft, language="en")


def test_a_name_alone_is_no_note_but_any_part_or_a_stated_fact_is() -> None:
    assert not has_content(NoteDraft(customer_name="Maria Lopez", resolution=["  "]))
    assert not has_content(NoteDraft(critical=False, flag="Client only speaks Spanish"))
    assert has_content(NoteDraft(follow_up="Call back Friday"))
    assert has_content(NoteDraft(resolution=["Explained the fee"]))
    assert has_content(NoteDraft(critical=True, flag="Client only speaks Spanish"))


def test_the_pages_note_replaces_the_offered_notes_only_for_the_calls_client() -> None:
    typed = NoteDraft(reason="Asked for a credit.", resolution=["Applied a $10.00 credit (client agreed)"],
                      disposition="courtesy_credit")
    notes, from_page = summary_notes(OFFERED, page(typed), 7)
    assert from_page and notes == [typed.to_dict()]
    assert summary_notes(OFFERED, page(typed, client_id=8), 7) == (OFFERED, False)  # another client's draft
    assert summary_notes(OFFERED, page(NoteDraft(customer_name="Maria Lopez")), 7) == (OFFERED, False)
    assert summary_notes(OFFERED, None, 7) == (OFFERED, False)


def test_the_pages_note_is_redacted_before_the_summary_takes_it_N1() -> None:
    notes, _ = summary_notes([], page(NoteDraft(resolution=["Paid with 4111 1111 1111 1111"])), 7)
    assert "4111 1111 1111 1111" not in str(notes) and "1111" in str(notes)


def test_the_summary_of_a_critical_page_note_states_its_fact_N2(now: datetime) -> None:
    typed = NoteDraft(reason="Asked about the fee.", resolution=["Explained the fee"], disposition="reset_question",
                      critical=True, flag="Client only speaks Spanish")
    notes, _ = summary_notes([], page(typed), 7)
    summary = replace(Call(started_at=now, client_id=7, customer_name="Maria Lopez"), notes=notes).summary("en")
    assert summary is not None and "Client only speaks Spanish" in summary
