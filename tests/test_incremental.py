"""Re-checking a long paragraph around an edit gives exactly what a full check gives."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xhs_editor.engine import check_text, load_ruleset
from xhs_editor.engine.incremental import recheck

PIECES = ["最好", "微信", "薇❤信", "极致", "100%有效", "点赞", "抽奖", "旺财", "138 1234 5678", "vx", "www.abc.com",
          "最近", "第一次", "稍微信任", "今天", "我们", "的", "护肤", "，", "。", " ", "❤", "送", "红包", "国家级", "保本"]


@pytest.fixture(scope="module")
def bundled():
    return load_ruleset(include_user=False)


def spans(findings):
    return sorted((f.start, f.end, f.rule, f.severity.value, f.matched) for f in findings)


def long_text(seed: int, size: int) -> str:
    rnd = random.Random(seed)
    out = []
    while sum(map(len, out)) < size:
        out.append(rnd.choice(PIECES))
    return "".join(out)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), where=st.floats(0, 1), cut=st.integers(0, 12),
       insert=st.sampled_from(["", "加我微信", "极", "最", "好", "😀", "。", "送红包", "1"]))
def test_recheck_equals_a_full_check(bundled, seed: int, where: float, cut: int, insert: str) -> None:
    old = long_text(seed, 3000)
    at = int(where * len(old))
    new = old[:at] + insert + old[at + cut:]
    got = recheck(old, check_text(old, bundled), new, bundled, margin=100)
    assert spans(got) == spans(check_text(new, bundled))


def test_typing_a_term_in_the_middle_of_a_long_paragraph(bundled) -> None:
    old = long_text(7, 20_000)
    findings = check_text(old, bundled)
    at = len(old) // 2
    text = old
    for i, ch in enumerate("加我薇信"):
        new = text[:at + i] + ch + text[at + i:]
        findings = recheck(text, findings, new, bundled)
        text = new
    assert spans(findings) == spans(check_text(text, bundled))
    assert any(f.category == "diversion" and f.start <= at + 2 < f.end for f in findings)
