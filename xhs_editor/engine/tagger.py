"""The learned claim tagger: a character CRF that finds claims nobody wrote a rule for.

Word lists, senses, sound-alikes and slot patterns find what someone anticipated;
claims in a writer's own words (我妈的尿酸从五百多降到三百出头, 拉一个人进群返你二十)
need a model that has seen many labelled claims.  This is a linear-chain CRF
(python-crfsuite) over the characters of a field, tagging each one I-category (inside
a claim of that category) or O, with the features a Chinese tagger uses well:

* the character and its neighbours (one either side, and the two bigrams; without the neighbours alone the
  model was as good on dev but read real reviews' spec sheets and site menus as claims);
* its kind (Chinese character, digit, Chinese numeral, letter, other);
* where it sits in its word and that word's part of speech (the segmenter);
* whether a rule finding covers it, and of which category;
* whether a word of a shared vocabulary list covers it (body parts, experts, refunds…);
* its reading in the sound channel.

The model is trained by ``tools/train_tagger.py`` on the corpus's ``train`` split
(never on ``test``) and ships as ``resources/models/claim_tagger.crfsuite``, with the names of
the vocabulary lists it was trained with beside it (``claim_tagger.lists``).  It is
loaded once, off the keystroke path, and only its spans that no rule finding
overlaps become findings (:func:`model_findings`).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
import unicodedata
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Sequence

import ahocorasick

from .doubts import QUOTE_MARKS
from .model import Finding, Severity
from .normalizer import fold
from .patterns import SOUND_SLOTS
from .segment import LEARNED_LIST, cut, positions

THRESHOLD = 0.3
"""Least mean marginal probability of a span's tags for it to become a finding; chosen on ``dev`` (for the model
trained on 4,600 notes with rule dropout, 0.4 finds one label fewer than 0.3 and flags one clean note fewer; for
the models trained on 6,600 and 7,600 notes, 0.3 and 0.4 find the same labels and flag the same clean notes; for the
one trained on 8,600, 0.3 finds 4 more of the 202 labels the rules miss and flags no more clean notes, and on 600
unseen notes it finds slightly more at the same clean-note rate, so the threshold is 0.3 again; for the one trained on
15,000, 0.4 finds the same 121 of the 194 labels as 0.3 and flags one clean note fewer, so 0.4; for the one trained
on 15,600, 0.3 finds 2 more of the 196 and flags no more clean notes, alone or with the note gate, so 0.3;
for the one trained on 16,200, 0.3 finds 1 more than 0.4 with the same clean notes; for the one trained on 19,200,
0.3 and 0.4 find the same 117 of the 186 and flag the same 4 clean notes alone, so 0.3 stays; for the one trained on
28,197, every threshold from 0.15 to 0.4 finds the same 106 of the 148 and flags the same 8 clean notes alone, so 0.3 stays;
for the one trained on 30,197, every threshold from 0.15 to 0.3 finds 105 of the 134 and 0.4 finds 104, all with the same 6
clean notes, so 0.3 stays)."""

PLAIN_THRESHOLD = 0.9
"""The threshold in a note the note gate reads as selling nothing (``plain``): there a claim is unlikely, so the
tagger must be surer.  Over dev and waiting (2026-12-02, with t118–t120), every one of the tagger's findings in a
plain note (14, ten of them between 0.7 and 0.9) was on a clean note and none on a label; 0.7 was chosen then, since
the step to 0.9 spared one unseen clean note for five points of the claims moved into clean diaries (which a whole-note
score cannot see).  With t109–t144 in waiting (2026-12-02, fifth session) the tagger's findings in plain notes were 44
on clean notes against 2 on required labels (both above 0.95) and 1 elsewhere: 0.9 spares 31 of the 3,743 clean notes
of dev and waiting (no label lost), 0.95 spares 35.  Claims moved into clean notes still flagged, at 0.7 / 0.9 / 0.95:
dev 86.7 / 84.1 / 82.7 %, t147–t149 (unseen then; 2.0 / 1.3 / 1.3 % of clean notes warned) 90.8 / 88.3 / 86.1 %;
so 0.9."""

MEMORY = 4096
"""Lines whose spans the tagger remembers (a long note has a few hundred)."""

MIN_REST = 4
"""Least length of what is left of a tagger span beside the rule findings inside it for it to stand on its own: 躺着就瘦
beside 不运动不挨饿 is a claim, 寄到家 beside 全国联网可查 is not (6 until 2026-12-03; 4 found 3 more labels on `dev` and
`waiting` and 9 on `train`, and warned no clean note more)."""

MAX_SPAN = 40
"""A claim is a phrase: a longer span is the model misreading text unlike what it learned from."""

MIN_CONTACT = 6
"""The shortest contact the model may report (in a category of the packs' ``tagger: contacts``): a contact in words is
a phrase; 威信 alone is the model hearing 微信."""

MENU_PIECE = 4
"""The longest piece of a menu or a list of words (网站导航 宾馆索引 服务说明 关于携程): a span of four or more
space-parted pieces, each of two to this many characters and none a number, is no claim."""

_PIECE_EDGES = frozenset("，,、；;：: \u3000")

_SENTENCE_ENDS = frozenset("。！？!?\n…")

_NUMERALS = frozenset("零〇一二三四五六七八九十百千万两几半壹贰叁肆伍陆柒捌玖拾佰仟")
_DATE_UNITS = frozenset("年月日号天点分秒周整")
"""With numerals, what a date or a count of days is written with (4 月 10 号，整整 100 天): no claim is made of them."""
_lock = threading.Lock()


@dataclass(frozen=True)
class Span:
    """A claim the model recognised: where, of which category, how sure (0..1)."""

    start: int
    end: int
    category: str
    confidence: float


class _Kinds(dict[int, str]):
    """Code point → the character's kind (:func:`_kind`), worked out once, for ``str.translate``."""

    def __missing__(self, code: int) -> str:
        kind = self[code] = _kind(chr(code))
        return kind


_KINDS = _Kinds()


def _kind(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff":
        return "N" if ch in _NUMERALS else "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch.isspace():
        return "S"
    return "P" if unicodedata.category(ch)[0] == "P" else "O"


@functools.lru_cache(maxsize=1)
def slot_finder(words: tuple[tuple[str, str], ...]) -> Any:
    """An Aho-Corasick automaton over ``words`` (from :func:`slot_words`) for :func:`features`, or None when there
    are none; each word's value is its length and its feature (s= and the lists it belongs to).

    Build it once, not per line: the cache has to hash all of ``words`` to find it.
    """
    auto = ahocorasick.Automaton()
    names: dict[str, list[str]] = {}
    for word, name in words:
        names.setdefault(word, []).append(name)
    for word, owners in names.items():
        auto.add_word(word, (len(word), "s=" + "|".join(sorted(set(owners)))))
    if names:
        auto.make_automaton()
    return auto if names else None


def slot_words(vocabulary: dict[str, tuple[str, ...]],
               only: Collection[str] | None = None) -> tuple[tuple[str, str], ...]:
    """(word, list name) for every word of every shared vocabulary list, as the features use them.

    ``only``: the lists a model was trained with (:func:`model_lists`).  A word's feature names all the lists
    it is in, so a list added after training would turn a known feature (s=body_results) into one the model
    never saw (s=body_results|quick_results), and claims it found would be lost until the next retrain.
    """
    return tuple(sorted((fold(w), name) for name, words in vocabulary.items()
                        if name not in (LEARNED_LIST, SOUND_SLOTS) and (only is None or name in only)
                        for w in words if len(w) >= 2))


def lists_path(model: Path) -> Path:
    """Where the vocabulary lists a model was trained with are recorded: beside it, ``.lists``.

    One line per list (``list<TAB>name``), then one per word that was in more than one of them
    (``shared<TAB>word<TAB>a|b``): the features the model knows for such words.
    """
    return model.with_suffix(".lists")


def _lists_file(model: Path) -> list[list[str]]:
    return [line.split("\t") for line in lists_path(model).read_text(encoding="utf-8").splitlines() if line.strip()]


def model_lists(model: Path) -> frozenset[str] | None:
    """The vocabulary lists ``model`` was trained with, or None when it does not say (then all are read)."""
    try:
        return frozenset(row[1] for row in _lists_file(model) if row[0] == "list")
    except OSError:
        return None


def model_shared_words(model: Path) -> dict[str, str]:
    """Word → the lists it shared (``a|b``) when ``model`` was trained; empty when the model does not say."""
    try:
        return {row[1]: row[2] for row in _lists_file(model) if row[0] == "shared"}
    except OSError:
        return {}


def shared_words(vocabulary: dict[str, tuple[str, ...]], only: Collection[str] | None = None) -> dict[str, str]:
    """Word → its lists joined as its feature names them, for the words in more than one list."""
    owners: dict[str, set[str]] = {}
    for word, name in slot_words(vocabulary, only):
        owners.setdefault(word, set()).add(name)
    return {word: "|".join(sorted(names)) for word, names in sorted(owners.items()) if len(names) > 1}


def write_model_lists(model: Path, vocabulary: dict[str, tuple[str, ...]]) -> None:
    """Record beside ``model`` the vocabulary lists its features were built from (see :func:`lists_path`)."""
    names = sorted({name for _word, name in slot_words(vocabulary)})
    rows = [f"list\t{name}" for name in names]
    rows += [f"shared\t{word}\t{joined}" for word, joined in shared_words(vocabulary).items()]
    lists_path(model).write_text("".join(row + "\n" for row in rows), encoding="utf-8")


def features(text: str, covered: Sequence[str], slots: Any, readings: dict[int, str] | None = None,
             starts: bool = True, ends: bool = True) -> list[list[str]]:
    """The feature strings of every character of ``text`` (a field as typed, or one line of it).

    ``covered[i]`` is the category of a rule finding covering character i, or "".
    ``slots`` finds the words of the shared vocabulary lists (:func:`slot_finder`).
    ``starts`` / ``ends`` say whether the text starts / ends its field; a line inside a
    field has a line break before / after it instead, so it gets exactly the features it
    has in the whole field.
    Kept to about ten short strings a character: the tagger runs beside the rules on
    every check, so its features are the budget.
    """
    folded = fold(text)
    kinds = ("B" if starts else "S") + folded.translate(_KINDS) + ("E" if ends else "S")
    prev = ("\x02" if starts else "\n") + folded
    nxt = folded[1:] + ("\x03" if ends else "\n")
    # One comprehension for the features every character has: this loop is most of the Python side's cost.
    out = [["c=" + c, "p=" + p1, "n=" + n1, "b=" + p1 + c, "a=" + c + n1, "k=" + k0 + k1 + k2, "w=" + w]
           for c, p1, n1, k0, k1, k2, w in zip(folded, prev, nxt, kinds, kinds[1:], kinds[2:], positions(folded))]
    for i in compress(range(len(out)), covered):
        out[i].append("r=" + covered[i])
    if slots is not None:
        slot_at: dict[int, str] = {}  # a later word overlapping an earlier one wins
        for end, (length, feature) in slots.iter(folded):
            for i in range(end - length + 1, end + 1):
                slot_at[i] = feature
        for i, feature in slot_at.items():
            out[i].append(feature)
    if readings:
        for feats, tok in zip(out, map(readings.get, map(ord, folded))):
            if tok is not None:
                feats.append("y=" + tok)
    return out


def coverage(text: str, findings: Iterable[Finding]) -> list[str]:
    """For each character of ``text``, the category of a rule finding covering it ("" for none)."""
    covered = [""] * len(text)
    for f in findings:
        for k in range(max(0, f.start), min(len(text), f.end)):
            covered[k] = f.category
    return covered


def decode(labels: Sequence[str], marginals: Sequence[float]) -> list[Span]:
    """Spans from IO labels (a B- label, if a model has them, also starts a span), each with the mean
    marginal probability of its labels."""
    spans: list[Span] = []
    start, cat, probs = -1, "", []  # type: ignore[var-annotated]
    for i, lab in enumerate([*labels, "O"]):
        if start >= 0 and (lab == "O" or lab.startswith("B-") or lab[2:] != cat):
            spans.append(Span(start, i, cat, sum(probs) / len(probs)))
            start, probs = -1, []
        if lab != "O" and start < 0:
            start, cat, probs = i, lab[2:], []
        if lab != "O":
            probs.append(marginals[i])
    return spans


class ClaimTagger:
    """The trained model; :meth:`spans` tags one field.

    Its vocabulary features come from the lists of ``vocabulary`` the model was trained with (:func:`model_lists`).
    """

    def __init__(self, path: Path, vocabulary: dict[str, tuple[str, ...]], readings: dict[int, str] | None) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self.slots = slot_finder(slot_words(vocabulary, model_lists(path)))
        self.readings = readings
        self.path = path
        self._memory: OrderedDict[tuple[str, tuple[str, ...], bool, bool], tuple[Span, ...]] = OrderedDict()

    def spans(self, text: str, rule_findings: Iterable[Finding], starts: bool = True,
              ends: bool = True) -> list[Span]:
        """The claims the model sees in ``text``, given the rule findings already there.

        Each line is tagged on its own, with the features it has inside its field
        (``starts``/``ends``: whether ``text`` begins/ends its field), so the editor, which
        checks a note paragraph by paragraph, and ``check``, which checks whole fields, see
        the same claims.  A line seen before in the same place with the same rule findings is
        answered from memory (the sidebar re-reads the whole note after each pause in typing).
        """
        covered = coverage(text, rule_findings)
        lines = text.split("\n")
        out: list[Span] = []
        start = 0
        for i, line in enumerate(lines):
            end = start + len(line)
            if line.strip():
                key = (line, tuple(covered[start:end]), starts and i == 0, ends and i == len(lines) - 1)
                out.extend(Span(s.start + start, s.end + start, s.category, s.confidence)
                           for s in self._line_spans(key))
            start = end + 1
        return out

    def forget(self) -> None:
        """Forget the lines read so far (what a cold check costs is measured this way)."""
        with _lock:
            self._memory.clear()

    def _line_spans(self, key: tuple[str, tuple[str, ...], bool, bool]) -> tuple[Span, ...]:
        with _lock:
            found = self._memory.get(key)
            if found is not None:
                self._memory.move_to_end(key)
                return found
            line, covered, starts, ends = key
            xseq = features(line, covered, self.slots, self.readings, starts, ends)
            # The line breaks around a line are items of their own, as in the whole field: a sequence's
            # first item has no label before it, so without them nothing holds the model back from
            # starting a claim on the line's first character.
            lead = 0 if starts else 1
            if not starts:
                first = line[0]
                xseq.insert(0, ["c=\n", "n=" + first, "a=\n" + first, "k=S"])
            if not ends:
                last = line[-1]
                xseq.append(["c=\n", "p=" + last, "b=" + last + "\n", "k=S"])
            labels = self._tagger.tag(xseq)[lead:lead + len(line)]
            found = ()
            if labels.count("O") < len(labels):  # most lines hold no claim, and need no marginals
                marginals = [0.0 if lab == "O" else self._tagger.marginal(lab, i + lead)
                             for i, lab in enumerate(labels)]
                found = tuple(decode(labels, marginals))
            self._memory[key] = found
            if len(self._memory) > MEMORY:
                self._memory.popitem(last=False)
            return found


def model_findings(text: str, rule_findings: list[Finding], tagger: ClaimTagger, ruleset: Any,
                   field: str = "body", threshold: float = THRESHOLD, beside_rules: bool = False,
                   starts: bool = True, ends: bool = True,
                   quiet: list[tuple[int, int]] | None = None,
                   softened: frozenset[str] = frozenset(),
                   labelled: Callable[[], bool] = lambda: True) -> list[Finding]:
    """Findings for the tagger's spans beside the rule findings, at warning, above ``threshold``.

    A span a rule finding at warning or error covers in part keeps the clause the finding leaves (what punctuation
    parts from it, at least :data:`MIN_REST` characters); a span over a hint is dropped.

    With ``beside_rules`` the spans rule findings overlap are kept too (the tagger alone, for measuring).
    ``quiet`` are the places of rule hits read as no claim or as one quoted, reported or warned against: the
    rules have judged those words, so a span over them is no claim either.  ``softened`` are the categories a rule's
    hit is no finding in, since the whole note warns its readers or tells of the writer's own care: neither is a
    span of them.  A span between quotation marks on a line that says who said it is quoted, as a rule's hit is.
    ``labelled()``: the note says it is an advert or tells its terms, so no span of an undisclosed deal is reported
    (asked only when a span of a deal is sure enough to report).

    The message is the pack's ``model.claim`` text filled with the category's name,
    description and legal source, so it says what kind of claim this is and why it is risky.
    """
    out: list[Finding] = []
    taken = [(f.start, f.end) for f in rule_findings if f.severity is not Severity.INFO]  # claims the rules report
    judged = [(f.start, f.end) for f in rule_findings if f.severity is Severity.INFO]  # hints: read, and let be
    if quiet and not beside_rules:
        judged.extend(quiet)
    template = ruleset.messages.get("model.claim", (None,))[0]
    trust = ruleset.tagger_trust
    edges: set[int] | None = None
    for span in tagger.spans(text, rule_findings, starts, ends):
        if span.confidence < threshold or not 2 <= span.end - span.start <= MAX_SPAN:
            continue
        if not beside_rules:
            if span.category in softened or _quoted(text, span, ruleset):
                continue
            if any(s < span.end and span.start < e for s, e in judged):
                continue  # the rules read those words as no claim, or as a hint: so does the tagger
            rest = _uncovered(span, taken)
            if rest is None:
                continue
            if rest != span:  # a piece cut at a rule finding does not begin or end on the punctuation beside it
                start, end = rest.start, rest.end
                if (start > span.start and text[start] not in _PIECE_EDGES) or \
                        (end < span.end and text[end - 1] not in _PIECE_EDGES):
                    continue  # no clause of its own: the rest of the claim the rule reports (致力打造柳州 | 性价比最高)
                while start < end and text[start] in _PIECE_EDGES:
                    start += 1
                while end > start and text[end - 1] in _PIECE_EDGES:
                    end -= 1
                if end - start < MIN_REST:
                    continue
                span = Span(start, end, span.category, span.confidence)
        bar = trust.contacts.get(span.category)
        contact = bar is not None
        if span.category in trust.skip or (contact and (span.confidence < bar or span.end - span.start < MIN_CONTACT)):
            continue
        deal = trust.deals.get(span.category)
        if deal is not None and (span.confidence < deal or labelled()):
            continue
        written = text[span.start:span.end]
        han = {ch for ch in written if "\u4e00" <= ch <= "\u9fff"}
        letters = sum(ch.isascii() and ch.isalpha() for ch in written)
        dated = not han - _NUMERALS - _DATE_UNITS and not letters
        if len(han) < 2 or dated or not _SENTENCE_ENDS.isdisjoint(written) \
                or ".." in written or "--" in written or "  " in written \
                or sum(written.count(c) for c in "，,；;") > 2:
            continue  # a claim is said in words (not only a date: 4 月 10 号), within a sentence of a clause or three
        pieces = written.split()
        if len(pieces) >= 4 and all(2 <= len(piece) <= MENU_PIECE for piece in pieces) \
                and not any(ch.isdigit() for ch in written):
            continue  # 网站导航 宾馆索引 服务说明 关于携程: a menu or a list of words, not a sentence (微 信 is spaced letters)
        if letters >= 4 and 4 * letters > len(written) and not contact:
            continue  # 修改Ubuntu的系统, 在BIOS里调为最高性能: technical text, which the model reads poorly (a handle is letters)
        if edges is None:  # like a rule's hit, a claim starts and ends where words do (版本 v1.2.3 is no handle)
            edges = {p for w in cut(fold(text)) for p in w}
        if span.start not in edges or span.end not in edges:
            continue
        cat = ruleset.category(span.category)
        values = {"confidence": round(100 * span.confidence)}
        zh = en = span.category
        if template is not None:
            zh = template.zh.format(name=cat.name.zh, description=cat.description.zh, source=cat.source, **values)
            en = template.en.format(name=cat.name.en, description=cat.description.en, source=cat.source, **values)
        out.append(Finding(span.start, span.end, text[span.start:span.end], span.category, f"model.{span.category}",
                           Severity.WARNING, zh, en, (), field))
    return out


def _quoted(text: str, span: Span, ruleset: Any) -> bool:
    """True when ``span``, less any quotation marks at its edges (the model may take a closing mark in), is quoted."""
    start, end = span.start, span.end
    while start < end and text[start] in QUOTE_MARKS:
        start += 1
    while end > start and text[end - 1] in QUOTE_MARKS:
        end -= 1
    return start < end and ruleset.doubts.quoted(text, start, end)


def _uncovered(span: Span, taken: list[tuple[int, int]]) -> Span | None:
    """``span`` less the places rule findings at warning or error hold: the longest piece left, or None when they
    hold all of it (:func:`model_findings` then asks that punctuation part the piece from them and that it be at
    least :data:`MIN_REST` characters long).  A rule that finds 全国联网可查 at the end of a line the tagger reads
    as one claim leaves 我们这边三天就能寄到你家 to the tagger."""
    cuts = sorted((max(s, span.start), min(e, span.end)) for s, e in taken if s < span.end and span.start < e)
    if not cuts:
        return span
    pieces, at = [], span.start
    for s, e in cuts:
        if s > at:
            pieces.append((at, s))
        at = max(at, e)
    if at < span.end:
        pieces.append((at, span.end))
    best = max(pieces, key=lambda p: p[1] - p[0], default=None)
    return None if best is None else Span(best[0], best[1], span.category, span.confidence)
