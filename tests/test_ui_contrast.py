"""Every text on its background reads at 4.5:1 or more (WCAG AA) in a light and a dark theme (#11 item 9).

The dark theme here is what a dark desktop often hands Qt: dark backgrounds, but the default link
colour (dark blue) and a half-transparent placeholder colour left as they were. The pairs are taken
from the real window: its palette roles, the article's link format, the verdict chips, the claim
highlights with the text on them, the quiet status labels (and colours set in their rich text),
and the banners' painted backgrounds under their text."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from factcheck_gui.core.verdicts import DEFAULT_SCALE, UNJUDGED_COLOR
from factcheck_gui.ui.article_paint import ClaimFormats, colors_from
from factcheck_gui.ui.contrast import AA, UI_COMPONENT, contrast, over
from factcheck_gui.ui.verdict_style import text_color_on
from tests.sample_sources import sample_source
from tests.ui_helpers import mark_dunford

Role, Group = QPalette.ColorRole, QPalette.ColorGroup


def dark_theme(light: QPalette) -> QPalette:
    palette = QPalette(light)  # links and placeholder text as Qt has them: made for light backgrounds
    for role, color in ((Role.Window, "#2b2b2b"), (Role.WindowText, "#e6e6e6"), (Role.Base, "#1e1e1e"),
                        (Role.AlternateBase, "#262626"), (Role.Text, "#e6e6e6"), (Role.Button, "#353535"),
                        (Role.ButtonText, "#e6e6e6"), (Role.Highlight, "#2a5b9c"), (Role.HighlightedText, "#ffffff"),
                        (Role.ToolTipBase, "#3c3c3c"), (Role.ToolTipText, "#e6e6e6"), (Role.Mid, "#5a5a5a")):
        for group in (Group.Active, Group.Inactive):
            palette.setColor(group, role, QColor(color))
    return palette


@pytest.fixture(params=["light", "dark"])
def themed_app(request):
    app = QApplication.instance()
    before = QPalette(app.palette())
    light = app.style().standardPalette()
    app.setPalette(light if request.param == "light" else dark_theme(light))
    yield request.param
    app.setPalette(before)


def _rich_text_colors(label: QLabel) -> list[QColor]:
    return [QColor(c) for c in re.findall(r"color:\s*(#[0-9a-fA-F]{6})", label.text())]


def text_pairs(window) -> list[tuple[str, QColor, QColor]]:
    """(what, text colour, background colour) for every text the window shows on a background it sets."""
    pairs: list[tuple[str, QColor, QColor]] = []
    palette = window.palette()
    for group in (Group.Active, Group.Inactive):
        for text, background in ((Role.Text, Role.Base), (Role.WindowText, Role.Window), (Role.ButtonText, Role.Button),
                                 (Role.HighlightedText, Role.Highlight), (Role.ToolTipText, Role.ToolTipBase),
                                 (Role.PlaceholderText, Role.Base), (Role.PlaceholderText, Role.Window),
                                 (Role.Link, Role.Base), (Role.Link, Role.Window), (Role.LinkVisited, Role.Base)):
            pairs.append((f"palette {text.name} on {background.name} ({group.name})",
                          palette.color(group, text), palette.color(group, background)))

    view = window.article_view
    base = view.viewport().palette().color(Role.Base)
    text = view.palette().color(Role.Text)
    colors = colors_from(view.palette())
    pairs.append(("article dek and byline", colors.muted, base))
    formats = ClaimFormats()
    for verdict in [*DEFAULT_SCALE.verdicts, None]:
        color = verdict.color if verdict else UNJUDGED_COLOR
        name = verdict.label if verdict else "unjudged"
        chip = QColor(color)
        pairs.append((f"verdict chip {name}", text_color_on(chip), chip))
        for current in (False, True):
            highlight = formats.get(color, current, colors).background().color()
            pairs.append((f"claim highlight {name}{' (current)' if current else ''}", text, over(highlight, base)))

    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text().strip():
            continue
        inside_card = any(parent.objectName() == "sourceCard" for parent in _ancestors(label))
        background = label.palette().color(Role.Base if inside_card else label.backgroundRole())
        name = label.objectName() or label.text()[:30]
        if label.styleSheet() or "Banner" in name or _in_banner(label):
            continue  # painted backgrounds: measured from pixels below
        pairs.append((f"label {name}", label.palette().color(label.foregroundRole()), background))
        for color in _rich_text_colors(label):
            pairs.append((f"label {name} rich text", color, background))

    for banner in [window.sources_panel.message, window.save_error_banner]:
        image = banner.grab().toImage()
        window_color = banner.parentWidget().palette().color(Role.Window)
        painted = over(image.pixelColor(4, image.height() // 2), window_color)  # the tint over the window
        pairs.append((f"banner {banner.objectName()}", banner.label.palette().color(Role.WindowText), painted))
    for card in window.sources_panel.cards_box.cards().values():
        error = card.error_label
        if error.isVisible():
            image = error.grab().toImage()
            painted = over(image.pixelColor(1, 1), card.palette().color(Role.Base))  # the tint over the card
            pairs.append(("source card error", error.palette().color(Role.WindowText), painted))
    return pairs


def open_article_with_a_link(window):
    """Import a Markdown article with a link and open it; the link's colour as painted, on the page."""
    from factcheck_gui.importer import article_from_text

    article = article_from_text(
        "# Ministry answers\n\nThe [ministry said](https://gov.example/statement) it would answer on Monday. "
        "It did not.\n", markdown=True)
    assert window.add_imported_article(article, ask_details=False)
    view = window.article_view
    link = window.document.article.links[0]
    color = view.cursor_for_offset(link.start + 1).charFormat().foreground().color()
    return color, view.viewport().palette().color(Role.Base)


