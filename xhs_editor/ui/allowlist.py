"""The user's own allowlist pack (``my_allowlist.yaml``): "Always allow this term".  No Qt here."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..engine.packs import PackInvalid, read_yaml
from ..note import NoteError, write_text_atomic

FILE_NAME = "my_allowlist.yaml"
_HEADER = {"name": "my-allowlist", "version": "1",
           "description": "我允许的词（由编辑器添加）。Terms I allow (added by the editor)."}


def allowlist_path(rules_dir: Path) -> Path:
    """Where the user's allowlist pack lives."""
    return rules_dir / FILE_NAME


def read_terms(rules_dir: Path) -> list[str]:
    """The terms in the user's allowlist pack (empty if it does not exist or is unreadable)."""
    path = allowlist_path(rules_dir)
    try:
        _data, doc = read_yaml(path, lines=False)
    except (OSError, PackInvalid):
        return []
    terms = doc.get("allowlist") if isinstance(doc, dict) else None
    return [str(t) for t in terms] if isinstance(terms, list) else []


def add_term(rules_dir: Path, term: str) -> Path:
    """Append ``term`` to the allowlist pack (creating it), keeping the other terms.

    Raises :class:`~xhs_editor.note.NoteError` ("io" or "corrupt") when the file
    cannot be written or holds something that is not a pack; it is then left alone.
    """
    path = allowlist_path(rules_dir)
    doc: object = None
    if path.exists():
        try:
            _data, doc = read_yaml(path, lines=False)
        except OSError as exc:
            raise NoteError("io", str(path), exc.strerror or str(exc)) from None
        except PackInvalid as exc:
            raise NoteError("corrupt", str(path), f"line {exc.line}: {exc.problem}") from None
        if doc is not None and not isinstance(doc, dict):
            raise NoteError("corrupt", str(path), "not a rule pack")
    pack = dict(doc) if isinstance(doc, dict) else {}
    pack.setdefault("pack", dict(_HEADER))
    terms = [str(t) for t in pack.get("allowlist") or []]
    if term not in terms:
        terms.append(term)
    pack["allowlist"] = terms
    text = "# 由 XHS Editor 的「始终允许此词」维护，可以手动编辑。\n" + \
        yaml.safe_dump(pack, allow_unicode=True, sort_keys=False)
    write_text_atomic(path, text)
    return path
