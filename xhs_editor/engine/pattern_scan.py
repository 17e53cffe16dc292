"""Finding claim patterns fast: one anchor search, then each pattern's small expression where it can start.

Run as one alternation ``(rule A)|(rule B)|…`` over a note, the expression of every rule's patterns
is too large for RE2's DFA: it runs out of memory on real text and falls back to its NFA, about
100 ms per 1,000 characters.  So each pattern is compiled apart, small enough for the DFA within
RE2's default memory budget, and tried only where one of its matches can begin:

* a match begins with one of the pattern's *first strings*: the strings of its first piece, and of
  the next one too while the one before may be left out (the digits of a ``{#}``; anywhere at
  all after a gap);
* when those are common (digits are), a rarer required piece, the *anchor*, must also occur so
  many bytes after the start as the pieces before it can take;
* pieces that follow one another and match only their own strings (a literal, a slot) count as one
  piece whose strings are theirs put together (:func:`fused`): 一 then a unit is 一件, 一份.

One Aho-Corasick pass over all first strings and anchors gives every candidate start.  At each
start, each rule's patterns are tried in their order, anchored there, and the first that matches
is that rule's hit: what the rule's own alternation, anchored at that start, would match.  Hits
of different starts or rules may overlap: the judge may drop one that cuts a word, and the one
inside it must still be there; the overlap resolution then keeps the longest.

Offsets inside are UTF-8 byte offsets, as RE2 reads the text; the strings are searched in the
same bytes (:class:`automaton.Utf8Automaton`), so both agree.
"""

from __future__ import annotations

import bisect
import functools
from collections import defaultdict
from dataclasses import dataclass
from itertools import repeat
from typing import Any, Collection, Iterable, Sequence

import re2

from .automaton import Utf8Automaton
from .linear import char_offsets, encode

MOST_BYTES = 4
"""The most bytes a character takes in UTF-8."""
_RARITY = {1: 1.0, 2: 0.01}
"""How often a string is met, roughly, by its length in characters; longer ones count as 0.002."""


@dataclass(frozen=True)
class Part:
    """What the scan knows of one piece of a pattern.

    ``low`` and ``high`` bound the bytes it takes (``low`` is 0 when it may be left out or match
    nothing), and every match of it begins with one of ``anchors``: the strings of a literal or a
    slot, the digits of a number, none for a gap.  A ``last_resort`` piece (a number: its digits are
    everywhere) anchors a pattern only when no other piece can.
    """

    low: int
    high: int
    anchors: tuple[str, ...] = ()
    last_resort: bool = False
    exact: bool = False
    """Every match of it is one of ``anchors`` whole (a literal or a slot that may not be left out)."""

    @functools.cached_property
    def rarity(self) -> float:
        """How often its strings are met, roughly (less is rarer)."""
        return _rarity(self.anchors)


def _rarity(strings: Sequence[str] | None) -> float:
    return float("inf") if strings is None else sum(map(_RARITY.get, map(len, strings), repeat(0.002)))


FUSED_MOST = 64
"""The most strings two pieces fused into one may have (:func:`fused`)."""


def fused(parts: Sequence[Part]) -> tuple[Part, ...]:
    """``parts`` with each run of exact pieces that follow one another joined into one piece whose strings are
    theirs put together, while there are at most :data:`FUSED_MOST` of them: 一 then {件|份|套} is the rarer
    一件|一份|一套, so a pattern is tried where those stand, not at every 一."""
    out: list[Part] = []
    for p in parts:
        last = out[-1] if out else None
        if last is not None and last.exact and p.exact and len(last.anchors) * len(p.anchors) <= FUSED_MOST:
            out[-1] = Part(last.low + p.low, last.high + p.high,
                           tuple(a + b for a in last.anchors for b in p.anchors), exact=True)
        else:
            out.append(p)
    return tuple(out)


def first_strings(parts: Sequence[Part]) -> tuple[str, ...] | None:
    """The strings one of which begins every match; None when a match may begin anywhere (at a gap)."""
    out: list[str] = []
    for p in parts:
        if not p.anchors and p.high:  # a gap
            return None
        if p.low:
            return tuple(sorted(set(out).union(p.anchors))) if out else p.anchors
        out.extend(p.anchors)
    return None


