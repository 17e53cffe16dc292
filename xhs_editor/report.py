"""The review report, as HTML and as an A4 PDF.

:func:`report_html` is plain Python (no Qt) and makes the HTML; the same HTML
is what Qt's ``QTextDocument`` understands, so :func:`render_pdf` only lays it
out on A4 pages with ``QPdfWriter``.  That needs a ``QGuiApplication`` (for
fonts); :func:`ensure_gui_app` makes one when none exists.

The report holds: the note's text with findings marked in their category's
colour and numbered, each finding (category, severity, message, suggestions),
the ignored findings with their reasons, the checklist with reference numbers,
the export overrides, the rule packs used (name, version, short SHA-256), the
app version and a timestamp.
"""

from __future__ import annotations

import html
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, Sequence

from . import __version__
from .checklist import NoteLike, build_checklist, export_gate, overrides_of
from .engine import Finding, RuleSet, Severity
from .findings import NoteFindings, field_texts, resolve
from .export import write_bytes_atomic, write_text_atomic
from .i18n import t

# Latin text first in a Latin font (Qt's PDF output loses the text of Latin runs set in
# Noto Sans CJK: digits vanish when copied or searched), then Chinese fonts as fallbacks.
FONT_FAMILIES = ("Segoe UI", "Helvetica Neue", "Arial", "Liberation Sans", "DejaVu Sans", "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "PingFang SC",
                 "Microsoft YaHei", "WenQuanYi Micro Hei", "Heiti SC", "SimHei", "sans-serif")
MARGIN_MM = 18.0
HASH_CHARS = 12

_SEVERITY_COLORS = {"error": "#c62828", "warning": "#ab6400", "info": "#666666"}

_app: Any = None


# Control characters (a NUL in the title…) are shown as their visible pictures (␀), never copied raw.
_VISIBLE = {c: 0x2400 + c for c in range(32) if chr(c) not in "\t\n\r"} | {0x7F: 0x2421}


def _e(text: object) -> str:
    shown = str(text).translate(_VISIBLE)
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be written: show U+FFFD instead
        shown = shown.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return html.escape(shown, quote=True)


