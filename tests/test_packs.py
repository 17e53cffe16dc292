"""Tests of the bundled rule packs (rules/*.yaml) as data.

Every example written in a pack runs here, parametrized per rule and example so
that a failure names the rule.  The other tests check the data's contracts: no
term is silenced by its own allow list, terms shared between categories are
declared, messages exist in both languages, the README's example pack is the
file in tests/data and works, the platform's 22 example terms are caught when
written in traditional characters, and ordinary sentences stay quiet.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections import defaultdict
from pathlib import Path

import pytest

from xhs_editor.engine import Severity, check_text, load_ruleset, normalize_term, suggest_industries

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "rules"
EXAMPLE_PACK_DIR = ROOT / "tests" / "data" / "example_pack"
EXAMPLE_PACK = EXAMPLE_PACK_DIR / "my_brand.yaml"
README = RULES_DIR / "README.md"

CATEGORY_IDS = (
    "extreme", "authority", "guarantee", "superstition", "fraud", "hard_ad", "diversion",
    "inducement", "medical", "efficacy", "finance", "disparagement", "prohibited_industry",
    "illegal", "disclosure", "limits",
)

RS = load_ruleset(include_user=False)
EX_RS = load_ruleset(extra_dirs=[EXAMPLE_PACK_DIR], include_user=False)


def _items(ruleset):
    return [*ruleset.rules, *ruleset.detectors]


def _example_cases(ruleset):
    cases = []
    for item in _items(ruleset):
        for kind in ("flag", "info", "pass"):
            for i, text in enumerate(getattr(item, f"examples_{kind}", ()) or ()):
                cases.append(pytest.param(item.id, kind, text, id=f"{item.id}-{kind}{i}"))
    return cases


def _check_example(ruleset, rid: str, kind: str, text: str) -> None:
    findings = check_text(text, ruleset)
    mine = [f for f in findings if f.rule == rid]
    shown = [(f.matched, f.rule, f.severity.value) for f in findings]
    if kind == "flag":
        assert mine, f"{rid}: expected a finding in {text!r}, got {shown}"
    elif kind == "info":
        assert mine, f"{rid}: expected an info finding in {text!r}, got {shown}"
        assert all(f.severity is Severity.INFO for f in mine), \
            f"{rid}: expected only info in {text!r}, got {shown}"
    else:
        assert not mine, f"{rid}: expected no finding in {text!r}, got {shown}"


# --- loading -------------------------------------------------------------------------------


def test_bundled_packs_load_without_errors():
    assert [str(e) for e in RS.errors] == []


def test_every_yaml_file_is_a_pack_that_loaded():
    loaded = {Path(p.path).name for p in RS.packs}
    on_disk = {p.name for p in RULES_DIR.glob("*.yaml")}
    assert on_disk <= loaded


def test_total_term_count_is_large():
    total = sum(len(r.terms) for r in RS.rules)
    assert total >= 1000, total


def test_every_rule_has_examples():
    missing = [i.id for i in _items(RS) if not i.examples_flag]
    assert missing == []
    missing_pass = [i.id for i in _items(RS) if not i.examples_pass]
    assert missing_pass == []


def test_rule_ids_are_prefixed_with_their_pack_or_category():
    bad = []
    for item in _items(RS):
        head = item.id.split(".", 1)[0]
        if head not in (item.category, item.pack) and not item.id.startswith(item.category + "."):
            bad.append(item.id)
    assert bad == []


# --- the examples in the packs --------------------------------------------------------------


@pytest.mark.parametrize(("rid", "kind", "text"), _example_cases(RS))
def test_rule_example(rid, kind, text):
    _check_example(RS, rid, kind, text)


# --- replacements fit where they are pasted --------------------------------------------------


def _replacement_cases(ruleset):
    return [pytest.param(item.id, text, repl, id=f"{item.id}-{i}-{repl}")
            for item in _items(ruleset) for i, text in enumerate(item.examples_flag)
            for repl in item.replacements]


def _apply(text: str, spans: list[tuple[int, int]], repl: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with every span replaced by ``repl``, and where the replacements now are."""
    out, placed, pos = [], [], 0
    for s, e in sorted(spans):
        out.append(text[pos:s])
        start = sum(map(len, out))
        out.append(repl)
        placed.append((start, start + len(repl)))
        pos = e
    out.append(text[pos:])
    return "".join(out), placed


