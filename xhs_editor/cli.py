"""The command line: ``xhs-editor check PATH...`` (and ``report``, which needs Qt)."""

from __future__ import annotations

import argparse
import json
import locale
import os
import sys
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, TextIO

from .engine import Finding, RuleSet, Severity, check_text, load_ruleset, note_context
from .i18n import language, set_language, t
from .note import MAX_FILE_BYTES, Note, NoteError, decode_text, parse_note, read_file

CHECKED_SUFFIXES = (".txt", ".md", ".xhsnote")


class UsageError(Exception):
    """A mistake of the user's: printed as one sentence, exit code 2."""


@dataclass
class Source:
    """One text to check: its display path and its content."""

    path: str
    text: str
    fields: tuple[tuple[str, int, int], ...] = ()  # (field, start, end) inside ``text`` for notes
    images: tuple[str, ...] = ()  # a note's image paths, relative to the note
    note: Note | None = None  # the note itself, for an .xhsnote file
    _lines: list[int] = field(default_factory=list, repr=False)  # offsets where lines start, built once

    def line_col(self, pos: int) -> tuple[int, int]:
        """1-based line and column of ``pos`` in ``text``, in logarithmic time (dense findings stay linear)."""
        if not self._lines:
            starts, find = [0], self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._lines = starts
        i = bisect_right(self._lines, pos) - 1
        return i + 1, pos - self._lines[i] + 1


def default_lang() -> str:
    """``zh`` or ``en`` from XHS_EDITOR_LANG or the locale."""
    for var in ("XHS_EDITOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    # Windows names its locales in words ("Chinese (Simplified)_China") rather than zh_CN.
    loc = (locale.getlocale()[0] or "").lower()
    return "zh" if loc.startswith("zh") or loc.startswith("chinese") else "en"


def decode(data: bytes, path: str) -> str:
    """UTF-8 (with or without BOM), else GB18030; otherwise a clear error."""
    text = decode_text(data)
    if text is None:
        raise UsageError(t("cli.undecodable", path=path))
    return text


def note_source(path: str, note: Note) -> Source:
    """A ``.xhsnote`` file as one text: title, blank line, body, blank line, topics.

    That is the layout of the note when exported, so line numbers match it.
    """
    parts = [("title", note.title), ("body", note.body), ("topics", note.topics_text())]
    fields = []
    pos = 0
    for name, value in parts:
        fields.append((name, pos, pos + len(value)))
        pos += len(value) + 2
    return Source(path, "\n\n".join(v for _, v in parts), tuple(fields),
                  tuple(str(i["path"]) for i in note.images), note)


def read_source(path: Path) -> Source:
    """Read one file for checking, through the reader the editor uses (a note only as UTF-8)."""
    try:
        data = read_file(path)
        if path.suffix.lower() == ".xhsnote":
            return note_source(str(path), parse_note(data, str(path)))
    except NoteError as exc:
        raise note_usage_error(exc) from None
    return Source(str(path), decode(data, str(path)))


def collect(paths: Iterable[str], stdin: TextIO) -> list[Source]:
    """Expand folders and read every file (``-`` is standard input)."""
    sources: list[Source] = []
    for arg in paths:
        if arg == "-":
            raw = stdin.buffer.read(MAX_FILE_BYTES + 1) if hasattr(stdin, "buffer") else \
                stdin.read(MAX_FILE_BYTES + 1).encode("utf-8")
            if len(raw) > MAX_FILE_BYTES:
                raise UsageError(t("cli.too_large", path="<stdin>", limit=MAX_FILE_BYTES >> 20))
            sources.append(Source("-", decode(raw, "<stdin>")))
            continue
        p = Path(arg)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in CHECKED_SUFFIXES)
            sources.extend(read_source(f) for f in files)
        elif p.exists():
            sources.append(read_source(p))
        else:
            raise UsageError(t("cli.no_such_path", path=arg))
    return sources


