"""Hostile or broken notes give a clear message and exit 2, never a traceback or a hang (issue 16).

Every reader of notes (the editor, ``check``, ``report``) goes through
``note.read_file`` and ``note.parse_note``; these tests hit them through the
command line and directly, and a fuzz test throws random JSON and bytes at them.
"""

from __future__ import annotations

import io
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xhs_editor import note as notes
from xhs_editor.cli import main

DATA = Path(__file__).parent / "data"
RULES = ["--no-user-rules", "--no-bundled-rules", "--rules", str(DATA / "packs_basic"), "--lang", "en"]


def check(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    code = main(["check", *args, *RULES], stdin=stdin, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _note_file(tmp_path: Path, raw: bytes | str, name: str = "n.xhsnote") -> Path:
    path = tmp_path / name
    path.write_bytes(raw.encode("utf-8") if isinstance(raw, str) else raw)
    return path


HOSTILE = {
    "huge_version": '{"format_version": ' + "9" * 5000 + "}",
    "deep_array": "[" * 100_000 + "]" * 100_000,
    "deep_in_key": '{"format_version": 1, "x": ' + '{"a": ' * 100_000 + "1" + "}" * 100_001,
    "deep_but_parseable": '{"format_version": 1, "x": ' + "[" * 900 + "]" * 900 + "}",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_note_is_refused_with_one_sentence(tmp_path: Path, name: str) -> None:
    path = _note_file(tmp_path, HOSTILE[name])
    code, out, err = check(str(path))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and str(path) in err and "Traceback" not in err
    assert len(err.splitlines()) == 1
    with pytest.raises(notes.NoteError) as info:
        notes.load(path)
    assert info.value.kind == "corrupt"


def test_a_lone_surrogate_becomes_a_replacement_character_the_note_can_be_saved(tmp_path: Path) -> None:
    path = _note_file(tmp_path, '{"format_version": 1, "title": "\\ud800x", "body": "a\\udfffb", '
                                '"topics": ["\\ud83d"]}')
    note = notes.load(path)
    assert (note.title, note.body, note.topics) == ("\ufffdx", "a\ufffdb", ["\ufffd"])
    notes.save(note, tmp_path / "again.xhsnote")
    assert notes.load(tmp_path / "again.xhsnote").title == "\ufffdx"


def test_the_html_report_of_a_note_with_a_lone_surrogate_and_nul_characters_is_written(tmp_path: Path) -> None:
    path = _note_file(tmp_path, '{"format_version": 1, "title": "\\ud800x\\u0000y", "body": "正文\\u0000里"}')
    out, err = io.StringIO(), io.StringIO()
    code = main(["report", str(path), "-o", str(tmp_path / "r.html"), *RULES], out=out, err=err)
    assert code == 0, err.getvalue()
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "\x00" not in html
    assert "\ufffdx\u2400y" in html and "正文\u2400里" in html


def test_check_reads_a_note_only_as_utf8_like_the_editor(tmp_path: Path) -> None:
    path = _note_file(tmp_path, json.dumps({"format_version": 1, "body": "加我薇信"},
                                           ensure_ascii=False).encode("gb18030"))
    code, out, err = check(str(path))
    assert code == 2 and out == "" and "UTF-8" in err
    with pytest.raises(notes.NoteError):
        notes.load(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_instead_of_hanging(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    code, out, err = check(str(pipe))
    assert code == 2 and "not a regular file" in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_before_it_is_read() -> None:
    code, _out, err = check("/dev/zero")
    assert code == 2 and "not a regular file" in err


def test_a_file_over_the_documented_limit_is_refused_unread(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notes, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text("好" * 1000, encoding="utf-8")
    code, _out, err = check(str(big))
    assert code == 2 and "larger than" in err
    with pytest.raises(notes.NoteError) as info:
        notes.load(big)
    assert info.value.kind == "too_large"


def test_the_documented_limit_is_the_one_enforced() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"{notes.MAX_FILE_BYTES >> 20} MB" in readme


# --- fuzzing ---------------------------------------------------------------------------------------------

_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(
        st.one_of(st.sampled_from(["format_version", "title", "body", "topics", "images", "industry",
                                   "checklist", "ignored", "overrides", "path", "field", "rule", "export"]),
                  st.text(max_size=5)), kids, max_size=6)),
    max_leaves=30)
_notes = st.fixed_dictionaries({"format_version": st.one_of(st.just(1), _json)},
                               optional={k: _json for k in ("title", "body", "topics", "images", "industry",
                                                            "checklist", "ignored", "overrides")})
FUZZ = settings(max_examples=200, deadline=timedelta(seconds=5),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _reads_or_explains(raw: bytes) -> None:
    try:
        note = notes.parse_note(raw, "fuzz.xhsnote")
    except notes.NoteError as exc:
        assert exc.kind in ("corrupt", "future", "encoding") and exc.detail
        return
    notes.dumps(note).encode("utf-8")  # what was read can be saved again


@FUZZ
@given(doc=st.one_of(_notes, _json))
def test_fuzz_random_json_gives_a_note_or_a_clear_error(doc: Any) -> None:
    _reads_or_explains(json.dumps(doc).encode("utf-8"))


@FUZZ
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(
    lambda s: s.encode("utf-8", "surrogatepass"))))
def test_fuzz_random_bytes_give_a_note_or_a_clear_error(raw: bytes) -> None:
    _reads_or_explains(raw)


@FUZZ
@given(doc=_notes)
def test_fuzz_check_gives_findings_or_one_sentence(tmp_path: Path, doc: Any) -> None:
    path = _note_file(tmp_path, json.dumps(doc))
    code, _out, err = check(str(path), "--no-ocr")
    assert code in (0, 1, 2) and "Traceback" not in err
    if code == 2:
        assert err.startswith("error: ")


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab\n中", max_size=60), data=st.data())
def test_line_and_column_of_every_offset_match_counting_from_the_start(text: str, data: st.DataObject) -> None:
    from xhs_editor.cli import Source

    source = Source("x", text)
    for pos in data.draw(st.lists(st.integers(0, len(text)), max_size=10)):
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        assert source.line_col(pos) == (line, col)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_report_refuses_a_named_pipe_as_not_a_regular_file(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.xhsnote"
    os.mkfifo(pipe)
    out, err = io.StringIO(), io.StringIO()
    code = main(["report", str(pipe), "-o", str(tmp_path / "r.html"), *RULES], out=out, err=err)
    assert code == 2 and "not a regular file" in err.getvalue()