@pytest.mark.parametrize(("rid", "text", "repl"), _replacement_cases(RS) + _replacement_cases(EX_RS))
def test_replacement_fits_in_place(rid, text, repl):
    """A quick fix gives a clean sentence: the flag example with the replacement pasted over the
    rule's matches is clean for that rule, no other warning or error appears on the pasted words,
    and no character is doubled at a seam (全网最好|用 → 很好用|用 would be)."""
    rs = EX_RS if rid.startswith("my_brand.") else RS
    spans = [(f.start, f.end) for f in check_text(text, rs) if f.rule == rid]
    assert spans, f"{rid}: {text!r} is a flag example"
    for s, e in spans:
        assert not (s > 0 and text[s - 1] == repl[0]) and not (e < len(text) and text[e] == repl[-1]), \
            f"{rid}: pasting {repl!r} over {text[s:e]!r} in {text!r} doubles a character"
    fixed, placed = _apply(text, spans, repl)
    after = check_text(fixed, rs)
    assert not [f for f in after if f.rule == rid], f"{rid}: {fixed!r} is still flagged"
    new = [(f.matched, f.rule) for f in after if f.severity is not Severity.INFO
           and any(f.start < pe and ps < f.end for ps, pe in placed)]
    assert new == [], f"{rid}: {fixed!r} has new findings on the replacement: {new}"


def test_the_replacement_covers_the_whole_phrase():
    """全网最好用的面霜: the quick fix replaces all of the absolute phrase, never leaving 很好用用."""
    text = "全网最好用的面霜"
    (f,) = [f for f in check_text(text, RS) if f.category == "extreme"]
    fixed = {text[:f.start] + r + text[f.end:] for r in f.replacements}
    assert "很好用的面霜" in fixed and not any("用用" in t for t in fixed), fixed


def test_advice_is_never_a_replacement():
    """央视推荐 offers no replacement: 删除 and other advice are shown, never pasted in."""
    (f,) = check_text("这是央视推荐的国货", RS)
    assert f.replacements == () and "删除" in f.advice


# --- terms ------------------------------------------------------------------------------------


def _term_cases():
    cases = []
    for rule in RS.rules:
        for term in rule.terms:
            cases.append(pytest.param(rule.id, term, id=f"{rule.id}-{term}"))
    return cases


def _alone_sense(rule, term: str):
    """The verdict of a sense that reads the term whatever its context; ``...`` when there is none."""
    norm = normalize_term(term)
    for s in rule.senses:
        if norm in s.terms and not (s.before or s.after or s.near or s.near_before or s.before_pos or s.after_pos or s.in_note):
            return s.verdict
    return ...


def _passed_alone_on_purpose(rule, term: str) -> bool:
    """A sense that passes the term unless its context says otherwise (菠菜 is spinach unless 网站 is near)."""
    return _alone_sense(rule, term) is None


def _loud(ruleset):
    """``ruleset`` with every mention rule reporting bare hits, to see what its matcher finds."""
    loud = copy.copy(ruleset)
    loud.rules = [dataclasses.replace(r, mention=False) for r in ruleset.rules]
    return loud


RS_LOUD = _loud(RS)


@pytest.mark.parametrize(("rid", "term"), _term_cases())
def test_term_alone_is_flagged(rid, term):
    """No term is swallowed by its own allow list or the global allowlist (or by accident by a sense).

    A mention rule's term alone is no finding by design (``mention: true``), so its matcher is
    asked with mentions made loud."""
    rule = RS.rule(rid)
    if _passed_alone_on_purpose(rule, term):
        return
    findings = check_text(term, RS_LOUD if rule.mention else RS)
    ok = [f for f in findings
          if f.start == 0 and f.end == len(term)
          and (f.rule == rid or f.category in rule.also_in or rule.category in _also_in(f.rule))]
    assert ok, f"{rid}: the term {term!r} alone gives {[(f.matched, f.rule) for f in findings]}"


