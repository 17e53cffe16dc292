"""Live underlines: each changed paragraph is checked by the engine and underlined.

Qt calls :meth:`FindingHighlighter.highlightBlock` only for paragraphs whose
text changed, so typing re-checks one paragraph.  Findings are cached by
paragraph text and the note's context (per rule-set generation): when the
window finds the note's context changed (a warning word typed anywhere, the
title included), :meth:`FindingHighlighter.set_note_context` checks every
paragraph again.  A paragraph's block state records
whether it was checked with the current rule set.  (Block user data objects
are avoided: PySide6 mismanages their ownership when blocks are deleted.)  A huge change (a paste of 100,000 characters, opening a big
file) is checked in slices: after ``budget`` characters in one event-loop turn
the remaining paragraphs are left for later turns, so the window stays
responsive.
"""

from __future__ import annotations

from typing import Callable, Iterator

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument
from ..engine import NO_CONTEXT, Finding, NoteContext, RuleSet, Severity, check_text
from ..engine.incremental import MARGIN, recheck
from ..note import context_of
from .positions import has_astral, to_utf16

ShownPredicate = Callable[[str, Finding, str], bool]
"""(field, finding, paragraph text) -> True when the finding is active (:func:`xhs_editor.findings.is_shown`)."""

_STYLES = {
    Severity.ERROR: QTextCharFormat.UnderlineStyle.WaveUnderline,
    Severity.WARNING: QTextCharFormat.UnderlineStyle.DashUnderline,
    Severity.INFO: QTextCharFormat.UnderlineStyle.DotLine,
}
"""How each severity is underlined: errors wavy, warnings dashed, info dotted."""

LONG_PARAGRAPH = 8 * MARGIN
"""Paragraphs at least this long are re-checked only around an edit."""

_DEFERRED = -2
"""Block state of a paragraph left for a later turn; a checked one holds the rule-set generation."""


_Key = tuple[str, bool, bool, NoteContext]
"""A paragraph's text, whether it is its field's first and last, and the note's context: the engine's findings
depend on all four."""


def _key_of(block: QTextBlock, note: NoteContext, text: str | None = None) -> _Key:
    return (block.text() if text is None else text, not block.previous().isValid(), not block.next().isValid(),
            note)


