"""A first-character filter for detector patterns.

Python's ``re`` tries a pattern that starts with a look-behind or an optional
group at every position of the text, which is slow on long notes.  Prefixing
the pattern with a look-ahead for the characters a match can start with,
``(?=[…])``, lets ``re`` skip quickly to candidate positions.  The look-ahead
only restates a condition every match already meets, so matches are unchanged.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _parse  # type: ignore[attr-defined]
    from re._compiler import MAXCODE as _MAXCODE  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _parse  # type: ignore[no-redef]
    from sre_compile import MAXCODE as _MAXCODE  # type: ignore[no-redef]

_CATEGORIES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_WORD: r"\w"}
_REPEATS = tuple(op for op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) if op)
_ZERO_WIDTH = (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT)


class _Unknown(Exception):
    """The characters a match can start with cannot be listed."""


def _first_of_sequence(items: Any) -> tuple[list[str], bool]:
    """(class pieces a match of ``items`` can start with, whether ``items`` can match empty)."""
    pieces: list[str] = []
    for op, av in items:
        first, nullable = _first_of_op(op, av)
        pieces.extend(first)
        if not nullable:
            return pieces, False
    return pieces, True


def _first_of_op(op: Any, av: Any) -> tuple[list[str], bool]:
    if op is _sre.LITERAL:
        return [re.escape(chr(av))], False
    if op is _sre.IN:
        pieces = []
        for iop, iav in av:
            if iop is _sre.LITERAL:
                pieces.append(re.escape(chr(iav)))
            elif iop is _sre.RANGE:
                pieces.append(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
            elif iop is _sre.CATEGORY and iav in _CATEGORIES:
                pieces.append(_CATEGORIES[iav])
            else:
                raise _Unknown
        return pieces, False
    if op is _sre.BRANCH:
        pieces, nullable = [], False
        for seq in av[1]:
            first, empty = _first_of_sequence(seq)
            pieces.extend(first)
            nullable = nullable or empty
        return pieces, nullable
    if op is _sre.SUBPATTERN:
        if av[1] or av[2]:
            raise _Unknown  # inline flags change what a character class means
        return _first_of_sequence(av[3])
    if op in _REPEATS:
        first, empty = _first_of_sequence(av[2])
        return first, empty or av[0] == 0
    if op in _ZERO_WIDTH:
        return [], True
    raise _Unknown


def with_first_char_filter(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled, with a leading ``(?=[…])`` when its first characters can be listed."""
    compiled = re.compile(pattern, flags)
    try:
        pieces, nullable = _first_of_sequence(_parse.parse(pattern, flags))
    except (_Unknown, re.error, TypeError, IndexError, ValueError):
        return compiled
    if nullable or not pieces:
        return compiled
    try:
        return re.compile(f"(?=[{''.join(dict.fromkeys(pieces))}])(?:{pattern})", flags)
    except re.error:
        return compiled


def _score(pieces: list[str]) -> int:
    """How common the characters of a class are: ranges and categories count heavily."""
    return sum(40 if ("-" in p[1:] or p.startswith("\\") and p[1:2] in "dswDSW") else 1 for p in pieces)


def _must_of_sequence(items: Any) -> list[str] | None:
    """A class of which every match of ``items`` contains at least one character (the rarest found)."""
    best: list[str] | None = None
    for op, av in items:
        pieces = _must_of_op(op, av)
        if pieces and (best is None or _score(pieces) < _score(best)):
            best = pieces
    return best


def _must_of_op(op: Any, av: Any) -> list[str] | None:
    if op is _sre.LITERAL or op is _sre.IN:
        return _first_of_op(op, av)[0]
    if op is _sre.BRANCH:
        union: list[str] = []
        for seq in av[1]:
            pieces = _must_of_sequence(seq)
            if not pieces:
                return None  # one way to match needs none of the others' characters
            union.extend(pieces)
        return union
    if op is _sre.SUBPATTERN and not (av[1] or av[2]):
        return _must_of_sequence(av[3])
    if op in _REPEATS and av[0] >= 1:
        return _must_of_sequence(av[2])
    return None


def required_chars(pattern: str, flags: int = 0, parsed: Any = None) -> re.Pattern[str] | None:
    """A pattern for the characters every match must contain one of, or None when unknown.

    A text without any of them cannot match, so the detector is skipped with
    one quick scan (a note without "@" is never searched for e-mail addresses).
    ``parsed`` is ``pattern`` already parsed (:func:`parse_checked`), if it was.
    """
    try:
        pieces = _must_of_sequence(parsed if parsed is not None else _parse.parse(pattern, flags))
    except (_Unknown, re.error, TypeError, IndexError, ValueError):
        return None
    if not pieces or _score(pieces) >= 40:
        return None  # digits or letters: almost every note has them, the scan would not pay
    try:
        return re.compile(f"[{''.join(dict.fromkeys(pieces))}]", flags)
    except re.error:
        return None


def parse_checked(pattern: str, flags: int = 0) -> Any:
    """``pattern`` read as ``re.compile`` reads it, without compiling it: parsed, and every look-behind checked
    for a fixed width, the one check compiling adds.  Raises what ``re.compile`` raises (``re.error``,
    ``OverflowError``, ``RecursionError``).

    Detectors run on RE2, so a pack's pattern is compiled by ``re`` only to be checked, and compiling the
    large character classes detectors hold ([^a-z0-9一-鿿]) is most of what that costs.
    """
    parsed = _parse.parse(pattern, flags)
    _check_lookbehinds(parsed)
    return parsed


_ASSERTS = (_sre.ASSERT, _sre.ASSERT_NOT)


def _check_lookbehinds(items: Any) -> None:
    """Raise what compiling raises for a look-behind in ``items``, in the order compiling meets them."""
    for op, av in items:
        if op in _ASSERTS and av[0] < 0:
            lo, hi = av[1].getwidth()
            if lo > _MAXCODE:
                raise re.error("looks too much behind")
            if lo != hi:
                raise re.error("look-behind requires fixed-width pattern")
        for sub in _subpatterns(av):
            _check_lookbehinds(sub)


def _subpatterns(av: Any) -> list[Any]:
    """The subpatterns an item holds, in order (a group's, each branch's, a repeat's, a look-around's)."""
    if isinstance(av, _parse.SubPattern):
        return [av]
    if isinstance(av, (tuple, list)):
        return [sub for x in av for sub in _subpatterns(x)]
    return []
