"""Which catalog file is read: the .mo, a newer .po only in a checkout, never a .po when frozen."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from desktop import i18n, paths


@pytest.fixture
def catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    monkeypatch.setattr(paths, "i18n_dir", lambda: tmp_path)
    return folder


def _touch(path: Path, mtime: float) -> None:
    path.write_bytes(b"")
    os.utime(path, (mtime, mtime))


def test_checkout_reads_the_mo_unless_the_po_is_newer(catalogs: Path) -> None:
    mo, po = catalogs / "messages.mo", catalogs / "messages.po"
    _touch(mo, 2_000_000)
    _touch(po, 1_000_000)
    assert i18n.catalog_file("es") == mo
    _touch(po, 3_000_000)
    assert i18n.catalog_file("es") == po


def test_frozen_build_reads_only_the_mo(catalogs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    mo, po = catalogs / "messages.mo", catalogs / "messages.po"
    _touch(po, 3_000_000)
    assert i18n.catalog_file("es") is None
    _touch(mo, 1_000_000)
    assert i18n.catalog_file("es") == mo


def test_no_catalog_at_all(catalogs: Path) -> None:
    assert i18n.catalog_file("es") is None