@pytest.mark.parametrize("rid", [r.id for r in RS.rules if r.mention])
def test_a_mention_alone_is_no_finding(rid):
    """在京东买的, 出门记得涂防晒, 湿疹又犯了: naming a shop, a product type or a disease claims nothing."""
    rule = RS.rule(rid)
    loud = [t for t in rule.terms if _alone_sense(rule, t) is ...]
    said = [t for t in loud if any(f.rule == rid for f in check_text(t, RS))]
    assert said == []


def _also_in(rid: str) -> tuple[str, ...]:
    item = RS.rule(rid)
    return tuple(getattr(item, "also_in", ()) or ())


def test_terms_in_two_categories_are_declared_with_also_in():
    where = defaultdict(list)
    for rule in RS.rules:
        for term in rule.terms:
            where[normalize_term(term)].append(rule)
    problems = []
    for term, rules in where.items():
        for a in rules:
            for b in rules:
                if a is b:
                    continue
                if a.category == b.category:
                    problems.append(f"{term!r} is in {a.id} and {b.id} (same category)")
                elif b.category not in a.also_in:
                    problems.append(f"{term!r} is in {a.id} and {b.category} rule {b.id}, "
                                    f"but {a.id} lacks also_in: [{b.category}]")
    assert problems == []


def test_terms_are_not_repeated_within_a_rule():
    dup = []
    for rule in RS.rules:
        seen = set()
        for term in rule.terms:
            n = normalize_term(term)
            if n in seen:
                dup.append(f"{rule.id}: {term}")
            seen.add(n)
    assert dup == []


# --- messages and categories --------------------------------------------------------------


def test_every_category_exists_with_names_in_both_languages():
    for cid in CATEGORY_IDS:
        cat = RS.categories.get(cid)
        assert cat is not None, cid
        assert cat.name.zh.strip() and cat.name.en.strip(), cid
        assert cat.description.zh.strip() and cat.description.en.strip(), cid


def test_every_rule_uses_a_known_category():
    unknown = [i.id for i in _items(RS) if i.category not in CATEGORY_IDS or i.category == "limits"]
    assert unknown == []


def test_every_rule_message_has_zh_and_en():
    bad = []
    for item in _items(RS):
        zh, en = item.message.zh, item.message.en
        if not zh.strip() or not en.strip() or zh == en:
            bad.append(item.id)
        elif not re.search(r"[\u4e00-\u9fff]", zh) or not re.search(r"[A-Za-z]{3}", en):
            bad.append(item.id)
    assert bad == []


def test_every_content_category_has_rules():
    used = {i.category for i in _items(RS)}
    assert set(CATEGORY_IDS) - {"limits"} <= used


# --- the platform's 22 example terms, written in traditional characters -----------------------

PLATFORM_EXAMPLES = [
    ("extreme", "極致"), ("extreme", "極佳"), ("extreme", "終極"), ("extreme", "國際級"),
    ("extreme", "世界級"),
    ("guarantee", "100%有效"), ("guarantee", "零風險"), ("guarantee", "強效"), ("guarantee", "無依賴"),
    ("superstition", "帶來好運"), ("superstition", "時來運轉"), ("superstition", "旺財"),
    ("superstition", "逢凶化吉"), ("superstition", "化解小人"),
    ("fraud", "全民免單"), ("fraud", "點擊領獎"), ("fraud", "賣瘋了"), ("fraud", "恭喜得獎"),
    ("fraud", "再不搶就沒了"),
]
WRAPPERS = ["她說這個{}呢", "聽說{}，你信嗎"]


@pytest.mark.parametrize("wrapper", WRAPPERS)
@pytest.mark.parametrize(("category", "term"), PLATFORM_EXAMPLES)
def test_platform_example_terms_in_traditional_characters(category, term, wrapper):
    text = wrapper.format(term)
    start = text.index(term)
    findings = check_text(text, RS)
    hits = [f for f in findings if f.category == category and f.start <= start and f.end >= start + len(term)]
    assert hits, f"{term!r} in {text!r}: {[(f.matched, f.category, f.rule) for f in findings]}"
    assert all(f.severity is not Severity.INFO for f in hits)


