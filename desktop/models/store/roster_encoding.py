"""Which text encoding a roster file is in, decided a block at a time.

Why the encoding is decided by rule and not guessed with a detector such as
charset-normalizer: a roster is mostly ASCII with a few accented names, and a
statistical guess over ninety code pages on such text can pick cp1250 or
mac_roman and silently turn "Muñoz" into another name.  CRM and Excel exports
come in exactly three encodings: UTF-8 (with or without BOM), UTF-16 with a BOM
("Unicode text"), and Windows-1252 (Excel's default "CSV (Comma delimited)" on
Western Windows).  UTF-8 is checked strictly over the whole file first (a
Windows-1252 file with accents is practically never valid UTF-8); otherwise the
file is read as Windows-1252, and the preview names the encoding used so the lead
can spot a wrong one.  A file that is damaged UTF-8 (valid UTF-8 sequences next to
invalid bytes) is reported, not read as Windows-1252.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import BinaryIO

from desktop.models.store.roster import RowProblem

#: Encoding -> name shown in the preview.
ENCODING_NAMES: dict[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}
_BLOCK = 4 * 1024 * 1024
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def detect_format(head: bytes, filename: str | None) -> str:
    suffix = Path(filename).suffix.lower() if filename else ""
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    first = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")[:1]
    if first in (b"[", b"{"):
        return "json"
    return "csv" if head.strip() else ""


def _bom_encoding(head: bytes) -> str | None:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return None


class EncodingProbe:
    """Decides the file's encoding one block per :meth:`step` (see the module docstring)."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        fh.seek(0)
        head = fh.read(4)
        fh.seek(0)
        self.encoding: str | None = _bom_encoding(head)
        self.problem: RowProblem | None = None
        self.done = self.encoding is not None
        self.position = 0
        self._pass = "utf-8"
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._line = 1
        self._multibyte = False
        self._bad_utf8_line = 0

    def step(self) -> bool:
        """Check the next block; True once :attr:`encoding` or :attr:`problem` is set."""
        if self.done:
            return True
        block = self.fh.read(_BLOCK)
        final = not block
        if self._pass == "utf-8":
            try:
                self._decoder.decode(block, final)
            except UnicodeDecodeError as exc:
                self._bad_utf8_line = self._line + block.count(b"\n", 0, max(exc.start, 0))
                self._switch_to_cp1252()
                return False
        else:
            self._multibyte = self._multibyte or bool(_UTF8_MULTIBYTE.search(block))
            try:
                block.decode("cp1252")
            except UnicodeDecodeError as exc:
                line = self._line + block.count(b"\n", 0, exc.start)
                return self._finish(problem=RowProblem(0, "", "bad_encoding", str(line)))
        self._line += block.count(b"\n")
        self.position = self.fh.tell()
        if final:
            if self._pass == "utf-8":
                return self._finish(encoding="utf-8")
            if self._multibyte:  # UTF-8 with damaged bytes: reading it as cp1252 would garble names
                return self._finish(problem=RowProblem(0, "", "damaged_utf8", str(self._bad_utf8_line)))
            return self._finish(encoding="cp1252")
        return False

    def _switch_to_cp1252(self) -> None:
        self._pass = "cp1252"
        self._line = 1
        self.fh.seek(0)

    def _finish(self, *, encoding: str | None = None, problem: RowProblem | None = None) -> bool:
        self.encoding, self.problem, self.done = encoding, problem, True
        self.fh.seek(0)
        return True