def choose_anchor(parts: Sequence[Part], first: float) -> int | None:
    """The required piece that must also occur, when it is rarer than the first strings (``first``: their
    rarity, infinite when a match may begin anywhere); else None."""
    best: tuple[bool, float, int] | None = None
    for i, p in enumerate(parts):
        if p.low and p.anchors:
            key = (p.last_resort, p.rarity, i)
            if best is None or key < best:
                best = key
    if best is None or best[1] >= first:  # (a required first piece is as rare as the first strings)
        return None
    return best[2]


class PatternMatcher:
    """Every rule's patterns: where each can start, and its own expression to try there."""

    def __init__(self, groups: Sequence[tuple[int, Sequence[tuple[str, Sequence[Part]]]]]) -> None:
        """``groups``: for each rule in order, (rule index, [(expression, parts) for each of its patterns])."""
        options = re2.Options()
        options.log_errors = False
        self.sources = ["|".join(f"(?:{source})" for source, _ in patterns) for _, patterns in groups]
        """Each rule's expression (the alternation of its patterns), in order: anchored at every character, they
        give the same hits (the tests compare them)."""
        self.owners = [ri for ri, _ in groups]
        """The rule index of each of ``sources``."""
        self._matchers: list[Any] = []
        """Each pattern's RE2 ``Match``, compiled the first time a text gives it a place to start (compiling all
        of them cost about a third of building the rule set; a note touches a few dozen)."""
        self._rule: list[int] = []
        self._plain: dict[int, list[int]] = {}  # first strings (by number) → the patterns that need nothing else
        self._first: dict[int, int | None] = {}  # pattern that needs its anchor → its first strings' number
        self._everywhere: list[int] = []  # patterns that may match nothing at all: tried at every character
        anchors: dict[str, set[tuple[int, int, int]]] = {}  # string → (pattern, most, fewest bytes before it)
        classes: dict[tuple[str, ...], tuple[int, float]] = {}  # first strings → their number, their rarity
        for ri, patterns in groups:
            for source, pieces in patterns:
                parts = fused(pieces)
                i = len(self._matchers)
                self._matchers.append(_LazyMatch(source, options, self._matchers, i))
                self._rule.append(ri)
                if not any(p.low for p in parts):
                    self._everywhere.append(i)
                    continue
                first = first_strings(parts)
                if first is not None and first not in classes:
                    classes[first] = len(classes), _rarity(first)
                c, rarity = (None, float("inf")) if first is None else classes[first]
                k = choose_anchor(parts, rarity)
                if k is None:
                    self._plain.setdefault(c, []).append(i)
                    continue
                self._first[i] = c
                low, high = sum(p.low for p in parts[:k]), sum(p.high for p in parts[:k])
                for word in parts[k].anchors:
                    anchors.setdefault(word, set()).add((i, high, low))
        firsts: dict[str, list[int]] = {}  # string → the first strings (by number) it is one of
        for first, (c, _) in classes.items():
            for word in first:
                firsts.setdefault(word, []).append(c)
        self.words: dict[str, tuple[int, tuple[int, ...], tuple[tuple[int, int, int], ...]]] = {}
        """The strings searched for, each with what its match tells :meth:`hits_among`; another automaton may
        search them in the same pass as its own words (see :class:`automaton.Utf8Automaton`)."""
        for word in firsts.keys() | anchors.keys():
            last = len(word.encode()) - 1  # the search reports a string's last byte
            near = anchors.get(word)
            self.words[word] = (last, tuple(firsts.get(word, ())),
                                tuple([(i, last + high, last + low) for i, high, low in near]) if near else ())

    @functools.cached_property
    def _automaton(self) -> Utf8Automaton:
        """:attr:`words` in an automaton of their own, for :meth:`hits` (a rule set searches them with its terms)."""
        auto = Utf8Automaton()
        for word, value in self.words.items():
            auto.add_other(word, value)
        auto.make_automaton()
        return auto

    def _candidates(self, data: bytes, found: Iterable[tuple[int, Any]]) -> list[tuple[int, int]]:
        """(byte offset, pattern) where a match may start, unsorted; ``found``: the matches of :attr:`words` in
        ``data`` (last byte, value)."""
        starts: defaultdict[int, list[int]] = defaultdict(list)
        windows: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
        for end, (last, classes, anchors) in found:
            for c in classes:
                starts[c].append(end - last)
            for i, far, near in anchors:
                if end >= near:
                    windows[i].append((end - far, end - near))
        out: list[tuple[int, int]] = []
        for c, mine in starts.items():
            for i in self._plain.get(c, ()):
                out.extend(zip(mine, repeat(i)))
        anywhere: list[int] | None = None
        for i, spans in windows.items():
            c = self._first[i]
            if c is None:  # it may begin with a gap
                anywhere = anywhere if anywhere is not None else _boundaries(data, len(data) - 1)
                mine = anywhere
            else:
                mine = starts.get(c, [])
                mine.sort()
            for a, b in _merged(spans):
                out.extend(zip(mine[bisect.bisect_left(mine, a):bisect.bisect_right(mine, b)], repeat(i)))
        if self._everywhere:
            out.extend((s, i) for s in _boundaries(data, len(data)) for i in self._everywhere)
        return out

    def hits(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, rule index) of each rule's match at each place one can start in the normalized ``text``,
        left to right. Matches may overlap: the judge may drop one that cuts a word (脸闭口三天全消 in 满脸闭口…),
        and the one inside it (闭口三天全消) must still be there; the overlap resolution keeps the longest."""
        found: list[tuple[int, Any]] = []
        self._automaton.iter(text, found)
        return self.hits_among(text, found)

    def hits_among(self, text: str, found: Iterable[tuple[int, Any]], breaks: Sequence[int] = (),
                   across: Collection[int] = ()) -> list[tuple[int, int, int]]:
        """:meth:`hits`, given the matches of :attr:`words` in ``text``'s UTF-8 bytes as (last byte, value).

        ``breaks`` are the character positions of ``text`` where sentence punctuation was dropped; a match that
        runs across one, of a rule not in ``across`` (rule indices), is no hit, and the rule's next pattern is
        tried at that start instead (加赖：见简介 is not 加赖…见简介 across the colon, but it is 加赖)."""
        data = encode(text)
        size = len(data)
        out: list[tuple[int, int, int]] = []
        matchers = self._matchers
        rules = self._rule
        cuts = _byte_offsets(text, breaks) if breaks and len(data) != len(text) else list(breaks)
        done: set[tuple[int, int]] = set()  # (start, rule): a rule's patterns are alternatives, the first that matches wins
        for s, i in sorted(set(self._candidates(data, found))):
            ri = rules[i]
            if (s, ri) in done:
                continue
            start, e = matchers[i](_ANCHOR_START, data, s, size)[0]
            if start >= 0 and e > s:  # an empty match (a slot with no words) is no hit
                if cuts and ri not in across:
                    k = bisect.bisect_right(cuts, s)
                    if k < len(cuts) and cuts[k] < e:
                        continue
                out.append((s, e, ri))
                done.add((s, ri))
        return _to_characters(out, data, len(text))


_ANCHOR_START = re2._Anchor.ANCHOR_START


class _LazyMatch:
    """A pattern's expression, compiled on its first call, which then puts RE2's own ``Match`` in its place.

    RE2's ``Match`` is called without the wrapper's generator and match object: only the whole match's span
    is read (the expressions have no groups).  Two threads may both compile it; either result is the same.
    """

    __slots__ = ("source", "options", "owner", "index")

    def __init__(self, source: str, options: Any, owner: list[Any], index: int) -> None:
        self.source, self.options, self.owner, self.index = source, options, owner, index

    def __call__(self, *args: Any) -> Any:
        match = re2.compile(self.source, self.options)._regexp.Match
        self.owner[self.index] = match
        return match(*args)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Closed ranges, sorted, overlapping ones joined."""
    spans.sort()
    out = [spans[0]]
    for a, b in spans:
        if a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _byte_offsets(text: str, positions: Sequence[int]) -> list[int]:
    """The UTF-8 byte offsets of the character ``positions`` (sorted) of ``text``."""
    out, at, done = [], 0, 0
    for p in positions:
        at += len(text[done:p].encode())
        done = p
        out.append(at)
    return out


def _boundaries(data: bytes, last: int) -> list[int]:
    """The offsets up to ``last`` at which a character starts (``len(data)`` counts as one)."""
    return [i for i in range(last + 1) if i == len(data) or data[i] & 0xC0 != 0x80]


def _to_characters(spans: list[tuple[int, int, int]], data: bytes, length: int) -> list[tuple[int, int, int]]:
    """Byte spans as character spans."""
    if len(data) == length:
        return spans
    offsets = sorted({offset for s, e, _ri in spans for offset in (s, e)})
    chars = dict(zip(offsets, char_offsets(data, offsets)))
    return [(chars[s], chars[e], ri) for s, e, ri in spans]
