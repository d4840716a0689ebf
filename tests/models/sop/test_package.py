"""The SOP pack package keeps every name its callers import from ``desktop.models.sop``."""

from __future__ import annotations

import importlib

import pytest

from desktop.models import sop

NAMES = (
    "TriState", "TRI_STATES", "PACK_FORMAT", "SCHEMA_FILE", "DEFAULT_PACK_FILE", "sop_dir", "known_states",
    "LocalizedText", "StateEntry", "TowReceiptContact", "SopPack", "PROBLEM_TEXTS", "MAX_PACK_BYTES",
    "MAX_NUMBER_DIGITS", "PackProblem", "problem_text", "PackValidationError", "ROOT", "pack_schema",
    "decode_pack", "read_pack_file", "validate_pack_data", "load_pack", "pack_to_data", "dump_pack",
    "load_default_pack",
)


@pytest.mark.parametrize("name", NAMES)
def test_every_name_is_importable_from_the_package(name: str) -> None:
    assert hasattr(importlib.import_module("desktop.models.sop"), name)
    assert name in sop.__all__


def test_the_shipped_pack_round_trips_through_the_package() -> None:
    pack = sop.load_default_pack()
    assert sop.load_pack(sop.dump_pack(pack)) == pack
    with pytest.raises(sop.PackValidationError) as caught:
        sop.load_pack('{"pack_format": 1, "pack_format": 1}')
    assert "duplicate_key" in {p.code for p in caught.value.problems}
