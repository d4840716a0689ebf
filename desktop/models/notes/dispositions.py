"""The fixed list of note dispositions (SOP N4): category -> reason.

Why a data file with both languages inside, instead of ids with ``N_()`` labels in
code: the list is owned by leads, changes more often than the code, and every
entry is pure data (no sentence is built from it).  Keeping the English and
Spanish label next to each other in ``resources/dispositions.json`` means a lead
adds a reason in one place, the loader rejects an entry missing either language,
and no release is needed to extend the list.  The ids are what notes and
workflows store; labels are only for display and filtering.

Reason ids are unique across the whole file so a workflow can hand over just
``"poc_request"`` without knowing which category it sits in.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from desktop import paths
from desktop.i18n import LANGUAGES

# Ids our own workflows hand to the Notes page; tests check they exist in the file.
WORKFLOW_REASON_IDS: tuple[str, ...] = (
    "poc_request",
    "override_given",
    "poc_escalation",
    "courtesy_credit",
    "credit_denied",
    "credit_escalated",
    "credit_routed",
    "credit_tow_receipt",
    "credit_invoice_utr",
    "credit_unused_days",
    "credit_payment_plan",
    "credit_reset_device",
    "override_refused",
    "poc_after_hours",
    "reset_question",
    "removal",
    "state_transfer",
    "mechanic_bypass",
)

_LABEL_SCHEMA = {
    "type": "object",
    "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES},
    "required": list(LANGUAGES),
}
_ID_SCHEMA = {"type": "string", "pattern": "^[a-z0-9_]+$"}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "categories"],
    "properties": {
        "version": {"const": 1},
        "categories": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "label", "reasons"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID_SCHEMA,
                    "label": _LABEL_SCHEMA,
                    "reasons": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["id", "label"],
                            "additionalProperties": False,
                            "properties": {
                                "id": _ID_SCHEMA,
                                "label": _LABEL_SCHEMA,
                                "keywords": {"type": "array", "items": {"type": "string"}},
                            },
                        },
                    },
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Disposition:
    """One selectable disposition: a reason inside its category."""

    category_id: str
    reason_id: str
    category_en: str
    category_es: str
    reason_en: str
    reason_es: str
    keywords: tuple[str, ...] = ()

    def category_label(self, language: str) -> str:
        return self.category_es if language == "es" else self.category_en

    def reason_label(self, language: str) -> str:
        return self.reason_es if language == "es" else self.reason_en

    def label(self, language: str) -> str:
        """``Category › Reason``, the form shown in the picker and printed in notes."""
        return f"{self.category_label(language)} › {self.reason_label(language)}"


@dataclass(frozen=True)
class DispositionCategory:
    id: str
    label_en: str
    label_es: str
    reasons: tuple[Disposition, ...]

    def label(self, language: str) -> str:
        return self.label_es if language == "es" else self.label_en


def _default_path() -> Path:
    return paths.resources_dir() / "dispositions.json"


def load_dispositions(path: Path | None = None) -> tuple[DispositionCategory, ...]:
    """Categories in file order (the order leads chose), validated.

    Raises ``ValueError`` for a file that breaks the schema or repeats an id: a
    silently half-loaded list would let agents pick a disposition that reporting
    cannot count.
    """
    return _load(str(path or _default_path()))


@cache
def _load(path: str) -> tuple[DispositionCategory, ...]:
    import jsonschema

    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    try:
        jsonschema.validate(data, SCHEMA)
    except jsonschema.ValidationError as exc:
        raise ValueError(f"invalid dispositions file: {exc.message}") from exc
    seen_categories: set[str] = set()
    seen_reasons: set[str] = set()
    categories = []
    for cat in data["categories"]:
        if cat["id"] in seen_categories:
            raise ValueError(f"duplicate category id: {cat['id']}")
        seen_categories.add(cat["id"])
        reasons = []
        for reason in cat["reasons"]:
            if reason["id"] in seen_reasons:
                raise ValueError(f"duplicate reason id: {reason['id']}")
            seen_reasons.add(reason["id"])
            reasons.append(
                Disposition(
                    category_id=cat["id"],
                    reason_id=reason["id"],
                    category_en=cat["label"]["en"],
                    category_es=cat["label"]["es"],
                    reason_en=reason["label"]["en"],
                    reason_es=reason["label"]["es"],
                    keywords=tuple(reason.get("keywords", ())),
                )
            )
        categories.append(
            DispositionCategory(cat["id"], cat["label"]["en"], cat["label"]["es"], tuple(reasons))
        )
    return tuple(categories)


def all_dispositions(path: Path | None = None) -> tuple[Disposition, ...]:
    return tuple(d for cat in load_dispositions(path) for d in cat.reasons)


def find_disposition(reason_id: str, path: Path | None = None) -> Disposition | None:
    for disposition in all_dispositions(path):
        if disposition.reason_id == reason_id:
            return disposition
    return None


def disposition_label(reason_id: str, language: str, path: Path | None = None) -> str | None:
    """``Category › Reason`` for a stored id, or ``None`` if the id is unknown."""
    disposition = find_disposition(reason_id, path)
    return disposition.label(language) if disposition else None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def filter_dispositions(text: str, language: str, path: Path | None = None) -> tuple[Disposition, ...]:
    """Dispositions matching what the agent typed, best first (type-to-filter).

    Every typed word must appear somewhere in the category or reason label (in
    ``language``), the id or the keywords; case and accents are ignored so
    "cortesia" finds "cortesía".  Matches at the start of the reason label come
    first, then matches at the start of any word, then the rest, each in file
    order.  If nothing matches literally, close spellings are offered (a typo in
    a hurry should not leave the picker empty).
    """
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language!r}")
    items = all_dispositions(path)
    words = _fold(text).split()
    if not words:
        return items

    ranked: list[tuple[int, int, Disposition]] = []
    for order, item in enumerate(items):
        reason = _fold(item.reason_label(language))
        haystack = " ".join(
            [_fold(item.category_label(language)), reason, item.reason_id.replace("_", " ")]
            + [_fold(k) for k in item.keywords]
        )
        if not all(word in haystack for word in words):
            continue
        if reason.startswith(words[0]):
            rank = 0
        elif any(token.startswith(words[0]) for token in _tokens(reason)):
            rank = 1
        else:
            rank = 2
        ranked.append((rank, order, item))
    if ranked:
        return tuple(item for _, _, item in sorted(ranked, key=lambda r: (r[0], r[1])))
    return _fuzzy(items, " ".join(words), language)


def _tokens(text: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in text).split()


def _fuzzy(items: tuple[Disposition, ...], query: str, language: str) -> tuple[Disposition, ...]:
    from rapidfuzz import fuzz

    scored = []
    for order, item in enumerate(items):
        candidates = [_fold(item.reason_label(language)), _fold(item.category_label(language))]
        candidates += [_fold(k) for k in item.keywords]
        score = max(fuzz.partial_ratio(query, c) for c in candidates)
        if score >= 80:
            scored.append((-score, order, item))
    return tuple(item for _, _, item in sorted(scored, key=lambda r: (r[0], r[1])))
