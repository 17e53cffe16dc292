"""The compliance engine: text in, findings out.  No Qt below this package."""

from __future__ import annotations

import threading

from .check import (check_note, check_text, count_by_severity, limit_findings, parse_topics,
                    suggest_industries, title_length, visible_length)
from .model import Category, Detector, Finding, Limits, PackError, PackInfo, Rule, Severity, Text2
from .normalizer import Normalized, fold, normalize, normalize_term
from .note_context import NO_CONTEXT, NoteContext, line_facts, note_context
from .paths import bundled_rules_dir, config_dir, resources_dir, user_rules_dir
from .ruleset import RuleSet, load_ruleset
from .segment import warm as warm_segmenter

__all__ = [
    "Category", "Detector", "Finding", "Limits", "NO_CONTEXT", "Normalized", "NoteContext", "PackError", "PackInfo",
    "Rule", "RuleSet", "Severity", "Text2", "bundled_rules_dir", "check_note", "check_text",
    "config_dir", "count_by_severity", "default_ruleset", "fold", "limit_findings",
    "line_facts", "load_ruleset", "normalize", "normalize_term", "note_context", "parse_topics",
    "reset_default_ruleset",
    "resources_dir", "suggest_industries", "title_length", "user_rules_dir", "visible_length",
    "warm_segmenter",
]

_lock = threading.Lock()
_default: RuleSet | None = None


def default_ruleset() -> RuleSet:
    """The bundled and user packs, loaded once and cached."""
    global _default
    with _lock:
        if _default is None:
            _default = load_ruleset()
        return _default


def reset_default_ruleset(ruleset: RuleSet | None = None) -> None:
    """Forget the cached rule set (after a user pack changed), or replace it."""
    global _default
    with _lock:
        _default = ruleset
