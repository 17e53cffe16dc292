"""Make the text of Qt's PDFs copy and search as the characters that were written.

Why: a PDF says which character each glyph stands for in a ``ToUnicode`` map.
Qt builds that map backwards, from each glyph to the *lowest* code point the
font maps to it.  CJK fonts such as Noto Sans CJK give a Kangxi radical
(U+2F00–U+2FDF) or a CJK radical supplement character (U+2E80–U+2EFF) the very
glyph of the ideograph it looks like, and those code points are lower, so 白
came out of the report as ⽩ (U+2F69), 用 as ⽤ and 网 as ⽹: a reviewer's
search or copy in the PDF failed.

:func:`fix_radicals` rewrites those entries of every ``ToUnicode`` map to the
ideograph sharing the glyph (from the fonts themselves; a Kangxi radical's
compatibility decomposition as a fallback) and moves the cross-reference
table to match.  The page content is not touched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

RADICALS = range(0x2E80, 0x2FE0)
"""CJK Radicals Supplement and Kangxi Radicals."""
_IDEOGRAPHS = (range(0x3400, 0x4DC0), range(0x4E00, 0xA000))

_STREAM = re.compile(rb"<< /Length (\d+) >>\nstream\n")
_HEX = re.compile(rb"<([0-9A-Fa-f]{4,8})>")
_LINEAR = re.compile(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)> <([0-9A-Fa-f]{4})>")
_CHAR = re.compile(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]{4,8})>")


@lru_cache(maxsize=8)
def radical_equivalents(families: tuple[str, ...]) -> dict[int, int]:
    """Radical code point → the ideograph that has the same glyph in one of ``families`` (installed ones)."""
    from PySide6.QtGui import QFont, QFontDatabase, QRawFont

    installed = set(QFontDatabase.families())
    radicals = "".join(map(chr, RADICALS))
    ideographs = "".join(chr(c) for block in _IDEOGRAPHS for c in block)
    out: dict[int, int] = {}
    for family in families:
        if family not in installed:
            continue
        for bold in (False, True):
            font = QFont(family)
            font.setBold(bold)
            raw = QRawFont.fromFont(font)
            if not raw.isValid():
                continue
            first: dict[int, str] = {}
            for ch, glyph in zip(ideographs, raw.glyphIndexesForString(ideographs)):
                if glyph:
                    first.setdefault(glyph, ch)
            for ch, glyph in zip(radicals, raw.glyphIndexesForString(radicals)):
                if glyph in first:
                    out.setdefault(ord(ch), ord(first[glyph]))
    for code in RADICALS:
        folded = unicodedata.normalize("NFKC", chr(code))
        if folded != chr(code) and len(folded) == 1:
            out.setdefault(code, ord(folded))
    return out


def _fix_cmap(cmap: bytes, table: dict[int, int]) -> bytes:
    """One ToUnicode map with radicals replaced in its destinations; a linear range holding one is
    spelled out as an array."""
    def dest(token: bytes) -> bytes:
        code = int(token, 16)
        return b"%04X" % table[code] if len(token) == 4 and code in table else token

    lines = cmap.split(b"\n")
    for i, line in enumerate(lines):
        m = _LINEAR.fullmatch(line)
        if m:
            lo, hi, first = int(m.group(1), 16), int(m.group(2), 16), int(m.group(3), 16)
            codes = [first + k for k in range(hi - lo + 1)]
            if any(c in table for c in codes):
                items = b" ".join(b"<%04X>" % table.get(c, c) for c in codes)
                lines[i] = b"<%s> <%s> [%s]" % (m.group(1), m.group(2), items)
            continue
        head, bracket, rest = line.partition(b"[")
        if bracket and _HEX.match(head):
            lines[i] = head + bracket + _HEX.sub(lambda t: b"<%s>" % dest(t.group(1)), rest)
            continue
        m = _CHAR.fullmatch(line)
        if m:
            lines[i] = b"<%s> <%s>" % (m.group(1), dest(m.group(2)))
    return b"\n".join(lines)


def fix_radicals(pdf: bytes, families: Iterable[str]) -> bytes:
    """``pdf`` (as ``QPdfWriter`` writes it) with look-alike radicals in its ToUnicode maps replaced."""
    table = radical_equivalents(tuple(families))
    edits: list[tuple[int, int, bytes]] = []
    for m in _STREAM.finditer(pdf):
        start = m.end()
        end = start + int(m.group(1))
        body = pdf[start:end]
        if b"begincmap" not in body or b"beginbf" not in body:
            continue
        fixed = _fix_cmap(body, table)
        if fixed != body:
            edits.append((m.start(), end, b"<< /Length %d >>\nstream\n" % len(fixed) + fixed))
    return _apply(pdf, edits) if edits else pdf


def _apply(pdf: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """``pdf`` with ``edits`` made, its cross-reference offsets moved by what changed before them."""
    out, pos = [], 0
    shifts: list[tuple[int, int]] = []  # (old end of an edit, total growth up to it)
    growth = 0
    for start, end, new in edits:
        out.append(pdf[pos:start])
        out.append(new)
        growth += len(new) - (end - start)
        shifts.append((end, growth))
        pos = end
    out.append(pdf[pos:])
    text = b"".join(out)

    def moved(offset: int) -> int:
        return offset + max((g for e, g in shifts if e <= offset), default=0)

    xref = text.rfind(b"\nxref\n") + 1
    tail = text[xref:]
    tail = re.sub(rb"(?m)^(\d{10}) (\d{5}) n", lambda m: b"%010d %s n" % (moved(int(m.group(1))), m.group(2)), tail)
    tail = re.sub(rb"startxref\n(\d+)", lambda m: b"startxref\n%d" % moved(int(m.group(1))), tail)
    return text[:xref] + tail
