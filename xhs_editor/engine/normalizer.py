"""Normalization of text for matching, with a map back to the original offsets.

Two views of a text are produced:

* the *folded* view has exactly the length of the original: traditional
  characters become simplified (OpenCC), full-width forms become half-width and
  letters are lower-cased.  Regular-expression detectors run on it, so their
  offsets are the original offsets.
* the *normalized* view is the folded view with the characters people slip
  between a term's characters removed (spaces, punctuation, symbols, emoji and
  their joiners, zero-width characters).  Where removal would glue words across
  a line break, a sentence end or a long run of noise, a ``\\n`` separator is
  kept instead.  ``Normalized.to_original`` maps any position back.
"""

from __future__ import annotations

import bisect
import functools
from itertools import accumulate, chain, compress
import re
import unicodedata
from dataclasses import dataclass

import opencc

SEPARATOR = "\n"
# A gap of noise longer than this many visible characters no longer joins words.
MAX_VISIBLE_NOISE = 3
MAX_NOISE_LENGTH = 12
# Sentence ends split words even when they are the only noise between them.
_BREAKERS = frozenset("\n\r\u2028\u2029。！？!?；;…")
# Punctuation inside a sentence: a term does not run across it (面，相 is not 面相) unless its rule says so
# (``across_punctuation``), so the gap is recorded in ``Normalized.breaks`` rather than left as a separator.
# An ASCII full stop or colon counts only beside a space: inside words it is part of NO.1, 3.5 or 10:30.
_PAUSES = frozenset("，、：,#")  # a # starts a topic: #孕期护肤 #孕妈 are two
_SPACED_PAUSES = frozenset(".:")
QUOTE_PAIRS = {"“": "”", "\"": "\"", "「": "」", "『": "』", "‘": "’"}
"""Each opening quotation mark and the mark that closes it."""
# Two quotations side by side (“免费”“零团费”) are two items, as if a comma parted them.
_CLOSING_QUOTES = frozenset(QUOTE_PAIRS.values()) - {"\""}
_OPENING_QUOTES = frozenset(QUOTE_PAIRS) - {"\""}
# Characters that ride on a previous one and are never visible on their own.
_JOINER_RANGES = [(0x200B, 0x200F), (0x2060, 0x2064), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
                  (0x1F3FB, 0x1F3FF), (0xE0000, 0xE007F), (0xE0100, 0xE01EF), (0x20E3, 0x20E3)]
# Chinese numerals as digits, capital (financial) forms and 幺 (how 1 is read out in phone numbers) included.
_CHINESE_DIGITS = str.maketrans("零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖幺两洞拐勾腰参", "001234567891234567891207913")


def _is_noise_category(cat: str) -> bool:
    return cat[0] in "PSZC" or cat in ("Mn", "Me")


