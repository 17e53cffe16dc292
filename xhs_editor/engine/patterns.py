"""Claim patterns: phrases with slots, for claims no word list can hold.

Many violations contain no banned word; the claim is in the phrase: 两周脸小了一圈,
没效果全额退, 营养师推荐的.  A rule's ``patterns`` describe such phrases in a small
language (rules/README.md):

* plain characters stand for themselves (normalized like terms);
* ``{name}`` is any word of the shared vocabulary list ``name``, ``{name}?`` the
  same or nothing;
* ``{#}`` is a number in digits or Chinese numerals (3, 十, 两, 贰拾, 半);
* ``~N`` is a gap of up to N characters (N ≤ 12) within the line.

All patterns of a rule set are compiled into one RE2 expression (linear in the
text, whatever the input) and run once over the normalized text; each rule's
patterns form one numbered group, so a match names its rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

import re2

from .normalizer import normalize_term

if TYPE_CHECKING:
    from .phonetic import Homophones

MAX_GAP = 12
SOUND_SLOTS = "homophone_slots"
"""The vocabulary list naming the slots whose words are also matched with a homophone (衣生 for 医生)."""
NUMBER = ("[0-9零〇一二三四五六七八九十百千万两几半壹贰叁肆伍陆柒捌玖拾佰仟①-⑳❶-❿➀-➉]{1,8}"
          "(?:点[0-9零〇一二三四五六七八九几]{0,3})?")  # 八点几, 六点: a spoken decimal ends where its word does
_PIECES = re.compile(r"\{(#|[a-z0-9_]+)\}(\?)?|~(\d+)|([{}~])|([^{}~]+)")


class PatternInvalid(ValueError):
    """A pattern that cannot be read; the message says what is wrong."""


@dataclass(frozen=True)
class Piece:
    """One piece of a pattern: a literal, a slot (``{name}``, ``{#}``) or a gap (``~N``)."""

    kind: str  # "text", "slot", "number", "gap"
    value: str = ""
    optional: bool = False
    size: int = 0


def parse(pattern: str) -> tuple[Piece, ...]:
    """The pieces of ``pattern``; raises :class:`PatternInvalid`."""
    pieces: list[Piece] = []
    for m in _PIECES.finditer(pattern):
        slot, optional, gap, stray, text = m.groups()
        if stray:
            raise PatternInvalid(f"'{stray}' at position {m.start() + 1} is not part of a {{slot}} or a ~N gap")
        if slot == "#":
            pieces.append(Piece("number", optional=bool(optional)))
        elif slot:
            pieces.append(Piece("slot", slot, optional=bool(optional)))
        elif gap is not None:
            size = int(gap)
            if not 1 <= size <= MAX_GAP:
                raise PatternInvalid(f"a gap ~{gap} must be 1 to {MAX_GAP} characters")
            if not pieces or pieces[-1].kind == "gap":
                raise PatternInvalid("a gap ~N must stand between two other pieces")
            pieces.append(Piece("gap", size=size))
        else:
            if "?" in text or "？" in text:
                raise PatternInvalid(f"'?' after {text.rstrip('?？')!r} makes nothing optional: only a {{slot}}? is "
                                     "optional; write two patterns, or put the word in a vocabulary list")
            norm = normalize_term(text)
            if norm:
                pieces.append(Piece("text", norm))
    if not pieces:
        raise PatternInvalid("the pattern is empty")
    if pieces[-1].kind == "gap":
        raise PatternInvalid("a gap ~N must stand between two other pieces")
    if all(p.optional or p.kind == "gap" for p in pieces):
        raise PatternInvalid("every piece is optional, so the pattern would match nothing at all")
    return tuple(pieces)


def slots(pattern: str) -> list[str]:
    """The vocabulary lists a pattern names."""
    return [p.value for p in parse(pattern) if p.kind == "slot"]


def spellings(word: str, usual: dict[str, str] | None,
              sounds: Homophones | None = None) -> set[str]:
    """``word`` and the ways it is written with some or all of its characters in pinyin (专jia, zhuan家,
    zhuanjia), from each character's usual reading; a pinyin-only spelling needs five letters or more.

    With ``sounds`` (:func:`phonetic.homophones`) also with one character swapped for a homophone
    (砖家, 衣生, 叫授), unless that makes an everyday word.
    """
    out = {word}
    if not usual or not 2 <= len(word) <= 5 or not all(ch in usual for ch in word):
        return out
    if sounds is not None:
        out |= sounds.variants(word)
    for mask in range(1, 1 << len(word)):
        parts = [usual[ch] if mask >> k & 1 else ch for k, ch in enumerate(word)]
        spelt = "".join(parts)
        if mask == (1 << len(word)) - 1 and len(spelt) < 5:
            continue
        out.add(spelt)
    return out


def _source(pieces: Iterable[Piece], vocabulary: dict[str, tuple[str, ...]],
            usual: dict[str, str] | None = None, sounds: Homophones | None = None) -> str:
    out: list[str] = []
    for p in pieces:
        if p.kind == "text":
            part = re.escape(p.value)
        elif p.kind == "number":
            part = NUMBER
        elif p.kind == "gap":
            out.append(f"[^\\n]{{0,{p.size}}}?")  # as short as it can be: a claim, not the rest of the line
            continue
        else:
            alike = sounds if sounds is not None and p.value in vocabulary.get(SOUND_SLOTS, ()) else None
            words = sorted({s for w in map(normalize_term, vocabulary[p.value]) if w for s in spellings(w, usual, alike)},
                           key=len, reverse=True)
            part = "(?:" + "|".join(map(re.escape, words)) + ")"
        out.append(f"(?:{part})?" if p.optional else part)
    return "".join(out)


class PatternMatcher:
    """Every rule's patterns in one linear-time expression."""

    def __init__(self, compiled: "re2._Regexp", rules: list[int]) -> None:
        self._re = compiled
        self._rules = rules  # group number - 1 → rule index

    def hits(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, rule index) of each match in the normalized ``text``, left to right, not overlapping."""
        out = []
        for m in self._re.finditer(text):
            s, e = m.span()
            if e > s and m.lastindex:
                out.append((s, e, self._rules[m.lastindex - 1]))
        return out


def compile_rules(rules: list[tuple[int, tuple[str, ...]]], vocabulary: dict[str, tuple[str, ...]],
                  problem: Callable[[int, str], None], usual: dict[str, str] | None = None,
                  sounds: Homophones | None = None) -> PatternMatcher | None:
    """One matcher for ``rules`` ((rule index, patterns)); ``problem(rule index, message)`` reports a bad pattern.

    With ``usual`` (a character's usual pinyin reading, from the sound channel) a slot also matches its
    words written partly or wholly in pinyin: 皮fu科主任, 儿科zhu任 and zhuan家 are still experts.
    """
    groups: list[str] = []
    owners: list[int] = []
    for ri, patterns in rules:
        sources = []
        for pattern in patterns:
            try:
                pieces = parse(pattern)
                missing = [p.value for p in pieces if p.kind == "slot" and p.value not in vocabulary]
                if missing:
                    raise PatternInvalid(f"no vocabulary list named {missing[0]!r}")
                sources.append(_source(pieces, vocabulary, usual, sounds))
            except PatternInvalid as exc:
                problem(ri, f"pattern {pattern!r}: {exc}")
        if sources:
            groups.append("(" + "|".join(f"(?:{s})" for s in sources) + ")")
            owners.append(ri)
    if not groups:
        return None
    options = re2.Options()
    options.max_mem = 256 << 20
    options.log_errors = False
    return PatternMatcher(re2.compile("|".join(groups), options), owners)
