"""Claims the writer takes back or only reports: 它不能让你变白, 有人跟你说"保本高收益".

A hit of a claim category (``claim: true`` in categories.yaml) whose clause has a
word of the vocabulary list ``claim_negations`` shortly before it, or a word of
``adjacent_negations`` right before it, is no finding; one
with a word of ``hearsay`` there is at most a hint.  Any hit between quotation
marks on a line that also holds a word of ``quote_cues`` (说, 宣传, 话术, 别信…)
is a quotation being discussed and at most a hint: a warning against a scam quotes
the scam.  So is a line that is one quotation, in a run of such lines introduced by a
line that ends with a colon and holds a quote cue (他们的话术：/“做一次白一个度”/“今天不办就没了”).
A hit of a category that people warn against (``warned: true``: illegal
services, fraud, gambling) with a word of ``warning_cues`` near it on its line
(诈骗, 别信, 举报…) is told in order to warn, and at most a hint.  The word lists are
data in ``rules/vocabulary.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import repeat
from dataclasses import dataclass

from .normalizer import QUOTE_PAIRS, SEPARATOR, Normalized, normalize, normalize_term

REACH = 10
"""How many normalized characters before a hit, within its clause, a negation or hearsay word may sit."""

WARN_REACH = 12
"""How far from a hit, on its line, a warning word makes it a warning rather than an offer."""

LIST_LABEL = 16
"""The longest label (emoji and numbering included) a list item may open with before its colon."""

_CLOSING = QUOTE_PAIRS
_OPENING = tuple(_CLOSING)
QUOTE_MARKS = frozenset(_CLOSING) | frozenset(_CLOSING.values())
"""Every opening and closing quotation mark."""
_QUOTE_REACH = 60
QUOTED_LINES = 8
"""How many lines of quotations in a row a colon and a quote cue before them may introduce."""
_WHOLE_QUOTE = re.compile("|".join(f"{re.escape(o)}[^{re.escape(c)}]*{re.escape(c)}" for o, c in _CLOSING.items()))
"""One quotation, whole, in any of the marks of :data:`_CLOSING`."""


def _alternation(words: tuple[str, ...], anchored: bool = False) -> re.Pattern[str] | None:
    norm = sorted({normalize_term(w) for w in words if normalize_term(w)}, key=len, reverse=True)
    if not norm:
        return None
    return re.compile("(?:" + "|".join(map(re.escape, norm)) + ")" + ("$" if anchored else ""))


@dataclass(frozen=True)
class Doubts:
    """The compiled word lists that take a claim back (negations), report it (hearsay) or quote it."""

    negations: re.Pattern[str] | None
    hearsay: re.Pattern[str] | None
    quote_cues: re.Pattern[str] | None
    warning_cues: re.Pattern[str] | None = None
    adjacent: re.Pattern[str] | None = None
    scopes: re.Pattern[str] | None = None
    openers: re.Pattern[str] | None = None
    note_cues: re.Pattern[str] | None = None
    clinic_cues: re.Pattern[str] | None = None
    clinic_unless: re.Pattern[str] | None = None

    @classmethod
    def from_vocabulary(cls, vocabulary: dict[str, tuple[str, ...]]) -> "Doubts":
        """The lists ``claim_negations``, ``hearsay``, ``quote_cues``, ``warning_cues``, ``adjacent_negations`` (with
        ``adjacent_negations_more``, words added since the claim tagger was trained),
        ``whole_scopes``, ``message_openers``, ``note_warning_cues`` (with ``note_warning_cues_more``, words added
        since the claim tagger was trained, which it does not read), ``note_clinic_cues`` and ``note_clinic_unless``
        of a rule set's vocabulary."""
        return cls(_alternation(vocabulary.get("claim_negations", ())),
                   _alternation(vocabulary.get("hearsay", ())),
                   _alternation(vocabulary.get("quote_cues", ())),
                   _alternation(vocabulary.get("warning_cues", ())),
                   _alternation(vocabulary.get("adjacent_negations", ()) + vocabulary.get("adjacent_negations_more", ()),
                                anchored=True),
                   _alternation(vocabulary.get("whole_scopes", ())),
                   _alternation(vocabulary.get("message_openers", ())),
                   _alternation(vocabulary.get("note_warning_cues", ()) + vocabulary.get("note_warning_cues_more", ())),
                   _alternation(vocabulary.get("note_clinic_cues", ())),
                   _alternation(vocabulary.get("note_clinic_unless", ())))

    def listed(self, norm: Normalized, start: int) -> bool:
        """True when the line of normalized position ``start``, as typed, opens with a short label and a colon
        before it (花生味：最好吃, A款：电池最大): one item of a list of options the writer compares.  A label with a
        word of ``message_openers`` (姐妹们：, 重点：) opens a message instead."""
        original = norm.original
        o_start = norm.to_original(start)
        line_start = original.rfind("\n", 0, o_start) + 1
        head = original[line_start:min(o_start, line_start + LIST_LABEL + 1)]
        colon = next((i for i, ch in enumerate(head) if ch in "：:"), -1)
        label = head[:colon]
        return (colon > 0 and not any(ch in "，,。！？" for ch in label)
                and (self.openers is None or self.openers.search(label) is None))
    def scoped(self, text: str, start: int, end: int) -> bool:
        """True when the hit or the few characters before it name a whole scope (全网, 史上, 全国…)."""
        return self.scopes is not None and self.scopes.search(text, max(0, start - 4), end) is not None

    def warned(self, text: str, start: int, end: int, line: tuple[int, int]) -> bool:
        """True when a word of ``warning_cues`` lies within ``WARN_REACH`` of ``text[start:end]`` on its line."""
        if self.warning_cues is None:
            return False
        lo, hi = line
        return (self.warning_cues.search(text, max(lo, start - WARN_REACH), start) is not None
                or self.warning_cues.search(text, end, min(hi, end + WARN_REACH)) is not None)

    def before(self, norm: Normalized, start: int) -> str | None:
        """"negated" or "hearsay" when such a word lies within reach before ``start``, in the hit's clause (which a
        plain space ends, as a comma does); else None."""
        text = norm.text
        lo = max(0, start - REACH, text.rfind(SEPARATOR, max(0, start - REACH), start) + 1)
        i = bisect_right(norm.breaks, start) - 1
        if i >= 0:
            lo = max(lo, norm.breaks[i])
        lo = norm.after_last_space(lo, start)
        window = text[lo:start]
        if not window:
            return None
        if self.negations is not None and self.negations.search(window):
            return "negated"
        if self.adjacent is not None and self.adjacent.search(window):
            return "negated"
        if self.hearsay is not None and self.hearsay.search(window):
            return "hearsay"
        return None

    def quoted(self, original: str, start: int, end: int) -> bool:
        """True when ``original[start:end]`` sits between quotation marks on a line that also holds a quote cue."""
        if self.quote_cues is None:
            return False
        line_start = original.rfind("\n", max(0, start - _QUOTE_REACH), start) + 1
        opening = max(map(original.rfind, _OPENING, repeat(line_start), repeat(start)))
        if opening < 0:
            return False
        mark = original[opening]
        closing_mark = _CLOSING[mark]
        if mark == closing_mark and original.count(mark, line_start, opening) % 2:
            return False  # that " closes an earlier quotation
        if original.find(closing_mark, opening + 1, start) >= 0:
            return False
        line_end = original.find("\n", end, end + _QUOTE_REACH)
        line_end = len(original) if line_end < 0 else line_end
        closing = original.find(closing_mark, end, line_end)
        if closing < 0:
            return False
        line = normalize(original[line_start:line_end]).text
        if self.quote_cues.search(line) is not None:
            return True
        if original[line_start:opening].strip() or original[closing + 1:line_end].strip():
            return False
        return self._introduced(original, line_start)

    def _introduced(self, original: str, line_start: int) -> bool:
        """True when the line before ``line_start``, past a run of lines that are each one quotation, ends with a colon
        and holds a quote cue: a list of the lines someone was told (他们的话术：/“…”/“…”)."""
        for _ in range(QUOTED_LINES):
            if line_start == 0:
                return False
            previous = original.rfind("\n", 0, line_start - 1) + 1
            line = original[previous:line_start - 1].strip()
            if not _WHOLE_QUOTE.fullmatch(line):
                return line.endswith(("：", ":")) and self.quote_cues.search(normalize(line).text) is not None
            line_start = previous
        return False
