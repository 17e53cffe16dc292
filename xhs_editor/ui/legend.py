"""The legend: which underline colour means which category (for the categories in the note)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel, QWidget

from .findings_store import FindingsStore
from .i18n import language, tr


class Legend(QLabel):
    """A one-line key of underline colours, listing the categories present in the note."""

    def __init__(self, store: FindingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setWordWrap(True)
        self._store = store
        store.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the store."""
        lang = language()
        present = {h.finding.category for h in self._store.visible_hits()}
        parts = []
        for cid in self._store.ruleset.categories:
            if cid in present:
                cat = self._store.ruleset.category(cid)
                parts.append(f"<span style='color:{cat.color}; font-size:large'>〰</span>&nbsp;"
                             f"{html.escape(cat.name.get(lang))}")
        if parts:
            self.setText(f"{html.escape(tr('legend.title'))}&nbsp;&nbsp;" + "&nbsp;&nbsp;&nbsp;".join(parts))
        else:
            self.setText(html.escape(tr("legend.none")))