def underline_format(color: str, severity: Severity = Severity.ERROR) -> QTextCharFormat:
    """An underline in ``color`` styled by ``severity`` (:data:`_STYLES`) with a faint tint,
    readable on light and dark backgrounds."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(_STYLES[severity])
    qcolor = QColor(color)
    fmt.setUnderlineColor(qcolor)
    tint = QColor(qcolor)
    tint.setAlpha(36)
    fmt.setBackground(tint)
    return fmt


class FindingHighlighter(QSyntaxHighlighter):
    """Checks paragraphs of one field with the engine and underlines the findings."""

    findingsChanged = Signal()
    """Some paragraph's findings changed (emitted per change; listeners coalesce)."""
    progress = Signal(int, int)
    """(checked characters, total characters) while a big change is checked in slices."""

    def __init__(self, document: QTextDocument, field: str, ruleset: RuleSet,
                 budget: int = 20_000) -> None:
        self._ready = False
        super().__init__(document)
        self.field = field
        self._ruleset = ruleset
        self._generation = 0
        self._note = NO_CONTEXT
        self._cache: dict[_Key, list[Finding]] = {}
        self._last_long: tuple[str, list[Finding], int, NoteContext] | None = None
        self._budget = budget
        self._left = budget
        self._shown: ShownPredicate = lambda _f, _x, _t: True
        self._formats: dict[tuple[str, Severity], QTextCharFormat] = {}
        self._pending = False
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)
        self._turn.timeout.connect(self._continue)
        self._ready = True
        document.blockCountChanged.connect(self._ends_moved)
        self.rehighlight()

    # --- configuration --------------------------------------------------------

    @property
    def ruleset(self) -> RuleSet:
        """The rule set this field is checked against."""
        return self._ruleset

    def set_ruleset(self, ruleset: RuleSet) -> None:
        """Use a new rule set: every paragraph is checked again (in slices)."""
        self._ruleset = ruleset
        self._generation += 1
        self._cache.clear()
        self._formats.clear()
        self._refresh()

    @property
    def note_context(self) -> NoteContext:
        """The note's context the paragraphs are checked in."""
        return self._note

    def set_note_context(self, note: NoteContext, refresh: bool = True) -> None:
        """Check the paragraphs in the note's new context (``refresh`` False: the caller replaces the text next,
        which checks every paragraph anyway).  Findings of the old context stay cached: deleting the warning word
        that was just typed costs no check."""
        if note == self._note:
            return
        self._note = note
        if refresh:
            self._refresh()

    def set_shown_predicate(self, predicate: ShownPredicate) -> None:
        """Decide which findings are active (not ignored here, category not hidden) and underlined."""
        self._shown = predicate
        self._refresh()

    def refresh_shown(self) -> None:
        """The note's ignores or the hidden categories changed: underline again (the findings are kept)."""
        self._refresh()

    def _refresh(self) -> None:
        self._left = self._budget
        self.rehighlight()
        self._pending = True
        self._schedule()

    # --- checking -------------------------------------------------------------

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        """Check this paragraph (or reuse its cached findings) and underline them."""
        if not self._ready:
            return
        key = _key_of(self.currentBlock(), self._note, text)
        findings = self._cache.get(key)
        if findings is None:
            if self._left <= 0 and len(text) > 0:
                self.setCurrentBlockState(_DEFERRED)
                self._pending = True
                self._schedule()
                return
            self._schedule()
            findings = self._check(text, key[1], key[2])
            self._store(key, findings)
        self.setCurrentBlockState(self._generation)
        self.findingsChanged.emit()
        if not findings:
            return
        astral = has_astral(text)
        for f in findings:
            if not self._shown(self.field, f, text):
                continue
            start = to_utf16(text, f.start) if astral else f.start
            end = to_utf16(text, f.end) if astral else f.end
            self.setFormat(start, end - start, self._format(f.category, f.severity))

    def _check(self, text: str, starts: bool, ends: bool) -> list[Finding]:
        """The engine's findings for one paragraph (``starts``/``ends``: the field's first/last).

        A long paragraph of the body being typed in is re-checked only around
        the edit, starting from its previous text's findings.  Every finding
        carries the field, whose policy the engine applies (a topic's severity
        may be capped).
        """
        if len(text) < LONG_PARAGRAPH or self.field != "body":
            self._left -= len(text)
            return check_text(text, self._ruleset, field=self.field, starts_field=starts,
                              ends_field=ends, note=self._note) if text else []
        last = self._last_long
        if last is not None and last[2] == self._generation and last[3] == self._note:
            findings = recheck(last[0], last[1], text, self._ruleset, starts_field=starts, ends_field=ends,
                               note=self._note)
            self._left -= min(len(text), 4 * MARGIN)
        else:
            findings = check_text(text, self._ruleset, starts_field=starts, ends_field=ends, note=self._note)
            self._left -= len(text)
        self._last_long = (text, findings, self._generation, self._note)
        return findings

    def _ends_moved(self, _count: int) -> None:
        """Paragraphs were added or removed: the first and last may be new to their place, so they are
        checked again on the next turn of the event loop (never inside the document's own change)."""
        if self._ready:
            self._pending = True
            self._schedule()

    def _store(self, key: _Key, findings: list[Finding]) -> None:
        cache = self._cache
        cache[key] = findings
        doc = self.document()
        if doc is not None and len(cache) > 4 * doc.blockCount() + 256:
            live = {}
            block = doc.firstBlock()
            while block.isValid():
                k = _key_of(block, self._note)
                if k in cache:
                    live[k] = cache[k]
                block = block.next()
            live[key] = findings
            self._cache = live

    def _format(self, category: str, severity: Severity) -> QTextCharFormat:
        fmt = self._formats.get((category, severity))
        if fmt is None:
            fmt = self._formats[category, severity] = underline_format(self._ruleset.category(category).color,
                                                                       severity)
        return fmt

    def _schedule(self) -> None:
        if not self._turn.isActive():
            self._turn.start()

    def _continue(self) -> None:
        """A new event-loop turn: a fresh budget, spent on paragraphs left waiting (if any)."""
        self._left = self._budget
        doc = self.document()
        if not self._pending or doc is None:
            return
        block = doc.firstBlock()
        done = 0
        while block.isValid():
            if self.is_stale(block):
                if self._left <= 0:
                    self.progress.emit(done, doc.characterCount())
                    self._turn.start()
                    return
                self.rehighlightBlock(block)
            done += block.length()
            block = block.next()
        self._pending = False
        self.progress.emit(doc.characterCount(), doc.characterCount())
        self._left = self._budget

    # --- queries --------------------------------------------------------------

    def is_stale(self, block: QTextBlock) -> bool:
        """Whether ``block`` still waits to be checked."""
        return block.userState() != self._generation or _key_of(block, self._note) not in self._cache

    def pending(self) -> bool:
        """Whether some paragraphs still wait to be checked."""
        doc = self.document()
        block = doc.firstBlock() if doc is not None else QTextBlock()
        while block.isValid():
            if self.is_stale(block):
                return True
            block = block.next()
        return False

    def block_findings(self, block: QTextBlock) -> list[Finding]:
        """The cached findings of ``block`` (empty while it waits to be checked)."""
        if block.userState() != self._generation:
            return []
        return self._cache.get(_key_of(block, self._note), [])

    def is_visible(self, finding: Finding, block_text: str) -> bool:
        """Whether ``finding`` is shown (its category not hidden, not ignored here)."""
        return self._shown(self.field, finding, block_text)

    def iter_findings(self) -> Iterator[tuple[QTextBlock, Finding]]:
        """Every cached finding of the document with its paragraph, in order."""
        doc = self.document()
        if doc is None:
            return
        block = doc.firstBlock()
        while block.isValid():
            for f in self.block_findings(block):
                yield block, f
            block = block.next()

    @staticmethod
    def ignore_key(block_text: str, finding: Finding) -> str:
        """The context string that "Ignore here" stores for ``finding``."""
        return context_of(block_text, finding.start, finding.end)
