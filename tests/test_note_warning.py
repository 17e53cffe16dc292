"""A note that warns its readers (against scams, pyramid schemes, a banned trade) quotes what it warns against:
there the hits of the categories it warns about are not reported, wherever the warning words stand."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest

from xhs_editor.cli import main
from xhs_editor.engine import NO_CONTEXT, NoteContext, Severity, check_note, check_text, load_ruleset, note_context
from xhs_editor.note import Note

from front_ends import severities_everywhere

SCAM_STORY = ("上周有人私信我做兼职，然后拉我进群，说要做进阶任务\n"
              "对方说账户异常，请点击链接处理\n"
              "收入主要靠拉人头的，就是传销的路子\n"
              "这些都是骗局")
"""One warning word (骗局) in the body: a second one anywhere makes the note one that warns."""
QUOTED = ("进群", "链接", "拉人头")


@pytest.fixture(scope="module")
def bundled():
    return load_ruleset(include_user=False, model=False)


def severities(findings, words=QUOTED) -> dict[str, Severity]:
    return {f.matched: f.severity for f in findings if f.matched in words}


def test_a_scam_warning_quotes_the_scam_without_findings(bundled) -> None:
    assert severities(check_note("反诈提醒", SCAM_STORY, "#防骗", bundled)) == {}


def test_the_same_sentences_without_a_warning_still_warn(bundled) -> None:
    found = severities(check_note("兼职日记", SCAM_STORY, "", bundled))
    assert set(found) == set(QUOTED)
    assert all(sev in (Severity.WARNING, Severity.ERROR) for sev in found.values())


def test_the_threshold_counts_warning_words_across_title_body_and_topics(bundled) -> None:
    assert bundled.note_warning.cues == 2
    assert note_context("", SCAM_STORY, "", bundled) == NO_CONTEXT  # 骗局 alone
    assert note_context("反诈提醒", SCAM_STORY, "", bundled).warns  # title
    assert note_context("", SCAM_STORY, "#防骗", bundled).warns  # topics
    assert note_context("", SCAM_STORY + "\n别信", "", bundled).warns  # another line
    assert note_context("", "骗局", "", bundled) == NO_CONTEXT
    assert note_context("", "骗局，骗局", "", bundled).warns  # occurrences count, not distinct words


def test_warning_words_added_since_the_tagger_was_trained_count_too(bundled) -> None:
    """note_warning_cues_more holds words the claim tagger does not read (亏光, 风险提示); they count like the others."""
    story = "表哥炒币亏光积蓄\n群里说月化30%\n对虚拟货币交易本来就有风险提示"
    assert "亏光" in bundled.vocabulary["note_warning_cues_more"]
    assert note_context("", story, "", bundled).warns
    assert note_context("", story.replace("亏光", "赚了").replace("风险提示", "好消息"), "", bundled) == NO_CONTEXT


def test_a_note_that_leaves_its_own_contact_offers_and_does_not_warn(bundled) -> None:
    """被骗了钱还能追回吗？… 加我微信 is a recovery scam dressed as a warning."""
    offer = SCAM_STORY + "\n被骗了也别慌，加我vx：zhuihui_888"
    context = note_context("反诈提醒", offer, "", bundled)
    # 加我v is an in_note word of the denial rules, and a note that leaves a contact sells: that is all it changes.
    assert context.selling
    assert dataclasses.replace(context, says=frozenset(), selling=False) == NO_CONTEXT
    assert severities(check_note("反诈提醒", offer, "", bundled))["拉人头"] is Severity.ERROR


def test_without_a_note_context_check_text_judges_each_line_alone(bundled) -> None:
    alone = severities(check_text(SCAM_STORY, bundled))
    assert alone == severities(check_text(SCAM_STORY, bundled, note=NO_CONTEXT))
    assert alone["拉人头"] is Severity.ERROR
    assert "拉人头" not in severities(check_text(SCAM_STORY, bundled, note=NoteContext(warns=True)))


def test_a_category_the_note_warning_leaves_out_keeps_its_verdict(bundled) -> None:
    assert "extreme" not in bundled.note_warning.categories
    found = check_text("这款面霜全网最好用", bundled, note=NoteContext(warns=True))
    assert any(f.category == "extreme" and f.severity is Severity.ERROR for f in found)


def test_a_note_that_warns_softens_what_a_sense_decides_too(tmp_path: Path) -> None:
    """A warning quotes the scam's own words (保本年化12%), which a sense reads as a live claim: in a note that warns,
    the note's reading holds for them as for any hit (2026-12-03: three clean notes of waiting warned, one label lost)."""
    (tmp_path / "p.yaml").write_text("""\
pack: {name: p, version: "1", description: d}
rules:
  - id: fraud.prize
    category: fraud
    terms: [领奖]
    senses:
      - near: [立即]
        within: 4
        verdict: error
    message: {zh: 虚假中奖, en: fake prize}
""", encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, include_bundled=False, model=False)
    assert rs.errors == [] and rs.note_warning.cues
    assert check_text("立即领奖", rs, note=NoteContext())[0].severity is Severity.ERROR  # the sense decided
    warns = NoteContext(warns=True)
    assert check_text("立即领奖", rs, note=warns) == []
    assert check_text("中了就去领奖", rs, note=warns) == []


