"""Train the note gate (resources/models/note_gate.crfsuite) on the corpus's train split.

The gate reads a whole note and scores how likely it promotes something (engine/note_gate.py).
It learns from ``benchmarks/accuracy/train.jsonl``: its clean notes as ``plain``, its problem
notes as ``promo``.  ``dev`` chooses the threshold (``--thresholds``); ``test`` is never read
here.  Training is deterministic (L-BFGS, notes in file order), so the same data and parameters
rebuild the same file.

Usage::

    uv run python tools/train_note_gate.py                 # train and write the model
    uv run python tools/train_note_gate.py --thresholds    # dev figures for a range of thresholds
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "accuracy"
MODEL = ROOT / "resources" / "models" / "note_gate.crfsuite"
sys.path.insert(0, str(ROOT))

from xhs_editor.engine import note_gate  # noqa: E402
from xhs_editor.engine.note_context import note_grams  # noqa: E402

PARAMS = {"c1": 0.05, "c2": 0.5, "max_iterations": 300, "feature.possible_states": False}
"""L1 keeps the n-grams that tell (1.2 MB instead of 58 MB without it); tried on dev and 600 unseen notes against
1- and 2-grams only and against the raw (not normalized) text, which lost labels on dev at lower thresholds."""


def notes(split: str) -> list[dict]:
    """The notes of one split of the corpus."""
    with open(CORPUS / f"{split}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def train(rows: list[dict], path: Path, params: dict | None = None) -> None:
    """Learn the gate from ``rows`` (corpus notes) and write it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for n in rows:
        counts = note_grams(n["title"], n["body"], n["topics"])
        trainer.append(pycrfsuite.ItemSequence([note_gate.features(counts)]),
                       [note_gate.PLAIN if n["clean"] else note_gate.PROMO])
    trainer.set_params(params or PARAMS)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))


def thresholds(path: Path, values: list[float]) -> None:
    """For each threshold, the dev figures with rules, tagger and this gate: required labels found at warning or
    error level, and clean notes with a warning or error."""
    from xhs_editor.engine import check_note, load_ruleset
    from xhs_editor.engine.note_gate import NoteGate

    rs = load_ruleset(include_user=False, model=True)
    rs._gate = NoteGate(path)
    dev = notes("dev")
    for value in values:
        note_gate.THRESHOLD = value
        found = total = warned = clean = 0
        for n in dev:
            serious = [f for f in check_note(n["title"], n["body"], n["topics"], rs)
                       if f.category != "limits" and f.severity.value in ("warning", "error")]
            if n["clean"]:
                clean += 1
                warned += bool(serious)
                continue
            for lab in n["labels"]:
                if lab["required"]:
                    total += 1
                    found += any(f.field == lab["field"] and f.start < lab["end"] and lab["start"] < f.end
                                 for f in serious)
        print(f"threshold {value:.2f}: {found}/{total} required labels at warning or error, "
              f"{warned}/{clean} clean notes warned")


def main() -> int:
    """Train the gate, or report dev figures for thresholds."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--thresholds", action="store_true", help="dev figures for thresholds 0.10 … 0.40 (no training)")
    ap.add_argument("--model", type=Path, default=MODEL, help="where to write (or read) the model")
    args = ap.parse_args()
    if args.thresholds:
        thresholds(args.model, [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4])
        return 0
    start = time.perf_counter()
    rows = notes("train")
    train(rows, args.model)
    print(f"trained on {len(rows)} notes in {time.perf_counter() - start:.0f} s: {args.model} "
          f"({args.model.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
