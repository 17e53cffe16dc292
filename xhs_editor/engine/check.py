"""Turning text into findings: term matching, contexts, detectors and note limits."""

from __future__ import annotations

import functools
import re
import string
from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import Any, Callable, Iterable

from .model import Finding, Rule, Severity, Text2
from .normalizer import TYPED_SPACES, Normalized, normalize
from .note_context import NO_CONTEXT, NoteContext, note_context, sells
from .ruleset import RuleSet
from .phonetic import disguises, in_pinyin
from .segment import is_word
from .senses import UNCHANGED, HitWindow, sense_verdict
from .tagger import PLAIN_THRESHOLD, THRESHOLD, model_findings

_ZERO_WIDTH = re.compile("[\u200d\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\u20e3\U000e0020-\U000e007f]")
_AFTER_ZWJ = re.compile("\u200d.")


_ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)
# A candidate finding, ordered so that a plain sort puts the winner of an overlap first:
# (-length, -severity rank, start, end, tie-breaker (terms in pack order, then detectors), category, finding)
Hit = tuple
_AFTER_TERMS = 1 << 30  # added to a claim pattern's sort key: it is resolved after every term and detector


class _Occurrences:
    """Occurrences of context words, sorted by start, for quick neighbourhood queries."""

    __slots__ = ("spans", "starts", "longest")

    def __init__(self, spans: list[tuple[int, int]], longest: int) -> None:
        spans.sort()
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.longest = longest  # no occurrence is longer: the rule set's longest word

    def _around(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Occurrences that start in [lo - longest, hi)."""
        i = bisect_left(self.starts, lo - self.longest)
        j = bisect_left(self.starts, hi)
        return self.spans[i:j]

    def overlaps_not_inside(self, s: int, e: int) -> bool:
        """True when an occurrence overlaps [s, e) without being strictly inside it.

        A term that strictly contains its context ("最后一天" around "最后") is
        more specific than the context and keeps its verdict.
        """
        for cs, ce in self._around(s, e):
            if cs < e and ce > s and not (s <= cs and ce <= e and (ce - cs) < (e - s)):
                return True
        return False

    def near(self, s: int, e: int, within: int, line: tuple[int, int] | None = None) -> bool:
        """True when an occurrence lies within ``within`` characters of [s, e) (and inside ``line``)."""
        lo, hi = s - within, e + within
        if line is not None:
            lo, hi = max(lo, line[0]), min(hi, line[1])
        for cs, ce in self._around(lo, hi):
            if ce > lo and cs < hi and (line is None or (cs >= line[0] and ce <= line[1])):
                return True
        return False


def _selling(note: NoteContext, text: str, rs: RuleSet) -> Callable[[], bool]:
    """Whether the note sells outright, as a sense asks it: the context's answer, or (its ``selling`` None: ``text``
    is the whole note) the note gate's reading of ``text``, worked out the first time a sense asks."""
    if note.selling is not None:
        answer = note.selling
        return lambda: answer
    return functools.cache(lambda: sells(text, rs))


