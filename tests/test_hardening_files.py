"""Files the app writes: normal modes, no temporary files left behind, renames that survive a power cut (issue 16)."""

from __future__ import annotations

import io
import os
import stat
import time
from pathlib import Path

import pytest

from xhs_editor import export as ex
from xhs_editor import note as notes
from xhs_editor.atomic import write_bytes
from xhs_editor.cli import main

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
DATA = Path(__file__).parent / "data"


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@POSIX
def test_new_files_get_the_users_normal_mode_not_0600(tmp_path: Path, umask_022) -> None:
    notes.save(notes.Note(title="t"), tmp_path / "n.xhsnote")
    ex.save_text(ex_note(), tmp_path / "n.txt")
    ex.write_bundle(ex_note(), tmp_path / "bundle", note_dir=tmp_path)
    ex.write_bundle(ex_note(), tmp_path / "bundle.zip", note_dir=tmp_path)
    assert _mode(tmp_path / "n.xhsnote") == 0o644
    assert _mode(tmp_path / "n.txt") == 0o644
    assert _mode(tmp_path / "bundle.zip") == 0o644
    assert _mode(tmp_path / "bundle") == 0o755
    assert _mode(tmp_path / "bundle" / "note.txt") == 0o644


@POSIX
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_022) -> None:
    target = tmp_path / "n.xhsnote"
    notes.save(notes.Note(title="old"), target)
    os.chmod(target, 0o640)
    notes.save(notes.Note(title="new"), target)
    assert _mode(target) == 0o640 and notes.load(target).title == "new"


@POSIX
def test_the_html_report_gets_the_normal_mode(tmp_path: Path, umask_022) -> None:
    notes.save(notes.Note(title="t", body="b"), tmp_path / "n.xhsnote")
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", str(tmp_path / "n.xhsnote"), "-o", str(tmp_path / "r.html"), "--no-user-rules"],
                out=out, err=err) == 0, err.getvalue()
    assert _mode(tmp_path / "r.html") == 0o644


def ex_note() -> notes.Note:
    return notes.Note(title="标题", body="正文")


def test_a_temporary_file_left_by_a_killed_save_is_swept_by_the_next_save(tmp_path: Path) -> None:
    target = tmp_path / "name.xhsnote"
    stale = tmp_path / ".name.xhsnote.ab12cd34.tmp"
    stale.write_bytes(b"x" * 1000)
    day_ago = time.time() - 86400
    os.utime(stale, (day_ago, day_ago))
    fresh = tmp_path / ".name.xhsnote.zz99yy88.tmp"  # another window's save, running right now
    fresh.write_bytes(b"y")
    foreign = tmp_path / ".name.xhsnote.mine.tmp"  # not our naming
    foreign.write_bytes(b"z")
    os.utime(foreign, (day_ago, day_ago))
    notes.save(notes.Note(title="t"), target)
    assert not stale.exists()
    assert fresh.exists() and foreign.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, fresh.name, foreign.name])


@POSIX
def test_the_folder_is_synced_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_bytes(tmp_path / "a.txt", b"data")
    assert synced == ["file", "folder"]


def test_report_into_a_path_below_a_file_says_so(tmp_path: Path) -> None:
    notes.save(notes.Note(title="t"), tmp_path / "n.xhsnote")
    (tmp_path / "some").mkdir()
    (tmp_path / "some" / "file").write_text("x", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["report", str(tmp_path / "n.xhsnote"), "-o", str(tmp_path / "some" / "file" / "r.html"),
                 "--no-user-rules", "--lang", "en"], out=out, err=err)
    assert code == 2
    message = err.getvalue()
    assert "is a file, not a folder" in message and "already exists" not in message


def test_a_temporary_file_left_by_a_killed_autosave_is_swept_at_start(tmp_path: Path) -> None:
    target = notes.recovery_file(tmp_path)
    target.parent.mkdir(parents=True)
    stale = target.parent / f".{target.name}.k1ll3d00.tmp"
    stale.write_bytes(b"x" * 1000)
    day_ago = time.time() - 86400
    os.utime(stale, (day_ago, day_ago))
    assert notes.read_recovery(tmp_path) is None  # what the editor asks at start
    assert not stale.exists()
