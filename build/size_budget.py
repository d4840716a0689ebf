"""Print the frozen one-folder build's size against its budget, by part; fail when over.

Run by `make package` after PyInstaller.  Sizes count each file once (symbolic links,
which the Linux build uses for Qt's libraries, are not followed), as an installer or a
copy to another disk would.  Why budgets per part: a total alone says that the build
grew, the parts say which dependency brought it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist" / "interlock-assist"
MIB = 2**20
TOTAL_BUDGET_MIB = 130.0

# (part, budget MiB, what a path under _internal/ starts with or contains); first match wins.
# The parts' budgets are what the Linux build holds now plus a little; the total is the goal.
# The app, SQLAlchemy and babel ship as loose .pyc files (the spec's module_collection_mode),
# so their modules count in their own part, not in the executable's archive.
PARTS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    # ICU's data is trimmed to what QtCore opens (build/icu_data.py); the code stays whole.
    ("ICU data and code (Qt text handling)", 9.5, ("libicu", "icu")),
    ("Qt plugins", 1.5, ("PySide6/Qt/plugins/", "PySide6/plugins/")),
    ("Qt translations", 0.3, ("PySide6/Qt/translations/", "PySide6/translations/", "i18n/qt/")),
    ("Qt and PySide6 libraries", 45.5, ("PySide6/", "shiboken6/", "libQt6", "Qt6", "libpyside6", "libshiboken6")),
    ("Python runtime and stdlib", 10.5, ("libpython", "python3", "base_library.zip", "lib-dynload/")),
    ("babel (code, global and locale data)", 1.5, ("babel/",)),
    ("tzdata", 0.8, ("tzdata/",)),
    ("rapidfuzz, jellyfish, rpds (compiled)", 13.0, ("rapidfuzz/", "jellyfish/", "rpds/")),
    ("SQLAlchemy (compiled and its modules)", 8.5, ("sqlalchemy/",)),
    ("app (modules, catalogs, resources, fonts, migrations)", 3.5, ("desktop/", "resources/", "i18n/")),
    # Team mode: the PostgreSQL driver with its libpq (which shares the ssl module's
    # OpenSSL), and, on Linux, cryptography for the Secret Service keyring backend.
    ("psycopg and libpq (team mode)", 4.5, ("psycopg", "psycopg_binary")),
    ("OpenSSL (ssl module, libpq)", 5.5, ("libssl", "libcrypto")),
    ("cryptography (Linux keyring backend)", 12.0, ("cryptography/", "_cffi_backend")),
    ("executable (bootloader and archived modules)", 4.0, ("EXE",)),
)
OTHER = ("other libraries and packages", 14.5)


def files(folder: Path) -> Iterable[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            yield path


def part_of(rel: str) -> str:
    for name, _budget, keys in PARTS:
        if any(rel.startswith(key) or f"/{key}" in f"/{rel}" for key in keys):
            return name
    return OTHER[0]


def tally(folder: Path) -> dict[str, int]:
    sizes = {name: 0 for name, _b, _k in PARTS} | {OTHER[0]: 0}
    internal = folder / "_internal"
    for path in files(folder):
        base = internal if path.is_relative_to(internal) else folder
        rel = path.relative_to(base).as_posix()
        sizes[part_of("EXE" if path.parent == folder else rel)] += path.stat().st_size
    return sizes


def total_mib(folder: Path = DIST) -> float:
    """The build's size in MiB (each file once), for the bench."""
    return sum(p.stat().st_size for p in files(folder)) / MIB


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DIST
    if not folder.is_dir():
        print(f"no build at {folder}: run `make package`")
        return 1
    sizes = tally(folder)
    budgets = {name: budget for name, budget, _k in PARTS} | {OTHER[0]: OTHER[1]}
    print(f"size budget of {folder}")
    print(f"  {'part':<54}{'MiB':>8}{'budget':>9}")
    over = False
    for name, size in sorted(sizes.items(), key=lambda item: -item[1]):
        mib = size / MIB
        flag = "  OVER" if mib > budgets[name] else ""
        over = over or bool(flag)
        print(f"  {name:<54}{mib:>8.1f}{budgets[name]:>9.1f}{flag}")
    total = sum(sizes.values()) / MIB
    verdict = "ok" if total <= TOTAL_BUDGET_MIB else "OVER BUDGET"
    print(f"  {'total':<54}{total:>8.1f}{TOTAL_BUDGET_MIB:>9.1f}  {verdict}")
    if over and total <= TOTAL_BUDGET_MIB:
        print("  (a part is over its own budget: see which dependency grew)")
    return 0 if total <= TOTAL_BUDGET_MIB else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
