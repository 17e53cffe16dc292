"""The one place views read findings from: the note's current hits and category filter."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from ..engine import RuleSet, Severity
from .hits import Hit


class FindingsStore(QObject):
    """Holds the note's findings (as :class:`Hit`) for the sidebar, status bar and legend.

    Data flows one way: the main window publishes what the engine found; views
    listen to :attr:`changed` and never talk to each other.
    """

    changed = Signal()

    def __init__(self, ruleset: RuleSet, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ruleset = ruleset
        self.hits: list[Hit] = []
        self.hidden: frozenset[str] = frozenset()

    def publish(self, hits: list[Hit], ruleset: RuleSet | None = None) -> None:
        """Replace the hits (and, when given, the rule set they came from)."""
        if ruleset is not None:
            self.ruleset = ruleset
        if hits != self.hits or ruleset is not None:
            self.hits = hits
            self.changed.emit()

    def set_hidden(self, hidden: frozenset[str]) -> None:
        """Hide these categories from every view."""
        if hidden != self.hidden:
            self.hidden = frozenset(hidden)
            self.changed.emit()

    def visible_hits(self) -> list[Hit]:
        """The hits whose category is not hidden."""
        return [h for h in self.hits if h.finding.category not in self.hidden]

    def counts(self) -> dict[Severity, int]:
        """Visible hits per severity."""
        out = {s: 0 for s in Severity}
        for h in self.visible_hits():
            out[h.finding.severity] += 1
        return out
