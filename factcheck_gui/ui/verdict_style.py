"""How verdicts look: chips, swatches and the verdict-mix bar. Colours come from the scale."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPixmap

from factcheck_gui.core.verdicts import UNJUDGED_COLOR, UNJUDGED_LABEL, VerdictScale, verdict_label

__all__ = ["UNJUDGED_LABEL", "paint_chip", "paint_verdict_mix", "swatch_icon", "text_color_on", "verdict_color",
           "verdict_label"]


def verdict_color(key: str | None, scale: VerdictScale) -> QColor:
    verdict = scale.get(key)
    return QColor(verdict.color if verdict else UNJUDGED_COLOR)


def text_color_on(background: QColor) -> QColor:
    """Black or white, whichever has the better contrast on *background* (WCAG luminance)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(background.redF()) + 0.7152 * channel(background.greenF()) + 0.0722 * channel(
        background.blueF()
    )
    on_black = (luminance + 0.05) / 0.05
    on_white = 1.05 / (luminance + 0.05)
    return QColor("#000000") if on_black >= on_white else QColor("#ffffff")


def swatch_icon(color: QColor, size: int = 12, device_pixel_ratio: float = 2.0) -> QIcon:
    """A small rounded square of *color*, sharp on high-DPI screens."""
    pixmap = QPixmap(round(size * device_pixel_ratio), round(size * device_pixel_ratio))
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(color.darker(130))
    painter.setBrush(color)
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    painter.end()
    return QIcon(pixmap)


def paint_chip(painter: QPainter, rect: QRectF, text: str, color: QColor) -> float:
    """Paint a rounded chip with *text* at the left of *rect*; returns the chip's width."""
    metrics = painter.fontMetrics()
    padding = metrics.height() * 0.4
    width = metrics.horizontalAdvance(text) + 2 * padding
    chip = QRectF(rect.left(), rect.top(), min(width, rect.width()), rect.height())
    path = QPainterPath()
    path.addRoundedRect(chip, chip.height() / 2, chip.height() / 2)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillPath(path, color)
    painter.setPen(text_color_on(color))
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                                            int(chip.width() - padding)))
    painter.restore()
    return chip.width()


def paint_verdict_mix(painter: QPainter, rect: QRectF, counts: dict[str | None, int], scale: VerdictScale,
                      palette: QPalette) -> None:
    """A bar of the claims' verdicts in scale order (unjudged last); an empty outline without claims."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    total = sum(counts.values())
    radius = min(3.0, rect.height() / 2)
    outline = QPainterPath()
    outline.addRoundedRect(rect, radius, radius)
    if total:
        painter.setClipPath(outline)
        x = rect.left()
        keys: list[str | None] = [v.key for v in scale.verdicts]
        keys += [k for k in counts if k is not None and k not in keys] + [None]
        for key in keys:
            count = counts.get(key, 0)
            if not count:
                continue
            width = rect.width() * count / total
            painter.fillRect(QRectF(x, rect.top(), width + 0.5, rect.height()), verdict_color(key, scale))
            x += width
        painter.setClipping(False)
    pen = palette.color(QPalette.ColorRole.Mid)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(outline)
    painter.restore()


def verdict_mix_text(counts: dict[str | None, int], scale: VerdictScale) -> str:
    """"2 False, 1 Mostly true, 1 unjudged" in scale order; "No claims yet" without claims."""
    if not counts or not sum(counts.values()):
        return "No claims yet"
    parts = []
    keys: list[str | None] = [v.key for v in scale.verdicts]
    keys += [k for k in counts if k is not None and k not in keys] + [None]
    for key in keys:
        if counts.get(key):
            label = verdict_label(key, scale) if key else "unjudged"
            parts.append(f"{counts[key]} {label}")
    return ", ".join(parts)