def test_sound_alikes_are_never_softened(bundled) -> None:
    """Writing 传销 by sound is itself a dodge, warning note or not."""
    plain = [f for f in check_text("拉人头的穿销", bundled) if f.category == "prohibited_industry"]
    sound = [f for f in check_text("拉人头的穿销", bundled, note=NoteContext(warns=True))
             if f.category == "prohibited_industry" and f.matched == "穿销"]
    if not any(f.matched == "穿销" for f in plain):
        pytest.skip("穿销 is not read as 传销 by sound")
    assert sound and sound[0].severity is not Severity.INFO


def test_the_checklist_the_report_and_check_agree_with_the_note_context(bundled, tmp_path: Path) -> None:
    note = Note(title="反诈提醒", body=SCAM_STORY, topics=["防骗"])
    assert severities_everywhere(note, bundled, tmp_path, QUOTED) == [{}] * 4
    plain = tmp_path / "warn.txt"
    plain.write_text("反诈提醒\n" + SCAM_STORY, encoding="utf-8")
    out = io.StringIO()
    main(["check", str(plain), "--no-user-rules", "--no-model", "--format", "json"], out=out, err=io.StringIO())
    assert {f["severity"] for f in json.loads(out.getvalue())["files"][0]["findings"]
            if f["matched"] in QUOTED} == set()


@pytest.mark.parametrize("block, problem", [
    ("note_warning: {cues: two}", "cues must be a whole number"),
    ("note_warning: {cues: 1.5}", "cues must be a whole number"),
    ("note_warning: {categories: [nope]}", "unknown category 'nope'"),
    ("note_warning: {when: 2}", "unknown key 'when'"),
    ("note_warning: {unless: [Bad Id]}", "must be lowercase"),
])
def test_a_broken_note_warning_is_reported_with_file_and_line(tmp_path: Path, block: str, problem: str) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(f'pack: {{name: mine, version: "1", description: d}}\n{block}\n', encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, model=False)
    [error] = [e for e in rs.errors if e.path == str(path)]
    assert problem in error.problem and error.line == 2


def test_unless_may_name_only_detectors(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text('pack: {name: mine, version: "1", description: d}\n'
                    "note_warning:\n  unless: [diversion.wechat, diversion.mobile]\n", encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, model=False)
    [error] = [e for e in rs.errors if e.path == str(path)]
    assert "diversion.wechat" in error.problem and error.line == 3
    assert rs.note_warning.unless == ("diversion.mobile",)


def test_a_user_pack_may_switch_the_note_warning_off(tmp_path: Path) -> None:
    (tmp_path / "off.yaml").write_text('pack: {name: off, version: "1", description: d}\nnote_warning: {cues: 0}\n',
                                       encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, model=False)
    assert rs.errors == [] and rs.note_warning.categories  # the other keys stay as bundled
    assert note_context("反诈提醒", SCAM_STORY, "#防骗", rs) == NO_CONTEXT


def test_a_long_paragraph_rechecked_around_an_edit_keeps_the_note_context(bundled) -> None:
    from xhs_editor.engine.incremental import recheck

    warns = NoteContext(warns=True)
    old = "普通的一句话。" * 400 + SCAM_STORY.replace("\n", "")
    new = "普通的一句话！" + old[7:]
    found = recheck(old, check_text(old, bundled, note=warns), new, bundled, note=warns)
    assert found == check_text(new, bundled, note=warns)
    assert "拉人头" not in severities(found) and "拉人头" in severities(check_text(new, bundled))