# --- ordinary sentences stay quiet ----------------------------------------------------------

ORDINARY = [
    "最近很忙", "第一次来", "首先", "国家博物馆", "唯一的遗憾", "稍微信任",
    "订单号 2023112712345678", "订单号2023112712345678", "日期 2024-11-27", "2024.11.27 出发",
    "价格 ¥138.00", "一共1380元", "版本 v1.2.3", "下午 14:30 集合", "我最近在学做饭", "最后一步",
    "最后一天去了海边", "最初的想法", "最终还是买了", "最早的一班车", "第一步先洗脸", "第一天到酒店",
    "第一眼就喜欢", "最好不要熬夜", "最好先卸妆", "最佳赏味期是三天", "最佳使用时间是睡前",
    "唯一的缺点是有点贵", "今天最高气温30度", "快递最快明天到", "顾客第一", "这件事值得关注",
    "年糕QQ弹弹的", "汤里加微辣更好喝", "我对他稍微信任了一点", "请确保本人到场", "他在班上很有威信",
    "每天尽量保证八小时睡眠", "卧室天花板上装了灯", "下午茶点了提拉米苏", "周末去了国家级自然保护区",
    "这家店周末人很多", "我今天去医院复查了", "一道十分钟的快手菜", "出门一定要做好防晒",
    "我的减脂餐分享", "景区需要在小程序预约", "餐厅可以扫码点餐", "手机号码不方便留",
    "1+1=2", "C++ 入门", "小红书真好玩", "今天穿了一件白色T恤", "这家店的招牌是酸菜鱼",
    "电梯到了第十层", "这部电影的特效很好", "喜欢的话可以收藏", "我用过的几款里这个最顺手",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_sentences_produce_no_warning_or_error(text):
    bad = [(f.matched, f.rule, f.severity.value) for f in check_text(text, RS)
           if f.severity is not Severity.INFO]
    assert bad == [], f"{text!r}: {bad}"


# --- context as data (SAMR 2023 guideline) -----------------------------------------------------


@pytest.mark.parametrize("text", ["最近很忙", "最后一步", "最初的想法", "最终还是买了", "最早到的",
                                  "第一次来", "第一步", "第一天", "第一眼", "最好不要熬夜", "最好先卸妆"])
def test_time_order_words_are_allowed(text):
    assert [f for f in check_text(text, RS) if f.category == "extreme"] == []


@pytest.mark.parametrize("text", ["我心中最好的面霜", "个人最爱这款", "我觉得最适合我肤质的乳液"])
def test_first_person_superlative_is_info(text):
    ext = [f for f in check_text(text, RS) if f.category == "extreme"]
    assert ext and all(f.severity is Severity.INFO for f in ext), ext


@pytest.mark.parametrize("text", ["最佳使用时间是早上", "最佳赏味期三天"])
def test_consumer_tips_are_allowed(text):
    assert [f for f in check_text(text, RS) if f.category == "extreme"] == []


def test_interaction_alone_is_info_and_near_reward_is_warning():
    alone = [f for f in check_text("喜欢的话点赞收藏", RS) if f.category == "inducement"]
    assert alone and all(f.severity is Severity.INFO for f in alone)
    for text in ["点赞收藏抽奖送三份", "关注我领红包", "点赞免费送小样"]:
        hits = [f for f in check_text(text, RS) if f.category == "inducement"]
        assert any(f.severity is Severity.WARNING for f in hits), (text, hits)


@pytest.mark.parametrize(("text", "category"), [
    ("我个人觉得这个茶能治好胃病", "medical"),
    ("我心中最能根治湿疹的药膏", "medical"),
    ("我自己买了，稳赚不赔", "finance"),
    ("我觉得这个理财保本", "finance"),
])
def test_medical_and_financial_absolute_claims_stay_errors(text, category):
    hits = [f for f in check_text(text, RS) if f.category == category]
    assert hits and any(f.severity is Severity.ERROR for f in hits), hits


def test_medical_and_finance_rules_have_no_downgrade():
    bad = []
    for rule in RS.rules:
        if rule.category in ("medical", "finance"):
            if any(c.within == 0 and c.severity is Severity.INFO for c in rule.contexts):
                bad.append(rule.id)
    assert bad == []


# --- detectors: what they must and must not catch ----------------------------------------------


@pytest.mark.parametrize("text", [
    "电话13812345678", "打 138 1234 5678", "138-1234-5678", "+86 138 1234 5678",
    "一三八一二三四五六七八", "QQ：12345678", "邮箱 abc@example.com", "https://example.com",
    "example点com", "abc(dot)cn", "微信：lucy_2024", "vx：abc12345", "+V", "＋v 了解", "加V",
    "薇信", "威信号", "绿泡泡", "某宝", "pdd", "dy搜同名",
])
def test_contact_data_is_flagged_as_diversion(text):
    hits = [f for f in check_text(text, RS) if f.category == "diversion"]
    assert hits, text


@pytest.mark.parametrize("text", [
    "2024-11-27", "2024.11.27", "¥138.00", "1380元", "订单号2023112712345678", "v1.2.3",
    "14:30", "2024年11月27日", "身高165体重50", "尺码 38-39",
])
def test_numbers_that_are_not_contact_data(text):
    assert [f for f in check_text(text, RS) if f.category == "diversion"] == []


# --- industries -------------------------------------------------------------------------------

SPECIAL = {"health_food", "special_cosmetics", "cosmetics", "medical_device", "drugs", "fsmp",
           "medical_aesthetics", "mobile_games", "pet_medical", "education", "finance", "alcohol",
           "real_estate"}
PROHIBITED = {"genetic_testing", "surrogacy", "psychological_testing", "illegal_education", "tobacco",
              "gambling", "narcotics", "p2p_crypto", "fortune_telling"}


def _two(obj) -> bool:
    return isinstance(obj, dict) and str(obj.get("zh", "")).strip() != "" and str(obj.get("en", "")).strip() != ""


def _basis_ok(basis) -> bool:
    return (isinstance(basis, dict) and basis.get("source") in ("law", "platform")
            and str(basis.get("ref", "")).strip() != ""
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(basis.get("date", ""))) is not None)


