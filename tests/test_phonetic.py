"""The sound channel: sound-alikes and pinyin are found, ordinary words are not (issue 13)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from xhs_editor.engine import Severity, check_text, load_ruleset
from xhs_editor.engine.phonetic import PhoneticTable, fuzzy, sound_view

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "rules" / "generated" / "phonetic.json"


@pytest.fixture(scope="module")
def bundled():
    return load_ruleset(include_user=False)


@pytest.mark.parametrize(("text", "matched", "rule"), [
    ("醉强的面霜", "醉强", "extreme.top_quality"),
    ("mei白精华", "mei白", "efficacy.whitening"),
    ("美bai精华", "美bai", "efficacy.whitening"),
    ("qu斑精华", "qu斑", "efficacy.whitening"),
    ("bao本理财", "bao本理财", "finance.principal"),
    ("包本理财", "包本理财", "finance.principal"),
    ("关注工仲号领资料", "工仲号", "diversion.platform_mention"),
    ("同款douyin搜", "douyin", "diversion.platform_mention"),
])
def test_sound_alikes_and_pinyin_are_found_with_the_rules_message(bundled, text: str, matched: str,
                                                                   rule: str) -> None:
    found = [f for f in check_text(text, bundled) if f.matched == matched and f.rule == rule]
    assert found, [(f.matched, f.rule) for f in check_text(text, bundled)]
    note = bundled.messages["phonetic.written_as"][0]
    assert found[0].message_zh.startswith(note.zh) and found[0].message_en.startswith(note.en)
    assert found[0].message_zh.endswith(bundled.rule(rule).message.zh)


@pytest.mark.parametrize("text", [
    "这钱没白花",  # 没白 straddles 白花
    "这是我很喜欢的面霜",  # 是我 is not 私我: 是 is among the commonest characters
    "笑死我了",  # 死我 occurs in real text
    "全世界最脏的酒店",  # 脏 only sounds like 赞 with a fuzzy pair
    "喝的是胶原蛋白肽",  # 原蛋 sits inside a word
    "大码女生穿搭",  # 大码 is ordinary text
    "他很有威信",  # a dictionary word
    "单眼皮眼妆教程",
    "最喜欢下雨天，不用浇水，去矿洞挖矿",  # 浇水 is a word of its own, not 交税 disguised
    "调料：辣椒油 醋 蒜水 盐 一点糖",  # a space parts the items: 水 盐 is no 水烟
    "口红试色用棉签 不要直接上嘴 卫生",  # nor 嘴 卫生 a superlative
    "调料：辣椒油　醋　蒜水　盐",  # a full-width space does the same work
])
def test_ordinary_words_that_sound_like_a_term_are_not_flagged(bundled, text: str) -> None:
    serious = [(f.matched, f.rule) for f in check_text(text, bundled) if f.severity is not Severity.INFO]
    assert serious == []


@pytest.mark.parametrize(("text", "matched"), [
    ("加威 信聊", "威 信"),  # an exact spelling spaced out is still the term (the normalizer reads through spaces)
    ("加 wei 信", "加 wei 信"),  # pinyin is a disguise whatever parts it
    ("详情➕ 维 ❤ 号 xie_1to1", "维 ❤ 号"),  # so is a sound-alike parted by an emoji
])
def test_a_space_parts_only_sound_alikes_written_in_characters(bundled, text: str, matched: str) -> None:
    assert matched in [f.matched for f in check_text(text, bundled) if f.severity is not Severity.INFO]


def test_a_sound_alike_never_runs_across_punctuation(bundled) -> None:
    """A disguise is one word: 还完，剩三期 only sounds like 完胜 when the comma is read through, even in a rule whose
    written terms may run across a comma."""
    assert bundled.rule("disparagement.crush").across_punctuation
    assert [f.matched for f in check_text("我们家完剩别家", bundled)] == ["完剩"]
    assert check_text("先把这笔还完，剩三期了", bundled) == []


def test_a_rule_can_opt_out_of_the_sound_channel(tmp_path: Path) -> None:
    body = ("pack: {name: p, version: '1', description: d}\nrules:\n  - id: p.a\n    category: extreme\n"
            "    terms: [最强]\n    message: {zh: 中, en: en}\n")
    (tmp_path / "p.yaml").write_text(body, encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, include_bundled=False)
    assert [f.matched for f in check_text("醉强的", rs)] == ["醉强"]
    (tmp_path / "p.yaml").write_text(body + "    phonetic: false\n", encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, include_bundled=False)
    assert check_text("醉强的", rs) == []


def test_a_rule_can_trust_pinyin_spellings_only(tmp_path: Path) -> None:
    body = ("pack: {name: p, version: '1', description: d}\nrules:\n  - id: p.a\n    category: extreme\n"
            "    terms: [最强]\n    message: {zh: 中, en: en}\n    phonetic: pinyin\n")
    (tmp_path / "p.yaml").write_text(body, encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, include_bundled=False)
    assert check_text("醉强的", rs) == []  # a sound-alike character is not trusted
    assert [f.matched for f in check_text("zui强的", rs)] == ["zui强"]
    assert [f.matched for f in check_text("最qiang的", rs)] == ["最qiang"]


def test_fuzzy_pairs_fold_together() -> None:
    assert fuzzy("zhang") == fuzzy("zan") == "zan"
    assert fuzzy("shi") == "si" and fuzzy("qing") == "qin"


def test_letters_are_read_as_pinyin_only_when_they_are_pinyin() -> None:
    table = PhoneticTable(json.loads(DATA.read_text(encoding="utf-8"))["readings"])
    assert table.split_letters("meibai") == [(0, 3), (3, 6)]
    assert table.split_letters("xyz") is None
    view = sound_view("mei白", table)
    assert [view.span(i, i) for i in range(len(view.tokens))] == [(0, 3), (3, 4)]


def test_sound_tokens_point_at_their_characters() -> None:
    """Every token's span is what it was read from: a character, a syllable, a run of letters that is no pinyin."""
    table = PhoneticTable(json.loads(DATA.read_text(encoding="utf-8"))["readings"])
    text = "最12xyz白\nzuiqiang的q"
    view = sound_view(text, table)
    spans = [view.span(i, i) for i in range(len(view.tokens))]
    assert [text[s:e] for s, e in spans] == ["最", "1", "2", "xyz", "白", "\n", "zui", "qiang", "的", "q"]
    assert view.span(6, 8) == (8, 17)  # zuiqiang的
    assert sound_view("最强", table).span(0, 1) == (0, 2)


