"""Claim patterns with slots (issue 14): the pattern language, its errors and how it meets the terms."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import re2
from hypothesis import example, given, settings
from hypothesis import strategies as st

from xhs_editor.engine import Severity, check_text, load_ruleset, normalize_term
from xhs_editor.engine.pattern_scan import PatternMatcher
from xhs_editor.engine.patterns import PatternInvalid, compile_rules, parse, spellings


@pytest.fixture(scope="module")
def bundled():
    return load_ruleset(include_user=False)


def _pack(tmp_path: Path, rule: str, vocabulary: str = "vocabulary:\n  things: [面霜, 精华]\n") -> Path:
    (tmp_path / "p.yaml").write_text("pack: {name: p, version: '1', description: d}\n" + vocabulary
                                     + "rules:\n  - id: p.a\n    category: efficacy\n    message: {zh: 中, en: en}\n"
                                     + rule, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("text", "matched", "rule"), [
    ("两周脸小了一圈", "两周脸小了一圈", "claims.time_bound_efficacy"),
    ("没效果全额退", "没效果全额退", "claims.refund_guarantee"),
    ("营养师推荐的", "营养师推荐", "claims.endorsement"),
    ("比抹药膏还灵", "比抹药膏还灵", "claims.medical_comparison"),
    ("把隔壁品牌秒成渣", "把隔壁品牌秒成", "claims.disparagement"),
    ("仅余两单", "仅余两单", "claims.scarcity_prize"),
    ("宝贝入口在我头像里", "宝贝入口在我头像", "claims.off_platform_purchase"),
    ("有需要代肝的滴滴", "代肝", "claims.prohibited_services"),
])
def test_each_claim_family_is_found_at_the_phrase(bundled, text: str, matched: str, rule: str) -> None:
    found = [(f.matched, f.rule) for f in check_text(text, bundled)]
    assert (matched, rule) in found, found


def test_claims_see_through_traditional_characters_and_inserted_symbols(bundled) -> None:
    found = [(f.matched, f.rule) for f in check_text("兩週臉小了❤一圈", bundled)]
    assert ("兩週臉小了❤一圈", "claims.time_bound_efficacy") in found


def test_a_claim_stands_beside_the_terms_inside_it(bundled) -> None:
    found = {(f.matched, f.rule) for f in check_text("效果不输医美", bundled)}
    assert ("效果不输医美", "claims.medical_comparison") in found
    assert ("医美", "medical.aesthetics") in found


def test_a_hedged_personal_experience_is_not_flagged(bundled) -> None:
    """感觉皮肤白了一点 tells how it felt; 一个月皮肤白了一个度 claims a result."""
    assert [f for f in check_text("我坚持了一个月，感觉皮肤白了一点", bundled) if f.rule.startswith("claims.")] == []
    claimed = [f for f in check_text("坚持一个月，皮肤白了一个度", bundled) if f.rule.startswith("claims.")]
    assert claimed and all(f.severity is not Severity.INFO for f in claimed)


def test_slots_numbers_and_gaps(tmp_path: Path) -> None:
    rs = load_ruleset([_pack(tmp_path, '    patterns: ["{#}天~2{things}"]\n')], include_user=False,
                      include_bundled=False)
    assert rs.errors == []
    assert [f.matched for f in check_text("用了三天这款面霜", rs)] == ["三天这款面霜"]
    assert [f.matched for f in check_text("用了21天精华", rs)] == ["21天精华"]
    assert check_text("用了三天以后才换的面霜", rs) == []  # the gap is at most two characters


def test_a_pattern_that_would_cross_punctuation_leaves_the_start_to_the_next_pattern(tmp_path: Path) -> None:
    """The first pattern that matches at a start wins, unless its match runs across a comma or colon the rule may
    not cross: then the next pattern is tried there (加赖：见简介 is 加赖, not 加赖…简介 across the colon)."""
    rs = load_ruleset([_pack(tmp_path, '    patterns: ["{things}~4用", "{things}"]\n')], include_user=False,
                      include_bundled=False)
    assert rs.errors == []
    assert [f.matched for f in check_text("这款面霜我天天用", rs)] == ["面霜我天天用"]
    assert [f.matched for f in check_text("这款面霜，天天用", rs)] == ["面霜"]
    assert [f.matched for f in check_text("这款面霜：天天用", rs)] == ["面霜"]


@pytest.mark.parametrize(("pattern", "problem"), [
    ("{things", "is not part of a {slot}"),
    ("~3{things}", "must stand between"),
    ("{things}~99面", "1 to 12"),
    ("{things}?", "every piece is optional"),
    ("{things}~4自己也?~2用", "makes nothing optional"),  # '?' after plain text would silently demand 也
])
def test_bad_patterns_are_refused_with_a_reason(pattern: str, problem: str) -> None:
    with pytest.raises(PatternInvalid, match=problem.replace("{", "\\{").replace("?", "\\?")):
        parse(pattern)


def test_a_bad_pattern_names_file_and_line(tmp_path: Path) -> None:
    rs = load_ruleset([_pack(tmp_path, '    patterns: ["{nowhere}~2面霜"]\n')], include_user=False,
                      include_bundled=False)
    assert len(rs.errors) == 1
    assert rs.errors[0].path.endswith("p.yaml") and rs.errors[0].line > 1
    assert "nowhere" in rs.errors[0].problem
    rs = load_ruleset([_pack(tmp_path, '    patterns: ["{things"]\n')], include_user=False, include_bundled=False)
    assert len(rs.errors) == 1 and "pattern" in rs.errors[0].problem


@pytest.mark.parametrize(("text", "matched"), [
    ("说是皮fu科主任自己用的", "皮fu科主任自己用"),
    ("眼科zhuan家都在推荐", "zhuan家都在推荐"),
    ("吃了③个月，痘痘就消了", "③个月，痘痘就消了"),
])
def test_slots_read_pinyin_spellings_and_circled_numbers(text: str, matched: str) -> None:
    """A slot word written partly or wholly in pinyin, or a number written ③, still fills its slot."""
    rs = load_ruleset(include_user=False, model=False)
    assert matched in [f.matched for f in check_text(text, rs) if f.rule.startswith("claims.")]



@pytest.mark.parametrize(("text", "matched"), [
    ("衣生都推荐喝这种小分子水", "衣生都推荐"),  # 衣 for 医
    ("说是医院的老砖家都在喝这个", "砖家都在喝"),  # 砖 for 专
])
def test_slots_named_in_homophone_slots_read_homophones(text: str, matched: str) -> None:
    """A word of a slot listed in homophone_slots still fills it with one character swapped by sound."""
    rs = load_ruleset(include_user=False, model=False)
    assert matched in [f.matched for f in check_text(text, rs) if f.rule.startswith("claims.")]


@pytest.mark.parametrize("text", ["这本书一生都推荐", "医生的声音很好听", "我们专家门诊很忙"])
def test_everyday_words_that_sound_like_a_slot_word_do_not_fill_it(text: str) -> None:
    """一生 sounds like 医生 but is a word of its own (and 一 is too common to be a disguise)."""
    rs = load_ruleset(include_user=False, model=False)
    assert [f.matched for f in check_text(text, rs) if f.rule.startswith("claims.")] == []


def test_only_the_slots_named_in_homophone_slots_are_read_by_sound(tmp_path: Path) -> None:
    body = ("pack: {name: p, version: '1', description: d}\nvocabulary:\n  who: [医生]\n"
            "rules:\n  - id: p.a\n    category: authority\n    patterns: ['{who}推荐']\n"
            "    message: {zh: 中, en: en}\n")
    (tmp_path / "p.yaml").write_text(body, encoding="utf-8")
    plain = load_ruleset([tmp_path], include_user=False, include_bundled=False)
    assert check_text("衣生推荐", plain) == []
    (tmp_path / "p.yaml").write_text(body.replace("  who: [医生]\n", "  who: [医生]\n  homophone_slots: [who]\n"),
                                     encoding="utf-8")
    by_sound = load_ruleset([tmp_path], include_user=False, include_bundled=False)
    assert [f.matched for f in check_text("衣生推荐", by_sound)] == ["衣生推荐"]


# --- The scan finds what each rule's expression finds anchored at every start ------------------------------------

def _per_rule(matcher: PatternMatcher) -> Any:
    """Each rule's expression (the alternation of its patterns) compiled on its own: what the scan must agree with."""
    options = re2.Options()  # RE2's default memory: on the bundled patterns its NFA takes over, slow but exact
    options.log_errors = False
    return [(owner, re2.compile(source, options)) for owner, source in zip(matcher.owners, matcher.sources)]


