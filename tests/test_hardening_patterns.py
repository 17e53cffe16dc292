"""Detectors run in linear time on any input, bundled or from a user's pack (issue 16).

A hang is what these tests guard against: each check runs in a worker thread
and must finish within a generous bound, so a regression fails instead of
blocking the suite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
from bounded import BOUND_S, finishes

from xhs_editor.engine import check_text, load_ruleset


PACK_HEAD = "pack: {name: hostile, version: '1', description: x}\n"


def _finishes(fn: Callable[[], Any]) -> Any:
    return finishes(fn, "the check did not finish: the pattern backtracks")


def _user_pack(tmp_path: Path, pattern: str) -> Path:
    (tmp_path / "hostile.yaml").write_text(
        PACK_HEAD + "detectors:\n  - id: hostile.rx\n    category: diversion\n"
        f"    pattern: '{pattern}'\n    message: {{zh: 坏, en: bad}}\n", encoding="utf-8")
    return tmp_path


def test_a_user_pattern_that_backtracks_catastrophically_does_not_hang_the_check(tmp_path: Path) -> None:
    rs = load_ruleset(extra_dirs=[_user_pack(tmp_path, "(a+)+$")], include_user=False,
                      include_bundled=False)
    assert not rs.errors
    assert _finishes(lambda: check_text("a" * 41 + "!", rs)) == []
    assert [f.matched for f in _finishes(lambda: check_text("baaa", rs))] == ["aaa"]


# Run in a child process with a memory cap: a regression (here or anywhere in check_text) is killed at the
# bound instead of leaving a thread that eats the machine's memory under the rest of the suite.
CHILD = """
import sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
except (ImportError, ValueError, OSError):
    pass
from xhs_editor.engine import check_text, load_ruleset
unit, count, tail, rule = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
found = check_text(unit * count + tail, load_ruleset(include_user=False))
print(sum(1 for f in found if f.rule == rule))
"""


@pytest.mark.parametrize("unit, count, tail, rule", [
    ("a点", 10_000, "", "diversion.domain"),  # quadratic in Python's re: 20,000 characters took 8 s
    ("a", 200_000, "@", "diversion.email"),  # 45 s in Python's re
    ("1", 100_000, "", "diversion.mobile"),
])
def test_bundled_detectors_stay_fast_on_adversarial_text(unit: str, count: int, tail: str, rule: str) -> None:
    import subprocess
    import sys

    try:
        done = subprocess.run([sys.executable, "-c", CHILD, unit, str(count), tail, rule], capture_output=True,
                              text=True, encoding="utf-8", timeout=2 * BOUND_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"checking {count} x {unit!r}{tail} did not finish in {2 * BOUND_S:.0f} s")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "0"


@pytest.mark.parametrize("pattern, problem", [
    ("(?=abc)abc", "cannot run in linear time"),
    ("(?<!ab)c", "tests more than one character"),
    (r"(a)\1", "back-references"),
    ("a(?<!b)c", "follows part of the match"),
    ("a(?!b)c", "follows a look-ahead"),
    ("(?:(?<!x)a)+", "repeated group"),
    ("(?<!x)a|b", "(?P<hit>"),
    ("a{4294967296}", "not a valid regular expression"),
])
def test_patterns_the_linear_engine_cannot_run_are_refused_with_file_and_line(
        tmp_path: Path, pattern: str, problem: str) -> None:
    rs = load_ruleset(extra_dirs=[_user_pack(tmp_path, pattern)], include_user=False, include_bundled=False)
    assert len(rs.errors) == 1
    error = rs.errors[0]
    assert error.path.endswith("hostile.yaml") and error.line == 3
    assert problem in error.problem and "hostile.rx" in error.problem


def test_one_character_look_arounds_keep_their_meaning(tmp_path: Path) -> None:
    rs = load_ruleset(extra_dirs=[_user_pack(tmp_path, r"(?<![0-9])\d{3}(?![0-9])")], include_user=False,
                      include_bundled=False)
    assert not rs.errors
    found = check_text("123 4567 89 012x345", rs)
    assert [(f.start, f.end, f.matched) for f in found] == [(0, 3, "123"), (12, 15, "012"), (16, 19, "345")]


def test_a_look_behind_inside_the_hit_tests_a_character_without_taking_it(tmp_path: Path) -> None:
    """A hit that starts with a cue written after a look-behind (the cue and the id underlined as one contact)
    begins at the cue, not at the character before it that the look-behind tested."""
    pattern = r"(?P<hit>(?:(?<![a-z])vx|微信)[:：]\s*[a-z]\w{4,})"
    rs = load_ruleset(extra_dirs=[_user_pack(tmp_path, pattern)], include_user=False, include_bundled=False)
    assert not rs.errors
    found = check_text("找我\nvx：lucy2024，或者 微信：momo_88", rs)
    assert [f.matched for f in found] == ["vx：lucy2024", "微信：momo_88"]
    assert check_text("abvx：lucy2024", rs) == []


def test_unicode_spaces_still_separate_a_wechat_id_from_its_label() -> None:
    rs = load_ruleset(include_user=False)
    found = [f for f in check_text("微信：\u3000lucy2024", rs) if f.rule == "diversion.wechat_id"]
    assert [f.matched for f in found] == ["微信：\u3000lucy2024"]  # the label and the id, as one contact


# --- the linear engine means what Python's re means ---------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_atoms = st.sampled_from(["a", "b", "中", r"\d", r"\w", r"\s", r"\W", "[ab]", "[^a]", r"[\d中]", "."])
_patterns = st.recursive(
    _atoms,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map("".join),
        st.tuples(inner, inner).map(lambda p: f"(?:{p[0]}|{p[1]})"),
        st.tuples(inner, st.sampled_from(["?", "*", "+", "{1,3}", "*?", "+?"])).map(lambda p: f"(?:{p[0]}){p[1]}"),
    ), max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(core=_patterns, before=st.sampled_from(["", "(?<![ab])", r"(?<!\d)", "(?<!中)"]),
       after=st.sampled_from(["", "(?![ab])", r"(?!\w)", r"(?!\s)"]),
       texts=st.lists(st.text(alphabet="ab中 1\u3000x٣_", max_size=25), min_size=1, max_size=5))
def test_spans_equal_pythons_finditer(core: str, before: str, after: str, texts: list[str]) -> None:
    import re

    from xhs_editor.engine.linear import compile_linear

    pattern = before + core + after
    if re.fullmatch(core, ""):
        return  # a pattern that can match empty text is refused when a pack loads
    linear = compile_linear(pattern)
    for text in texts:
        expected = [m.span() for m in re.finditer(pattern, text) if m.end() > m.start()]
        assert linear.spans(text) == expected, (pattern, text, linear.source)


def test_byte_offsets_become_character_offsets_however_many_there_are() -> None:
    """A few findings are counted between them, many at once; both give every offset's character index."""
    from xhs_editor.engine.linear import _FEW_OFFSETS, char_offsets

    text = "加微信😀abc，电话é" * 10
    data = text.encode()
    starts = [i for i in range(len(data) + 1) if i == len(data) or data[i] & 0xC0 != 0x80]
    expected = [len(data[:i].decode()) for i in starts]
    assert len(starts) > _FEW_OFFSETS
    assert char_offsets(data, starts) == expected
    assert char_offsets(data, starts[:5]) == expected[:5]
    assert char_offsets(data, []) == []
