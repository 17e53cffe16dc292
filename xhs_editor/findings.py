"""A note's active findings: the one list every front end shows.

The editor's underlines, sidebar and status bar, the export checklist and gate,
the review report and ``xhs-editor check`` all take their findings from
:func:`note_findings`, so they can never disagree.  It puts together

* the term and pattern findings of the title, body and topics (``field`` set,
  offsets into that field's text),
* the note's limits (title length, body length, topics, image count),
* the findings on the note's images, computed by the caller (the editor checks
  images in the background, the command line on the spot),

and then applies, in this one place, the user's two ways of setting findings
aside: *Ignore here* (stored in the note, with a reason) and categories
switched off in the settings.  Nothing here needs Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol, Sequence

from .engine import Finding, RuleSet, Severity, check_text, limit_findings, note_context

TEXT_FIELDS = ("title", "body", "topics")


class NoteLike(Protocol):
    """What the findings need from a note (``xhs_editor.note.Note`` fits)."""

    title: str
    body: str
    topics: list[str]
    images: list[dict[str, Any]]
    ignored: list[Any]


@dataclass(frozen=True)
class IgnoredHit:
    """A finding the user ignored here, with the note's record of it (field, reason)."""

    finding: Finding
    entry: Any  # xhs_editor.note.IgnoredFinding


@dataclass(frozen=True)
class NoteFindings:
    """A note's findings, sorted out.

    ``active`` is what every view shows and counts and what the export gate
    judges; ``ignored`` are the findings set aside with *Ignore here* (kept for
    review and for the report); ``hidden`` are those in categories the user
    switched off.  Offsets are into each finding's own field.
    """

    active: tuple[Finding, ...] = ()
    ignored: tuple[IgnoredHit, ...] = ()
    hidden: tuple[Finding, ...] = ()
    hidden_categories: frozenset[str] = field(default_factory=frozenset)

    def counts(self) -> dict[Severity, int]:
        """Active findings per severity."""
        out = {s: 0 for s in Severity}
        for f in self.active:
            out[f.severity] += 1
        return out

    @property
    def errors(self) -> int:
        """How many active findings are errors."""
        return self.counts()[Severity.ERROR]


def topics_text(note: Any) -> str:
    """The topics field as the editor shows it and the engine checks it: ``#a #b``."""
    fn = getattr(note, "topics_text", None)
    return fn() if callable(fn) else " ".join(f"#{x}" for x in note.topics)


def field_texts(note: Any) -> dict[str, str]:
    """The text of each text field of ``note``."""
    return {"title": note.title, "body": note.body, "topics": topics_text(note)}


def text_findings(note: Any, ruleset: RuleSet) -> list[Finding]:
    """The engine's term and pattern findings of the three text fields (field-relative offsets), each checked
    in the note's context (:func:`xhs_editor.engine.note_context`)."""
    out: list[Finding] = []
    texts = field_texts(note)
    context = note_context(texts["title"], texts["body"], texts["topics"], ruleset)
    for name, text in texts.items():
        if text:
            out.extend(check_text(text, ruleset, name, note=context))
    return out


def ignore_entry(note: Any, field_: str, finding: Finding, text: str) -> Any | None:
    """The note's *Ignore here* record covering ``finding``, or None.

    ``text`` is the text ``finding``'s offsets point into: its whole field, or
    (in the editor) its paragraph; both give the same context key.
    """
    ignored = getattr(note, "ignored", None)
    if not ignored or field_ not in TEXT_FIELDS:
        return None
    from .note import context_of

    context = context_of(text, finding.start, finding.end)
    return next((i for i in ignored if i.field == field_ and i.rule == finding.rule
                 and i.matched == finding.matched and i.context == context), None)


def is_shown(note: Any, hidden: Iterable[str], field_: str, finding: Finding, text: str) -> bool:
    """Whether ``finding`` is active: not in a hidden category and not ignored here."""
    return finding.category not in hidden and ignore_entry(note, field_, finding, text) is None


def resolve(note: Any, ruleset: RuleSet, found: "NoteFindings | Sequence[Finding] | None" = None,
            hidden: Iterable[str] = ()) -> NoteFindings:
    """``found`` as :class:`NoteFindings`: as is, or sorted out from a flat list of the note's findings
    (text, limits and images, as the engine gives them), or computed when None."""
    if isinstance(found, NoteFindings):
        return found
    if found is None:
        return note_findings(note, ruleset, hidden=hidden)
    return note_findings(note, ruleset, hidden=hidden,
                         text=[f for f in found if f.field in TEXT_FIELDS and f.category != "limits"],
                         images=[f for f in found if f.field == "images"])  # limits.* dropped there


def note_findings(note: Any, ruleset: RuleSet, *, text: Sequence[Finding] | None = None,
                  images: Sequence[Finding] = (), hidden: Iterable[str] = (),
                  honour_ignores: bool = True) -> NoteFindings:
    """The note's findings, with ignores and hidden categories applied.

    ``text`` are the field findings when the caller already has them (the
    editor keeps them per paragraph); by default the fields are checked here.
    ``images`` are the findings on the note's images (``field == "images"``);
    the image count limits are computed here from ``note.images``.  With
    ``honour_ignores`` False, ignored findings stay active (``check
    --no-ignores``).
    """
    hidden_set = frozenset(hidden)
    texts = field_texts(note)
    found = list(text) if text is not None else text_findings(note, ruleset)
    count = len(note.images or [])
    found.extend(limit_findings(texts["title"], texts["body"], texts["topics"], ruleset, count if count else None))
    found.extend(f for f in images if not f.rule.startswith("limits."))  # the count limits are computed above
    active: list[Finding] = []
    ignored: list[IgnoredHit] = []
    shown_hidden: list[Finding] = []
    for f in found:
        entry = ignore_entry(note, f.field, f, texts.get(f.field, "")) if honour_ignores else None
        if entry is not None:
            ignored.append(IgnoredHit(f, entry))
        elif f.category in hidden_set:
            shown_hidden.append(f)
        else:
            active.append(f)
    order = {name: i for i, name in enumerate((*TEXT_FIELDS, "images"))}

    def key(f: Finding) -> tuple[int, int, int]:
        return order.get(f.field, len(order)), f.start, f.end

    return NoteFindings(tuple(sorted(active, key=key)), tuple(sorted(ignored, key=lambda h: key(h.finding))),
                        tuple(sorted(shown_hidden, key=key)), hidden_set)
