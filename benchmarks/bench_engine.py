"""Engine benchmark (run on demand, not a test).

Times ``check_text`` with the full bundled rule set (and again with the claim tagger) on a 1,000-character note
and on a 200,000-character text, beside two references over the same
normalized text and the same terms:

* raw pyahocorasick iteration: the floor for this design;
* one compiled regular expression alternating all terms: the naive approach.

The synthetic text repeats the same few sentences, which flatters every cache; so the real notes of
``benchmarks/accuracy/dev.jsonl`` (their bodies, one after another, cut into 1,000-character chunks) are timed
too, with the median and the 95th percentile over the chunks.

Usage: ``uv run python benchmarks/bench_engine.py [--repeat N]``
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import statistics
import time
from pathlib import Path
from typing import Callable

import ahocorasick

from xhs_editor.engine import RuleSet, check_text, load_ruleset, normalize, normalize_term
from xhs_editor.engine import normalizer as normalize_module

DEV = Path(__file__).resolve().parent / "accuracy" / "dev.jsonl"
FILLER = ("今天想和大家分享一下我最近在用的护肤品，用了一个月感觉皮肤状态稳定了很多。"
          "早上洗完脸先上化妆水，再涂一层薄薄的乳液，出门前记得防晒。"
          "晚上会用温和的洁面，周末做一次补水面膜。价格是¥138.00，订单号2023112712345678。")
RISKY = ["全网最低价", "極致", "加我薇❤信", "100%有效", "旺财", "点赞关注抽奖", "138 1234 5678", "美白祛斑", "保本高收益",
         "第一次", "最近", "稍微信任", "国家级", "立竿见影", "www.example.com"]


def make_text(length: int, seed: int = 7) -> str:
    """Ordinary note text with a risky phrase every ~120 characters."""
    rnd = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < length:
        chunk = FILLER[rnd.randrange(0, 40):]
        parts.append(chunk)
        parts.append(rnd.choice(RISKY))
        parts.append("\n" if rnd.random() < 0.2 else "，")
        size += len(chunk) + 8
    return "".join(parts)[:length]


def real_chunks(size: int = 1_000) -> list[str]:
    """The bodies of the dev notes, one after another, in chunks of ``size`` characters (the last one dropped)."""
    with open(DEV, encoding="utf-8") as fh:
        text = "\n".join(json.loads(line)["body"] for line in fh if line.strip())
    return [text[i:i + size] for i in range(0, len(text) - size + 1, size)]


def spread(times: list[float]) -> str:
    """Median and 95th percentile (nearest rank) of ``times`` in milliseconds."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
    return f"median {statistics.median(ordered):9.3f} ms   p95 {p95:8.3f} ms"


def per_chunk_ms(fn: Callable[[str], object], chunks: list[str], passes: int) -> tuple[list[float], list[float]]:
    """Each chunk's time on the first pass, and its median over ``passes`` later passes, in milliseconds."""
    gc.collect()
    runs: list[list[float]] = [[] for _ in chunks]
    for _ in range(passes + 1):
        for k, chunk in enumerate(chunks):
            t0 = time.perf_counter()
            fn(chunk)
            runs[k].append((time.perf_counter() - t0) * 1000)
    return [r[0] for r in runs], [statistics.median(r[1:]) for r in runs]


