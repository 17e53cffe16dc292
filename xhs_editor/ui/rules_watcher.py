"""Watches the user's rules folder and reports when a pack changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal


class RulesWatcher(QObject):
    """Emits :attr:`changed` (debounced) when a ``*.yaml`` pack in ``folder`` is added, edited or removed."""

    changed = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._watcher = QFileSystemWatcher(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self._fire)
        self._watcher.directoryChanged.connect(lambda _p: self._debounce.start())
        self._watcher.fileChanged.connect(lambda _p: self._debounce.start())
        self._rewatch()

    def _rewatch(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        paths = [str(self.folder)] + [str(p) for p in sorted(self.folder.glob("*.y*ml"))]
        old = self._watcher.files() + self._watcher.directories()
        if old:
            self._watcher.removePaths(old)
        self._watcher.addPaths(paths)

    def _fire(self) -> None:
        self._rewatch()
        self.changed.emit()
