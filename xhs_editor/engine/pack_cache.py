"""The bundled packs' YAML documents, parsed ahead of time, so the first launch need not parse 600 KB of YAML.

libyaml takes about a third of building the rule set; a JSON file of the same documents loads in a
tenth of that.  ``rules/generated/packs.json`` holds, for each bundled pack, the SHA-256 of its bytes
and its document with every mapping's line (what :func:`.packs.read_yaml` builds).  A pack is looked up
by the hash of its bytes, so a pack edited since the file was made (or any pack it does not hold) is
simply parsed: the file can make loading slower when stale, never different.  ``tools/make_pack_cache.py``
writes it, and a test checks it is current.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any, Callable

from .paths import bundled_rules_dir

FILE = Path("generated") / "packs.json"
"""Where the documents are kept, inside the bundled ``rules/`` folder."""

LINE = "\x00line"
"""The key that holds a mapping's line in the file (no pack key can be written with a NUL)."""

FORMAT = 1

_lock = threading.Lock()
_loaded: dict[Path, dict[str, Any]] = {}


def encode(doc: Any, line_of: Callable[[dict], int]) -> Any:
    """``doc`` as JSON data: each mapping with its line (``line_of``) under :data:`LINE`."""
    if isinstance(doc, dict):
        out = {LINE: line_of(doc)}
        for key, value in doc.items():
            if not isinstance(key, str):
                raise TypeError(f"a key that is not text: {key!r}")
            out[key] = encode(value, line_of)
        return out
    if isinstance(doc, list):
        return [encode(item, line_of) for item in doc]
    if doc is None or isinstance(doc, (str, bool, int, float)):
        return doc
    raise TypeError(f"a value JSON cannot hold: {doc!r}")


def document(data: bytes, mapping: Callable[[dict, int], dict], folder: Path | None = None) -> Any | None:
    """The document of the pack whose bytes are ``data``, its mappings made by ``mapping(items, line)``; None when
    the file in ``folder`` (default: the bundled rules) does not hold it."""
    entries = _entries((folder or bundled_rules_dir()) / FILE)
    text = entries.get(hashlib.sha256(data).hexdigest()) if entries else None
    if text is None:
        return None

    def hook(obj: dict) -> Any:
        line = obj.pop(LINE, None)
        return obj if line is None else mapping(obj, line)

    return json.loads(text, object_hook=hook)


def _entries(path: Path) -> dict[str, Any]:
    """The file's documents by hash, each still as JSON text (a document is decoded when its pack is read)."""
    with _lock:
        found = _loaded.get(path)
        if found is None:
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
                found = stored["documents"] if stored.get("format") == FORMAT else {}
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                found = {}
            _loaded[path] = found
        return found


def dumps(documents: dict[str, Any]) -> str:
    """The file's text for ``documents`` (hash → :func:`encode`\\ d document), each document one JSON string."""
    body = {"format": FORMAT,
            "documents": {sha: json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
                          for sha, doc in sorted(documents.items())}}
    return json.dumps(body, ensure_ascii=False, indent=0) + "\n"


def write(path: Path, text: str) -> None:
    """Write the file's ``text`` (:func:`dumps`) to ``path``."""
    path.write_text(text, encoding="utf-8")
    with _lock:
        _loaded.pop(path, None)
