"""Which babel locale-data files the app opens: the spec's hook and the frozen test share this.

Why ask babel instead of listing files: babel loads a locale's parents too, and CLDR's
parent rules are not the name's prefix (``es_US`` inherits from ``es_419``).  Loading each
locale the app formats with, and recording which files babel reads, follows its rules
exactly.
"""

from __future__ import annotations

import os
from collections.abc import Iterable


def app_locales() -> list[str]:
    """The UI languages and the babel locales ``desktop.i18n`` formats with."""
    from desktop import i18n

    return sorted({*i18n.LANGUAGES, *i18n.BABEL_LOCALES.values()})


def bundled_locale_files(locales: Iterable[str] | None = None) -> list[str]:
    """File names under ``babel/locale-data`` that loading ``locales`` reads (``root.dat`` included)."""
    from babel import localedata

    opened: set[str] = set()
    original = localedata.resolve_locale_filename
    saved = dict(localedata._cache)

    def recording(name: os.PathLike[str] | str) -> str:
        path = original(name)
        opened.add(os.path.basename(path))
        return path

    localedata.resolve_locale_filename = recording
    localedata._cache.clear()
    try:
        for locale in app_locales() if locales is None else locales:
            localedata.load(locale)
    finally:
        localedata.resolve_locale_filename = original
        localedata._cache.clear()
        localedata._cache.update(saved)
    return sorted(opened)


if __name__ == "__main__":
    print("\n".join(bundled_locale_files()))
