"""Generated note sentences in the note's language; what the agent typed stays as typed.

Why sentences are re-rendered rather than translated text: a workflow words its
note with gettext in one language (:func:`desktop.i18n.gettext_for`), so the
same workflow can word it again in another.  Each offered note carries the
function that words it; when the note language changes, every line that is
still exactly what the workflow wrote is replaced by the same line in the new
language, and anything the agent changed or added is left alone (SOP N1, N3).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from desktop.i18n import LANGUAGES
from desktop.models.notes import NoteDraft

#: Keys an offered note carries beside its fields (``NoteDraft.from_dict`` ignores them).
WORDED_KEY = "_worded"
LANGUAGE_KEY = "_language"
#: Fields a workflow words; the customer's name and the disposition id are not sentences.
SENTENCE_FIELDS: tuple[str, ...] = ("reason", "additional_info", "follow_up")

Render = Callable[[str], Mapping[str, object]]


def offered(fields: Mapping[str, Any], render: Render | None, language: str) -> dict[str, Any]:
    """The fields of an offered note, with the note worded in every language and the one it is in.

    Worded now, not later: the workflow moves on, and its later state must not
    change what this note said.
    """
    result = dict(fields)
    if render is not None:
        result[WORDED_KEY] = {lang: dict(render(lang)) for lang in LANGUAGES}
        result[LANGUAGE_KEY] = language
    return result


def can_reword(fields: Mapping[str, Any]) -> bool:
    return isinstance(fields.get(WORDED_KEY), dict) and isinstance(fields.get(LANGUAGE_KEY), str)


def worded(fields: Mapping[str, Any], language: str) -> dict[str, Any]:
    """The offered fields worded in ``language`` (unchanged when the note cannot be reworded)."""
    if not can_reword(fields) or language not in fields[WORDED_KEY]:
        return dict(fields)
    return {**fields, **fields[WORDED_KEY][language], LANGUAGE_KEY: language}


def reword(draft: NoteDraft, sources: list[Mapping[str, Any]], old: str, new: str) -> NoteDraft:
    """``draft`` with every workflow sentence still as written in ``old`` worded in ``new`` instead."""
    if old == new:
        return draft
    for source in sources:
        if not can_reword(source):
            continue
        before, after = worded(source, old), worded(source, new)
        draft = _swap(draft, before, after)
    return draft


def _swap(draft: NoteDraft, before: Mapping[str, Any], after: Mapping[str, Any]) -> NoteDraft:
    lines = dict(zip(_lines(before), _lines(after), strict=False))
    resolution = [lines.get(line.strip(), line) for line in draft.resolution]
    texts: dict[str, str] = {}
    for name in SENTENCE_FIELDS:
        old_text, new_text = str(before.get(name) or "").strip(), str(after.get(name) or "").strip()
        current = str(getattr(draft, name))
        texts[name] = current.replace(old_text, new_text) if old_text and old_text != new_text else current
    return replace(draft, resolution=resolution, reason=texts["reason"], additional_info=texts["additional_info"],
                   follow_up=texts["follow_up"])


def _lines(fields: Mapping[str, Any]) -> list[str]:
    raw = fields.get("resolution") or []
    if isinstance(raw, str):
        raw = raw.splitlines()
    return [str(line).strip() for line in raw]
