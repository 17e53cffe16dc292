"""Detector benchmark on adversarial text (run on demand, not a test).

Every bundled detector is fed texts of 100,000 characters built from its own
pattern and examples, the kinds of input that make a backtracking engine slow:

* its ``flag`` examples repeated back to back (as many findings as fit);
* each ``flag`` example cut short by one character, repeated (a near miss at
  every position: what made the e-mail and domain detectors quadratic);
* the characters and literal words of the pattern, cycled (``a点a点…``);
* a long run of one character the pattern repeats, then a character that
  breaks the match (``aaaa…a@``, ``1111…1``).

It prints the slowest input for each detector and the slowest overall, in
milliseconds per 100,000 characters, beside the target of 50 ms, with the number
of findings in that input: a text with a finding every second character
(``+薇+薇…``) costs about a microsecond per finding on top of the scan, which
is linear too but can pass the target on a busy machine.

Usage: ``uv run python benchmarks/bench_detectors.py [--size N] [--repeat N]``
"""

from __future__ import annotations

import argparse
import itertools
import time

from xhs_editor.engine import fold, load_ruleset
from xhs_editor.engine.normalizer import fold_digits

TARGET_MS = 50.0

try:  # Python 3.11+
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _parse  # type: ignore[no-redef]


def _pieces(pattern: str) -> tuple[list[str], list[str]]:
    """(single characters, literal words) that occur in ``pattern``."""
    chars: list[str] = []
    words: list[str] = []

    def walk(items) -> None:  # type: ignore[no-untyped-def]
        run = ""
        for op, av in items:
            if op is _sre.LITERAL:
                run += chr(av)
                chars.append(chr(av))
                continue
            if len(run) > 1:
                words.append(run)
            run = ""
            if op is _sre.IN:
                for iop, iav in av:
                    if iop is _sre.LITERAL:
                        chars.append(chr(iav))
                    elif iop is _sre.RANGE:
                        chars.extend(chr(c) for c in (iav[0], iav[1], (iav[0] + iav[1]) // 2))
                    elif iop is _sre.CATEGORY:
                        chars.extend({"CATEGORY_DIGIT": "7", "CATEGORY_SPACE": " ",
                                      "CATEGORY_WORD": "w"}.get(str(iav), ""))
            elif op is _sre.BRANCH:
                for seq in av[1]:
                    walk(seq)
            elif op is _sre.SUBPATTERN:
                walk(av[3])
            elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
                walk(av[2])
            elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
                walk(av[1])
        if len(run) > 1:
            words.append(run)

    walk(_parse.parse(pattern))
    return list(dict.fromkeys(c for c in chars if c)), list(dict.fromkeys(words))


def _fill(unit: str, size: int) -> str:
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def adversarial_texts(pattern: str, flags: tuple[str, ...], size: int) -> dict[str, str]:
    """Named texts of ``size`` characters built from ``pattern`` and its flag examples."""
    chars, words = _pieces(pattern)
    texts: dict[str, str] = {}
    for i, ex in enumerate(flags[:4]):
        texts[f"flag{i} repeated"] = _fill(ex + " ", size)
        if len(ex) > 1:
            texts[f"flag{i} minus last char"] = _fill(ex[:-1], size)
            texts[f"flag{i} first half"] = _fill(ex[: len(ex) // 2 + 1], size)
    if chars:
        texts["pattern characters cycled"] = _fill("".join(chars), size)
        for a, b in itertools.islice(itertools.product(chars[:12], chars[:12]), 60):
            texts.setdefault(f"{a!r}{b!r} alternating", _fill(a + b, size))
        for c in chars[:20]:
            for breaker in ("@", ".", "!", "点", chars[-1]):
                texts.setdefault(f"{c!r} run then {breaker!r}", c * (size - 1) + breaker)
    for w in words[:10]:
        texts[f"word {w!r} repeated"] = _fill(w, size)
        texts[f"word {w!r} + 'a点'"] = _fill(w + "a点", size)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="characters per text")
    parser.add_argument("--repeat", type=int, default=3, help="runs per text; the fastest counts")
    args = parser.parse_args()
    rs = load_ruleset(include_user=False)
    worst_all: tuple[float, str, str] = (0.0, "", "")
    print(f"{'detector':28} {'texts':>5} {'slowest ms':>10} {'findings':>8}  slowest input")
    for det in rs.detectors:
        worst = (0.0, "", 0)
        texts = adversarial_texts(det.pattern.pattern, det.examples_flag, args.size)
        for name, text in texts.items():
            view = fold(text)
            if det.view == "digits":
                view = fold_digits(view)
            best, found = float("inf"), 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                found = len(det.pattern.spans(view))
                best = min(best, time.perf_counter() - start)
            ms = best * 1000 * 100_000 / args.size
            if ms > worst[0]:
                worst = (ms, name, found)
        flag = "" if worst[0] <= TARGET_MS else "  OVER TARGET"
        print(f"{det.id:28} {len(texts):>5} {worst[0]:>10.1f} {worst[2]:>8}  {worst[1]}{flag}")
        if worst[0] > worst_all[0]:
            worst_all = (worst[0], det.id, worst[1])
    verdict = "within" if worst_all[0] <= TARGET_MS else "OVER"
    print(f"\nslowest: {worst_all[1]} on {worst_all[2]}: {worst_all[0]:.1f} ms per 100,000 characters "
          f"({verdict} the {TARGET_MS:.0f} ms target)")


if __name__ == "__main__":
    main()