def real_text(rs: RuleSet, with_model: RuleSet, passes: int) -> None:
    """Print the times on real notes: rules alone, rules and tagger read cold, and the claim patterns alone."""
    chunks = real_chunks()
    tagger = with_model.claim_tagger()
    claims = rs.claims
    assert tagger is not None and claims is not None
    normalized = {c: normalize(c).text for c in chunks}

    def cold(chunk: str) -> object:
        tagger.forget()
        return check_text(chunk, with_model)

    first_rules, rules = per_chunk_ms(lambda c: check_text(c, rs), chunks, passes)
    _, tagged = per_chunk_ms(cold, chunks, passes)
    _, patterns = per_chunk_ms(lambda c: claims.hits(normalized[c]), chunks, passes)
    n = sum(len(check_text(c, rs)) for c in chunks)
    print(f"\nreal notes: dev bodies in {len(chunks)} chunks of 1,000 characters ({n} findings), per chunk")
    print(f"  check_text (rules)             {spread(rules)}")
    print(f"    on the first pass            {spread(first_rules)}   (the first time these notes are read)")
    print(f"  check_text (rules and tagger)  {spread(tagged)}   (cold: every line read afresh)")
    print(f"  claim patterns alone           {spread(patterns)}")


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` in milliseconds (the fastest run is kept in FASTEST)."""
    times = []
    gc.collect()
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    FASTEST[fn] = min(times)
    return statistics.median(times)


FASTEST: dict[Callable[[], object], float] = {}


def main() -> None:
    """Print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--passes", type=int, default=5, help="timed passes over the real notes")
    args = parser.parse_args()

    t0 = time.perf_counter()
    normalize_module._fold_table()
    normalize_module._patterns()
    tables_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    rs = load_ruleset(include_user=False, model=False)
    build_ms = (time.perf_counter() - t0) * 1000
    with_model = load_ruleset(include_user=False)
    t0 = time.perf_counter()
    with_model.claim_tagger()
    model_ms = (time.perf_counter() - t0) * 1000
    terms = sorted({normalize_term(t) for r in rs.rules for t in r.terms})
    print(f"rule set: {len(rs.rules)} rules, {len(terms)} distinct terms, {len(rs.detectors)} detectors, "
          f"{len(rs.packs)} packs")
    print(f"one-time normalization tables: {tables_ms:.1f} ms; rule set build: {build_ms:.1f} ms (target ≤ 500 ms);"
          f" claim tagger load: {model_ms:.1f} ms (target ≤ 200 ms)")

    auto = ahocorasick.Automaton()
    for t in terms:
        auto.add_word(t, len(t))
    auto.make_automaton()
    naive = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))

    for length, repeat in ((1_000, args.repeat * 10), (200_000, max(5, args.repeat // 3))):
        text = make_text(length)
        norm_text = normalize(text).text
        check_text(text, rs)  # warm caches
        engine_run = lambda: check_text(text, rs)  # noqa: E731
        full = median_ms(engine_run, repeat)
        norm = median_ms(lambda: normalize(text), repeat)
        raw = median_ms(lambda: sum(1 for _ in auto.iter(norm_text)), repeat)
        rx = median_ms(lambda: sum(1 for _ in naive.finditer(norm_text)), max(3, repeat // 3))
        tagger = with_model.claim_tagger()
        assert tagger is not None

        def cold() -> object:  # the tagger remembers lines it has read; a cold check reads every line
            tagger.forget()
            return check_text(text, with_model)

        edits = iter(range(10**9))

        def one_line_edited() -> object:  # what the sidebar pays after a pause in typing: one line is new
            k = next(edits)
            lines = text.split("\n")
            i = k % len(lines)
            lines[i] = lines[i] + "好" * (1 + k // len(lines) % 3)
            return check_text("\n".join(lines), with_model)

        cold()
        tagged = median_ms(cold, max(3, repeat // 3))
        edited = median_ms(one_line_edited, max(3, repeat // 3))
        n = len(check_text(text, rs))
        print(f"\n{length:>7,} characters ({n} findings)")
        print(f"  check_text (rules)             median {full:9.3f} ms   (fastest run {FASTEST[engine_run]:.3f} ms)")
        print(f"  check_text (rules and tagger)  median {tagged:9.3f} ms   (cold: every line read afresh)")
        print(f"    again after one line changed median {edited:9.3f} ms   (the tagger remembers the other lines)")
        print(f"    of which normalize           median {norm:9.3f} ms")
        print(f"  raw pyahocorasick iteration    median {raw:9.3f} ms   engine/raw   = {full / raw:6.2f}×")
        print(f"  one alternation regex (naive)  median {rx:9.3f} ms   naive/engine = {rx / full:6.2f}×")
    real_text(rs, with_model, args.passes)
    print("\ntargets: 1,000 characters ≤ 1.5 ms median with the rules (sound channel and patterns on), ≤ 3 ms with"
          " the claim tagger too")


if __name__ == "__main__":
    main()
