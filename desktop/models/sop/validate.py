"""Checking parsed pack data: the JSON schema first, then what a schema cannot say.

Why ``jsonschema`` plus a few hand-written checks: the schema holds the shape and
each field's problem code (``x-problem``); the cross-field rules (dates that do
not exist, a fee on a state that allows no POC, the full list of states from
``us``) need code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from typing import Any, cast

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from desktop.models.sop.pack import PACK_FORMAT, SCHEMA_FILE, known_states, sop_dir
from desktop.models.sop.problems import ROOT, PackProblem


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


def pairs_noting_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads`` object hook: the object, with any key given twice noted for :func:`validate_pack_data`."""
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
