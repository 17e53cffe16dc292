"""Regenerate ``rules/generated/packs.json``: the bundled packs' YAML documents, parsed ahead of time.

The engine reads a bundled pack's document from this file when the file holds the hash of the pack's bytes
(``xhs_editor/engine/pack_cache.py``), which saves libyaml's parse at every launch; an edited pack is parsed as
before.  Run after changing any file in ``rules/`` (a test checks the file is current)::

    uv run python tools/make_pack_cache.py [--check]
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xhs_editor.engine import pack_cache  # noqa: E402
from xhs_editor.engine.packs import PackInvalid, pack_files, read_yaml  # noqa: E402
from tools.generated_file import write_or_check  # noqa: E402

RULES = ROOT / "rules"
OUT = RULES / pack_cache.FILE


def documents() -> dict[str, object]:
    """Each bundled pack's document (parsed from its YAML), by the hash of its bytes."""
    out: dict[str, object] = {}
    for path in pack_files(RULES):
        try:
            data, doc = read_yaml(path, cached=False)
            out[hashlib.sha256(data).hexdigest()] = pack_cache.encode(doc, lambda m: getattr(m, "line", 0))
        except (PackInvalid, TypeError) as exc:  # such a pack is parsed at every launch, and reports its error
            print(f"{path.name}: left out ({exc})", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the file, or with --check say whether it is current."""
    return write_or_check(OUT, lambda: pack_cache.dumps(documents()), "tools/make_pack_cache.py", argv,
                          write=pack_cache.write)


if __name__ == "__main__":
    sys.exit(main())
