"""The review report: HTML content, the A4 PDF's pages and text, and ``xhs-editor report``.

The PDF's text is read with ``pdftotext``/``pdfinfo`` (Debian package ``poppler-utils``).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import pytest

from xhs_editor import __version__
from xhs_editor import checklist as cl
from xhs_editor.cli import main
from xhs_editor.engine import check_text, load_ruleset, resources_dir
from xhs_editor.note import IgnoredFinding, Note, context_of, save
from xhs_editor.report import report_html, write_report

DATA = Path(__file__).parent / "data"
RULES = ["--no-user-rules", "--no-bundled-rules", "--rules", str(DATA / "industries_basic")]
NOW = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def rs():
    ruleset = load_ruleset([DATA / "industries_basic"], include_user=False, include_bundled=False)
    assert ruleset.errors == []
    return ruleset


def sample_note(rs) -> Note:
    note = Note(title="水光针体验｜全网最好的医美", body="上周去打了水光针，效果是我用过最好的！\n想了解的加微信 vx 咨询。\n限时优惠。",
                topics=["医美", "水光针"], industry="med_aesthetics")
    cl.set_item(note, "med_aesthetics.license", True, "粤卫医证字2023-0456")
    i = note.body.index("vx")
    note.ignored.append(IgnoredFinding("body", "chk.wechat", "vx", context_of(note.body, i, i + 2), "品牌方确认为示例"))
    gate = cl.export_gate(cl.build_checklist(note, rs, cl.note_findings(note, rs)))
    cl.record_override(note, gate, "法务已书面确认可以发布", now=NOW)
    return note


def pdf_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install the poppler-utils package (apt-get install -y poppler-utils)")
    return path


def pdf_text(path: Path, page: int | None = None) -> str:
    """The PDF's text exactly as a reader's copy or search sees it (nothing folded)."""
    args = [pdf_tool("pdftotext")]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    """Text without white space (table cells wrap)."""
    return re.sub(r"\s+", "", text)


def pdf_info(path: Path) -> dict[str, str]:
    raw = subprocess.run([pdf_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in raw.splitlines())}


def test_html_has_every_section(rs) -> None:
    note = sample_note(rs)
    page = report_html(note, rs, lang="zh", now=NOW)
    assert "小红书笔记审核报告" in page and note.title.split("｜")[0] in page
    # findings marked in their category's colour, numbered
    extreme = rs.category("extreme").color
    assert re.search(r'background-color:#[0-9a-f]{6}[^>]*>最好</span><sup[^>]*><b>\[2\]', page)
    assert extreme in page
    assert "极限用语，广告法禁止" in page and "很好 / 口碑不错" in page
    # ignored with its reason; checklist with reference; override; packs; version; time
    assert "品牌方确认为示例" in page
    assert "粤卫医证字2023-0456" in page and "医疗机构管理条例第十五条" in page
    assert "法务已书面确认可以发布" in page and "2024-05-01T09:30:00+00:00" in page
    for p in rs.packs:
        assert p.name in page and p.sha256[:12] in page
    assert f"XHS Editor {__version__}" in page and "2024-05-01 09:30:00+00:00" in page
    # the ignored "vx" is not counted among the findings
    assert "错误 3 · 警告 1 · 提示 0" in page


def test_html_escapes_user_text(rs) -> None:
    page = report_html(Note(title="<script>x</script>", body="a & b <i>"), rs, lang="en", now=NOW)
    assert "<script>x" not in page and "&lt;script&gt;" in page and "a &amp; b &lt;i&gt;" in page


def test_prohibited_stop_in_report(rs) -> None:
    page = report_html(Note(title="电子烟", body="电子烟好抽", industry="tobacco"), rs, lang="en", now=NOW)
    assert "Prohibited: Tobacco" in page and "cannot be exported" in page


def test_pdf_pages_and_text(rs, tmp_path: Path) -> None:
    note = sample_note(rs)
    out = write_report(note, rs, tmp_path / "r.pdf", "zh", now=NOW)
    info = pdf_info(out)
    assert info["Page size"].startswith("595") and "842" in info["Page size"] and "A4" in info["Page size"]
    pages = int(info["Pages"])
    assert 1 <= pages <= 4
    first = pdf_text(out, 1)
    assert "小红书笔记审核报告" in first and "水光针体验" in first
    assert f"XHS Editor {__version__}" in first
    text = pdf_text(out)
    for needle in ("极限用语，广告法禁止", "品牌方确认为示例", "粤卫医证字2023-0456", "法务已书面确认可以发布",
                   "test-industries", rs.packs[-1].sha256[:12], "2024-05-01"):
        assert squash(needle) in squash(text), needle
    last = pdf_text(out, pages)
    assert "本报告仅供内部审核参考" in last


def test_text_copied_from_the_pdf_is_the_notes_text(tmp_path: Path) -> None:
    """白 must not come out as the look-alike radical ⽩ (U+2F69), 用 as ⽤, 网 as ⽹, 贝 as ⻉…:
    every line of the note, read back from the PDF with pdftotext, is the line that was written."""
    from xhs_editor.note import load

    rs = load_ruleset([DATA / "packs_basic"], include_user=False, include_bundled=False)
    sample = load(resources_dir() / "sample.xhsnote")
    lookalikes = "".join(sorted({unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}))
    simplified = "贝车见门马鱼鸟龙页风飞长麦黄齐齿龟讠饣纟钅"
    lines = [sample.title, *sample.body.splitlines(), simplified,
             *(lookalikes[i:i + 24] for i in range(0, len(lookalikes), 24))]
    # No [n] marks inside; no emoji (drawn only where an emoji font is installed).
    lines = [line for line in lines if line.strip() and not check_text(line, rs) and line.isprintable()
             and all(ord(ch) < 0x2600 or 0x2E80 <= ord(ch) < 0xFFFF for ch in line)]
    assert len(lines) >= 10
    note = Note(title=lines[0], body="\n".join(lines[1:]))
    out = write_report(note, rs, tmp_path / "r.pdf", "zh", now=NOW)
    text = squash(pdf_text(out))
    missing = [line for line in lines if squash(line) not in text]
    assert missing == []
    assert not any(0x2E80 <= ord(ch) <= 0x2FDF for ch in text)


def test_long_note_flows_over_a4_pages(rs, tmp_path: Path) -> None:
    body = "\n".join(f"第{i}段：今天分享一个很好的护肤小技巧，坚持使用效果明显。" for i in range(150))
    out = write_report(Note(title="长笔记", body=body), rs, tmp_path / "long.pdf", "en", now=NOW)
    pages = int(pdf_info(out)["Pages"])
    assert pages >= 3
    assert "第149段" in pdf_text(out)
    assert "Rule packs used" in pdf_text(out, pages - 1) + pdf_text(out, pages)
    assert str(pages) in pdf_text(out, pages).split()  # page numbers at the foot


def test_write_report_refuses_to_overwrite(rs, tmp_path: Path) -> None:
    from xhs_editor.export import ExportError

    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ExportError):
        write_report(Note(title="a"), rs, target)
    assert target.read_text(encoding="utf-8") == "old"
    write_report(Note(title="a"), rs, target, overwrite=True)
    assert "<html" in target.read_text(encoding="utf-8")


# --- command line ------------------------------------------------------------------

def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["report", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_pdf_and_html(rs, tmp_path: Path) -> None:
    note_file = tmp_path / "n.xhsnote"
    save(sample_note(rs), note_file)
    code, out, err = run([str(note_file), "-o", str(tmp_path / "r.pdf"), "--lang", "en", *RULES])
    assert (code, err) == (0, "") and out.strip() == str(tmp_path / "r.pdf")
    text = pdf_text(tmp_path / "r.pdf")
    assert "XiaoHongShu note review report" in text and "Absolute term banned" in text
    code, _, err = run([str(note_file), "-o", str(tmp_path / "r.html"), "--lang", "zh", *RULES])
    assert code == 0 and "小红书笔记审核报告" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_cli_invalid_pack_exits_2_but_still_writes_the_report(tmp_path: Path) -> None:
    note_file = tmp_path / "n.xhsnote"
    save(Note(title="标题", body="真是好极了"), note_file)
    code, out, err = run([str(note_file), "-o", str(tmp_path / "r.html"), "--no-user-rules",
                          "--no-bundled-rules", "--rules", str(DATA / "bad_pack")])
    assert code == 2 and "broken.yaml:7:" in err and "Traceback" not in err
    assert "好极了" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_cli_refuses_to_overwrite_without_force(rs, tmp_path: Path) -> None:
    note_file = tmp_path / "n.xhsnote"
    save(Note(title="标题", body="正文"), note_file)
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    code, out, err = run([str(note_file), "-o", str(target), *RULES])
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "already exists" in err and "--force" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "old"
    assert run([str(note_file), "-o", str(target), "--force", *RULES])[0] == 0
    assert target.read_text(encoding="utf-8") != "old"


@pytest.mark.parametrize("setup, args, expect", [
    (None, ["missing.xhsnote", "-o", "r.pdf"], "no such file"),
    ("{not json", ["bad.xhsnote", "-o", "r.pdf"], "not a valid .xhsnote"),
    ('{"format_version": 99}', ["bad.xhsnote", "-o", "r.pdf"], "newer version"),
    ('{"format_version": 1}', ["bad.xhsnote", "-o", "r.docx"], "must end in .pdf or .html"),
    ('{"format_version": 1}', ["bad.xhsnote"], "-o"),
    ('{"format_version": 1}', ["bad.xhsnote", "-o", "r.pdf", "--lang", "fr"], "--lang"),
])
def test_cli_user_mistakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setup, args, expect) -> None:
    monkeypatch.chdir(tmp_path)
    if setup is not None:
        (tmp_path / "bad.xhsnote").write_text(setup, encoding="utf-8")
    code, out, err = run([*args, *RULES])
    assert code == 2 and out == ""
    assert err.startswith("error: ") and expect in err and err.count("\n") == 1, err
    assert not (tmp_path / "r.pdf").exists()


def test_cli_reads_gbk_text(tmp_path: Path) -> None:
    src = tmp_path / "n.txt"
    src.write_bytes("# 标题\n\n全网最好的面霜".encode("gbk"))
    code, _, err = run([str(src), "-o", str(tmp_path / "r.html"), "--lang", "zh", *RULES])
    assert code == 0, err
    assert "全网最" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_cli_report_lists_the_findings_on_the_notes_images_as_the_editor_does(tmp_path: Path) -> None:
    note = tmp_path / "n.xhsnote"
    save(Note(title="好物", body="很好用", images=[{"path": "gone.png"}]), note)
    out = tmp_path / "r.html"
    code, _, err = run([str(note), "-o", str(out), "--lang", "zh", "--no-ocr", *RULES])
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "找不到图片文件「gone.png」" in page and "错误 1" in page


def test_report_keeps_replacements_apart_from_advice() -> None:
    rs = load_ruleset(include_user=False)
    page = report_html(Note(title="国货", body="这是央视推荐的国货，全网最好用的面霜"), rs, lang="zh", now=NOW)
    assert "→ 很" in page  # 全网最 → 很 (很好用的面霜)
    assert '<span style="color:#666666;">删除</span>' in page and "→ 删除" not in page
