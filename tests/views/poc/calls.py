"""Steps of a POC call that the view tests share, played through :mod:`tests.keyboard`."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QDate, QTime

from desktop.models import sop
from desktop.models.poc.flow import PocStep
from desktop.views.context import AppContext
from desktop.views.poc.page import PocPage
from tests import keyboard
from tests.views.helpers import tick


def pack(poc_override: sop.TriState = "check_sop", fee: Decimal | None = None) -> sop.SopPack:
    """The default pack with Texas changed, as a lead would publish it."""
    base = sop.load_default_pack()
    states = tuple(
        dataclasses.replace(s, poc_override=poc_override, poc_fee=fee) if s.code == "TX" else s
        for s in base.states
    )
    return dataclasses.replace(base, states=states)


def use_pack(ctx: AppContext, new: sop.SopPack) -> None:
    ctx._pack = new  # what reload_pack() would load after a lead activates it


def go_next(page: PocPage) -> None:
    button = page.steps.next_button
    assert button.isEnabled(), (page.step(), page.steps.blockers.text())
    keyboard.click(button)


def type_into(widget: object, text: str) -> None:
    """Click a field, select what is there (as a double-click would) and type over it."""
    from PySide6.QtWidgets import QLineEdit

    assert isinstance(widget, QLineEdit)
    keyboard.click(widget)
    widget.selectAll()
    keyboard.type_text(text)


def pick(page: PocPage, when: datetime) -> None:
    """Pick a date and time as the calendar and time pickers do (they emit their change signals)."""
    page.when.appt_date.setDate(QDate(when.year, when.month, when.day))
    page.when.appt_time.setTime(QTime(when.hour, when.minute))


def to_when(page: PocPage) -> None:
    go_next(page)
    e = page.eligibility
    tick(e.perm)
    if e.sop_confirmed.isVisible():
        tick(e.sop_confirmed)
    if not e.fee.text():
        type_into(e.fee, "45")
    tick(e.quoted)
    go_next(page)
    assert page.step() == PocStep.WHEN
