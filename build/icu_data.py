"""A smaller ``libicudata`` for the Linux build: ICU's data with only the items Qt can open.

Why: the PySide6 wheel's ``libicudata.so.73`` is 30 MiB of CLDR and Unicode data for every
locale and service, a quarter of the build.  QtCore calls ICU for four things only
(``objdump -T libQt6Core.so.6``): collation (``QCollator``), time-zone display names
(``QTimeZone``), case mapping and legacy text codecs (``QStringConverter``); no break
iterators, transliterators, number spell-out or locale display names.  This keeps the data
those calls open (found with ``ICU_DATA`` pointing at an empty folder under ``strace``: ICU
looks there for each item before its own package) for the root, English and Spanish
locales, and the single-byte codecs, and drops the rest.  Where a call finds no data of
its own locale ICU falls back to ``root``; where it finds none at all (a CJK codec), Qt
answers with an invalid converter, as for any unknown name.

The package format (ICU's "common data", ``CmnD``) is a header, a table of item names and
offsets, then the items, each 16-byte aligned; it is rewritten here with the kept items.
The result is linked as a shared library exporting the same symbol (``icudt73_dat``) with
the C compiler, so ICU's own libraries load it unchanged.  Hand-written because ICU's
``icupkg`` edits ``.dat`` files, not the library the wheel ships, and the format is small.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from pathlib import Path

# Item paths (after the "icudt73l/" prefix) that are kept; everything else is dropped.
LOCALE = r"(root|en|es)(_[A-Za-z0-9]+)*"
KEEP = re.compile(
    r"^("
    # Tables every service reads: locale fallback, aliases, time zones, metadata.
    r"(res_index|pool|likelySubtags|supplementalData|keyTypeData|metadata|metaZones"
    r"|timezoneTypes|windowsZones|zoneinfo64|icustd|icuver|numberingSystems|dayPeriods"
    r"|plurals|grammaticalFeatures|units|currencyNumericCodes|tzdbNames)\.res"
    # Core Unicode data files (properties, normalization, case folding): small.
    r"|[^/]+\.(icu|nrm|cfu|spp)"
    # Legacy single-byte codecs (QStringConverter) and their alias table: see _single_byte.
    r"|[^/]+\.cnv"
    # Locale data, collation and time-zone names for the locales the app speaks.
    rf"|{LOCALE}\.res"
    rf"|coll/({LOCALE}|res_index)\.res|coll/ucadata\.icu"
    rf"|zone/({LOCALE}|res_index|pool|tzdbNames)\.res"
    r")$"
)


def _elf_symbol(lib: bytes, prefix: bytes, suffix: bytes) -> tuple[int, int]:
    """File offset and size of the first dynamic symbol named prefix…suffix (ELF64, little-endian)."""
    shoff = struct.unpack_from("<Q", lib, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", lib, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", lib, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _f, _a, offset, size, link, _i, _al, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strtab = sections[link][4]
        for pos in range(offset, offset + size, entsize):
            st_name, _info, _other, shndx, value, sym_size = struct.unpack_from("<IBBHQQ", lib, pos)
            end = lib.index(b"\0", strtab + st_name)
            name = lib[strtab + st_name : end]
            if name.startswith(prefix) and name.endswith(suffix) and sym_size:
                section = sections[shndx]
                return value - section[3] + section[4], sym_size
    raise ValueError("no ICU data symbol in the library")


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The package header and its (name, item) pairs, in order."""
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    toc = header_size
    count = struct.unpack_from("<I", blob, toc)[0]
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_offset, data_offset) in enumerate(entries):
        start = toc + name_offset
        name = blob[start : blob.index(b"\0", start)].decode("ascii")
        end = toc + entries[i + 1][1] if i + 1 < count else len(blob)
        items.append((name, blob[toc + data_offset : end]))
    return blob[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in items)
    table_size = 4 + 8 * len(items)
    data_start = (table_size + len(names) + 15) // 16 * 16
    name_offsets, data_offsets, body = [], [], bytearray()
    name_pos = table_size
    for name, data in items:
        name_offsets.append(name_pos)
        name_pos += len(name) + 1
        data_offsets.append(data_start + len(body))
        body += data + b"\0" * (-len(data) % 16)
    table = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True)
    )
    toc = table + names
    return header + toc + b"\0" * (data_start - len(toc)) + bytes(body)


def _single_byte(item: bytes) -> bool:
    """A codec table (``.cnv``) whose characters are one byte each: the Windows, ISO and
    IBM code pages of alphabetic scripts.  The multi-byte CJK tables are 90 % of the
    codecs' size, and the app reads and writes only UTF-8, UTF-16 and Windows-1252."""
    header_size = struct.unpack_from("<H", item, 0)[0]
    # UConverterStaticData: structSize, name[60], codepage, platform, conversionType,
    # minBytesPerChar, maxBytesPerChar, ...
    return item[header_size + 71] == 1


def kept(name: str, item: bytes | None = None) -> bool:
    """Whether a package item stays; ``item`` (its bytes) decides for codec tables."""
    rel = name.split("/", 1)[1]
    if not KEEP.match(rel):
        return False
    return item is None or not rel.endswith(".cnv") or _single_byte(item)


def shrink(lib: Path, out_dir: Path) -> Path:
    """Write ``out_dir/<lib's name>`` holding only the kept items; return its path."""
    raw = lib.read_bytes()
    offset, size = _elf_symbol(raw, b"icudt", b"_dat")
    header, items = read_package(raw[offset : offset + size])
    symbol = items[0][0].split("/", 1)[0][:-1] + "_dat"  # "icudt73l/…" -> "icudt73_dat"
    out_dir.mkdir(parents=True, exist_ok=True)
    blob = out_dir / "icudata.bin"
    blob.write_bytes(write_package(header, [item for item in items if kept(*item)]))
    source = out_dir / "icudata.S"
    source.write_text(
        f".section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n"
        f'{symbol}:\n.incbin "{blob}"\n.size {symbol}, .-{symbol}\n'
        '.section .note.GNU-stack,"",@progbits\n'
    )
    target = out_dir / lib.name
    subprocess.run(
        ["cc", "-shared", "-nostdlib", f"-Wl,-soname,{lib.name}", "-o", str(target), str(source)],
        check=True,
    )
    return target


def report(lib: Path) -> None:
    """Print the data's size by folder, kept and dropped (for choosing what to keep)."""
    raw = lib.read_bytes()
    offset, size = _elf_symbol(raw, b"icudt", b"_dat")
    _header, items = read_package(raw[offset : offset + size])
    totals: dict[str, list[int]] = {}
    for name, data in items:
        rel = name.split("/", 1)[1]
        folder = rel.rsplit("/", 1)[0] if "/" in rel else "(top)"
        entry = totals.setdefault(folder, [0, 0])
        entry[0 if kept(name, data) else 1] += len(data)
    for folder, (keep, drop) in sorted(totals.items(), key=lambda kv: -sum(kv[1])):
        print(f"{folder:<12} kept {keep / 2**20:6.2f} MiB  dropped {drop / 2**20:6.2f} MiB")


if __name__ == "__main__":
    report(Path(sys.argv[1]))
