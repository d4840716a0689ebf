"""A timeline strip for a POC request: the whole schedule at a glance.

Why a picture next to the numbers: the mistakes this page prevents are about
*where things fall* — a call window past CSG's closing time, a leave time
before "now".  Two scales (the client's clock above, Eastern below) show the
same instants, so the agent sees both clocks without converting.  Every
coloured element also carries a word, so colour is never the only signal.
Words are drawn in the palette's text colour on the palette's field background,
marks in the light/dark pairs of :mod:`desktop.views.widgets.colors`, so the
strip reads in both colour schemes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.i18n import _, format_date, format_time
from desktop.models.poc import CSG_CLOSES, CSG_DAYS, CSG_OPENS, CSG_TZ, PocPlan
from desktop.views.widgets.colors import Role, color

_TICK_STEPS_HOURS = (1, 2, 3, 6, 12, 24)


@dataclass(frozen=True)
class _Marker:
    x: float
    text: str
    color: QColor


class PocTimeline(QWidget):
    """Paints now, CSG hours, the call window, the leave time and the appointment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pocTimeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._now: datetime | None = None
        self._plan: PocPlan | None = None
        self._tz: tzinfo | None = None
        self._update_height()

    # ------------------------------------------------------------------ data
    def set_state(self, *, now: datetime, plan: PocPlan | None, client_tz: tzinfo | None) -> None:
        self._now = now
        self._plan = plan
        self._tz = client_tz
        self.setAccessibleName(_("Timeline"))
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        """The picture in words, for screen readers and for tests."""
        if self._now is None or self._tz is None:
            return _("No schedule yet.")
        now = format_time(self._now.astimezone(self._tz))
        if self._plan is None:
            return _("Now {now}. Pick an appointment to see the call window.").format(now=now)
        plan = self._plan
        return _(
            "Now {now}; CSG calls {start} to {end} ({et_start} to {et_end}); "
            "leave {leave}; appointment {appointment}."
        ).format(
            now=now,
            start=format_time(plan.call_from.astimezone(self._tz)),
            end=format_time(plan.call_to.astimezone(self._tz)),
            et_start=format_time(plan.call_from.astimezone(CSG_TZ)),
            et_end=format_time(plan.call_to.astimezone(CSG_TZ)),
            leave=format_time(plan.leave_at.astimezone(self._tz)),
            appointment=format_time(plan.appointment.astimezone(self._tz)),
        )

    # ------------------------------------------------------------------ geometry
    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def _update_height(self) -> None:
        line = self._line()
        # scale, ticks, track, ticks, scale, three label rows
        self.setFixedHeight(line * 6 + 56)

    def sizeHint(self) -> QSize:
        return QSize(640, self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(320, self.height())

    def changeEvent(self, event: object) -> None:  # font changes at 125–150 %
        super().changeEvent(event)  # type: ignore[arg-type]
        self._update_height()

    def _span(self) -> tuple[datetime, datetime]:
        assert self._now is not None
        now = self._now.astimezone(UTC)
        if self._plan is None:
            start, end = now - timedelta(hours=1), now + timedelta(hours=12)
        else:
            points = [now, self._plan.call_from.astimezone(UTC), self._plan.appointment.astimezone(UTC)]
            start, end = min(points) - timedelta(hours=1), max(points) + timedelta(hours=1)
        start = start.replace(minute=0, second=0, microsecond=0)
        end = end.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        if end - start < timedelta(hours=6):
            end = start + timedelta(hours=6)
        return start, end

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), self.palette().base())
            if self._now is None or self._tz is None:
                painter.setPen(color(Role.MUTED))
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.describe())
                return
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, p: QPainter) -> None:
        assert self._now is not None and self._tz is not None
        fm = QFontMetrics(self.font())
        line = fm.height()
        start, end = self._span()
        now_local = self._now.astimezone(self._tz)
        client_caption = _("Client ({zone})").format(zone=now_local.tzname() or "")
        eastern_caption = _("Eastern ({zone})").format(zone=self._now.astimezone(CSG_TZ).tzname() or "")
        gutter = max(fm.horizontalAdvance(client_caption), fm.horizontalAdvance(eastern_caption)) + 12
        left, right = gutter, self.width() - 10
        width = max(right - left, 10)
        total = (end - start).total_seconds()

        def x_of(moment: datetime) -> float:
            seconds = (moment.astimezone(UTC) - start).total_seconds()
            return left + width * max(0.0, min(1.0, seconds / total))

        top_scale_y = 4
        track_top = top_scale_y + line + 8
        track_h = line + 12
        track_bottom = track_top + track_h
        bottom_scale_y = track_bottom + 8
        labels_y = bottom_scale_y + line + 6

        text_pen = self.palette().color(QPalette.ColorRole.Text)
        band, band_edge, muted = color(Role.BAND_BG), color(Role.BAND), color(Role.MUTED)
        # CSG hours band (SOP P2)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(band))
        band_label = _("CSG hours")
        day = start.astimezone(CSG_TZ).date() - timedelta(days=1)
        last = end.astimezone(CSG_TZ).date() + timedelta(days=1)
        while day <= last:
            if day.weekday() in CSG_DAYS:
                opens = datetime.combine(day, CSG_OPENS, tzinfo=CSG_TZ)
                closes = datetime.combine(day, CSG_CLOSES, tzinfo=CSG_TZ)
                if closes > start and opens < end:
                    x0, x1 = x_of(max(opens, start)), x_of(min(closes, end))
                    rect = QRectF(x0, track_top, x1 - x0, track_h)
                    p.setBrush(QBrush(band))
                    p.setPen(QPen(band_edge, 1))
                    p.drawRect(rect)
                    if fm.horizontalAdvance(band_label) + 8 < rect.width():
                        p.setPen(band_edge)
                        p.drawText(
                            rect.adjusted(4, 0, -4, 0),
                            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                            band_label,
                        )
            day += timedelta(days=1)

        # track outline
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(muted, 1))
        p.drawRect(QRectF(left, track_top, width, track_h))

        # scales
        p.setPen(text_pen)
        p.drawText(
            QRectF(0, top_scale_y, gutter - 6, line),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            client_caption,
        )
        p.drawText(
            QRectF(0, bottom_scale_y, gutter - 6, line),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            eastern_caption,
        )
        step = self._tick_step(fm, width, total)
        self._draw_scale(p, fm, start, end, self._tz, step, x_of, top_scale_y, track_top, gutter, above=True)
        self._draw_scale(
            p, fm, start, end, CSG_TZ, step, x_of, bottom_scale_y, track_bottom, gutter, above=False
        )

        markers: list[_Marker] = []
        plan = self._plan
        if plan is not None:
            bad = bool(plan.problems)
            edge = color(Role.STOP if bad else Role.CALL_EDGE)
            x0, x1 = x_of(plan.call_from), x_of(plan.call_to)
            p.setPen(QPen(edge, 1))
            p.setBrush(QBrush(color(Role.CALL_BAD_BG if bad else Role.CALL_BG)))
            call_rect = QRectF(x0, track_top + 3, max(x1 - x0, 5.0), track_h - 6)
            p.drawRect(call_rect)
            call_text = _("Call") if not bad else _("Call ✖")
            markers.append(_Marker((x0 + x1) / 2, call_text, edge))
            xl = x_of(plan.leave_at)
            leave = color(Role.LEAVE)
            p.setPen(QPen(leave, 2))
            p.drawLine(QPointF(xl, track_top), QPointF(xl, track_bottom))
            leave_text = _("Leave {time}").format(
                time=format_time(plan.leave_at.astimezone(self._tz), with_zone=False)
            )
            markers.append(_Marker(xl, leave_text, leave))
            xa = x_of(plan.appointment)
            appointment = color(Role.APPOINTMENT)
            p.setPen(QPen(appointment, 1))
            p.setBrush(QBrush(appointment))
            mid = track_top + track_h / 2
            size = 6.0
            p.drawPolygon(
                [
                    QPointF(xa, mid - size),
                    QPointF(xa + size, mid),
                    QPointF(xa, mid + size),
                    QPointF(xa - size, mid),
                ]
            )
            markers.append(
                _Marker(
                    xa,
                    _("Appointment {time}").format(
                        time=format_time(plan.appointment.astimezone(self._tz), with_zone=False)
                    ),
                    appointment,
                )
            )
        xn = x_of(self._now)
        now_colour = color(Role.NOW)
        pen = QPen(now_colour, 2)
        pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(xn, track_top - 4), QPointF(xn, track_bottom + 4))
        now_text = _("Now {time}").format(time=format_time(now_local, with_zone=False))
        markers.insert(0, _Marker(xn, now_text, now_colour))

        self._draw_labels(p, fm, markers, labels_y, left, right)

    def _tick_step(self, fm: QFontMetrics, width: float, total: float) -> int:
        sample = fm.horizontalAdvance("12:00 PM") + 16
        hours = total / 3600
        for step in _TICK_STEPS_HOURS:
            if hours / step * sample <= width:
                return step
        return 24

    def _draw_scale(
        self,
        p: QPainter,
        fm: QFontMetrics,
        start: datetime,
        end: datetime,
        tz: tzinfo,
        step: int,
        x_of: object,
        text_y: float,
        track_edge: float,
        min_left: float,
        *,
        above: bool,
    ) -> None:
        assert callable(x_of)
        line = fm.height()
        moment = start
        last_right = min_left - 6  # never write over the scale's caption
        while moment <= end:
            local = moment.astimezone(tz)
            if local.minute == 0 and local.hour % step == 0:
                x = float(x_of(moment))
                midnight = local.hour == 0
                text_pen = self.palette().color(QPalette.ColorRole.Text)
                p.setPen(QPen(text_pen if midnight else color(Role.MUTED), 2 if midnight else 1))
                if above:
                    p.drawLine(QPointF(x, track_edge - 6), QPointF(x, track_edge))
                else:
                    p.drawLine(QPointF(x, track_edge), QPointF(x, track_edge + 6))
                text = (
                    format_date(local.date(), fmt="EEE d")
                    if midnight or step == 24
                    else format_time(local, with_zone=False)
                )
                w = fm.horizontalAdvance(text)
                left = x - w / 2
                if left > last_right + 6 and x + w / 2 <= self.width():
                    p.setPen(text_pen)
                    p.drawText(QRectF(left, text_y, w + 2, line), int(Qt.AlignmentFlag.AlignCenter), text)
                    last_right = left + w
            moment += timedelta(minutes=30) if step == 1 else timedelta(hours=1)

    def _draw_labels(
        self, p: QPainter, fm: QFontMetrics, markers: list[_Marker], y: float, left: float, right: float
    ) -> None:
        """Marker words in up to three rows, each placed in the first row where it fits.

        Connectors are drawn first and labels on an opaque background after, so a
        line to a lower row never runs through a word.
        """
        line = fm.height()
        rows: list[list[tuple[float, float]]] = [[], [], []]
        placed: list[tuple[_Marker, float, float, float]] = []
        for marker in markers:
            w = float(fm.horizontalAdvance(marker.text) + 16)
            x0 = min(max(marker.x - w / 2, left - 4), right - w)
            for index, row in enumerate(rows):
                if all(x0 >= b + 6 or x0 + w <= a - 6 for a, b in row):
                    row.append((x0, x0 + w))
                    placed.append((marker, x0, w, y + index * (line + 2)))
                    break
        for marker, _x0, _w, ty in placed:
            p.setPen(QPen(marker.color, 1))
            p.drawLine(QPointF(marker.x, y - 8), QPointF(marker.x, ty + line / 2))
        base = self.palette().base()
        for marker, x0, w, ty in placed:
            p.fillRect(QRectF(x0, ty, w, line), base)
            p.setPen(QPen(marker.color, 1))
            p.setBrush(QBrush(marker.color))
            p.drawEllipse(QRectF(x0 + 1, ty + line / 2 - 4, 8, 8))
            p.setPen(self.palette().color(QPalette.ColorRole.Text))
            p.drawText(
                QRectF(x0 + 13, ty, w - 13, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                marker.text,
            )
