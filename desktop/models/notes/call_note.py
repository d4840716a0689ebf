"""The Notes page's note when a call ends: what the call summary is made of.

Why the page's note and not only the workflows' notes: the Notes page is where
the agent finishes the note of the call.  Every workflow's note lands there as
it is offered (merged, no line twice, :func:`desktop.models.notes.merge_offered_note`)
and the agent then adds lines, rewrites a generated one or switches the note
language.  The summary F12 saves and copies must hold those edits and say
nothing twice, so when the page holds a note for the call's client the summary
is folded from that note alone (a line the agent rewrote is said once, as
rewritten); when it holds nothing of the agent's or a workflow's, the
workflows' notes are the summary, as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.models.notes.compose import NoteDraft
from desktop.models.notes.drafts import redact_draft


@dataclass(frozen=True)
class PageNote:
    """The Notes page's draft at the end of a call, for the client whose draft it is."""

    client_id: int | None
    draft: NoteDraft
    language: str  # the note language chosen on the page
    quote_requested: bool = False  # the client asked for the quote in it to be recorded (SOP N1)


def has_content(draft: NoteDraft) -> bool:
    """Whether the draft says anything beyond the customer's name (which the page fills in itself)."""
    texts = (draft.relationship, draft.reason, draft.additional_info, draft.follow_up, draft.disposition)
    if any(text.strip() for text in texts) or any(line.strip() for line in draft.resolution):
        return True
    return draft.critical and bool(draft.flag.strip())


def summary_notes(
    offered: Sequence[Mapping[str, Any]], page: PageNote | None, client_id: int | None
) -> tuple[list[dict[str, Any]], bool]:
    """The notes a call's summary folds, and whether they are the page's note.

    The page's note counts only when it is the call client's draft and says
    something; it is redacted first (SOP N1), like every text the store keeps.
    """
    if page is None or page.client_id != client_id or not has_content(page.draft):
        return [dict(note) for note in offered], False
    return [redact_draft(page.draft).to_dict()], True
