"""A finding placed in the editor: which field, which paragraph, which Qt positions."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import Finding

FIELDS = ("title", "body", "topics")


@dataclass(frozen=True)
class Hit:
    """A finding with its location in one of the note's fields.

    ``start``/``end`` are Qt document positions (UTF-16) in that field's editor;
    ``context`` is a short excerpt around the match for display; ``ignore_key``
    is the context string stored by "Ignore here"; ``ignored`` is the note's
    record (with the reason) when the user set this finding aside.
    """

    field: str
    finding: Finding
    start: int
    end: int
    context: str
    ignore_key: str
    ignored: object = None