def _reference(matcher: PatternMatcher, per_rule: Any, text: str) -> list[tuple[int, int, int]]:
    """Each rule's expression anchored at every character (slow on long text): what it matches there, if not empty,
    in order of start and then of rule."""
    out = []
    for start in range(len(text) + 1):
        for owner, expression in per_rule:
            m = expression.match(text, start)
            if m is not None and m.end() > start:
                out.append((start, m.end(), owner))
    return out


@pytest.fixture(scope="module")
def bundled_claims(bundled) -> Iterator[tuple[PatternMatcher, Any, tuple[str, ...]]]:
    """The bundled patterns' matcher, each rule's expression, and the pieces of text the patterns are made of: slot
    words, some in pinyin, the patterns' literals, numbers and filler."""
    assert bundled.claims is not None and bundled.phonetic is not None
    pool: set[str] = {"3", "十", "两", "①", "12", "点5", "的", "了", "很", "，", "\n", "a"}
    for r in bundled.rules:
        for pattern in r.patterns:
            for p in parse(pattern):
                if p.kind == "text":
                    pool.add(p.value)
                elif p.kind == "slot":
                    words = [normalize_term(w) for w in bundled.vocabulary[p.value]]
                    pool.update(words)
                    pool.update(s for w in words[:2] for s in spellings(w, bundled.phonetic.table.usual))
    yield bundled.claims, _per_rule(bundled.claims), tuple(sorted(pool))
    re2.purge()  # keep no copy of the expressions in RE2's cache of compiled expressions


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_bundled_patterns_hit_what_each_rule_hits_at_each_start(bundled_claims, data: st.DataObject) -> None:
    """Where the scan tries each pattern (its first strings, its anchor) never changes what is found."""
    matcher, per_rule, pool = bundled_claims
    text = "".join(data.draw(st.lists(st.sampled_from(pool), max_size=14), label="pieces"))
    assert matcher.hits(text) == _reference(matcher, per_rule, text)


