"""Autosave of unsaved work to a recovery file after a few seconds without typing."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from .. import note as notes


class Autosave(QObject):
    """Writes the note given by ``snapshot`` to the recovery file when the user pauses.

    ``snapshot`` returns (note, original path) or None when there is nothing unsaved.
    """

    failed = Signal(str)
    """A recovery write failed (technical detail)."""

    def __init__(self, config: Path, snapshot: Callable[[], tuple[notes.Note, str | None] | None],
                 delay_ms: int = 3000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self._snapshot = snapshot
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.write_now)

    def poke(self) -> None:
        """The note changed: (re)start the idle timer."""
        self._timer.start()

    def write_now(self) -> bool:
        """Write the recovery file now; True when something was written."""
        self._timer.stop()
        snap = self._snapshot()
        if snap is None:
            return False
        try:
            notes.write_recovery(snap[0], self.config, snap[1])
        except notes.NoteError as exc:
            self.failed.emit(exc.detail)
            return False
        return True

    def discard(self) -> None:
        """Forget the recovery file (the work is saved or deliberately discarded)."""
        self._timer.stop()
        notes.discard_recovery(self.config)