def test_industries_cover_the_required_list():
    ids = {ind["id"]: ind["kind"] for ind in RS.industries}
    assert SPECIAL <= {i for i, k in ids.items() if k == "special"}
    assert PROHIBITED <= {i for i, k in ids.items() if k == "prohibited"}


@pytest.mark.parametrize("ind", RS.industries, ids=lambda ind: ind["id"])
def test_industry_entry_is_complete(ind):
    assert _two(ind.get("name")) and _two(ind.get("reason"))
    assert _basis_ok(ind.get("basis")), ind.get("basis")
    assert ind.get("triggers"), "an industry needs trigger terms"
    items = ind.get("items") or []
    if ind["kind"] == "special":
        assert items, "a special industry needs checklist items"
    ids = set()
    for item in items:
        assert item["id"].startswith(ind["id"] + "."), item["id"]
        assert item["id"] not in ids
        ids.add(item["id"])
        assert _two(item.get("text")) and _two(item.get("explain")), item["id"]
        assert isinstance(item.get("reference_number"), bool), item["id"]
        assert _basis_ok(item.get("basis")), item["id"]


@pytest.mark.parametrize(("text", "industry"), [
    ("上周去打了水光针", "medical_aesthetics"),
    ("玻尿酸填充", "medical_aesthetics"),
    ("这款蓝帽子保健品", "health_food"),
    ("新出的防晒霜", "special_cosmetics"),
    ("电子烟口味推荐", "tobacco"),
    ("论文代写", "illegal_education"),
    ("考研培训班", "education"),
])
def test_triggers_suggest_the_industry(text, industry):
    assert industry in [iid for iid, _words in suggest_industries(text, RS)]


# --- the README's example pack ----------------------------------------------------------------


def test_example_pack_loads_without_errors():
    assert [str(e) for e in EX_RS.errors] == []
    assert any(p.name == "my_brand" for p in EX_RS.packs)


