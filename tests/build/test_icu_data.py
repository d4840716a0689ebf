"""The trimmed ICU data keeps what QtCore opens for English and Spanish and drops the rest."""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_SPEC = importlib.util.spec_from_file_location("icu_data", ROOT / "build" / "icu_data.py")
assert _SPEC and _SPEC.loader
icu_data = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(icu_data)


def _header() -> bytes:
    info = struct.pack("<HHBBBB4s4s4s", 20, 0, 0, 0, 2, 0, b"CmnD", b"\1\0\0\0", b"\0\0\0\0")
    return struct.pack("<HBB", 32, 0xDA, 0x27) + info + b"\0" * (32 - 4 - len(info))


def test_package_round_trip_keeps_names_order_and_bytes() -> None:
    items = [
        ("icudt73l/coll/es.res", b"spanish collation"),
        ("icudt73l/root.res", b"r" * 40),
        ("icudt73l/zoneinfo64.res", b"z"),
    ]
    header, read = icu_data.read_package(icu_data.write_package(_header(), items))
    assert header == _header()
    assert [name for name, _d in read] == [name for name, _d in items]
    for (_n, data), (_m, got) in zip(items, read, strict=True):
        assert got.startswith(data)
        assert len(got) % 16 == 0


def test_not_a_package_is_refused() -> None:
    with pytest.raises(ValueError):
        icu_data.read_package(b"\x20\0\x00\x00" + b"\0" * 60)


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("icudt73l/coll/es.res", True),
        ("icudt73l/coll/es_US.res", True),
        ("icudt73l/coll/root.res", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/coll/de.res", False),
        ("icudt73l/zone/es_419.res", True),
        ("icudt73l/zone/ja.res", False),
        ("icudt73l/es.res", True),
        ("icudt73l/en_GB.res", True),
        ("icudt73l/fr.res", False),
        ("icudt73l/zoneinfo64.res", True),
        ("icudt73l/metaZones.res", True),
        ("icudt73l/cnvalias.icu", True),
        ("icudt73l/ibm-5348_P100-1997.cnv", True),
        ("icudt73l/brkitr/cjdict.dict", False),
        ("icudt73l/brkitr/es.res", False),
        ("icudt73l/translit/root.res", False),
        ("icudt73l/curr/es.res", False),
        ("icudt73l/unit/en.res", False),
    ],
)
def test_kept_items(name: str, kept: bool) -> None:
    assert icu_data.kept(name) is kept


def _codec(max_bytes: int) -> bytes:
    """A codec table item: a 32-byte data header, then UConverterStaticData."""
    static = struct.pack("<i60sibbbb", 100, b"x", 0, 0, 2, 1, max_bytes)
    return struct.pack("<H", 32) + b"\0" * 30 + static + b"\0" * 28


def test_codec_tables_are_kept_only_when_single_byte() -> None:
    assert icu_data.kept("icudt73l/ibm-5348_P100-1997.cnv", _codec(1))
    assert not icu_data.kept("icudt73l/ibm-943_P15A-2003.cnv", _codec(2))
    assert not icu_data.kept("icudt73l/gb18030.cnv", _codec(4))


def _wheel_icu_data() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not sys.platform.startswith("linux") or not found or shutil.which("cc") is None:
        pytest.skip("needs the Linux PySide6 wheel's ICU and a C compiler")
    return found[0]


PROBE = """
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
es = QLocale("es_US")
print(QCollator(es).compare("ña", "nz") > 0)
print(QTimeZone(b"America/Chicago").displayName(QTimeZone.StandardTime, QTimeZone.LongName, es))
print(QStringDecoder("windows-1252").isValid(), QStringDecoder("Shift_JIS").isValid())
"""


@pytest.mark.slow
def test_trimmed_library_serves_spanish_collation_and_zone_names(tmp_path: Path) -> None:
    """Spanish sorts ñ as its own letter after n (root sorts it as an accented n)."""
    lib = _wheel_icu_data()
    small = icu_data.shrink(lib, tmp_path)
    assert small.stat().st_size < lib.stat().st_size / 3
    raw = small.read_bytes()
    offset, size = icu_data._elf_symbol(raw, b"icudt", b"_dat")
    names = {name.split("/", 1)[1] for name, _d in icu_data.read_package(raw[offset : offset + size])[1]}
    assert {"coll/es.res", "coll/ucadata.icu", "zoneinfo64.res", "zone/es.res", "cnvalias.icu"} <= names
    assert "ibm-5348_P100-1997.cnv" in names  # Windows-1252
    assert "ibm-943_P15A-2003.cnv" not in names  # Shift_JIS
    assert not [name for name in names if name.startswith(("brkitr/", "translit/", "rbnf/"))]
    env = os.environ | {"LD_PRELOAD": str(small), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.splitlines() == ["True", "hora estándar central", "True False"]