def _term_findings(rs: RuleSet, norm: Normalized, resolver: _Resolver, note: NoteContext = NO_CONTEXT,
                   sound_spans: set[tuple[int, int, str]] | None = None, others: list[Hit] | None = None) -> None:
    """Judge the term and claim-pattern hits and hand them, with ``others`` (the detectors' hits), to ``resolver``;
    the sound-alikes among them are also added to ``sound_spans`` (start, end, rule id in the original text), when
    given.

    Hits are judged longest first, and one that the longer hits already kept leave no room for (:meth:`_Resolver.
    dominated`) is not judged at all: what it would have been cannot change what is kept.
    """
    others = others if others is not None else []
    ntext = norm.text
    terms: list[tuple[int, int, int]] = []
    words: dict[int, list[tuple[int, int]]] = {}
    allows: list[tuple[int, int]] = []
    add_term = terms.append
    if not rs.longest_word and rs.claims is None:  # a rule set without terms or patterns
        resolver.take(others)
        return
    claim_strings: list[tuple[int, Any]] = []  # the claim patterns' strings, found in the same pass
    for end, (length, rule_ids, word_id, allow) in rs.automaton.iter(ntext, claim_strings):
        start = end - length + 1
        for ri in rule_ids:
            add_term((start, end + 1, ri))
        if word_id >= 0:
            words.setdefault(word_id, []).append((start, end + 1))
        if allow:
            allows.append((start, end + 1))
    sounds = _sound_hits(rs, ntext, terms) if rs.phonetic is not None else set()
    claims = rs.claims.hits_among(ntext, claim_strings, norm.breaks, rs.across_punctuation) \
        if rs.claims is not None else []
    if claims:
        terms.extend(claims)
        claims = set(claims)
    if not terms:
        resolver.take(others)
        return
    original = norm.original
    out: list[Hit] = []  # the hits of the length being judged
    rules = rs.rules
    longest = rs.longest_word
    allowed = _Occurrences(allows, longest) if allows else None
    occurrences = _LazyOccurrences(words, rs.context_words, longest)
    run_norm, run_orig = norm.run_norm, norm.run_orig
    breaks = norm.breaks
    doubts = rs.doubts
    claim_categories = rs.claim_categories
    warned_categories = rs.warned_categories
    softened = _softened(note, rs)
    n_original = len(original)
    says = note.says
    selling = _selling(note, original, rs)
    raised = rs.note_selling.categories
    rule_senses = rs.senses
    spans = []
    for k, (s, e, ri) in enumerate(terms):
        i = bisect_right(run_norm, s) - 1
        os_ = run_orig[i] + s - run_norm[i]
        i = bisect_right(run_norm, e - 1) - 1
        oe = run_orig[i] + e - run_norm[i]
        spans.append((bool(claims) and (s, e, ri) in claims, os_ - oe, k, os_, oe))
    spans.sort()  # terms longest first, then the claim patterns
    others.sort()
    waiting = 0  # others[:waiting] are resolved
    length = 0  # the length of the hits in ``out``
    dominated = resolver.dominated
    for in_pattern, rank, k, os_, oe in spans:
        group = 1 if in_pattern else rank  # the claim patterns are resolved together, after every term
        if group != length:  # every hit longer than this one is judged: resolve them
            while waiting < len(others) and others[waiting][0] < group:
                out.append(others[waiting])
                waiting += 1
            resolver.take(out)
            out = []
            length = group
        s, e, ri = terms[k]
        rule = rules[ri]
        if not in_pattern and dominated(os_, oe, rule.category):
            continue
        if allowed is not None and allowed.overlaps_not_inside(s, e):
            continue
        # An ASCII term (vx, tb) must not be part of a longer word in what the user typed.
        if ntext[s] in _ASCII_ALNUM and os_ > 0 and original[os_ - 1] in _ASCII_ALNUM:
            continue
        if ntext[e - 1] in _ASCII_ALNUM and oe < n_original and original[oe] in _ASCII_ALNUM:
            continue
        if breaks and not rule.across_punctuation and norm.crosses_break(s, e):
            continue
        win = None
        sound = bool(sounds) and (s, e, ri) in sounds
        if sound and (_spaced_apart(original[os_:oe], ntext[s:e]) or (breaks and norm.crosses_break(s, e))):
            continue  # 还完，剩三期 only sounds like 完胜 when the comma is read through: a disguise is one word
        if not rule.inside_words or sound:  # a sound-alike inside a real word (胶原蛋白) is that word
            win = HitWindow(norm, s, e)
            if win.splits_a_word():
                continue
        severity = rule.severity
        told = sound  # a mention is reported only when something says it is more than a mention
        decided = False
        if rule.senses:  # the reading first (is it a claim at all?), then the contexts that scope it
            win = win or HitWindow(norm, s, e)
            by_term, general = rule_senses[ri]
            sense = sense_verdict(by_term.get(ntext[s:e], general), win, says, selling)
            if sense is None and not sound:  # nobody disguises "had better": a sound-alike keeps its claim
                if not in_pattern:  # 效果最好 read as advice still covers the 最好 inside it
                    _cover_quietly(out, os_, oe, rule.category, k)
                continue
            if sense is not UNCHANGED and sense is not None:
                severity = sense  # type: ignore[assignment]
                told = decided = True
        quiet = False  # reported, warned against or quoted: no finding, but the words stay covered
        if not sound and rule.category in claim_categories:
            doubt = doubts.before(norm, s)
            if doubt == "negated":  # 它不能让你变白, 不是什么减肥神器: whatever the sense, it is taken back
                continue
            quiet = doubt == "hearsay" and not decided  # 网上说…, 号称…
        if not sound and rule.category in softened:  # 反诈提醒: …然后拉我进群
            quiet = True
        elif not quiet and not decided and not sound and rule.category in warned_categories:
            win = win or HitWindow(norm, s, e)
            quiet = doubts.warned(ntext, s, e, win.line)  # 凡是刷单都是诈骗 warns; it offers nothing
        if quiet:
            if not in_pattern:
                _cover_quietly(out, os_, oe, rule.category, k)
            continue
        if rule.contexts:
            win = win or HitWindow(norm, s, e)
            verdict = _apply_contexts(rule, ri, occurrences, s, e, severity, win)
            if verdict is None:
                continue
            told = told or verdict is not severity and verdict is not Severity.INFO
            severity = verdict
        if (severity is not Severity.INFO and not sound and rule.list_scope and not doubts.scoped(ntext, s, e)
                and doubts.listed(norm, s)):  # 花生味：最好吃 ranks what the writer lists; 价格：全网最低 claims
            if not in_pattern:
                _cover_quietly(out, os_, oe, rule.category, k)
            continue
        if severity is Severity.INFO and rule.category in raised and selling():  # 我每天都在用的面霜里最温和 is a hint; in
            severity = Severity.WARNING  # an advert from end to end it is the advert's claim (note_selling)
        if rule.mention and not told:  # silent, but the word still covers what lies inside it (瘦脸 in 瘦脸针)
            if in_pattern:
                continue  # a silent claim pattern (没有恰饭 with nothing admitted) leaves the terms inside it be
            out.append((os_ - oe, -severity.rank, os_, oe, k, rule.category, None))
            continue
        note = rs.messages.get("phonetic.written_as", (None,))[0] if sound else None
        if sound and sound_spans is not None:
            sound_spans.add((os_, oe, rule.id))
        rank = os_ - oe + (_AFTER_TERMS if in_pattern else 0)
        if severity is not Severity.INFO and _inside_title(original, os_, oe):
            severity = Severity.INFO  # 《特效穴位使用手册》 names a book; a title claims nothing
        elif severity is not Severity.INFO and doubts.quoted(original, os_, oe):
            if not sound:  # 销售说"包过" quotes a claim in order to doubt it
                if not in_pattern:
                    _cover_quietly(out, os_, oe, rule.category, k)
                continue
            severity = Severity.INFO  # a sound-alike is a disguise even in quotes: a hint
        out.append((rank, -severity.rank, os_, oe, k, rule.category,
                    _LazyFinding(rule, severity, original, os_, oe, note)))
    out.extend(others[waiting:])
    resolver.take(out)


