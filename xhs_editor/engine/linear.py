"""Detector patterns run in time linear in the text, whatever the pattern.

Python's ``re`` backtracks: a user pack's ``(a+)+$`` hangs on a 41-character
line, and even careful patterns are quadratic when ``finditer`` retries a long
failing match at every position.  Detectors therefore run on RE2 (the
``google-re2`` package), which never backtracks.

RE2 has no look-arounds.  The one kind detectors need, "not preceded / not
followed by one character of a class" (``(?<![0-9])``, ``(?!\\d)``), is
rewritten into a consuming group (``(?:\\A|[^0-9])``, ``(?:\\z|\\D)``); the
finding's span is then the pattern's ``(?P<hit>…)`` group, added around the
pattern when its look-arounds are only at its two ends.  Anything else that
RE2 cannot run in linear time (back-references, other look-arounds) is refused
when the pack is loaded, with a sentence saying what to write instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import re2

__all__ = ["RE2_OPTIONS", "LinearPattern", "PatternRefused", "char_offsets", "compile_linear", "encode"]

_OPTIONS = RE2_OPTIONS = re2.Options()  # for every detector expression (the sieve compiles them again, the same way)
_OPTIONS.max_mem = 64 << 20  # room for the DFA of long alternations; still linear when exceeded
_OPTIONS.log_errors = False  # a refused pattern is reported with its pack's file and line, not on stderr
# Python's \s, \d and \w know Unicode (U+3000, which Chinese text is full of; 中文 as word characters);
# RE2's know ASCII only.  They are spelled out so that a pattern means what it means in Python.
_SPACES = r"\t-\r\x{1c}-\x{20}\x{85}\p{Z}"
_DIGITS = r"\p{Nd}"
_WORD = r"\p{L}\p{N}\p{Mn}\p{Mc}_"
_NEGATE_ESCAPE = {"d": f"[^{_DIGITS}]", "D": f"[{_DIGITS}]", "w": f"[^{_WORD}]", "W": f"[{_WORD}]",
                  "s": f"[^{_SPACES}]", "S": f"[{_SPACES}]"}
_ESCAPES = {r"\s": f"[{_SPACES}]", r"\S": f"[^{_SPACES}]", r"\d": f"[{_DIGITS}]", r"\D": f"[^{_DIGITS}]",
            r"\w": f"[{_WORD}]", r"\W": f"[^{_WORD}]"}
_IN_CLASS = {r"\s": _SPACES, r"\d": _DIGITS, r"\w": _WORD}
_QUANTIFIERS = "*+{"
_BEHIND = "behind_"
"""Name of the groups that hold a look-behind's consumed character (a pack's own group names are its business)."""


class PatternRefused(ValueError):
    """A detector pattern that cannot run in linear time; the message says why and what to write."""


@dataclass
class _Group:
    at_start: bool  # nothing of the match can come before this group
    has_lookbehind: bool = False
    must_end: bool = False  # a look-ahead inside: nothing may follow this group


@dataclass
class _Scan:
    out: list[str] = field(default_factory=list)
    lookbehinds: int = 0
    lookaheads: int = 0
    lookbehind_at_0: bool = False
    lookahead_at_end: bool = False
    top_level_bar: bool = False
    has_hit: bool = False
    without_start: dict[int, str] = field(default_factory=dict)  # index in ``out`` -> look-behind without \A


def _class_end(pattern: str, i: int) -> int:
    """Index just past the character class that starts at ``pattern[i] == '['``."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern):
        ch = pattern[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[" and pattern.startswith("[:", j):
            end = pattern.find(":]", j + 2)
            j = end + 2 if end != -1 else j + 1
            continue
        if ch == "]":
            return j + 1
        j += 1
    raise PatternRefused("a character class '[' is not closed with ']'")


def _class_for_re2(item: str) -> str:
    """A character class with Python's Unicode ``\\s``, ``\\d`` and ``\\w`` spelled out for RE2."""
    out, i = [], 0
    while i < len(item):
        if item[i] == "\\":
            out.append(_IN_CLASS.get(item[i:i + 2], item[i:i + 2]))
            i += 2
        else:
            out.append(item[i])
            i += 1
    return "".join(out)


def _negated_item(item: str) -> str:
    """The class of characters NOT matched by the one-character ``item``."""
    if item.startswith("["):
        item = _class_for_re2(item)
        return "[" + item[2:] if item.startswith("[^") else "[^" + item[1:]
    if item.startswith("\\"):
        if item[1:] in _NEGATE_ESCAPE:
            return _NEGATE_ESCAPE[item[1:]]
        return f"[^{item}]"
    return f"[^{re2.escape(item)}]"


def _one_char_item(pattern: str, i: int) -> tuple[str, int] | None:
    """The one-character test at ``i`` that a look-around holds, and the index past its ')'."""
    if i >= len(pattern):
        return None
    if pattern[i] == "[":
        j = _class_end(pattern, i)
    elif pattern[i] == "\\":
        j = i + 2
    elif pattern[i] in "()|*+?{.^$":
        return None
    else:
        j = i + 1
    if j < len(pattern) and pattern[j] == ")":
        return pattern[i:j], j + 1
    return None


_HOW = ("write it as (?<![…]) before the match or (?![…]) after it, testing one character, "
        "and mark the finding with (?P<hit>…)")


def _translate(pattern: str) -> _Scan:
    """Rewrite one-character negative look-arounds into consuming groups (see the module docstring)."""
    scan = _Scan()
    out = scan.out
    stack = [_Group(at_start=True)]
    at_start = True  # nothing of the match can precede the current position
    pending_end = False  # a look-ahead was just written: only ')' , '|' or the end may follow
    i, n = 0, len(pattern)
    last_closed: _Group | None = None
    while i < n:
        ch = pattern[i]
        closed, last_closed = last_closed, None
        if ch in _QUANTIFIERS or (ch == "?" and not pattern.startswith("(?", i - 1)):
            if closed is not None and (closed.has_lookbehind or closed.must_end) and ch != "?":
                raise PatternRefused("a repeated group holds a look-around, which the linear-time engine "
                                     "cannot run; " + _HOW)
            if pending_end and closed is None:
                raise PatternRefused("something follows a look-ahead (?!…); put it at the end of the "
                                     "pattern")
            if ch == "{":
                end = pattern.find("}", i)
                j = end + 1 if end != -1 else i + 1
            else:
                j = i + 1
            out.append(pattern[i:j])
            i = j
            continue
        if ch == "|":
            if len(stack) == 1:
                scan.top_level_bar = True
            at_start, pending_end = stack[-1].at_start, False
            out.append(ch)
            i += 1
            continue
        if ch == ")":
            if len(stack) == 1:
                raise PatternRefused("a ')' has no matching '('")
            group = stack.pop()
            if group.must_end:
                pending_end = True
                stack[-1].must_end = True
            stack[-1].has_lookbehind |= group.has_lookbehind
            at_start = False
            last_closed = group
            out.append(ch)
            i += 1
            continue
        if pending_end:
            raise PatternRefused("something follows a look-ahead (?!…); put it at the end of the pattern")
        for opener, behind in (("(?<!", True), ("(?!", False)):
            if pattern.startswith(opener, i):
                item = _one_char_item(pattern, i + len(opener))
                if item is None:
                    raise PatternRefused(f"the look-around at character {i + 1} tests more than one character; "
                                         + _HOW)
                test, j = item
                neg = _negated_item(test)
                if behind:
                    if not at_start:
                        raise PatternRefused(f"the look-behind at character {i + 1} follows part of the match; "
                                             + _HOW)
                    name = f"{_BEHIND}{scan.lookbehinds}"  # the character it tests is no part of a finding
                    scan.without_start[len(out)] = f"(?P<{name}>{neg})"
                    out.append(rf"(?:\A|(?P<{name}>{neg}))")
                    scan.lookbehinds += 1
                    scan.lookbehind_at_0 |= i == 0
                    stack[-1].has_lookbehind = True
                    at_start = False
                else:
                    out.append(rf"(?:\z|{neg})")
                    scan.lookaheads += 1
                    scan.lookahead_at_end |= j == n and len(stack) == 1
                    stack[-1].must_end = True
                    pending_end = True
                i = j
                break
        else:
            if pattern.startswith("(?=", i) or pattern.startswith("(?<=", i):
                raise PatternRefused(f"the look-around at character {i + 1} ((?=…) or (?<=…)) cannot run in "
                                     "linear time; write what it tests into the pattern itself")
            if ch == "(":
                if pattern.startswith("(?P<hit>", i):
                    scan.has_hit = True
                stack.append(_Group(at_start=at_start))
                j = i + 1
                if pattern.startswith("(?", i):
                    if pattern.startswith("(?P<", i):
                        j = pattern.find(">", i) + 1 or n
                    elif pattern.startswith("(?:", i):
                        j = i + 3
                    else:  # inline flags such as (?i) or (?i:
                        k = i + 2
                        while k < n and pattern[k] not in ":)":
                            k += 1
                        if k < n and pattern[k] == ")":
                            stack.pop()
                            out.append(pattern[i:k + 1])
                            i = k + 1
                            continue
                        j = k + 1
                out.append(pattern[i:j])
                i = j
                continue
            if ch == "[":
                j = _class_end(pattern, i)
            elif ch == "\\":
                j = i + 2
            else:
                j = i + 1
            if not (ch in "^$" or pattern.startswith(("\\b", "\\B", "\\A", "\\z"), i)):
                at_start = False
            piece = pattern[i:j]
            out.append(_class_for_re2(piece) if ch == "[" else _ESCAPES.get(piece, piece))
            i = j
    if len(stack) != 1:
        raise PatternRefused("a '(' is not closed with ')'")
    return scan


def _source(scan: _Scan, out: list[str]) -> str:
    """The RE2 pattern from translated pieces, with a hit group around it when its look-arounds need one."""
    source = "".join(out)
    if scan.lookbehinds + scan.lookaheads > 0 and not scan.has_hit:
        if scan.top_level_bar or scan.lookbehinds > int(scan.lookbehind_at_0) \
                or scan.lookaheads > int(scan.lookahead_at_end):
            raise PatternRefused("a pattern with look-arounds inside it must mark the finding with a "
                                 "(?P<hit>…) group")
        head = out[0] if scan.lookbehind_at_0 else ""
        tail = out[-1] if scan.lookahead_at_end else ""
        middle = source[len(head):len(source) - len(tail)]
        source = f"{head}(?P<hit>{middle}){tail}"
    return source


def _re2(source: str) -> "re2._Regexp":
    try:
        return re2.compile(source.encode("utf-8"), _OPTIONS)
    except re2.error as exc:
        raise PatternRefused(f"the linear-time engine cannot run this pattern ({exc}); back-references and "
                             "possessive or atomic groups are not supported") from None


def compile_linear(pattern: str) -> "LinearPattern":
    """``pattern`` (Python ``re`` syntax) ready to run on RE2; raises :class:`PatternRefused`."""
    scan = _translate(pattern)
    source = _source(scan, scan.out)
    compiled = _re2(source)
    rest = None
    if scan.without_start:
        # After a finding, the search goes on from its last character, which a look-behind may need to see;
        # there the start of the text cannot stand in for "no character before" any more.
        rest = _re2(_source(scan, [scan.without_start.get(i, piece) for i, piece in enumerate(scan.out)]))
    return LinearPattern(pattern, source, compiled, rest)


class LinearPattern:
    """A compiled detector pattern; :meth:`spans` lists its findings' spans in linear time."""

    __slots__ = ("pattern", "source", "_re", "_rest", "_hit", "_behind")

    def __init__(self, pattern: str, source: str, compiled: "re2._Regexp", rest: "re2._Regexp | None") -> None:
        self.pattern = pattern  # as written in the pack
        self.source = source  # as RE2 runs it
        self._re = compiled
        self._rest = rest  # with look-behinds: runs from the last character of the previous finding
        names = _group_names(compiled)
        self._hit = names.get("hit", 0)
        self._behind = tuple(k for name, k in names.items() if name.startswith(_BEHIND))
        """The groups of the characters look-behinds consumed: a hit that begins with one begins after it."""

    @property
    def groupindex(self) -> dict[str, int]:
        """Named groups of the pattern RE2 runs."""
        return _group_names(self._re)

    def matches_empty(self) -> bool:
        """Whether the pattern matches the empty text."""
        return self._re._regexp.Match(re2._Anchor.ANCHOR_BOTH, b"", 0, 0)[0] != (-1, -1)

    def spans(self, text: str, data: bytes | None = None) -> list[tuple[int, int]]:
        """(start, end) of each finding in ``text``, left to right, not overlapping; ``data``, when given, is
        ``text`` encoded as :func:`encode` does."""
        if data is None:
            data = encode(text)
        match = self._re._regexp.Match
        unanchored = re2._Anchor.UNANCHORED
        pos, end, hit, rest, behind = 0, len(data), self._hit, self._rest, self._behind
        last_end = 0
        found: list[int] = []  # byte offsets: start, end, start, end…
        while pos <= end:
            spans = match(unanchored, data, pos, end)
            whole = spans[0]
            if whole[0] < 0:
                break
            s, e = spans[hit]
            for k in behind:
                if spans[k][0] == s:
                    s = spans[k][1]
            if s >= last_end and e > s:
                found.append(s)
                found.append(e)
                last_end = nxt = e
                if rest is not None:  # go on from the hit's last character: the next look-behind may test it
                    match = rest._regexp.Match
                    nxt -= 1
                    while nxt > 0 and data[nxt] & 0xC0 == 0x80:
                        nxt -= 1
                # A hit found from ``nxt`` that starts before ``e`` overlaps this one and is passed over below,
                # so the search always moves on.
                pos = nxt
                continue
            nxt = max(pos, whole[0]) + 1  # no usable hit here: move on past where this match started
            while nxt < end and data[nxt] & 0xC0 == 0x80:
                nxt += 1
            pos = nxt
        if found and len(data) != len(text):
            found = char_offsets(data, found)
        return list(zip(found[::2], found[1::2]))


def encode(text: str) -> bytes:
    """``text`` as the bytes RE2 reads (a lone surrogate passes as its own three bytes)."""
    return text.encode("utf-8", "surrogatepass")


def _group_names(compiled: "re2._Regexp") -> dict[str, int]:
    return {(k.decode() if isinstance(k, bytes) else k): v for k, v in compiled.groupindex.items()}


_FEW_OFFSETS = 32
_CONTINUATION = bytes(range(0x80, 0xC0))  # the bytes that continue a UTF-8 character


def char_offsets(data: bytes, offsets: list[int]) -> list[int]:
    """UTF-8 byte offsets into ``data`` (in order, as findings give them) as ``str`` indices."""
    if len(offsets) <= _FEW_OFFSETS:  # counting between them costs less than numpy's set-up
        out = []
        done = char = 0
        for offset in offsets:
            char += len(data[done:offset].translate(None, _CONTINUATION))  # a character is a byte that starts one
            done = offset
            out.append(char)
        return out
    starts = (np.frombuffer(data, dtype=np.uint8) & 0xC0) != 0x80
    table = np.concatenate(([0], np.cumsum(starts, dtype=np.int64)))
    return table[np.asarray(offsets, dtype=np.int64)].tolist()
