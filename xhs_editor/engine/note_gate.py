"""The note gate: a learned reading of a whole note, does it promote anything at all?

Many false alarms on clean notes are risky words in notes that sell nothing: a patient's
diary names the drug the doctor prescribed, a warning quotes the scam it warns against,
a student writes 期末考了专业第一.  Word senses and the note contexts (``note_warning``,
``note_clinic``) catch the shapes someone wrote down; this model reads the note as a
whole.  It is a logistic regression over the character 1-, 2- and 3-grams of the
normalized note (sublinear counts, L2-normalised), trained by ``tools/train_note_gate.py``
on the corpus's ``train`` split (clean notes against problem notes; never ``dev``, which
chose the threshold, nor ``test``).  python-crfsuite, which the claim tagger uses,
trains it as a CRF over one-item sequences, which is exactly a logistic regression; its
L1 penalty keeps the file small.

When the note's promotion score is below :data:`THRESHOLD`, the note is *plain*, and a
finding is not reported unless something says it is a claim all the same
(``check._plain_note_findings``): the claim tagger, which reads each line with the rule
findings in it, has a span over it; or it is a contact (a phone number or an id leaves
the platform whatever the note says); or it is a sound-alike (nobody disguises a word by
accident).  Such findings used to be shown as hints; on the corpus not one required
label depended on them, while they were most of the findings on clean notes.  The tagger's word is needed because a whole-note score cannot see one
selling line in a long diary: moved into clean notes, three in four of the dev split's
flagged claims were read as plain, and one in ten still is without the tagger's backing
(``bench_accuracy.py`` reports this share as "claims hidden in plain notes").

The score is worked out from each sentence's n-gram counts, which callers may remember,
so a key typed in a long note counts one sentence again.
"""

from __future__ import annotations

import math
import re
import tempfile
import threading
from collections import Counter
from itertools import chain
from operator import add
from pathlib import Path
from typing import AbstractSet, Callable, Iterable

ORDER = 3
"""The longest n-gram the model reads."""

THRESHOLD = 0.25
"""A note whose promotion score is below this is plain.  Chosen on ``dev``: for the model trained on the 8,600 notes
of ``train`` then, every threshold up to 0.3 kept every required label of dev at warning or error, and 0.25 was the
lowest that left the fewest clean dev notes warned (1 of 143, from 6 without the gate).  On 1,000 notes no model had
seen (t50–t54) it took the clean notes warned from 22.9 % to 8.7 % and lost no label.  For the model trained on
10,200 notes with the rules and tagger of 2026-12-01, every threshold up to 0.4 keeps the same dev labels, and 0.25 is
again the lowest that leaves the fewest clean dev notes warned (3; 4 at 0.2), so it stays."""

SELLING = 0.8
"""A note whose promotion score is at least this sells outright: a sense may ask for it (``in_selling_note``).  On dev
and waiting (which the gate never learned from), 44 of the 45 notes whose ad denial (纯分享, 不是广告, 没恰饭…) a
writer marked as an undisclosed ad scored at least 0.8 (35 of them at least 0.95), and all 23 clean notes with such a
denial scored below it (22 below 0.5)."""

SELLING_LEAST = 60
"""A note shorter than this (in characters read) never sells outright: in a few lines the denial's own words are most
of what the gate reads (纯自费，不是广告 alone scores 0.94), while the shortest note a writer marked this way is 67."""

def sells_outright(length: int, score: Callable[[], float]) -> bool:
    """Whether a note of ``length`` characters read, whose promotion score ``score`` gives (asked only when the note is
    long enough), sells outright: at least :data:`SELLING_LEAST` characters and a score of at least :data:`SELLING`."""
    return length >= SELLING_LEAST and score() >= SELLING


READ_LIMIT = 3000
"""The gate reads the note's sentences up to this many characters (three times the platform's limit for a body; the
longest note it learned from is shorter).  Summing the counts of a 100,000-character draft on every key cost 30 ms."""

PLAIN, PROMO = "plain", "promo"


def grams(text: str) -> list[str]:
    """The character n-grams (1 to :data:`ORDER`) of ``text``, each as often as it occurs (:func:`total` counts them)."""
    out = list(text)
    longer: Iterable[str] = text
    for k in range(1, ORDER):
        longer = list(map(add, longer, text[k:]))  # each (k+1)-gram is a k-gram and the character after it
        out += longer
    return out


def features(counts: Counter[str], only: AbstractSet[str] | None = None) -> dict[str, float]:
    """The model's input for a note's n-gram counts: 1 + log(count), scaled to unit length.

    With ``only``, just the n-grams among ``only`` (the model's attributes: the others weigh nothing), scaled as
    among all."""
    by_count = Counter(counts.values())  # most n-grams occur once: the weights are worked out per count
    norm = math.sqrt(sum(n * (1.0 + math.log(c)) ** 2 for c, n in by_count.items() if c > 0)) or 1.0
    weight = {c: (1.0 + math.log(c)) / norm for c in by_count if c > 0}
    chosen = counts if only is None else only.intersection(counts)
    return {g: weight[counts[g]] for g in chosen if counts[g] > 0}


_ATTRIBUTE_START = re.compile(r"\n  [ \d]{4}\d: ")
"""Where an attribute starts in a model's text dump: ``\\n  {k:5d}: ``.  An n-gram is at most :data:`ORDER`
characters, so none holds one (though one may hold a line break)."""


def model_attributes(tagger: object) -> frozenset[str]:
    """The attributes (here n-grams) a pycrfsuite ``tagger``'s model has weights for, from its text dump."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.txt"
        tagger.dump(str(path))  # type: ignore[attr-defined]
        with open(path, encoding="utf-8", newline="") as file:  # an n-gram may hold a \r
            dump = file.read()
    start = dump.index("ATTRIBUTES = {")
    found = _ATTRIBUTE_START.split(dump[start:dump.index("\n}\n\n", start)])[1:]
    expected = int(re.search(r"num_attrs: (\d+)", dump).group(1))  # type: ignore[union-attr]
    if len(found) != expected:
        raise ValueError(f"read {len(found)} attributes of {expected} from the model's dump")
    return frozenset(found)


def total(pieces: Iterable[tuple[int, list[str]]]) -> Counter[str]:
    """The n-gram counts of a note from the :func:`grams` of its pieces (sentences, each with its length in
    characters), read until :data:`READ_LIMIT` characters are counted; later pieces are not looked at."""
    read: list[list[str]] = []
    budget = READ_LIMIT
    for length, found in pieces:
        if budget <= 0:
            break
        read.append(found)
        budget -= length
    return Counter(chain.from_iterable(read))


class NoteGate:
    """The trained model: :meth:`promotion` scores a note from its n-gram counts."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        if not path.is_file():
            raise OSError(f"no note gate model at {path}")
        self._pycrfsuite = pycrfsuite
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        if set(self._tagger.labels()) != {PLAIN, PROMO}:
            raise ValueError(f"{path} is not a note gate model")
        self._known = model_attributes(self._tagger)
        self._lock = threading.Lock()

    def promotion(self, counts: Counter[str]) -> float:
        """How likely (0..1) the note with these n-gram counts promotes something; 0 for an empty note."""
        if not counts:
            return 0.0
        with self._lock:
            self._tagger.set(self._pycrfsuite.ItemSequence([features(counts, self._known)]))
            self._tagger.tag()
            return float(self._tagger.marginal(PROMO, 0))
