"""The .xhsnote model: round trips, validation, import and atomic writes (no Qt)."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xhs_editor import note as notes


def test_empty_object_with_version_is_an_empty_note():
    n = notes.from_dict({"format_version": 1})
    assert n == notes.Note()


def test_round_trip_keeps_every_field_and_unknown_keys(tmp_path):
    n = notes.Note(title="标题", body="a\nb😭", topics=["x", "y"], images=[{"path": "1.jpg", "w": 3}],
                   industry="food", checklist={"a": True},
                   ignored=[notes.IgnoredFinding("title", "r", "m", "ctx m ctx", "why")],
                   overrides={"k": [1]}, extra={"later": "kept"})
    notes.save(n, tmp_path / "n.xhsnote")
    assert notes.load(tmp_path / "n.xhsnote") == n
    raw = (tmp_path / "n.xhsnote").read_bytes()
    assert "标题".encode() in raw and not raw.startswith(b"\xef\xbb\xbf")


@settings(max_examples=60, deadline=None)
@given(title=st.text(), body=st.text(), topics=st.lists(st.text(min_size=1)))
def test_any_text_round_trips(title, body, topics):
    n = notes.Note(title=title, body=body, topics=topics)
    assert notes.from_dict(json.loads(notes.dumps(n))) == n


@pytest.mark.parametrize("content, kind", [
    (b"not json", "corrupt"),
    (b"[1, 2]", "corrupt"),
    (b'{"title": "no version"}', "corrupt"),
    (b'{"format_version": 2}', "future"),
    (b'{"format_version": 1, "topics": "a"}', "corrupt"),
    (b'{"format_version": 1, "images": ["a.jpg"]}', "corrupt"),
    (b'{"format_version": 1, "title": 5}', "corrupt"),
    (b'\xff\xfe{', "encoding"),
])
def test_bad_files_raise_note_error_and_stay_untouched(tmp_path, content, kind):
    p = tmp_path / "bad.xhsnote"
    p.write_bytes(content)
    with pytest.raises(notes.NoteError) as info:
        notes.load(p)
    assert info.value.kind == kind
    assert p.read_bytes() == content


def test_missing_file_is_an_io_error(tmp_path):
    with pytest.raises(notes.NoteError) as info:
        notes.load(tmp_path / "nope.xhsnote")
    assert info.value.kind == "io"


def test_import_txt_keeps_everything_in_the_body(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("第一行\r\n第二行 #不是话题行", encoding="utf-8")
    n = notes.load(p)
    assert n.title == "" and n.body == "第一行\n第二行 #不是话题行" and n.topics == []


def test_import_markdown_heading_and_topic_line():
    n = notes.import_text("# 我的标题\n\n正文\n\n#护肤 #好物分享[话题]#\n")
    assert (n.title, n.body, n.topics) == ("我的标题", "正文", ["护肤", "好物分享"])


def test_topics_from_text():
    assert notes.topics_from_text("#a #b[话题]# c") == ["a", "b", "c"]
    assert notes.Note(topics=["a", "b"]).topics_text() == "#a #b"


def test_atomic_write_leaves_the_old_file_when_replace_fails(tmp_path, monkeypatch):
    p = tmp_path / "n.xhsnote"
    notes.save(notes.Note(title="旧"), p)

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(notes.NoteError) as info:
        notes.save(notes.Note(title="新"), p)
    assert info.value.kind == "io"
    assert notes.load(p).title == "旧"
    assert [f.name for f in tmp_path.iterdir()] == ["n.xhsnote"]


def test_recovery_round_trip(tmp_path):
    assert notes.read_recovery(tmp_path) is None
    notes.write_recovery(notes.Note(body="未保存"), tmp_path, "/x/y.xhsnote")
    note, original = notes.read_recovery(tmp_path)
    assert note.body == "未保存" and original == "/x/y.xhsnote" and note.extra == {}
    notes.discard_recovery(tmp_path)
    assert notes.read_recovery(tmp_path) is None


def test_ignore_matching_uses_field_rule_text_and_context():
    n = notes.Note(ignored=[notes.IgnoredFinding("body", "r1", "极致", notes.context_of("这款极致好用", 2, 4))])
    assert n.is_ignored("body", "r1", "极致", "这款极致好用")
    assert not n.is_ignored("title", "r1", "极致", "这款极致好用")
    assert not n.is_ignored("body", "r1", "极致", "别的极致")


def test_sample_note_is_valid():
    from xhs_editor.engine import resources_dir

    n = notes.load(resources_dir() / "sample.xhsnote")
    for phrase in ("全网最低", "极致", "薇信", "100%有效", "旺财", "点赞关注抽奖", "138 1234 5678", "美白祛斑", "保本高收益"):
        assert phrase in n.title + n.body, phrase
    assert n.topics
