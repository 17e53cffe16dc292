"""``xhs-editor report NOTE.xhsnote -o report.pdf|report.html``: the review report from the command line."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from .cli import ArgParser, UsageError, add_rules_arguments, default_lang, load_rules, note_usage_error
from .i18n import set_language, t
from .note import Note, NoteError, load


def build_parser() -> argparse.ArgumentParser:
    """The ``report`` sub-command's arguments."""
    p = ArgParser(prog="xhs-editor report",
                  description="Write a note's review report as PDF (A4) or HTML. 生成笔记的审核报告（PDF 或 HTML）。")
    p.add_argument("note", metavar="NOTE", help="the .xhsnote file (or a .txt/.md file)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="report.pdf or report.html")
    p.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    p.add_argument("--no-ocr", action="store_true", help="do not read the text inside the note's images")
    add_rules_arguments(p)
    return p


def _read_note(path: Path) -> Note:
    """The note at ``path``; a clear :class:`UsageError` when it cannot be read."""
    if not (path.exists() or path.is_symlink()):
        raise UsageError(t("cli.no_such_file", path=path))  # a pipe or a device is refused by load()
    try:
        return load(path)
    except NoteError as exc:
        raise note_usage_error(exc) from None


def run_report(argv: list[str], out: TextIO, err: TextIO) -> int:
    """Run ``report``: 0 when the report was written; 2 for mistakes (as :class:`UsageError`).

    As with ``check``, an invalid rule pack is named on standard error and gives
    exit code 2, but the report is still written with the packs that loaded.
    """
    args = build_parser().parse_args(argv)
    lang = args.lang or default_lang()
    set_language(lang)
    target = Path(args.output)
    if target.suffix.lower() not in (".pdf", ".html", ".htm"):
        raise UsageError(t("cli.report_suffix", path=args.output))
    if target.is_dir():
        raise UsageError(t("cli.report_is_folder", path=args.output))
    blocker = next((p for p in target.parents if p.exists() or p.is_symlink()), None)
    if blocker is not None and not blocker.is_dir():
        raise UsageError(t("cli.report_parent_is_file", path=args.output, parent=blocker))
    if (target.exists() or target.is_symlink()) and not args.force:
        raise UsageError(t("cli.report_exists", path=args.output))
    note_path = Path(args.note)
    note = _read_note(note_path)

    from .export import ExportError

    ruleset = load_rules(args, err, "cli.invalid_pack_report")
    if target.suffix.lower() == ".pdf":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .findings import note_findings
    from .report import write_report

    images = []
    if note.images:  # the images are checked as the editor checks them, so both reports agree
        from .images import check_note_images

        images = check_note_images(note_path, [str(i["path"]) for i in note.images], ruleset, ocr=not args.no_ocr)
    found = note_findings(note, ruleset, images=images)
    try:
        written = write_report(note, ruleset, target, lang, found, overwrite=args.force, note_path=str(note_path))
    except ExportError as exc:
        raise UsageError(exc.message(lang)) from None
    print(str(written), file=out)
    return 2 if ruleset.errors else 0