def findings_for(source: Source, ruleset: RuleSet, ocr: bool = True, ignores: bool = True) -> list[Finding]:
    """Term and pattern findings, the text read as one note (:func:`xhs_editor.engine.note_context`); for an
    ``.xhsnote`` file the note's active findings (:func:`xhs_editor.findings.note_findings`, as the editor
    shows them: limits and images too, and without those the note ignores unless ``ignores`` is False), with
    offsets into ``source.text``."""
    if source.note is None:
        return check_text(source.text, ruleset, note=note_context("", source.text, "", ruleset))
    from .findings import note_findings

    images: list[Finding] = []
    if source.images:
        from .images import check_note_images

        images = check_note_images(Path(source.path), list(source.images), ruleset, ocr=ocr)
    spans = {name: s for name, s, _e in source.fields}
    found = note_findings(source.note, ruleset, images=images, honour_ignores=ignores).active
    return [replace(f, start=f.start + spans[f.field], end=f.end + spans[f.field]) if f.field in spans else f
            for f in found]


def format_text(source: Source, findings: list[Finding], lang: str, out: TextIO) -> None:
    """Compiler-style lines: ``path:line:col: severity [category] matched — message (→ suggestion)``."""
    for f in findings:
        shown = f.matched.replace("\n", "⏎") if f.matched else "—"
        if f.field == "images":
            where = f"{source.path}:{getattr(f, 'image', f.matched)}"
        else:
            line, col = source.line_col(f.start)
            where = f"{source.path}:{line}:{col}"
        text = f"{where}: {f.severity.value} [{f.category}] {shown} — {f.message(lang)}"
        if f.suggestions:
            text += f" (→ {' / '.join(f.suggestions)})"
        print(text, file=out)


def as_json(source: Source, findings: list[Finding], lang: str) -> dict[str, object]:
    """The JSON shape for one file."""
    items = []
    for f in findings:
        # Image findings have no place in the text: line and col are 0, matched names the image.
        line, col = (0, 0) if f.field == "images" else source.line_col(f.start)
        items.append({
            "start": f.start, "end": f.end, "line": line, "col": col, "matched": f.matched,
            "category": f.category, "severity": f.severity.value, "rule": f.rule,
            "message": f.message(lang), "suggestions": list(f.suggestions),
            "replacements": list(f.replacements), "advice": list(f.advice),
        })
    return {"path": source.path, "findings": items}


_encode = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps(…, ensure_ascii=False) makes one per call


def write_json(files: list[dict[str, object]], out: TextIO) -> None:
    """``{"files": [...]}`` with one finding per line: readable, and fast to write.

    ``json.dump`` with ``indent`` uses the pure-Python encoder, 2.6 s per MB of
    dense findings; each finding is encoded by the C encoder instead.
    """
    out.write('{"files": [')
    for i, entry in enumerate(files):
        out.write(",\n  " if i else "\n  ")
        head = json.dumps({k: v for k, v in entry.items() if k != "findings"}, ensure_ascii=False)
        out.write(head[:-1] + (", " if len(head) > 2 else "") + '"findings": [')
        findings = entry.get("findings") or []
        for j, finding in enumerate(findings):  # type: ignore[arg-type]
            out.write(",\n    " if j else "\n    ")
            out.write(_encode(finding))
        out.write("\n  ]}" if findings else "]}")
    out.write("\n]}\n" if files else "]}\n")


