"""Exporting a note: clipboard text, ``.txt``/``.md`` files and export bundles.  No Qt here.

Every file is written atomically (a temporary file in the target's folder,
flushed, then ``os.replace``) and nothing is overwritten unless the caller
passes ``overwrite=True`` (the UI asks the user first).  Failures raise
:class:`ExportError`, whose :meth:`ExportError.message` is a sentence in
Chinese or English.

Formats
-------
Clipboard / ``.txt``
    Title, blank line, body, blank line, topics as ``#话题 #话题`` — the layout
    pasted into the XiaoHongShu app.  Empty parts are left out.
``.md``
    ``# Title``, blank line, body, blank line, topics.  It reads back into a note
    with :func:`xhs_editor.note.import_text`.
Bundle (a folder, or a ``.zip`` when the target ends in ``.zip``)
    ``note.txt`` (as above), ``note.md``, the images renamed ``01.jpg``,
    ``02.png`` … in note order (extensions kept, lower-cased), and the reports
    the caller passes (e.g. ``report.html``, ``report.pdf``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Protocol

from .atomic import atomic_file, set_normal_mode
from .i18n import t


class ExportNote(Protocol):
    """What an export needs from a note."""

    title: str
    body: str
    topics: list[str]
    images: list[dict[str, Any]]


class ExportError(Exception):
    """An export that could not be written.

    ``kind`` is ``"exists"``, ``"io"``, ``"missing_image"``, ``"outside_image"`` (an
    image outside the note's folder that was not allowed in) or ``"bad_target"``.
    """

    def __init__(self, kind: str, path: str, detail: str = "") -> None:
        super().__init__(f"{path}: {kind}: {detail}")
        self.kind = kind
        self.path = path
        self.detail = detail

    def message(self, lang: str = "zh") -> str:
        """A sentence for the user in ``lang``."""
        return t(f"export.{self.kind}", lang, path=self.path, detail=self.detail)


def topics_line(topics: list[str]) -> str:
    """Topics as the app expects them: ``#护肤 #好物分享``."""
    return " ".join(f"#{x.strip().lstrip('#')}" for x in topics if x.strip().lstrip("#"))


def clipboard_text(note: ExportNote) -> str:
    """Title, body and topics ready to paste into the XiaoHongShu app."""
    parts = [note.title.strip(), note.body.strip("\n"), topics_line(note.topics)]
    return "\n\n".join(p for p in parts if p)


def to_txt(note: ExportNote) -> str:
    """The ``.txt`` export (the clipboard text with a final newline)."""
    return clipboard_text(note) + "\n"


def to_markdown(note: ExportNote) -> str:
    """The ``.md`` export: a ``#`` heading for the title, then body and topics."""
    parts = [f"# {note.title.strip()}" if note.title.strip() else "", note.body.strip("\n"),
             topics_line(note.topics)]
    return "\n\n".join(p for p in parts if p) + "\n"


def parse_txt(text: str) -> tuple[str, str, list[str]]:
    """Read a ``.txt`` export back: (title, body, topics).

    The first paragraph's single line is the title; a last line made only of
    ``#topics`` is the topics.
    """
    from .note import topics_from_text

    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    topics: list[str] = []
    last = lines[-1].split() if lines else []
    if last and all(w.startswith("#") and len(w) > 1 for w in last):
        topics = topics_from_text(lines.pop())
        while lines and not lines[-1].strip():
            lines.pop()
    title = ""
    if len(lines) >= 2 and lines[1] == "":
        title = lines.pop(0)
        lines.pop(0)
    return title, "\n".join(lines), topics


# --- writing ------------------------------------------------------------------------

def _check_target(path: Path, overwrite: bool) -> None:
    if (path.exists() or path.is_symlink()) and not overwrite:
        raise ExportError("exists", str(path))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``.

    Refuses (``ExportError("exists")``) when ``path`` exists, unless ``overwrite``.
    """
    target = Path(path)
    _check_target(target, overwrite)
    try:
        with atomic_file(target, overwrite) as fh:
            fh.write(data)
    except FileExistsError:
        raise ExportError("exists", str(target)) from None
    except OSError as exc:
        raise ExportError("io", str(target), exc.strerror or str(exc)) from None
    return target


def write_text_atomic(path: str | os.PathLike[str], text: str, overwrite: bool = False) -> Path:
    """Write UTF-8 ``text`` (``\\n`` line ends) atomically; see :func:`write_bytes_atomic`."""
    return write_bytes_atomic(path, text.encode("utf-8"), overwrite)


def save_text(note: ExportNote, path: str | os.PathLike[str], overwrite: bool = False) -> Path:
    """Save the note as ``.txt`` or ``.md`` (chosen by the suffix)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".txt":
        return write_text_atomic(p, to_txt(note), overwrite)
    if suffix in (".md", ".markdown"):
        return write_text_atomic(p, to_markdown(note), overwrite)
    raise ExportError("bad_target", str(p))


@dataclass(frozen=True)
class BundleEntry:
    """One file of a bundle: its name inside the bundle and where its bytes come from."""

    name: str
    data: bytes | None = None
    source: Path | None = None


def image_name(index: int, path: str) -> str:
    """The bundle name of the ``index``-th (0-based) image: ``01.jpg``, ``02.png`` …"""
    ext = Path(path).suffix.lower()
    width = 2 if index < 99 else len(str(index + 1))
    return f"{index + 1:0{width}d}{ext}"


def outside_images(note: ExportNote, note_dir: str | os.PathLike[str] | None) -> list[str]:
    """The note's image paths that lead outside its folder; a bundle takes them only when allowed.

    A note without a folder (never saved) has nothing to stay inside.
    """
    if note_dir is None:
        return []
    from .images.checks import is_outside

    return [str(img.get("path", "")) for img in note.images if is_outside(note_dir, str(img.get("path", "")))]


def bundle_entries(note: ExportNote, note_dir: str | os.PathLike[str] | None,
                   reports: Mapping[str, bytes] | None = None, allow_outside: bool = False) -> list[BundleEntry]:
    """What a bundle holds, in order.

    Raises ``ExportError("outside_image")`` for an image outside the note's
    folder unless ``allow_outside`` (the user confirmed it), before looking at
    the file, and ``ExportError("missing_image")`` for a missing image.
    """
    if not allow_outside:
        outside = outside_images(note, note_dir)
        if outside:
            raise ExportError("outside_image", outside[0])
    base = Path(note_dir) if note_dir is not None else Path.cwd()
    entries = [BundleEntry("note.txt", to_txt(note).encode("utf-8")),
               BundleEntry("note.md", to_markdown(note).encode("utf-8"))]
    for i, img in enumerate(note.images):
        rel = str(img.get("path", ""))
        src = Path(rel) if Path(rel).is_absolute() else base / rel
        if "\x00" in rel or not src.is_file():
            raise ExportError("missing_image", str(src))
        entries.append(BundleEntry(image_name(i, rel), source=src))
    for name, data in (reports or {}).items():
        entries.append(BundleEntry(name, data=data))
    return entries


def write_bundle(note: ExportNote, dest: str | os.PathLike[str], note_dir: str | os.PathLike[str] | None = None,
                 reports: Mapping[str, bytes] | None = None, overwrite: bool = False,
                 allow_outside: bool = False) -> Path:
    """Write an export bundle to ``dest``: a ``.zip`` file, or else a folder.

    ``note_dir`` is the folder image paths are relative to (the note's folder);
    ``reports`` maps file names such as ``report.pdf`` to their bytes.  The
    bundle is built next to ``dest`` and moved into place in one step.  Images
    outside the note's folder are refused unless ``allow_outside``.
    """
    target = Path(dest)
    _check_target(target, overwrite)
    entries = bundle_entries(note, note_dir, reports, allow_outside)
    if target.suffix.lower() == ".zip":
        return _write_zip(target, entries, overwrite)
    return _write_folder(target, entries, overwrite)


def _write_zip(target: Path, entries: list[BundleEntry], overwrite: bool) -> Path:
    try:
        with atomic_file(target, overwrite) as fh:
            with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for e in entries:
                    if e.source is not None:
                        zf.write(e.source, e.name)
                    else:
                        zf.writestr(e.name, e.data or b"")
    except FileExistsError:
        raise ExportError("exists", str(target)) from None
    except OSError as exc:
        raise ExportError("io", str(target), exc.strerror or str(exc)) from None
    return target


def _write_folder(target: Path, entries: list[BundleEntry], overwrite: bool) -> Path:
    tmp: Path | None = None
    old: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        set_normal_mode(tmp, target if target.is_dir() else None, folder=True)  # mkdtemp makes it private
        for e in entries:
            if e.source is not None:
                shutil.copyfile(e.source, tmp / e.name)
            else:
                (tmp / e.name).write_bytes(e.data or b"")
        if target.exists() or target.is_symlink():
            if not overwrite:
                raise ExportError("exists", str(target))
            if target.is_dir() and not target.is_symlink():
                old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
                os.replace(target, old / "bundle")
            else:
                target.unlink()
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        if old is not None and not target.exists():
            os.replace(old / "bundle", target)  # put the previous bundle back
        raise ExportError("io", str(target), exc.strerror or str(exc)) from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return target
