"""State SOP packs: what each state's SOP allows, as data the rules can read.

Why a pack and not constants in the rules: state SOPs change, and leads (not
developers) keep them current.  A pack is versioned as a whole so every decision
can record which version it used, and it is validated as a whole so a
bad import can never leave the app with half a pack.

Representation choices (see also ``docs`` in the report):

* Every per-state rule field is a tri-state ``"yes" | "no" | "check_sop"``.
  ``"check_sop"`` means the source documents say nothing for that state: the
  app must never invent an answer, so the agent is sent to the state SOP.
* ``courtesy_credits`` follows the same tri-state, and
  :attr:`StateEntry.courtesy_credits_allowed` turns it into a real ``bool``:
  only an explicit ``"no"`` is ``False`` (SOP C2: West Virginia).  For
  ``"check_sop"`` the general one-time courtesy policy (SOP C1) applies, so the
  answer is ``True``; :attr:`StateEntry.courtesy_credits_confirmed` tells a view
  it came from the general policy rather than the state's own SOP.  We did not
  use ``None`` for "unknown": ``None`` is falsy, and one careless
  ``if not entry.courtesy_credits_allowed`` would deny every client.
* The CSG fax and email for tow receipts (SOP C8) are pack-level settings left
  empty in the shipped pack: the lead fills them in, and views show a "not
  configured" warning until then, rather than the app carrying a made-up value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

import us
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from desktop import paths
from desktop.i18n import N_, gettext_for

TriState = Literal["yes", "no", "check_sop"]
TRI_STATES: tuple[str, ...] = ("yes", "no", "check_sop")
PACK_FORMAT = 1
SCHEMA_FILE = "pack.schema.json"
DEFAULT_PACK_FILE = "default-pack.json"


def sop_dir() -> Path:
    return paths.resources_dir() / "sop"


def known_states() -> dict[str, str]:
    """USPS code -> name for the 50 states, DC, Puerto Rico and the territories ``us`` knows.

    Why from ``us``: one maintained list, so a pack cannot silently drop a
    territory or invent a code.
    """
    return {s.abbr: s.name for s in us.states.STATES_AND_TERRITORIES}


@dataclass(frozen=True)
class LocalizedText:
    """Free text a lead writes, in English and optionally Spanish.

    Why not gettext: this text is data that leads edit in a pack, not a string in
    the code, so it carries its own translation.
    """

    en: str = ""
    es: str = ""

    def get(self, language: str) -> str:
        """The text in ``language``, falling back to English when untranslated."""
        if language == "es" and self.es.strip():
            return self.es
        return self.en

    def __bool__(self) -> bool:
        return bool(self.en.strip() or self.es.strip())


@dataclass(frozen=True)
class StateEntry:
    code: str
    name: str
    poc_override: TriState  # SOP P4, P9
    poc_fee: Decimal | None  # SOP P4: quoted before scheduling; None = not stated
    courtesy_credits: TriState  # SOP C2; see module docstring
    unused_days_refund: TriState  # SOP C10
    unused_days_notes: LocalizedText = field(default_factory=LocalizedText)
    notes: LocalizedText = field(default_factory=LocalizedText)

    @property
    def courtesy_credits_allowed(self) -> bool:
        """False only when the state's SOP explicitly forbids courtesy credits (SOP C2)."""
        return self.courtesy_credits != "no"

    @property
    def courtesy_credits_confirmed(self) -> bool:
        """True when the answer comes from the state's own SOP, not the general policy."""
        return self.courtesy_credits != "check_sop"


@dataclass(frozen=True)
class TowReceiptContact:
    """Where clients send a tow receipt, and how long CSG's review takes (SOP C8)."""

    csg_fax: str
    csg_email: str
    review_business_days_min: int
    review_business_days_max: int

    def missing_fields(self) -> tuple[str, ...]:
        """Field names a lead still has to fill in before agents can quote them."""
        missing = []
        if not self.csg_fax.strip():
            missing.append("csg_fax")
        if not self.csg_email.strip():
            missing.append("csg_email")
        return tuple(missing)

    @property
    def is_configured(self) -> bool:
        return not self.missing_fields()


