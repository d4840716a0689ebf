"""Per-state pack fields that only people read: de-install notes and sources.

Why apart from :mod:`desktop.models.sop`: no rule decides on these fields, so
:class:`~desktop.models.sop.SopPack` does not carry them; they are kept in the
stored JSON beside the fields the rules read, and the lead's editor and the
agent's SOP view read them from there.  The SOP sends agents to a state's
de-install notes to learn whether unused days are refunded (SOP C10) and what a
removal needs (SOP H7), so they travel with every stored version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from desktop.models import sop
from desktop.models.sop import LocalizedText

#: Optional state fields of the pack schema that the rule-facing pack leaves out.
EXTRA_FIELDS: tuple[str, ...] = ("deinstall_notes", "sources")


@dataclass(frozen=True)
class StateExtras:
    deinstall_notes: LocalizedText = field(default_factory=LocalizedText)
    sources: tuple[str, ...] = ()


def extras_from_data(data: dict[str, Any]) -> dict[str, StateExtras]:
    """USPS code -> extras, for every state of already validated pack data."""
    found: dict[str, StateExtras] = {}
    for code, entry in (data.get("states") or {}).items():
        notes = entry.get("deinstall_notes") or {}
        found[code] = StateExtras(
            deinstall_notes=LocalizedText(en=notes.get("en", ""), es=notes.get("es", "")),
            sources=tuple(entry.get("sources") or ()),
        )
    return found


def state_extras(pack_text: str, code: str) -> StateExtras:
    """The extras of one state in a stored pack's JSON (empty when the pack has none)."""
    try:
        data = json.loads(pack_text)
    except ValueError:
        return StateExtras()
    return extras_from_data(data).get(code.strip().upper(), StateExtras())


def with_extras(normalised: str, original: str) -> str:
    """``normalised`` (a :func:`sop.dump_pack` text) with the extras of ``original`` put back.

    Why: an import stores the normalised dump so that export gives back exactly
    what is used; without this the de-install notes and sources would be lost on
    the way.
    """
    try:
        raw = json.loads(original)
    except ValueError:
        return normalised
    data = json.loads(normalised)
    states = raw.get("states") if isinstance(raw, dict) else None
    if not isinstance(states, dict):
        return normalised
    for code, entry in data["states"].items():
        source = states.get(code)
        if isinstance(source, dict):
            for name in EXTRA_FIELDS:
                if name in source:
                    entry[name] = source[name]
    return dump_data(data)


def dump_data(data: dict[str, Any]) -> str:
    """Pack data as the stored, stable JSON text (states in code order)."""
    ordered = dict(data)
    ordered["states"] = {code: data["states"][code] for code in sorted(data["states"])}
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


def shipped_text() -> str:
    """The shipped pack's JSON as written, extras included."""
    return (sop.sop_dir() / sop.DEFAULT_PACK_FILE).read_text(encoding="utf-8")
