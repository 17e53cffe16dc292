"""The main window: the note's fields, the findings sidebar, menus, files and autosave.

It wires the data flow (note → engine → findings → views) and holds no check logic.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QFont, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (QDockWidget, QGridLayout, QLabel, QMainWindow, QPlainTextEdit,
                               QToolButton, QVBoxLayout, QWidget)

from .export_features import LiveNote, install_export_features
from .. import note as notes
from ..findings import NoteFindings, is_shown, note_findings
from ..engine import (NO_CONTEXT, Finding, NoteContext, RuleSet, config_dir, default_ruleset, line_facts,
                      load_ruleset, note_context, parse_topics, reset_default_ruleset, resources_dir, title_length,
                      user_rules_dir, visible_length)
from ..engine.note_context import LineFacts
from . import allowlist
from .autosave import Autosave
from .editor import NoteEdit
from .find_bar import FindBar
from .findings_store import FindingsStore
from .hits import FIELDS, Hit
from .image_panel import ImagePanel
from .i18n import language, tr
from .legend import Legend
from .positions import has_astral, to_utf16
from .prompts import Prompts
from .rules_watcher import RulesWatcher
from .settings import add_recent, app_settings, string_list
from .sidebar import FindingsSidebar
from .status_summary import StatusSummary

SAMPLE_NOTE = "sample.xhsnote"


def error_sentence(exc: notes.NoteError) -> str:
    """A clear sentence in the UI language for a file problem."""
    name = Path(exc.path).name or exc.path
    return tr(f"error.{exc.kind}", name=name, detail=exc.detail)


class MainWindow(QMainWindow):
    """The editor window for one note.

    ``ruleset`` and ``loader`` (which reloads the rule set after a user pack
    changed), ``prompts`` (every question asked of the user) and ``settings``
    can be injected, which the tests do.
    """

    def __init__(self, ruleset: RuleSet | None = None, loader: Callable[[], RuleSet] | None = None,
                 prompts: Prompts | None = None, settings: QSettings | None = None,
                 autosave_ms: int = 3000) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.ruleset = ruleset if ruleset is not None else default_ruleset()
        self.loader = loader or (lambda: load_ruleset())
        self.prompts = prompts or Prompts(self)
        self.prompts.parent = self
        self.settings = settings or app_settings()
        self.note = notes.Note()
        self.path: Path | None = None
        self._meta_dirty = False
        self._last_texts: tuple[str, str, str] = ("", "", "")
        self._note_context = NO_CONTEXT
        self._line_facts: dict[str, LineFacts] = {}  # what each line of the note told note_context last time
        self._loading = False
        self._hidden: frozenset[str] = frozenset()
        self._is_sample = False
        self.live_note = LiveNote(self)
        # "Ignore here" steps in each field's undo history: (field, record, the field's undo state).
        self._ignore_undo: list[tuple[str, notes.IgnoredFinding, tuple[int, int, str]]] = []
        self._ignore_redo: list[tuple[str, notes.IgnoredFinding, tuple[int, int, str]]] = []

        self.store = FindingsStore(self.ruleset, self)
        self.title_edit = NoteEdit("title", self.ruleset, single_line=True)
        self.body_edit = NoteEdit("body", self.ruleset)
        self.topics_edit = NoteEdit("topics", self.ruleset, single_line=True)
        self.editors: dict[str, NoteEdit] = {"title": self.title_edit, "body": self.body_edit,
                                             "topics": self.topics_edit}
        self.title_edit.setPlaceholderText(tr("placeholder.title"))
        self.body_edit.setPlaceholderText(tr("placeholder.body"))
        self.topics_edit.setPlaceholderText(tr("placeholder.topics"))
        self.title_counter = QLabel(objectName="titleCounter")
        self.body_counter = QLabel(objectName="bodyCounter")
        self.topics_counter = QLabel(objectName="topicsCounter")
        self.find_bar = FindBar(self.body_edit)
        self.find_bar.hide()

        self._publish_timer = QTimer(self)
        self._publish_timer.setSingleShot(True)
        self._publish_timer.setInterval(30)
        self._publish_timer.timeout.connect(self.publish)
        for ed in self.editors.values():
            ed.highlighter.findingsChanged.connect(self._publish_timer.start)
            ed.document().contentsChange.connect(self._contents_change)
            ed.document().modificationChanged.connect(self._update_title)
            ed.ignoreRequested.connect(self.ignore_finding)
            ed.allowRequested.connect(self.allow_term)
            ed.undo_hook = self._undo_ignore
            ed.redo_hook = self._redo_ignore
            ed.highlighter.set_shown_predicate(self._is_shown)
        self.body_edit.highlighter.progress.connect(self._progress)

        self.autosave = Autosave(config_dir(), self._recovery_snapshot, autosave_ms, self)
        self.autosave.failed.connect(lambda d: self.statusBar().showMessage(tr("status.autosave_failed", detail=d)))
        self.watcher = RulesWatcher(user_rules_dir(), self)
        self.watcher.changed.connect(self.reload_rules)

        self._build_central()
        self._build_docks()
        self._build_status_bar()
        self._build_menus()
        install_export_features(self)
        self.apply_settings()
        self._show_pack_errors()
        self.publish()
        self._update_title()
        self.resize(1180, 780)

    # --- layout -------------------------------------------------------------------

    def _build_central(self) -> None:
        central = QWidget(objectName="centralArea")
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        rows = [("field.title", self.title_edit, self.title_counter),
                ("field.body", self.body_edit, self.body_counter),
                ("field.topics", self.topics_edit, self.topics_counter)]
        for row, (key, editor, counter) in enumerate(rows):
            label = QLabel(tr(key))
            label.setBuddy(editor)
            align = Qt.AlignmentFlag.AlignTop if editor is self.body_edit else Qt.AlignmentFlag.AlignVCenter
            grid.addWidget(label, row, 0, align | Qt.AlignmentFlag.AlignRight)
            grid.addWidget(editor, row, 1)
            counter.setMinimumWidth(72)
            grid.addWidget(counter, row, 2, align | Qt.AlignmentFlag.AlignLeft)
        grid.setRowStretch(1, 1)
        grid.setColumnStretch(1, 1)
        self.legend = Legend(self.store)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.addLayout(grid)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.legend)
        self.setCentralWidget(central)

    def _build_docks(self) -> None:
        self.sidebar = FindingsSidebar(self.store)
        self.sidebar.activated.connect(self.go_to_hit)
        self.sidebar.categoryToggled.connect(self.set_category_shown)
        self.sidebar.restoreRequested.connect(self.restore_ignored)
        self.sidebar_dock = QDockWidget(tr("dock.findings"), self, objectName="findingsDock")
        self.sidebar_dock.setWidget(self.sidebar)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.sidebar_dock)
        # Places for panels that later issues fill: images and the export checklist.
        self.images_dock = QDockWidget(tr("dock.images"), self, objectName="imagesDock")
        self.image_panel = ImagePanel(self.ruleset, self.settings)
        self.image_panel.imagesChanged.connect(self._images_changed)
        self.image_panel.findingsChanged.connect(self._publish_timer.start)
        self.images_dock.setWidget(self.image_panel)
        self.checklist_dock = QDockWidget(tr("dock.checklist"), self, objectName="checklistDock")
        self.checklist_dock.setWidget(QLabel(tr("dock.coming_soon"), alignment=Qt.AlignmentFlag.AlignCenter))
        for dock in (self.images_dock, self.checklist_dock):
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
            dock.hide()
        self.tabifyDockWidget(self.images_dock, self.checklist_dock)
        self.resizeDocks([self.sidebar_dock], [340], Qt.Orientation.Horizontal)
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self.fit_docks)
        for dock in (self.sidebar_dock, self.images_dock, self.checklist_dock):
            dock.visibilityChanged.connect(lambda _v: self._fit_timer.start())

    def fit_docks(self) -> None:
        """Side panels together take at most half the window, so the note keeps the other half."""
        columns: dict[Qt.DockWidgetArea, QDockWidget] = {}
        for dock in (self.sidebar_dock, self.images_dock, self.checklist_dock):
            if dock.isVisible() and not dock.isFloating():
                area = self.dockWidgetArea(dock)
                if area not in columns or dock.width() > columns[area].width():
                    columns[area] = dock  # tabbed panels share one column
        docks = list(columns.values())
        budget = self.width() // 2 - 8 * (len(docks) + 1)  # the splitters between panels take a few pixels
        widths = [d.width() for d in docks]
        if not docks or sum(widths) <= budget:
            return
        mins = [min(d.minimumSizeHint().width(), w) for d, w in zip(docks, widths)]
        spare = sum(w - m for w, m in zip(widths, mins))
        room = max(0, budget - sum(mins))
        sizes = [m + (w - m) * room // spare if spare else m for w, m in zip(widths, mins)]
        self.resizeDocks(docks, sizes, Qt.Orientation.Horizontal)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Keep the side panels within half the window (see :meth:`fit_docks`)."""
        super().resizeEvent(event)
        self._fit_timer.start()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.pack_errors_button = QToolButton(objectName="packErrorsButton")
        self.pack_errors_button.setAutoRaise(True)
        self.pack_errors_button.clicked.connect(self.show_pack_errors_detail)
        self.pack_errors_button.hide()
        self.summary = StatusSummary(self.store)
        bar.addPermanentWidget(self.pack_errors_button)
        bar.addPermanentWidget(self.summary)

    def _action(self, key: str, slot: Callable[[], object], shortcut: object = None, name: str = "") -> QAction:
        act = QAction(tr(key), self)
        act.setObjectName(name or key.replace(".", "_"))
        if isinstance(shortcut, list):
            act.setShortcuts(shortcut)
        elif shortcut is not None:
            act.setShortcut(shortcut)  # type: ignore[arg-type]
        act.triggered.connect(lambda _=False: slot())
        self.addAction(act)
        return act

    def _build_menus(self) -> None:
        SK = QKeySequence.StandardKey
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("menu.file"))
        file_menu.addAction(self._action("action.new", self.new_note, SK.New))
        file_menu.addAction(self._action("action.open", self.open_dialog, SK.Open))
        self.recent_menu = file_menu.addMenu(tr("menu.recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addAction(self._action("action.save", self.save, SK.Save))
        file_menu.addAction(self._action("action.save_as", self.save_as, SK.SaveAs))
        file_menu.addSeparator()
        file_menu.addAction(self._action("action.settings", self.open_settings, SK.Preferences))
        file_menu.addSeparator()
        quit_act = self._action("action.quit", self.close, SK.Quit)
        quit_act.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_act)

        edit_menu = bar.addMenu(tr("menu.edit"))
        edit_menu.addAction(self._action("action.undo", lambda: self._focused_editor().undo(), SK.Undo))
        edit_menu.addAction(self._action("action.redo", lambda: self._focused_editor().redo(), SK.Redo))
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("action.find", self.find_bar.open_bar, SK.Find))
        edit_menu.addAction(self._action("action.find_next", self.find_bar.find_next, SK.FindNext))
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("action.next_finding", lambda: self.step_finding(1),
                                         QKeySequence(Qt.Key.Key_F8)))
        edit_menu.addAction(self._action("action.prev_finding", lambda: self.step_finding(-1),
                                         QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F8)))

        view_menu = bar.addMenu(tr("menu.view"))
        for dock in (self.sidebar_dock, self.images_dock, self.checklist_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addAction(self._action("action.open_rules_folder", self.open_rules_folder))
        view_menu.addAction(self._action("action.reload_rules", self.reload_rules))

        help_menu = bar.addMenu(tr("menu.help"))
        about = self._action("action.about", lambda: self.prompts.info(tr("about.text")))
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

    def action(self, name: str) -> QAction:
        """The window's action named ``name`` (e.g. "action_save"), for tests and menus."""
        act = self.findChild(QAction, name)
        assert act is not None, name
        return act

    def _focused_editor(self) -> QPlainTextEdit:
        for ed in self.editors.values():
            if ed.hasFocus():
                return ed
        return self.body_edit

    # --- settings -------------------------------------------------------------------

    def hidden_categories(self) -> frozenset[str]:
        """Categories the user switched off (persisted)."""
        return frozenset(string_list(self.settings, "hidden_categories"))

    def apply_settings(self) -> None:
        """Apply font size, the claim tagger switch and category toggles from the settings."""
        size = int(self.settings.value("font_size", 0) or 0)
        if size <= 0:
            # Default: a little larger than the UI font, so wavy underlines are easy to see.
            size = max(self.font().pointSize(), 9) + 2
        for ed in self.editors.values():
            font = QFont(ed.font())
            font.setPointSize(size)
            ed.setFont(font)
        wanted = self.model_wanted()
        if self.ruleset.use_model != wanted:
            self.ruleset.use_model = wanted
            self.set_ruleset(self.ruleset)  # check everything again, with or without the tagger
        hidden = self.hidden_categories()
        if hidden != self._hidden:
            self._hidden = hidden
            for ed in self.editors.values():
                ed.highlighter.refresh_shown()
        self.store.set_hidden(hidden)
        self.publish()

    def model_wanted(self) -> bool:
        """Whether the settings ask for the learned claim tagger (on unless switched off)."""
        return bool(self.settings.value("use_model", True, type=bool))

    def set_category_shown(self, cid: str, shown: bool) -> None:
        """Show or hide a category's underlines and sidebar lines."""
        hidden = set(self.hidden_categories())
        (hidden.discard if shown else hidden.add)(cid)
        self.settings.setValue("hidden_categories", sorted(hidden))
        QTimer.singleShot(0, self.apply_settings)

    def open_settings(self) -> None:
        """Show the settings dialog; its changes apply at once (language on restart)."""
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.ruleset, self)
        if dialog.exec():
            self.apply_settings()

    # --- rules --------------------------------------------------------------------

    def reload_rules(self) -> None:
        """Reload the rule packs (a user pack changed) and check everything again."""
        try:
            ruleset = self.loader()
        except Exception as exc:  # noqa: BLE001 - a broken pack must never take the editor down
            self.statusBar().showMessage(tr("status.rules_failed", detail=str(exc)))
            return
        ruleset.use_model = ruleset.use_model and self.model_wanted()
        self.set_ruleset(ruleset)
        self.statusBar().showMessage(tr("status.rules_reloaded"), 4000)

    def set_ruleset(self, ruleset: RuleSet) -> None:
        """Use ``ruleset`` for every field and view."""
        self.ruleset = ruleset
        reset_default_ruleset(ruleset)
        self._line_facts.clear()  # the cue words and contact detectors may have changed
        self._update_note_context(refresh=False)  # the highlighters check everything again just below
        for ed in self.editors.values():
            ed.highlighter.set_ruleset(ruleset)
        self.image_panel.set_ruleset(ruleset)
        self.store.publish(self.store.findings, self.store.hits, self.store.hidden_hits, self.store.ignored_hits,
                           ruleset)
        self._show_pack_errors()
        self.publish()

    def _show_pack_errors(self) -> None:
        count = len(self.ruleset.errors)
        self.pack_errors_button.setVisible(count > 0)
        self.pack_errors_button.setText(tr("status.pack_errors", count=count))

    def show_pack_errors_detail(self) -> None:
        """List the rule-pack problems (file:line: problem)."""
        lines = "\n".join(str(e) for e in self.ruleset.errors)
        self.prompts.info(tr("dialog.pack_errors", errors=lines))

    def open_rules_folder(self) -> None:
        """Open the user's rules folder in the system file manager."""
        folder = user_rules_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # --- findings -------------------------------------------------------------------

    def _is_shown(self, field: str, finding: Finding, block_text: str) -> bool:
        return is_shown(self.note, self._hidden, field, finding, block_text)

    def texts(self) -> tuple[str, str, str]:
        """The current title, body and topics text."""
        return (self.title_edit.toPlainText(), self.body_edit.toPlainText(), self.topics_edit.toPlainText())

    def collect_findings(self) -> NoteFindings:
        """The note's findings from :func:`xhs_editor.findings.note_findings`, the one function every
        front end uses; the fields' findings are the highlighters' (kept per paragraph as typed),
        moved to field offsets."""
        text: list[Finding] = []
        for field in FIELDS:
            hl = self.editors[field].highlighter
            doc = hl.document()
            block = doc.firstBlock() if doc is not None else None
            offset = 0
            while block is not None and block.isValid():
                for f in hl.block_findings(block):
                    text.append(replace(f, field=field, start=f.start + offset, end=f.end + offset))
                offset += len(block.text()) + 1
                block = block.next()
        return note_findings(self.live_note, self.ruleset, text=text, images=self.image_panel.findings(),
                             hidden=self._hidden)

    def collect_hits(self) -> list[Hit]:
        """The active findings, placed in the editor (what every view shows)."""
        return self._place_all(self.collect_findings())[0]

    def _place_all(self, found: NoteFindings) -> tuple[list[Hit], list[Hit], list[Hit]]:
        texts = dict(zip(FIELDS, self.texts()))
        place = _Placer(texts, language())
        return ([place(f) for f in found.active], [place(f) for f in found.hidden],
                [place(h.finding, h.entry) for h in found.ignored])

    def publish(self) -> None:
        """Send the current findings to the views and update the counters."""
        self._publish_timer.stop()
        found = self.collect_findings()
        self.store.publish(found, *self._place_all(found))
        self._update_counters()

    def _update_counters(self) -> None:
        title, body, topics = self.texts()
        lim = self.ruleset.limits
        self._set_counter(self.title_counter, title_length(title), lim.title_max)
        self._set_counter(self.body_counter, visible_length(body), lim.body_max)
        self._set_counter(self.topics_counter, len(parse_topics(topics)), lim.topics_max)

    @staticmethod
    def _set_counter(label: QLabel, count: float, maximum: float) -> None:
        def fmt(n: float) -> str:
            return str(int(n)) if float(n).is_integer() else f"{n:.1f}"
        over = count > maximum
        label.setText(f"{fmt(count)}/{fmt(maximum)}")
        label.setProperty("over", over)
        label.setStyleSheet("color: #e5484d; font-weight: bold;" if over else "color: palette(mid);")
        label.setToolTip(tr("counter.over") if over else tr("counter.ok"))

    def go_to_hit(self, hit: Hit) -> None:
        """Select ``hit`` in its field and scroll to it."""
        ed = self.editors.get(hit.field)
        if ed is not None:
            ed.select_span(hit.start, hit.end)
        elif hit.field == "images":
            self.images_dock.show()
            self.images_dock.raise_()
            self.image_panel.select_image(getattr(hit.finding, "image", hit.finding.matched))

    def step_finding(self, step: int) -> Hit | None:
        """Go to the next (step 1) or previous (step -1) visible finding after the cursor (F8 / Shift+F8)."""
        hits = [h for h in self.store.visible_hits() if h.end > h.start and h.field in self.editors]
        if not hits:
            return None
        order = {f: i for i, f in enumerate(FIELDS)}
        hits.sort(key=lambda h: (order[h.field], h.start))
        ed = self._focused_editor()
        cur = ed.textCursor()
        here = (order[ed.field], cur.selectionStart())  # type: ignore[attr-defined]
        if step > 0:
            # From a bare cursor a finding starting right here is "next"; from a selected one it is not.
            after = (lambda k: k > here) if cur.hasSelection() else (lambda k: k >= here)
            nxt = next((h for h in hits if after((order[h.field], h.start))), hits[0])
        else:
            nxt = next((h for h in reversed(hits) if (order[h.field], h.start) < here), hits[-1])
        self.go_to_hit(nxt)
        return nxt

    def ignore_finding(self, field: str, finding: object, key: str, reason: str | None = None) -> None:
        """Keep this occurrence out of the findings, stored in the note with an optional reason."""
        f = finding
        if reason is None:
            reason = self.prompts.ask_reason(f.matched)  # type: ignore[attr-defined]
            if reason is None:
                return
        entry = notes.IgnoredFinding(field, f.rule, f.matched, key, reason)  # type: ignore[attr-defined]
        self.note.ignored.append(entry)
        self._ignore_undo.append((field, entry, _undo_state(self.editors[field])))
        self._ignore_redo.clear()
        self._ignores_changed()

    def restore_ignored(self, entry: object) -> None:
        """Show an ignored finding again (from the list of ignored findings)."""
        if self._remove_ignore(entry):
            self._ignore_undo = [u for u in self._ignore_undo if u[1] is not entry]
            self._ignores_changed()

    def _remove_ignore(self, entry: object) -> bool:
        for i, item in enumerate(self.note.ignored):
            if item is entry:
                del self.note.ignored[i]
                return True
        return False

    def _ignores_changed(self) -> None:
        self._meta_dirty = True
        for ed in self.editors.values():
            ed.highlighter.refresh_shown()
        self.publish()
        self._update_title()
        self.autosave.poke()

    def _undo_ignore(self, edit: NoteEdit) -> bool:
        """Ctrl+Z in ``edit``: undo its last "Ignore here" if the field is as it was then
        (anything typed since is undone first)."""
        if not self._ignore_undo:
            return False
        field, entry, state = self._ignore_undo[-1]
        if field != edit.field or state[0] != _undo_state(edit)[0] or state[2] != _undo_state(edit)[2]:
            return False
        self._ignore_undo.pop()
        self._remove_ignore(entry)
        self._ignore_redo.append((field, entry, _undo_state(edit)))
        self._ignores_changed()
        return True

    def _redo_ignore(self, edit: NoteEdit) -> bool:
        """Redo in ``edit``: do the "Ignore here" that was undone last, if it is next in line."""
        if not self._ignore_redo:
            return False
        field, entry, state = self._ignore_redo[-1]
        if field != edit.field or state != _undo_state(edit):
            return False
        self._ignore_redo.pop()
        self.note.ignored.append(entry)
        self._ignore_undo.append((field, entry, _undo_state(edit)))
        self._ignores_changed()
        return True

    def allow_term(self, term: str) -> None:
        """Add ``term`` to the user's allowlist pack and apply it at once."""
        try:
            path = allowlist.add_term(user_rules_dir(), term)
        except notes.NoteError as exc:
            self.prompts.error(error_sentence(exc))
            return
        self.reload_rules()
        self.statusBar().showMessage(tr("status.allowed", term=term, path=str(path)), 6000)

    def _progress(self, done: int, total: int) -> None:
        if done >= total:
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(tr("status.checking", percent=int(100 * done / max(total, 1))))

    # --- edits, title, autosave --------------------------------------------------------

    def _contents_change(self, _pos: int, removed: int, added: int) -> None:
        if self._loading or (removed == 0 and added == 0):
            return
        texts = self.texts()
        if texts == self._last_texts:
            return
        self._last_texts = texts
        self._update_note_context(texts)
        self._publish_timer.start()
        self.autosave.poke()

    def _update_note_context(self, texts: tuple[str, str, str] | None = None, refresh: bool = True) -> None:
        """Work out the note's context (:func:`xhs_editor.engine.note_context`) and, when it changed, have every
        field check its paragraphs in it.  Each line's facts are remembered, so an edit reads one line again."""
        known, seen = self._line_facts, {}

        def facts(line: str) -> LineFacts:
            found = known.get(line)
            if found is None:
                found = line_facts(line, self.ruleset)
            seen[line] = found
            return found

        context = note_context(*(texts or self.texts()), self.ruleset, facts=facts)
        self._line_facts = seen  # only the lines the note has now
        self._set_note_context(context, refresh)

    def _set_note_context(self, context: NoteContext, refresh: bool = True) -> None:
        if context != self._note_context:
            self._note_context = context
            for ed in self.editors.values():
                ed.highlighter.set_note_context(context, refresh)

    def is_modified(self) -> bool:
        """Whether the note has changes that are not saved."""
        return self._meta_dirty or any(ed.document().isModified() for ed in self.editors.values())

    def display_name(self) -> str:
        """The note's file name, "Sample note" for the bundled sample, or "Untitled"."""
        if self.path:
            return self.path.name
        return tr("prompt.sample") if self._is_sample else tr("prompt.untitled")

    def _update_title(self, *_args: object) -> None:
        self.setWindowTitle(f"{self.display_name()}[*] — {tr('app.name')}")
        self.setWindowModified(self.is_modified())

    def current_note(self) -> notes.Note:
        """The note as it is in the editor now."""
        title, body, topics = self.texts()
        n = self.note
        return notes.Note(title=title, body=body, topics=notes.topics_from_text(topics), images=list(n.images),
                          industry=n.industry, checklist=dict(n.checklist), ignored=list(n.ignored),
                          overrides=dict(n.overrides), extra=dict(n.extra))

    def _recovery_snapshot(self) -> tuple[notes.Note, str | None] | None:
        if not self.is_modified():
            return None
        return self.current_note(), str(self.path) if self.path else None

    # --- files ----------------------------------------------------------------------

    def load_note(self, note: notes.Note, path: Path | None, modified: bool = False) -> None:
        """Show ``note`` in the editor (``path`` None for an untitled note)."""
        self._loading = True
        self._is_sample = False
        try:
            self.note = note
            self.path = path
            # Set before the text, which is then checked once, in its own context.
            self._update_note_context((note.title, note.body, note.topics_text()), refresh=False)
            self.title_edit.setPlainText(note.title)
            self.body_edit.setPlainText(note.body)
            self.topics_edit.setPlainText(note.topics_text())
            self.image_panel.set_images([str(i["path"]) for i in note.images], path.parent if path else None)
            self._ignore_undo.clear()
            self._ignore_redo.clear()
            for ed in self.editors.values():
                ed.highlighter.refresh_shown()
                ed.document().setModified(modified)
                ed.document().clearUndoRedoStacks()
        finally:
            self._loading = False
        self._last_texts = self.texts()
        self._meta_dirty = modified
        self.publish()
        self._update_title()
        cursor = self.body_edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        self.body_edit.setTextCursor(cursor)

    def _maybe_save(self) -> bool:
        """Ask about unsaved changes; False when the user cancels."""
        if not self.is_modified():
            return True
        answer = self.prompts.ask_save_changes(self.display_name())
        if answer == "save":
            return self.save()
        if answer == "discard":
            self.autosave.discard()
            return True
        return False

    def new_note(self) -> None:
        """Start an empty, untitled note."""
        if self._maybe_save():
            self.load_note(notes.Note(), None)

    def last_folder(self) -> str:
        """The folder of the last file dialog, or the home folder."""
        return str(self.settings.value("last_folder", "") or Path.home())

    def open_dialog(self) -> None:
        """Ask for a file and open it."""
        if not self._maybe_save():
            return
        path = self.prompts.open_path(self.last_folder())
        if path:
            self.open_path(Path(path), confirm=False)

    def open_path(self, path: Path, confirm: bool = True) -> bool:
        """Open a ``.xhsnote`` (or import a ``.txt``/``.md``); a bad file changes nothing."""
        if confirm and not self._maybe_save():
            return False
        try:
            note = notes.load(path)
        except notes.NoteError as exc:
            self.prompts.error(error_sentence(exc))
            return False
        imported = path.suffix.lower() != notes.SUFFIX
        self.load_note(note, None if imported else path.resolve(), modified=imported)
        self.settings.setValue("last_folder", str(path.resolve().parent))
        if not imported:
            add_recent(self.settings, str(path.resolve()))
        self.statusBar().showMessage(tr("status.opened", name=path.name), 4000)
        return True

    def open_sample(self) -> None:
        """Show the bundled sample note as an untitled copy."""
        sample = resources_dir() / SAMPLE_NOTE
        try:
            note = notes.load(sample)
        except notes.NoteError as exc:
            self.prompts.error(error_sentence(exc))
            return
        self.load_note(note, None)
        self._is_sample = True
        self._update_title()

    def save(self) -> bool:
        """Save to the note's file (asking where for a new note); True on success."""
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        """Ask where to save, then save; True on success."""
        name = (self.title_edit.toPlainText().strip() or tr("prompt.untitled"))[:40]
        for ch in '\\/:*?"<>|':
            name = name.replace(ch, "_")
        folder = str(self.path.parent) if self.path else self.last_folder()
        target = self.prompts.save_path(str(Path(folder) / f"{name}{notes.SUFFIX}"))
        if not target:
            return False
        path = Path(target)
        if path.suffix.lower() != notes.SUFFIX:
            path = path.with_name(path.name + notes.SUFFIX)
        self.settings.setValue("last_folder", str(path.parent))
        return self._write(path)

    def _images_changed(self, paths: list[str]) -> None:
        """The image panel changed the note's images: keep each image's other keys."""
        if self._loading:
            return
        old = {str(i.get("path")): i for i in self.note.images}
        self.note.images = [dict(old.get(p, {}), path=p) for p in paths]
        self._meta_dirty = True
        self._update_title()
        self.autosave.poke()

    def _write(self, path: Path) -> bool:
        if self.path is None or path.resolve().parent != self.path.parent:
            self.image_panel.set_note_folder(path.resolve().parent)  # images stay relative to the note
        note = self.current_note()
        try:
            notes.save(note, path)
        except notes.NoteError as exc:
            self.prompts.error(error_sentence(exc))
            return False
        self.note = note
        self.path = path.resolve()
        self._meta_dirty = False
        for ed in self.editors.values():
            ed.document().setModified(False)
        self.autosave.discard()
        add_recent(self.settings, str(self.path))
        self._update_title()
        self.statusBar().showMessage(tr("status.saved", name=path.name), 4000)
        return True

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = string_list(self.settings, "recent_files")
        if not recent:
            act = self.recent_menu.addAction(tr("menu.recent_empty"))
            act.setEnabled(False)
            return
        for p in recent:
            act = self.recent_menu.addAction(p)
            act.triggered.connect(lambda _=False, path=p: self.open_path(Path(path)))

    def offer_recovery(self) -> bool:
        """If unsaved work survived a crash, offer to restore it; True when restored."""
        found = notes.read_recovery(config_dir())
        if found is None:
            return False
        note, original = found
        if not self.prompts.ask_restore(note.title, original):
            notes.discard_recovery(config_dir())
            return False
        self.load_note(note, Path(original) if original else None, modified=True)
        self.statusBar().showMessage(tr("status.restored"), 6000)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Ask before losing unsaved changes."""
        if self._maybe_save():
            if not self.is_modified():
                self.autosave.discard()
            self.image_panel.shutdown()
            event.accept()
        else:
            event.ignore()


def _undo_state(edit: QPlainTextEdit) -> tuple[int, int, str]:
    """Where a field's undo history stands: (undo steps, redo steps, text)."""
    doc = edit.document()
    return doc.availableUndoSteps(), doc.availableRedoSteps(), edit.toPlainText()


