"""Matching, contexts, detectors, rule loading and note limits, on a small fixture pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from xhs_editor.engine import (Severity, check_note, check_text, load_ruleset, parse_topics,
                               title_length)

DATA = Path(__file__).parent / "data"


def spans(text: str, rs) -> list[tuple[str, str, str]]:
    return [(f.matched, f.rule, f.severity.value) for f in check_text(text, rs)]


def test_traditional_term_is_found_at_its_original_characters(basic_ruleset) -> None:
    text = "這是極致的產品"
    [f] = check_text(text, basic_ruleset)
    assert (f.start, f.end, f.matched) == (2, 4, "極致")
    assert f.category == "extreme"
    assert f.severity is Severity.ERROR
    assert f.message("en") == "absolute" and f.message("zh") == "极限词"
    assert f.replacements == ("很好",) and f.advice == ()


def test_obfuscated_wechat_is_found_with_its_noise(basic_ruleset) -> None:
    text = "加我 薇❤信 吧，或 ＶＸ"
    found = check_text(text, basic_ruleset)
    assert [(f.matched, f.category) for f in found] == [("薇❤信", "diversion"), ("ＶＸ", "diversion")]


def test_longest_overlapping_match_wins(basic_ruleset) -> None:
    assert spans("全网最低价", basic_ruleset) == [("全网最低价", "test.zui", "error")]


def test_allow_contexts_keep_ordinary_words_quiet(basic_ruleset) -> None:
    for text in ["稍微信任他", "最好不要熬夜", "最近很忙", "最后我去了"]:
        assert check_text(text, basic_ruleset) == [], text


def test_a_longer_term_containing_an_allowed_word_is_still_found(basic_ruleset) -> None:
    assert spans("今天最后一天", basic_ruleset) == [("最后一天", "test.deadline", "warning")]


def test_downgrade_context_makes_info(basic_ruleset) -> None:
    assert spans("我心中最好的面霜", basic_ruleset) == [("最好", "test.zui", "info")]


def test_near_context_raises_severity(basic_ruleset) -> None:
    assert spans("记得点赞哦", basic_ruleset) == [("点赞", "test.like", "info")]
    assert [s for _, _, s in spans("点赞关注参与抽奖", basic_ruleset)] == ["warning", "warning"]


def test_ascii_terms_need_ascii_boundaries(basic_ruleset) -> None:
    assert spans("I love vx", basic_ruleset) == [("vx", "test.wechat", "error")]
    assert check_text("lovevxe", basic_ruleset) == []


def test_detector_with_spaces_and_dashes(basic_ruleset) -> None:
    text = "电话 138-1234 5678 谢谢"
    [f] = check_text(text, basic_ruleset)
    assert f.matched == "138-1234 5678" and f.rule == "test.mobile"
    assert text[f.start:f.end] == f.matched


def test_detector_hit_group_is_the_span(basic_ruleset) -> None:
    found = check_text("微信：abc_12345", basic_ruleset)
    assert ("abc_12345", "test.wxid") in [(f.matched, f.rule) for f in found]


def test_numbers_that_are_not_phones(basic_ruleset) -> None:
    for text in ["订单号 2023112712345678", "价格 ¥138.00", "2024-11-27 13:00", "版本 v1.2.3"]:
        assert check_text(text, basic_ruleset) == [], text


def test_bad_pack_is_reported_with_file_and_line_and_others_still_load() -> None:
    rs = load_ruleset([DATA / "bad_pack"], include_user=False, include_bundled=False)
    [err] = rs.errors
    assert err.path.endswith("broken.yaml") and err.line == 7
    assert "no_such_category" in err.problem
    assert [f.matched for f in check_text("真是好极了", rs)] == ["好极了"]
    assert check_text("坏词", rs) == []


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("pack: {name: x, version: '1', description: d}\nrules:\n  - id: [unclosed\n",
                                     encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, include_bundled=False)
    [err] = rs.errors
    assert err.path.endswith("x.yaml") and err.line >= 3 and "YAML" in err.problem


def test_unsafe_yaml_tags_are_refused(tmp_path: Path) -> None:
    (tmp_path / "evil.yaml").write_text(
        "pack: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, include_bundled=False)
    assert rs.errors and rs.errors[0].path.endswith("evil.yaml")


def test_user_pack_can_disable_a_rule_and_add_allowlist(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "pack: {name: mine, version: '1', description: d}\ndisable: [test.like]\nallowlist: [极致]\n",
        encoding="utf-8")
    from xhs_editor.engine import bundled_rules_dir

    base = load_ruleset([DATA / "packs_basic"], include_user=False, include_bundled=False)
    assert "test.like" in [f.rule for f in check_text("点赞", base)]
    rs = load_ruleset([DATA / "packs_basic", tmp_path], include_user=False, include_bundled=False)
    assert "test.like" not in [f.rule for f in check_text("点赞", rs)]
    assert "极致" not in [f.matched for f in check_text("极致的体验", rs)]
    assert bundled_rules_dir().is_dir()


def test_user_folder_packs_are_loaded(_isolated_config: Path) -> None:
    rules = _isolated_config / "rules"
    rules.mkdir()
    (rules / "mine.yaml").write_text(
        "pack: {name: mine, version: '1', description: d}\nrules:\n"
        "  - {id: mine.x, category: extreme, terms: [蓝莓星球限定], message: {zh: 不行, en: not allowed}}\n",
        encoding="utf-8")
    rs = load_ruleset()
    assert [f.rule for f in check_text("我们的蓝莓星球限定款", rs)] == ["mine.x"]
    assert any(not p.bundled and p.name == "mine" for p in rs.packs)


def test_title_is_counted_as_the_platform_counts() -> None:
    assert title_length("小红书") == 3
    assert title_length("abcd") == 2
    assert title_length("好物👍🏻") == 3
    assert title_length("👨\u200d👩\u200d👧") == 1


def test_note_limits(basic_ruleset) -> None:
    found = check_note("超" * 21, "正文" * 501, " ".join(f"#话题{i}" for i in range(11)), basic_ruleset)
    rules = {f.rule: f for f in found if f.category == "limits"}
    assert set(rules) == {"limits.title_max", "limits.body_max", "limits.topics_max"}
    assert "21/20" in rules["limits.title_max"].message("zh")
    assert rules["limits.topics_max"].field == "topics"
    ok = check_note("十个字的标题真不错", "正文", "#a #b", basic_ruleset)
    assert [f for f in ok if f.category == "limits"] == []


def test_note_findings_name_their_field(basic_ruleset) -> None:
    found = check_note("极致好物", "加微信", "#最好", basic_ruleset)
    assert {(f.field, f.matched) for f in found} == {("title", "极致"), ("body", "微信"), ("topics", "最好")}


def test_topics_are_parsed() -> None:
    assert [t for _, _, t in parse_topics("#护肤 #好物分享#穿搭")] == ["护肤", "好物分享", "穿搭"]


@pytest.mark.parametrize("text", ["", " ", "\n\n", "❤❤❤"])
def test_empty_and_noise_only_texts(basic_ruleset, text: str) -> None:
    assert check_text(text, basic_ruleset) == []


def test_unquoted_yes_no_in_a_message_is_explained(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(
        "pack: {name: m, version: '1', description: d}\nrules:\n"
        "  - {id: m.x, category: extreme, terms: [某词], message: {zh: 不行, en: no}}\n", encoding="utf-8")
    [err] = load_ruleset([tmp_path], include_user=False, include_bundled=False).errors
    assert err.line == 3 and "quotes" in err.problem


def test_old_suggestions_key_is_read_as_advice_and_never_as_a_replacement(tmp_path: Path) -> None:
    head = "pack: {name: old, version: '1', description: d}\nrules:\n  - id: old.r\n    category: extreme\n" \
           "    terms: [极致]\n    message: {zh: 极限, en: absolute}\n"
    (tmp_path / "old.yaml").write_text(head + "    suggestions: [删除]\n", encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, include_bundled=False)
    [f] = check_text("极致", rs)
    assert (f.replacements, f.advice) == ((), ("删除",))
    (tmp_path / "old.yaml").write_text(head + "    suggestions: [删除]\n    advice: [删除]\n", encoding="utf-8")
    [err] = load_ruleset([tmp_path], include_user=False, include_bundled=False).errors
    assert err.path.endswith("old.yaml") and err.line == 3 and "replacements" in err.problem


def test_pack_messages_make_findings_for_checks_outside_the_matcher(tmp_path: Path) -> None:
    (tmp_path / "img.yaml").write_text(
        "pack: {name: img, version: '1', description: d}\nmessages:\n"
        "  image.qr: {zh: '图片 {name} 含二维码：{content}', en: 'Image {name} has a QR code: {content}',"
        " category: diversion, severity: error, suggestions: [删除二维码]}\n", encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, include_bundled=False)
    f = rs.message_finding("image.qr", matched="01.jpg", field="images", name="01.jpg", content="http://x")
    assert (f.category, f.severity, f.field, f.suggestions) == ("diversion", Severity.ERROR, "images", ("删除二维码",))
    assert f.message("zh") == "图片 01.jpg 含二维码：http://x"
    assert rs.message_finding("image.qr", name="a.png").message("en") == "Image a.png has a QR code: {content}"


def test_detector_patterns_must_be_lower_case_because_text_is_folded(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text(
        "pack: {name: d, version: '1', description: d}\ndetectors:\n"
        "  - {id: d.qq, category: diversion, pattern: 'QQ\\d+', message: {zh: 号码, en: number}}\n",
        encoding="utf-8")
    [err] = load_ruleset([tmp_path], include_user=False, include_bundled=False).errors
    assert "lower case" in err.problem and err.line == 3


def test_overlapping_hits_of_different_categories_are_both_kept(basic_ruleset) -> None:
    found = check_text("专业代考不过退款", basic_ruleset)
    assert [(f.matched, f.category) for f in found] == [("代考", "illegal"), ("考不过退款", "guarantee")]


def test_identical_span_in_two_categories_is_reported_in_both(basic_ruleset) -> None:
    found = check_text("这个方案零风险", basic_ruleset)
    assert sorted(f.category for f in found) == ["finance", "guarantee"]
    assert {(f.start, f.end) for f in found} == {(4, 7)}


def test_a_hit_inside_a_longer_hit_of_another_category_is_dropped(basic_ruleset) -> None:
    found = check_text("零风险投资", basic_ruleset)
    assert [(f.matched, f.category) for f in found] == [("零风险投资", "finance")]


@pytest.mark.parametrize("entry, problem", [
    ("{id: x, kind: special, name: {zh: 甲, en: A}, colour: red}", "unknown key 'colour'"),
    ("{id: x, kind: maybe, name: {zh: 甲, en: A}}", "kind must be"),
    ("{id: x, kind: special, name: {zh: 甲, en: A}, basis: {source: rumour}}", "basis.source"),
    ("{id: x, kind: special, name: {zh: 甲, en: A}, items: [{id: x.a, text: {zh: 证, en: cert},"
     " reference_number: sometimes}]}", "reference_number must be true or false"),
])
def test_industry_entries_are_validated(tmp_path: Path, entry: str, problem: str) -> None:
    (tmp_path / "ind.yaml").write_text(
        f"pack: {{name: ind, version: '1', description: d}}\nindustries:\n  - {entry}\n", encoding="utf-8")
    [err] = load_ruleset([tmp_path], include_user=False, include_bundled=False).errors
    assert problem in err.problem and err.line == 3


@pytest.mark.parametrize("pattern, text", [
    (r"(?<![\d.])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)", "电话+86 138-1234-5678，或0086 13912345678，价格1.13812345678"),
    (r"(?:评论区?|留言)?\s*扣\s*(?:1|6{2,})", "评论区 扣1，留言扣666，扣 1"),
    (r"(?:微信|(?<![a-z0-9])vx)\s*[:：]?\s*(?P<hit>[a-z][-_a-z0-9]{5,19})", "微信：abc_123 vx abcdef, lovevx abcdef"),
    (r"(?i:a)b", "ab AB Ab"),
    (r"(?=x)|y", "xyz"),
])
def test_first_char_filter_keeps_matches_identical(pattern: str, text: str) -> None:
    import re

    from xhs_editor.engine.prefilter import with_first_char_filter

    plain = re.compile(pattern)
    fast = with_first_char_filter(pattern)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.groupdict() for m in fast.finditer(text)] == [m.groupdict() for m in plain.finditer(text)]


@pytest.mark.parametrize("pattern, expected", [
    (r"[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+\.[a-z]{2,10}", "@"),
    (r"(?:评论区?|留言)?\s*扣\s*(?:1|6{2,})", "扣"),
    (r"\d+\s*(?:斤|公斤|kg)", "斤公k"),
    (r"\d+[a-z]", None),  # only digits or letter ranges: almost every note has them, not worth a scan
    (r"(?:qq|扣扣)\d+", "q扣"),
    (r"x?y", "y"),
    (r"(?:ab|c)", "ac"),
    (r"(?:ab|c?)d", "d"),
])
def test_required_characters_of_a_pattern(pattern: str, expected: str | None) -> None:
    from xhs_editor.engine.prefilter import required_chars

    found = required_chars(pattern)
    assert (found.pattern.strip("[]").replace("\\", "") if found else None) == expected


def test_required_characters_never_reject_a_text_that_matches() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from xhs_editor.engine.prefilter import required_chars

    patterns = [r"[a-z]+@[a-z]+", r"扣\s*1", r"(?:微信|薇信)\s*[:：]?\s*[a-z]{3}", r"x?y+z", r"(?:a|bc)d"]

    @settings(max_examples=300)
    @given(st.sampled_from(patterns), st.text(alphabet="ab@cdxyz扣1微薇信: ：", max_size=12))
    def check(pattern: str, text: str) -> None:
        import re

        req = required_chars(pattern)
        if req is not None and re.search(pattern, text):
            assert req.search(text)

    check()


def test_a_user_pack_can_reword_a_built_in_check(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "pack: {name: mine, version: '1', description: d}\nmessages:\n"
        "  limits.title_max: {category: limits, severity: warning, zh: '标题太长：{count}', en: 'Too long: {count}'}\n",
        encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, include_bundled=False)
    [f] = [f for f in check_note("长" * 22, "", "", rs) if f.rule == "limits.title_max"]
    assert (f.message("zh"), f.severity) == ("标题太长：22", Severity.WARNING)


def test_an_id_used_twice_in_a_pack_names_the_second(tmp_path: Path) -> None:
    (tmp_path / "twice.yaml").write_text(
        "pack: {name: twice, version: '1', description: d}\nrules:\n"
        "  - {id: t.x, category: extreme, terms: [某甲], message: {zh: 甲, en: a}}\n"
        "detectors:\n"
        "  - {id: t.x, category: diversion, pattern: 'abc', message: {zh: 乙, en: b}}\n", encoding="utf-8")
    [err] = load_ruleset([tmp_path], include_user=False, include_bundled=False).errors
    assert err.line == 5 and "used twice" in err.problem


def test_topics_typed_without_hash_count_towards_the_limit(basic_ruleset) -> None:
    from xhs_editor.note import topics_from_text

    typed = " ".join(f"话题{i}" for i in range(11))  # the note stores all eleven
    assert len(topics_from_text(typed)) == 11
    assert [f.rule for f in check_note("", "", typed, basic_ruleset) if f.category == "limits"] == ["limits.topics_max"]


@pytest.mark.parametrize("limits, problem", [
    ("{cover_ratios: [[3, 4], [1]]}", "[width, height] pairs"),
    ("{image_max_mb: many}", "must be a number"),
    ("{images_max: true}", "must be a number"),
])
def test_limits_are_validated_by_kind(tmp_path: Path, limits: str, problem: str) -> None:
    (tmp_path / "l.yaml").write_text(f"pack: {{name: l, version: '1', description: d}}\nlimits: {limits}\n",
                                     encoding="utf-8")
    [err] = load_ruleset([tmp_path], include_user=False, include_bundled=False).errors
    assert problem in err.problem