def test_readme_quotes_the_example_pack_exactly():
    readme = README.read_text(encoding="utf-8")
    pack = EXAMPLE_PACK.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.DOTALL)
    assert pack in blocks, "rules/README.md must quote tests/data/example_pack/my_brand.yaml in a ```yaml block"


def test_readme_names_the_user_folder():
    readme = README.read_text(encoding="utf-8")
    assert 'platformdirs.user_config_dir("xhs-editor", appauthor=False)' in readme  # as paths.config_dir()


@pytest.mark.parametrize(("rid", "kind", "text"),
                         [c for c in _example_cases(EX_RS) if c.values[0].startswith("my_brand.")])
def test_example_pack_example(rid, kind, text):
    _check_example(EX_RS, rid, kind, text)


def test_example_pack_allowlist_and_disable_work():
    assert EX_RS.rule("hard_ad.sales_tone") is None
    assert RS.rule("hard_ad.sales_tone") is not None
    assert [f for f in check_text("第一茶坊的新品", EX_RS) if f.category == "extreme"] == []
    assert [f for f in check_text("第一茶坊的新品", RS) if f.category == "extreme"] != []


# --- category colours ---------------------------------------------------------------------------


def _linear(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _luminance(color: str) -> float:
    r, g, b = (_linear(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def _lab(color: str) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in _rgb(color))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _delta_e2000(c1: str, c2: str) -> float:
    """CIEDE2000 colour difference (about 2 is just noticeable side by side)."""
    import math

    (l1, a1, b1), (l2, a2, b2) = _lab(c1), _lab(c2)
    cbar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(cbar ** 7 / (cbar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p, h2p = math.degrees(math.atan2(b1, a1p)) % 360, math.degrees(math.atan2(b2, a2p)) % 360
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    dhp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lbar, cbarp = (l1 + l2) / 2, (c1p + c2p) / 2
    hbar = h1p + h2p if c1p * c2p == 0 else ((h1p + h2p) / 2 if abs(h1p - h2p) <= 180 else
                                             (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2)
    t = (1 - 0.17 * math.cos(math.radians(hbar - 30)) + 0.24 * math.cos(math.radians(2 * hbar))
         + 0.32 * math.cos(math.radians(3 * hbar + 6)) - 0.20 * math.cos(math.radians(4 * hbar - 63)))
    rt = -math.sin(math.radians(60 * math.exp(-((hbar - 275) / 25) ** 2))) * 2 * math.sqrt(cbarp ** 7 / (cbarp ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (lbar - 50) ** 2 / math.sqrt(20 + (lbar - 50) ** 2)
    sc, sh = 1 + 0.045 * cbarp, 1 + 0.015 * cbarp * t
    dl, dc = (l2 - l1) / sl, (c2p - c1p) / sc
    return math.sqrt(dl ** 2 + dc ** 2 + (dhp / sh) ** 2 + rt * dc * (dhp / sh))


def test_delta_e2000_ranks_colour_pairs_sensibly():
    assert _delta_e2000("#e5484d", "#e5484d") == 0
    assert _delta_e2000("#ff0000", "#0000ff") > 50
    assert 0 < _delta_e2000("#808080", "#828282") < 1.5


def test_category_colours_are_distinguishable_from_one_another():
    """Every pair of categories differs by at least ΔE2000 12 (the old extreme/medical reds differed by 3)."""
    colours = {c.id: c.color for c in RS.categories.values()}
    close = sorted((round(_delta_e2000(colours[a], colours[b]), 1), a, b)
                   for i, a in enumerate(colours) for b in list(colours)[i + 1:])
    assert close[0][0] >= 12, close[:3]


@pytest.mark.parametrize("background", ["#ffffff", "#1e1e1e", "#252526"])  # white; dark editor bases
def test_category_colours_are_readable_on_light_and_dark_backgrounds(background):
    """A thin underline needs 3:1 contrast (WCAG for non-text): on white and on a dark theme's base."""
    low = [(c.id, c.color, round(_contrast(c.color, background), 2)) for c in RS.categories.values()
           if _contrast(c.color, background) < 3.0]
    assert low == []
