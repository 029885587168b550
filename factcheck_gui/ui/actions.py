"""The window's commands as data: one :class:`ActionSpec` per command, one :class:`MenuSpec` per menu.

The window builds its QActions and menus from :func:`action_table` (:func:`build_actions`,
:func:`build_menus`), the shortcuts dialog lists the same table, and whether a command can
be used now is the spec's *enabled* rule applied to an :class:`ActionState`
(:func:`update_enabled`). To add a command: add a spec here (and a method on the window
if it needs one); menus, shortcuts, the shortcuts dialog and enabling follow.

Keys are written as Qt's portable text ("Ctrl+E": Cmd+E on macOS) or as a
``QKeySequence.StandardKey``, which stands for the platform's own bindings. A command's
keys are resolved by :func:`key_sequences`, once each: a key bound twice makes Qt report
an ambiguous shortcut and do nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QMenuBar

from factcheck_gui.core.verdicts import UNJUDGED_LABEL, VerdictScale
from factcheck_gui.ui.verdict_style import swatch_icon, verdict_color

if TYPE_CHECKING:
    from factcheck_gui.ui.main_window import QtMainWindow

__all__ = [
    "MENUS",
    "ActionSpec",
    "ActionState",
    "MenuSpec",
    "action_table",
    "build_actions",
    "build_menus",
    "key_sequences",
    "update_enabled",
]

Key = str | QKeySequence.StandardKey
Bindings = Callable[[QKeySequence.StandardKey], Iterable[QKeySequence]]
_std = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionState:
    """What the enable rules look at: is an article open, may it be edited, is a claim current."""

    article_open: bool = False
    editable: bool = False
    has_claim: bool = False  # an editable article with a current claim


Rule = Callable[[ActionState], bool]


def always(_state: ActionState) -> bool:
    return True


def with_article(state: ActionState) -> bool:
    return state.article_open


def when_editable(state: ActionState) -> bool:
    return state.editable


def with_claim(state: ActionState) -> bool:
    return state.has_claim


def editable_without_claim(state: ActionState) -> bool:
    return state.editable and not state.has_claim


@dataclass(frozen=True)
class MenuSpec:
    key: str
    object_name: str
    title: str


MENUS: tuple[MenuSpec, ...] = (
    MenuSpec("file", "fileMenu", "&File"),
    MenuSpec("edit", "editMenu", "&Edit"),
    MenuSpec("verdict", "verdictMenu", "&Verdict"),
    MenuSpec("sources", "sourcesMenu", "&Sources"),
    MenuSpec("go", "goMenu", "&Go"),
    MenuSpec("view", "viewMenu", "Vie&w"),
    MenuSpec("help", "helpMenu", "&Help"),
)


@dataclass(frozen=True)
class ActionSpec:
    """One command of the window.

    *run* is called with the window when the command is triggered (*toggled* with the window
    and the new state, for a checkable command); *make* builds the QAction itself (undo and
    redo come from the undo group). *enabled* None: something else keeps the enabled state
    (the undo group). *typing*: the keys work while a text field has the focus (only keys
    with Ctrl, Alt or Meta; undo and redo then undo the typing instead).
    """

    id: str
    text: str
    run: Callable[[QtMainWindow], object] | None = None
    menu: str | None = None  # a MenuSpec.key; None: a shortcut only
    keys: tuple[Key, ...] = ()
    tip: str = ""
    enabled: Rule | None = always
    checkable: bool = False
    checked: bool = False
    toggled: Callable[[QtMainWindow, bool], object] | None = None
    separator_before: bool = False
    role: QAction.MenuRole | None = None
    color: QColor | None = None  # a swatch icon of this colour (verdicts)
    make: Callable[[QtMainWindow], QAction] | None = None
    typing: bool = True

    @property
    def object_name(self) -> str:
        """``mark_claim`` -> ``actionMarkClaim``, ``verdict:mostly_true`` -> ``actionVerdictMostlyTrue``."""
        parts = self.id.replace(":", "_").replace("-", "_").split("_")
        return "action" + "".join(part.capitalize() for part in parts)


def _verdict_setter(key: str) -> Callable[[QtMainWindow], object]:
    return lambda window: window.set_verdict(key)


def action_table(scale: VerdictScale) -> tuple[ActionSpec, ...]:
    """Every command of the window, in menu order (the verdicts are those of *scale*)."""
    S = ActionSpec  # noqa: N806 - one letter keeps the table below readable
    verdicts = [
        S(f"verdict:{v.key}", v.label, _verdict_setter(v.key), "verdict",
          (str(number),) if number <= 9 else (), v.description, when_editable, color=verdict_color(v.key, scale))
        for number, v in enumerate(scale.verdicts, start=1)
    ]
    return (
        # File
        S("import", "&Import article\u2026", lambda w: w.show_import_dialog(), "file", (_std.Open,),
          "Import an article from a web address, a file or pasted text"),
        S("import_paste", "Import &pasted text\u2026", lambda w: w.show_import_dialog("text"), "file",
          ("Ctrl+Shift+V",), "Import an article from text you paste"),
        S("import_reviews", "Import earlier &fact-checks\u2026", lambda w: w.lookup.ask_for_review_files(), "file", (),
          "Import ClaimReview files (a publisher's feed, JSON-LD, a saved page) to see when a claim was checked before"),
        S("import_reviews_url", "Import earlier fact-checks from the &web\u2026",
          lambda w: w.lookup.ask_for_review_address(), "file", (),
          "Import the ClaimReviews of a publisher's feed or fact-check page by its web address"),
        S("export", "&Export\u2026", lambda w: w.export_current(), "file", ("Ctrl+E",),
          "Export the fact-check of this article", with_article),
        S("details", "Article &details\u2026", lambda w: w.edit_article_details(), "file", ("Ctrl+Shift+D",),
          "Edit the title, byline, publisher, date and web address", when_editable, separator_before=True),
        S("refetch", "&Re-fetch article", lambda w: w.text_versions.refetch(), "file", (),
          "Fetch the article's page again: a new version if its wording changed, flagged when no correction "
          "notice says so", when_editable),
        S("sync", "S&ync library", lambda w: w.sync_library(), "file", (),
          "Send your changes to the shared library and receive the others' (a library shared through git)",
          separator_before=True),
        S("share", "S&hare library through git\u2026", lambda w: w.sync_flow.ask_share(), "file", (),
          "Share this library through a git repository, or fill an empty library from one (factcheck sync init, "
          "sync clone)"),
        S("open_folder", "Open library &folder", lambda w: w.open_library_folder(), "file", (),
          "Show the folder that holds the article files", separator_before=True),
        S("quit", "&Quit", lambda w: w.close(), "file", (_std.Quit, "Ctrl+Q"), separator_before=True,
          role=QAction.MenuRole.QuitRole),
        # Edit
        S("undo", "&Undo", None, "edit", (_std.Undo,), enabled=None, typing=False,
          make=lambda w: w.undo_group.createUndoAction(w, "&Undo")),
        S("redo", "&Redo", None, "edit", (_std.Redo, "Ctrl+Y"), enabled=None, typing=False,
          make=lambda w: w.undo_group.createRedoAction(w, "&Redo")),
        S("mark_claim", "&Mark claim", lambda w: w.mark_claim(), "edit", ("M", "Ctrl+M"),
          "Turn the selected text into a claim", when_editable, separator_before=True),
        S("delete_claim", "&Delete claim", lambda w: w.delete_claim(), "edit", (_std.Delete,),
          "Delete the current claim (undo brings it back)"),
        S("edit_text", "Correct article &text\u2026", lambda w: w.text_versions.edit_text(), "edit", (),
          "Correct an extraction error, remove junk or restore a paragraph; the text as it is stays a version",
          when_editable, separator_before=True),
        S("attach_claim", "&Attach claim here", lambda w: w.text_versions.attach_claim_here(), "edit", (),
          "Attach the claim chosen among those no longer in the text to the text selected", when_editable),
        S("mark_reviewed", "Mark verdict re&viewed", lambda w: w.text_versions.mark_reviewed(), "edit", (),
          "The current claim's verdict holds for its new wording", with_claim),
        S("rationale", "Write &rationale", lambda w: w.claim_editor.focus_rationale(), "edit", ("R",),
          "Move the keyboard to the rationale of the current claim (Escape comes back)", with_claim,
          separator_before=True),
        S("find_library", "&Filter library", lambda w: w.focus_library_filter(), "edit", (_std.Find,),
          separator_before=True),
        S("search_library", "Searc&h the library\u2026", lambda w: w.lookup.show_search(), "edit", ("Ctrl+Shift+F",),
          "Search every claim, imported fact-check, article and source, by words, verdict, claimant, publisher and date"),
        S("settings", "&Settings\u2026", lambda w: w.show_settings(), "edit", (_std.Preferences, "Ctrl+,"),
          "Organisation, reviewer, review address, archive and fetch settings of this library",
          separator_before=True, role=QAction.MenuRole.PreferencesRole),
        # Verdict
        *verdicts,
        S("clear_verdict", f"&{UNJUDGED_LABEL}", lambda w: w.set_verdict(None), "verdict", ("0",),
          "Clear the verdict of the current claim", when_editable, separator_before=True),
        # Sources
        S("fetch_source", "&Fetch source\u2026", lambda w: w.fetch_source(), "sources", ("S",),
          "Type or paste the web address of a source to fetch and pin to the current claim", with_claim),
        # Not in a menu: S while Fetch source… is disabled (no claim) says why instead of doing nothing.
        S("fetch_source_hint", "Fetch source (no claim)", lambda w: w.fetch_source(), None, ("S",),
          enabled=editable_without_claim),
        S("archive_sources", "&Archive sources of this claim", lambda w: w.sources_panel.archive_claim_sources(),
          "sources", (), "Ask the Internet Archive for a copy of each source of the current claim and record "
          "its address", with_claim),
        S("trace_claim", "&Trace claim to its origin…", lambda w: w.trace_claim(), "sources", ("T",),
          "Follow the claim's sources and their citations to the page it came from", with_claim),
        # Go
        S("next_claim", "&Next claim", lambda w: w.marking.go_claim(+1), "go", ("N", "Ctrl+]"), enabled=with_article),
        S("previous_claim", "&Previous claim", lambda w: w.marking.go_claim(-1), "go", ("P", "Ctrl+["),
          enabled=with_article),
        S("next_sentence", "Next &sentence", lambda w: w.marking.go_sentence(+1), "go", ("J",), enabled=with_article,
          separator_before=True),
        S("previous_sentence", "Previous s&entence", lambda w: w.marking.go_sentence(-1), "go", ("K",),
          enabled=with_article),
        S("next_unjudged", "Next &unjudged sentence", lambda w: w.marking.go_unjudged(+1), "go", ("U",),
          "The next sentence that no claim with a verdict touches", with_article, separator_before=True),
        S("previous_unjudged", "Previous unjudged sen&tence", lambda w: w.marking.go_unjudged(-1), "go", ("Shift+U",),
          enabled=with_article),
        S("focus_library", "&Library", lambda w: w.library_panel.focus_table(), "go", ("Ctrl+1",),
          separator_before=True),
        S("focus_article", "&Article text", lambda w: w.focus_article(), "go", ("Ctrl+2",), enabled=with_article),
        S("focus_claims", "&Claims list", lambda w: w.claims_panel.list.setFocus(), "go", ("Ctrl+3",)),
        S("focus_editor", "Claim &editor", lambda w: w.claim_editor.focus_rationale(), "go", ("Ctrl+4",)),
        # View
        S("versions", "&Versions and changes\u2026", lambda w: w.text_versions.show_versions(), "view", (),
          "The versions of the article text and a word-level diff of any two", with_article),
        S("show_library", "Show &library", None, "view", ("Ctrl+Shift+L",), checkable=True, checked=True,
          toggled=lambda w, shown: w.show_library(shown)),
        # Help
        S("shortcuts", "&Keyboard shortcuts", lambda w: w.show_shortcuts(), "help", (_std.HelpContents,)),
        S("about", "&About factcheck-gui", lambda w: w.show_about(), "help", separator_before=True,
          role=QAction.MenuRole.AboutRole),
    )


def key_sequences(keys: Iterable[Key], bindings: Bindings = QKeySequence.keyBindings) -> list[QKeySequence]:
    """The key sequences *keys* stand for on this platform, each once, in order (none empty).

    *bindings* gives a standard key's sequences (the platform's, unless a test passes another's).
    """
    sequences: list[QKeySequence] = []
    for key in keys:
        found = list(bindings(key)) if isinstance(key, QKeySequence.StandardKey) else [QKeySequence(key)]
        for sequence in found:
            if not sequence.isEmpty() and sequence not in sequences:
                sequences.append(sequence)
    return sequences


def build_actions(window: QtMainWindow, specs: Sequence[ActionSpec]) -> dict[str, QAction]:
    """A QAction on *window* for each spec (its shortcuts work with the menu bar hidden), by id."""
    actions: dict[str, QAction] = {}
    for spec in specs:
        action = spec.make(window) if spec.make is not None else QAction(spec.text, window)
        action.setObjectName(spec.object_name)
        sequences = key_sequences(spec.keys)
        if sequences:
            action.setShortcuts(sequences)
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        if spec.role is not None:
            action.setMenuRole(spec.role)
        if spec.color is not None:
            action.setIcon(swatch_icon(spec.color))
        action.setCheckable(spec.checkable)
        if spec.checkable:
            action.setChecked(spec.checked)
        if spec.run is not None:
            action.triggered.connect(lambda _checked=False, run=spec.run: run(window))
        if spec.toggled is not None:
            action.toggled.connect(lambda checked, toggled=spec.toggled: toggled(window, checked))
        window.addAction(action)
        actions[spec.id] = action
    return actions


def build_menus(bar: QMenuBar, specs: Sequence[ActionSpec], actions: dict[str, QAction]) -> None:
    """The menus of :data:`MENUS` on *bar*, each holding its commands in table order."""
    for menu_spec in MENUS:
        menu = bar.addMenu(menu_spec.title)
        menu.setObjectName(menu_spec.object_name)
        menu.setAccessibleName(menu_spec.title.replace("&", ""))
        for spec in specs:
            if spec.menu != menu_spec.key:
                continue
            if spec.separator_before and not menu.isEmpty():
                menu.addSeparator()
            menu.addAction(actions[spec.id])


def update_enabled(specs: Sequence[ActionSpec], actions: dict[str, QAction], state: ActionState) -> None:
    """Enable each command whose rule holds in *state* (and disable the others)."""
    for spec in specs:
        if spec.enabled is not None:
            actions[spec.id].setEnabled(spec.enabled(state))
