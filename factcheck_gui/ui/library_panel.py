"""The library: every article in the library folder with its progress.

A list (title; publisher, date and when it was last edited; the number of claims and
a bar of their verdicts) that sorts by any of these and filters by text. Opening, renaming and moving to the trash start here;
a deleted article can be brought back with "Undo" until the next deletion.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from factcheck_gui.core.errors import FactcheckError
from factcheck_gui.core.model import ReviewStatus
from factcheck_gui.core.verdicts import DEFAULT_SCALE, VerdictScale
from factcheck_gui.store.library import ArticleSummary, Library, LibraryProblem
from factcheck_gui.store.library_index import IndexBehind
from factcheck_gui.ui.accessibility import name_parts
from factcheck_gui.ui.errors import log_exception, show_error
from factcheck_gui.ui.richtext import plain_tooltip, shown
from factcheck_gui.ui.verdict_style import paint_verdict_mix, verdict_mix_text

__all__ = ["QtLibraryModel", "QtLibraryPanel"]

ID_ROLE = Qt.ItemDataRole.UserRole + 1
COUNTS_ROLE = Qt.ItemDataRole.UserRole + 3
#: The lines a row gives its title: a headline of 60-90 characters reads whole in a library 20 em wide.
TITLE_LINES = 2
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 4

# What the rows sort by (QtLibraryModel.sort); the list shows one column, the title's.
COL_TITLE, COL_PUBLISHER, COL_DATE, COL_CLAIMS, COL_VERDICTS, COL_EDITED = range(6)


def _problem_text(exc: BaseException) -> str:
    if isinstance(exc, FactcheckError):
        return str(exc)
    return f"The library could not be read ({type(exc).__name__}); the error was logged. Please report it."


def _edited_text(iso: str) -> str:
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return iso
    local = moment.toLocalTime()
    now = QDateTime.currentDateTime()
    if local.date() == now.date():
        return local.toString("HH:mm")
    if local.date().year() == now.date().year():
        return local.toString("d MMM")
    return local.toString("d MMM yyyy")


class QtLibraryModel(QStringListModel):
    """The summaries of the library's articles, one row each: those shown, sorted and filtered here.

    Sorting and filtering are done in Python over plain lists, once per change, rather than by a
    QSortFilterProxyModel, which calls back into Python per row (filterAcceptsRow) or twice per
    comparison (data()). The rows are a QStringListModel of the articles' ids so that the view's
    layout, which asks rowCount() twice per row, never calls into Python (with 10,000 articles
    that alone was 40 ms a keystroke); only data() for the rows painted does. A change of the rows
    shown resets the model, announced first by ``rows_changing`` so the panel keeps the selection.
    """

    rename_requested = Signal(str, str)  # article id, new title
    rows_changing = Signal()  # the rows shown are about to change (a reset follows)

    def __init__(self, scale: VerdictScale = DEFAULT_SCALE, parent: Any = None) -> None:
        super().__init__(parent)
        self.scale = scale
        self._all: list[ArticleSummary] = []  # every article, sorted
        self._rows: list[ArticleSummary] = []  # those the filter keeps, in the same order: the model's rows
        self._by_id: dict[str, ArticleSummary] = {}
        self._row_of: dict[str, int] | None = None  # article id -> row in _rows, made when first asked
        self._haystacks: dict[str, str] = {}  # article id -> what the filter words are looked for in
        self._words: list[str] = []
        self._status = ""  # a review status: only articles with claims in it ("" any)
        self.open_id: str | None = None  # shown in bold
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._resort = QTimer(self)
        self._resort.setSingleShot(True)
        self._resort.setInterval(0)
        self._resort.timeout.connect(lambda: self.sort(*self._sort))
        self._prepare = QTimer(self)  # the filter's haystacks, made while idle rather than on the first keystroke
        self._prepare.setSingleShot(True)
        self._prepare.setInterval(400)
        self._prepare.timeout.connect(self._fill_haystacks)

    def set_summaries(self, summaries: list[ArticleSummary]) -> None:
        self._all = list(summaries)
        self._by_id = dict(zip(map(_ID, self._all), self._all, strict=True))
        self._haystacks = {}
        self._sort_rows()
        self._show(self._filtered(self._all))
        self._prepare.start()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Keep the rows sorted by *column* (one of the COL_ numbers), in Python with one key per row."""
        self._sort = (column, order)
        self._resort.stop()
        self._sort_rows()
        self._show(self._filtered(self._all))

    def set_filter(self, text: str | None = None, status: str | None = None) -> None:
        """Show only the articles whose title, publisher, date, address or id hold every word of *text*
        (without case), and with *status*, claims in that review status ("" any). None keeps it as it is."""
        words = self._words if text is None else text.casefold().split()
        status = self._status if status is None else status
        # Typing on narrows what is shown: then only the rows shown are looked at again.
        narrower = status == self._status and all(any(old in new for new in words) for old in self._words)
        self._words, self._status = words, status
        self._show(self._filtered(self._rows if narrower else self._all))

    def _show(self, rows: list[ArticleSummary]) -> None:
        ids = list(map(_ID, rows))  # in C, as the dicts of ids below: 10,000 rows at every start
        if ids == list(map(_ID, self._rows)) and rows:
            self._rows = rows
            return  # the same rows: no reset, the view keeps its place
        self.rows_changing.emit()
        self._rows = rows
        self._row_of = None
        self.setStringList(ids)  # a reset, made in C++

    def _sort_rows(self) -> None:
        column, order = self._sort
        if column < 0:
            return
        # Stable, as the proxy's sort was: ties stay in the order they were shown. A key that is a field
        # as it is is taken in C (attrgetter): 10,000 calls of a Python function were ~5 ms of a start.
        key = _FIELD_KEYS.get(column) or (lambda summary: _sort_key(summary, column))
        self._all.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def _filtered(self, rows: list[ArticleSummary]) -> list[ArticleSummary]:
        words, status = self._words, self._status
        if status:
            rows = [summary for summary in rows if summary.status_counts.get(status)]
        if not words:
            return list(rows)
        self._fill_haystacks()
        haystacks = self._haystacks
        for word in words:  # one pass per word, each over fewer rows
            rows = [summary for summary in rows if word in haystacks[summary.id]]
        return rows

    def _fill_haystacks(self) -> None:
        haystacks = self._haystacks
        if len(haystacks) != len(self._by_id):
            for summary in self._all:
                if summary.id not in haystacks:
                    haystacks[summary.id] = _haystack(summary)

    @property
    def row_of(self) -> dict[str, int]:
        """article id -> its row among those shown."""
        if self._row_of is None:
            self._row_of = dict(zip(map(_ID, self._rows), range(len(self._rows)), strict=True))
        return self._row_of

    def update_summary(self, summary: ArticleSummary) -> None:
        """Replace (or add) one article's row, e.g. after it was saved."""
        existing = self._by_id.get(summary.id)
        self._by_id[summary.id] = summary
        self._haystacks.pop(summary.id, None)
        if existing is None:
            self._all.append(summary)
            self.sort(*self._sort)
            return
        self._all[next(i for i, kept in enumerate(self._all) if kept is existing)] = summary  # not ==: fields compared
        row = self.row_of.get(summary.id)
        if row is not None:
            self._rows[row] = summary
            self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
        if self._sort[0] >= 0 or self._words or self._status:
            self._resort.start()  # it may have moved or (dis)appeared: sorted and filtered once control returns

    def set_open_id(self, article_id: str | None) -> None:
        self.open_id = article_id
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0), [Qt.ItemDataRole.FontRole])

    def summary_at(self, row: int) -> ArticleSummary:
        """The summary shown in *row* of this model."""
        return self._rows[row]

    def summaries(self) -> list[ArticleSummary]:
        """Every article's summary, shown or not, sorted."""
        return list(self._all)

    def summary(self, article_id: str) -> ArticleSummary | None:
        return self._by_id.get(article_id)

    # -- Qt model (rowCount and index are QStringListModel's, in C++) -------------------------

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        if not self._rows[index.row()].read_only:
            flags |= Qt.ItemFlag.ItemIsEditable  # the title, edited in place (F2)
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == ID_ROLE:
            return summary.id
        if role == COUNTS_ROLE:
            return summary.verdict_counts
        if role == SUMMARY_ROLE:
            return summary
        if role == Qt.ItemDataRole.DisplayRole:
            return shown(summary.title) + (" (read-only)" if summary.read_only else "")
        if role == Qt.ItemDataRole.EditRole:
            return summary.title  # renaming edits the title as it is
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [shown(summary.title), shown(summary.publisher), summary.published[:10],
                     verdict_mix_text(summary.verdict_counts, self.scale), f"edited {_edited_text(summary.updated)}"]
            return ", ".join(p for p in parts if p)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = [summary.title, verdict_mix_text(summary.verdict_counts, self.scale)]
            if summary.url:
                tip.append(summary.url)
            return plain_tooltip("\n".join(tip))
        if role == Qt.ItemDataRole.FontRole and summary.id == self.open_id:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        title = str(value).strip()
        summary = self._rows[index.row()]
        if not title or title == summary.title:
            return False
        self.rename_requested.emit(summary.id, title)
        return True


