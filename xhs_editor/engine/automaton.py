"""An Aho-Corasick automaton over the UTF-8 bytes of its words, reporting character offsets.

pyahocorasick looks a character up among a trie node's children one by one, and the root of
an automaton of Chinese words has thousands of children: on Chinese text every character pays
for that scan.  Over UTF-8 bytes no node has more than 256 children (the root a handful of
lead bytes), and the same search runs about three times faster even though the text is three
times longer.  Words and text are read as Latin-1, one character a byte, as pyahocorasick
wants; a match always ends on the last byte of a character, since every word is whole
characters and a UTF-8 lead byte never occurs inside a character.
"""

from __future__ import annotations

from typing import Any

import ahocorasick


def _bytes(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


class Utf8Automaton:
    """Words and their values; :meth:`iter` gives what ``ahocorasick.Automaton.iter`` gives on a ``str``."""

    __slots__ = ("_auto", "_words")

    def __init__(self) -> None:
        self._auto = ahocorasick.Automaton()
        self._words: list[str] = []

    def add_word(self, word: str, value: Any) -> None:
        """Add ``word`` (not empty) with ``value``; the last value given for a word is kept."""
        if self._auto.add_word(_bytes(word), value):
            self._words.append(word)

    def make_automaton(self) -> None:
        """Build the search links; call it after the last word and before :meth:`iter`."""
        self._auto.make_automaton()

    def __len__(self) -> int:
        return len(self._words)

    def keys(self) -> list[str]:
        """The words, in the order they were first added."""
        return list(self._words)

    def iter(self, text: str) -> list[tuple[int, Any]]:
        """(index of the match's last character in ``text``, value) for every match, in order of that index."""
        data = text.encode("utf-8", "surrogatepass")
        found = list(self._auto.iter(data.decode("latin-1")))
        if len(data) == len(text) or not found:  # ASCII: bytes and characters are one
            return found
        out = []
        done = 0  # bytes of ``data`` counted so far
        char = -1  # the index of the character whose last byte is ``done - 1``
        for end, value in found:
            if end >= done:
                char += len(data[done:end + 1].decode("utf-8", "surrogatepass"))
                done = end + 1
            out.append((char, value))
        return out
