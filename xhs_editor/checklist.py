"""The export checklist and the export gate.  Pure Python: no Qt here.

Everything that *decides* lives here; widgets only show it.

* The **general items** tick themselves from the engine's findings: title,
  body and topic limits (``limits.*`` findings), no error-level finding left,
  no traffic diversion (category ``diversion``), and image counts once the
  note has images.
* The **industry items** come from ``rules/industries.yaml`` (the industry the
  note selected) and are ticked by the user, optionally with a reference
  number or remark.
* A **prohibited** industry stops export; no override can lift that.

What this module stores in the note (see :mod:`xhs_editor.note`)
-----------------------------------------------------------------
``note.industry``
    The selected industry id, or ``None`` for general.
``note.checklist``
    ``{item_id: {"done": bool, "reference": str}}`` for the industry items the
    user ticked.  A bare ``true``/``false`` (older files) is read as
    ``{"done": value, "reference": ""}``.  General items are never stored:
    they are recomputed from the findings.
``note.overrides["export"]``
    A list, oldest first, of export overrides:
    ``{"reason": str, "time": ISO 8601 with offset, "errors": int,
    "open_items": [item ids], "industry": id or null}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, Protocol, Sequence

from .engine import Finding, RuleSet, Severity, check_note, suggest_industries
from .findings import NoteFindings, ignore_entry, resolve
from .i18n import pick, t

GENERAL_ITEMS = ("general.title_limit", "general.body_limit", "general.topics_limit",
                 "general.no_errors", "general.no_diversion", "general.images")
OVERRIDE_KEY = "export"


class NoteLike(Protocol):
    """What the checklist needs from a note (``xhs_editor.note.Note`` fits)."""

    title: str
    body: str
    topics: list[str]
    images: list[dict[str, Any]]
    industry: str | None
    checklist: dict[str, Any]
    overrides: dict[str, Any]


class OverrideRefused(Exception):
    """An override that cannot be recorded; ``str()`` is a sentence in the asked language."""


@dataclass(frozen=True)
class ItemState:
    """One checklist line as it stands now.

    ``auto`` items are ticked from the findings; the others by the user.
    ``applicable`` is False for an item that does not count yet (images, when
    the note has none).
    """

    id: str
    label: str
    auto: bool
    done: bool
    required: bool = True
    applicable: bool = True
    detail: str = ""
    explain: str = ""
    reference: str = ""
    wants_reference: bool = False
    basis: str = ""

    @property
    def open(self) -> bool:
        """True when this item still blocks export."""
        return self.applicable and self.required and not self.done


@dataclass(frozen=True)
class Suggestion:
    """An industry suggested from the note's own words."""

    industry_id: str
    name: str
    kind: str
    words: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class Checklist:
    """The checklist for one note: its industry, items and error count."""

    industry_id: str | None
    industry_name: str
    kind: str  # "general", "special" or "prohibited"
    items: tuple[ItemState, ...]
    errors: int
    stop_reason: str = ""
    warning: str = ""

    @property
    def prohibited(self) -> bool:
        """True when the selected industry may not be promoted at all."""
        return self.kind == "prohibited"

    def open_items(self) -> list[ItemState]:
        """Items that still block export."""
        return [i for i in self.items if i.open]

    def item(self, item_id: str) -> ItemState | None:
        """The item ``item_id``, if listed."""
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class Gate:
    """Whether export is allowed now, and if not, why and whether an override may lift it."""

    allowed: bool
    overridable: bool
    prohibited: bool
    errors: int
    open_items: tuple[str, ...]
    message: str
    reasons: tuple[str, ...] = field(default=())


# --- findings -----------------------------------------------------------------

def note_findings(note: NoteLike, ruleset: RuleSet) -> list[Finding]:
    """The engine's findings for ``note``; image limits only once it has images."""
    images = len(note.images or [])
    return check_note(note.title, note.body, _topics_text(note), ruleset, images if images else None)