def _ancestors(widget: QWidget):
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


def _in_banner(widget: QWidget) -> bool:
    return any(type(parent).__name__ == "QtBanner" for parent in _ancestors(widget))


def test_every_text_reads_at_4_5_to_1_in_both_themes(themed_app, make_window, qtbot):
    window = make_window()
    document = window.document
    mark_dunford(window, qtbot, "false", sources=2)
    from factcheck_gui.ui.source_commands import PinSourceCommand

    failed = sample_source(2, error="The server answered 404 Not Found. Check the address.", status=404, text="")
    document.push(PinSourceCommand(document, document.current_claim.id, failed, "supports"))
    qtbot.waitUntil(lambda: len(window.sources_panel.cards_box.cards()) == 3, timeout=3000)
    window.sources_panel.message.show_message("The page could not be fetched: the server answered 404 Not Found.")
    window.save_error_banner.show_message("The article could not be saved: the disk is full.")
    qtbot.wait(20)

    pairs = text_pairs(window)
    assert len(pairs) > 60
    pairs.append(("article link", *open_article_with_a_link(window)))
    low = {what: round(contrast(fg, bg), 2) for what, fg, bg in pairs if contrast(fg, bg) < AA}
    assert low == {}, themed_app


def test_the_dark_themes_article_links_are_light_enough(themed_app, make_window):
    window = make_window()
    color, base = open_article_with_a_link(window)
    assert contrast(color, base) >= AA
    if themed_app == "dark":
        assert color.lightness() > base.lightness()  # light text on the dark page, not dark blue


def test_the_trace_views_greyed_rows_read_at_4_5_to_1(themed_app, make_window, qtbot, httpserver):
    """The pages a trace found that do not carry the claim are greyed, yet readable in both themes."""
    pytest.importorskip("pytest_httpserver")
    from PySide6.QtWidgets import QTreeWidget

    from factcheck_gui.ui.trace_view import QtTraceView
    from tests.test_trace_story import dunford_claim_with_the_report
    from tests.trace_web import serve
    from tests.ui_helpers import find_dialog

    window = make_window()
    dunford_claim_with_the_report(qtbot, window, serve(httpserver))
    window.action("trace_claim").trigger()
    view = find_dialog(qtbot, window, "traceView", QtTraceView)
    view.start()
    qtbot.waitUntil(lambda: view.crawled is not None and not view.is_busy(), timeout=20000)
    timeline = view.findChild(QTreeWidget, "traceTimeline")
    base = timeline.palette().color(Role.Base)
    greyed = []
    for i in range(timeline.topLevelItemCount()):
        item = timeline.topLevelItem(i)
        for column in range(timeline.columnCount()):
            brush = item.foreground(column)
            if brush.style() != brush.style().NoBrush:
                greyed.append((item.text(column), round(contrast(brush.color(), base), 2)))
    assert greyed, "the blog post that does not carry the claim is greyed"
    assert [pair for pair in greyed if pair[1] < AA] == [], themed_app
    view.close()


# -- the borders of the text fields (WCAG 1.4.11: 3:1 for what identifies a component) ----------



