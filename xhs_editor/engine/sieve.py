"""Which detectors can match a text at all, found in one pass per view instead of one search per detector.

Each detector's search reads the whole text, and on a real note almost none of them finds anything: an
RE2::Set of all the detectors of a view reads the text once and names those that match somewhere, and only
those are run.  A Set whose DFA runs out of memory reports nothing rather than failing loudly, so every Set
also holds the empty expression, which matches any text: when it is not named, the Set failed and every
detector of the view is run, as if there were no sieve.
"""

from __future__ import annotations

from typing import Any, Sequence

import re2

from .linear import RE2_OPTIONS
from .model import Detector


class DetectorSieve:
    """One RE2::Set per view over the detectors' expressions, as RE2 runs them."""

    __slots__ = ("_sets",)

    def __init__(self, detectors: Sequence[Detector]) -> None:
        by_view: dict[str, list[int]] = {}
        for k, det in enumerate(detectors):
            by_view.setdefault(det.view, []).append(k)
        self._sets: dict[str, tuple[Any, tuple[int, ...]]] = {}
        for view, members in by_view.items():
            search = re2.Set.SearchSet(RE2_OPTIONS)
            try:
                for k in members:
                    search.Add(detectors[k].pattern.source.encode("utf-8"))
                search.Add(b"")  # the sentinel (see the module's docstring)
                search.Compile()
            except re2.error:  # too large for one Set: this view's detectors are each run
                continue
            self._sets[view] = (search, tuple(members))

    def matching(self, view: str, data: bytes) -> set[int] | None:
        """The indexes of the detectors of ``view`` that match somewhere in ``data``, the view's UTF-8 bytes;
        None when the sieve cannot tell, and every detector of the view has to be run."""
        entry = self._sets.get(view)
        if entry is None:
            return None
        search, members = entry
        found = search.Match(data)
        if not found or len(members) not in found:
            return None
        return {members[i] for i in found if i < len(members)}