def test_generated_readings_are_current() -> None:
    """rules/generated/phonetic.json is what tools/make_phonetic_data.py makes (all of it when snownlp is there)."""
    spec = importlib.util.spec_from_file_location("make_phonetic_data", ROOT / "tools" / "make_phonetic_data.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    sys.modules["make_phonetic_data"] = tool
    spec.loader.exec_module(tool)
    stored = json.loads(DATA.read_text(encoding="utf-8"))
    assert stored["readings"] == tool.readings()
    if importlib.util.find_spec("snownlp") is not None:
        assert tool.main(["--check"]) == 0


def test_a_very_long_run_of_letters_is_not_read_as_pinyin() -> None:
    """A run of 200,000 letters must cost the sound channel nothing (it was quadratic in memory)."""
    table = PhoneticTable(json.loads(DATA.read_text(encoding="utf-8"))["readings"])
    assert table.split_letters("ma" * 32) is not None
    assert table.split_letters("ma" * 33) is None


def test_disguises_leave_out_exact_spellings_ordinary_words_and_letterless_pinyin_only_rules(bundled) -> None:
    """The channel's filter: a span some term spells is that term; 一次 is no 医治; a pinyin-only rule needs letters."""
    from xhs_editor.engine.phonetic import disguises
    from xhs_editor.engine.segment import is_word

    data = bundled.phonetic
    rule = {r.id: ri for ri, r in enumerate(bundled.rules)}
    text = "醉强的面霜，第一次mei白"
    found = disguises(text, data, set(), is_word, frozenset())
    assert {(text[s:e], bundled.rules[ri].id) for s, e, ri in found} >= {
        ("醉强", "extreme.top_quality"), ("mei白", "efficacy.whitening")}
    assert all(text[s:e] != "一次" for s, e, _ in found)
    assert len(found) == len(set(found))
    assert not [h for h in disguises(text, data, {(0, 2)}, is_word, frozenset()) if h[:2] == (0, 2)]
    everyone = frozenset(rule.values())
    assert [text[s:e] for s, e, _ in disguises(text, data, set(), is_word, everyone)] == ["mei白"] * len(
        [h for h in found if text[h[0]:h[1]] == "mei白"])


def test_a_remembered_verdict_holds_only_for_the_word_test_that_gave_it(bundled) -> None:
    """The channel remembers which sound-alikes are innocent words; a caller with another idea of what a word is
    (a dictionary that has learnt 醉强) must get its own answer, not the one remembered for the first caller."""
    from xhs_editor.engine.phonetic import disguises
    from xhs_editor.engine.segment import is_word

    data = bundled.phonetic
    text = "醉强的面霜"
    assert any(text[s:e] == "醉强" for s, e, _ in disguises(text, data, set(), is_word, frozenset()))
    knows_it = lambda word: word == "醉强" or is_word(word)  # noqa: E731
    assert not any(text[s:e] == "醉强" for s, e, _ in disguises(text, data, set(), knows_it, frozenset()))
    assert any(text[s:e] == "醉强" for s, e, _ in disguises(text, data, set(), is_word, frozenset()))
