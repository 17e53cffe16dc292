"""The sound channel: terms written with sound-alike characters or in pinyin.

Writers who know the word lists dodge them by sound: 醉强 for 最强, mei白 or meibai
for 美白, 工仲号 for 公众号, douyin for 抖音.  Every term is therefore also matched
by its sound: each syllable becomes one token character (tone-free, with the fuzzy
pairs z/zh, c/ch, s/sh, an/ang, en/eng, in/ing folded together), terms become
token strings in a second Aho-Corasick automaton, and the text is turned into the
same tokens (Chinese characters by their most common reading, runs of letters by
splitting them into pinyin syllables).

The readings come from pypinyin, extracted at build time into
``rules/generated/phonetic.json`` (``tools/make_phonetic_data.py``) together with the
everyday words that sound like each bundled term.  A hit is kept only when it could
be an evasion and not an ordinary word (see :func:`innocent`).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import ahocorasick

GAP = "\x00"  # a token that matches nothing: digits, punctuation, letters that are not pinyin
_TOKEN_BASE = 0xE000  # tokens live in the private use area
_MAX_READINGS = 8  # sound keys kept per term when several of its characters have more than one reading
MAX_PINYIN_RUN = 64  # longer runs of letters are not read as pinyin
_MAX_VERDICTS = 1 << 16  # remembered answers of innocent() per rule set


def fuzzy(syllable: str) -> str:
    """``syllable`` with the pairs people confuse folded together: zh→z, ch→c, sh→s, ang→an, eng→en, ing→in."""
    if syllable[:2] in ("zh", "ch", "sh"):
        syllable = syllable[0] + syllable[2:]
    if syllable.endswith(("ang", "eng", "ing")):
        syllable = syllable[:-1]
    return syllable


class PhoneticTable:
    """Characters and pinyin syllables as tokens, built from the generated readings."""

    def __init__(self, readings: dict[str, list[str]]) -> None:
        syllables = sorted({r for rs in readings.values() for r in rs})
        fuzzed = {s: fuzzy(s) for s in syllables}
        folded = sorted(set(fuzzed.values()))
        if len(folded) > 0x400:  # the private use range that no folded text holds
            raise ValueError(f"{len(folded)} syllables do not fit the token range")
        self.token = {s: chr(_TOKEN_BASE + i) for i, s in enumerate(folded)}
        self.valid = frozenset(syllables)  # what a run of letters may be split into
        self.longest = max((len(s) for s in syllables), default=0)
        token_of = {s: self.token[f] for s, f in fuzzed.items()}  # a reading's token, fuzzy pairs folded
        self.main = {ord(ch): token_of[rs[0]] for ch, rs in readings.items() if rs}
        self.every = {ch: tuple(dict.fromkeys(map(token_of.__getitem__, rs))) if len(rs) > 1 else (token_of[rs[0]],)
                      for ch, rs in readings.items() if rs}
        self.readings: dict[str, Sequence[str]] = readings
        """A character's readings, most common first (a handful at most: looked through, not hashed)."""
        self.usual = {ch: rs[0] for ch, rs in readings.items() if rs}
        # For str.translate, by code point: a character's token, a letter itself, GAP for the rest below the last
        # character read (a code point past the end stays as it is; it is no token either).
        reader = [GAP] * (max(self.main, default=ord("z")) + 1)
        for code in range(ord("a"), ord("z") + 1):
            reader[code] = chr(code)
        for code, tok in self.main.items():
            reader[code] = tok
        self.reader = tuple(reader)
        self.read_letters = functools.lru_cache(maxsize=4096)(self._read_letters)

    def sound_alike(self, a: str, b: str) -> bool:
        """True when ``a`` can be read exactly as ``b`` usually is (no fuzzy pairs): 醉 and 最, not 脏 and 赞.

        Only ``b``'s usual reading counts: 缠 (chan) does not stand for the 单 of 刷单 (dan), though 单 can
        be read chan in 单于.
        """
        usual = self.usual.get(b)
        return usual is not None and usual in self.readings.get(a, ())

    def key_of_syllables(self, syllables: Iterable[str]) -> str:
        """The token string of a reading given as syllables; "" when one is not pinyin."""
        out = []
        for s in syllables:
            tok = self.token.get(fuzzy(s))
            if tok is None:
                return ""
            out.append(tok)
        return "".join(out)

    def _read_letters(self, run: str) -> tuple[str, tuple[tuple[int, int], ...]] | None:
        """The tokens of a run of letters and the span of each; None when it is not pinyin (cached per table)."""
        cut = self.split_letters(run)
        if cut is None:
            return None
        return "".join(self.token[fuzzy(run[a:b])] for a, b in cut), tuple(cut)

    def split_letters(self, run: str) -> list[tuple[int, int]] | None:
        """``run`` cut into the fewest pinyin syllables, as spans; None when it is not pinyin.

        Runs longer than MAX_PINYIN_RUN letters are not read (a disguised term is a few syllables; a
        run of 200,000 letters is an attack on the checker, and must not cost it anything).
        """
        n = len(run)
        if n > MAX_PINYIN_RUN:
            return None
        fewest = [0] + [-1] * n  # syllables needed to reach position i, -1 when it cannot be reached
        back = [0] * (n + 1)
        for i in range(n):
            if fewest[i] < 0:
                continue
            for j in range(min(n, i + self.longest), i, -1):
                if run[i:j] in self.valid and (fewest[j] < 0 or fewest[i] + 1 < fewest[j]):
                    fewest[j] = fewest[i] + 1
                    back[j] = i
        if fewest[n] < 0:
            return None
        spans: list[tuple[int, int]] = []
        j = n
        while j > 0:
            spans.append((back[j], j))
            j = back[j]
        return spans[::-1]


