"""The appointment date picker shows month before day in English and in Spanish (es_US)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import QDate

from desktop.models.store.clients import ClientInfo
from desktop.views.poc.page import PocPage
from tests.views.poc.calls import to_when

MONTH_FIRST = {"en": re.compile(r"^Mon, Nov 23, 2026$"), "es": re.compile(r"^lun\.?, nov\.? 23, 2026$")}


@pytest.mark.parametrize("language", ["en", "es"])
def test_appointment_date_reads_month_then_day(
    language: str, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    page = open_page(add_client(), language)
    to_when(page)
    picker = page.when.appt_date
    picker.setDate(QDate(2026, 11, 23))
    assert MONTH_FIRST[language].match(picker.text()), picker.text()
