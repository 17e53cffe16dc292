"""Re-checking a long paragraph after a small edit, without checking all of it again.

Typing in a paragraph of tens of thousands of characters would otherwise check
the whole paragraph on every key.  Findings away from the edit cannot change:
no term, context or detector reaches further than ``margin`` characters.  So
only a window around the edit is checked again; findings before it are kept
and findings after it are shifted by the length the edit added or removed.
"""

from __future__ import annotations

from dataclasses import replace

from .check import check_text
from .model import Finding
from .note_context import NoteContext
from .ruleset import RuleSet

MARGIN = 400
"""How far around an edit text is checked again: more than any term, context or contact pattern spans."""


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # the slices compare in C; the search halves the range
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:] == b[len(b) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def recheck(old_text: str, old_findings: list[Finding], new_text: str, ruleset: RuleSet,
            margin: int = MARGIN, *, starts_field: bool = True, ends_field: bool = True,
            note: NoteContext | None = None) -> list[Finding]:
    """The findings of ``new_text``, given those of ``old_text`` (usually the same paragraph before a key,
    checked in the same note context ``note``).

    Gives the same result as :func:`check_text` (falling back to it whenever a
    finding reaches across the re-checked window's edges).
    """
    n_old, n_new = len(old_text), len(new_text)
    if n_new < 4 * margin or n_old < 4 * margin:
        return check_text(new_text, ruleset, starts_field=starts_field, ends_field=ends_field, note=note)
    p = _common_prefix(old_text, new_text)
    s = _common_suffix(old_text, new_text, min(n_old, n_new) - p)
    if p == n_old == n_new:
        return list(old_findings)
    delta = n_new - n_old
    ws, we = max(0, p - 2 * margin), min(n_new, n_new - s + 2 * margin)
    left_cut = ws + margin if ws else 0
    right_cut = we - margin if we < n_new else n_new
    kept: list[Finding] = []
    for f in old_findings:
        if f.start < left_cut:
            if f.end > left_cut:
                # straddles the seam: check everything
                return check_text(new_text, ruleset, starts_field=starts_field, ends_field=ends_field, note=note)
            kept.append(f)
        elif f.end + delta > right_cut and f.start >= n_old - s:
            if f.start + delta < right_cut:
                return check_text(new_text, ruleset, starts_field=starts_field, ends_field=ends_field, note=note)
            kept.append(replace(f, start=f.start + delta, end=f.end + delta))
    for f in check_text(new_text[ws:we], ruleset, starts_field=starts_field and ws == 0,
                        ends_field=ends_field and we == n_new, note=note):
        start, end = f.start + ws, f.end + ws
        if start < left_cut or end > right_cut:
            continue  # near the window's edge its context was cut off; the kept findings cover it
        kept.append(replace(f, start=start, end=end))
    kept.sort(key=lambda f: (f.start, f.end))
    return kept
