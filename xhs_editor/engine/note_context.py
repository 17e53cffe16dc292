"""What a whole note says about each of its lines: does it warn its readers, does it tell of the writer's own care?

A note that warns against scams, pyramid schemes or a banned trade (反诈提醒, 这些都是骗局,
#防骗) names and quotes what it warns against (然后拉我进群, 收入主要靠拉人头), often far
from the line where it says so.  The rule packs' ``note_warning`` says when a note
warns: its title, body and topics together hold at least ``cues`` words of the
vocabulary list ``note_warning_cues``, and it leaves no contact of its own (no finding
of an ``unless`` detector: a "被骗了钱还能追回吗" that ends with a WeChat id offers a
service).  In such a note a hit of the ``note_warning`` categories is at most a hint.

A patient's diary names drugs, procedures and conditions (头孢类的抗生素, 果酸换肤, 异维A酸治痘)
because a doctor prescribed them, not to sell them.  ``note_clinic`` says when a note
tells of the writer's own care: at least ``cues`` words of ``note_clinic_cues`` (医生,
复诊, 挂号…), no contact, and no word of ``note_clinic_unless`` (寄, 现货, 不用去医院…: a
note that sells says so).  There a hit of the ``note_clinic`` categories is at most a hint.

A learned model reads the note as a whole (:mod:`.note_gate`): when it says the note
promotes nothing, the note is *plain*, and its findings that the claim tagger does not
back up are hints (contacts and sound-alikes keep their severity).  It is part of the
learned models the user may switch off.

A hidden ad denies in one place what it admits in another (纯分享，没收任何好处 … 第三双是品牌上周寄来的).
A rule's sense may ask for words anywhere in the note (``in_note``); ``says`` holds those the note has.  It may
also ask whether the note sells outright (``in_selling_note``): the note gate's score is high, or the note leaves a
contact.  纯分享，不是广告 in a note that reads as an advert throughout denies what it is.

Every front end (the editor, ``check``, the report, the export gate) asks
:func:`note_context`, so they agree.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import AbstractSet, Callable, Iterator

from . import note_gate
from .normalizer import normalize
from .ruleset import LazyWords, RuleSet

LineFacts = tuple[int, bool, frozenset[str], bool, list[str], frozenset[str]]
"""What one piece of a line tells about the note: (how many warning cue words it holds, whether it gives a contact,
which clinic cue words it holds, whether it holds a word that cancels the clinic context, its n-grams for the
note gate (empty when the gate is off), which words senses look for in the whole note (``in_note``) it holds)."""

_PIECE = re.compile(r"[^\n。！？；]+[。！？；]*|[。！？；]+")
"""A line cut after its sentence ends: neither a cue word nor a contact runs across 。！？；, so a key typed in a
paragraph of 100,000 characters reads one sentence again."""


@dataclass(frozen=True)
class NoteContext:
    """The note-wide facts a check of one field or paragraph depends on."""

    warns: bool = False
    """The note warns its readers: hits of the ``note_warning`` categories are at most hints."""
    clinic: bool = False
    """The note tells of the writer's own medical care: hits of the ``note_clinic`` categories are at most hints."""
    plain: bool = False
    """The note gate reads the note as promoting nothing: findings the claim tagger does not back up are hints."""
    says: AbstractSet[str] | LazyWords = frozenset()
    """The words senses look for in the whole note (``in_note``: 品牌寄 far from 不是广告) that the note holds; senses
    only ask ``isdisjoint`` of it (a :class:`.ruleset.LazyWords` looks for them when first asked)."""
    selling: bool | None = False
    """The note sells outright: the note gate's score is at least :data:`.note_gate.SELLING`, or the note leaves a
    contact (``in_selling_note`` senses: 纯分享，不是广告 in such a note denies the advert it is).  None: not worked
    out yet (:func:`.check.check_text` given no context reads the text as the whole note, if a sense asks)."""


NO_CONTEXT = NoteContext()
"""A note that does not warn: every hit keeps the verdict its own line gives it."""