@dataclass(frozen=True)
class SoundView:
    """A normalized text as sound tokens, with where each token came from.

    A Chinese character gives one token; a run of pinyin letters one token per
    syllable, or one GAP when it is not pinyin; anything else a character that no
    token string holds (mostly GAP).  Outside runs of letters, tokens and characters
    correspond one to one.  For the letter runs, in order: ``firsts`` holds each one's
    first token, and ``runs`` its text span and the text span of each of its tokens.
    """

    tokens: str
    firsts: tuple[int, ...] = ()
    runs: tuple[tuple[int, int, tuple[tuple[int, int], ...]], ...] = ()
    shifts: tuple[int, ...] = ()
    """For each letter run, text position less token index for the tokens after it (up to the next run)."""

    def span(self, first: int, last: int) -> tuple[int, int]:
        """The text span of tokens ``first`` .. ``last``."""
        firsts = self.firsts
        if not firsts or last < firsts[0]:  # before the first run of letters
            return first, last + 1
        k = bisect.bisect_right(firsts, last) - 1
        if first >= firsts[k] + len(self.runs[k][2]):  # all after run k, before the next one
            shift = self.shifts[k]
            return first + shift, last + 1 + shift
        return self._at(first)[0], self._at(last)[1]

    def _at(self, i: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.firsts, i) - 1
        if k < 0:
            return i, i + 1
        start, end, spans = self.runs[k]
        inside = i - self.firsts[k]
        if inside < len(spans):
            a, b = spans[inside]
            return start + a, start + b
        pos = end + inside - len(spans)  # past the run, tokens and characters correspond again
        return pos, pos + 1


def sound_view(text: str, table: PhoneticTable) -> SoundView:
    """The sound tokens of a normalized (folded, lower-case) text."""
    # One pass in C turns characters into tokens; only runs of letters are cut into syllables here.
    translated = text.translate(table.reader)
    runs = _LETTERS.finditer(translated)
    first = next(runs, None)
    if first is None:
        return SoundView(translated)
    tokens: list[str] = []
    firsts: list[int] = []
    spans: list[tuple[int, int, tuple[tuple[int, int], ...]]] = []
    pos = count = 0
    for m in itertools.chain((first,), runs):
        a, b = m.span()
        tokens.append(translated[pos:a])
        count += a - pos
        firsts.append(count)
        read = table.read_letters(m.group())
        if read is None:
            tokens.append(GAP)
            spans.append((a, b, ((0, b - a),)))
            count += 1
        else:
            tokens.append(read[0])
            spans.append((a, b, read[1]))
            count += len(read[1])
        pos = b
    tokens.append(translated[pos:])
    shifts = tuple(end - first - len(cut) for first, (_start, end, cut) in zip(firsts, spans))
    return SoundView("".join(tokens), tuple(firsts), tuple(spans), shifts)


