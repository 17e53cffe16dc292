"""The note gate reads a whole note: in a note that promotes nothing, risky words the claim tagger does not back up
are not reported; a note that sells keeps its warnings, and so do contacts, sound-alikes and the claims the tagger
sees."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import load_tool

from xhs_editor import checklist as cl
from xhs_editor.cli import main
from xhs_editor.engine import NoteContext, Severity, check_note, check_text, line_facts, load_ruleset, note_context
from xhs_editor.engine import note_gate
from xhs_editor.engine.note_context import note_grams
from xhs_editor.findings import note_findings
from xhs_editor.note import Note, save

ROOT = Path(__file__).resolve().parent.parent

TITLE = "期末考了专业第一"
STUDY = "大三上学期 意外拿了专业第一 开心得在宿舍尖叫\n每天早上背单词 晚上整理笔记 考前两周做思维导图"
"""A student's diary: 第一 is a rank in an exam, not a claim about a product."""
SALE = "\n我们的冲刺班今晚开团 名额只剩5个 报名戳主页"
"""The same diary turned into an advert for a course."""


@pytest.fixture(scope="module")
def with_models():
    rs = load_ruleset(include_user=False, model=True)
    if rs.note_gate() is None:
        pytest.fail("the note gate's model is missing from resources/models")
    return rs


def firsts(findings) -> list[Severity]:
    return [f.severity for f in findings if f.matched == "第一"]


def test_a_students_diary_reads_as_plain_and_its_ranks_are_not_reported(with_models) -> None:
    assert note_context(TITLE, STUDY, "", with_models).plain
    assert firsts(check_note(TITLE, STUDY, "", with_models)) == []


def test_the_same_diary_selling_a_course_keeps_its_errors(with_models) -> None:
    assert not note_context(TITLE, STUDY + SALE, "", with_models).plain
    assert firsts(check_note(TITLE, STUDY + SALE, "", with_models)) == [Severity.ERROR] * 2


def test_without_the_learned_models_the_gate_is_off() -> None:
    rules_only = load_ruleset(include_user=False, model=False)
    assert rules_only.note_gate() is None
    assert firsts(check_note(TITLE, STUDY, "", rules_only)) == [Severity.ERROR] * 2


def test_a_claim_the_tagger_backs_up_keeps_its_error_in_a_plain_note(with_models) -> None:
    body = STUDY + "\n宿舍楼下那家奶茶是全网最好喝的"
    assert note_context(TITLE, body, "", with_models).plain
    found = check_note(TITLE, body, "", with_models)
    assert firsts(found) == []
    assert [f.severity for f in found if f.matched == "全网最"] == [Severity.ERROR]


def test_a_contact_and_a_sound_alike_keep_their_severity_in_a_plain_note(with_models) -> None:
    plain = NoteContext(plain=True)
    phone = [f for f in check_text("有事打13800138000", with_models, "body", note=plain) if f.category == "diversion"]
    assert phone and all(f.severity is Severity.ERROR for f in phone)
    sound = [f for f in check_text("加个薇信吧", with_models, "body", note=plain) if f.category == "diversion"]
    assert sound and all(f.severity is not Severity.INFO for f in sound)
    assert check_text("专业第一", with_models, "body", note=plain) == []
    assert [f.severity for f in check_text("专业第一", with_models, "body")] == [Severity.ERROR]


def test_a_note_that_leaves_a_contact_is_never_plain(with_models) -> None:
    assert not note_context(TITLE, STUDY + "\n有问题可以打13800138000", "", with_models).plain


ADVERT = ("不是广告，就是分享。朋友自己厂里出的枣夹核桃，比超市便宜一半，纯手工现做，老人小孩都爱吃，"
          "补气血效果特别好，回购好几次了")
"""A note that sells from end to end while it says it is no advert."""
DIARY = ("不是广告，就是记录一下。周末去了新开的面包店，排了半小时队，可颂外皮很酥但有点咸，肉松小贝一般，"
         "价格比连锁店贵两三块，不会专门再去")
"""A diary that says the same and means it."""