def _haystack(summary: ArticleSummary) -> str:
    """What the filter's words are looked for in."""
    return " ".join((summary.title, summary.publisher, summary.published, summary.url, summary.id)).casefold()


_ID = attrgetter("id")
#: The columns whose sort key is a field of the summary as it is (see _sort_key).
_FIELD_KEYS: dict[int, Callable[[ArticleSummary], Any]] = {
    COL_EDITED: attrgetter("updated"), COL_DATE: attrgetter("published"), COL_CLAIMS: attrgetter("claim_count")}


def _sort_key(summary: ArticleSummary, column: int) -> Any:
    """What the rows sort by in *column*."""
    if column == COL_TITLE:
        return summary.title.casefold()
    if column == COL_PUBLISHER:
        return summary.publisher.casefold()
    if column == COL_DATE:
        return summary.published
    if column == COL_CLAIMS:
        return summary.claim_count
    if column == COL_VERDICTS:
        judged = sum(n for key, n in summary.verdict_counts.items() if key)
        return judged / summary.claim_count if summary.claim_count else -1.0
    return summary.updated


class _ArticleDelegate(QStyledItemDelegate):
    """Four lines per article: the title (on two lines, cut only after the second); publisher, date and
    when it was last edited; the verdict mix."""

    def __init__(self, scale: VerdictScale, parent: Any = None) -> None:
        super().__init__(parent)
        self.scale = scale

    @staticmethod
    def _pad(option: QStyleOptionViewItem) -> int:
        return max(4, option.fontMetrics.height() // 3)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        metrics = option.fontMetrics
        return QSize(200, self._pad(option) * 2 + metrics.lineSpacing() * (TITLE_LINES + 2) + 4)

    @staticmethod
    def _title_font(font: QFont) -> QFont:
        bold = QFont(font)
        bold.setBold(True)
        return bold

    @staticmethod
    def wrap_title(title: str, font: QFont, width: int) -> list[str]:
        """*title* broken at spaces into at most TITLE_LINES lines of *width* pixels, the last cut with
        an ellipsis if the title is longer still."""
        metrics = QFontMetrics(font)
        lines: list[str] = []
        rest = " ".join(title.split())
        while rest and len(lines) < TITLE_LINES - 1 and metrics.horizontalAdvance(rest) > width:
            words = rest.split(" ")
            count = 1
            while count < len(words) and metrics.horizontalAdvance(" ".join(words[: count + 1])) <= width:
                count += 1
            lines.append(" ".join(words[:count]))
            rest = " ".join(words[count:])
        if rest:
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
        return [line for line in lines if line]

    def title_lines(self, index: QModelIndex | QPersistentModelIndex) -> list[str]:
        """The lines the row of *index* shows its title in, as painted in the list now."""
        view = self.parent()
        summary: ArticleSummary | None = index.data(SUMMARY_ROLE)
        if not isinstance(view, QAbstractItemView) or summary is None:
            return []
        pad = max(4, view.fontMetrics().height() // 3)
        return self.wrap_title(self._title(summary), self._title_font(self._row_font(view, index)),
                               view.visualRect(index).width() - 2 * pad)

    @staticmethod
    def _title(summary: ArticleSummary) -> str:
        return shown(summary.title) + (" (read-only)" if summary.read_only else "")

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        summary: ArticleSummary | None = index.data(SUMMARY_ROLE)
        widget = option.widget
        option.text = ""
        if widget is not None:
            widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        if summary is None:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if option.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        text = option.palette.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(text)
        muted.setAlphaF(0.72)
        pad = self._pad(option)
        rect = QRectF(option.rect).adjusted(pad, pad, -pad, -pad)
        metrics = QFontMetrics(option.font)  # the open article's row is in bold: measured as drawn
        line = metrics.lineSpacing()

        painter.save()
        title_font = self._title_font(option.font)
        painter.setFont(title_font)
        painter.setPen(text)
        for number, title_line in enumerate(self.wrap_title(self._title(summary), title_font, int(rect.width()))):
            painter.drawText(QRectF(rect.left(), rect.top() + number * line, rect.width(), line),
                             Qt.AlignmentFlag.AlignLeft, title_line)
        top = rect.top() + (TITLE_LINES - 1) * line  # the lines below the title, as if it had one line

        painter.setFont(option.font)
        painter.setPen(muted)
        edited = f"edited {_edited_text(summary.updated)}"
        edited_width = metrics.horizontalAdvance(edited)
        second = QRectF(rect.left(), top + line, rect.width(), line)
        painter.drawText(second, Qt.AlignmentFlag.AlignRight, edited)
        where = " \u00b7 ".join(p for p in (shown(summary.publisher), _date_text(summary.published)) if p) or (
            "No publisher or date")
        painter.drawText(second.adjusted(0, 0, -edited_width - pad, 0), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(where, Qt.TextElideMode.ElideRight, int(rect.width() - edited_width - pad)))

        third_top = top + 2 * line + 2
        bar_width, claims = self._counts_line(summary, metrics, rect.width(), pad)
        bar_height = max(6.0, metrics.height() * 0.45)
        bar = QRectF(rect.left(), third_top + (line - bar_height) / 2, bar_width, bar_height)
        paint_verdict_mix(painter, bar, summary.verdict_counts, self.scale, option.palette)
        painter.setPen(muted)
        text_rect = QRectF(bar.right() + pad, third_top, rect.width() - bar_width - pad, line)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft, claims)
        painter.restore()

    @staticmethod
    def _counts_line(summary: ArticleSummary, metrics: QFontMetrics, width: float, pad: int) -> tuple[float, str]:
        """The verdict bar's width and the text beside it ("3 claims, 2 with a verdict"): the bar gives
        way (down to 3 em) before the text is cut."""
        judged = sum(n for key, n in summary.verdict_counts.items() if key)
        claims = f"{summary.claim_count} claim" + ("" if summary.claim_count == 1 else "s")
        if summary.claim_count:
            claims += f", {judged} with a verdict"
        em = metrics.horizontalAdvance("m")
        room = width - pad - metrics.horizontalAdvance(claims) - 2  # what the text leaves the bar
        bar_width = max(min(em * 3, width * 0.35), min(width * 0.35, em * 9, room))
        return bar_width, metrics.elidedText(claims, Qt.TextElideMode.ElideRight, int(width - bar_width - pad))

    def counts_line(self, index: QModelIndex | QPersistentModelIndex) -> str:
        """The claim counts the row of *index* shows beside its verdict bar, as painted in the list now."""
        view = self.parent()
        summary: ArticleSummary | None = index.data(SUMMARY_ROLE)
        if not isinstance(view, QAbstractItemView) or summary is None:
            return ""
        pad = max(4, view.fontMetrics().height() // 3)
        metrics = QFontMetrics(self._row_font(view, index))
        return self._counts_line(summary, metrics, view.visualRect(index).width() - 2 * pad, pad)[1]

    @staticmethod
    def _row_font(view: QAbstractItemView, index: QModelIndex | QPersistentModelIndex) -> QFont:
        font = index.data(Qt.ItemDataRole.FontRole)
        return font if isinstance(font, QFont) else view.font()


def _date_text(published: str) -> str:
    """A published date as the user reads it ("23 Oct 2015"); other text as it is."""
    from PySide6.QtCore import QDate

    date = QDate.fromString(published[:10], Qt.DateFormat.ISODate)
    return date.toString("d MMM yyyy") if date.isValid() else published


SORT_CHOICES = (
    ("Last edited", COL_EDITED, Qt.SortOrder.DescendingOrder),
    ("Title", COL_TITLE, Qt.SortOrder.AscendingOrder),
    ("Publisher", COL_PUBLISHER, Qt.SortOrder.AscendingOrder),
    ("Newest", COL_DATE, Qt.SortOrder.DescendingOrder),
    ("Oldest", COL_DATE, Qt.SortOrder.AscendingOrder),
    ("Most claims", COL_CLAIMS, Qt.SortOrder.DescendingOrder),
    ("Least judged", COL_VERDICTS, Qt.SortOrder.AscendingOrder),
)


class QtLibraryPanel(QWidget):
    """The list of articles; emits what the user wants, moves articles to the trash and back."""

    open_requested = Signal(str)  # article id
    rename_requested = Signal(str, str)  # article id, new title
    import_requested = Signal()
    article_deleting = Signal(str)  # emitted before the file moves, so the window can close it
    articles_changed = Signal()  # an article was deleted or restored
    index_needed = Signal(int, int)  # (files to read, article files): the window builds the index in the background

    #: Changed article files read at once by refresh() on the GUI thread (~2 ms each); more are
    #: left to a background build of the index (index_needed).
    READ_AT_ONCE = 100

    def __init__(self, library: Library, scale: VerdictScale = DEFAULT_SCALE, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPanel")
        self.library = library
        self.problems: list[LibraryProblem] = []
        self.read_limit: int | None = self.READ_AT_ONCE
        self._last_deleted: tuple[str, str] | None = None  # (id, title)

        self.model = QtLibraryModel(scale, self)
        self.model.rename_requested.connect(self.rename_requested)

        title = QLabel("Library")
        title.setObjectName("libraryTitle")
        font = title.font()
        font.setBold(True)
        title.setFont(font)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("libraryFilter")
        self.filter_edit.setAccessibleName("Filter the library")
        self.filter_edit.setPlaceholderText("Filter by title, publisher, date\u2026")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda text: self.model.set_filter(text=text))

        self.sort_combo = QComboBox()
        self.sort_combo.setObjectName("librarySort")
        self.sort_combo.setAccessibleName("Sort the library by")
        self.sort_combo.setToolTip("Sort the articles by when they were last edited, title, publisher, date, "
                                   "number of claims, or how much is judged")
        for label, column, order in SORT_CHOICES:
            self.sort_combo.addItem(label, (column, order))
        self.sort_combo.currentIndexChanged.connect(self._apply_sort)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("libraryStatusFilter")
        self.status_filter.setAccessibleName("Show articles with claims in review status")
        self.status_filter.setToolTip("Show only the articles that have claims in this review status")
        self.status_filter.addItem("Any review status", "")
        for status in ReviewStatus:
            self.status_filter.addItem(f"With {status.label.lower()} claims", status.value)
        self.status_filter.currentIndexChanged.connect(
            lambda _index: self.model.set_filter(status=self.status_filter.currentData() or ""))

        self.table = QListView()
        self.table.setObjectName("libraryTable")
        self.table.setAccessibleName("Articles in the library")
        self.table.setModel(self.model)
        self.table.setModelColumn(COL_TITLE)
        self.table.setItemDelegate(_ArticleDelegate(scale, self.table))
        self.table.setUniformItemSizes(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.clicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        self._apply_sort()

        self.import_button = QPushButton("Import\u2026")
        self.import_button.setObjectName("importButton")
        self.import_button.setAccessibleName("Import an article")
        self.import_button.setToolTip("Import an article from a web address, a file or pasted text")
        self.import_button.clicked.connect(self.import_requested)
        self.rename_button = QPushButton("Rename")
        self.rename_button.setObjectName("renameArticleButton")
        self.rename_button.setAccessibleName("Rename the selected article")
        self.rename_button.setToolTip("Change the title of the selected article (F2)")
        self.rename_button.clicked.connect(self.start_rename)
        self.delete_button = QPushButton("Move to trash")
        self.delete_button.setObjectName("deleteArticleButton")
        self.delete_button.setAccessibleName("Move the selected article to the trash")
        self.delete_button.clicked.connect(self.delete_selected)

        self.undo_banner = QFrame()
        self.undo_banner.setObjectName("libraryUndoBanner")
        self.undo_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_label = QLabel()
        self.undo_label.setObjectName("libraryUndoLabel")
        self.undo_label.setTextFormat(Qt.TextFormat.PlainText)  # the title is the page's
        self.undo_label.setWordWrap(True)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("undoDeleteButton")
        self.undo_button.setAccessibleName("Bring the deleted article back")
        self.undo_button.clicked.connect(self.undo_delete)
        banner_layout = QHBoxLayout(self.undo_banner)
        banner_layout.setContentsMargins(6, 4, 6, 4)
        banner_layout.addWidget(self.undo_label, 1)
        banner_layout.addWidget(self.undo_button)
        self.undo_banner.hide()

        self.problems_label = QLabel()
        self.problems_label.setObjectName("libraryProblemsLabel")
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setWordWrap(True)
        self.problems_label.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The review-status filter has a row of its own under the text filter: beside the title and the
        # sort it was cut ("Any review s...") in a library of the width a 1366 px screen leaves it.
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.sort_combo)
        layout.addLayout(top)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.status_filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.undo_banner)
        layout.addWidget(self.problems_label)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._kept_selection: str | None = None  # the selected article while the rows shown change
        self.model.rows_changing.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self._update_buttons()

    # -- contents --------------------------------------------------------------------------

    def refresh(self, *, check_files: bool = True) -> None:
        """Read the summaries of every article again (from the index: files changed since are read).

        When more than READ_AT_ONCE files need reading, the articles the index knows are listed
        and ``index_needed`` is emitted; while the index is being built, the list only follows
        files that came or went (the window refreshes it when the build is over). ``read_limit =
        None`` reads them all here. With ``check_files=False``, what the index holds is listed without
        looking at the files (the window's first frame; it checks them just after).
        """
        if self.library.index_building:
            self._follow_files_while_building()
            return
        selected = self.selected_id()
        try:
            summaries, problems = self.library.summaries(read_limit=self.read_limit, check_files=check_files)
        except IndexBehind as behind:
            summaries, problems = behind.summaries, []
            self.index_needed.emit(behind.pending, behind.total)
        except Exception as exc:  # noqa: BLE001 - the window must open whatever the folder holds
            if not isinstance(exc, FactcheckError):
                log_exception(exc)
            summaries, problems = [], [LibraryProblem(self.library.articles_dir, _problem_text(exc))]
        self.model.set_summaries(summaries)
        self.problems = problems
        if problems:
            shown = [p.message for p in problems[-10:]]
            if len(problems) > len(shown):
                shown.insert(0, f"\u2026 and {len(problems) - len(shown)} more.")
            self.problems_label.setText("Some files of the library could not be read as they are:\n" + "\n".join(shown))
        self.problems_label.setVisible(bool(problems))
        self.select(selected or self.model.open_id)
        self._update_buttons()

    def _follow_files_while_building(self) -> None:
        """While the index is built (and cannot be read), the list keeps what it holds, except that the
        articles whose files went away leave it and a few new files are read (one restored, imported)."""
        try:
            on_disk = set(self.library.article_ids())
        except FactcheckError:
            return
        listed = {summary.id: summary for summary in self.model.summaries()}
        gone = listed.keys() - on_disk
        new = sorted(on_disk - listed.keys())
        added = []
        for article_id in new if len(new) <= (self.read_limit or len(new)) else []:  # many: the build lists them
            try:
                added.append(self.library.summary_of(self.library.open(article_id)))
            except FactcheckError:
                continue  # the build reports it
        if gone or added:
            selected = self.selected_id()
            self.model.set_summaries([summary for summary in listed.values() if summary.id not in gone] + added)
            self.select(selected)
            self._update_buttons()

    def update_summary(self, summary: ArticleSummary) -> None:
        self.model.update_summary(summary)

    def reread(self, article_id: str) -> None:
        """Show *article_id* as its file now is (imported, restored, renamed), even while the index is
        being built and the list cannot be read from it."""
        try:
            self.model.update_summary(self.library.summary_of(self.library.open(article_id)))
        except FactcheckError:
            pass  # the next refresh reports it

    def set_open_id(self, article_id: str | None) -> None:
        self.model.set_open_id(article_id)
        self.select(article_id)

    def select(self, article_id: str | None) -> None:
        row = self.model.row_of.get(article_id or "")
        if row is None:
            return
        index = self.model.index(row, COL_TITLE)
        self.table.selectionModel().setCurrentIndex(
            index, self.table.selectionModel().SelectionFlag.ClearAndSelect | self.table.selectionModel().SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _remember_selection(self) -> None:
        self._kept_selection = self.selected_id()

    def _restore_selection(self) -> None:
        """After the rows shown changed (filter, sort, refresh): the same article stays selected if shown."""
        kept, self._kept_selection = self._kept_selection, None
        self.select(kept)
        self._update_buttons()

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return index.siblingAtColumn(COL_TITLE).data(ID_ROLE)

    def _apply_sort(self, *_args: object) -> None:
        column, order = self.sort_combo.currentData()
        self.model.sort(column, order)

    def sort_by(self, label: str) -> None:
        """Sort as the "Sort by" list offers it, e.g. ``sort_by("Title")``."""
        self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findText(label)))
        self._apply_sort()

    def visible_ids(self) -> list[str]:
        """Ids of the rows shown, in the order shown."""
        return [self.model.summary_at(row).id for row in range(self.model.rowCount())]

    def _update_buttons(self, *_args: object) -> None:
        has = self.selected_id() is not None
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _open_index(self, index: QModelIndex) -> None:
        article_id = index.siblingAtColumn(COL_TITLE).data(ID_ROLE)
        if article_id:
            self.open_requested.emit(article_id)

    # -- rename ----------------------------------------------------------------------------

    def start_rename(self) -> None:
        """Edit the selected article's title in place."""
        index = self.table.currentIndex()
        if index.isValid():
            self.table.setFocus()
            self.table.edit(index.siblingAtColumn(COL_TITLE))

    # -- delete and undo -------------------------------------------------------------------

    def delete_selected(self) -> None:
        """Ask, then move the selected article to the trash."""
        article_id = self.selected_id()
        if article_id is None:
            return
        summary = self.model.summary(article_id)
        title = summary.title if summary else article_id
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Move to trash",
            f"Move \u201c{title}\u201d and its claims to the trash?",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmDeleteDialog")
        box.setAccessibleName("Move to trash")
        box.setInformativeText("You can bring it back with Undo, or from the trash folder of the library.")
        move = box.addButton("Move to trash", QMessageBox.ButtonRole.DestructiveRole)
        move.setObjectName("confirmDeleteButton")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name_parts(box)

        def done(_result: int) -> None:
            if box.clickedButton() is move:
                self.delete(article_id)

        box.finished.connect(done)
        box.open()

    def delete(self, article_id: str) -> bool:
        """Move an article to the trash now (no question); Undo brings it back."""
        summary = self.model.summary(article_id)
        title = summary.title if summary else article_id
        self.article_deleting.emit(article_id)
        try:
            self.library.delete(article_id)
        except FactcheckError as exc:
            show_error(self, exc, "The article was not deleted")
            return False
        self._last_deleted = (article_id, title)
        self.undo_label.setText(f"\u201c{title}\u201d was moved to the trash.")
        self.undo_banner.show()
        self.refresh()
        self.articles_changed.emit()
        return True

    def undo_delete(self) -> None:
        """Bring the last deleted article back from the trash."""
        if self._last_deleted is None:
            return
        article_id, _title = self._last_deleted
        try:
            self.library.restore(article_id)
        except FactcheckError as exc:
            show_error(self, exc, "The article could not be brought back")
            return
        self._last_deleted = None
        self.undo_banner.hide()
        self.reread(article_id)
        self.refresh()
        self.select(article_id)
        self.articles_changed.emit()
        self.open_requested.emit(article_id)

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, COL_TITLE))

