"""Readable colours: WCAG contrast, and a palette whose links and quiet text read on its backgrounds.

A dark desktop theme often leaves Qt's default link colour (dark blue) and a half-transparent
placeholder colour in the palette, which read at about 2:1 on dark grey, and Fusion's selection
blue holds white text at 3.7:1. :func:`readable_palette` lightens (on dark backgrounds) or
darkens (on light ones) just those colours until they reach 4.5:1 on both the window's and the
text fields' backgrounds (WCAG AA for body text), and the selection's background under its text;
the window applies it when it is built and when the desktop's theme changes. :func:`readable`
does the same for one colour, e.g. the article's links.

Fusion, Qt's own style and the one a Linux desktop without a Qt theme gets, draws the border of a
text field in the window's colour made 40% darker: 2:1 on a light theme and about 1.2:1 on a dark
one, where a field can hardly be told from the panel it sits on. :class:`FieldBorderStyle` draws
those borders again, at rest, in that colour made lighter or darker until it stands out at 3:1
(WCAG 1.4.11, for what identifies a control) from both the window and the field's own background;
it does the same for the frames of lists (and tables and trees) and the outlines of push buttons and
drop-down boxes (2:1 on a light theme, 1.2:1 for a list on a dark one), which stand out from the
window and from their own fill. :func:`ensure_field_borders` gives it to the application where the
style is Fusion.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QPlainTextEdit,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionButton,
    QStyleOptionComplex,
    QTextEdit,
    QWidget,
)

__all__ = ["AA", "UI_COMPONENT", "FieldBorderStyle", "contrast", "ensure_field_borders", "ensure_readable_palette",
           "luminance", "over", "readable", "readable_palette"]

AA = 4.5  # WCAG 2 level AA for text
UI_COMPONENT = 3.0  # WCAG 2 level AA for the borders and parts that identify a control

_ROLES = (QPalette.ColorRole.Link, QPalette.ColorRole.LinkVisited, QPalette.ColorRole.PlaceholderText)
_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)


def over(top: QColor, bottom: QColor) -> QColor:
    """*top* painted over the opaque *bottom* (alpha compositing)."""
    alpha = top.alphaF()
    return QColor.fromRgbF(
        top.redF() * alpha + bottom.redF() * (1 - alpha),
        top.greenF() * alpha + bottom.greenF() * (1 - alpha),
        top.blueF() * alpha + bottom.blueF() * (1 - alpha),
    )


def luminance(color: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(foreground: QColor, background: QColor) -> float:
    """WCAG contrast ratio (1 to 21) of *foreground* (composited if translucent) on opaque *background*."""
    lighter, darker = sorted((luminance(over(foreground, background)), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(color: QColor, *backgrounds: QColor, minimum: float = AA) -> QColor:
    """*color* made opaque and, if needed, lighter (dark backgrounds) or darker (light ones), keeping
    its hue, until it reaches *minimum* contrast on every one of *backgrounds*."""
    if not backgrounds:
        return QColor(color)
    result = over(color, backgrounds[0])
    if all(contrast(result, background) >= minimum for background in backgrounds):
        return result
    dark = sum(luminance(background) for background in backgrounds) / len(backgrounds) < 0.18
    hue, saturation, lightness = result.hslHueF(), result.hslSaturationF(), result.lightnessF()
    step = 0.02 if dark else -0.02
    while 0.0 <= lightness + step <= 1.0:
        lightness += step
        candidate = QColor.fromHslF(max(hue, 0.0), saturation, lightness)
        if all(contrast(candidate, background) >= minimum for background in backgrounds):
            return candidate
    return QColor("#ffffff") if dark else QColor("#000000")


def readable_palette(palette: QPalette) -> QPalette:
    """*palette* with its link, visited-link and placeholder colours readable on its Base and Window,
    and its selection's background readable under the selected text."""
    fixed = QPalette(palette)
    for group in _GROUPS:
        backgrounds = (palette.color(group, QPalette.ColorRole.Base), palette.color(group, QPalette.ColorRole.Window))
        for role in _ROLES:
            color = palette.color(group, role)
            better = readable(color, *backgrounds)
            if better.rgba() != color.rgba():
                fixed.setColor(group, role, better)
        # The selection: its background made darker (or lighter) until the selected text reads on it.
        highlight = palette.color(group, QPalette.ColorRole.Highlight)
        selected_text = palette.color(group, QPalette.ColorRole.HighlightedText)
        better = readable(highlight, selected_text)
        if better.rgba() != highlight.rgba():
            fixed.setColor(group, QPalette.ColorRole.Highlight, better)
    return fixed