@functools.lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """One translate table for trad→simp, full→half width and lower case."""
    table: dict[int, str] = {}
    converter = _converter()
    blocks = [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)]
    for lo, hi in blocks:
        chars = [chr(c) for c in range(lo, hi)]
        converted = converter.convert("\n".join(chars)).split("\n")
        if len(converted) == len(chars):
            for src, dst in zip(chars, converted):
                if len(dst) == 1 and dst != src:
                    table[ord(src)] = dst
    # Full-width letters, digits and the symbols of addresses (＠．／＿－＋＃％). Full-width Chinese
    # punctuation (，：！？) stays as it is: it is common, already noise, and detectors name it.
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), *map(ord, "＠．／＿－＋＃％")]:
        table[code] = chr(code - 0xFEE0).lower()
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    # A keycap digit (1️⃣ is 1, U+FE0F, U+20E3) is the digit and two invisible marks: read the marks as
    # spaces, so a phone number written in keycaps is digits with spaces between, as detectors allow.
    table[0xFE0F] = table[0x20E3] = " "
    table[0x3000] = " "  # the full-width space between the digit groups of １５９　２８３６　７７０１
    # Parenthesized and full-stop digits (⑴⑶⑻, ⒈⒊⒏) are digits too; NFKC spells them with two or three characters.
    # So are the parenthesized and circled ideographs one to nine (㈨㈧, ㊂), which NFKC leaves as Chinese numerals.
    for k in range(9):
        table[0x2474 + k] = table[0x2488 + k] = table[0x3220 + k] = table[0x3280 + k] = str(k + 1)
    # The dingbat circled digits (❶ ➀ ➊, and ⓿), which NFKC leaves as they are.
    for k in range(10):
        table[0x2776 + k] = table[0x2780 + k] = table[0x278A + k] = str((k + 1) % 10)
    table[0x24FF] = "0"
    # The double circled digits (⓵⓷⓼), which NFKC leaves as they are.
    for k in range(9):
        table[0x24F5 + k] = str(k + 1)
    # The negative circled and negative squared letters (🅥, 🅤, 🆅), which NFKC leaves as they are.
    for k in range(26):
        table[0x1F150 + k] = table[0x1F170 + k] = chr(ord("a") + k)
    # The squared ideographs (🈚 无, 🉑 可, 🈶 有) stand for their character in 🈚广 and 🉑私; 🉐 (得) is
    # more often an ornament dropped into a word (代🉐做), so it stays noise.
    for code in range(0x1F200, 0x1F300):
        nf = unicodedata.normalize("NFKC", chr(code))
        if len(nf) == 1 and "\u4e00" <= nf <= "\u9fff" and code != 0x1F250:
            table[code] = converter.convert(nf)
    # Letters in other blocks that people use to dodge filters (𝐯𝐱, ⓥ, ｖ, the Roman numeral ⅴ): NFKC, when it keeps
    # one char.
    for lo, hi in [(0x00C0, 0x0250), (0x2160, 0x2180), (0x2460, 0x24FF), (0x1D400, 0x1D800), (0x1F130, 0x1F18A)]:
        for code in range(lo, hi):
            ch = chr(code)
            nf = unicodedata.normalize("NFKC", ch).lower()
            if len(nf) == 1 and nf != ch and nf.isascii() and nf.isalnum():
                table[code] = nf
            elif (base := unicodedata.normalize("NFKD", ch)[:1].lower()).isascii() and base.isalpha() \
                    and len(unicodedata.normalize("NFKD", ch)) > 1:
                table[code] = base  # pinyin with tone marks: sī → si, mēi → mei
    return table


# Blocks scanned for noise characters; CJK ideographs, Hangul and private use are skipped.
_SCAN_BLOCKS = [(0x0000, 0x3400), (0xA000, 0xAC00), (0xD7B0, 0xE000), (0xF900, 0x10000), (0x1F000, 0x1FC00)]


def _char_class(codes: list[int]) -> str:
    codes = sorted(set(codes))
    parts = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = chr(codes[i]), chr(codes[j])
        parts.append(re.escape(lo) if i == j else f"{re.escape(lo)}-{re.escape(hi)}")
        i = j + 1
    return "[" + "".join(parts) + "]"


