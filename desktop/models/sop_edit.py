"""A lead's edit of the state SOP pack: field values, problems, the diff, the next version.

Why the edit works on the pack's JSON data and not on :class:`~desktop.models.sop.SopPack`:
the schema is what a pack must satisfy, so the edited data is checked by the very
validator an import uses (:func:`desktop.models.sop.validate_pack_data`), and the
fields only people read (de-install notes, sources) travel with it.  Saving
stores a new version through :func:`desktop.models.store.sop_store.import_pack`, so a
version is never overwritten and every decision keeps recording the version it
used (SOP P4, C2, C10 read the pack).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from desktop.i18n import N_, MoneyError, format_money, gettext_for, parse_money
from desktop.models import sop
from desktop.models.sop import PackProblem
from desktop.models.store import sop_store
from desktop.models.store.sop_store import PackInfo

TRI_FIELDS: tuple[str, ...] = ("poc_override", "courtesy_credits", "unused_days_refund")
TEXT_FIELDS: tuple[str, ...] = ("unused_days_notes", "deinstall_notes", "notes")
#: Every per-state field the editor shows, in the order it shows them.
STATE_FIELDS: tuple[str, ...] = (
    "poc_override",  # SOP P4, P9
    "poc_fee",  # SOP P4
    "courtesy_credits",  # SOP C2
    "unused_days_refund",  # SOP C10
    "unused_days_notes",  # SOP C10: the process when they are refunded
    "deinstall_notes",  # SOP C10, H7
    "notes",
    "sources",
)
#: Pack-wide fields the editor shows (SOP C8).
PACK_FIELDS: tuple[str, ...] = ("effective_date", "tow_receipt.csg_fax", "tow_receipt.csg_email")

FIELD_LABELS: dict[str, str] = {
    "poc_override": N_("POC allowed"),
    "poc_fee": N_("POC fee"),
    "courtesy_credits": N_("Courtesy credits allowed"),
    "unused_days_refund": N_("Unused days refunded"),
    "unused_days_notes": N_("Unused days: process"),
    "deinstall_notes": N_("De-install notes"),
    "notes": N_("Notes"),
    "sources": N_("Sources"),
    "effective_date": N_("Effective date"),
    "tow_receipt.csg_fax": N_("CSG fax for tow receipts"),
    "tow_receipt.csg_email": N_("CSG email for tow receipts"),
}
def field_label(name: str, language: str) -> str:
    """The name of a pack field as the editor shows it."""
    return gettext_for(language)(FIELD_LABELS[name])


TRI_LABELS: dict[str, str] = {"yes": N_("Yes"), "no": N_("No"), "check_sop": N_("Check SOP")}
_NOT_STATED = N_("not stated")
_EMPTY = "—"

#: Fee problems beyond the money parser's own (a fee is never negative).
FEE_PROBLEMS: dict[str, str] = {
    "negative": N_("A fee cannot be negative: type 0.00 or more, or leave the field empty when the SOP states none."),
}


class FeeError(ValueError):
    """A typed POC fee was refused; ``code`` is a money-parser code or ``"negative"``."""

    def __init__(self, code: str, money: MoneyError | None = None) -> None:
        super().__init__(code)
        self.code = code
        self._money = money

    def text(self, language: str) -> str:
        if self._money is not None:
            return self._money.text(language)
        return gettext_for(language)(FEE_PROBLEMS[self.code])


def parse_fee(text: str, language: str) -> Decimal | None:
    """The fee a lead typed: ``None`` for an empty field (the SOP states none).

    The strict money parser refuses ``1e3``, ``NaN``, ``Infinity`` and three
    decimals; a negative amount is refused here because a fee is never one.
    """
    if not text.strip():
        return None
    try:
        value = parse_money(text, language)
    except MoneyError as exc:
        raise FeeError(exc.code, exc) from exc
    if value < 0:
        raise FeeError("negative")
    return value


def fee_json(value: Decimal | None) -> str | None:
    """Money as the pack stores it: a string with two decimals (JSON numbers are floats)."""
    return None if value is None else f"{value:.2f}"


def next_version(version: str, taken: Iterable[str]) -> str:
    """The version after ``version`` that no stored pack of the same name uses.

    ``2026.11.1`` becomes ``2026.11.2``; a version that does not end in a number
    gets ``.1`` appended.
    """
    used = set(taken)
    match = re.fullmatch(r"(.*?)(\d+)", version)
    prefix, number = (match.group(1), int(match.group(2))) if match else (version + ".", 0)
    candidate = f"{prefix}{number + 1}"
    while candidate in used:
        number += 1
        candidate = f"{prefix}{number + 1}"
    return candidate


@dataclass(frozen=True)
class Change:
    """One field that differs from the active version (``scope`` is a state code, or ``""`` for the pack)."""

    scope: str
    field: str
    old: Any
    new: Any

    def text(self, language: str) -> str:
        t = gettext_for(language)
        where = f"{self.scope} · " if self.scope else ""
        old, new = display_value(self.field, self.old, language), display_value(self.field, self.new, language)
        return f"{where}{t(FIELD_LABELS[self.field])}: {old} → {new}"


def display_value(name: str, value: Any, language: str) -> str:
    """A field's value as a lead reads it in a diff."""
    t = gettext_for(language)
    if name in TRI_FIELDS:
        return t(TRI_LABELS.get(str(value), str(value)))
    if name == "poc_fee":
        return t(_NOT_STATED) if value is None else format_money(Decimal(str(value)), language)
    if name in TEXT_FIELDS:
        text = value if isinstance(value, dict) else {}
        parts = [f"“{text[k]}”" for k in ("en", "es") if str(text.get(k, "")).strip()]
        return " / ".join(parts) or _EMPTY
    if name == "sources":
        return "; ".join(value or ()) or _EMPTY
    return str(value) if value not in (None, "") else _EMPTY


