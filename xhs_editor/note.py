"""The ``.xhsnote`` file model: reading, writing and importing notes.  No Qt here.

The ``.xhsnote`` format
=======================

A note is one UTF-8 encoded JSON object (no byte-order mark) with these keys:

``format_version`` (int, required)
    The format's version, currently ``1``.  A reader refuses files whose version
    is newer than it understands, rather than silently dropping data.
``title`` (str)
    The note's title, as typed.
``body`` (str)
    The note's body text; paragraphs are separated by ``"\\n"``.
``topics`` (list of str)
    Topic names without the leading ``#`` (e.g. ``["护肤", "好物分享"]``).
``images`` (list of objects)
    ``{"path": str}`` per image, the path relative to the note's folder
    (forward slashes).  Further keys in an image object are kept.
``industry`` (str or null)
    The id of the industry the user selected (from ``rules/industries.yaml``),
    or ``null`` for a general note.  An id the rules no longer hold is treated
    as general, with a warning.
``checklist`` (object)
    The industry checklist items the user ticked: item id →
    ``{"done": bool, "reference": str}`` (the reference number or note the
    user typed).  A bare ``true``/``false`` is read too.  The general items
    (limits, no error left, no diversion) are never stored: they are
    recomputed from the engine's findings.
``ignored`` (list of objects)
    Findings the user chose to "Ignore here".  Each is
    ``{"field": "body"|"title"|"topics", "rule": str, "matched": str,
    "context": str, "reason": str}`` where ``context`` is the matched text with
    up to 8 characters either side (within its paragraph), which pins the
    ignore to this occurrence even after the surrounding text moves.
``overrides`` (object)
    ``"export"``: the written overrides of the export gate, oldest first, each
    ``{"reason": str, "time": ISO 8601 with offset, "errors": int,
    "open_items": [item ids], "industry": id or null}``; every one is printed
    in the review report.  Other keys are kept unchanged.

Unknown top-level keys are preserved when a note is read and written again.
Missing keys take their defaults, so ``{"format_version": 1}`` is a valid,
empty note.  Writing is atomic: the JSON goes to a temporary file in the same
folder, which is flushed and then renamed over the target.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .atomic import sweep_stale, write_bytes
from .engine import parse_topics

FORMAT_VERSION = 1
SUFFIX = ".xhsnote"
CONTEXT_CHARS = 8
MAX_FILE_BYTES = 50 << 20  # a note or text file larger than this is refused unread (README.md says so)
MAX_DEPTH = 64  # lists and objects nested deeper make a note "corrupt" (a real note needs 4)

_KNOWN = {"format_version", "title", "body", "topics", "images", "industry", "checklist",
          "ignored", "overrides"}


class NoteError(Exception):
    """A note that cannot be read or written.

    ``kind`` is one of ``"corrupt"``, ``"future"``, ``"io"``, ``"encoding"``,
    ``"not_file"`` (a folder, pipe or device) or ``"too_large"`` so the UI can
    phrase the message in its own language; ``detail`` is the underlying
    technical reason (English).
    """

    def __init__(self, kind: str, path: str, detail: str = "") -> None:
        super().__init__(f"{path}: {kind}: {detail}")
        self.kind = kind
        self.path = path
        self.detail = detail


@dataclass
class IgnoredFinding:
    """One "Ignore here" decision stored in the note."""

    field: str
    rule: str
    matched: str
    context: str
    reason: str = ""

    def to_dict(self) -> dict[str, str]:
        """The JSON form."""
        return {"field": self.field, "rule": self.rule, "matched": self.matched,
                "context": self.context, "reason": self.reason}


@dataclass
class Note:
    """A XiaoHongShu note as the editor keeps it."""

    title: str = ""
    body: str = ""
    topics: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    industry: str | None = None
    checklist: dict[str, Any] = field(default_factory=dict)
    ignored: list[IgnoredFinding] = field(default_factory=list)
    overrides: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def topics_text(self) -> str:
        """The topics as the user types them: ``#a #b``."""
        return " ".join(f"#{t}" for t in self.topics)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object written to disk."""
        data: dict[str, Any] = dict(self.extra)
        data.update({
            "format_version": FORMAT_VERSION,
            "title": self.title,
            "body": self.body,
            "topics": list(self.topics),
            "images": [dict(i) for i in self.images],
            "industry": self.industry,
            "checklist": dict(self.checklist),
            "ignored": [i.to_dict() for i in self.ignored],
            "overrides": dict(self.overrides),
        })
        return data

    def is_ignored(self, field_: str, rule: str, matched: str, context: str) -> bool:
        """Whether a finding with this rule, text and context was ignored here."""
        return any(i.field == field_ and i.rule == rule and i.matched == matched and i.context == context
                   for i in self.ignored)


def context_of(text: str, start: int, end: int) -> str:
    """The matched span with up to ``CONTEXT_CHARS`` characters either side, within its paragraph.

    The editor computes it from one paragraph, the checklist and the report
    from the whole field: both must give the same key.
    """
    lo = max(0, start - CONTEXT_CHARS, text.rfind("\n", 0, start) + 1)
    line_end = text.find("\n", end)
    hi = min(end + CONTEXT_CHARS, len(text) if line_end == -1 else line_end)
    return text[lo:hi]


def topics_from_text(text: str) -> list[str]:
    """Topic names from ``#a #b`` or ``a b`` typed in the topics field (as the engine reads them)."""
    return [name for _start, _end, name in parse_topics(text)]


