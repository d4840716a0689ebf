"""Dates read month first in English and Spanish (es_US as agents and clients in the US read it)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from babel.dates import parse_date

from desktop import i18n

NOV_3 = date(2026, 11, 3)


@pytest.mark.parametrize(
    ("language", "fmt", "expected"),
    [
        ("en", "short", "11/3/26"),
        ("es", "short", "11/3/26"),
        ("en", "medium", "Nov 3, 2026"),
        ("es", "medium", "nov 3, 2026"),
        ("en", "long", "November 3, 2026"),
        ("es", "long", "3 de noviembre de 2026"),  # spelled out: cannot be misread
    ],
)
def test_shown_dates_are_month_first_in_both_languages(language: str, fmt: str, expected: str) -> None:
    assert i18n.format_date(NOV_3, language, fmt) == expected


def test_date_and_time_is_month_first_in_spanish() -> None:
    shown = i18n.format_datetime(datetime(2026, 11, 3, 19, 30, tzinfo=UTC), "es")
    assert shown.startswith("nov 3, 2026, ")


@pytest.mark.parametrize("language", ["en", "es"])
def test_typed_dates_are_read_month_first(language: str) -> None:
    pattern = i18n.date_pattern("short", language)
    assert pattern == "M/d/yy"
    assert parse_date("11/3/26", i18n.babel_locale(language), format=pattern) == NOV_3


def test_an_explicit_pattern_is_used_as_given() -> None:
    assert i18n.format_date(NOV_3, "es", "EEEE") == "martes"
