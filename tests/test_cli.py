"""``xhs-editor check``: output formats, exit codes, encodings and clear errors."""

from __future__ import annotations

import io
import os
import json
import subprocess
import sys
from pathlib import Path

import pytest

from xhs_editor.cli import main

DATA = Path(__file__).parent / "data"
RULES = ["--no-user-rules", "--no-bundled-rules", "--rules", str(DATA / "packs_basic")]


def run(args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()

    class In(io.TextIOWrapper):
        pass

    stdin_stream = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    code = main(["check", *args], stdin=stdin_stream, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_text_output_reads_like_a_compiler(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("第一行\n这是極致的好物", encoding="utf-8")
    code, out, _ = run([str(f), *RULES, "--lang", "zh"])
    assert code == 1
    assert out.strip() == f"{f}:2:3: error [extreme] 極致 — 极限词 (→ 很好)"


def test_json_output_has_exactly_the_documented_shape(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("加我薇信", encoding="utf-8")
    code, out, _ = run([str(f), *RULES, "--format", "json", "--lang", "en"])
    data = json.loads(out)
    assert code == 1
    assert list(data) == ["files"]
    [entry] = data["files"]
    assert entry["path"] == str(f)
    [finding] = entry["findings"]
    assert set(finding) == {"start", "end", "line", "col", "matched", "category", "severity", "rule",
                            "message", "suggestions", "replacements", "advice"}
    assert finding["matched"] == "薇信" and finding["message"] == "diversion" and finding["col"] == 3


def test_exit_zero_when_only_warnings_or_nothing(tmp_path: Path) -> None:
    f = tmp_path / "ok.txt"
    f.write_text("今天天气很好，最后一天", encoding="utf-8")
    code, out, _ = run([str(f), *RULES])
    assert code == 0 and "warning [hard_ad]" in out


def test_stdin_is_read_with_dash() -> None:
    code, out, _ = run(["-", *RULES], stdin="极致".encode("utf-8"))
    assert code == 1 and out.startswith("-:1:1: error [extreme]")


def test_gbk_and_bom_files_are_decoded(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("这是极致的产品".encode("gbk"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeff极致".encode("utf-8"))
    code, out, _ = run([str(gbk), str(bom), *RULES])
    assert code == 1
    assert f"{gbk}:1:3:" in out and f"{bom}:1:1:" in out


def test_undecodable_file_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "bin.txt"
    f.write_bytes(b"\xff\xfe\xfa\x00\x81")
    code, _, err = run([str(f), *RULES])
    assert code == 2 and "cannot decode" in err and "Traceback" not in err


def test_folder_is_walked_for_text_markdown_and_notes(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("极致", encoding="utf-8")
    (tmp_path / "b.md").write_text("微信", encoding="utf-8")
    (tmp_path / "c.xhsnote").write_text(json.dumps({"format_version": 1, "title": "极致好物",
                                                    "body": "正文", "topics": ["最好"]}), encoding="utf-8")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    code, out, _ = run([str(tmp_path), *RULES, "--format", "json"])
    paths = [Path(e["path"]).name for e in json.loads(out)["files"]]
    assert paths == ["b.md", "c.xhsnote", "a.txt"]
    note = json.loads(out)["files"][1]["findings"]
    assert [(f["matched"], f["line"]) for f in note] == [("极致", 1), ("最好", 5)]


def test_note_limits_are_reported_for_xhsnote(tmp_path: Path) -> None:
    f = tmp_path / "n.xhsnote"
    f.write_text(json.dumps({"format_version": 1, "title": "长" * 25, "body": "", "topics": []}),
                 encoding="utf-8")
    code, out, _ = run([str(f), *RULES])
    assert code == 1 and "[limits]" in out and "25/20" in out


def test_category_filter(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("极致 微信", encoding="utf-8")
    _, out, _ = run([str(f), *RULES, "--category", "diversion"])
    assert "[diversion]" in out and "[extreme]" not in out
    code, _, err = run([str(f), *RULES, "--category", "nonsense"])
    assert code == 2 and "unknown category" in err


def test_broken_rule_pack_exits_2_with_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("好极了", encoding="utf-8")
    code, out, err = run([str(f), "--no-user-rules", "--no-bundled-rules", "--rules", str(DATA / "bad_pack")])
    assert code == 2
    assert "broken.yaml:7:" in err and "Traceback" not in err
    assert "好极了" in out  # the good pack beside it still works


@pytest.mark.parametrize("args", [[], ["--format", "xml", "x"], ["missing-file.txt"], ["x", "--rules", "/no/such"]])
def test_usage_errors_exit_2_without_traceback(args: list[str]) -> None:
    code, _, err = run(args)
    assert code == 2 and err.startswith("error:") and "Traceback" not in err


def test_module_entry_point_runs_the_checker(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("极致", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "xhs_editor", "check", str(f), *RULES],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 1 and "[extreme]" in proc.stdout


def test_note_images_are_checked_and_qr_codes_reported(tmp_path: Path) -> None:
    segno = pytest.importorskip("segno")
    segno.make("weixin://contacts/abc", error="m").save(str(tmp_path / "cover.png"), scale=20, border=4)
    (tmp_path / "n.xhsnote").write_text(json.dumps({
        "format_version": 1, "title": "好物", "body": "正文",
        "images": [{"path": "cover.png"}, {"path": "missing.jpg"}]}), encoding="utf-8")
    code, out, _ = run([str(tmp_path / "n.xhsnote"), *RULES, "--no-ocr", "--format", "json", "--lang", "en"])
    findings = json.loads(out)["files"][0]["findings"]
    assert code == 1
    qr = [f for f in findings if f["category"] == "diversion"]
    assert qr and qr[0]["line"] == 0 and "weixin://contacts/abc" in qr[0]["message"]
    assert any("missing.jpg" in f["matched"] or "missing.jpg" in f["message"] for f in findings)
    code, out, _ = run([str(tmp_path / "n.xhsnote"), *RULES, "--no-ocr"])
    assert f"{tmp_path / 'n.xhsnote'}:cover.png: error [diversion]" in out


def test_future_version_note_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "new.xhsnote"
    f.write_text(json.dumps({"format_version": 99, "title": "x"}), encoding="utf-8")
    code, _, err = run([str(f), *RULES])
    assert code == 2 and "newer version of XHS Editor" in err and "Traceback" not in err


def test_errors_are_worded_in_the_chosen_language(tmp_path: Path) -> None:
    code, _, err = run(["missing.txt", *RULES, "--lang", "zh"])
    assert code == 2 and err.startswith("错误：") and "文件或文件夹不存在" in err
    code, _, err = run(["missing.txt", *RULES, "--lang", "en"])
    assert code == 2 and err.startswith("error:") and "no such file or folder" in err


@pytest.mark.parametrize("env, loc, expected", [
    ({"XHS_EDITOR_LANG": "en"}, "zh_CN", "en"),
    ({"LANG": "zh_CN.UTF-8"}, None, "zh"),
    ({}, "Chinese (Simplified)_China", "zh"),  # how Windows names the locale
    ({}, "zh_CN", "zh"),
    ({}, "English_United States", "en"),
    ({}, None, "en"),
])
def test_default_language_follows_the_environment_and_locale(monkeypatch: pytest.MonkeyPatch, env, loc, expected):
    from xhs_editor import cli

    for var in ("XHS_EDITOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(cli.locale, "getlocale", lambda *a: (loc, None))
    assert cli.default_lang() == expected


def test_a_console_that_cannot_show_emoji_gets_replacements_not_a_traceback(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("加我薇❤信😀", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "xhs_editor", "check", str(f), *RULES],
                          capture_output=True, env={**os.environ, "PYTHONIOENCODING": "gbk"}, timeout=120)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert "薇?信".encode("gbk") in proc.stdout


def test_help_lists_the_commands_without_opening_a_window() -> None:
    proc = subprocess.run([sys.executable, "-m", "xhs_editor", "--help"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0 and "xhs-editor check" in proc.stdout and "xhs-editor report" in proc.stdout


def test_a_finding_the_note_ignores_is_not_reported_unless_no_ignores(tmp_path: Path) -> None:
    """The editor's "Ignore here" holds in check too (same findings as the checklist and gate);
    --no-ignores shows it again."""
    from xhs_editor.note import IgnoredFinding, Note, context_of, save

    body = "这款极致好用\n加我微信"
    f = tmp_path / "n.xhsnote"
    save(Note(title="好物", body=body, ignored=[
        IgnoredFinding("body", "test.zui", "极致", context_of(body, 2, 4), "品牌名"),
        IgnoredFinding("body", "test.wechat", "微信", context_of(body, 9, 11), "示例")]), f)
    code, out, _ = run([str(f), *RULES, "--lang", "zh"])
    assert (code, out) == (0, "")
    code, out, _ = run([str(f), *RULES, "--lang", "zh", "--no-ignores"])
    assert code == 1
    assert out.splitlines() == [f"{f}:3:3: error [extreme] 极致 — 极限词 (→ 很好)",
                                f"{f}:4:3: error [diversion] 微信 — 导流"]
