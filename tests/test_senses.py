"""Word boundaries, punctuation and senses: ordinary Chinese is not flagged (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from xhs_editor.engine import Severity, check_note, check_text, load_ruleset, normalize


@pytest.fixture(scope="module")
def bundled():
    return load_ruleset(include_user=False)


# Each of these was flagged at warning or error before word boundaries, punctuation and senses.
QUIET = [
    "他是班主任推荐的老师",  # 主任推荐 starts inside 班主任
    "讲了事物产生发展的过程",  # 生发 runs across 产生 | 发展
    "酒店就在对面，相比较其他的还行",  # 面，相 is split by a comma
    "这台电脑最好只能装这个系统",  # had better
    "周末人多，你最好提前订",
    "唯一让我满意的是门童",
    "唯一的不足是隔音一般",
    "服务绝对配不上这个价格",
    "打开四楼第一间房，一股烟味",
    "全世界最脏的酒店",
    "他工作很有效率",
    "要去官网下载驱动",
    "周末在家玩QQ游戏",
    "我用QQ音乐听歌",
    "这台电脑是在京东买的",
    "包里常备一支防晒霜",
    "厕所感觉不消毒",
    "30歲首購 房貸跑了四家銀行的心得",  # 貸跑 (代跑 by sound) starts inside 房贷; the space parts 首购 from 房贷
]


@pytest.mark.parametrize("text", QUIET)
def test_ordinary_chinese_gets_no_warning(bundled, text: str) -> None:
    serious = [(f.matched, f.rule) for f in check_text(text, bundled) if f.severity is not Severity.INFO]
    assert serious == []


@pytest.mark.parametrize(("text", "matched"), [
    ("这是最好的面霜", "最好"),
    ("这是最好用的面霜", "最好用"),
    ("加我微信", "加我微信"),
    ("微信号发你了", "微信号"),
    ("加我薇❤信", "加我薇❤信"),  # 加我微信 by sound
    ("同款淘宝有卖", "淘宝"),
    ("国家名牌产品", "国家名牌"),  # a compound (名牌产品) may be cut where its words meet
    ("💰价格：全网最低，只要 99 元", "全网最低"),  # a price nearby states a fact only for 最便宜 among options
    ("这是最便宜的一家", "最便宜"),
    ("这款面霜是最好的", "最好"),
    ("我们家的面膜是最好的，姐妹们冲", "最好"),
    ("姐妹们不能错过的最好用面霜", "最好用"),  # 不能 governs 错过, not the superlative
    ("不能不说这款效果最好", "效果最好"),
    ("科目一 找人代跑，包过", "代跑"),  # a space before the hit does not make it part of a word
])
def test_claims_are_still_flagged(bundled, text: str, matched: str) -> None:
    found = [(f.matched, f.severity) for f in check_text(text, bundled)]
    assert any(m == matched and sev is not Severity.INFO for m, sev in found), found


def test_normalizer_records_in_sentence_punctuation() -> None:
    n = normalize("对面，相比 NO.1 微❤信")
    assert n.text == "对面相比no1微信"
    assert n.crosses_break(1, 3)  # 面|相
    assert not n.crosses_break(5, 8)  # no1: the full stop sits inside a word
    assert not n.crosses_break(7, 9)  # 微信: an emoji is not punctuation


def _pack(tmp_path: Path, body: str) -> Path:
    (tmp_path / "p.yaml").write_text("pack: {name: p, version: '1', description: d}\n" + body, encoding="utf-8")
    return tmp_path


def _rule(extra: str) -> str:
    return ("rules:\n  - id: p.a\n    category: extreme\n    terms: [最好]\n"
            "    message: {zh: 中, en: en}\n" + extra)


def _rules(tmp_path: Path, extra: str):
    """A rule set of one rule for 最好 with ``extra`` YAML lines, and nothing bundled."""
    return load_ruleset([_pack(tmp_path, _rule(extra))], include_user=False, include_bundled=False)


def test_a_sense_can_use_a_shared_word_list(tmp_path: Path) -> None:
    rs = load_ruleset([_pack(tmp_path, "vocabulary:\n  mine: [先]\n" + _rule(
        "    senses:\n      - after: [$mine]\n        verdict: pass\n"))], include_user=False, include_bundled=False)
    assert rs.errors == []
    assert check_text("最好先问问", rs) == []
    assert [f.matched for f in check_text("最好的", rs)] == ["最好"]


def test_a_sense_verdict_can_raise_or_lower_the_severity(tmp_path: Path) -> None:
    rs = _rules(tmp_path,
        "    severity: warning\n    senses:\n      - near: [全网]\n        within: 4\n        verdict: error\n")
    assert [f.severity for f in check_text("全网都说最好", rs)] == [Severity.ERROR]
    assert [f.severity for f in check_text("我觉得是最好的", rs)] == [Severity.WARNING]


def test_a_sense_can_ask_what_the_whole_note_says(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "    mention: true\n    senses:\n      - in_note: [寄来的]\n        verdict: warning\n")
    assert rs.errors == []
    assert check_note("", "这款最好", "", rs) == []  # a silent mention: nothing in the note speaks for it
    far = check_note("品牌寄来的", "第一段\n\n这款最好", "", rs)
    assert [(f.matched, f.field, f.severity) for f in far] == [("最好", "body", Severity.WARNING)]
    assert [f.matched for f in check_note("", "这款最好", "#寄来的", rs)] == ["最好"]  # the topics count too
    assert [f.matched for f in check_text("品牌寄来的。这款最好", rs)] == ["最好"]  # a text alone is its own note


def test_a_note_that_leaves_a_contact_still_tells_its_words(bundled) -> None:
    found = check_note("", "纯分享，没收任何好处\n第三双是品牌上周寄来的\n微信 abc_shop88", "", bundled)
    assert [(f.matched, f.severity) for f in found if f.rule == "disclosure.denied_deal"] == [
        ("没收任何好处", Severity.WARNING)]


@pytest.mark.parametrize(("extra", "problem"), [
    ("    senses:\n      - verdict: pass\n", "a sense needs"),
    ("    senses:\n      - at_clause_end: 1\n        verdict: pass\n", "at_clause_end must be true or false"),
    ("    senses:\n      - after: [先]\n        verdict: maybe\n", "sense.verdict"),
    ("    senses:\n      - near: [先]\n        verdict: pass\n", "needs within"),
    ("    senses:\n      - after: [$nowhere]\n        verdict: pass\n", "no vocabulary list named '$nowhere'"),
    ("    inside_words: yes please\n", "inside_words must be true or false"),
])
def test_bad_senses_are_reported_with_file_and_line(tmp_path: Path, extra: str, problem: str) -> None:
    rs = _rules(tmp_path, extra)
    assert len(rs.errors) == 1
    err = rs.errors[0]
    assert err.path.endswith("p.yaml") and err.line >= 2
    assert problem.replace("'$nowhere'", "") in err.problem or problem in err.problem


def test_a_rule_can_allow_its_terms_inside_words(tmp_path: Path) -> None:
    body = ("rules:\n  - id: p.a\n    category: diversion\n    terms: [微信]\n"
            "    message: {zh: 中, en: en}\n")
    strict = load_ruleset([_pack(tmp_path, body)], include_user=False, include_bundled=False)
    assert check_text("微信号多少", strict) == []  # the segmenter reads 微 | 信号
    (tmp_path / "p.yaml").unlink()
    loose = load_ruleset([_pack(tmp_path, body + "    inside_words: true\n")], include_user=False,
                         include_bundled=False)
    assert [f.matched for f in check_text("微信号多少", loose)] == ["微信"]


def test_everyday_words_the_segmenter_lacks_are_learned_from_the_vocabulary(bundled) -> None:
    assert check_text("秋天里面加卫衣，冬天套毛衣", bundled) == []  # 加卫 (WeChat by sound) ends inside 卫衣
    assert check_text("亏的时候一直在刷评论区", bundled) == []  # 刷评论 ends inside 评论区
    rules = [f.rule for f in check_text("帮你刷评论，一条两块", bundled) if not f.rule.startswith("model.")]
    assert rules == ["illegal.fake_traffic"]  # the claim tagger may add the price clause; the segmenter keeps 刷评论


def test_a_user_pack_can_teach_the_segmenter_a_word(tmp_path: Path) -> None:
    body = ("rules:\n  - id: p.a\n    category: diversion\n    terms: [加群]\n"
            "    message: {zh: 中, en: en}\n")
    before = load_ruleset([_pack(tmp_path, body)], include_user=False, include_bundled=False)
    assert [f.matched for f in check_text("我的同桌叫加群嘉", before)] == ["加群"]
    (tmp_path / "words.yaml").write_text("pack: {name: w, version: '1', description: d}\n"
                                         "vocabulary:\n  everyday_words: [群嘉]\n", encoding="utf-8")
    after = load_ruleset([tmp_path], include_user=False, include_bundled=False)
    assert check_text("我的同桌叫加群嘉", after) == []  # 群嘉 is a name now: 加群 ends inside it


def test_a_rule_can_match_across_punctuation(tmp_path: Path) -> None:
    body = ("rules:\n  - id: p.a\n    category: diversion\n    terms: [微信]\n"
            "    message: {zh: 中, en: en}\n")
    strict = load_ruleset([_pack(tmp_path, body)], include_user=False, include_bundled=False)
    assert check_text("加微，信", strict) == []
    (tmp_path / "p.yaml").unlink()
    loose = load_ruleset([_pack(tmp_path, body + "    across_punctuation: true\n")], include_user=False,
                         include_bundled=False)
    assert [f.matched for f in check_text("加微，信", loose)] == ["微，信"]


def test_a_term_inside_the_title_of_a_work_is_a_hint(bundled) -> None:
    found = [(f.matched, f.severity) for f in check_text("读了《特效穴位使用手册》这本书", bundled)]
    assert found and all(sev is Severity.INFO for _m, sev in found)
    outside = [f.severity for f in check_text("特效穴位按摩，一次见效", bundled)]
    assert any(sev is not Severity.INFO for sev in outside)


def test_a_sense_looks_near_within_the_line_only(tmp_path: Path) -> None:
    """A cure word on the next line belongs to another sentence; a later sentence on the same line still counts."""
    rs = _rules(tmp_path,
        "    severity: info\n    senses:\n      - near: [全网]\n        within: 12\n        verdict: error\n")
    assert [f.severity for f in check_text("全网都在说。这个最好", rs)] == [Severity.ERROR]
    assert [f.severity for f in check_text("全网都在说\n这个最好", rs)] == [Severity.INFO]


def test_near_before_reaches_as_far_as_its_within_inside_the_clause(tmp_path: Path) -> None:
    """如果 ten characters before 最好 still makes it advice, as the sense asks (within: 12); a comma ends its reach."""
    rs = _rules(tmp_path,
        "    severity: error\n    senses:\n      - near_before: [如果]\n        within: 12\n        verdict: info\n")
    assert [f.severity for f in check_text("如果是东莞本地的来看机最好", rs)] == [Severity.INFO]
    assert [f.severity for f in check_text("如果是东莞本地的，来看机最好", rs)] == [Severity.ERROR]
    assert [f.severity for f in check_text("如果你想买面霜的话这款真的是最好", rs)] == [Severity.ERROR]


def test_a_mention_alone_is_silent_but_speaks_near_a_cue(tmp_path: Path) -> None:
    body = ("rules:\n  - id: p.a\n    category: diversion\n    severity: info\n    terms: [京东]\n    mention: true\n"
            "    senses:\n      - near: [下单]\n        within: 4\n        verdict: warning\n"
            "    message: {zh: 中, en: en}\n")
    rs = load_ruleset([_pack(tmp_path, body)], include_user=False, include_bundled=False)
    assert rs.errors == []
    assert check_text("这台电脑是在京东买的", rs) == []
    assert [(f.matched, f.severity) for f in check_text("京东下单更快", rs)] == [("京东", Severity.WARNING)]


def test_a_silent_mention_still_covers_the_words_inside_it(bundled) -> None:
    """瘦脸针 names a procedure: neither it nor the 瘦脸 inside it is a finding in a plain story."""
    assert check_text("上个月终于去打了瘦脸针，记录一下", bundled) == []
    assert check_text("这个按摩仪能瘦脸", bundled) != []


@pytest.mark.parametrize("text", [
    "这台电脑是在京东买的",
    "出门记得涂防晒",
    "最近湿疹又犯了，去看了医生",
    "器械区每天早晚两次消毒",
    "有问题评论区交流",
    "喝了半年的乳清蛋白真实测评",
    "给我妈买的蛋白粉踩雷了",
    "可以在卫健委的网站上查医生资质",
])
def test_mentions_in_ordinary_notes_are_no_findings(bundled, text: str) -> None:
    assert check_text(text, bundled) == []


@pytest.mark.parametrize("text", [
    "它不能让你变白，就是保湿",  # a negation takes the claim back
    "对我来说它不是什么必买神器",
    "没有什么东西能让人绝对安全",
    "这些只是保健品，不能代替药物治疗疾病",
])
def test_a_claim_the_writer_takes_back_is_no_warning(bundled, text: str) -> None:
    assert [f for f in check_text(text, bundled) if f.severity is not Severity.INFO] == []


@pytest.mark.parametrize(("text", "matched"), [
    ('销售当时拍胸脯说"包过"，结果没过', "包过"),  # a quotation being doubted
    ("记住：凡是刷单都是诈骗", "刷单"),  # a warning against a scam
    ("网上说吃了能治失眠，我不太信", "治失眠"),  # hearsay
])
def test_quoted_reported_and_warned_claims_are_not_flagged(bundled, text: str, matched: str) -> None:
    assert [f for f in check_text(text, bundled) if f.matched == matched] == []


@pytest.mark.parametrize("text", [
    "记一下他们的原话，给姐妹们提个醒：\n“你这个皮肤再不管就来不及了”\n“我们这个项目做一次白一个度，今天办卡打五折”",
    '看完就开始说：\n"你这样练不对"\n"买三十节私教 现在活动价打八折 今天最后一天"',
])
def test_lines_of_quotations_after_a_colon_and_a_cue_are_no_claims(bundled, text: str) -> None:
    """A list of what the salesman said, introduced as such, quotes the claims in order to warn."""
    assert [f for f in check_text(text, bundled) if f.severity is not Severity.INFO and not f.rule.startswith("model.")] == []


@pytest.mark.parametrize("text", [
    "下单前看这里：\n“7天白一个度”",  # a colon, but no quote cue
    "他们的话术：\n“7天白一个度”，真的假不了",  # the line is more than the quotation
    "记一下他们的原话\n“7天白一个度”",  # no colon
])
def test_a_quotation_not_introduced_as_one_is_still_a_claim(bundled, text: str) -> None:
    assert any(f.matched.endswith("白一个度") for f in check_text(text, bundled))


def test_a_quoted_claim_still_covers_the_words_inside_it(bundled) -> None:
    """销售说"全网最低价": the quotation is silent, and 最低 inside it is not judged again on its own."""
    found = check_text('销售当时说"全网最低价"，结果隔壁更便宜', bundled)
    assert [f for f in found if not f.rule.startswith("model.")] == []


def test_a_warned_offer_is_a_hint_at_most(bundled) -> None:
    found = [f for f in check_text("有人私信问要不要卖号，大家别信", bundled) if f.matched == "卖号"]
    assert all(f.severity is Severity.INFO for f in found)


@pytest.mark.parametrize("text", ["这款面霜能让你变白", "可以帮你刷单，一单五块", "百分百包过"])
def test_the_same_claims_made_are_still_flagged(bundled, text: str) -> None:
    assert any(f.severity is not Severity.INFO for f in check_text(text, bundled))


@pytest.mark.parametrize(("text", "matched", "severities"), [
    ("🍫 花生味：最好吃，但热量也最高", "最好", []),  # ranks the options the writer lists
    ("1️⃣ A款：电池最大，6000毫安", "最大", []),
    ("1. 金枪鱼饭团 7.5 ：最稳", "最稳", []),  # a label with its price
    ("💰价格：全网最低，只要 99 元", "全网最低", [Severity.ERROR]),  # a whole scope is a claim in any list
    ("姐妹们：这是最好用的面霜", "最好用", [Severity.ERROR]),  # calling the readers opens no list
])
def test_a_superlative_in_an_item_of_the_writers_list_is_not_flagged(bundled, text: str, matched: str,
                                                                     severities: list[Severity]) -> None:
    found = [f.severity for f in check_text(text, bundled) if matched in f.matched and f.category == "extreme"]
    assert found == severities


def test_an_absolute_word_in_a_spec_list_stays_an_error(bundled) -> None:
    """质地：极致轻薄 ranks nothing: only superlatives that compare (最好吃, 第一) go unflagged in the writer's list."""
    found = [f.severity for f in check_text("✨质地：极致轻薄，一抹就吸收", bundled) if f.matched == "极致"]
    assert found == [Severity.ERROR]


