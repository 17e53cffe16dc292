"""Writing a generated data file, or checking that it is current: what every ``tools/make_*.py`` does last."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable


def write_or_check(out: Path, make: Callable[[], str], tool: str, argv: list[str] | None = None,
                   write: Callable[[Path, str], None] | None = None) -> int:
    """Write ``make()`` to ``out``, or with ``--check`` in ``argv`` return 1 when ``out`` differs from it.
    ``tool`` is the script that makes the file, named in the message when it is out of date."""
    parser = argparse.ArgumentParser(description=f"Write {out.name}, or check that it is current.")
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is out of date")
    args = parser.parse_args(argv)
    text = make()
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != text:
            print(f"{out} is out of date: run {tool}", file=sys.stderr)
            return 1
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    (write or (lambda path, body: path.write_text(body, encoding="utf-8")))(out, text)
    print(f"wrote {out} ({len(text.encode()) // 1024} KB)")
    return 0
