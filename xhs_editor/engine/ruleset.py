"""A rule set: all loaded packs merged, with the matcher built once."""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Collection, Iterable, Iterator

import ahocorasick

from .automaton import Utf8Automaton
from .doubts import Doubts
from .model import (Category, Detector, Finding, Limits, NoteWarning, PackError, PackInfo, Rule, Sense, Severity,
                    TaggerTrust, Text2)
from . import phonetic
from .linear import encode
from .normalizer import fold_digits, normalize_term
from .packs import RawPack, read_packs
from .patterns import PatternMatcher, compile_rules
from .phonetic import PhoneticData
from .segment import LEARNED_LIST, learn
from .senses import senses_by_term
from .sieve import DetectorSieve
from .paths import bundled_rules_dir, resources_dir, user_rules_dir
from .note_gate import NoteGate
from .tagger import ClaimTagger

# Bundled packs that define the contract and the texts of built-in checks rather than terms: always loaded.
FOUNDATION_PACKS = ("categories.yaml", "limits.yaml", "images.yaml", "vocabulary.yaml")

_TAGGER_LOCK = threading.Lock()


@dataclass
class RuleSet:
    """Every category, rule, detector and limit from the loaded packs.

    Build it with :func:`load_ruleset`.  ``errors`` lists packs that failed to
    load; the rest of the rule set works without them.
    """

    categories: dict[str, Category]
    rules: list[Rule]
    detectors: list[Detector]
    allowlist: tuple[str, ...]
    limits: Limits
    industries: list[dict[str, Any]]
    packs: list[PackInfo]
    errors: list[PackError]
    disabled: frozenset[str] = frozenset()
    messages: dict[str, tuple[Text2, str, Any, tuple[str, ...]]] = field(default_factory=dict)
    automaton: Any = field(default=None, repr=False)
    longest_word: int = 0
    context_words: dict[tuple[int, int], tuple[int, ...]] = field(default_factory=dict, repr=False)
    """(rule index, context index) → ids of its words, as stored in the automaton."""
    trigger_automaton: Any = field(default=None, repr=False)
    phonetic: PhoneticData | None = field(default=None, repr=False)
    """The sound channel (None when its generated data is missing)."""
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    """Shared word lists by name (senses and pattern slots use them)."""
    claims: PatternMatcher | None = field(default=None, repr=False)
    """Every rule's claim patterns, compiled once."""
    note_warning: NoteWarning = field(default_factory=NoteWarning)
    """When a whole note warns its readers, and which categories that softens (``note_warning``)."""
    note_clinic: NoteWarning = field(default_factory=NoteWarning)
    """When a whole note tells of the writer's own medical care, and which categories that softens (``note_clinic``)."""
    note_selling: NoteWarning = field(default_factory=NoteWarning)
    """Which categories' hints are warnings in a note that sells outright (``note_selling``; only its categories)."""
    tagger_trust: TaggerTrust = field(default_factory=TaggerTrust)
    """Which of the claim tagger's categories its spans are trusted in, and at what confidence (``tagger``)."""
    sieve: DetectorSieve | None = field(default=None, repr=False)
    """Which detectors can match a text at all, in one pass per view."""
    use_model: bool = False
    """Whether checks use the learned models: the claim tagger's findings (engine/tagger.py) and the note gate
    (engine/note_gate.py); on with the bundled packs."""
    _tagger: Any = field(default=None, repr=False)
    _gate: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.trigger_automaton = _build_triggers(self.industries)
        self.sieve = DetectorSieve(self.detectors)
        self.phonetic = phonetic.build(
            ((ri, normalize_term(t), r.phonetic == "single") for ri, r in enumerate(self.rules) if r.phonetic != "off"
             for t in r.terms),
            bundled_rules_dir() / "generated" / "phonetic.json")
        self.claims = compile_rules([(ri, r.patterns) for ri, r in enumerate(self.rules) if r.patterns],
                                    self.vocabulary, self._pattern_problem,
                                    self.phonetic.table.usual if self.phonetic is not None else None,
                                    phonetic.homophones(self.phonetic) if self.phonetic is not None else None)
        # The claim patterns' strings are searched in the terms' pass (see engine/automaton.py).
        self.automaton, self.context_words = _build_automaton(self.rules, self.allowlist,
                                                              self.claims.words if self.claims else {})
        self.longest_word = max((len(k) for k in self.automaton.keys()), default=0)

    def claim_tagger(self) -> ClaimTagger | None:
        """The claim tagger, loaded on first use (None when switched off or when its model is missing)."""
        if not self.use_model:
            return None
        with _TAGGER_LOCK:
            if self._tagger is None:
                path = resources_dir() / "models" / "claim_tagger.crfsuite"
                try:
                    self._tagger = ClaimTagger(path, self.vocabulary,
                                               self.phonetic.table.main if self.phonetic else None)
                except (ImportError, OSError, ValueError):  # no model file, or no python-crfsuite: rules only
                    self._tagger = False
            return self._tagger or None

    def note_gate(self) -> NoteGate | None:
        """The note gate (:mod:`.note_gate`), loaded on first use (None when switched off or its model is missing)."""
        if not self.use_model:
            return None
        with _TAGGER_LOCK:
            if self._gate is None:
                try:
                    self._gate = NoteGate(resources_dir() / "models" / "note_gate.crfsuite")
                except (ImportError, OSError, ValueError):  # no model file, or no python-crfsuite: rules only
                    self._gate = False
            return self._gate or None

    @functools.cached_property
    def doubts(self) -> Doubts:
        """What takes a claim back or makes it reported speech (the vocabulary lists named in ``Doubts``)."""
        return Doubts.from_vocabulary(self.vocabulary)

    @functools.cached_property
    def claim_categories(self) -> frozenset[str]:
        """The categories whose hits are claims (``claim: true``): negations and hearsay before them count."""
        return frozenset(cid for cid, cat in self.categories.items() if cat.claim)

    @functools.cached_property
    def senses(self) -> list[tuple[dict[str, tuple[Sense, ...]], tuple[Sense, ...]]]:
        """For each rule, by index, the senses that apply to a hit of each of its terms and to any other hit
        (:func:`senses.senses_by_term`)."""
        return [senses_by_term(r) for r in self.rules]

    @functools.cached_property
    def pinyin_only(self) -> frozenset[int]:
        """The rules whose sound-alikes count only when spelt at least partly in pinyin (``phonetic: pinyin``)."""
        return frozenset(ri for ri, r in enumerate(self.rules) if r.phonetic == "pinyin")

    @functools.cached_property
    def across_punctuation(self) -> frozenset[int]:
        """The indices of the rules whose terms and patterns may run across sentence punctuation."""
        return frozenset(i for i, r in enumerate(self.rules) if r.across_punctuation)

    @functools.cached_property
    def note_contacts(self) -> tuple[str, ...]:
        """The detectors whose finding means a note leaves a contact: the ``unless`` of ``note_warning`` and
        ``note_clinic`` together (such a note offers something, whatever it says)."""
        return tuple(dict.fromkeys(self.note_warning.unless + self.note_clinic.unless))

    @functools.cached_property
    def note_words(self) -> NoteWords | None:
        """The words senses look for anywhere in a note (``in_note``), and those that say a note is labelled as an
        advert (``tagger: labelled``), found in one pass; None when nothing asks."""
        wanted = {w for r in self.rules for s in r.senses for w in s.in_note} | set(self.tagger_trust.labelled)
        return NoteWords(wanted) if wanted else None

    @functools.cached_property
    def warned_categories(self) -> frozenset[str]:
        """The categories people warn against (``warned: true``): near a warning word a hit is at most a hint."""
        return frozenset(cid for cid, cat in self.categories.items() if cat.warned)

    def detector_spans(self, folded: str, only: Collection[str] | None = None) -> Iterator[tuple[Detector, int, int]]:
        """(detector, start, end) of every detector finding in ``folded`` (a normalized text's folded form), detector
        by detector in order; with ``only``, just the detectors of those ids.  Each view is made once, and the
        sieve names the detectors worth a search."""
        views: dict[str, tuple[str, bytes, set[int] | None]] = {}  # view → (text, its bytes, detectors that match)
        for k, det in enumerate(self.detectors):
            if only is not None and det.id not in only:
                continue
            seen = views.get(det.view)
            if seen is None:
                text = fold_digits(folded) if det.view == "digits" else folded
                data = encode(text)
                seen = views[det.view] = (text, data, self.sieve.matching(det.view, data) if self.sieve else None)
            view, data, matching = seen
            if matching is not None:
                if k not in matching:
                    continue
            elif det.requires is not None and det.requires.search(view) is None:
                continue
            for s, e in det.pattern.spans(view, data):
                yield det, s, e

    def _pattern_problem(self, ri: int, problem: str) -> None:
        rule = self.rules[ri]
        self.errors.append(PackError(rule.path, rule.line, f"rule {rule.id}: {problem}; this pattern is skipped"))

    def category(self, cid: str) -> Category:
        """The category ``cid``; an unknown id gets a grey placeholder."""
        cat = self.categories.get(cid)
        if cat is None:
            cat = Category(cid, Text2(cid, cid), Severity.WARNING, "#888888", Text2("", ""))
        return cat

    def rule(self, rid: str) -> Rule | Detector | None:
        """The rule or detector with id ``rid``."""
        for r in self.rules:
            if r.id == rid:
                return r
        for d in self.detectors:
            if d.id == rid:
                return d
        return None

    def industry(self, iid: str) -> dict[str, Any] | None:
        """The industry entry ``iid`` from ``industries.yaml``."""
        for ind in self.industries:
            if ind.get("id") == iid:
                return ind
        return None

    def message_finding(self, key: str, start: int = 0, end: int = 0, matched: str = "", field: str = "body",
                        **values: object) -> Finding:
        """A finding for a check done outside the term matcher (e.g. on images).

        Its text, category, severity and advice come from a pack's
        ``messages`` entry ``key``; ``values`` fill ``{placeholders}`` in the text.
        """
        text, cat, sev, advice = self.messages.get(key, (Text2(key, key), "limits", None, ()))
        cat = cat or "limits"
        severity = sev or self.category(cat).severity
        zh = text.zh.format_map(_Blank(values))
        en = text.en.format_map(_Blank(values))
        return Finding(start, end, matched, cat, key, severity if isinstance(severity, Severity) else Severity(severity),
                       zh, en, (), field, advice)

    def term_count(self) -> int:
        """How many terms the enabled rules hold."""
        return sum(len(r.terms) for r in self.rules)