def line_facts(line: str, ruleset: RuleSet) -> LineFacts:
    """How many words of ``note_warning_cues`` ``line`` (or a sentence of it) holds (normalized: 诈 骗 and 詐騙 count),
    whether an ``unless`` detector finds a contact in it, which words of ``note_clinic_cues`` it holds, and
    whether it holds a word of ``note_clinic_unless``, its n-gram counts when the note gate is on, and which words
    of the senses' ``in_note`` it holds."""
    if not line:
        return 0, False, frozenset(), False, [], frozenset()
    doubts = ruleset.doubts
    norm = normalize(line)
    count = sum(1 for _ in doubts.note_cues.finditer(norm.text)) if doubts.note_cues is not None else 0
    clinic = frozenset(doubts.clinic_cues.findall(norm.text)) if doubts.clinic_cues is not None else frozenset()
    selling = doubts.clinic_unless is not None and doubts.clinic_unless.search(norm.text) is not None
    grams = note_gate.grams(norm.text) if ruleset.note_gate() is not None else []
    says = ruleset.note_words.found(norm.text) if ruleset.note_words is not None else frozenset()
    return count, _gives_contact(norm.folded, ruleset), clinic, selling, grams, says


def _gives_contact(folded: str, ruleset: RuleSet) -> bool:
    unless = ruleset.note_contacts
    return bool(unless) and next(ruleset.detector_spans(folded, unless), None) is not None


def note_context(title: str, body: str, topics: str, ruleset: RuleSet, *,
                 facts: Callable[[str], LineFacts] | None = None) -> NoteContext:
    """The context of the note with these fields (see the module's docstring).

    The note is read sentence by sentence (neither a cue word nor a contact runs
    across a line break or a sentence end), so ``facts``, when given, may remember
    each sentence's :func:`line_facts`: the editor passes a memo, so a key typed in
    a long note reads one sentence again, not the whole note.
    """
    warning, clinic = ruleset.note_warning, ruleset.note_clinic
    warning_on = warning.cues > 0 and bool(warning.categories)
    clinic_on = clinic.cues > 0 and bool(clinic.categories)
    gate = ruleset.note_gate()
    if not warning_on and not clinic_on and gate is None and ruleset.note_words is None:
        return NO_CONTEXT
    read = facts or (lambda line: line_facts(line, ruleset))
    cues = 0
    care: set[str] = set()  # a diary says 医生 many times; it takes several kinds of care word to tell of care
    selling = contact = False
    says: set[str] = set()
    pieces: list[tuple[int, list[str]]] = []
    for line in _lines(title, body, topics):
        count, gives, words, sells, grams, found = read(line)
        contact = contact or gives
        cues += count
        care.update(words)
        selling = selling or sells
        says.update(found)
        pieces.append((len(line), grams))
    if contact:  # a note that leaves a contact offers something: it neither warns nor tells of care, nor is plain
        return NoteContext(says=frozenset(says), selling=True)
    counts = note_gate.total(pieces) if gate is not None else None
    score = gate.promotion(counts) if gate is not None and counts else None  # an empty note is neither
    return NoteContext(warns=warning_on and cues >= warning.cues,
                       clinic=clinic_on and not selling and len(care) >= clinic.cues,
                       plain=score is not None and score < note_gate.THRESHOLD, says=frozenset(says),
                       selling=score is not None
                       and note_gate.sells_outright(sum(length for length, _ in pieces), lambda: score))


def sells(text: str, ruleset: RuleSet) -> bool:
    """Whether the note gate reads ``text``, taken as a whole note's body, as selling outright (no gate: False)."""
    gate = ruleset.note_gate()
    return gate is not None and note_gate.sells_outright(len(text), lambda: gate.promotion(note_grams("", text, "")))


def note_grams(title: str, body: str, topics: str) -> Counter:
    """The note gate's n-gram counts of a whole note, read sentence by sentence as :func:`note_context` reads it
    (the training script learns from exactly what the editor later scores)."""
    return note_gate.total((len(line), note_gate.grams(normalize(line).text)) for line in _lines(title, body, topics))


def _lines(*fields: str) -> Iterator[str]:
    for text in fields:
        if text:
            yield from _PIECE.findall(text)
