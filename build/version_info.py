"""Write the Windows version resource PyInstaller embeds, from desktop.__version__.

Generated at build time (MusicBrainz Picard does the same) so the version has one source.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TEMPLATE = """# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(filevers={tuple}, prodvers={tuple}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'Interlock Assist'),
      StringStruct('FileDescription', 'Interlock Assist — call-side assistant for interlock agents'),
      StringStruct('FileVersion', '{dotted}'),
      StringStruct('InternalName', 'interlock-assist'),
      StringStruct('LegalCopyright', 'Interlock Assist'),
      StringStruct('OriginalFilename', 'interlock-assist.exe'),
      StringStruct('ProductName', 'Interlock Assist'),
      StringStruct('ProductVersion', '{dotted}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200, 3082, 1200])])
  ]
)
"""


def version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    if not match:
        raise SystemExit("no __version__ in desktop/__init__.py")
    return match.group(1)


def numeric(text: str | None = None) -> tuple[int, int, int, int]:
    """Four numbers for Windows' version fields (``0.1.0`` -> ``(0, 1, 0, 0)``)."""
    parts = [int(p) for p in re.findall(r"\d+", text or version())[:4]]
    parts += [0] * (4 - len(parts))
    return (parts[0], parts[1], parts[2], parts[3])


def write(target: Path) -> Path:
    parts = numeric()
    dotted = ".".join(str(p) for p in parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(tuple=parts, dotted=dotted), encoding="utf-8")
    return target


def main(argv: list[str]) -> int:
    """``--print-version`` / ``--print-numeric`` for the release workflow; else write the file."""
    if argv[1:] == ["--print-version"]:
        print(version())
    elif argv[1:] == ["--print-numeric"]:
        print(".".join(str(p) for p in numeric()))
    else:
        print(write(Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "work" / "version_info.txt"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
