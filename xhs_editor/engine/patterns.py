"""Claim patterns: phrases with slots, for claims no word list can hold.

Many violations contain no banned word; the claim is in the phrase: 两周脸小了一圈,
没效果全额退, 营养师推荐的.  A rule's ``patterns`` describe such phrases in a small
language (rules/README.md):

* plain characters stand for themselves (normalized like terms);
* ``{name}`` is any word of the shared vocabulary list ``name``, ``{name}?`` the
  same or nothing;
* ``{#}`` is a number in digits or Chinese numerals (3, 十, 两, 贰拾, 半);
* ``~N`` is a gap of up to N characters (N ≤ 12) within the line.

Each pattern is compiled into a small RE2 expression (linear in the text, whatever
the input); :mod:`.pattern_scan` tries each only where one of its matches can
start, and finds what the alternation of all of them would find run once over
the normalized text, with one group per rule, so a match names its rule.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from .normalizer import normalize_term
from .pattern_scan import MOST_BYTES, Part, PatternMatcher

if TYPE_CHECKING:
    from .phonetic import Homophones

MAX_GAP = 12
SOUND_SLOTS = "homophone_slots"
"""The vocabulary list naming the slots whose words are also matched with a homophone (衣生 for 医生)."""
_DIGITS = "0-9零〇一二三四五六七八九十百千万两几半壹贰叁肆伍陆柒捌玖拾佰仟⓪⓿①-⑳❶-❿➀-➉"
NUMBER = (f"[{_DIGITS}]{{1,8}}"
          "(?:点[0-9零〇一二三四五六七八九几]{0,3})?")  # 八点几, 六点: a spoken decimal ends where its word does
NUMBER_LENGTH = 12
"""The most characters a ``{#}`` takes: eight digits, 点 and three decimals."""
_PIECES = re.compile(r"\{(#|[a-z0-9_]+)\}(\?)?|~(\d+)|([{}~])|([^{}~]+)")


def _expand(ranges: str) -> tuple[str, ...]:
    """The characters of a character class's inside, such as ``0-9零〇``."""
    out: list[str] = []
    i = 0
    while i < len(ranges):
        if ranges[i + 1:i + 2] == "-" and i + 2 < len(ranges):
            out.extend(map(chr, range(ord(ranges[i]), ord(ranges[i + 2]) + 1)))
            i += 3
        else:
            out.append(ranges[i])
            i += 1
    return tuple(out)


_NUMBER_DIGITS = _expand(_DIGITS)
"""The characters a ``{#}`` begins with."""


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
    readings = [usual[ch] for ch in word]
    out.update(map("".join, itertools.product(*zip(word, readings))))  # each character as written or as read
    pinyin = "".join(readings)
    if len(pinyin) < 5:  # (no other spelling equals it: the others keep a Chinese character)
        out.discard(pinyin)
    return out


def _strings(p: Piece, vocabulary: dict[str, tuple[str, ...]], usual: dict[str, str] | None,
             sounds: Homophones | None) -> tuple[str, ...]:
    """The strings a literal or a slot matches, longest first."""
    if p.kind == "text":
        return (p.value,)
    alike = sounds if sounds is not None and p.value in vocabulary.get(SOUND_SLOTS, ()) else None
    words = {s for w in map(normalize_term, vocabulary[p.value]) if w for s in spellings(w, usual, alike)}
    return tuple(sorted(sorted(words), key=len, reverse=True))  # equal lengths stay in order: reversed, still stable


def _render(p: Piece, vocabulary: dict[str, tuple[str, ...]], usual: dict[str, str] | None,
            sounds: Homophones | None) -> tuple[str, Part]:
    """The RE2 source of one piece, and what the scan needs to know of it."""
    if p.kind == "gap":
        return f"[^\\n]{{0,{p.size}}}?", Part(0, p.size * MOST_BYTES)  # as short as it can be: a claim, not the line
    if p.kind == "number":
        source, part = NUMBER, Part(1, NUMBER_LENGTH * MOST_BYTES, _NUMBER_DIGITS, last_resort=True)
    else:
        words = _strings(p, vocabulary, usual, sounds)
        if p.kind == "text":
            source = re.escape(p.value)
        else:  # normalized words seldom hold a character to escape: one look at them all says so
            plain = "".join(words)
            source = "(?:" + "|".join(words if re.escape(plain) == plain else map(re.escape, words)) + ")"
        sizes = [len(w.encode()) for w in words] or [0]
        part = Part(min(sizes), max(sizes), words, exact=bool(words))
    if p.optional:
        return f"(?:{source})?", Part(0, part.high, part.anchors, part.last_resort)
    return source, part


def compile_rules(rules: list[tuple[int, tuple[str, ...]]], vocabulary: dict[str, tuple[str, ...]],
                  problem: Callable[[int, str], None], usual: dict[str, str] | None = None,
                  sounds: Homophones | None = None) -> PatternMatcher | None:
    """One matcher for ``rules`` ((rule index, patterns)); ``problem(rule index, message)`` reports a bad pattern.

    With ``usual`` (a character's usual pinyin reading, from the sound channel) a slot also matches its
    words written partly or wholly in pinyin: 皮fu科主任, 儿科zhu任 and zhuan家 are still experts.
    """
    made: dict[Piece, tuple[str, Part]] = {}
    groups: list[tuple[int, list[tuple[str, tuple[Part, ...]]]]] = []
    for ri, patterns in rules:
        compiled = []
        for pattern in patterns:
            try:
                pieces = parse(pattern)
                missing = [p.value for p in pieces if p.kind == "slot" and p.value not in vocabulary]
                if missing:
                    raise PatternInvalid(f"no vocabulary list named {missing[0]!r}")
            except PatternInvalid as exc:
                problem(ri, f"pattern {pattern!r}: {exc}")
                continue
            for p in pieces:
                if p not in made:
                    made[p] = _render(p, vocabulary, usual, sounds)
            compiled.append(("".join(made[p][0] for p in pieces), tuple(made[p][1] for p in pieces)))
        if compiled:
            groups.append((ri, compiled))
    return PatternMatcher(groups) if groups else None