QUIET = object()
"""In place of a finding: a hit read as no claim (a sense passed it) or as one taken up only to be doubted, quoted
or warned against.  It covers its place like a silent mention, and the claim tagger leaves that place alone too."""


def _cover_quietly(out: list[Hit], start: int, end: int, category: str, tie: int) -> None:
    """Add a :data:`QUIET` hit over ``[start, end)``: it ranks below any finding of the same length."""
    out.append((start - end, 0, start, end, tie, category, QUIET))


def _inside_title(text: str, start: int, end: int) -> bool:
    """True when [start, end) lies between 《 and 》 on one line: the title of a book, a film, a show."""
    opening = text.rfind("《", max(0, start - 40), start)
    if opening < 0 or text.find("》", opening, start) >= 0:
        return False
    closing = text.find("》", end, end + 40)
    return closing >= 0 and "\n" not in text[opening:closing]


def _spaced_apart(written: str, normalized: str) -> bool:
    """True when a sound-alike in characters is two pieces a plain space parts: on the platform a space often does a
    comma's work (蒜水 盐 一点糖, 不要直接上嘴 卫生), and a writer who swaps a character to disguise a word does not
    also space it out (a symbol or an emoji between the pieces, 微 ❤ 号, is still read as a disguise)."""
    pieces = written
    for space in TYPED_SPACES:
        pieces = pieces.replace(space, "")
    return pieces != written and not in_pinyin(normalized) and pieces.isalnum()