class _Blank(dict):  # type: ignore[type-arg]
    """format_map helper: unknown placeholders stay visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _build_automaton(rules: list[Rule], allowlist: Iterable[str], others: dict[str, Any]
                     ) -> tuple[Any, dict[tuple[int, int], tuple[int, ...]]]:
    """The automaton over every term, context word and allowlist word (and ``others``, the claim patterns'
    strings), and each context's word ids.

    A key's value is (length, term rule indexes, context word id or -1, is an
    allowlist word).  A context word shared by many rules (送, 产品) has one id;
    each rule's context looks its words up by id.
    """
    term_rules: dict[str, list[int]] = {}  # every key, in the order first met → the rules it is a term of
    word_ids: dict[str, int] = {}
    context_words: dict[tuple[int, int], tuple[int, ...]] = {}
    for ri, rule in enumerate(rules):
        for term in rule.terms:
            term_rules.setdefault(normalize_term(term), []).append(ri)
        for ci, ctx in enumerate(rule.contexts):
            ids = []
            for word in ctx.words:
                key = normalize_term(word)
                term_rules.setdefault(key, [])
                ids.append(word_ids.setdefault(key, len(word_ids)))
            context_words[(ri, ci)] = tuple(dict.fromkeys(ids))
    allowed = set()
    for word in allowlist:
        key = normalize_term(word)
        term_rules.setdefault(key, [])
        allowed.add(key)
    auto = Utf8Automaton()
    for key, ris in term_rules.items():
        auto.add_word(key, (len(key), tuple(ris), word_ids.get(key, -1), key in allowed))
    for word, value in others.items():
        auto.add_other(word, value)
    auto.make_automaton()
    return auto, context_words


def _build_triggers(industries: list[dict[str, Any]]) -> Any:
    auto = ahocorasick.Automaton()
    keys: dict[str, list[int]] = {}
    for ii, ind in enumerate(industries):
        for trig in ind.get("triggers") or ():
            keys.setdefault(normalize_term(str(trig)), []).append(ii)
    for key, values in keys.items():
        auto.add_word(key, (len(key), tuple(values)))
    if keys:
        auto.make_automaton()
    return auto


def merge(packs: list[RawPack], errors: list[PackError]) -> RuleSet:
    """Merge parsed packs into one rule set; later problems become errors too."""
    categories: dict[str, Category] = {}
    rules: list[Rule] = []
    detectors: list[Detector] = []
    allow: list[str] = []
    disable: set[str] = set()
    limits: dict[str, Any] = {}
    industries: list[dict[str, Any]] = []
    messages: dict[str, Any] = {}
    ids: dict[str, str] = {}
    vocabulary: dict[str, tuple[str, ...]] = {}
    for raw in packs:
        for name, words in raw.vocabulary.items():  # a later pack adds to a list, never shrinks it
            vocabulary[name] = tuple(dict.fromkeys((*vocabulary.get(name, ()), *words)))
    learn(vocabulary.get(LEARNED_LIST, ()))
    for raw in packs:
        for c in raw.categories:
            categories[c.id] = c
        for item in [*raw.rules, *raw.detectors]:
            if item.id in ids:
                errors.append(PackError(item.path, item.line,
                                        f"id {item.id!r} is already used by {ids[item.id]}; this one is skipped"))
                continue
            ids[item.id] = f"{item.path}:{item.line}"
            (rules if isinstance(item, Rule) else detectors).append(item)  # type: ignore[arg-type]
        allow.extend(raw.allowlist)
        disable.update(raw.disable)
        limits.update(raw.limits)
        industries.extend(raw.industries)
        messages.update(raw.messages)
    lim = Limits(**limits)
    rule_ids = {r.id for r in rules}
    note_warning = _note_warning(packs, rule_ids, errors)
    note_clinic = _note_warning(packs, rule_ids, errors, "note_clinic")
    note_selling = _note_warning(packs, rule_ids, errors, "note_selling")
    trust: dict[str, Any] = {}
    for raw in packs:
        for key, value in raw.tagger.items():  # a later pack's key replaces an earlier one's
            if key == "labelled":
                try:
                    value = _words(vocabulary, *value)
                except _UnknownList as exc:  # the earlier packs' words stand
                    errors.append(PackError(raw.info.path, exc.line, f"tagger: labelled: no vocabulary list named "
                                                                     f"{exc.name!r}"))
                    continue
            trust[key] = value
    rules = [resolved for r in rules if (resolved := _resolve_senses(r, vocabulary, errors)) is not None]
    return RuleSet(
        categories=categories,
        rules=[r for r in rules if r.id not in disable],
        detectors=[d for d in detectors if d.id not in disable],
        allowlist=tuple(allow),
        limits=lim,
        industries=industries,
        packs=[p.info for p in packs],
        errors=errors,
        disabled=frozenset(disable),
        messages=messages,
        vocabulary=vocabulary,
        note_warning=note_warning,
        note_clinic=note_clinic,
        note_selling=note_selling,
        tagger_trust=TaggerTrust(**trust),
    )


def _note_warning(packs: list[RawPack], rule_ids: set[str], errors: list[PackError],
                  name: str = "note_warning") -> NoteWarning:
    """The packs' ``note_warning`` (or ``name``) keys merged (a later pack's key replaces an earlier one's).

    An ``unless`` id naming a term rule rather than a detector is an error naming its file and line; an id no
    loaded pack defines is let be, like one in ``disable`` (its pack may simply not be loaded).
    """
    merged: dict[str, object] = {}
    for raw in packs:
        for key, value in getattr(raw, name).items():
            if key == "unless":
                ids, line = value
                for rule in [i for i in ids if i in rule_ids]:
                    errors.append(PackError(raw.info.path, line,
                                            f"{name}: unless names {rule!r}, a rule; only detectors may be named"))
                value = tuple(i for i in ids if i not in rule_ids)
            merged[key] = value
    return NoteWarning(**merged)  # type: ignore[arg-type]


def _words(vocabulary: dict[str, tuple[str, ...]], items: tuple[str, ...], line: int) -> tuple[str, ...]:
    """``items`` normalized, each ``$name`` replaced by the words of that vocabulary list; raises
    :class:`_UnknownList`."""
    out: list[str] = []
    for w in items:
        if w.startswith("$"):
            if w[1:] not in vocabulary:
                raise _UnknownList(line, w)
            out.extend(vocabulary[w[1:]])
        else:
            out.append(w)
    return tuple(dict.fromkeys(n for n in map(normalize_term, out) if n))


def _resolve_senses(rule: Rule, vocabulary: dict[str, tuple[str, ...]], errors: list[PackError]) -> Rule | None:
    """``rule`` with its sense words normalized and ``$name`` lists expanded; None (and an error) when a list is unknown."""
    if not rule.senses:
        return rule

    words = functools.partial(_words, vocabulary)
    try:
        senses = tuple(replace(s, before=words(s.before, s.line), after=words(s.after, s.line),
                               near=words(s.near, s.line), skip=words(s.skip, s.line),
                               near_before=words(s.near_before, s.line), contains=words(s.contains, s.line),
                               near_after=words(s.near_after, s.line), terms=words(s.terms, s.line),
                               in_note=words(s.in_note, s.line)) for s in rule.senses)
    except _UnknownList as exc:
        errors.append(PackError(rule.path, exc.line, f"rule {rule.id}: no vocabulary list named {exc.name!r}"
                                                     f" (known: {', '.join(sorted(vocabulary)) or 'none'});"
                                                     " this rule is skipped"))
        return None
    return replace(rule, senses=senses)


class _UnknownList(Exception):
    def __init__(self, line: int, name: str) -> None:
        super().__init__(name)
        self.line, self.name = line, name


def load_ruleset(extra_dirs: Iterable[str | Path] = (), include_user: bool = True,
                 include_bundled: bool = True, model: bool | None = None) -> RuleSet:
    """Load the bundled packs, the user's own packs and the packs in ``extra_dirs``.

    Without ``include_bundled`` the bundled category and limit definitions are
    still loaded, since every pack's rules refer to them.  ``model`` switches the
    learned claim tagger on or off; by default it is on with the bundled packs
    (its features come from them).
    """
    folders: list[tuple[Path, bool]] = []
    if include_bundled:
        folders.append((bundled_rules_dir(), True))
    else:
        folders.extend((bundled_rules_dir() / name, True) for name in FOUNDATION_PACKS)
    if include_user:
        folders.append((user_rules_dir(), False))
    folders.extend((Path(d), False) for d in extra_dirs)
    packs, errors = read_packs(folders)
    rs = merge(packs, errors)
    rs.use_model = include_bundled if model is None else model
    return rs


class NoteWords:
    """The ``in_note`` words of a rule set's senses, and which of them a stretch of normalized text holds."""

    def __init__(self, words: Collection[str]) -> None:
        ordered = sorted(words, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered)))
        # the longest word wins a place; the shorter words inside it are there too
        self._inside = {w: frozenset(v for v in ordered if v in w) for w in ordered}

    def found(self, normalized: str) -> frozenset[str]:
        """The words ``normalized`` holds."""
        out: set[str] = set()
        for m in self._pattern.finditer(normalized):
            out |= self._inside[m.group()]
        return frozenset(out)

    def lazily(self, normalized: str) -> "LazyWords":
        """The words ``normalized`` holds, looked for only when a sense first asks (few senses ask)."""
        return LazyWords(self, normalized)


class LazyWords:
    """:meth:`NoteWords.found` of a text, worked out on the first :meth:`isdisjoint`: the one question senses ask of
    the words a note holds (:attr:`NoteContext.says`)."""

    __slots__ = ("_words", "_normalized", "_found")

    def __init__(self, words: NoteWords, normalized: str) -> None:
        self._words, self._normalized = words, normalized
        self._found: frozenset[str] | None = None

    def isdisjoint(self, other: Iterable[str]) -> bool:
        """True when the text holds none of ``other``."""
        if self._found is None:
            self._found = self._words.found(self._normalized)
        return self._found.isdisjoint(other)
