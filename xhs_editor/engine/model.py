"""The engine's data types: severities, categories, rules, detectors and findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .linear import LinearPattern


class Severity(str, Enum):
    """How serious a finding is; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _RANKS[self]


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Text2:
    """A short text in Simplified Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` ("zh" or "en"); Chinese for any other value."""
        return self.en if lang.startswith("en") else self.zh


@dataclass(frozen=True)
class Category:
    """A category of risk such as ``extreme`` or ``diversion``; its id is a contract."""

    id: str
    name: Text2
    severity: Severity
    color: str
    description: Text2
    source: str = ""
    topic_severity: Severity | None = None  # the most a finding of this category is in the topics field
    claim: bool = False  # its hits are claims: a negation before one takes it back, hearsay makes it a hint
    warned: bool = False  # people warn against it: near 诈骗/别信 a hit is a warning, at most a hint


@dataclass(frozen=True)
class Context:
    """A context that changes a term's verdict when it occurs near the match.

    ``words`` are normalized like terms.  With ``within`` == 0 a word applies when
    its occurrence overlaps the matched term; otherwise when it lies within
    ``within`` normalized characters before or after the term.
    """

    words: tuple[str, ...]
    within: int
    severity: Severity | None  # None means: suppress the finding


@dataclass(frozen=True)
class Sense:
    """A reading of a term told by its neighbours; the first sense whose conditions all hold decides.

    Words are normalized like terms and may name a shared vocabulary list as
    ``$name``.  ``before``/``after`` words must stand right before or after the
    term (a ``skip`` word such as 的 may sit between); ``before_pos``/``after_pos``
    are part-of-speech tags (prefixes) of the neighbouring word as the segmenter
    reads it; ``near`` words may lie anywhere within ``within`` characters.
    ``terms`` limits the sense to some of the rule's terms.  ``verdict`` None
    means the term is not a claim here: no finding.
    """

    verdict: Severity | None
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    before_pos: tuple[str, ...] = ()
    after_pos: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    within: int = 0
    skip: tuple[str, ...] = ()
    near_before: tuple[str, ...] = ()  # like near, but only before the term (the scope of a negation: 不能让你变白)
    contains: tuple[str, ...] = ()  # words inside the hit itself (a claim pattern's gap: 一个月怎么没瘦)
    near_after: tuple[str, ...] = ()  # like near, but only after the term, within its clause (唯一的小缺点是…)
    terms: tuple[str, ...] = ()  # only hits of these of the rule's terms (all when empty)
    at_clause_end: bool = False  # the term ends its clause (punctuation, a line break or the text's end follows)
    at_clause_start: bool = False  # the term begins its clause
    line: int = 0
    in_note: tuple[str, ...] = ()  # words anywhere in the whole note, any field (一个品牌寄来的 far from 不是广告)
    in_selling_note: bool = False  # the note gate reads the whole note as selling outright (note_gate.SELLING)


@dataclass(frozen=True, kw_only=True)
class PackEntry:
    """What rules and detectors share: identity, verdict, wording, origin and examples."""

    id: str
    category: str
    severity: Severity
    message: Text2
    replacements: tuple[str, ...]  # wording that can stand in place of the matched span
    advice: tuple[str, ...]  # what to do instead (删除…, 写明…); shown, never pasted in
    pack: str
    path: str
    line: int
    examples_flag: tuple[str, ...] = ()
    examples_info: tuple[str, ...] = ()
    examples_pass: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Rule(PackEntry):
    """A family of terms sharing a category, message and suggestions."""

    terms: tuple[str, ...]
    contexts: tuple[Context, ...]
    also_in: tuple[str, ...]
    senses: tuple[Sense, ...] = ()
    inside_words: bool = False  # a hit may start or end inside a word of the text (微信 in 微信号)
    phonetic: str = "on"  # matched by sound: "on" (醉强 for 最强, mei白 for 美白), "off", "single" (one-character
    # terms too) or "pinyin" (only spellings with letters: 私wo and si我, never 是我)
    patterns: tuple[str, ...] = ()  # claim phrases with slots ({duration}~4{result}); see engine/patterns.py
    across_punctuation: bool = False  # a hit may run across in-sentence punctuation (微，信)
    mention: bool = False  # a bare hit reports nothing; only a sense or a near context makes it a finding
    list_scope: bool = False  # in an item of the writer's own list (花生味：最好吃) a hit ranks options: a hint


