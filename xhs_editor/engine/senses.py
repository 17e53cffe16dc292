"""Judging a term hit by the words around it: word boundaries and senses.

A hit found by the automaton is a string match.  Whether it is the claim the rule
means depends on its neighbours:

* **word boundaries**: 生发 in 产生发展 runs across two words, 主任推荐 in
  班主任推荐 starts inside one; such a hit is dropped unless the rule allows its
  terms inside words (``inside_words``);
* **punctuation**: 面，相 is not 面相 (``Normalized.breaks``) unless the rule
  allows it (``across_punctuation``);
* **senses** (``Rule.senses``): 最好 followed by a verb means "had better", 第一
  followed by a measure word is an ordinal, 唯一 followed by 的不足 names a flaw.

Everything looks at the normalized text, as the matcher saw it, so 微❤信 is one
word here too.  The segmenter is asked only about a small window around the hit.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, AbstractSet, Callable

from .model import Rule, Sense, Severity
from .normalizer import SEPARATOR, TYPED_SPACES, Normalized
from .segment import Word, cut, splits_word, word_at, word_ending_at, words

if TYPE_CHECKING:
    from .ruleset import LazyWords

    NoteSays = AbstractSet[str] | LazyWords  # what in_note asks isdisjoint of: the note's words, found now or lazily

REACH = 8
"""Characters of context either side of a hit given to the segmenter."""

LINE_REACH = 64
"""The farthest a sense's ``near`` looks (packs may not ask for more); it never looks past a line break."""

WORD_REACH = 4
"""Characters either side of a one-character context word given to the segmenter to see whether it stands alone."""

UNCHANGED = object()
"""What :func:`sense_verdict` returns when no sense applies: the rule's own verdict stands."""


@functools.lru_cache(maxsize=8192)
def _is_han(ch: str) -> bool:
    return "CJK" in unicodedata.name(ch, "")


class HitWindow:
    """The stretch of normalized text around one hit, segmented on first use."""

    __slots__ = ("norm", "start", "end", "_bounds", "_line", "_clause", "_words")

    def __init__(self, norm: Normalized, start: int, end: int) -> None:
        self.norm, self.start, self.end = norm, start, end
        self._bounds: tuple[int, int] | None = None
        self._line: tuple[int, int] | None = None
        self._clause: tuple[int, int] | None = None
        self._words: tuple[Word, ...] | None = None

    @property
    def bounds(self) -> tuple[int, int]:
        """The window (lo, hi): ``REACH`` characters either side of the hit, within its clause."""
        if self._bounds is None:
            self._bounds = _clause_bounds(self.norm, self.start, self.end, REACH)
        return self._bounds

    @property
    def line(self) -> tuple[int, int]:
        """How far ``near`` looks, in normalized-text coordinates: ``LINE_REACH`` either side, within the line.

        Sentence ends are separators in the normalized text, but an enumeration (第一…；第二…) or a
        cure told in the next sentence is still context; a line break in what the user typed is not.
        """
        if self._line is None:
            norm = self.norm
            original = norm.original
            o_start, o_end = norm.span(self.start, self.end)
            cut = original.rfind("\n", max(0, o_start - 2 * LINE_REACH), o_start)
            lo = _from_original(norm, cut + 1) if cut >= 0 else 0
            cut = original.find("\n", o_end, o_end + 2 * LINE_REACH)
            hi = _from_original(norm, cut) if cut >= 0 else len(norm.text)
            self._line = (max(lo, self.start - LINE_REACH), min(hi, self.end + LINE_REACH))
        return self._line

    @property
    def clause(self) -> tuple[int, int]:
        """The hit's clause up to ``LINE_REACH`` either side: where ``near_before`` and ``near_after`` look.

        ``lo``/``hi`` stop ``REACH`` characters out, which is all the segmenter needs; a negation or a
        condition may stand farther before the hit in the same clause (如果是东莞的来看机最好).
        """
        if self._clause is None:
            self._clause = _clause_bounds(self.norm, self.start, self.end, LINE_REACH)
        return self._clause

    @property
    def words(self) -> tuple[Word, ...]:
        """The segmenter's words of the window, in normalized-text coordinates."""
        if self._words is None:
            self._words = words(self.norm.text, *self.bounds)
        return self._words

    def splits_a_word(self) -> bool:
        """True when the hit starts or ends inside a word of the text (see :func:`segment.splits_word`)."""
        text = self.norm.text
        s, e = self.start, self.end
        if e - s < 2:
            return False
        at_start = s > 0 and _is_han(text[s]) and _is_han(text[s - 1])
        at_end = e < len(text) and _is_han(text[e - 1]) and _is_han(text[e])
        if not (at_start or at_end):
            return False
        lo, hi = self.bounds
        at_start = at_start and s > lo
        at_end = at_end and e < hi
        if not (at_start or at_end):
            return False
        lo, hi = self._spaced_bounds()  # the window's words are asked for, and looked at, in its own coordinates
        window = text[lo:hi]
        spans = cut(window)
        s, e = s - lo, e - lo
        return (at_start and splits_word(window, spans, s, (s, e))) or (at_end and splits_word(window, spans, e, (s, e)))

    def _spaced_bounds(self) -> tuple[int, int]:
        """``lo``/``hi`` brought in to the nearest space the user typed outside the hit: the normalized text drops
        spaces (微 信 is 微信), but a space between words still parts them (首購 房貸跑了 is 房贷 then 跑了)."""
        norm = self.norm
        lo, hi = self.bounds
        original = norm.original
        o_e = norm.span(self.start, self.end)[1]
        lo = norm.after_last_space(lo, self.start)
        if self.end < hi:
            o_hi = norm.to_original(hi - 1) + 1
            cuts = [c for c in (original.find(space, o_e, o_hi) for space in TYPED_SPACES) if c >= 0]
            if cuts:
                hi = min(hi, _from_original(norm, min(cuts)))
        return lo, hi


