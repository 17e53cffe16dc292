"""The checklist and the export gate (Qt-free), on a fixture industries pack."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from xhs_editor import checklist as cl
from xhs_editor.note import IgnoredFinding, Note, context_of, dumps, from_dict

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def rs():
    from xhs_editor.engine import load_ruleset

    ruleset = load_ruleset([DATA / "industries_basic"],
                           include_user=False, include_bundled=False)
    assert ruleset.errors == []
    return ruleset


def state(note: Note, rs, lang: str = "en"):
    found = cl.note_findings(note, rs)
    checklist = cl.build_checklist(note, rs, found, lang)
    return checklist, cl.export_gate(checklist, lang)


def test_clean_general_note_passes(rs):
    checklist, gate = state(Note(title="春日穿搭", body="今天分享一套通勤穿搭。", topics=["穿搭"]), rs)
    assert checklist.kind == "general"
    assert [i.id for i in checklist.items] == list(cl.GENERAL_ITEMS)
    assert all(i.done for i in checklist.items if i.applicable)
    images = checklist.item("general.images")
    assert images is not None and not images.applicable and not images.open
    assert gate.allowed and not gate.overridable


def test_general_items_tick_from_findings(rs):
    note = Note(title="这是一个非常非常非常非常非常非常长的标题哦", body="加我微信，最好的面霜", topics=[f"t{i}" for i in range(12)])
    checklist, gate = state(note, rs)
    open_ids = {i.id for i in checklist.open_items()}
    assert open_ids == {"general.title_limit", "general.topics_limit", "general.no_errors",
                        "general.no_diversion"}
    assert "微信" in checklist.item("general.no_diversion").detail
    assert not gate.allowed and gate.overridable and gate.errors == checklist.errors > 0
    note.title, note.body, note.topics = "短标题", "很好的面霜", ["护肤"]
    checklist, gate = state(note, rs)
    assert gate.allowed and checklist.open_items() == []


def test_images_item_only_once_images_exist(rs):
    note = Note(title="a", body="b", images=[{"path": f"{i}.jpg"} for i in range(19)])
    checklist, gate = state(note, rs)
    item = checklist.item("general.images")
    assert item.applicable and not item.done and "19" in item.detail
    assert not gate.allowed
    note.images = note.images[:3]
    checklist, gate = state(note, rs)
    assert checklist.item("general.images").done and gate.allowed


def test_ignored_findings_do_not_block(rs):
    note = Note(title="好物", body="这是最好的")
    found = cl.note_findings(note, rs)
    f = next(f for f in found if f.severity.value == "error")
    note.ignored.append(IgnoredFinding("body", f.rule, f.matched, context_of(note.body, f.start, f.end), "客户确认"))
    checklist = cl.build_checklist(note, rs, found, "en")
    assert checklist.errors == 0 and cl.export_gate(checklist).allowed


def test_special_industry_items_are_user_ticked_with_reference(rs):
    note = Note(title="水光针体验", body="上周去打了水光针")
    sugg = cl.suggest(note, rs, "en")
    assert sugg[0].industry_id == "med_aesthetics" and sugg[0].words == ("水光针",)
    assert "水光针" in sugg[0].explanation and "because the note mentions" in sugg[0].explanation
    assert "因为笔记中提到了 水光针" in cl.suggest(note, rs, "zh")[0].explanation
    cl.set_industry(note, "med_aesthetics")
    checklist, gate = state(note, rs)
    assert {i.id for i in checklist.open_items()} == {"med_aesthetics.license", "med_aesthetics.review"}
    lic = checklist.item("med_aesthetics.license")
    assert lic.wants_reference and not lic.auto and "医疗机构管理条例" in lic.basis
    assert not gate.allowed and gate.overridable and gate.errors == 0
    cl.set_item(note, "med_aesthetics.license", True, " 粤医 123 ")
    cl.set_item(note, "med_aesthetics.review", True)
    assert note.checklist["med_aesthetics.license"] == {"done": True, "reference": "粤医 123"}
    checklist, gate = state(note, rs)
    assert gate.allowed and checklist.item("med_aesthetics.license").reference == "粤医 123"
    # survives a save and load
    again = from_dict(json.loads(dumps(note)))
    assert again.industry == "med_aesthetics" and state(again, rs)[1].allowed
    cl.set_item(note, "med_aesthetics.review", False)
    assert not state(note, rs)[1].allowed


def test_legacy_boolean_checklist_values(rs):
    note = Note(title="a", body="b", industry="med_aesthetics",
                checklist={"med_aesthetics.license": True, "med_aesthetics.review": True})
    assert state(note, rs)[1].allowed


def test_general_items_cannot_be_set_by_hand(rs):
    with pytest.raises(ValueError):
        cl.set_item(Note(), "general.no_errors", True)


def test_prohibited_industry_never_exports(rs):
    note = Note(title="电子烟测评", body="这款电子烟口感不错", industry="tobacco")
    assert cl.suggest(note, rs)[0].industry_id == "tobacco"
    checklist, gate = state(note, rs, "zh")
    assert checklist.prohibited and "禁止利用互联网发布烟草广告" in checklist.stop_reason
    assert "广告法第二十二条" in checklist.stop_reason
    assert not gate.allowed and not gate.overridable and gate.prohibited
    with pytest.raises(cl.OverrideRefused, match="不能强制导出"):
        cl.record_override(note, gate, "老板同意了")
    assert note.overrides == {}


def test_override_needs_reason_and_is_recorded(rs):
    note = Note(title="好物", body="全网最好的面霜", industry="med_aesthetics")
    _, gate = state(note, rs)
    assert not gate.allowed and gate.overridable
    with pytest.raises(cl.OverrideRefused):
        cl.record_override(note, gate, "   ", "en")
    now = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)
    rec = cl.record_override(note, gate, " 法务已确认 ", "en", now=now)
    assert rec == {"reason": "法务已确认", "time": "2024-05-01T09:30:00+00:00", "errors": gate.errors,
                   "open_items": list(gate.open_items), "industry": "med_aesthetics"}
    assert "med_aesthetics.license" in rec["open_items"] and rec["errors"] >= 1
    cl.record_override(note, gate, "second", "en", now=now)
    again = from_dict(json.loads(dumps(note)))
    assert [r["reason"] for r in cl.overrides_of(again)] == ["法务已确认", "second"]


def test_override_not_needed_when_allowed(rs):
    _, gate = state(Note(title="a", body="b"), rs)
    with pytest.raises(cl.OverrideRefused):
        cl.record_override(Note(), gate, "why")


def test_unknown_industry_falls_back_to_general(rs):
    checklist, gate = state(Note(title="a", body="b", industry="gone"), rs)
    assert checklist.kind == "general" and "gone" in checklist.warning and gate.allowed


def test_choices_order(rs):
    choices = cl.industry_choices(rs, "en")
    assert [(c[0], c[2]) for c in choices] == [(None, "general"), ("med_aesthetics", "special"),
                                               ("tobacco", "prohibited")]


def test_a_qr_code_on_the_last_image_blocks_export(rs, tmp_path: Path):
    segno = pytest.importorskip("segno")
    from PySide6.QtGui import QColor, QImage

    from xhs_editor.images import check_note_images

    cover = QImage(1080, 1440, QImage.Format.Format_RGB32)
    cover.fill(QColor("#fce4ec"))
    assert cover.save(str(tmp_path / "01.png"))
    segno.make("https://u.wechat.com/abc", error="m").save(str(tmp_path / "02.png"), scale=20, border=4)
    note = Note(title="春日穿搭", body="今天分享一套通勤穿搭。", topics=["穿搭"],
                images=[{"path": "01.png"}, {"path": "02.png"}])
    found = cl.note_findings(note, rs) + check_note_images(tmp_path / "n.xhsnote", ["01.png", "02.png"], rs,
                                                           ocr=False)
    checklist = cl.build_checklist(note, rs, found, "en")
    gate = cl.export_gate(checklist, "en")
    item = checklist.item("general.no_diversion")
    assert not item.done and "02.png" in item.detail
    assert not gate.allowed


def test_a_finding_ignored_in_the_editor_does_not_count_in_the_checklist(basic_ruleset):
    from xhs_editor.engine import check_text

    body = "第一段写点别的\n极致好物推荐"
    paragraph = body.split("\n")[1]
    [f] = check_text(paragraph, basic_ruleset)  # what the editor sees: one paragraph
    note = Note(title="好物", body=body, ignored=[IgnoredFinding(
        field="body", rule=f.rule, matched=f.matched, context=context_of(paragraph, f.start, f.end), reason="品牌名")])
    found = cl.note_findings(note, basic_ruleset)
    assert [x.matched for x in found if x.field == "body"] == ["极致"]
    assert cl.active_findings(note, found) == [x for x in found if x.field != "body"]