@dataclass(frozen=True, kw_only=True)
class Detector(PackEntry):
    """A regular-expression detector, e.g. for phone numbers or URLs."""

    pattern: LinearPattern  # runs in time linear in the text (RE2)
    view: str  # "folded" or "digits"
    requires: re.Pattern[str] | None  # characters every match contains; a text without them is skipped


@dataclass(frozen=True)
class Finding:
    """One problem in the user's text.

    ``start`` and ``end`` are Python ``str`` indices into the original text of
    ``field`` ("body", "title" or "topics"), and ``matched`` is exactly
    ``text[start:end]``.  Note-level findings (category ``limits``) span the whole
    field or are empty (start == end == 0).  ``replacements`` are wordings that
    can replace ``matched`` in place (quick fixes); ``advice`` says what to do
    instead and is only ever shown.
    """

    start: int
    end: int
    matched: str
    category: str
    rule: str
    severity: Severity
    message_zh: str
    message_en: str
    replacements: tuple[str, ...] = ()
    field: str = "body"
    advice: tuple[str, ...] = ()

    @property
    def suggestions(self) -> tuple[str, ...]:
        """Replacements, then advice: everything the finding suggests, for text output."""
        return self.replacements + self.advice

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang`` ("zh" or "en")."""
        return self.message_en if lang.startswith("en") else self.message_zh

    def to_dict(self, lang: str = "zh") -> dict[str, object]:
        """A JSON-ready dict (without line and column)."""
        return {
            "start": self.start,
            "end": self.end,
            "matched": self.matched,
            "category": self.category,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message(lang),
            "suggestions": list(self.suggestions),
            "replacements": list(self.replacements),
            "advice": list(self.advice),
            "field": self.field,
        }


@dataclass(frozen=True)
class PackInfo:
    """Identity of a loaded rule pack, for reports."""

    name: str
    version: str
    description: str
    path: str
    sha256: str
    bundled: bool


@dataclass(frozen=True)
class PackError:
    """A problem in a rule pack, naming file and line."""

    path: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}"


@dataclass(frozen=True)
class NoteWarning:
    """When a whole note warns its readers, and what that softens (``note_warning`` in categories.yaml); the same
    shape says when a note tells of the writer's own medical care (``note_clinic``).

    A note warns when its title, body and topics hold at least ``cues`` words of the
    vocabulary list ``note_warning_cues`` (``note_clinic_cues``) and no finding of an ``unless`` detector (a
    contact the note leaves means it offers something); there a hit of ``categories``
    is at most a hint.
    """

    cues: int = 0  # 0: no note warns
    categories: frozenset[str] = frozenset()
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaggerTrust:
    """Which of the claim tagger's categories its spans are trusted in (``tagger`` in model.yaml).

    ``skip``: categories whose spans are never reported.  ``contacts``: categories whose spans are contact details,
    each with the confidence its spans need; such a span must be a phrase of a few characters and may be mostly
    letters (a handle).  ``deals``: categories whose spans tell of an undisclosed deal, each with the confidence its
    spans need; they are reported only in a note that holds none of the ``labelled`` words (normalized), which
    say the note is marked as an advert or tells its terms.
    """

    skip: frozenset[str] = frozenset()
    contacts: dict[str, float] = field(default_factory=dict)
    deals: dict[str, float] = field(default_factory=dict)
    labelled: tuple[str, ...] = ()


@dataclass
class Limits:
    """Platform limits on a note; configurable in ``rules/limits.yaml``."""

    title_max: float = 20
    body_max: int = 1000
    topics_max: int = 10
    images_min: int = 1
    images_max: int = 18
    image_max_mb: float = 20
    image_min_short_side: int = 720
    image_min_long_side: int = 960
    image_formats: tuple[str, ...] = ("jpeg", "png", "webp")
    cover_ratios: tuple[tuple[int, int], ...] = ((3, 4), (1, 1), (4, 3))
    cover_ratio_tolerance: float = 0.02