@functools.lru_cache(maxsize=1)
def _classes() -> tuple[str, str, str]:
    """Regex classes: (all noise, invisible noise, visible noise)."""
    noise: list[int] = []
    for lo, hi in _SCAN_BLOCKS:
        for code in range(lo, hi):
            if _is_noise_category(unicodedata.category(chr(code))) or 0x1F000 <= code:
                noise.append(code)
    invisible = [c for c in noise if chr(c).isspace()]
    invisible += [c for lo, hi in _JOINER_RANGES for c in range(lo, hi + 1)]
    invisible += [c for c in noise if unicodedata.category(chr(c)) in ("Mn", "Me", "Cf")]
    noise += [c for lo, hi in _JOINER_RANGES for c in range(lo, hi + 1)]
    inv = set(invisible)
    visible = [c for c in noise if c not in inv]
    return _char_class(noise), _char_class(invisible), _char_class(visible)


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(breaking gap, noise run).

    A run of noise is a breaking gap, one that must not join words, when it
    fully matches the first pattern: those holding a line break or sentence end, those longer
    than MAX_NOISE_LENGTH, and those with more than MAX_VISIBLE_NOISE visible
    characters (an emoji ZWJ sequence counts once).
    """
    noise, inv, vis = _classes()
    brk = "[" + re.escape("".join(sorted(_BREAKERS))) + "]"
    unit = f"{inv}*{vis}(?:\u200d{vis}{inv}?)*"
    breaking = (
        f"{noise}*{brk}{noise}*"
        f"|{noise}{{{MAX_NOISE_LENGTH + 1},}}"
        f"|(?:{unit}){{{MAX_VISIBLE_NOISE + 1},}}{noise}*"
    )
    return re.compile(breaking), re.compile(noise + "+")


@functools.lru_cache(maxsize=1)
def _foldable() -> re.Pattern[str]:
    return re.compile(_char_class(list(_fold_table())) + "+")


@functools.lru_cache(maxsize=1)
def _fold_runs() -> re.Pattern[str]:
    """Runs of characters to translate: the foldable ones of the BMP and any beyond it.

    ``re`` looks a BMP character up in one bitmap, but tries every range beyond the BMP one by one, for every
    character of the text; one range for all of them is cheap, and those that do not fold translate to themselves.
    """
    bmp = [code for code in _fold_table() if code <= 0xFFFF]
    return re.compile(_char_class(bmp)[:-1] + "\U00010000-\U0010ffff]+")


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(_fold_table())


def fold(text: str) -> str:
    """Traditional→simplified, full→half width, lower case; same length as ``text``."""
    # Most notes are already simplified: translate only the runs that change.
    # A long text with many traditional characters goes through OpenCC whole.
    if len(text) > 4000 and len(_foldable().findall(text, 0, 2000)) > 100:
        converted = _converter().convert(text)
        if len(converted) == len(text):
            text = converted
    return _fold_runs().sub(_fold_run, text)


_SPOKEN = frozenset("洞拐勾腰参")
"""How digits are said over a radio or a phone (洞 0, 拐 7, 勾 9, 腰 for 幺 1), and 參, which traditional text writes
for 叁 (壹參參) and simplifies to 参: read as digits only in a run that also holds an ordinary numeral (幺三拐 洞洞两),
never alone (山洞, 拐弯, 腰疼, 参加)."""


def _digits_run(m: re.Match[str]) -> str:
    run = m.group()
    if not _SPOKEN.isdisjoint(run) and _SPOKEN.issuperset(run):
        return run
    return run.translate(_CHINESE_DIGITS)


_CHINESE_DIGIT_RUN = re.compile("[零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖幺两洞拐勾腰参]+")

_DIGIT_DRESS = str.maketrans("¹²³⁰⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉‧∙⋅･‐‑‒–—―﹣", "1230456789" "0123456789" "...." "-------")
"""Superscript and subscript digits (¹³⁷), and the dots and dashes people put between digit groups (‧, —), as the
digits view reads them."""

_DRESSED = re.compile("[" + re.escape("".join(map(chr, _DIGIT_DRESS))) + "]")

_LETTER_ZERO = re.compile(r"(?<=\d)(?:[ \-.·•]{0,2}o)+(?=[ \-.·•]{0,2}\d)")


def fold_digits(folded: str) -> str:
    """``folded`` with Chinese numerals, superscript digits and the spoken digits of a phone number (洞 0, 拐 7) read
    as ASCII digits, dots and dashes between digits as ``.`` and ``-``, and letters o between digits as zeros
    (1三9·O876·55二1, 13O-O555); same length."""
    digits = _CHINESE_DIGIT_RUN.sub(_digits_run, folded)
    if _DRESSED.search(digits) is not None:  # rare; translating a whole text character by character is not
        digits = digits.translate(_DIGIT_DRESS)
    return _LETTER_ZERO.sub(lambda m: m.group().replace("o", "0"), digits) if "o" in digits else digits


TYPED_SPACES = (" ", "\u3000")
"""The spaces that part words in what the user typed (the normalizer drops them between characters)."""


@dataclass(frozen=True)
class Normalized:
    """A normalized text with its map back to the original.

    ``runs`` holds, for each stretch of kept characters, ``(norm_start,
    orig_start)``; within a run positions advance together.
    """

    original: str
    folded: str
    text: str
    run_norm: tuple[int, ...]
    run_orig: tuple[int, ...]
    breaks: tuple[int, ...] = ()
    """Positions in ``text`` where in-sentence punctuation (，、：) was dropped just before the character."""

    def crosses_break(self, start: int, end: int) -> bool:
        """True when normalized characters ``start`` .. ``end - 1`` were separated by punctuation."""
        if not self.breaks:
            return False
        i = bisect.bisect_right(self.breaks, start)
        return i < len(self.breaks) and self.breaks[i] < end

    def after_last_space(self, lo: int, start: int) -> int:
        """``lo``, or the first normalized position after the last plain space dropped between ``lo`` and ``start``
        (on the platform a space often does a comma's work: 擦了完全没长妊娠纹 保证有效 is two clauses)."""
        rn, ro, original = self.run_norm, self.run_orig, self.original
        i = bisect.bisect_right(rn, start) - 1
        i -= i % 2  # kept stretches start at even indices; the gap before one is original[ro[i - 1]:ro[i]]
        while i >= 2 and rn[i] > lo:
            gap = original[ro[i - 1]:ro[i]]
            if any(space in gap for space in TYPED_SPACES):
                return rn[i]
            i -= 2
        return lo

    def to_original(self, pos: int) -> int:
        """The original index of normalized character ``pos``."""
        i = bisect.bisect_right(self.run_norm, pos) - 1
        return self.run_orig[i] + (pos - self.run_norm[i])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering normalized characters ``start`` .. ``end - 1``."""
        return self.to_original(start), self.to_original(end - 1) + 1


def normalize(text: str) -> Normalized:
    """Fold ``text`` and drop the noise between characters, keeping the offset map."""
    folded = fold(text)
    # Everything below iterates in C (split, map, accumulate): a long text has
    # tens of thousands of gaps, and the same few gap strings over and over.
    parts = _splitter().split(folded)
    kept = parts[0::2]
    gaps = parts[1::2]
    separators: dict[str, str] = {}
    pauses: dict[str, bool] = {}
    for g in set(gaps):
        separators[g], pauses[g] = _gap(g)
    seps = list(map(separators.__getitem__, gaps))
    seps.append("")
    normalized = "".join(chain.from_iterable(zip(kept, seps)))
    kept_lens = list(map(len, kept))
    run_norm = (0, *accumulate(chain.from_iterable(zip(kept_lens, map(len, seps[:-1])))))
    run_orig = (0, *accumulate(chain.from_iterable(zip(kept_lens, map(len, gaps)))))
    breaks = tuple(compress(run_norm[2::2], map(pauses.__getitem__, gaps))) if any(pauses.values()) else ()
    return Normalized(text, folded, normalized, run_norm, run_orig, breaks)


def _gap_facts(gap: str) -> tuple[str, bool]:
    """What a gap of noise leaves (its separator) and whether it is a pause (:data:`Normalized.breaks`)."""
    sep = _separator_for(gap)
    return sep, not sep and _is_pause(gap)


_short_gap = functools.lru_cache(maxsize=4096)(_gap_facts)


def _gap(gap: str) -> tuple[str, bool]:
    """:func:`_gap_facts`, remembered for short gaps (long gaps are rare, and too many to remember)."""
    return _gap_facts(gap) if len(gap) > MAX_VISIBLE_NOISE else _short_gap(gap)


def _is_pause(gap: str) -> bool:
    """True when a gap that joins words holds in-sentence punctuation."""
    if not _PAUSES.isdisjoint(gap):
        return True
    closing = next((i for i, ch in enumerate(gap) if ch in _CLOSING_QUOTES), -1)
    if '""' in gap or (closing >= 0 and not _OPENING_QUOTES.isdisjoint(gap[closing + 1:])):
        return True
    return not _SPACED_PAUSES.isdisjoint(gap) and any(ch.isspace() for ch in gap)


def _separator_for(gap: str) -> str:
    """The separator a gap of noise leaves in the normalized text: "" or SEPARATOR."""
    if len(gap) <= MAX_VISIBLE_NOISE:
        return "" if _BREAKERS.isdisjoint(gap) else SEPARATOR
    return SEPARATOR if _patterns()[0].fullmatch(gap) else ""


@functools.lru_cache(maxsize=1)
def _splitter() -> re.Pattern[str]:
    return re.compile("(" + _patterns()[1].pattern + ")")


@functools.lru_cache(maxsize=1 << 15)  # a rule set normalizes its 7,000 words 24,000 times (validation, matchers)
def normalize_term(term: str) -> str:
    """The form a term is matched in: folded and with all noise removed."""
    return _patterns()[1].sub("", fold(term)).replace("\n", "")