def _clause_bounds(norm: Normalized, start: int, end: int, reach: int) -> tuple[int, int]:
    """The stretch around ``text[start:end]`` up to ``reach`` either side that a sentence end or in-sentence
    punctuation does not cut (they never cut the hit itself)."""
    text = norm.text
    lo = max(0, start - reach)
    hi = min(len(text), end + reach)
    cut = text.rfind(SEPARATOR, lo, start)
    if cut >= 0:
        lo = cut + 1
    cut = text.find(SEPARATOR, end, hi)
    if cut >= 0:
        hi = cut
    breaks = norm.breaks
    if breaks:
        i = bisect_right(breaks, start) - 1
        if i >= 0 and breaks[i] > lo:
            lo = breaks[i]
        j = bisect_left(breaks, end)
        if j < len(breaks) and breaks[j] < hi:
            hi = breaks[j]
    return lo, hi


def _from_original(norm: Normalized, pos: int) -> int:
    """The first normalized position whose character comes from original ``pos`` or later."""
    i = bisect_right(norm.run_orig, pos) - 1
    if i < 0:
        return 0
    at = norm.run_norm[i] + pos - norm.run_orig[i]
    run_end = norm.run_norm[i + 1] if i + 1 < len(norm.run_norm) else len(norm.text)
    return min(at, run_end)


def _after(text: str, pos: int, hi: int, skip: tuple[str, ...]) -> int:
    for w in skip:
        if text.startswith(w, pos, hi):
            return pos + len(w)
    return pos


def _before(text: str, pos: int, lo: int, skip: tuple[str, ...]) -> int:
    for w in skip:
        if text.endswith(w, lo, pos):
            return pos - len(w)
    return pos


@functools.lru_cache(maxsize=None)
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled pattern finding any of ``words`` (a sense's list is searched often, so once per list)."""
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _find(words: tuple[str, ...], text: str, lo: int, hi: int) -> bool:
    """True when one of ``words`` stands in ``text[lo:hi]`` as a word: a single character ending or inside a
    longer word of the text (能 in 肝功能 or 可能) is part of that word, not the cue; one beginning a word keeps
    its sense (吃 in 吃火锅, 玩 in 玩法, 私 in 私聊)."""
    for m in _alternation(words).finditer(text, lo, hi):
        at = m.start()
        if m.end() - at > 1 or not _is_han(text[at]):
            return True
        lo = max(0, at - WORD_REACH)
        inside = at - lo
        if not any(a < inside < b for a, b in cut(text[lo:min(len(text), at + WORD_REACH + 1)])):
            return True
    return False


def _never() -> bool:
    return False


def _holds(sense: Sense, win: HitWindow, says: NoteSays, selling: Callable[[], bool]) -> bool:
    if sense.in_note and says.isdisjoint(sense.in_note):
        return False
    text = win.norm.text
    lo, hi = win.bounds
    if sense.at_clause_end and win.end != hi:
        return False
    if sense.at_clause_start and win.start != lo:
        return False
    if sense.after or sense.after_pos:
        p = _after(text, win.end, hi, sense.skip)
        if sense.after and not text.startswith(sense.after, p, hi):
            return False
        if sense.after_pos:
            w = word_at(win.words, p)
            if w is None or not w.tag.startswith(sense.after_pos):
                return False
    if sense.before or sense.before_pos:
        p = _before(text, win.start, lo, sense.skip)
        if sense.before and not text.endswith(sense.before, lo, p):
            return False
        if sense.before_pos:
            w = word_ending_at(win.words, p)
            if w is None or not w.tag.startswith(sense.before_pos):
                return False
    if sense.near:  # within reach either side, not counting the hit itself
        line_lo, line_hi = win.line
        if not _find(sense.near, text, max(line_lo, win.start - sense.within), win.start) \
                and not _find(sense.near, text, win.end, min(line_hi, win.end + sense.within)):
            return False
    if sense.contains and _alternation(sense.contains).search(text, win.start, win.end) is None:
        return False
    if sense.near_after and not _find(sense.near_after, text, win.end, min(win.clause[1], win.end + sense.within)):
        return False
    if sense.near_before:  # a negation or a quote governs its own clause only, which a typed space also ends
        lo = win.norm.after_last_space(max(win.clause[0], win.start - sense.within), win.start)
        if not _find(sense.near_before, text, lo, win.start):
            return False
    return not sense.in_selling_note or selling()  # last: it may read the whole note


def senses_by_term(rule: Rule) -> tuple[dict[str, tuple[Sense, ...]], tuple[Sense, ...]]:
    """The senses that apply to a hit of each of ``rule``'s terms (those limited to other ``terms`` left out), in
    order, and those that apply to any other hit (a sound-alike, a claim pattern's match)."""
    general = tuple(s for s in rule.senses if not s.terms)
    named = {t for s in rule.senses for t in s.terms}
    return {t: tuple(s for s in rule.senses if not s.terms or t in s.terms) for t in named}, general


def sense_verdict(senses: tuple[Sense, ...], win: HitWindow, says: NoteSays = frozenset(),
                  selling: Callable[[], bool] = _never) -> Severity | None | object:
    """The verdict of the first of ``senses`` (a rule's, those that apply to the hit: :func:`senses_by_term`)
    that holds at the hit; :data:`UNCHANGED` when none does.
    ``says`` are the ``in_note`` words the whole note holds; ``selling`` tells whether the note sells outright."""
    for sense in senses:
        if _holds(sense, win, says, selling):
            return sense.verdict
    return UNCHANGED