class ArgParser(argparse.ArgumentParser):
    """An argument parser whose mistakes become :class:`UsageError` (one line, exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(t("cli.usage", prog=self.prog, detail=message))


def add_rules_arguments(p: argparse.ArgumentParser) -> None:
    """The options every sub-command shares: rule folders and the message language."""
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="another folder of rule packs")
    p.add_argument("--lang", choices=("zh", "en"), default=None, help="language of messages")
    p.add_argument("--no-user-rules", action="store_true", help="ignore the user's own rule folder")
    p.add_argument("--no-bundled-rules", action="store_true",
                   help="use only the packs given with --rules (and the user's), not the bundled terms")
    p.add_argument("--no-model", action="store_true",
                   help="rules only: without the learned claim tagger and note gate")


def load_rules(args: argparse.Namespace, err: TextIO, key: str = "cli.invalid_pack") -> RuleSet:
    """The rule set the options ask for; invalid packs are named on ``err`` with message ``key``."""
    for d in args.rules:
        if not Path(d).is_dir():
            raise UsageError(t("cli.no_rules_folder", path=d))
    ruleset = load_ruleset(args.rules, include_user=not args.no_user_rules,
                           include_bundled=not args.no_bundled_rules,
                           model=False if args.no_model else None)
    for e in ruleset.errors:
        print(t(key, path=e.path, line=e.line, problem=e.problem), file=err)
    return ruleset


def note_usage_error(exc: NoteError) -> UsageError:
    """A note that cannot be read, as one sentence for the command line."""
    if exc.kind == "future":
        return UsageError(t("cli.future_note", path=exc.path, detail=exc.detail))
    if exc.kind == "io":
        return UsageError(t("cli.unreadable", path=exc.path, detail=exc.detail))
    if exc.kind == "not_file":
        return UsageError(t("cli.not_a_file", path=exc.path))
    if exc.kind == "too_large":
        return UsageError(t("cli.too_large", path=exc.path, limit=MAX_FILE_BYTES >> 20))
    if exc.kind == "encoding":
        return UsageError(t("cli.note_not_utf8", path=exc.path, detail=exc.detail))
    return UsageError(t("cli.bad_note", path=exc.path, detail=exc.detail))


def build_parser() -> argparse.ArgumentParser:
    """The ``check`` sub-command's arguments."""
    p = ArgParser(prog="xhs-editor check",
                  description="Check notes for banned and risky phrases. 检查笔记中的违禁词与风险用语。")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files or folders (.txt, .md, .xhsnote); '-' reads standard input")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--category", action="append", default=[], metavar="ID", help="only report these categories")
    p.add_argument("--no-ocr", action="store_true", help="do not read the text inside a note's images")
    p.add_argument("--no-ignores", action="store_true",
                   help="also report the findings a note marks as ignored (Ignore here in the editor)")
    add_rules_arguments(p)
    return p


def run_check(argv: list[str], stdin: TextIO, out: TextIO, err: TextIO) -> int:
    """Run ``check`` and return its exit code."""
    args = build_parser().parse_args(argv)
    lang = args.lang or default_lang()
    set_language(lang)
    ruleset = load_rules(args, err)
    unknown = [c for c in args.category if c not in ruleset.categories]
    if unknown:
        raise UsageError(t("cli.unknown_category", category=repr(unknown[0]), known=", ".join(sorted(ruleset.categories))))
    sources = collect(args.paths, stdin)
    worst = 0
    report = []
    for src in sources:
        found = findings_for(src, ruleset, ocr=not args.no_ocr, ignores=not args.no_ignores)
        if args.category:
            found = [f for f in found if f.category in args.category]
        if any(f.severity is Severity.ERROR for f in found):
            worst = 1
        if args.format == "json":
            report.append(as_json(src, found, lang))
        else:
            format_text(src, found, lang, out)
    if args.format == "json":
        write_json(report, out)
    return 2 if ruleset.errors else worst


def main(argv: list[str], stdin: TextIO | None = None, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    """Entry for ``xhs-editor check|report``; never shows a traceback for a user's mistake."""
    stdin = stdin or sys.stdin
    for stream in (sys.stdout, sys.stderr):
        # A Windows console in GBK cannot show every emoji a note may hold: print "?" rather than crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    out = out or sys.stdout
    err = err or sys.stderr
    command, rest = argv[0], argv[1:]
    previous = language()
    set_language(default_lang())  # until --lang is read, so that mistakes in the options are worded too
    try:
        if command == "check":
            return run_check(rest, stdin, out, err)
        if command == "report":
            from .report_cli import run_report

            return run_report(rest, out, err)
        raise UsageError(t("cli.unknown_command", command=repr(command)))
    except UsageError as exc:
        print(t("cli.error", message=exc), file=err)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        set_language(previous)