class PackEdit:
    """The edited copy of one pack version beside the version it started from."""

    def __init__(self, base_text: str, base_ref: str) -> None:
        self.base_ref = base_ref
        self.base: dict[str, Any] = json.loads(base_text)
        self.data: dict[str, Any] = copy.deepcopy(self.base)

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def version(self) -> str:
        return str(self.base["version"])

    def codes(self) -> list[str]:
        return sorted(self.data["states"])

    def state_name(self, code: str) -> str:
        return str(self.data["states"][code]["name"])

    def value(self, code: str, name: str) -> Any:
        """A state's field, with the defaults a pack without the optional fields has."""
        entry = self.data["states"][code]
        if name in entry:
            return copy.deepcopy(entry[name])
        return [] if name == "sources" else {"en": ""}

    def set_value(self, code: str, name: str, value: Any) -> None:
        if name not in STATE_FIELDS:
            raise KeyError(name)
        if name == "poc_fee" and isinstance(value, Decimal):
            value = fee_json(value)
        self.data["states"][code][name] = value

    def set_text(self, code: str, name: str, language: str, text: str) -> None:
        value = self.value(code, name)
        value[language] = text
        if language == "es" and not text:
            value.pop("es", None)
        self.set_value(code, name, value)

    def pack_value(self, path: str) -> Any:
        node: Any = self.data
        for part in path.split("."):
            node = node[part]
        return node

    def set_pack_value(self, path: str, value: Any) -> None:
        *parents, last = path.split(".")
        node: Any = self.data
        for part in parents:
            node = node[part]
        node[last] = value

    def problems(self) -> tuple[PackProblem, ...]:
        """Every schema and rule problem of the edited data (empty: it can be saved)."""
        return sop.validate_pack_data(self.data)

    def changes(self) -> list[Change]:
        """Per state and field, old → new, against the version the edit started from."""
        found = [
            Change("", path, _get(self.base, path), _get(self.data, path))
            for path in PACK_FIELDS
            if _get(self.base, path) != _get(self.data, path)
        ]
        for code in self.codes():
            old = self.base["states"].get(code, {})
            for name in STATE_FIELDS:
                before, after = _normal(name, old.get(name)), _normal(name, self.data["states"][code].get(name))
                if before != after:
                    found.append(Change(code, name, before, after))
        return found

    def text_for_version(self, version: str) -> str:
        data = copy.deepcopy(self.data)
        data["version"] = version
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _normal(name: str, value: Any) -> Any:
    """Absent optional fields compare equal to their empty values."""
    if name == "sources":
        return list(value or [])
    if name in TEXT_FIELDS:
        text = dict(value or {})
        return {k: v for k, v in {"en": text.get("en", ""), "es": text.get("es", "")}.items() if v}
    return value


def save_new_version(session: Session, edit: PackEdit, *, at: datetime, by: str) -> PackInfo:
    """Store the edit as the next free version of its pack (never overwriting one); not activated.

    Raises :class:`desktop.models.sop.PackValidationError` listing every problem.
    """
    return sop_store.import_pack(session, new_version_text(session, edit), at=at, by=by)


def new_version_text(session: Session, edit: PackEdit) -> str:
    """The edit's JSON under the next version no stored pack of its name uses (the store's or a team cache's).

    Raises :class:`desktop.models.sop.PackValidationError` listing every problem.
    """
    problems = edit.problems()
    if problems:
        raise sop.PackValidationError(problems)
    taken = [p.version for p in sop_store.list_packs(session) if p.name == edit.name]
    taken.append(sop.load_default_pack().version)
    return edit.text_for_version(next_version(edit.version, taken))