_LETTERS = re.compile("[a-z]+")


_HAN = re.compile("[\u4e00-\u9fff]+")


def sound_keys(term: str, table: PhoneticTable) -> list[str]:
    """The token strings a normalized term may sound like (one per combination of readings, a few at most)."""
    if _HAN.fullmatch(term) is None:
        return []
    options = list(map(table.every.get, term))
    if None in options:
        return []
    return list(dict.fromkeys(map("".join, itertools.islice(itertools.product(*options), _MAX_READINGS))))


@dataclass
class PhoneticData:
    """The sound channel of a rule set: the table, the automaton and the known innocent homophones."""

    table: PhoneticTable
    automaton: Any  # token string → (token count, ((rule index, normalized term), ...))
    collisions: dict[str, frozenset[str]]
    common: frozenset[str]  # the most frequent characters of real text
    alike: Homophones | None = None  # built when claim patterns first ask (see homophones())
    verdicts: dict[tuple[str, str, Any], bool] = field(default_factory=dict)
    """(what was written, the term it sounds like, the word test asked) → :func:`innocent`'s answer, remembered: a note
    repeats its words."""


@functools.lru_cache(maxsize=2)
def _load(path: str) -> tuple[dict[str, list[str]], dict[str, list[str]], str]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["readings"], data["collisions"], data.get("common", "")


def build(terms: Iterable[tuple[int, str, bool]], data_file: Path) -> PhoneticData | None:
    """The sound channel for ``terms`` ((rule index, normalized term, single characters too)).

    None when the generated data is missing (the channel is then off).
    """
    if not data_file.is_file():
        return None
    _readings, collisions, common = _load(str(data_file))
    table = _table(str(data_file))
    entries: dict[str, list[tuple[int, str]]] = {}
    for ri, term, single in terms:
        if len(term) < 2 and not single:
            continue
        for key in sound_keys(term, table):
            entries.setdefault(key, []).append((ri, term))
    auto = ahocorasick.Automaton()
    for key, values in entries.items():
        auto.add_word(key, (len(key), tuple(values)))
    if entries:
        auto.make_automaton()
    return PhoneticData(table, auto if entries else None,
                        {t: frozenset(ws) for t, ws in collisions.items()}, frozenset(common))


@functools.lru_cache(maxsize=1)
def _typed() -> frozenset[str]:
    """GB 2312's first level: the 3,755 characters an input method offers first (rows 0xB0 to 0xD7)."""
    out = set()
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                out.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:  # the last row ends early
                pass
    return frozenset(out)


class Homophones:
    """The characters a writer types in a character's place by sound (砖 for 专, 衣 for 医): the same usual
    reading, tones aside, among the commonly typed characters (GB 2312 level 1) but not the most frequent
    ones of real text (一 for 医 would make 一生 of 医生)."""

    def __init__(self, table: PhoneticTable, common: frozenset[str],
                 collisions: dict[str, frozenset[str]]) -> None:
        self._usual = table.usual
        self._collisions = collisions
        by_reading: dict[str, list[str]] = {}
        typed = _typed() - common
        for ch, reading in table.usual.items():
            if ch in typed:
                by_reading.setdefault(reading, []).append(ch)
        self._by_reading = {reading: tuple(chars) for reading, chars in by_reading.items()}

    def of(self, ch: str) -> tuple[str, ...]:
        """The homophones of ``ch`` (none for a character without a reading)."""
        reading = self._usual.get(ch)
        return tuple(c for c in self._by_reading.get(reading, ()) if c != ch) if reading is not None else ()

    def variants(self, word: str) -> set[str]:
        """``word`` with one character swapped for a homophone (砖家, 衣生), leaving out everyday words
        that sound the same (the generated collisions: 一生 is no 医生)."""
        known = self._collisions.get(word, frozenset())
        out = set()
        for k, ch in enumerate(word):
            for alike in self.of(ch):
                swapped = word[:k] + alike + word[k + 1:]
                if swapped not in known:
                    out.add(swapped)
        return out


