"""Reading a pack: bytes to text, text to checked data, data to a :class:`SopPack`, and back to JSON.

Never a half pack: :func:`load_pack` either returns a whole, valid pack or raises
:class:`PackValidationError` listing every problem.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from desktop.models.sop.pack import (
    DEFAULT_PACK_FILE,
    PACK_FORMAT,
    LocalizedText,
    SopPack,
    StateEntry,
    TowReceiptContact,
    sop_dir,
)
from desktop.models.sop.problems import ROOT, PackProblem, PackValidationError
from desktop.models.sop.validate import pairs_noting_duplicates, validate_pack_data

#: A pack for every state is about 30 KB; anything this large is the wrong file.
MAX_PACK_BYTES = 5 * 1024 * 1024
#: Longest number a pack holds (business days, the pack format); longer ones are typing errors.
MAX_NUMBER_DIGITS = 18


def _read_text(source: str | Path) -> str:
    if isinstance(source, Path):
        return _read_file(source)
    if source.lstrip().startswith("{") or source.lstrip().startswith("["):
        return source
    return _read_file(Path(source))


def _read_file(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_PACK_BYTES:
            raise PackValidationError([PackProblem(ROOT, "too_large", str(MAX_PACK_BYTES // (1024 * 1024)))])
        data = path.read_bytes()
    except OSError as exc:
        raise PackValidationError([PackProblem(ROOT, "unreadable", exc.strerror or type(exc).__name__)]) from exc
    return decode_pack(data)


def decode_pack(data: bytes) -> str:
    """The pack file's text; a byte that is not UTF-8 is a :class:`PackValidationError` in plain words."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackValidationError([PackProblem(ROOT, "not_utf8", str(exc.start + 1))]) from exc


def read_pack_file(path: Path) -> str:
    """The text of a pack file a lead picked; problems come as :class:`PackValidationError`."""
    return _read_file(path)


class _LongNumber:
    """Stands in for a JSON integer with more digits than any pack value.

    Why: ``int()`` refuses 4,300+ digits with a ``ValueError`` that would end the
    whole read; the marker lets the schema report the field instead.
    """

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"<number with {self.digits} digits>"


def _parse_int(text: str) -> int | _LongNumber:
    return _LongNumber(len(text)) if len(text) > MAX_NUMBER_DIGITS else int(text)


def load_pack(source: str | Path) -> SopPack:
    """Parse and validate a pack from JSON text or a file path.

    Raises :class:`PackValidationError` listing every problem; never returns a
    partially filled pack.
    """
    text = _read_text(source)
    try:
        data = json.loads(text, object_pairs_hook=pairs_noting_duplicates, parse_float=Decimal, parse_int=_parse_int)
        data = _floats_to_markers(data)
        problems = validate_pack_data(data)
    except json.JSONDecodeError as exc:
        detail = f"line {exc.lineno}, column {exc.colno}"
        raise PackValidationError([PackProblem(ROOT, "invalid_json", detail)]) from exc
    except RecursionError as exc:  # "[[[[…" thousands deep: json and the schema walk recurse
        raise PackValidationError([PackProblem(ROOT, "nested_too_deep")]) from exc
    if problems:
        raise PackValidationError(problems)
    return _build(data)


class _FloatMarker:
    """Stands in for a JSON float so the schema reports it as a wrong type.

    Why: a money field written as ``40.5`` must be rejected ("not a decimal
    string"), and parsing it as a float first would already lose precision.
    """

    def __repr__(self) -> str:
        return "<number>"


def _floats_to_markers(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _FloatMarker()
    if isinstance(value, dict):
        return {k: _floats_to_markers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_floats_to_markers(v) for v in value]
    return value


def _text(value: Mapping[str, str]) -> LocalizedText:
    return LocalizedText(en=value.get("en", ""), es=value.get("es", ""))


def _build(data: dict[str, Any]) -> SopPack:
    tow = data["tow_receipt"]
    entries = []
    for code in sorted(data["states"]):
        raw = data["states"][code]
        fee = raw["poc_fee"]
        entries.append(
            StateEntry(
                code=code,
                name=raw["name"],
                poc_override=raw["poc_override"],
                poc_fee=Decimal(fee) if fee is not None else None,
                courtesy_credits=raw["courtesy_credits"],
                unused_days_refund=raw["unused_days_refund"],
                unused_days_notes=_text(raw["unused_days_notes"]),
                notes=_text(raw["notes"]),
            )
        )
    return SopPack(
        name=data["name"],
        version=data["version"],
        effective_date=date.fromisoformat(data["effective_date"]),
        source=data["source"],
        tow_receipt=TowReceiptContact(
            csg_fax=tow["csg_fax"],
            csg_email=tow["csg_email"],
            review_business_days_min=tow["review_business_days_min"],
            review_business_days_max=tow["review_business_days_max"],
        ),
        states=tuple(entries),
    )


def _text_json(text: LocalizedText) -> dict[str, str]:
    out = {"en": text.en}
    if text.es:
        out["es"] = text.es
    return out


def pack_to_data(pack: SopPack) -> dict[str, Any]:
    return {
        "pack_format": PACK_FORMAT,
        "name": pack.name,
        "version": pack.version,
        "effective_date": pack.effective_date.isoformat(),
        "source": pack.source,
        "tow_receipt": {
            "csg_fax": pack.tow_receipt.csg_fax,
            "csg_email": pack.tow_receipt.csg_email,
            "review_business_days_min": pack.tow_receipt.review_business_days_min,
            "review_business_days_max": pack.tow_receipt.review_business_days_max,
        },
        "states": {
            entry.code: {
                "name": entry.name,
                "poc_override": entry.poc_override,
                # Money as a string: JSON numbers are floats in most readers.
                "poc_fee": None if entry.poc_fee is None else f"{entry.poc_fee:.2f}",
                "courtesy_credits": entry.courtesy_credits,
                "unused_days_refund": entry.unused_days_refund,
                "unused_days_notes": _text_json(entry.unused_days_notes),
                "notes": _text_json(entry.notes),
            }
            for entry in sorted(pack.states, key=lambda e: e.code)
        },
    }


def dump_pack(pack: SopPack) -> str:
    """The pack as JSON text that :func:`load_pack` reads back to an equal pack."""
    return json.dumps(pack_to_data(pack), indent=2, ensure_ascii=False) + "\n"


def load_default_pack() -> SopPack:
    """The pack shipped in ``resources/sop`` (only what the SOP documents state)."""
    return _default_pack()


@cache
def _default_pack() -> SopPack:
    return load_pack(sop_dir() / DEFAULT_PACK_FILE)