def denials(findings) -> list[Severity]:
    return [f.severity for f in findings if f.matched == "不是广告"]


def test_an_ad_denial_in_a_note_that_sells_throughout_is_a_warning(with_models) -> None:
    assert note_context("", ADVERT, "", with_models).selling
    assert denials(check_note("", ADVERT, "", with_models)) == [Severity.WARNING]
    assert not note_context("", DIARY, "", with_models).selling
    assert denials(check_note("", DIARY, "", with_models)) == []


def test_a_short_note_never_sells_outright_and_a_contact_always_does(with_models) -> None:
    short = "纯自费，不是广告。面包还行"
    assert with_models.note_gate().promotion(note_grams("", short, "")) >= note_gate.SELLING  # the denial's words
    assert not note_context("", short, "", with_models).selling
    assert denials(check_note("", short, "", with_models)) == []
    assert note_context("", short + "，有事打13800138000", "", with_models).selling


def test_in_a_note_that_sells_outright_a_hint_is_a_warning_except_a_scoped_superlative(with_models) -> None:
    """``note_selling``: a promotional note from end to end turns the hints of its categories into warnings."""
    selling, diary = NoteContext(selling=True), NoteContext()
    sales = "厂家直销，一件代发"
    assert {f.severity for f in check_text(sales, with_models, "body", note=diary)} == {Severity.INFO}
    assert {f.severity for f in check_text(sales, with_models, "body", note=selling)} == {Severity.WARNING}
    scoped = "我心中最好的面霜"
    assert [f.severity for f in check_text(scoped, with_models, "body", note=selling)] == [Severity.INFO]


def test_without_the_learned_models_only_a_contact_sells(with_models) -> None:
    rules_only = load_ruleset(include_user=False, model=False)
    assert not note_context("", ADVERT, "", rules_only).selling
    assert denials(check_note("", ADVERT, "", rules_only)) == []


def test_every_front_end_shows_the_gates_verdict(with_models, tmp_path: Path) -> None:
    note = Note(title=TITLE, body=STUDY)
    path = tmp_path / "note.xhsnote"
    save(note, path)
    out = io.StringIO()
    main(["check", str(path), "--no-user-rules", "--format", "json"], out=out, err=io.StringIO())
    cli = [Severity(f["severity"]) for f in json.loads(out.getvalue())["files"][0]["findings"] if f["matched"] == "第一"]
    assert cli == firsts(note_findings(note, with_models).active) == firsts(cl.note_findings(note, with_models)) == []
    out = io.StringIO()
    main(["check", str(path), "--no-user-rules", "--no-model", "--format", "json"], out=out, err=io.StringIO())
    assert {f["severity"] for f in json.loads(out.getvalue())["files"][0]["findings"] if f["matched"] == "第一"} \
        == {"error"}


def test_the_editor_and_the_training_script_count_the_same_ngrams(with_models) -> None:
    """The model is trained on note_grams and scores what the editor gathers sentence by sentence."""
    from xhs_editor.engine.note_context import _lines

    pieces = [(len(line), line_facts(line, with_models)[4]) for line in _lines(TITLE, STUDY + SALE, "#考研")]
    assert note_gate.total(pieces) == note_grams(TITLE, STUDY + SALE, "#考研")


def test_features_are_sublinear_counts_of_unit_length() -> None:
    feats = note_gate.features(Counter(note_gate.grams("好好好")))
    assert feats["好"] > feats["好好"] > feats["好好好"]
    assert sum(v * v for v in feats.values()) == pytest.approx(1.0)


def test_training_is_deterministic_and_learns_from_train_only(tmp_path: Path) -> None:
    tool = load_tool("train_note_gate")
    few = tool.notes("train")[:60]
    assert {n["id"] for n in few}.isdisjoint(n["id"] for n in tool.notes("dev"))
    params = {**tool.PARAMS, "max_iterations": 20}
    a, b = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    tool.train(few, a, params)
    tool.train(few, b, params)
    assert a.read_bytes() == b.read_bytes()
    assert note_gate.NoteGate(a).promotion(note_grams(TITLE, STUDY, "")) < 1.0
