"""Any bytes or JSON offered as a state SOP pack is a pack or a list of problems, never a crash (SOP P4)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.models import sop
from desktop.models.sop import PackValidationError

BASE = sop.pack_to_data(sop.load_default_pack())


def problems_or_pack(text: str) -> tuple[sop.PackProblem, ...]:
    try:
        sop.load_pack(text if text.lstrip().startswith(("{", "[")) else "{" + text)
    except PackValidationError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert "Error" not in problem.text("en") and problem.text("es")
        return exc.problems
    return ()


@settings(max_examples=400, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_are_problems(data: bytes) -> None:
    try:
        text = sop.decode_pack(data)
    except PackValidationError as exc:
        assert [p.code for p in exc.problems] == ["not_utf8"]
        return
    assert problems_or_pack(text)


LEAF = st.none() | st.booleans() | st.integers() | st.integers(min_value=10**30, max_value=10**60) | st.text(
    max_size=10
) | st.floats(allow_nan=True, allow_infinity=True)
NESTED = st.recursive(
    LEAF,
    lambda kids: st.lists(kids, max_size=4)
    | st.dictionaries(st.sampled_from(["states", "name", "version", "tow_receipt", "TX", "poc_fee", "x"]), kids,
                      max_size=5),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(value=NESTED, depth=st.integers(min_value=0, max_value=3000))
def test_random_nested_json_is_problems(value: Any, depth: int) -> None:
    text = "[" * depth + json.dumps(value) + "]" * depth
    assert problems_or_pack(text)


@settings(max_examples=300, deadline=None)
@given(
    path=st.sampled_from([("name",), ("version",), ("tow_receipt", "review_business_days_min"), ("states", "TX"),
                          ("states", "TX", "poc_fee"), ("states", "WV", "notes"), ("pack_format",)]),
    value=NESTED,
)
def test_one_field_replaced_by_anything_is_reported_or_valid(path: tuple[str, ...], value: Any) -> None:
    data = json.loads(json.dumps(BASE))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    problems_or_pack(json.dumps(data))