def active_findings(note: NoteLike, findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` minus those the user chose to "Ignore here" in this note (see :mod:`xhs_editor.findings`)."""
    texts = {"title": note.title, "body": note.body, "topics": _topics_text(note)}
    return [f for f in findings if ignore_entry(note, f.field, f, texts.get(f.field, "")) is None]


def _topics_text(note: NoteLike) -> str:
    fn = getattr(note, "topics_text", None)
    return fn() if callable(fn) else " ".join(f"#{x}" for x in note.topics)


# --- industries -----------------------------------------------------------------

def industry_choices(ruleset: RuleSet, lang: str = "zh") -> list[tuple[str | None, str, str]]:
    """(id, name, kind) for the selector: general first, then special, then prohibited."""
    out: list[tuple[str | None, str, str]] = [(None, t("general", lang), "general")]
    for kind in ("special", "prohibited"):
        for ind in ruleset.industries:
            if ind.get("kind") == kind:
                out.append((str(ind["id"]), pick(ind.get("name"), lang), kind))
    return out


def suggestion_to_show(note: NoteLike, ruleset: RuleSet, lang: str = "zh") -> Suggestion | None:
    """The industry to propose with a "Use" button, or None.

    It is the industry the note's words point to most; once the note has chosen
    it, nothing is proposed (not the runner-up, which would make "Use" flip
    between two industries).
    """
    found = suggest(note, ruleset, lang)
    if not found or found[0].industry_id == (note.industry or None):
        return None
    return found[0]


def suggest(note: NoteLike, ruleset: RuleSet, lang: str = "zh") -> list[Suggestion]:
    """Industries suggested by the note's title, body and topics, most hits first."""
    text = "\n".join((note.title, note.body, _topics_text(note)))
    out = []
    for iid, words in suggest_industries(text, ruleset):
        ind = ruleset.industry(iid) or {}
        name = pick(ind.get("name"), lang) or iid
        shown = "、".join(words) if lang == "zh" else ", ".join(words)
        out.append(Suggestion(iid, name, str(ind.get("kind", "special")), tuple(words),
                              t("suggest.because", lang, name=name, words=shown)))
    return out


def basis_text(basis: Any, lang: str = "zh") -> str:
    """A rule's legal or platform basis as one line: "广告法第十八条（法规，2021-04-29）"."""
    if not isinstance(basis, dict):
        return ""
    ref = pick(basis.get("ref"), lang)
    extra = [x for x in (t(f"basis.{basis.get('source')}", lang) if basis.get("source") else "",
                         str(basis.get("date") or "")) if x]
    if not extra:
        return ref
    return f"{ref}（{'，'.join(extra)}）" if lang == "zh" else f"{ref} ({', '.join(extra)})"


# --- the checklist ---------------------------------------------------------------

def item_record(note: NoteLike, item_id: str) -> tuple[bool, str]:
    """(done, reference) stored in the note for a manual item."""
    value = (note.checklist or {}).get(item_id)
    if isinstance(value, dict):
        return bool(value.get("done")), str(value.get("reference") or "")
    return bool(value), ""


def build_checklist(note: NoteLike, ruleset: RuleSet, findings: NoteFindings | Sequence[Finding],
                    lang: str = "zh") -> Checklist:
    """The checklist for ``note`` from its active findings.

    ``findings`` is the note's :class:`~xhs_editor.findings.NoteFindings` (what
    every view shows), or the engine's flat list, sorted out here the same way.
    """
    found = list(resolve(note, ruleset, findings).active)
    rules = {f.rule for f in found}
    errors = sum(1 for f in found if f.severity is Severity.ERROR)
    diversion = [f for f in found if f.category == "diversion"]
    has_images = bool(note.images)
    items = [
        ItemState("general.title_limit", t("item.title_limit", lang), True, "limits.title_max" not in rules,
                  detail=_limit_detail(found, "limits.title_max", lang)),
        ItemState("general.body_limit", t("item.body_limit", lang), True, "limits.body_max" not in rules,
                  detail=_limit_detail(found, "limits.body_max", lang)),
        ItemState("general.topics_limit", t("item.topics_limit", lang), True, "limits.topics_max" not in rules,
                  detail=_limit_detail(found, "limits.topics_max", lang)),
        ItemState("general.no_errors", t("item.no_errors", lang), True, errors == 0,
                  detail=t("detail.errors", lang, n=errors) if errors else ""),
        ItemState("general.no_diversion", t("item.no_diversion", lang), True, not diversion,
                  detail=t("detail.diversion", lang, n=len(diversion),
                           words=", ".join(dict.fromkeys(f.matched for f in diversion if f.matched)))
                  if diversion else ""),
        ItemState("general.images", t("item.images", lang), True,
                  has_images and not ({"limits.images_min", "limits.images_max"} & rules),
                  applicable=has_images,
                  detail=(_limit_detail(found, "limits.images_min", lang)
                          or _limit_detail(found, "limits.images_max", lang)) if has_images
                  else t("detail.no_images", lang)),
    ]
    iid = note.industry or None
    ind = ruleset.industry(iid) if iid else None
    if iid and ind is None:
        return Checklist(None, t("general", lang), "general", tuple(items), errors,
                         warning=t("industry.unknown", lang, id=iid))
    if ind is None:
        return Checklist(None, t("general", lang), "general", tuple(items), errors)
    name = pick(ind.get("name"), lang) or str(iid)
    kind = str(ind.get("kind", "special"))
    for raw in ind.get("items") or []:
        item_id = str(raw.get("id"))
        done, ref = item_record(note, item_id)
        required = raw.get("required", True) is not False
        items.append(ItemState(
            item_id, pick(raw.get("text"), lang), False, done, required=required,
            detail="" if done else (t("detail.manual", lang) if required else t("detail.optional", lang)),
            explain=pick(raw.get("explain"), lang), reference=ref,
            wants_reference=bool(raw.get("reference_number")), basis=basis_text(raw.get("basis"), lang)))
    stop = ""
    if kind == "prohibited":
        stop = t("stop.prohibited", lang, name=name, reason=pick(ind.get("reason"), lang))
        basis = basis_text(ind.get("basis"), lang)
        if basis:
            stop += f"（{basis}）" if lang == "zh" else f" ({basis})"
    return Checklist(str(iid), name, kind, tuple(items), errors, stop_reason=stop)


def _limit_detail(found: Sequence[Finding], rule: str, lang: str) -> str:
    f = next((f for f in found if f.rule == rule), None)
    return f.message(lang) if f else ""


# --- changing the note ---------------------------------------------------------------

def set_industry(note: NoteLike, industry_id: str | None) -> None:
    """Select an industry (``None`` for general).  Ticks of other industries are kept."""
    note.industry = industry_id or None


def set_item(note: NoteLike, item_id: str, done: bool, reference: str = "") -> None:
    """Record the user's tick and reference for a manual item."""
    if item_id in GENERAL_ITEMS:
        raise ValueError(f"{item_id} is ticked from the findings, not by the user")
    note.checklist[item_id] = {"done": bool(done), "reference": reference.strip()}


# --- the gate ---------------------------------------------------------------------

def export_gate(checklist: Checklist, lang: str = "zh") -> Gate:
    """Whether export may go ahead now.

    Blocked while an error-level finding or a required item is open; a written
    override may lift that, except for a prohibited industry.
    """
    open_ids = tuple(i.id for i in checklist.open_items())
    if checklist.prohibited:
        reason = t("gate.prohibited", lang, name=checklist.industry_name)
        return Gate(False, False, True, checklist.errors, open_ids,
                    t("gate.blocked", lang, what=reason) + " " + t("stop.no_override", lang), (reason,))
    reasons: list[str] = []
    if checklist.errors:
        reasons.append(t("gate.errors", lang, n=checklist.errors))
    open_labels = [i.label for i in checklist.open_items() if i.id != "general.no_errors"]
    if open_labels:
        reasons.append(t("gate.open", lang, n=len(open_labels), items=t("gate.sep", lang).join(open_labels)))
    if not reasons:
        return Gate(True, False, False, 0, (), t("gate.ok", lang))
    return Gate(False, True, False, checklist.errors, open_ids,
                t("gate.blocked", lang, what=t("gate.sep", lang).join(reasons)), tuple(reasons))


def record_override(note: NoteLike, gate: Gate, reason: str, lang: str = "zh",
                    now: datetime | None = None) -> dict[str, Any]:
    """Record a written override of a blocked gate in ``note.overrides["export"]``.

    Raises :class:`OverrideRefused` for a prohibited industry, an empty reason
    or a gate that is not blocked.  Returns the stored record.
    """
    if gate.prohibited:
        raise OverrideRefused(t("override.prohibited", lang))
    if gate.allowed:
        raise OverrideRefused(t("override.not_needed", lang))
    reason = (reason or "").strip()
    if not reason:
        raise OverrideRefused(t("override.empty", lang))
    when = (now or datetime.now().astimezone()).isoformat(timespec="seconds")
    record = {"reason": reason, "time": when, "errors": gate.errors,
              "open_items": list(gate.open_items), "industry": note.industry or None}
    log = note.overrides.get(OVERRIDE_KEY)
    if not isinstance(log, list):
        log = []
    log.append(record)
    note.overrides[OVERRIDE_KEY] = log
    return record


def overrides_of(note: NoteLike) -> list[dict[str, Any]]:
    """The export overrides recorded in the note (well-formed entries only)."""
    log = (note.overrides or {}).get(OVERRIDE_KEY)
    return [r for r in log if isinstance(r, dict)] if isinstance(log, list) else []