@dataclass(frozen=True)
class SopPack:
    name: str
    version: str
    effective_date: date
    source: str
    tow_receipt: TowReceiptContact
    states: tuple[StateEntry, ...]
    _index: dict[str, StateEntry] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {entry.code.upper(): entry for entry in self.states})

    def state(self, code: str) -> StateEntry:
        """The entry for a USPS code in any case; ``KeyError`` for a code the pack lacks."""
        if not isinstance(code, str):
            raise KeyError(code)
        try:
            return self._index[code.strip().upper()]
        except KeyError:
            raise KeyError(code) from None

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip().upper() in self._index

    def codes(self) -> tuple[str, ...]:
        return tuple(entry.code for entry in self.states)

    @property
    def ref(self) -> str:
        """What a decision records to say which pack it used."""
        return f"{self.name} {self.version}"


# ---------------------------------------------------------------------------
# Validation problems
# ---------------------------------------------------------------------------

#: Problem code -> English description (``N_`` marked; views translate with
#: :func:`problem_text`).  The code is what tests and the DB layer compare.
PROBLEM_TEXTS: dict[str, str] = {
    "invalid_json": N_("not valid JSON ({detail})"),
    "unreadable": N_("cannot be read ({detail})"),
    "not_an_object": N_("must be an object with named fields"),
    "missing": N_("missing"),
    "unknown_field": N_("unknown field"),
    "unsupported_format": N_("unsupported pack format (expected {detail})"),
    "empty_text": N_("must be non-empty text"),
    "not_text": N_("must be text"),
    "not_a_date": N_("not a date (YYYY-MM-DD)"),
    "not_a_phone_number": N_("not a fax number"),
    "not_an_email": N_("not an email address"),
    "not_business_days": N_("must be a whole number of business days from 1 to 60"),
    "review_days_order": N_("minimum review days is greater than the maximum"),
    "not_tri_state": N_("must be one of: yes, no, check_sop"),
    "not_localized_text": N_("must be an object with 'en' (and optionally 'es') text"),
    "not_decimal_string": N_("not a decimal string"),
    "bad_state_code": N_("not a two-letter uppercase state code"),
    "unknown_state": N_("unknown state or territory code"),
    "missing_state": N_("state or territory missing from the pack"),
    "duplicate_key": N_("appears more than once"),
    "fee_without_override": N_("a POC fee is set but the POC override is 'no'"),
    "refund_without_notes": N_("unused days refund is 'yes' but the notes do not say how"),
    "invalid": N_("invalid value ({detail})"),
    "not_utf8": N_("not UTF-8 text: byte {detail} cannot be read; save the pack as UTF-8 and import it again"),
    "nested_too_deep": N_("nested too deeply to be a pack (lists or objects many levels down)"),
    "too_large": N_("larger than {detail} MB, far more than any pack; check that this is the right file"),
}

#: A pack for every state is about 30 KB; anything this large is the wrong file.
MAX_PACK_BYTES = 5 * 1024 * 1024
#: Longest number a pack holds (business days, the pack format); longer ones are typing errors.
MAX_NUMBER_DIGITS = 18


@dataclass(frozen=True)
class PackProblem:
    """One thing wrong with a pack, located by a dotted field path (``states.WV.poc_fee``)."""

    path: str
    code: str
    detail: str = ""

    def text(self, language: str = "en") -> str:
        template = gettext_for(language)(PROBLEM_TEXTS.get(self.code, PROBLEM_TEXTS["invalid"]))
        return f"{self.path}: {template.format(detail=self.detail)}"


def problem_text(problem: PackProblem, language: str = "en") -> str:
    return problem.text(language)


