"""Checking roster rows one cell at a time: states, time zones, balances and cells a spreadsheet would run as formulas."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any
from zoneinfo import available_timezones

import us

from desktop.models.store.roster import (
    _CID,
    _THOUSANDS,
    BRAND_ALIASES,
    FIELDS,
    FLAG_SEPARATORS,
    LANGUAGE_ALIASES,
    MAX_BALANCE,
    MAX_LEN,
    REQUIRED,
    PreviewRow,
    RosterRow,
    RowProblem,
)
from desktop.models.store.types import CENT

# ---------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------


@cache
def known_states() -> frozenset[str]:
    """USPS codes of the states, DC, Puerto Rico and the territories (``us`` package)."""
    return frozenset(s.abbr for s in us.states.STATES_AND_TERRITORIES)


@cache
def state_code(value: str) -> str | None:
    """USPS code for a code or a name in any case ("wv", "West Virginia"); None if unknown."""
    text = " ".join(value.split())
    if not text or any(c.isdigit() for c in text):
        return None  # FIPS numbers are not what a CRM export means by "state"
    found = us.states.lookup(text)
    if found is None or found.abbr not in known_states():
        return None
    return str(found.abbr)


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_time_zone(name: str) -> bool:
    """An IANA Area/Location name zoneinfo knows ("America/Phoenix", not "MST")."""
    return "/" in name and name in _zones()


def parse_balance(value: Any) -> Decimal:
    """Money from a roster cell: "12.50", "-5", "$1,234.00", "(12.50)" or a JSON number.

    Raises ``ValueError("bad_balance" | "balance_precision" | "balance_out_of_range")``.
    """
    if isinstance(value, bool):
        raise ValueError("bad_balance")
    if isinstance(value, Decimal | int):
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        negative = text.startswith("(") and text.endswith(")")
        if negative:
            text = text[1:-1]
        sign = ""
        if text[:1] in "+-" and text:
            sign, text = text[0], text[1:]
        text = text.removeprefix("$")
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        if not re.fullmatch(r"\d+(\.\d*)?|\.\d+", text):
            raise ValueError("bad_balance")
        try:
            amount = Decimal(sign + text)
        except InvalidOperation as exc:
            raise ValueError("bad_balance") from exc
        if negative:
            amount = -amount
    else:
        raise ValueError("bad_balance")
    if not amount.is_finite():
        raise ValueError("bad_balance")
    if abs(amount) > MAX_BALANCE:
        raise ValueError("balance_out_of_range")
    if amount != amount.quantize(CENT):
        raise ValueError("balance_precision")
    return amount.quantize(CENT)


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " | ".join(str(v) for v in value)
    return str(value)


def check_record(
    row: int, raw: Mapping[str, Any] | None, read_problems: list[RowProblem], *, preview: bool = True
) -> tuple[RosterRow | None, list[RowProblem], PreviewRow | None]:
    """Check one record: the row when it is ready, its problems, and its preview line (when asked)."""
    problems = list(read_problems)
    parsed = _check_row(row, raw, problems) if raw is not None else None
    line = (
        PreviewRow(row=row, values={f: _display((raw or {}).get(f)) for f in FIELDS}, ok=not problems)
        if preview
        else None
    )
    return (parsed if not problems else None), problems, line


def sort_problems(problems: Iterable[RowProblem]) -> list[RowProblem]:
    return sorted(problems, key=lambda p: (p.row, FIELDS.index(p.field) if p.field in FIELDS else -1, p.code))


def _text(row: int, raw: Mapping[str, Any], name: str, problems: list[RowProblem]) -> str | None:
    """A stripped text value, or None when empty; records not_text / too_long / missing_value."""
    value = raw.get(name)
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = " ".join(value.split())
    elif isinstance(value, int | Decimal) and not isinstance(value, bool) and name == "cid":
        text = str(value)  # JSON exports sometimes write numeric CIDs as numbers
    else:
        problems.append(RowProblem(row, name, "not_text"))
        return None
    if not text:
        if name in REQUIRED:
            problems.append(RowProblem(row, name, "missing_value"))
        return None
    if not _cell_is_safe(row, name, text, problems):
        return None
    limit = MAX_LEN.get(name)
    if limit is not None and len(text) > limit:
        problems.append(RowProblem(row, name, "too_long", str(limit)))
        return None
    return text


#: First characters that make a spreadsheet run a cell as a formula (=HYPERLINK(…), +cmd|…, @SUM(…)).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Unicode category Cc (C0 and C1 controls, NUL included).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _cell_is_safe(row: int, name: str, text: str, problems: list[RowProblem]) -> bool:
    """Refuse formula-like and control-character text (it may be exported to a spreadsheet again).

    Rejected rather than neutralised with a quote: a changed name would silently
    differ from the CRM's, so the lead fixes the cell and imports again.
    """
    if text.startswith(FORMULA_STARTS) and not (name == "cid" and text.lstrip("-+").isalnum()):
        problems.append(RowProblem(row, name, "formula_cell", text[:1]))
        return False
    found = _CONTROL.search(text)
    if found is not None:
        bad = found.group()
        label = "NUL" if bad == "\x00" else f"U+{ord(bad):04X}"
        problems.append(RowProblem(row, name, "control_character", label))
        return False
    return True


def _check_row(row: int, raw: Mapping[str, Any], problems: list[RowProblem]) -> RosterRow | None:
    start = len(problems)
    cid = _text(row, raw, "cid", problems)
    if cid is not None:
        cid = cid.upper()
        if not _CID.match(cid):
            problems.append(RowProblem(row, "cid", "bad_cid", cid))
    name = _text(row, raw, "name", problems)
    brand_text = _text(row, raw, "brand", problems)
    brand = BRAND_ALIASES.get(brand_text.lower()) if brand_text else None
    if brand_text and brand is None:
        problems.append(RowProblem(row, "brand", "unknown_brand", brand_text))
    state_text = _text(row, raw, "state", problems)
    state = state_code(state_text) if state_text else None
    if state_text and state is None:
        problems.append(RowProblem(row, "state", "unknown_state", state_text))
    zone = _text(row, raw, "time_zone", problems)
    if zone and not valid_time_zone(zone):
        problems.append(RowProblem(row, "time_zone", "unknown_time_zone", zone))
    sc_zone = _text(row, raw, "service_center_tz", problems)
    if sc_zone and not valid_time_zone(sc_zone):
        problems.append(RowProblem(row, "service_center_tz", "unknown_time_zone", sc_zone))
    device = _text(row, raw, "device_model", problems)
    sc_name = _text(row, raw, "service_center_name", problems)
    sc_address = _text(row, raw, "service_center_address", problems)

    balance = Decimal("0.00")
    raw_balance = raw.get("balance")
    if raw_balance is not None and not (isinstance(raw_balance, str) and not raw_balance.strip()):
        try:
            balance = parse_balance(raw_balance)
        except ValueError as exc:
            problems.append(RowProblem(row, "balance", str(exc), _display(raw_balance).strip()))

    language = "en"
    lang_text = _text(row, raw, "preferred_language", problems)
    if lang_text:
        found = LANGUAGE_ALIASES.get(lang_text.lower())
        if found is None:
            problems.append(RowProblem(row, "preferred_language", "unknown_language", lang_text))
        else:
            language = found

    flags: tuple[str, ...] = ()
    raw_flags = raw.get("critical_flags")
    if isinstance(raw_flags, str):
        flags = tuple(f for f in (" ".join(p.split()) for p in FLAG_SEPARATORS.split(raw_flags)) if f)
    elif isinstance(raw_flags, list) and all(isinstance(f, str) for f in raw_flags):
        flags = tuple(f for f in (" ".join(p.split()) for p in raw_flags) if f)
    elif raw_flags is not None:
        problems.append(RowProblem(row, "critical_flags", "bad_flags"))
    for flag in flags:
        if not _cell_is_safe(row, "critical_flags", flag, problems):
            break

    if len(problems) > start or not (cid and name and brand and state and zone):
        return None
    return RosterRow(
        row=row,
        cid=cid,
        name=name,
        brand=brand,
        state=state,
        time_zone=zone,
        device_model=device,
        service_center_name=sc_name,
        service_center_address=sc_address,
        service_center_tz=sc_zone,
        balance=balance,
        preferred_language=language,
        critical_flags=flags,
    )