def field_borders(window) -> list[tuple[str, QColor, QColor, QColor]]:
    """(field, its border as painted, the window colour around it, its own background) for every text
    field *window* shows (spin boxes and editable combo boxes too), the border read from the pixels of
    the field's left edge."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

    found = []
    for field in window.findChildren(QWidget):
        editable_combo = isinstance(field, QComboBox) and field.isEditable()
        if not isinstance(field, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)) and not editable_combo:
            continue
        if not field.isVisible():
            continue
        if field.objectName() in ("articleView", ""):  # the reading pane is a page, not a field
            continue
        if isinstance(field.parentWidget(), QAbstractSpinBox) or field.parentWidget().inherits("QComboBox"):
            continue  # the text part inside a spin box or combo box: its owner draws the frame
        image = field.grab().toImage()
        around = field.parentWidget().palette().color(Role.Window)
        inside = field.palette().color(Role.Base)
        y = image.height() // 2
        border = max((over(image.pixelColor(x, y), around) for x in range(3)), key=lambda c: contrast(c, around))
        found.append((field.objectName(), border, around, inside))
    return found


def window_at_rest(make_window, qtbot):
    """The sample with the Dunford claim and a source card, the library shown, and the keyboard in the
    article: every field, list and button shows the border it has at rest."""
    window = make_window()
    mark_dunford(window, qtbot, sources=1)
    if not window.action("show_library").isChecked():
        window.action("show_library").trigger()
    window.article_view.setFocus()
    qtbot.wait(20)
    return window


def test_text_field_borders_stand_out_at_3_to_1_in_both_themes(themed_app, make_window, qtbot):
    window = window_at_rest(make_window, qtbot)
    borders = field_borders(window)
    names = {name for name, *_ in borders}
    assert {"claimantEdit", "restatementEdit", "rationaleEdit", "sourceUrlEdit", "libraryFilter"} <= names, names
    low = {name: (round(contrast(border, around), 2), round(contrast(border, inside), 2))
           for name, border, around, inside in borders
           if min(contrast(border, around), contrast(border, inside)) < UI_COMPONENT}
    assert low == {}, themed_app


def test_the_borders_of_spin_boxes_and_editable_combo_boxes_stand_out_too(themed_app, make_window, qtbot):
    """The settings' spin boxes (a fetch's timeout and size) and the library search's verdict box, which
    takes typed ratings: text fields as much as a line edit is."""
    window = make_window()
    window.article_view.setFocus()
    low, names = {}, set()
    for dialog in (window.show_settings(), window.lookup.show_search()):
        qtbot.waitExposed(dialog)
        dialog.setFocus()  # no field has the keyboard
        qtbot.wait(20)
        borders = field_borders(dialog)
        names |= {name for name, *_ in borders}
        low.update({name: round(contrast(border, around), 2) for name, border, around, inside in borders
                    if min(contrast(border, around), contrast(border, inside)) < UI_COMPONENT})
        dialog.close()
    assert {"fetchTimeoutSpin", "fetchMaxSizeSpin", "librarySearchVerdict"} <= names, names
    assert low == {}, themed_app


# -- the borders of lists and buttons (the same 3:1) --------------------------------------------


def edge_contrast(widget: QWidget, inside: QColor) -> tuple[float, float]:
    """The contrast of *widget*'s border, read from the pixels of its left edge halfway down, with the
    window colour around it and with *inside* (its own background)."""
    image = widget.grab().toImage()
    around = widget.parentWidget().palette().color(Role.Window)
    y = image.height() // 2
    border = max((over(image.pixelColor(x, y), around) for x in range(3)), key=lambda c: contrast(c, around))
    return round(contrast(border, around), 2), round(contrast(border, inside), 2)


def list_and_button_borders(window: QWidget) -> dict[str, tuple[float, float]]:
    """(contrast with the window, with the inside) of every framed list and every enabled push button
    (and drop-down) *window* shows; flat buttons and those with their own style sheet are left out."""
    from PySide6.QtWidgets import QAbstractItemView, QComboBox, QFrame, QPushButton

    found = {}
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not widget.objectName():
            continue
        if isinstance(widget, QAbstractItemView) and widget.frameShape() != QFrame.Shape.NoFrame:
            if widget.parentWidget().inherits("QComboBox") or widget.window() is not window:
                continue
            found[widget.objectName()] = edge_contrast(widget, widget.palette().color(Role.Base))
        elif (isinstance(widget, QPushButton) and not widget.isFlat() and widget.isEnabled()
              and not widget.styleSheet()) or (isinstance(widget, QComboBox) and not widget.isEditable()):
            found[widget.objectName()] = edge_contrast(widget, widget.palette().color(Role.Button))
    return found


def test_list_and_button_borders_stand_out_at_3_to_1_in_both_themes(themed_app, make_window, qtbot):
    window = window_at_rest(make_window, qtbot)
    borders = list_and_button_borders(window)
    assert {"claimsList", "libraryTable", "claimsFilter", "claimHistoryButton", "importButton"} <= set(borders), \
        sorted(borders)
    low = {name: pair for name, pair in borders.items() if min(pair) < UI_COMPONENT}
    assert low == {}, themed_app
