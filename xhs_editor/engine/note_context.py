"""What a whole note says about each of its lines: does it warn its readers?

A note that warns against scams, pyramid schemes or a banned trade (反诈提醒, 这些都是骗局,
#防骗) names and quotes what it warns against (然后拉我进群, 收入主要靠拉人头), often far
from the line where it says so.  The rule packs' ``note_warning`` says when a note
warns: its title, body and topics together hold at least ``cues`` words of the
vocabulary list ``note_warning_cues``, and it leaves no contact of its own (no finding
of an ``unless`` detector: a "被骗了钱还能追回吗" that ends with a WeChat id offers a
service).  In such a note a hit of the ``note_warning`` categories is at most a hint.
Every front end (the editor, ``check``, the report, the export gate) asks
:func:`note_context`, so they agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from .normalizer import normalize
from .ruleset import RuleSet

LineFacts = tuple[int, bool]
"""What one piece of a line tells about the note: (how many cue words it holds, whether it gives a contact)."""

_PIECE = re.compile(r"[^\n。！？；]+[。！？；]*|[。！？；]+")
"""A line cut after its sentence ends: neither a cue word nor a contact runs across 。！？；, so a key typed in a
paragraph of 100,000 characters reads one sentence again."""


@dataclass(frozen=True)
class NoteContext:
    """The note-wide facts a check of one field or paragraph depends on."""

    warns: bool = False
    """The note warns its readers: hits of the ``note_warning`` categories are at most hints."""


NO_CONTEXT = NoteContext()
"""A note that does not warn: every hit keeps the verdict its own line gives it."""


def line_facts(line: str, ruleset: RuleSet) -> LineFacts:
    """How many words of ``note_warning_cues`` ``line`` (or a sentence of it) holds (normalized: 诈 骗 and 詐騙 count) and whether
    an ``unless`` detector finds a contact in it."""
    if not line:
        return 0, False
    cues = ruleset.doubts.note_cues
    norm = normalize(line)
    count = sum(1 for _ in cues.finditer(norm.text)) if cues is not None else 0
    return count, _gives_contact(norm.folded, ruleset)


def _gives_contact(folded: str, ruleset: RuleSet) -> bool:
    unless = ruleset.note_warning.unless
    return bool(unless) and next(ruleset.detector_spans(folded, unless), None) is not None


def note_context(title: str, body: str, topics: str, ruleset: RuleSet, *,
                 facts: Callable[[str], LineFacts] | None = None) -> NoteContext:
    """The context of the note with these fields (see the module's docstring).

    The note is read sentence by sentence (neither a cue word nor a contact runs
    across a line break or a sentence end), so ``facts``, when given, may remember
    each sentence's :func:`line_facts`: the editor passes a memo, so a key typed in
    a long note reads one sentence again, not the whole note.
    """
    rule = ruleset.note_warning
    if rule.cues <= 0 or not rule.categories:
        return NO_CONTEXT
    read = facts or (lambda line: line_facts(line, ruleset))
    cues = 0
    for line in _lines(title, body, topics):
        count, contact = read(line)
        if contact:
            return NO_CONTEXT
        cues += count
    return NoteContext(warns=cues >= rule.cues)


def _lines(*fields: str) -> Iterator[str]:
    for text in fields:
        if text:
            yield from _PIECE.findall(text)
