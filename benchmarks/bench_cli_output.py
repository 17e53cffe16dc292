"""``xhs-editor check`` on large files full of findings (run on demand, not a test).

Writes texts of 1, 5 and 20 MB (UTF-8) in which every fifth character starts a
finding (``加我薇信。`` repeated, a line break every 60 characters), then times
``check`` on each, in text and JSON output, and prints seconds per MB: the
whole run, and the output part alone (line and column of every finding, and
formatting).  Before issue 16 the output counted lines from the start for every
finding: 22 s for 1 MB and 141 s for 5 MB.  Target: linear, at most 2 s per MB.

Usage: ``uv run python benchmarks/bench_cli_output.py [--sizes 1 5 20]``
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from xhs_editor.cli import as_json, findings_for, format_text, read_source, write_json
from xhs_editor.engine import load_ruleset

TARGET_S_PER_MB = 2.0
LINE = "加我薇信。" * 12 + "\n"


def make_file(folder: Path, megabytes: int) -> Path:
    """A .txt file of ``megabytes`` MB of dense findings."""
    unit = LINE.encode("utf-8")
    path = folder / f"dense-{megabytes}mb.txt"
    path.write_bytes(unit * (megabytes * 1024 * 1024 // len(unit)))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 20], help="file sizes in MB")
    args = parser.parse_args()
    rs = load_ruleset(include_user=False)
    print(f"{'size':>6} {'findings':>9} {'format':>6} {'check s/MB':>10} {'output s/MB':>11} {'total s/MB':>10}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.sizes:
            path = make_file(Path(tmp), mb)
            size_mb = path.stat().st_size / (1024 * 1024)
            start = time.perf_counter()
            source = read_source(path)
            found = findings_for(source, rs, ocr=False)
            checked = time.perf_counter() - start
            for fmt in ("text", "json"):
                source = read_source(path)  # line starts are built afresh, as in a real run
                start = time.perf_counter()
                out = io.StringIO()
                if fmt == "text":
                    format_text(source, found, "zh", out)
                else:
                    write_json([as_json(source, found, "zh")], out)
                output = time.perf_counter() - start
                total = (checked + output) / size_mb
                worst = max(worst, total)
                print(f"{mb:>4}MB {len(found):>9} {fmt:>6} {checked / size_mb:>10.2f} {output / size_mb:>11.2f} "
                      f"{total:>10.2f}")
    verdict = "within" if worst <= TARGET_S_PER_MB else "OVER"
    print(f"\nworst: {worst:.2f} s per MB ({verdict} the {TARGET_S_PER_MB:.0f} s per MB target)")


if __name__ == "__main__":
    main()
