"""Collect only the CLDR files the app opens, instead of PyInstaller's all 1,000+ of them.

Project hooks (``hookspath``) take precedence over PyInstaller's own ``hook-babel``, which
collects every locale; a filter in the spec's ``datas`` would not remove those.  The list
follows babel's own inheritance (``es_US`` -> ``es_419`` -> ``es`` -> ``root``) from the
locales ``desktop.i18n`` formats with, so a new language needs no edit here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # build/, for locales.py
from locales import bundled_locale_files

datas = collect_data_files("babel", includes=[f"locale-data/{name}" for name in bundled_locale_files()])
datas += collect_data_files("babel", includes=["global.dat"])

# Unpickling locale-data/root.dat needs these (as in PyInstaller's hook).
hiddenimports = ["babel.dates", "babel.localedata", "babel.plural", "babel.numbers"]
