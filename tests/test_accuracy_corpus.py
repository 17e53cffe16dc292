"""The labelled accuracy corpus is well formed, as large and varied as promised, and its test split frozen."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

from xhs_editor.engine import load_ruleset

ACCURACY = Path(__file__).resolve().parent.parent / "benchmarks" / "accuracy"


def _load_module(name: str, path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


build_corpus = _load_module("build_corpus", ACCURACY / "build_corpus.py")


def _notes(split: str) -> list[dict]:
    with open(ACCURACY / f"{split}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


ALL = _notes("dev") + _notes("test")
LABELS = [(n, lab) for n in ALL for lab in n["labels"]]


def test_the_jsonl_files_are_what_the_sources_give() -> None:
    assert build_corpus.main(["--check"]) == 0


def test_the_test_split_is_frozen() -> None:
    """Changing the test split needs a deliberate new checksum, never a quiet edit."""
    digest = hashlib.sha256((ACCURACY / "test.jsonl").read_bytes()).hexdigest()
    assert digest == (ACCURACY / "test.sha256").read_text().split()[0]


def test_each_note_sits_in_the_split_its_file_names() -> None:
    for split in ("dev", "test"):
        assert {n["split"] for n in _notes(split)} == {split}
    assert len({n["id"] for n in ALL}) == len(ALL)


def test_every_label_points_at_its_text() -> None:
    bad = []
    for note, label in LABELS:
        text = note[label["field"]]
        inside = 0 <= label["start"] < label["end"] <= len(text)
        if not inside or text[label["start"]:label["end"]] != label["text"] or not label["text"].strip():
            bad.append((note["id"], label["field"], label["start"], label["text"]))
    assert bad == []


def test_labels_use_known_categories_and_kinds() -> None:
    known = {c for c in load_ruleset().categories if c != "limits"}
    for note, label in LABELS:
        assert set(label["categories"]) <= known, (note["id"], label)
        assert label["evasion"] in build_corpus.EVASIONS, (note["id"], label)
        assert label["field"] in build_corpus.FIELDS


def test_clean_notes_have_no_labels_and_problem_notes_a_required_one() -> None:
    for note in ALL:
        if note["clean"]:
            assert not note["labels"], note["id"]
        else:
            assert any(lab["required"] for lab in note["labels"]), note["id"]


def test_the_corpus_is_as_large_and_varied_as_promised() -> None:
    problem = [n for n in ALL if not n["clean"]]
    clean = [n for n in ALL if n["clean"]]
    assert len(problem) >= 400
    assert len(clean) >= 200
    assert len({n["industry"] for n in ALL}) >= 12
    assert 0.25 <= sum(n["split"] == "test" for n in ALL) / len(ALL) <= 0.35


def test_evasions_are_well_represented_among_required_labels() -> None:
    kinds = Counter(lab["evasion"] for _n, lab in LABELS if lab["required"])
    total = sum(kinds.values())
    assert (total - kinds["none"]) / total >= 0.30
    for kind in build_corpus.EVASIONS:
        assert kinds[kind] >= 15, kind
