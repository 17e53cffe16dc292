"""The status bar's count: "N errors · M warnings · K info"."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ..engine import Severity
from .findings_store import FindingsStore
from .i18n import tr


class StatusSummary(QLabel):
    """Counts the store's visible findings per severity."""

    def __init__(self, store: FindingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusSummary")
        self._store = store
        store.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the store."""
        c = self._store.counts()
        self.setText(tr("status.counts", errors=c[Severity.ERROR], warnings=c[Severity.WARNING],
                        infos=c[Severity.INFO]))
