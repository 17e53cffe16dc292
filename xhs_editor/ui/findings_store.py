"""The one place views read findings from: the note's findings as placed in the editor."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QObject, Signal
from ..engine import RuleSet, Severity
from ..findings import NoteFindings
from .hits import Hit


class FindingsStore(QObject):
    """Holds the note's :class:`~xhs_editor.findings.NoteFindings` and their places in the editor.

    Data flows one way: the main window publishes what
    :func:`xhs_editor.findings.note_findings` gave; views listen to
    :attr:`changed` and never talk to each other.  ``hits`` are the active
    findings (what the underlines, sidebar, status bar, legend, checklist and
    report all show); ``hidden_hits`` are in categories switched off (the
    sidebar lists them greyed, so they can be switched on again);
    ``ignored_hits`` were set aside with *Ignore here* (listed for review).
    """

    changed = Signal()

    def __init__(self, ruleset: RuleSet, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ruleset = ruleset
        self.findings = NoteFindings()
        self.hits: list[Hit] = []
        self.hidden_hits: list[Hit] = []
        self.ignored_hits: list[Hit] = []
        self.hidden: frozenset[str] = frozenset()

    def publish(self, findings: NoteFindings, hits: Sequence[Hit], hidden_hits: Sequence[Hit] = (),
                ignored_hits: Sequence[Hit] = (), ruleset: RuleSet | None = None) -> None:
        """Replace the findings and their hits (and, when given, the rule set they came from)."""
        if ruleset is not None:
            self.ruleset = ruleset
        new = (list(hits), list(hidden_hits), list(ignored_hits))
        if new != (self.hits, self.hidden_hits, self.ignored_hits) or findings != self.findings \
                or ruleset is not None:
            self.findings = findings
            self.hits, self.hidden_hits, self.ignored_hits = new
            self.changed.emit()

    def set_hidden(self, hidden: frozenset[str]) -> None:
        """Remember which categories are switched off (the window applies them when it publishes)."""
        if hidden != self.hidden:
            self.hidden = frozenset(hidden)
            self.changed.emit()

    def visible_hits(self) -> list[Hit]:
        """The active hits (categories not hidden, not ignored)."""
        return list(self.hits)

    def counts(self) -> dict[Severity, int]:
        """Active findings per severity."""
        return self.findings.counts()