class _Placer:
    """Turns a finding (field offsets) into a :class:`Hit` (Qt positions, excerpt, ignore key)."""

    def __init__(self, texts: dict[str, str], lang: str) -> None:
        self.texts = texts
        self.lang = lang
        self.astral = {f: has_astral(t) for f, t in texts.items()}

    def __call__(self, f: Finding, ignored: object = None) -> Hit:
        text = self.texts.get(f.field)
        if text is None:  # images
            return Hit(f.field, f, 0, 0, f.message(self.lang), "", ignored)
        start, end = (to_utf16(text, f.start), to_utf16(text, f.end)) if self.astral[f.field] else (f.start, f.end)
        if f.category == "limits":
            return Hit(f.field, f, start, end, f.message(self.lang), "", ignored)
        lo = text.rfind("\n", 0, f.start) + 1
        hi = text.find("\n", f.end)
        hi = len(text) if hi < 0 else hi
        before = text[max(lo, f.start - 8):f.start]
        after = text[f.end:min(hi, f.end + 8)]
        ctx = f"{'…' if f.start - 8 > lo else ''}{before}【{f.matched}】{after}{'…' if f.end + 8 < hi else ''}"
        return Hit(f.field, f, start, end, ctx, notes.context_of(text, f.start, f.end), ignored)
