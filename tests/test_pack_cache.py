"""Tests of the bundled packs' parsed documents (rules/generated/packs.json, xhs_editor/engine/pack_cache.py).

The file saves the first launch libyaml's parse; it must never change what a pack says, and an
edited pack must be read from its YAML, errors with their lines included.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

from xhs_editor.engine import pack_cache
from xhs_editor.engine.packs import pack_files, read_packs, read_yaml

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


def _tool():
    spec = importlib.util.spec_from_file_location("make_pack_cache", ROOT / "tools" / "make_pack_cache.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    sys.modules["make_pack_cache"] = tool
    spec.loader.exec_module(tool)
    return tool


def _lines(doc):
    """Every mapping's line, in document order, beside the document itself."""
    if isinstance(doc, dict):
        return [getattr(doc, "line", None), *(x for v in doc.values() for x in _lines(v))]
    if isinstance(doc, list):
        return [x for item in doc for x in _lines(item)]
    return []


def test_the_file_is_current() -> None:
    """rules/generated/packs.json is what tools/make_pack_cache.py makes from rules/*.yaml now."""
    assert _tool().main(["--check"]) == 0


def test_every_bundled_pack_reads_the_same_from_the_file_as_from_its_yaml() -> None:
    """Same values and the same line for every mapping (pack errors name lines), and none is parsed at launch."""
    for path in pack_files(RULES):
        data, parsed = read_yaml(path, cached=False)
        cached = pack_cache.document(data, lambda items, line: _Lined(items, line))
        assert cached is not None, f"{path.name} is not in the file"
        assert cached == parsed, path.name
        assert _lines(cached) == _lines(parsed), path.name


class _Lined(dict):
    def __init__(self, items: dict, line: int) -> None:
        super().__init__(items)
        self.line = line


def test_an_edited_pack_is_read_from_its_yaml(tmp_path: Path) -> None:
    """A bundled pack changed since the file was made says what it says now, and its errors keep their lines."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    pack = rules / "superstition.yaml"
    text = pack.read_text(encoding="utf-8")
    assert pack_cache.document(text.encode(), lambda items, line: items, rules) is not None
    pack.write_text(text.replace("terms: [旺财, ", "terms: [旺财旺财, 旺财, ", 1), encoding="utf-8")
    assert pack_cache.document(pack.read_bytes(), lambda items, line: items, rules) is None
    packs, errors = read_packs([(rules, True)])
    assert not errors
    assert any("旺财旺财" in r.terms for p in packs for r in p.rules)
    pack.write_text(text + "\nrules: [\n", encoding="utf-8")
    _, errors = read_packs([(rules, True)])
    assert [e.path.endswith("superstition.yaml") and e.line > 1 for e in errors] == [True]


def test_a_missing_or_damaged_file_only_means_parsing(tmp_path: Path) -> None:
    """Without the file, or with one that is not JSON, every pack is parsed and nothing fails."""
    (tmp_path / "generated").mkdir()
    data = (RULES / "extreme.yaml").read_bytes()
    assert pack_cache.document(data, lambda items, line: items, tmp_path) is None
    (tmp_path / pack_cache.FILE).write_text("{not json", encoding="utf-8")
    assert pack_cache.document(data, lambda items, line: items, tmp_path) is None
