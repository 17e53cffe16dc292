"""Chinese word boundaries and parts of speech, from a maintained segmenter.

We use rjieba, the Python binding of jieba-rs (MIT): the same dictionary and tag
set as jieba, loaded in about a tenth of the time and segmenting tens of times
faster, which matters on the keystroke path.  The engine asks only about a small
window of the normalized text around a candidate hit; see :func:`words`.
"""

from __future__ import annotations

import functools
import threading
from typing import Any, Iterable, NamedTuple

_lock = threading.Lock()


class Word(NamedTuple):
    """One word of a segmented window: its span in the text given and its part-of-speech tag."""

    start: int
    end: int
    tag: str


_pending: set[str] = set()  # words to learn when the dictionary is loaded (see learn())


@functools.lru_cache(maxsize=1)
def _segmenter() -> Any:
    import rjieba

    _teach(rjieba, _pending)
    return rjieba


def _teach(seg: Any, new_words: Iterable[str]) -> bool:
    added = [w for w in new_words if len(w) >= 2 and not seg.has_word(w)]
    for w in added:
        seg.add_word(w, None, None)
    return bool(added)


LEARNED_LIST = "everyday_words"
"""The vocabulary list (rules/vocabulary.yaml) of words the segmenter's dictionary lacks (卫衣, 评论区)."""


def learn(new_words: Iterable[str]) -> None:
    """Add ``new_words`` to the segmenter's dictionary, so no hit starts or ends inside one of them
    (加卫 in 加卫衣 is no 加微, 刷评论 in 刷评论区 no 刷评论).

    Before the dictionary is loaded the words wait for it: building a rule set does not load it.
    """
    with _lock:
        if _segmenter.cache_info().currsize == 0:
            _pending.update(new_words)
            return
        added = _teach(_segmenter(), new_words)
    if added:
        _cut.cache_clear()
        _tag.cache_clear()
        positions.cache_clear()
        is_word.cache_clear()


def warm() -> None:
    """Load the segmenter's dictionary now (call it off the keystroke path, e.g. at start-up)."""
    with _lock:
        _segmenter().cut("预热", False)


@functools.lru_cache(maxsize=4096)
def _cut(window: str) -> tuple[tuple[int, int], ...]:
    with _lock:
        pieces = _segmenter().cut(window, False)  # dictionary words only: no guessed (HMM) words
    out: list[tuple[int, int]] = []
    pos = 0
    for piece in pieces:
        out.append((pos, pos + len(piece)))
        pos += len(piece)
    return tuple(out) if pos == len(window) else ()


@functools.lru_cache(maxsize=65536)
def is_word(text: str) -> bool:
    """True when ``text`` is a word of the segmenter's dictionary."""
    with _lock:
        return bool(_segmenter().has_word(text))


def cut(window: str) -> tuple[tuple[int, int], ...]:
    """The dictionary words of ``window`` as spans in it; unknown characters stand alone."""
    return _cut(window)


@functools.lru_cache(maxsize=4096)
def _tag(window: str) -> tuple[Word, ...]:
    with _lock:
        tagged = _segmenter().tag(window)
    out: list[Word] = []
    pos = 0
    for word, tag in tagged:
        out.append(Word(pos, pos + len(word), tag))
        pos += len(word)
    if pos != len(window):  # the segmenter dropped or added characters: no boundaries to trust
        return ()
    return tuple(out)


def words(text: str, start: int, end: int) -> tuple[Word, ...]:
    """The words of ``text[start:end]``, with spans in ``text``'s coordinates."""
    if start == 0 and end == len(text):
        return _tag(text)
    return tuple(Word(w.start + start, w.end + start, w.tag) for w in _tag(text[start:end]))


@functools.lru_cache(maxsize=4096)
def positions(text: str) -> tuple[str, ...]:
    """For each character of ``text``, where it sits in its word (B, M, E, or S for a word of one character)
    and the word's part of speech: 面膜 (n) gives Bn, En.  All "S" when the words do not add up to ``text``.

    What :func:`words` says, one string a character, for the claim tagger's features.
    """
    with _lock:
        tagged = _segmenter().tag(text)
    out: list[str] = []
    for word, tag in tagged:
        out += _SHAPES[len(word), tag]
    return tuple(out) if len(out) == len(text) else ("S",) * len(text)


class _Shapes(dict[tuple[int, str], tuple[str, ...]]):
    """(length, part of speech) → what :func:`positions` gives a word of that length, made once (a run of
    letters or digits can be a word of any length: those of more than 32 characters are made each time)."""

    def __missing__(self, key: tuple[int, str]) -> tuple[str, ...]:
        size, tag = key
        shape = ("S" + tag,) if size == 1 else ("B" + tag, *["M" + tag] * (size - 2), "E" + tag)
        if size <= 32:
            self[key] = shape
        return shape


_SHAPES = _Shapes()


def splits_word(text: str, spans: tuple[tuple[int, int], ...], pos: int, hit: tuple[int, int]) -> bool:
    """True when position ``pos``, an edge of ``hit``, falls inside a word of ``spans``.

    A compound of two words (名牌产品 = 名牌 + 产品, 奥运冠军 = 奥运 + 冠军) may
    be cut where its words meet: the hit keeps its edge when the compound's part
    inside the hit and its part outside are both words of two or more characters.
    """
    for a, b in spans:
        if a < pos < b:
            inner = (max(a, hit[0]), min(b, hit[1]))
            outer = (a, pos) if inner[0] == pos else (pos, b)
            if inner[1] - inner[0] >= 2 and outer[1] - outer[0] >= 2 \
                    and is_word(text[inner[0]:inner[1]]) and is_word(text[outer[0]:outer[1]]):
                return False
            return True
    return False


def word_at(segmented: tuple[Word, ...], pos: int) -> Word | None:
    """The word that starts at ``pos``."""
    for w in segmented:
        if w.start == pos:
            return w
    return None


def word_ending_at(segmented: tuple[Word, ...], pos: int) -> Word | None:
    """The word that ends at ``pos``."""
    for w in segmented:
        if w.end == pos:
            return w
    return None
