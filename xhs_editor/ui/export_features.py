"""Wiring the checklist sidebar and the Export action into the main window.

:func:`install_export_features` is the only thing the main window calls; it
puts a :class:`ChecklistPanel` into the window's checklist dock (or a new
dock), adds an Export menu, and keeps the panel in step with the editor.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from ..findings import NoteFindings
from ..i18n import t
from .checklist_panel import ChecklistPanel, _ui_language
from .export_dialog import ExportDialog


class LiveNote:
    """The window's note as the checklist sees it: text from the editors, the rest from ``window.note``.

    Writes (industry, checklist, overrides) go straight to the window's current
    note object, which the window may replace when it saves or opens a file.
    """

    def __init__(self, window: Any) -> None:
        self._window = window

    @property
    def _note(self) -> Any:
        return self._window.note

    @property
    def title(self) -> str:  # noqa: D102
        return str(self._window.texts()[0])

    @property
    def body(self) -> str:  # noqa: D102
        return str(self._window.texts()[1])

    @property
    def topics(self) -> list[str]:  # noqa: D102
        from ..note import topics_from_text

        return topics_from_text(self._window.texts()[2])

    def topics_text(self) -> str:
        """The topics field as typed: the text the findings' offsets point into."""
        return str(self._window.texts()[2])

    def __getattr__(self, name: str) -> Any:  # images, ignored, is_ignored, …
        return getattr(self._window.note, name)

    industry = property(lambda self: self._note.industry,
                        lambda self, v: setattr(self._note, "industry", v))
    checklist = property(lambda self: self._note.checklist,
                         lambda self, v: setattr(self._note, "checklist", v))
    overrides = property(lambda self: self._note.overrides,
                         lambda self, v: setattr(self._note, "overrides", v))


class ExportFeatures(QObject):
    """Keeps the checklist panel in step with a main window and runs the Export dialog."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.lang = _ui_language()
        self.note = LiveNote(window)
        self.panel = ChecklistPanel(window.ruleset, self.note, self.findings(), self.lang)  # type: ignore[attr-defined]
        self.panel.noteChanged.connect(self._note_changed)
        dock = getattr(window, "checklist_dock", None)
        if not isinstance(dock, QDockWidget):
            dock = QDockWidget(t("ui.checklist_action", self.lang), window, objectName="checklistDock")
            window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        old = dock.widget()
        dock.setWidget(self.panel)
        if old is not None:
            old.deleteLater()
        self.dock = dock
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        # The window publishes its findings (after each pause in typing) to its store;
        # the checklist is one more view of them and never re-checks the note itself.
        window.store.changed.connect(self._timer.start)  # type: ignore[attr-defined]
        self.action = QAction(t("ui.export_action", self.lang), window, objectName="action_export")
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.triggered.connect(self.open_dialog)
        bar = window.menuBar()
        menu = QMenu(t("ui.export", self.lang), bar, objectName="exportMenu")
        existing = bar.actions()
        if existing:  # before Help, which stays last
            bar.insertMenu(existing[-1], menu)
        else:
            bar.addMenu(menu)
        menu.addAction(self.action)
        menu.addAction(dock.toggleViewAction())
        window.addAction(self.action)

    def findings(self) -> NoteFindings:
        """The note's findings as the window published them (what every view shows)."""
        return self.window.store.findings  # type: ignore[attr-defined,no-any-return]

    def refresh(self) -> None:
        """Recompute the checklist (after an edit, a reload of the packs or another note)."""
        ruleset = self.window.ruleset  # type: ignore[attr-defined]
        if ruleset is not self.panel.ruleset:
            self.panel.set_ruleset(ruleset, self.findings())
        else:
            self.panel.set_findings(self.findings())

    def _note_changed(self) -> None:
        w: Any = self.window
        if hasattr(w, "_meta_dirty"):
            w._meta_dirty = True
        for name in ("_update_title",):
            if hasattr(w, name):
                getattr(w, name)()
        autosave = getattr(w, "autosave", None)
        if autosave is not None and hasattr(autosave, "poke"):
            autosave.poke()

    def open_dialog(self) -> ExportDialog:
        """Open the Export dialog on the current note (modal)."""
        self.refresh()
        w: Any = self.window
        dialog = ExportDialog(w.ruleset, self.note, self.panel.findings, getattr(w, "path", None),
                              lang=self.lang, parent=w)
        dialog.noteChanged.connect(self._note_changed)
        dialog.noteChanged.connect(self.panel.refresh)
        dialog.exec()
        self.refresh()
        return dialog


def install_export_features(window: QMainWindow) -> ExportFeatures:
    """Add the checklist sidebar and the Export menu to ``window`` and return the wiring.

    Call it once, at the end of ``MainWindow.__init__`` (after the menus are
    built); a second call returns the existing wiring.
    """
    existing = getattr(window, "export_features", None)
    if isinstance(existing, ExportFeatures):
        return existing
    features = ExportFeatures(window)
    window.export_features = features  # type: ignore[attr-defined]
    return features
