"""``xhs-editor report NOTE.xhsnote -o report.pdf|report.html``: the review report from the command line."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from .cli import UsageError, decode, default_lang


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    """The ``report`` sub-command's arguments."""
    p = _Parser(prog="xhs-editor report",
                description="Write a note's review report as PDF (A4) or HTML. 生成笔记的审核报告（PDF 或 HTML）。")
    p.add_argument("note", metavar="NOTE", help="the .xhsnote file (or a .txt/.md file)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="report.pdf or report.html")
    p.add_argument("--lang", choices=("zh", "en"), default=None, help="language of the report")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="another folder of rule packs")
    p.add_argument("--no-user-rules", action="store_true", help="ignore the user's own rule folder")
    p.add_argument("--no-bundled-rules", action="store_true",
                   help="use only the packs given with --rules (and the user's), not the bundled terms")
    p.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    return p


def _read_note(path: Path):  # type: ignore[no-untyped-def]
    """The note at ``path``; a clear :class:`UsageError` when it cannot be read."""
    from .note import NoteError, from_dict, import_text, load

    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        return load(path)
    except NoteError as exc:
        if exc.kind == "encoding":  # not UTF-8: accept GB18030 like ``check`` does
            text = decode(path.read_bytes(), str(path))
            if path.suffix.lower() in (".txt", ".md", ".markdown"):
                return import_text(text)
            import json

            try:
                return from_dict(json.loads(text), str(path))
            except (json.JSONDecodeError, NoteError):
                pass
        if exc.kind == "future":
            raise UsageError(f"{path}: the note was written by a newer version of XHS Editor; "
                             "please update the app") from None
        if exc.kind == "io":
            raise UsageError(f"{path}: cannot read the file: {exc.detail}") from None
        raise UsageError(f"{path}: not a valid .xhsnote file ({exc.detail})") from None


def run_report(argv: list[str], out: TextIO, err: TextIO) -> int:
    """Run ``report``: 0 when the report was written; 2 for mistakes (as :class:`UsageError`).

    As with ``check``, an invalid rule pack is named on standard error and gives
    exit code 2, but the report is still written with the packs that loaded.
    """
    args = build_parser().parse_args(argv)
    lang = args.lang or default_lang()
    target = Path(args.output)
    if target.suffix.lower() not in (".pdf", ".html", ".htm"):
        raise UsageError(f"-o {args.output}: the report must end in .pdf or .html")
    if target.is_dir():
        raise UsageError(f"-o {args.output}: is a folder; give a file name ending in .pdf or .html")
    if (target.exists() or target.is_symlink()) and not args.force:
        raise UsageError(f"{args.output} already exists; use --force to overwrite it")
    for d in args.rules:
        if not Path(d).is_dir():
            raise UsageError(f"--rules {d}: no such folder")
    note_path = Path(args.note)
    note = _read_note(note_path)

    from .engine import load_ruleset
    from .export import ExportError

    ruleset = load_ruleset(args.rules, include_user=not args.no_user_rules,
                           include_bundled=not args.no_bundled_rules)
    for e in ruleset.errors:
        print(f"{e.path}:{e.line}: invalid rule pack (left out of the report's checks): {e.problem}", file=err)
    if target.suffix.lower() == ".pdf":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .report import write_report

    try:
        written = write_report(note, ruleset, target, lang, overwrite=args.force, note_path=str(note_path))
    except ExportError as exc:
        raise UsageError(exc.message("en")) from None
    print(str(written), file=out)
    return 2 if ruleset.errors else 0
