"""Claim patterns with slots (issue 14): the pattern language, its errors and how it meets the terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from xhs_editor.engine import Severity, check_text, load_ruleset
from xhs_editor.engine.patterns import PatternInvalid, parse


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


def test_a_hedged_personal_experience_is_only_a_hint(bundled) -> None:
    mine = [f for f in check_text("我坚持了一个月，感觉皮肤白了一点", bundled) if f.rule.startswith("claims.")]
    assert mine and all(f.severity is Severity.INFO for f in mine)


def test_slots_numbers_and_gaps(tmp_path: Path) -> None:
    rs = load_ruleset([_pack(tmp_path, '    patterns: ["{#}天~2{things}"]\n')], include_user=False,
                      include_bundled=False)
    assert rs.errors == []
    assert [f.matched for f in check_text("用了三天这款面霜", rs)] == ["三天这款面霜"]
    assert [f.matched for f in check_text("用了21天精华", rs)] == ["21天精华"]
    assert check_text("用了三天以后才换的面霜", rs) == []  # the gap is at most two characters


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
