"""One findings model: every view of the editor, the report and ``check`` show the same findings.

The bundled sample is checked with the bundled rules, so these tests see what a new user sees.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from xhs_editor import checklist as cl
from xhs_editor.cli import main
from xhs_editor.engine import Severity, load_ruleset, resources_dir
from xhs_editor.findings import note_findings
from xhs_editor.note import load
from xhs_editor.ui.export_dialog import ExportAsk, ExportDialog

SAMPLE = resources_dir() / "sample.xhsnote"
CLI_RULES = ["--no-user-rules", "--lang", "zh"]


class _Ask(ExportAsk):
    def __init__(self, paths: dict[str, str]) -> None:
        super().__init__(None, "zh")
        self.paths = paths

    def save_path(self, kind: str, suggested: str) -> str | None:
        return self.paths.get(kind)

    def override_reason(self, gate: cl.Gate) -> str | None:
        return "测试"


@pytest.fixture
def sample_window(qtbot, prompts):
    """The editor on the bundled sample, with the bundled rules, every paragraph checked."""
    from xhs_editor.ui.i18n import set_language
    from xhs_editor.ui.main_window import MainWindow
    from xhs_editor.ui.settings import app_settings

    set_language("zh")
    rs = load_ruleset(include_user=False)
    win = MainWindow(ruleset=rs, loader=lambda: rs, prompts=prompts, settings=app_settings(), autosave_ms=60_000)
    qtbot.addWidget(win)
    assert win.open_path(SAMPLE)
    qtbot.waitUntil(lambda: not any(ed.highlighter.pending() for ed in win.editors.values()), timeout=10_000)
    win.publish()
    yield win
    for ed in win.editors.values():
        ed.document().setModified(False)


def _without_times(page: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d[+-]\d\d:\d\d", "TIME", page)


def test_the_editors_report_of_the_sample_is_the_command_lines_report(sample_window, tmp_path: Path) -> None:
    """Every finding marked in its own field at its own characters: the report exported from the
    editor is, time apart, the report `xhs-editor report` writes for the same file."""
    gui = tmp_path / "gui.html"
    dialog = ExportDialog(sample_window.ruleset, sample_window.export_features.note,
                          sample_window.export_features.findings(), sample_window.path,
                          ask=_Ask({"report_html": str(gui)}), lang="zh")
    assert dialog.export("report_html")
    cli = tmp_path / "cli.html"
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", str(sample_window.path), "-o", str(cli), *CLI_RULES], out=out, err=err) == 0, err.getvalue()
    page = gui.read_text(encoding="utf-8")
    assert _without_times(page) == _without_times(cli.read_text(encoding="utf-8"))
    title = re.search(r"<b>标题</b><br/>(.*?)</p>", page).group(1)
    assert '<span style="background-color' in title and "极致" in title
    assert "<b>[1]</b>" in title  # the title's findings come first, in the title


def test_status_bar_checklist_and_gate_count_the_same_errors_with_a_category_hidden(sample_window) -> None:
    win = sample_window
    win.set_category_shown("extreme", False)
    win.apply_settings()
    errors = win.store.counts()[Severity.ERROR]
    assert errors and not any(h.finding.category == "extreme" for h in win.store.hits)
    assert f"{errors} 个错误" in win.summary.text()
    win.export_features.refresh()
    assert win.export_features.panel.checklist().errors == errors
    dialog = ExportDialog(win.ruleset, win.export_features.note, win.export_features.findings(), win.path,
                          ask=_Ask({}), lang="zh")
    assert dialog.panel.gate().errors == errors
    everything = note_findings(load(SAMPLE), win.ruleset)
    assert everything.errors > errors  # the hidden category really had errors


def test_check_reports_what_the_editor_shows(sample_window) -> None:
    """`xhs-editor check` on the sample lists the editor's active findings, at the same places."""
    out, err = io.StringIO(), io.StringIO()
    main(["check", str(SAMPLE), *CLI_RULES, "--format", "json"], out=out, err=err)
    import json

    cli = [(f["matched"], f["rule"]) for f in json.loads(out.getvalue())["files"][0]["findings"]]
    gui = [(h.finding.matched, h.finding.rule) for h in sample_window.store.hits]
    assert cli == gui


def test_the_editor_paragraph_by_paragraph_sees_what_check_sees_in_whole_fields(sample_window, qtbot) -> None:
    """The editor checks a note paragraph by paragraph, ``check`` each field at once; the claim tagger
    reads a line with the features it has inside its field, so both find the same claims, at the
    same places (these corpus notes once differed: the tagger read each paragraph as a field of its own)."""
    import json

    corpus = Path(__file__).resolve().parent.parent / "benchmarks" / "accuracy" / "dev.jsonl"
    wanted = {"sk-008", "sk-009", "sk-012", "sk-013", "sk-016"}
    bodies = [n["body"] for n in map(json.loads, corpus.read_text(encoding="utf-8").splitlines())
              if n["id"] in wanted]
    win = sample_window
    win.body_edit.setPlainText("\n".join(bodies))
    qtbot.waitUntil(lambda: not win.body_edit.highlighter.pending(), timeout=10_000)
    shown = {(f.field, f.start, f.end, f.rule, f.severity) for f in win.collect_findings().active}
    whole = {(f.field, f.start, f.end, f.rule, f.severity)
             for f in note_findings(win.live_note, win.ruleset, hidden=win._hidden).active}
    assert any(rule.startswith("model.") for _f, _s, _e, rule, _v in whole)
    assert shown == whole
