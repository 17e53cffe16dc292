"""Entry point: ``xhs-editor`` opens the editor; ``xhs-editor check …`` runs the checker."""

from __future__ import annotations

import sys

SUBCOMMANDS = ("check", "report")
USAGE = """usage: xhs-editor [NOTE]                 open the editor (on NOTE: .xhsnote, .txt or .md)
       xhs-editor check PATH... [options]  check notes from the command line (check --help)
       xhs-editor report NOTE -o FILE      write a review report, .pdf or .html (report --help)
       xhs-editor --self-test [REPORT]     check this installation
       xhs-editor --version
"""


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the command-line checker or the editor."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        from . import cli

        return cli.main(args)
    if args and args[0] in ("--help", "-h"):
        print(USAGE, end="")
        return 0
    if args and args[0] in ("--version", "-V"):
        from . import __version__

        print(f"xhs-editor {__version__}")
        return 0
    if args and args[0] == "--self-test":  # xhs-editor --self-test [REPORT_FILE]
        from .selftest import run_self_test

        return run_self_test(args[1] if len(args) > 1 else None)
    from .app import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