_EDGE_VOCABULARY = {"a": ("甲", "甲乙"), "b": ("乙", "乙丙"), "none": ()}


@pytest.mark.parametrize("rules", [
    # a leading optional slot; a gap after one, so a match may begin with any character; a number first or alone;
    # a slot with no words, which matches nothing at all, everywhere; two rules starting at the same place
    [(0, ("{a}?乙~2丙", "{none}丁")), (1, ("{a}~1{b}", "{#}{b}")), (2, ("{b}?~2丁", "{none}")), (3, ("丙丁",))],
    [(0, ("丙~3{#}",)), (1, ("{a}{b}?", "{#}")), (2, ("{none}?乙~1丁",)), (3, ("乙丙", "{a}?~3丁"))],
    [(0, ("{none}",)), (1, ("甲",))],
    [(0, ("{a}?~3丁",)), (1, ("{#}~2{b}",))],  # gaps of four-byte characters: the longest a prefix can be
    # pieces searched as one (a literal then a slot, two slots), after a number, and one left as it is (optional)
    [(0, ("丙{a}", "乙{b}~1丁")), (1, ("{a}{b}", "{#}丙{b}")), (2, ("丁{a}?{b}",))],
])
@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("甲乙丙丁3一 \né😀")), max_size=30))
@example(text="甲乙😀😀😀丁")
@example(text="一二三四五六七八点九九九😀😀乙")
def test_every_kind_of_pattern_hits_what_its_rule_hits_at_each_start(rules: list[tuple[int, tuple[str, ...]]],
                                                                 text: str) -> None:
    """Every start, and at each the first pattern of each rule that matches there, as RE2 runs it; empty matches
    skipped."""
    matcher = compile_rules(rules, _EDGE_VOCABULARY, lambda ri, message: pytest.fail(message))
    assert matcher is not None
    assert matcher.hits(text) == _reference(matcher, _per_rule(matcher), text)


@pytest.mark.parametrize(("text", "matched"), [
    ("点赞关注抽奖，抽 3 位宝子送正装！", "抽 3 位宝子"),
    ("评论区抽五个姐妹送同款", "抽五个姐妹"),
])
def test_a_prize_draw_is_underlined_to_the_end_of_its_word(bundled, text: str, matched: str) -> None:
    """抽3位宝子: the underline ends after 宝子, not inside it at 宝."""
    found = [f.matched for f in check_text(text, bundled) if f.rule == "inducement.draw_count"]
    assert found == [matched], found


def test_a_character_and_the_slot_after_it_are_searched_as_one() -> None:
    """一 then {件|份} is looked for as 一件 and 一份, not at every 一 of a note (the scan's candidates are its cost)."""
    matcher = compile_rules([(0, ("一{units}{#}元",))], {"units": ("件", "份")}, lambda ri, message: pytest.fail(message))
    assert matcher is not None
    assert {"一件", "一份"} <= matcher.words.keys() and "一" not in matcher.words
    assert matcher.hits("一件30元，一个人一天一份") == [(0, 5, 0)]