def test_a_one_character_cue_inside_a_longer_word_is_not_the_cue(tmp_path: Path) -> None:
    rs = load_ruleset([_pack(tmp_path, "rules:\n  - id: p.cure\n    category: medical\n    severity: info\n"
                             "    terms: [治疗]\n    message: {zh: 中, en: en}\n"
                             "    senses:\n      - near: [能]\n        within: 8\n        verdict: error\n")],
                      include_user=False, include_bundled=False)
    assert rs.errors == []
    assert [f.severity for f in check_text("这个茶能治疗失眠", rs)] == [Severity.ERROR]
    # 能 ends 肝功能 there: no "can" in that sentence
    assert [f.severity for f in check_text("会影响肝功能，影响后面的治疗", rs)] == [Severity.INFO]


def test_a_silent_claim_pattern_leaves_the_terms_inside_it_to_their_own_senses(bundled) -> None:
    """没有恰饭 is a denial pattern that says nothing when the note admits nothing; the 恰饭 inside it is still judged
    by its own sense, which warns beside the 合作 the same line admits."""
    text = "本期没有恰饭，全部自费（其实第一名是品牌合作款，嘘"
    assert [(f.matched, f.rule, f.severity) for f in check_text(text, bundled) if f.category == "disclosure"] == [
        ("恰饭", "disclosure.sponsored", Severity.WARNING)]


def test_a_passed_reading_still_covers_the_words_inside_it(bundled) -> None:
    """熨效果最好 is a tip about a method: 效果最好 passes, and the 最好 inside it is not judged again as "the best"."""
    found = check_text("衬衫趁微微潮的时候熨效果最好", bundled)
    assert [f for f in found if not f.rule.startswith("model.")] == []
    claimed = check_text("全市提分效果最好的机构", bundled)
    assert any(f.matched == "效果最好" and f.severity is Severity.ERROR for f in claimed)


@pytest.mark.parametrize(("text", "matched"), [
    ("擦了完全没长妊娠纹 保证有效", "保证有效"),  # the space ends the clause 没 governs
    ("完全没长 保证有效", "保证有效"),
])
def test_a_negation_does_not_reach_across_a_typed_space(bundled, text: str, matched: str) -> None:
    """On the platform a space does a comma's work: a negation before it takes back nothing after it."""
    assert matched in [f.matched for f in check_text(text, bundled) if f.severity is not Severity.INFO]
    assert not [f for f in check_text("没有绝对安全的部位", bundled) if f.severity is not Severity.INFO]
