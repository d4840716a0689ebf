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


def write(target: Path) -> Path:
    parts = [int(p) for p in re.findall(r"\d+", version())[:4]]
    parts += [0] * (4 - len(parts))
    dotted = ".".join(str(p) for p in parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(tuple=tuple(parts), dotted=dotted), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "work" / "version_info.txt"))
