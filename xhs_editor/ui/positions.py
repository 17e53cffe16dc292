"""Converting between Python ``str`` indices and Qt's UTF-16 positions.

Characters outside the Basic Multilingual Plane (most emoji) are one Python
character but two UTF-16 code units.
"""

from __future__ import annotations

import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_astral(text: str) -> bool:
    """Whether ``text`` holds a character that takes two UTF-16 units."""
    return _ASTRAL.search(text) is not None


def to_utf16(text: str, index: int) -> int:
    """The UTF-16 offset of Python index ``index`` in ``text``."""
    head = text[:index]
    return index + len(_ASTRAL.findall(head)) if has_astral(head) else index


def from_utf16(text: str, offset: int) -> int:
    """The Python index of UTF-16 offset ``offset`` in ``text`` (rounded down inside a pair)."""
    if not has_astral(text):
        return min(offset, len(text))
    units = 0
    for i, ch in enumerate(text):
        step = 2 if ord(ch) > 0xFFFF else 1
        if units + step > offset:
            return i
        units += step
    return len(text)