def ensure_readable_palette() -> None:
    """Give the application :func:`readable_palette` of its palette (nothing if it has it already)."""
    if not isinstance(QGuiApplication.instance(), QGuiApplication):
        return
    palette = QGuiApplication.palette()
    fixed = readable_palette(palette)
    if fixed != palette:
        QGuiApplication.setPalette(fixed)


def field_border(palette: QPalette, inside: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """The border of a control at rest: Fusion's (the window's colour 40% darker), made to stand out
    at 3:1 from the window and from the control's own background (*inside*: a field's or a list's Base,
    a button's Button)."""
    window = palette.color(QPalette.ColorRole.Window)
    key = (window.rgba(), palette.color(inside).rgba())
    border = _borders.get(key)
    if border is None:
        border = _borders[key] = readable(window.darker(140), window, palette.color(inside), minimum=UI_COMPONENT)
    return QColor(border)


#: field_border's answers by (window, inside) colour: it is asked at every paint of every field,
#: button and list, and the search for a colour at 3:1 took ~0.3 ms each time (issue 17).
_borders: dict[tuple[int, int], QColor] = {}


class FieldBorderStyle(QProxyStyle):
    """Fusion with the borders of text fields (line edits, text edits, spin boxes, editable combo boxes),
    lists, push buttons and drop-down boxes drawn at 3:1 when they do not have the keyboard (then
    Fusion's highlight colour shows the focus)."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,  # noqa: N802 - Qt's name
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element == QStyle.PrimitiveElement.PE_FrameLineEdit:
            self._border(option, painter, rounded=True)
        elif element == QStyle.PrimitiveElement.PE_Frame and isinstance(
                widget, (QTextEdit, QPlainTextEdit, QAbstractItemView)):
            self._border(option, painter, rounded=False)
        elif element == QStyle.PrimitiveElement.PE_PanelButtonCommand and not (
                isinstance(option, QStyleOptionButton) and option.features & QStyleOptionButton.ButtonFeature.Flat):
            self._border(option, painter, rounded=True, inside=QPalette.ColorRole.Button)

    def drawComplexControl(self, control: QStyle.ComplexControl, option: QStyleOptionComplex,  # noqa: N802
                           painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control == QStyle.ComplexControl.CC_SpinBox and getattr(option, "frame", False):
            self._border(option, painter, rounded=True)  # Fusion draws a spin box's frame itself

    @staticmethod
    def _border(option: QStyleOption, painter: QPainter, *, rounded: bool,
                inside: QPalette.ColorRole = QPalette.ColorRole.Base) -> None:
        if option.state & QStyle.StateFlag.State_HasFocus:
            return
        rect = option.rect
        if rect.width() < 4 or rect.height() < 4:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, rounded)
        painter.setPen(field_border(option.palette, inside))
        painter.setBrush(QColor(0, 0, 0, 0))
        if rounded:  # as Fusion draws it: half a pixel in, corners of 2 px
            painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
        else:
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.restore()


_style: FieldBorderStyle | None = None  # kept alive beside the application that owns it


def ensure_field_borders() -> None:
    """Give the application :class:`FieldBorderStyle` where its style is Fusion (other styles draw
    their own borders, and are left as they are)."""
    global _style
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    style = app.style()
    if isinstance(style, FieldBorderStyle) or style.name().lower() != "fusion":
        return
    _style = FieldBorderStyle("Fusion")
    app.setStyle(_style)