def _str(value: Any, key: str, path: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise NoteError("corrupt", path, f"{key!r} must be a string")
    return value


def from_dict(data: Any, path: str = "") -> Note:
    """Build a note from parsed JSON; raises :class:`NoteError` for bad content."""
    if not isinstance(data, dict):
        raise NoteError("corrupt", path, "the file is not a JSON object")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise NoteError("corrupt", path, "'format_version' is missing or not a positive integer")
    if version > FORMAT_VERSION:
        raise NoteError("future", path, f"format_version {version} > {FORMAT_VERSION}")
    topics = data.get("topics") or []
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise NoteError("corrupt", path, "'topics' must be a list of strings")
    images = data.get("images") or []
    if not isinstance(images, list) or not all(isinstance(i, dict) and isinstance(i.get("path"), str)
                                               for i in images):
        raise NoteError("corrupt", path, "'images' must be a list of {\"path\": ...} objects")
    industry = data.get("industry")
    if industry is not None and not isinstance(industry, str):
        raise NoteError("corrupt", path, "'industry' must be a string or null")
    checklist = data.get("checklist") or {}
    overrides = data.get("overrides") or {}
    if not isinstance(checklist, dict) or not isinstance(overrides, dict):
        raise NoteError("corrupt", path, "'checklist' and 'overrides' must be objects")
    ignored: list[IgnoredFinding] = []
    if not isinstance(data.get("ignored") or [], list):
        raise NoteError("corrupt", path, "'ignored' must be a list of objects")
    for item in data.get("ignored") or []:
        if not isinstance(item, dict):
            raise NoteError("corrupt", path, "'ignored' must be a list of objects")
        ignored.append(IgnoredFinding(
            field=_str(item.get("field", "body"), "ignored.field", path),
            rule=_str(item.get("rule"), "ignored.rule", path),
            matched=_str(item.get("matched"), "ignored.matched", path),
            context=_str(item.get("context"), "ignored.context", path),
            reason=_str(item.get("reason"), "ignored.reason", path),
        ))
    return Note(
        title=_str(data.get("title"), "title", path),
        body=_str(data.get("body"), "body", path),
        topics=list(topics),
        images=[dict(i) for i in images],
        industry=industry,
        checklist=dict(checklist),
        ignored=ignored,
        overrides=dict(overrides),
        extra={k: v for k, v in data.items() if k not in _KNOWN},
    )


def dumps(note: Note) -> str:
    """The note as ``.xhsnote`` JSON text."""
    return json.dumps(note.to_dict(), ensure_ascii=False, indent=2) + "\n"


def load(path: str | os.PathLike[str]) -> Note:
    """Read a ``.xhsnote`` file, or import a ``.txt``/``.md`` file as a note's body.

    Raises :class:`NoteError`; the file on disk is never changed.
    """
    p = Path(path)
    raw = read_file(p)
    if p.suffix.lower() in (".txt", ".md", ".markdown"):
        text = decode_text(raw)
        if text is None:
            raise NoteError("encoding", str(p), "neither UTF-8 nor GB18030/GBK text")
        return import_text(text)
    return parse_note(raw, str(p))


def read_file(path: Path) -> bytes:
    """The bytes of a file the user named, for every reader of notes and texts.

    Only a regular file of at most :data:`MAX_FILE_BYTES` is read: a folder, a
    named pipe (which would block) or a device such as ``/dev/zero`` (which never
    ends) raises :class:`NoteError` ``"not_file"``, a larger file ``"too_large"``.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise NoteError("not_file", str(path), "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise NoteError("too_large", str(path), f"larger than {MAX_FILE_BYTES >> 20} MB")
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise NoteError("io", str(path), exc.strerror or str(exc)) from None
    except ValueError as exc:  # a path holding a NUL character
        raise NoteError("io", str(path), str(exc)) from None
    if len(data) > MAX_FILE_BYTES:
        raise NoteError("too_large", str(path), f"larger than {MAX_FILE_BYTES >> 20} MB")
    return data


def parse_note(raw: bytes, path: str = "") -> Note:
    """A note from the bytes of a ``.xhsnote`` file (UTF-8 JSON); raises :class:`NoteError`.

    Whatever the bytes, the result is a note or a :class:`NoteError`: JSON nested
    too deeply or holding a number too long to convert is "corrupt", and text
    that cannot be written back (a lone surrogate from a ``\\ud800`` escape)
    becomes U+FFFD, one character for one, so offsets stay right.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NoteError("encoding", path, f"{exc.reason} at byte {exc.start}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NoteError("corrupt", path, f"line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise NoteError("corrupt", path, "lists or objects are nested too deeply") from None
    except ValueError as exc:  # e.g. a number of thousands of digits
        raise NoteError("corrupt", path, str(exc)[:200]) from None
    return from_dict(_writable(data, path), path)


def _writable_str(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _writable(data: Any, path: str) -> Any:
    """``data`` with every string (keys too) encodable as UTF-8, nested at most :data:`MAX_DEPTH` deep.

    A deeper file would be read but could not be saved again.
    """
    if isinstance(data, str):
        return _writable_str(data)
    stack = [(data, 1)] if isinstance(data, (dict, list)) else []
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise NoteError("corrupt", path, "lists or objects are nested too deeply")
        if isinstance(item, list):
            for i, value in enumerate(item):
                if isinstance(value, str):
                    item[i] = _writable_str(value)
                elif isinstance(value, (dict, list)):
                    stack.append((value, depth + 1))
        else:
            for key in list(item):
                value = item[key]
                if isinstance(value, str):
                    value = _writable_str(value)
                elif isinstance(value, (dict, list)):
                    stack.append((value, depth + 1))
                clean = _writable_str(key)
                if clean != key:
                    del item[key]
                item[clean] = value
    return data


def decode_text(raw: bytes) -> str | None:
    """Plain text as UTF-8 (with or without BOM), else GB18030 (which covers GBK); None if neither."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


def import_text(text: str) -> Note:
    """A note from plain text or Markdown.

    A Markdown heading on the first line (``# …``) becomes the title; a last line
    made only of ``#topics`` becomes the topics.  Everything else is the body.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = ""
    if lines and lines[0].startswith("# "):
        title = lines.pop(0)[2:].strip()
        while lines and not lines[0].strip():
            lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    topics: list[str] = []
    if lines:
        last = lines[-1].split()
        if last and all(w.startswith("#") and len(w) > 1 and not w.startswith("##") for w in last):
            topics = topics_from_text(lines.pop())
            while lines and not lines[-1].strip():
                lines.pop()
    return Note(title=title, body="\n".join(lines), topics=topics)


def save(note: Note, path: str | os.PathLike[str]) -> None:
    """Write ``note`` to ``path`` atomically (temporary file, fsync, rename)."""
    write_text_atomic(Path(path), dumps(note))


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) so a crash never leaves half a file."""
    try:
        write_bytes(path, text.encode("utf-8"))
    except OSError as exc:
        raise NoteError("io", str(path), exc.strerror or str(exc)) from None


# --- Recovery of unsaved work -------------------------------------------------

def recovery_file(config: Path) -> Path:
    """Where unsaved work is kept between autosaves (``<config>/recovery/``)."""
    return config / "recovery" / "unsaved.xhsnote"


def write_recovery(note: Note, config: Path, original: str | None) -> Path:
    """Store ``note`` as recovery data, remembering the file it came from (if any)."""
    target = recovery_file(config)
    data = note.to_dict()
    data["recovery_of"] = original
    write_text_atomic(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return target


def read_recovery(config: Path) -> tuple[Note, str | None] | None:
    """The recovered note and its original path, or None when there is nothing usable."""
    target = recovery_file(config)
    sweep_stale(target)  # at start: what an autosave killed midway left behind
    if not target.is_file():
        return None
    try:
        note = load(target)
    except NoteError:
        return None
    original = note.extra.pop("recovery_of", None)
    return note, original if isinstance(original, str) else None


def discard_recovery(config: Path) -> None:
    """Delete the recovery data (after a save, a clean close or a declined restore)."""
    try:
        recovery_file(config).unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass
