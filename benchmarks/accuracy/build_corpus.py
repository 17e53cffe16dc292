"""Build the labelled note corpus (``dev.jsonl``, ``test.jsonl``) from the writers' marked-up sources.

The sources in ``src/*.txt`` are what the writers wrote: notes with their problems
marked inline as ``⟦span|categories|r-or-o|evasion⟧`` (format: ``README.md`` beside
this file).  This script strips the marks, records each one as a label with exact
offsets into its field, and assigns each note to a split.

The split is a property of the note's id (a seeded hash, about 30 % test), so it
never moves when notes are added or rebuilt; a note may pin itself with a
``split: dev`` header (used for notes written while tuning rules, which must never
land in the frozen test split).

Usage: ``uv run python benchmarks/accuracy/build_corpus.py [--check]``; ``--check``
only verifies that the JSON Lines files are what the sources give.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLIT_SEED = "xhs-accuracy-2026-11-30"
TEST_SHARE = 0.30

CATEGORIES = frozenset({
    "extreme", "authority", "guarantee", "superstition", "fraud", "hard_ad", "diversion", "inducement",
    "medical", "efficacy", "finance", "disparagement", "prohibited_industry", "illegal", "disclosure",
})
EVASIONS = ("none", "traditional", "fullwidth", "case", "spaced", "symbol_inserted", "emoji_inserted",
            "homophone", "pinyin", "abbreviation", "number_variant", "slang")
INDUSTRIES = frozenset({
    "beauty", "skincare", "food", "health_food", "fitness", "parenting", "pets", "travel", "finance",
    "education", "games", "home", "fashion", "medical_beauty", "tech",
})
FIELDS = ("title", "body", "topics")

_MARK = re.compile(r"⟦([^⟦⟧|]+)\|([^⟦⟧|]+)\|([ro])\|([a-z_]+)⟧")


class CorpusError(ValueError):
    """A source note that cannot be read, naming file and line."""


@dataclass
class Note:
    """One labelled note as stored in the JSON Lines files."""

    id: str
    industry: str
    clean: bool
    title: str
    body: str
    topics: str
    split: str
    labels: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> str:
        """One line of JSON, keys in a fixed order."""
        return json.dumps({"id": self.id, "split": self.split, "industry": self.industry, "clean": self.clean,
                           "title": self.title, "body": self.body, "topics": self.topics,
                           "labels": self.labels}, ensure_ascii=False)


def split_of(note_id: str) -> str:
    """The split a note belongs to, from its id alone."""
    digest = hashlib.sha256(f"{SPLIT_SEED}:{note_id}".encode()).digest()
    return "test" if int.from_bytes(digest[:4], "big") / 2**32 < TEST_SHARE else "dev"


def strip_marks(marked: str, field_name: str, where: str) -> tuple[str, list[dict[str, object]]]:
    """The plain text of a marked-up field and its labels with offsets into that text."""
    out: list[str] = []
    labels: list[dict[str, object]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        length += m.start() - pos
        span, cats, req, kind = m.groups()
        categories = [c.strip() for c in cats.split(",") if c.strip()]
        unknown = [c for c in categories if c not in CATEGORIES]
        if unknown or not categories:
            raise CorpusError(f"{where}: unknown category {unknown or cats!r} in ⟦{span}⟧")
        if kind not in EVASIONS:
            raise CorpusError(f"{where}: unknown evasion kind {kind!r} in ⟦{span}⟧")
        labels.append({"field": field_name, "start": length, "end": length + len(span), "text": span,
                       "categories": categories, "required": req == "r", "evasion": kind})
        out.append(span)
        length += len(span)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "⟦" in text or "⟧" in text:
        raise CorpusError(f"{where}: a mark is not of the form ⟦span|categories|r-or-o|evasion⟧")
    return text, labels


def parse_source(path: Path) -> list[Note]:
    """The notes of one source file."""
    notes: list[Note] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("=== ")]
    for n, i in enumerate(starts):
        block = lines[i:starts[n + 1] if n + 1 < len(starts) else len(lines)]
        where = f"{path.name}:{i + 1}"
        note_id = block[0][4:].strip()
        try:
            sep = block.index("---")
        except ValueError:
            raise CorpusError(f"{where}: note {note_id} has no '---' line before its body") from None
        headers: dict[str, str] = {}
        for j, line in enumerate(block[1:sep], start=i + 2):
            if not line.strip():
                continue
            key, colon, value = line.partition(":")
            if not colon:
                raise CorpusError(f"{path.name}:{j}: expected 'key: value', got {line!r}")
            headers[key.strip()] = value.strip()
        body_marked = "\n".join(block[sep + 1:]).strip("\n")
        missing = [k for k in ("industry", "clean", "title", "topics") if k not in headers]
        if missing:
            raise CorpusError(f"{where}: note {note_id} lacks {', '.join(missing)}")
        if headers["industry"] not in INDUSTRIES:
            raise CorpusError(f"{where}: unknown industry {headers['industry']!r}")
        topics_marked = " ".join(f"#{t.strip()}" for t in re.split(r"[,，](?![^⟦]*⟧)", headers["topics"]) if t.strip())
        labels: list[dict[str, object]] = []
        texts: dict[str, str] = {}
        for name, marked in (("title", headers["title"]), ("body", body_marked), ("topics", topics_marked)):
            texts[name], found = strip_marks(marked, name, where)
            labels.extend(found)
        clean = headers["clean"].lower() in ("yes", "true")
        if clean and labels:
            raise CorpusError(f"{where}: note {note_id} says clean: yes but has labels")
        if not clean and not any(lab["required"] for lab in labels):
            raise CorpusError(f"{where}: note {note_id} is a problem note without a required label")
        split = headers.get("split") or split_of(note_id)
        notes.append(Note(note_id, headers["industry"], clean, texts["title"], texts["body"], texts["topics"],
                          split, labels))
    return notes


def build(src: Path = HERE / "src", train_src: Path = HERE / "train_src",
          waiting_src: Path = HERE / "waiting_src", holdout_src: Path = HERE / "holdout_src") -> list[Note]:
    """Every note of every source file, ids checked for uniqueness.

    Notes in ``train_src/`` were written only to train the claim tagger: they form
    the ``train`` split and never enter ``dev`` or ``test``.  Notes in ``waiting_src/``
    were written for the same purpose but came after the shipped models were trained:
    they form the ``waiting`` split until a retrain moves them to ``train_src/``.
    Notes in ``holdout_src/`` have been read by nobody yet: the ``holdout`` split is
    measured once, before any rule work looks at it, and then moves to ``waiting_src/``.
    """
    notes: list[Note] = []
    seen: set[str] = set()
    sources = [(p, None) for p in sorted(src.glob("*.txt"))] + [(p, "train") for p in sorted(train_src.glob("*.txt"))] \
        + [(p, "waiting") for p in sorted(waiting_src.glob("*.txt"))] \
        + [(p, "holdout") for p in sorted(holdout_src.glob("*.txt"))]
    for path, forced in sources:
        for note in parse_source(path):
            if forced is not None:
                note.split = forced
            if note.id in seen:
                raise CorpusError(f"{path.name}: note id {note.id} is used twice")
            seen.add(note.id)
            notes.append(note)
    return notes


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, verify) dev.jsonl, test.jsonl, train.jsonl, waiting.jsonl and holdout.jsonl."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify the JSON Lines files")
    args = parser.parse_args(argv)
    try:
        notes = build()
    except CorpusError as exc:
        print(exc, file=sys.stderr)
        return 2
    stale = []
    for split in ("dev", "test", "train", "waiting", "holdout"):
        text = "".join(n.to_json() + "\n" for n in notes if n.split == split)
        path = HERE / f"{split}.jsonl"
        if not text and not path.exists():
            continue  # no holdout waiting to be measured
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"out of date: {', '.join(stale)} (run build_corpus.py)", file=sys.stderr)
        return 1
    problem = sum(not n.clean for n in notes)
    print(f"{len(notes)} notes ({problem} with problems, {len(notes) - problem} clean); "
          f"dev {sum(n.split == 'dev' for n in notes)}, test {sum(n.split == 'test' for n in notes)}, "
          f"train {sum(n.split == 'train' for n in notes)}, waiting {sum(n.split == 'waiting' for n in notes)}, "
          f"holdout {sum(n.split == 'holdout' for n in notes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