class PackValidationError(ValueError):
    """A pack was rejected; ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: Iterable[PackProblem]) -> None:
        self.problems: tuple[PackProblem, ...] = tuple(problems)
        super().__init__("\n".join(p.text("en") for p in self.problems))

    def paths(self) -> tuple[str, ...]:
        return tuple(p.path for p in self.problems)


ROOT = "(root)"


def _join(path: Iterable[Any]) -> str:
    parts = [str(p) for p in path]
    return ".".join(parts) if parts else ROOT


def _child(path: Iterable[Any], name: str) -> str:
    return _join([*path, name])


@cache
def _schema() -> dict[str, Any]:
    with (sop_dir() / SCHEMA_FILE).open(encoding="utf-8") as fh:
        return cast(dict[str, Any], json.load(fh))


def pack_schema() -> dict[str, Any]:
    """The JSON schema a pack must satisfy (a copy: callers may not mutate ours)."""
    return cast(dict[str, Any], json.loads(json.dumps(_schema())))


def _schema_problems(error: ValidationError) -> Iterator[PackProblem]:
    """Turn one jsonschema error into our path+code problems."""
    path = list(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        for name in cast(list[str], error.validator_value):
            if name not in instance:
                yield PackProblem(_child(path, name), "missing")
        return
    if error.validator == "additionalProperties":
        allowed = set(schema.get("properties", {}))
        instance = error.instance if isinstance(error.instance, dict) else {}
        for name in sorted(set(instance) - allowed):
            yield PackProblem(_child(path, str(name)), "unknown_field")
        return
    code = schema.get("x-problem", "invalid")
    if code == "bad_state_code":
        # propertyNames errors sit at the parent object; name the bad key itself.
        yield PackProblem(_child(path, str(error.instance)), code)
        return
    detail = ""
    if code == "unsupported_format":
        detail = str(PACK_FORMAT)
    elif code == "invalid":
        detail = error.message
    yield PackProblem(_join(path), code, detail)


def _semantic_problems(data: dict[str, Any]) -> Iterator[PackProblem]:
    """Checks a JSON schema cannot express (or that need the ``us`` state list)."""
    effective = data.get("effective_date")
    if isinstance(effective, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", effective):
        try:
            date.fromisoformat(effective)
        except ValueError:
            yield PackProblem("effective_date", "not_a_date")
    tow = data.get("tow_receipt")
    if isinstance(tow, dict):
        low, high = tow.get("review_business_days_min"), tow.get("review_business_days_max")
        if type(low) is int and type(high) is int and low > high:
            yield PackProblem("tow_receipt.review_business_days_min", "review_days_order")
    states = data.get("states")
    if not isinstance(states, dict):
        return
    known = known_states()
    for code in sorted(states):
        if isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code) and code not in known:
            yield PackProblem(f"states.{code}", "unknown_state")
    for code in sorted(set(known) - set(states)):
        yield PackProblem(f"states.{code}", "missing_state")
    for code in sorted(states):
        entry = states[code]
        if not isinstance(entry, dict):
            continue
        if entry.get("poc_override") == "no" and isinstance(entry.get("poc_fee"), str):
            yield PackProblem(f"states.{code}.poc_fee", "fee_without_override")  # SOP P4
        notes = entry.get("unused_days_notes")
        en = notes.get("en") if isinstance(notes, dict) else None
        if entry.get("unused_days_refund") == "yes" and not (isinstance(en, str) and en.strip()):
            yield PackProblem(f"states.{code}.unused_days_notes.en", "refund_without_notes")  # SOP C10


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    duplicates: list[str] = []
    for key, value in pairs:
        if key in result:
            duplicates.append(key)
        result[key] = value
    if duplicates:
        result[_DUPLICATES] = duplicates
    return result


# A key no valid pack can contain (fails the schema's name rules), used to carry
# duplicate-key findings out of json.loads without a second parse.
_DUPLICATES = "\x00duplicates"


def _collect_duplicates(value: Any, path: list[str]) -> Iterator[PackProblem]:
    if isinstance(value, dict):
        for key in value.pop(_DUPLICATES, []):
            yield PackProblem(_child(path, key), "duplicate_key")
        for key, child in value.items():
            yield from _collect_duplicates(child, [*path, key])
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _collect_duplicates(child, [*path, str(i)])


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


def validate_pack_data(data: Any) -> tuple[PackProblem, ...]:
    """Every problem in already-parsed pack data; empty means it is a valid pack."""
    problems = list(_collect_duplicates(data, []))
    validator = Draft202012Validator(_schema())
    # Why iter_errors and not best_match: the lead wants every problem at once.
    # anyOf failures come back once, at the field, not once per failed branch.
    for error in validator.iter_errors(data):
        problems.extend(_schema_problems(error))
    if isinstance(data, dict):
        problems.extend(_semantic_problems(data))
    # Same problem can surface twice (e.g. a bad code is also "unknown"); keep one.
    unique = list(dict.fromkeys(problems))
    return tuple(sorted(unique, key=lambda p: (p.path, p.code)))


def load_pack(source: str | Path) -> SopPack:
    """Parse and validate a pack from JSON text or a file path.

    Raises :class:`PackValidationError` listing every problem; never returns a
    partially filled pack.
    """
    text = _read_text(source)
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicates, parse_float=Decimal, parse_int=_parse_int)
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