def _light(color: str, amount: float = 0.72) -> str:
    """``color`` mixed with white (for a readable background)."""
    c = color.lstrip("#")
    if len(c) != 6:
        return "#eeeeee"
    try:
        rgb = [int(c[i:i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        return "#eeeeee"
    return "#" + "".join(f"{round(v + (255 - v) * amount):02x}" for v in rgb)


def _marked(text: str, marks: list[tuple[int, Finding]], ruleset: RuleSet) -> str:
    """``text`` as HTML with each numbered finding highlighted in its category's colour."""
    out: list[str] = []
    pos = 0
    for number, f in sorted(marks, key=lambda m: (m[1].start, m[1].end)):
        if f.start < pos or f.end <= f.start or f.end > len(text):
            continue
        color = ruleset.category(f.category).color
        out.append(_e(text[pos:f.start]))
        out.append(f'<span style="background-color:{_light(color)}; color:#111111; '
                   f'text-decoration:underline;">{_e(text[f.start:f.end])}</span>'
                   f'<sup style="color:#444444;"><b>[{number}]</b></sup>')
        pos = f.end
    out.append(_e(text[pos:]))
    return "".join(out).replace("\n", "<br/>")


def _suggestion_cell(f: Finding) -> str:
    """Replacement wordings (→ …), then the advice in grey; "—" when there is neither."""
    parts = []
    if f.replacements:
        parts.append("→ " + _e(" / ".join(f.replacements)))
    if f.advice:
        parts.append(f'<span style="color:#666666;">{_e("；".join(f.advice))}</span>')
    return "<br/>".join(parts) or "—"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int] = (),
           nowrap: Sequence[int] = ()) -> str:
    """An HTML table; cells are already HTML; ``widths`` in percent; ``nowrap`` column indices."""
    head = "".join(f'<th align="left" bgcolor="#f0f0f3"{f" width={widths[i]}%" if i < len(widths) else ""}>{h}</th>'
                   for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join((f'<td><span style="white-space:nowrap;">{c}</span></td>' if i in nowrap else f"<td>{c}</td>") for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return ('<table border="1" cellspacing="0" cellpadding="4" width="100%" '
            f'style="border-collapse:collapse; border-color:#c8c8d0; font-size:9pt;"><tr>{head}</tr>{body}</table>')


def report_html(note: NoteLike, ruleset: RuleSet, findings: NoteFindings | Sequence[Finding] | None = None,
                lang: str = "zh", now: datetime | None = None, note_path: str | None = None) -> str:
    """The review report as one self-contained HTML page.

    ``findings`` are the note's :class:`~xhs_editor.findings.NoteFindings` (the
    editor passes what it shows); by default they are computed from ``note``.
    Those the user ignored are listed separately with their reasons.
    """
    sorted_out = resolve(note, ruleset, findings)
    when = (now or datetime.now().astimezone()).isoformat(sep=" ", timespec="seconds")
    found = list(sorted_out.active)
    checklist = build_checklist(note, ruleset, sorted_out, lang)
    gate = export_gate(checklist, lang)
    numbered = list(enumerate(found, start=1))
    fonts = ", ".join(f"'{f}'" if " " in f else f for f in FONT_FAMILIES)
    parts: list[str] = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"/>',
        f"<title>{_e(t('report.title', lang))} — {_e(note.title)}</title>",
        f'</head><body style="font-family:{fonts}; font-size:10pt; color:#1c1c1f;">',
        f'<h1 style="font-size:17pt;">{_e(t("report.title", lang))}</h1>',
        f'<p style="font-size:13pt;"><b>{_e(note.title) or "—"}</b></p>',
    ]
    meta = [(t("report.generated", lang), when), (t("report.app", lang), f"XHS Editor {__version__}")]
    if note_path:
        meta.append((t("report.file", lang), note_path))
    meta.append((t("report.industry", lang), checklist.industry_name))
    parts.append("<p>" + "<br/>".join(f"{_e(k)}：{_e(v)}" if lang == "zh" else f"{_e(k)}: {_e(v)}"
                                      for k, v in meta) + "</p>")

    # Summary and export status
    counts = {s.value: 0 for s in Severity}
    for f in found:
        counts[f.severity.value] += 1
    status_color = "#1a7f37" if gate.allowed else "#c62828"
    parts.append(f'<h2 style="font-size:13pt;">{_e(t("report.summary", lang))}</h2>')
    if sorted_out.hidden_categories:
        names = [ruleset.category(c).name.get(lang) for c in sorted(sorted_out.hidden_categories)]
        parts.append(f'<p style="color:#ab6400;">{_e(t("report.hidden", lang, n=len(sorted_out.hidden), categories=("、" if lang == "zh" else ", ").join(names)))}</p>')
    parts.append(f"<p>{_e(t('report.counts', lang, **counts))}<br/>"
                 f'{_e(t("report.status", lang))}: <b style="color:{status_color};">{_e(gate.message)}</b></p>')
    if checklist.stop_reason:
        parts.append(f'<p style="color:#c62828;"><b>⊘ {_e(checklist.stop_reason)}</b></p>')
    if checklist.warning:
        parts.append(f'<p style="color:#ab6400;">{_e(checklist.warning)}</p>')

    # The note's text with findings marked
    parts.append(f'<h2 style="font-size:13pt;">{_e(t("report.text", lang))}</h2>')
    texts = field_texts(note)
    for fld in ("title", "body", "topics"):
        marks = [(n, f) for n, f in numbered if f.field == fld and f.category != "limits"]
        shown = _marked(texts[fld], marks, ruleset) or "—"
        parts.append(f'<p><b>{_e(t(f"report.note_{fld}", lang))}</b><br/>{shown}</p>')
    if note.images:
        names = "、".join(str(i.get("path", "")) for i in note.images) if lang == "zh" else \
            ", ".join(str(i.get("path", "")) for i in note.images)
        parts.append(f'<p><b>{_e(t("report.note_images", lang))}</b> ({len(note.images)})<br/>{_e(names)}</p>')

    # Findings
    parts.append(f'<h2 style="font-size:13pt;">{_e(t("report.findings", lang))}</h2>')
    if numbered:
        rows = []
        for n, f in numbered:
            cat = ruleset.category(f.category)
            rows.append([
                str(n),
                f'{_e(f.matched or "—")}<br/><span style="color:#777777;">{_e(t(f"report.field.{f.field}", lang))}</span>',
                f'<span style="color:{cat.color};">■</span> {_e(cat.name.get(lang))}<br/>'
                f'<span style="color:{_SEVERITY_COLORS[f.severity.value]};">'
                f'{_e(t(f"severity.{f.severity.value}", lang))}</span>',
                _e(f.message(lang)), _suggestion_cell(f),
            ])
        parts.append(_table([_e(t(f"report.col.{c}", lang)) for c in
                             ("no", "matched", "category", "message", "suggestion")],
                            rows, (5, 17, 20, 40, 18), nowrap=(0,)))
    else:
        parts.append(f"<p>{_e(t('report.none', lang))}</p>")

    # Ignored findings
    parts.append(f'<h2 style="font-size:13pt;">{_e(t("report.ignored", lang))}</h2>')
    ignored = list(getattr(note, "ignored", []) or [])
    if ignored:
        rows = []
        for ig in ignored:
            rule = ruleset.rule(ig.rule)
            cat = ruleset.category(rule.category) if rule is not None else None
            rows.append([f'{_e(ig.matched)}<br/><span style="color:#777777;">{_e(t(f"report.field.{ig.field}", lang))}</span>',
                         (f'<span style="color:{cat.color};">■</span> {_e(cat.name.get(lang))}' if cat
                          else _e(ig.rule)), _e(ig.reason or "—")])
        parts.append(_table([_e(t(f"report.col.{c}", lang)) for c in ("matched", "category", "reason")],
                            rows, (25, 25, 50)))
    else:
        parts.append(f"<p>{_e(t('report.none', lang))}</p>")

    # Checklist
    parts.append(f'<h2 style="font-size:13pt;">{_e(t("report.checklist", lang))} — {_e(checklist.industry_name)}</h2>')
    rows = []
    for item in checklist.items:
        if not item.applicable:
            state = f'<span style="color:#777777; white-space:nowrap;">{_e(t("report.na", lang))}</span>'
        elif item.done:
            state = f'<span style="color:#1a7f37; white-space:nowrap;">{_e(t("report.done", lang))}</span>'
        else:
            state = f'<span style="color:#c62828; white-space:nowrap;">{_e(t("report.open", lang))}</span>'
        label = _e(item.label) + (f'<br/><span style="color:#666666;">{_e(item.detail)}</span>'
                                  if item.detail and not item.done else "")
        rows.append([label, state, _e(item.reference or "—"), _e(item.basis or "—")])
    parts.append(_table([_e(t(f"report.col.{c}", lang)) for c in ("item", "state", "reference", "basis")],
                        rows, (42, 14, 20, 24), nowrap=(1,)))

    # Overrides
    parts.append(f'<h2 style="font-size:13pt;">{_e(t("report.overrides", lang))}</h2>')
    log = overrides_of(note)
    if log:
        labels = {i.id: i.label for i in checklist.items}
        rows = [[_e(r.get("time", "")), _e(r.get("reason", "")), _e(r.get("errors", "")),
                 "<br/>".join(_e(labels.get(str(x), str(x))) for x in r.get("open_items") or []) or "—"]
                for r in log]
        parts.append(_table([_e(t(f"report.col.{c}", lang)) for c in ("time", "reason", "errors", "open_items")],
                            rows, (22, 40, 10, 28)))
    else:
        parts.append(f"<p>{_e(t('report.none', lang))}</p>")

    # Rule packs
    parts.append(f'<h2 style="font-size:13pt;">{_e(t("report.packs", lang))}</h2>')
    rows = [[_e(p.name), _e(p.version), f'<span style="font-family:monospace;">{_e(p.sha256[:HASH_CHARS])}</span>']
            for p in ruleset.packs]
    parts.append(_table([_e(t(f"report.col.{c}", lang)) for c in ("pack", "version", "hash")], rows, (40, 20, 40)))
    parts.append(f'<p style="color:#666666; font-size:8pt;">{_e(t("report.footer", lang, version=__version__, time=when))}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


# --- PDF (Qt) ---------------------------------------------------------------------

def ensure_gui_app() -> None:
    """Make a Qt application if none exists (fonts need one).

    It is a ``QApplication`` (not only a ``QGuiApplication``) so that widgets
    made later in the same process still work.  On Linux without a display
    the offscreen platform is used.
    """
    global _app
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    _app = QApplication(["xhs-editor"])


def report_font() -> Any:
    """The report's font: a CJK sans-serif family with fallbacks, 10 pt."""
    from PySide6.QtGui import QFont

    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPointSizeF(10)
    return font


def render_pdf(html_text: str, title: str = "") -> bytes:
    """Lay ``html_text`` out on A4 pages (with margins and page numbers) and return the PDF bytes."""
    ensure_gui_app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buf)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator(f"XHS Editor {__version__}")
    doc = QTextDocument()
    doc.setDefaultFont(report_font())
    doc.setHtml(html_text)
    doc.print_(writer)
    del writer
    buf.close()
    from .pdf_text import fix_radicals

    return fix_radicals(bytes(data.data()), FONT_FAMILIES)


def write_report(note: NoteLike, ruleset: RuleSet, path: str | os.PathLike[str], lang: str = "zh",
                 findings: Sequence[Finding] | None = None, overwrite: bool = False,
                 note_path: str | None = None, now: datetime | None = None) -> Path:
    """Write the report to ``path`` as ``.pdf`` or ``.html``/``.htm`` (atomically, refusing to overwrite).

    Raises :class:`xhs_editor.export.ExportError`.
    """
    from .export import ExportError

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".pdf", ".html", ".htm"):
        raise ExportError("bad_target", str(p))
    if p.exists() and not overwrite:
        raise ExportError("exists", str(p))
    page = report_html(note, ruleset, findings, lang, now, note_path)
    if suffix == ".pdf":
        return write_bytes_atomic(p, render_pdf(page, f"{t('report.title', lang)} — {note.title}"), overwrite)
    return write_text_atomic(p, page, overwrite)
