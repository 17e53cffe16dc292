"""The UTF-8 automaton reports what a plain pyahocorasick automaton reports on the same text."""

from __future__ import annotations

import ahocorasick
from hypothesis import given, settings
from hypothesis import strategies as st

from xhs_editor.engine.automaton import Utf8Automaton

WORDS = ["最好", "好", "微信", "vx", "x", "😀好", "𠀋字", "a最", "最好用的"]


def _both(words: list[str]) -> tuple[Utf8Automaton, ahocorasick.Automaton]:
    mine, plain = Utf8Automaton(), ahocorasick.Automaton()
    for w in words:
        mine.add_word(w, (len(w), w))
        plain.add_word(w, (len(w), w))
    mine.make_automaton()
    plain.make_automaton()
    return mine, plain


def test_matches_end_on_character_offsets() -> None:
    auto, _ = _both(WORDS)
    text = "这是最好用的vx😀好𠀋字"
    found = [(end, word) for end, (_n, word) in auto.iter(text)]
    assert all(text[end - len(word) + 1:end + 1] == word for end, word in found)
    assert [w for _, w in found] == ["最好", "好", "最好用的", "vx", "x", "😀好", "好", "𠀋字"]


def test_ascii_text_and_keys() -> None:
    auto, _ = _both(WORDS)
    assert [end for end, _ in auto.iter("avx x")] == [2, 2, 4]
    assert len(auto) == len(WORDS) and sorted(auto.keys()) == sorted(WORDS)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="最好用的微信vxa😀𠀋字 \n", max_size=40))
def test_same_matches_as_pyahocorasick(text: str) -> None:
    mine, plain = _both(WORDS)
    assert list(mine.iter(text)) == list(plain.iter(text))


def test_another_matchers_words_ride_along_as_byte_offsets() -> None:
    auto = Utf8Automaton()
    auto.add_word("最好", "term")
    auto.add_other("最好", "claim")
    auto.add_other("一", "first string")
    auto.make_automaton()
    text = "a一个最好的"
    others: list[tuple[int, str]] = []
    assert auto.iter(text, others) == [(4, "term")]
    data = text.encode()
    assert [(data[:end + 1].decode()[-1], value) for end, value in others] == [("一", "first string"), ("好", "claim")]
    assert len(auto) == 1 and auto.keys() == ["最好"]
    assert auto.iter(text) == [(4, "term")]  # nobody asked for the others