def homophones(data: PhoneticData) -> Homophones:
    """The homophones a writer types for each character (see :class:`Homophones`), built once per data."""
    if data.alike is None:
        data.alike = Homophones(data.table, data.common, data.collisions)
    return data.alike


@functools.lru_cache(maxsize=2)
def _table(path: str) -> PhoneticTable:
    return PhoneticTable(_load(path)[0])


def disguises(text: str, data: PhoneticData, spelt: set[tuple[int, int]], is_word: Any,
              pinyin_only: frozenset[int]) -> list[tuple[int, int, int]]:
    """The sound matches in a normalized text that may be disguises, as (start, end, rule index), each once.

    Every match of a term's sound, less a span in ``spelt`` (some term spells it exactly: it is that term, not a
    sound-alike), ordinary words (:func:`innocent`) and, for a rule in ``pinyin_only``, spellings without letters.
    """
    if data.automaton is None:
        return []
    view = sound_view(text, data.table)
    span = view.span
    letters_from = view.firsts[0] if view.firsts else len(view.tokens)  # tokens before it are characters
    found: list[tuple[int, int, int]] = []
    seen: set[tuple[int, int, int]] = set()
    verdicts = data.verdicts
    for last, (count, entries) in data.automaton.iter(view.tokens):
        s, e = (last - count + 1, last + 1) if last < letters_from else span(last - count + 1, last)
        if (s, e) in spelt:
            continue
        written = text[s:e]
        for ri, term in entries:
            hit = (s, e, ri)
            if written == term or hit in seen:
                continue
            verdict = verdicts.get((written, term, is_word))
            if verdict is None:
                if len(verdicts) >= _MAX_VERDICTS:
                    verdicts.clear()
                verdict = verdicts[written, term, is_word] = innocent(written, term, data, is_word)
            if verdict:
                continue
            if ri in pinyin_only and not in_pinyin(written):
                continue  # the rule trusts pinyin spellings only: 是我 and 死我 sound like 私我
            seen.add(hit)
            found.append(hit)
    return found


def in_pinyin(written: str) -> bool:
    """True when a sound match is written at least partly in (lower-cased, normalized) pinyin letters."""
    return _LETTERS.search(written) is not None


def innocent(written: str, term: str, data: PhoneticData, is_word: Any) -> bool:
    """True when a sound match is an ordinary word rather than an evasion.

    Pinyin (any letter) is never ordinary Chinese; there the fuzzy pairs help, as
    people type zh for z.  Characters alone must keep at least one of the term's
    characters in place (醉强, 工仲号, 包本), must sound exactly like what they
    replace (最脏 is not 最赞), must swap in at least one character that is not
    among the most common of real text (是我 is not 私我), and must not themselves
    be a word: not a known homophone of the term, not in the segmenter's dictionary.
    Two or more characters swapped side by side must not make a word either: 不用浇水
    is watering, not 不用交税 (a writer who disguises swaps one character, or writes pinyin).
    """
    if in_pinyin(written):
        return False
    if len(written) != len(term) or all(map(str.__ne__, written, term)):
        return True
    swapped = [(a, b) for a, b in zip(written, term) if a != b]
    if all(a in data.common for a, _ in swapped):
        return True
    if not all(data.table.sound_alike(a, b) for a, b in swapped):
        return True
    if written in data.collisions.get(term, ()) or is_word(written):
        return True
    run = ""
    for a, b in zip(written + " ", term + " "):
        if a != b:
            run += a
            continue
        if len(run) >= 2 and is_word(run):
            return True
        run = ""
    return False