def _sound_hits(rs: RuleSet, ntext: str, terms: list[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
    """Add the sound channel's hits to ``terms``; return them (exact spellings are the term channel's)."""
    assert rs.phonetic is not None
    found = disguises(ntext, rs.phonetic, {(s, e) for s, e, _ri in terms}, is_word, rs.pinyin_only)
    terms.extend(found)
    return set(found)


class _LazyOccurrences(dict):  # type: ignore[type-arg]
    """Context occurrences by (rule, context) key, gathered and sorted only when a hit of that rule asks."""

    def __init__(self, words: dict[int, list[tuple[int, int]]],
                 context_words: dict[tuple[int, int], tuple[int, ...]], longest: int) -> None:
        super().__init__()
        self.words = words
        self.context_words = context_words
        self.longest = longest

    def get(self, key: tuple[int, int], default: None = None) -> _Occurrences | None:  # type: ignore[override]
        if key in self:
            return dict.__getitem__(self, key)
        spans = [span for wid in self.context_words.get(key, ()) for span in self.words.get(wid, ())]
        found = self[key] = _Occurrences(spans, self.longest) if spans else None
        return found


def _apply_contexts(rule: Rule, ri: int, occurrences: _LazyOccurrences,
                    s: int, e: int, severity: Severity, win: HitWindow) -> Severity | None:
    """The severity of the hit [s, e) after the rule's contexts; None when an allow context applies.

    A ``near`` context, like a sense's, looks no further than the hit's line.
    """
    down = False
    for ci, ctx in enumerate(rule.contexts):
        occs = occurrences.get((ri, ci))
        if occs is None:
            continue
        if ctx.within:
            if ctx.severity is not None and occs.near(s, e, ctx.within, win.line):
                severity = ctx.severity
        elif occs.overlaps_not_inside(s, e):
            if ctx.severity is None:
                return None
            down = True
    return Severity.INFO if down else severity


class _LazyFinding:
    """A term hit whose Finding is only built if it survives the overlap resolution."""

    __slots__ = ("rule", "severity", "original", "start", "end", "note")

    def __init__(self, rule: Rule, severity: Severity, original: str, start: int, end: int,
                 note: Text2 | None = None) -> None:
        self.rule, self.severity, self.original, self.start, self.end = rule, severity, original, start, end
        self.note = note  # said before the rule's message: how the term was disguised

    def build(self) -> Finding:
        """The Finding for this hit."""
        r = self.rule
        zh, en = r.message.zh, r.message.en
        if self.note is not None:
            zh, en = self.note.zh + zh, self.note.en + en
        return Finding(self.start, self.end, self.original[self.start:self.end], r.category, r.id,
                       self.severity, zh, en, r.replacements, advice=r.advice)


def _softened(note: NoteContext, rs: RuleSet) -> frozenset[str]:
    """The categories whose hits are no findings in this note: it warns its readers, or tells of the writer's own care."""
    return (rs.note_warning.categories if note.warns else frozenset()) | \
        (rs.note_clinic.categories if note.clinic else frozenset())


def _labelled(note: NoteContext, rs: RuleSet) -> bool:
    """Whether the note says it is an advert or tells the terms of its deal (``tagger: labelled``)."""
    labelled = rs.tagger_trust.labelled
    return bool(labelled) and not note.says.isdisjoint(labelled)


def _detector_findings(rs: RuleSet, norm: Normalized) -> list[Hit]:
    out: list[Hit] = []
    original = norm.original
    for det, s, e in rs.detector_spans(norm.folded):
        out.append((s - e, -det.severity.rank, s, e, (1 << 40) + len(out), det.category, Finding(
            s, e, original[s:e], det.category, det.id, det.severity,
            det.message.zh, det.message.en, det.replacements, advice=det.advice)))
    return out


def _plain_note_findings(found: list[Finding], backed: list[tuple[int, int]], sounds: set[tuple[int, int, str]],
                         rs: RuleSet) -> list[Finding]:
    """The findings of a note the note gate reads as selling nothing: each one the claim tagger does not back up
    (no span of it overlaps) is dropped, as a word read in another sense is.  Contacts, sound-alikes (``sounds``:
    nobody disguises a word by accident) and the tagger's own findings stay as they are."""
    contacts = rs.note_contacts
    return [f for f in found
            if f.rule in contacts or f.rule.startswith("model.") or (f.start, f.end, f.rule) in sounds
            or any(s < f.end and f.start < e for s, e in backed)]


class _Resolver:
    """Resolves overlapping hits, given longest first in batches (see :meth:`take`).

    Within a category the longest hit wins (then the more severe, then the
    earlier).  Across categories a hit is dropped only when longer hits already
    cover all of it; hits that merely overlap ("代考" beside "考不过退款") are
    both kept, and so are identical spans in different categories, which a pack
    lists on purpose (``also_in``).  Claim patterns are resolved among
    themselves: a claim (效果不输医美) is kept beside the terms it contains (医美),
    which keep their own, more specific messages.  A silent mention (its finding
    is None) takes its place like any hit but reports nothing: 瘦脸针 names a
    procedure, so the 瘦脸 inside it is no claim.
    """

    __slots__ = ("length", "covered", "per_category", "exact", "kept", "claims", "quiet")

    def __init__(self, length: int, quiet: list[tuple[int, int]] | None = None) -> None:
        self.length = length
        self.covered = bytearray(length)
        self.per_category: dict[str, bytearray] = {}
        self.exact: set[tuple[int, int]] = set()
        self.kept: list[Finding] = []
        self.claims: dict[str, bytearray] = {}
        self.quiet = quiet  # where QUIET hits were kept

    def dominated(self, s: int, e: int, category: str) -> bool:
        """True when a term hit over [s, e) of ``category`` would be dropped, whatever its severity, by the hits
        taken so far (all longer than it)."""
        taken = self.per_category.get(category)
        if taken is not None and taken.find(1, s, e) != -1:
            return True
        return self.covered.find(0, s, e) == -1 and (s, e) not in self.exact

    def take(self, hits: list[Hit]) -> None:
        """Resolve ``hits`` against those taken before: every one of them sorts after every hit taken before (a
        batch holds whole lengths, and the claim patterns come last)."""
        hits.sort()  # longest first, then most severe, then earliest; the tie-breaker is unique
        length = self.length
        covered, per_category, exact, kept, claims = self.covered, self.per_category, self.exact, self.kept, self.claims
        for rank, _neg_rank, s, e, _tie, category, finding in hits:
            if rank > 0:  # a claim pattern: it stands beside the terms it contains, never swallows or yields to them
                inside = per_category.get(category)
                if inside is not None and inside.find(0, s, e) == -1 and (s, e) in exact:
                    continue  # a term spells exactly this span
                mine = claims.setdefault(category, bytearray(length))
                if mine.find(1, s, e) != -1:
                    continue
                mine[s:e] = b"\x01" * (e - s)
                kept.append(finding.build())
                continue
            taken = per_category.get(category)
            if taken is None:
                taken = per_category[category] = bytearray(length)
            if taken.find(1, s, e) != -1:
                continue
            if covered.find(0, s, e) == -1 and (s, e) not in exact:
                continue
            taken[s:e] = b"\x01" * (e - s)
            covered[s:e] = b"\x01" * (e - s)
            exact.add((s, e))
            if finding is QUIET:
                if self.quiet is not None:
                    self.quiet.append((s, e))
            elif finding is not None:  # None: a silent mention, which only covers
                kept.append(finding.build() if isinstance(finding, _LazyFinding) else finding)

    def findings(self) -> list[Finding]:
        """The findings kept, by position."""
        self.kept.sort(key=lambda f: (f.start, f.end))
        return self.kept


def check_text(text: str, ruleset: RuleSet | None = None, field: str | None = None, *,
               starts_field: bool = True, ends_field: bool = True,
               note: NoteContext | None = None) -> list[Finding]:
    """All findings in ``text``, sorted by position; overlapping matches keep the longest.

    With ``field`` ("title", "body" or "topics") the findings carry it, and the
    field's policy applies: in the topics field a category may cap its severity
    (``topic_severity`` in categories.yaml: a topic #医美 names a theme, it
    claims nothing).  ``text`` may be one paragraph of a field (the editor checks
    paragraph by paragraph): ``starts_field``/``ends_field`` say whether it is the
    field's first/last, and the findings are then exactly those the whole field has
    there.  ``note`` is what the whole note says (:func:`note_context`); without
    it each hit is judged by its own line only.
    """
    if ruleset is None:
        from . import default_ruleset

        ruleset = default_ruleset()
    if not text:
        return []
    norm = normalize(text)
    if note is None:  # the text is the whole note: what senses look for in a note, they look for in it
        words = ruleset.note_words
        note = NoteContext(says=words.lazily(norm.text) if words is not None else frozenset(),
                           selling=None if starts_field and ends_field else False)
    sounds: set[tuple[int, int, str]] = set()
    quiet: list[tuple[int, int]] = []
    resolver = _Resolver(len(text), quiet)
    _term_findings(ruleset, norm, resolver, note, sounds if note.plain else None,
                   _detector_findings(ruleset, norm) if ruleset.detectors else None)
    found = resolver.findings()
    tagger = ruleset.claim_tagger()
    if tagger is not None:
        extra = model_findings(text, found, tagger, ruleset, field or "body", starts=starts_field, ends=ends_field,
                               quiet=quiet, threshold=PLAIN_THRESHOLD if note.plain else THRESHOLD,
                               softened=_softened(note, ruleset), labelled=functools.partial(_labelled, note, ruleset))
        if note.plain and found:
            spans = tagger.spans(text, found, starts_field, ends_field)  # remembered: model_findings just read them
            found = _plain_note_findings(found, [(sp.start, sp.end) for sp in spans], sounds, ruleset)
        if extra:
            found = sorted([*found, *extra], key=lambda f: (f.start, f.end))
    if field is None:
        return found
    return [_for_field(f, field, ruleset) for f in found]


def _for_field(f: Finding, field: str, ruleset: RuleSet) -> Finding:
    cap = ruleset.category(f.category).topic_severity if field == "topics" else None
    if cap is not None and f.severity.rank > cap.rank:
        return replace(f, field=field, severity=cap)
    return _with_field(f, field)


def suggest_industries(text: str, ruleset: RuleSet | None = None) -> list[tuple[str, list[str]]]:
    """Industries whose trigger terms occur in ``text``: (industry id, matched words), most hits first."""
    if ruleset is None:
        from . import default_ruleset

        ruleset = default_ruleset()
    if not text or not len(ruleset.trigger_automaton):
        return []
    norm = normalize(text)
    found: dict[int, list[str]] = {}
    for end, (length, inds) in ruleset.trigger_automaton.iter(norm.text):
        s, e = norm.span(end - length + 1, end + 1)
        for ii in inds:
            words = found.setdefault(ii, [])
            if text[s:e] not in words:
                words.append(text[s:e])
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [(str(ruleset.industries[ii]["id"]), words) for ii, words in ranked]


def visible_length(text: str) -> int:
    """Characters as a reader counts them: an emoji sequence is one."""
    return len(_ZERO_WIDTH.sub("", _AFTER_ZWJ.sub("", text)))


def title_length(title: str) -> float:
    """The title length as the platform counts it: ASCII ½, anything else 1."""
    plain = _ZERO_WIDTH.sub("", _AFTER_ZWJ.sub("", title))
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in plain)


_TOPIC = re.compile(r"#?([^#\s]+)")
_TOPIC_SUFFIX = "[话题]"  # what the app appends when a topic is picked from its list


def parse_topics(text: str) -> list[tuple[int, int, str]]:
    """Topics typed as ``#a #b``, ``#a#b`` or ``a b``: (start, end, name) for each.

    The one reading of the topics field: the limit check counts these and the
    note stores their names.
    """
    out = []
    for m in _TOPIC.finditer(text):
        name = m.group(1).removesuffix(_TOPIC_SUFFIX).strip()
        if name:
            out.append((m.start(), m.end(), name))
    return out


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:.1f}"


def _limit(rs: RuleSet, key: str, count: float, maximum: float, field: str,
           span: tuple[int, int, str]) -> Finding:
    return rs.message_finding(f"limits.{key}", span[0], span[1], span[2], field,
                              count=_fmt(count), max=_fmt(maximum))


def check_note(title: str, body: str, topics: str = "", ruleset: RuleSet | None = None,
               image_count: int | None = None) -> list[Finding]:
    """Findings for a whole note: its title, body and topics, plus the platform's limits.

    Findings carry ``field`` ("title", "body", "topics" or "images") and offsets
    into that field's text.  Each field is checked in the note's context
    (:func:`note_context`: a note that warns quotes what it warns against).
    """
    if ruleset is None:
        from . import default_ruleset

        ruleset = default_ruleset()
    out: list[Finding] = []
    context = note_context(title, body, topics, ruleset)
    for field, text in (("title", title), ("body", body), ("topics", topics)):
        out.extend(check_text(text, ruleset, field, note=context))
    out.extend(limit_findings(title, body, topics, ruleset, image_count))
    return out


def limit_findings(title: str, body: str, topics: str, ruleset: RuleSet,
                   image_count: int | None = None) -> list[Finding]:
    """Only the note-level limit findings (category ``limits``)."""
    lim = ruleset.limits
    out: list[Finding] = []
    tlen = title_length(title)
    if tlen > lim.title_max:
        out.append(_limit(ruleset, "title_max", tlen, lim.title_max, "title", (0, len(title), title)))
    blen = visible_length(body)
    if blen > lim.body_max:
        out.append(_limit(ruleset, "body_max", blen, lim.body_max, "body", (0, 0, "")))
    tops = parse_topics(topics)
    if len(tops) > lim.topics_max:
        s = tops[int(lim.topics_max)][0]
        out.append(_limit(ruleset, "topics_max", len(tops), lim.topics_max, "topics",
                          (s, len(topics), topics[s:])))
    if image_count is not None:
        if image_count < lim.images_min:
            out.append(_limit(ruleset, "images_min", image_count, lim.images_min, "images", (0, 0, "")))
        elif image_count > lim.images_max:
            out.append(_limit(ruleset, "images_max", image_count, lim.images_max, "images", (0, 0, "")))
    return out


def _with_field(f: Finding, field: str) -> Finding:
    if f.field == field:
        return f
    return replace(f, field=field)


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    """How many findings there are of each severity."""
    counts = {s: 0 for s in Severity}
    for f in findings:
        counts[f.severity] += 1
    return counts
