"""Loading and validating YAML rule packs.

Each ``*.yaml`` file in a rules folder is one pack.  A pack that fails
validation is reported as a :class:`PackError` naming its file and line, and
the other packs still load.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from .model import Category, Context, Detector, Limits, PackError, PackInfo, Rule, Sense, Severity, Text2
from . import pack_cache
from .normalizer import normalize_term
from .patterns import PatternInvalid
from .patterns import parse as parse_pattern
from .linear import PatternRefused, compile_linear
from .prefilter import parse_checked, required_chars
from .senses import LINE_REACH

_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_TOP_KEYS = {"pack", "categories", "rules", "detectors", "allowlist", "disable", "limits", "industries", "vocabulary",
             "messages", "note_warning", "note_clinic", "note_selling", "tagger"}
_TAGGER_KEYS = {"skip", "contacts", "deals", "labelled"}
_NOTE_WARNING_KEYS = {"cues", "categories", "unless"}
_RULE_KEYS = {"id", "category", "severity", "terms", "message", "replacements", "advice", "suggestions", "allow",
              "senses", "inside_words", "across_punctuation", "mention", "list_scope", "phonetic", "patterns",
              "downgrade",
              "near", "also_in", "examples"}
_DETECTOR_KEYS = {"id", "category", "severity", "pattern", "view", "message", "replacements", "advice",
                  "suggestions", "examples"}
_CATEGORY_KEYS = {"id", "name", "severity", "color", "description", "source", "topic_severity", "claim", "warned"}
_VIEWS = {"folded", "digits"}


class _Map(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers the line it started on (1-based)."""

    line = 0


_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """The safe YAML loader (libyaml's when present) recording line numbers of mappings."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> _Map:  # type: ignore[override]
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                if key_node.value in seen:  # YAML keeps the second silently; a pack author meant both
                    raise PackInvalid(line, f"the key '{key_node.value}' is written twice in one mapping (first on "
                                            f"line {seen[key_node.value]}); the second would replace the first")
                seen[key_node.value] = line
        mapping = _Map(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping  # type: ignore[arg-type]
)

_STR = yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG
_SEQ = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_MAP = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
# The first characters of the plain scalars that may be something other than text (null, true, 3, 1.5, 2021-04-29):
# SafeLoader has no resolver for any first character (keyed None) and none by path, so every other scalar is text.
_TYPED_FIRSTS = frozenset(_SafeBase.yaml_implicit_resolvers)
# The implicit scalar types that SafeLoader builds (its own constructors build them here too).
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("null", "bool", "int", "float", "timestamp"))
_KEY_TAGS = _SCALAR_TAGS | {_STR}


class _NotPlain(Exception):
    """A document that :class:`_QuickLoader` leaves to PyYAML's constructor."""


class _QuickLoader(_LineLoader):
    """:class:`_LineLoader` for the usual pack: text, lists, mappings and scalar keys, built in one walk.

    PyYAML's constructor is several calls per node, and a pack has thousands of them.  Anything else (an alias,
    a merge key, a key that is a list or a mapping, a tagged list, any error) raises; :func:`read_yaml` then reads
    the text again the full way, which refuses or explains it as before.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and (not implicit[0] or value[:1] not in _TYPED_FIRSTS):
            return _STR  # quoted, or a first character no implicit type starts with: what SafeLoader resolves too
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]

    def construct_document(self, node: yaml.Node) -> Any:
        return self._build(node, set())

    def _build(self, node: yaml.Node, seen: set[int]) -> Any:
        if id(node) in seen:  # an alias: the anchored node again
            raise _NotPlain
        seen.add(id(node))
        tag = node.tag
        if tag == _STR and type(node) is yaml.ScalarNode:
            return node.value
        if tag == _SEQ and type(node) is yaml.SequenceNode:
            return [self._build(item, seen) for item in node.value]
        if tag == _MAP and type(node) is yaml.MappingNode:
            mapping = _Map()
            mapping.line = node.start_mark.line + 1
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode or key_node.tag not in _KEY_TAGS:
                    raise _NotPlain  # a merge (<<) or value (=) key, a tagged key, a key that holds no scalar
                key = self._build(key_node, seen)
                if key in mapping:
                    raise _NotPlain  # a key written twice: the full way reports it with its line
                mapping[key] = self._build(value_node, seen)
            return mapping
        if tag in _SCALAR_TAGS and type(node) is yaml.ScalarNode:
            return self.construct_object(node, deep=True)
        raise _NotPlain


class PackInvalid(Exception):
    """Raised inside the loader for the first problem found in a pack."""

    def __init__(self, line: int, problem: str) -> None:
        if len(problem) > _MAX_PROBLEM:  # a value quoted in the problem may be huge
            problem = problem[:_MAX_PROBLEM] + "…"
        super().__init__(problem)
        self.line = line
        self.problem = problem


MAX_PACK_BYTES = 4 << 20  # a larger file is refused unread (rules/README.md says so)
_MAX_PROBLEM = 300
# An anchor (&a) or alias (*a) token; only those texts are scanned token by token.
_MAYBE_ALIAS = re.compile(r"[&*][^\s,\[\]{}]")


def _refuse_aliases(text: str) -> None:
    """Refuse YAML aliases: nested ones expand a 650-byte pack into gigabytes."""
    if not _MAYBE_ALIAS.search(text):
        return
    for token in yaml.scan(text, Loader=_SafeBase):
        if isinstance(token, yaml.AliasToken):
            raise PackInvalid(token.start_mark.line + 1, "YAML aliases (*name) are not allowed in a rule pack; "
                                                         "write the value out")


@dataclass
class RawPack:
    """One parsed and validated pack, before it is merged into a rule set."""

    info: PackInfo
    categories: list[Category] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    detectors: list[Detector] = field(default_factory=list)
    allowlist: list[str] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    limits: dict[str, Any] = field(default_factory=dict)
    industries: list[dict[str, Any]] = field(default_factory=list)
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    messages: dict[str, tuple[Text2, str, Severity | None, tuple[str, ...]]] = field(default_factory=dict)
    note_warning: dict[str, Any] = field(default_factory=dict)
    """The keys of ``note_warning`` this pack sets; ``unless`` is kept with its line, checked once all packs are read."""
    note_clinic: dict[str, Any] = field(default_factory=dict)
    """The keys of ``note_clinic`` this pack sets, as for ``note_warning``."""
    note_selling: dict[str, Any] = field(default_factory=dict)
    """The keys of ``note_selling`` this pack sets (only ``categories`` means anything there)."""
    tagger: dict[str, Any] = field(default_factory=dict)
    """The keys of ``tagger`` this pack sets (``skip``: categories; ``contacts``, ``deals``: category → confidence;
    ``labelled``: its words with their line, expanded when the packs are merged)."""


def _line(obj: Any, default: int) -> int:
    return getattr(obj, "line", 0) or default


def _require_map(obj: Any, what: str, line: int) -> _Map:
    if not isinstance(obj, dict):
        raise PackInvalid(line, f"{what} must be a mapping")
    return obj  # type: ignore[return-value]


def _unknown_keys(obj: dict[str, Any], allowed: set[str], what: str, line: int) -> None:
    extra = sorted(set(obj) - allowed, key=str)  # a YAML key may be a number or true
    if extra:
        raise PackInvalid(line, f"{what}: unknown key {extra[0]!r} (allowed: {', '.join(sorted(allowed))})")


def _text(obj: Any, what: str, line: int, required: bool = True) -> Text2:
    if obj is None and not required:
        return Text2("", "")
    if isinstance(obj, str):
        return Text2(obj, obj)
    if not isinstance(obj, dict) or "zh" not in obj or "en" not in obj:
        raise PackInvalid(line, f"{what} must have 'zh' and 'en' texts")
    for key in ("zh", "en"):
        if not isinstance(obj[key], str):
            raise PackInvalid(line, f"{what}: '{key}' is not text ({obj[key]!r}); put it in quotes "
                                    "(YAML reads yes/no/on/off and numbers as other values)")
    if not obj["zh"].strip() or not obj["en"].strip():
        raise PackInvalid(line, f"{what}: 'zh' and 'en' must not be empty")
    return Text2(obj["zh"].strip(), obj["en"].strip())


def _strings(obj: Any, what: str, line: int) -> tuple[str, ...]:
    if obj is None:
        return ()
    if isinstance(obj, str):
        obj = [obj]
    if not isinstance(obj, list) or not all(isinstance(x, (str, int, float)) for x in obj):
        raise PackInvalid(line, f"{what} must be a list of strings")
    for x in obj:
        if isinstance(x, bool):
            raise PackInvalid(line, f"{what}: {x!r} is not text; put it in quotes "
                                    "(YAML reads yes/no/on/off as true or false)")
    return tuple(str(x) for x in obj)


def _advice(obj: dict[str, Any], what: str, line: int) -> tuple[str, ...]:
    """``advice``, or the old key ``suggestions`` read as advice (shown, never pasted in)."""
    if "advice" in obj and "suggestions" in obj:
        raise PackInvalid(line, f"{what}: write 'replacements' (wording that can stand in place of the match) "
                                "and 'advice' (what to do instead); 'suggestions' is the old name of 'advice'")
    key = "advice" if "advice" in obj else "suggestions"
    return _strings(obj.get(key), f"{what}: {key}", line)


def _replacements(obj: dict[str, Any], what: str, line: int) -> tuple[str, ...]:
    out = _strings(obj.get("replacements"), f"{what}: replacements", line)
    for r in out:
        if not r.strip() or r != r.strip():
            raise PackInvalid(line, f"{what}: replacement {r!r} must be text without spaces around it")
    return out


def _severity(obj: Any, what: str, line: int) -> Severity:
    try:
        return Severity(obj)
    except ValueError:
        raise PackInvalid(line, f"{what}: severity must be info, warning or error, not {obj!r}") from None


def _check_id(obj: Any, what: str, line: int) -> str:
    if not isinstance(obj, str) or not _ID.match(obj):
        raise PackInvalid(line, f"{what}: id {obj!r} must be lowercase letters, digits, '.', '_' or '-'")
    return obj


def _term_ok(term: str, what: str, line: int) -> str:
    norm = normalize_term(term)
    if not norm:
        raise PackInvalid(line, f"{what}: term {term!r} is empty once spaces and symbols are removed")
    if len(norm) == 1 and norm.isascii():
        raise PackInvalid(line, f"{what}: term {term!r} is a single letter or digit once normalized ({norm!r})")
    return term


def _examples(obj: Any, what: str, line: int) -> dict[str, tuple[str, ...]]:
    if obj is None:
        return {}
    obj = _require_map(obj, f"{what}: examples", line)
    _unknown_keys(obj, {"flag", "info", "pass"}, f"{what}: examples", _line(obj, line))
    return {k: _strings(obj.get(k), f"{what}: examples.{k}", _line(obj, line)) for k in ("flag", "info", "pass")}


def _contexts(rule: dict[str, Any], what: str, line: int) -> tuple[Context, ...]:
    out: list[Context] = []
    allow = _strings(rule.get("allow"), f"{what}: allow", line)
    if allow:
        out.append(Context(tuple(_term_ok(w, f"{what}: allow", line) for w in allow), 0, None))
    down = _strings(rule.get("downgrade"), f"{what}: downgrade", line)
    if down:
        out.append(Context(tuple(_term_ok(w, f"{what}: downgrade", line) for w in down), 0, Severity.INFO))
    near = rule.get("near")
    if near is not None:
        if isinstance(near, dict):
            near = [near]
        if not isinstance(near, list):
            raise PackInvalid(line, f"{what}: near must be a list of mappings")
        for item in near:
            item_line = _line(item, line)
            item = _require_map(item, f"{what}: near", item_line)
            _unknown_keys(item, {"words", "within", "severity"}, f"{what}: near", item_line)
            words = _strings(item.get("words"), f"{what}: near.words", item_line)
            if not words:
                raise PackInvalid(item_line, f"{what}: near needs 'words'")
            within = item.get("within", 10)
            if not isinstance(within, int) or within < 1:
                raise PackInvalid(item_line, f"{what}: near.within must be a positive whole number")
            if "severity" not in item:
                raise PackInvalid(item_line, f"{what}: near needs 'severity'")
            sev = _severity(item.get("severity"), f"{what}: near", item_line)
            out.append(Context(tuple(_term_ok(w, f"{what}: near", item_line) for w in words), within, sev))
    return tuple(out)


def _parse_category(obj: Any, line: int) -> Category:
    obj = _require_map(obj, "category", line)
    line = _line(obj, line)
    _unknown_keys(obj, _CATEGORY_KEYS, "category", line)
    cid = _check_id(obj.get("id"), "category", line)
    color = obj.get("color", "#888888")
    if not isinstance(color, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        raise PackInvalid(line, f"category {cid}: color must look like #rrggbb")
    return Category(
        id=cid,
        name=_text(obj.get("name"), f"category {cid}: name", line),
        severity=_severity(obj.get("severity", "warning"), f"category {cid}", line),
        color=color,
        description=_text(obj.get("description"), f"category {cid}: description", line, required=False),
        source=str(obj.get("source", "")),
        topic_severity=(_severity(obj["topic_severity"], f"category {cid}: topic_severity", line)
                        if obj.get("topic_severity") is not None else None),
        claim=_flag(obj, "claim", f"category {cid}", line),
        warned=_flag(obj, "warned", f"category {cid}", line),
    )


def _flag(obj: dict[str, Any], key: str, what: str, line: int) -> bool:
    if key in obj and not isinstance(obj[key], bool):
        raise PackInvalid(line, f"{what}: {key} must be true or false")
    return bool(obj.get(key, False))


def _entry_head(obj: Any, kind: str, keys: set[str], line: int,
                categories: dict[str, Category]) -> tuple[Any, int, str, str, str]:
    """Checks shared by rules and detectors: (mapping, line, id, "kind id", category)."""
    obj = _require_map(obj, kind, line)
    line = _line(obj, line)
    _unknown_keys(obj, keys, kind, line)
    entry_id = _check_id(obj.get("id"), kind, line)
    what = f"{kind} {entry_id}"
    cat = obj.get("category")
    if cat not in categories:
        raise PackInvalid(line, f"{what}: unknown category {cat!r}")
    return obj, line, entry_id, what, cat


def _entry_common(obj: Any, what: str, line: int, cat: str, categories: dict[str, Category],
                  pack: str, path: str) -> dict[str, Any]:
    """Fields shared by rules and detectors: severity, message, replacements, advice, origin and examples."""
    sev = obj.get("severity")
    ex = _examples(obj.get("examples"), what, line)
    return {
        "severity": _severity(sev, what, line) if sev is not None else categories[cat].severity,
        "message": _text(obj.get("message"), f"{what}: message", line),
        "replacements": _replacements(obj, what, line),
        "advice": _advice(obj, what, line),
        "pack": pack,
        "path": path,
        "line": line,
        "examples_flag": ex.get("flag", ()),
        "examples_info": ex.get("info", ()),
        "examples_pass": ex.get("pass", ()),
    }


def _parse_rule(obj: Any, line: int, pack: str, path: str, categories: dict[str, Category]) -> Rule:
    obj, line, rid, what, cat = _entry_head(obj, "rule", _RULE_KEYS, line, categories)
    terms = _strings(obj.get("terms"), f"{what}: terms", line)
    claim_patterns = _strings(obj.get("patterns"), f"{what}: patterns", line)
    if not terms and not claim_patterns:
        raise PackInvalid(line, f"{what}: needs at least one term or pattern")
    for pattern in claim_patterns:
        try:
            parse_pattern(pattern)
        except PatternInvalid as exc:
            raise PackInvalid(line, f"{what}: pattern {pattern!r}: {exc}") from None
    for t in terms:
        _term_ok(t, what, line)
    also = _strings(obj.get("also_in"), f"{what}: also_in", line)
    for a in also:
        if a not in categories:
            raise PackInvalid(line, f"{what}: also_in names unknown category {a!r}")
    flags = {}
    for key in ("inside_words", "across_punctuation", "mention", "list_scope"):
        flags[key] = _flag(obj, key, what, line)
    sound = obj.get("phonetic", True)
    if sound not in (True, False, "single", "pinyin"):
        raise PackInvalid(line, f"{what}: phonetic must be true, false, single or pinyin")
    flags["phonetic"] = {True: "on", False: "off"}.get(sound, sound)
    return Rule(id=rid, category=cat, terms=terms, contexts=_contexts(obj, what, line), also_in=also,
                patterns=claim_patterns,
                senses=_senses(obj.get("senses"), what, line), **flags,
                **_entry_common(obj, what, line, cat, categories, pack, path))


_SENSE_KEYS = {"terms", "before", "after", "before_pos", "after_pos", "near", "near_before", "near_after", "contains",
               "in_note", "within",
               "skip", "at_clause_end", "at_clause_start", "in_selling_note", "verdict", "why"}
_SENSE_WORDS = ("before", "after", "near", "near_before", "near_after", "contains", "skip", "terms", "in_note")


def _senses(obj: Any, what: str, line: int) -> tuple[Sense, ...]:
    """A rule's ``senses``: readings told by neighbouring words, tags or nearby words."""
    if obj is None:
        return ()
    if not isinstance(obj, list):
        raise PackInvalid(line, f"{what}: senses must be a list of mappings")
    out = []
    for item in obj:
        item_line = _line(item, line)
        item = _require_map(item, f"{what}: senses", item_line)
        _unknown_keys(item, _SENSE_KEYS, f"{what}: sense", item_line)
        words = {}
        for key in _SENSE_WORDS:
            found = _strings(item.get(key), f"{what}: sense.{key}", item_line)
            words[key] = tuple(w if w.startswith("$") else _term_ok(w, f"{what}: sense.{key}", item_line)
                               for w in found)
        tags = {key: _strings(item.get(key), f"{what}: sense.{key}", item_line) for key in ("before_pos", "after_pos")}
        clause = {}
        for key in ("at_clause_end", "at_clause_start", "in_selling_note"):
            clause[key] = item.get(key, False)
            if not isinstance(clause[key], bool):
                raise PackInvalid(item_line, f"{what}: sense.{key} must be true or false")
        if not any(words[k] for k in ("before", "after", "near", "near_before", "near_after", "contains", "terms",
                                      "in_note")) \
                and not any(tags.values()) \
                and not any(clause.values()):
            raise PackInvalid(item_line, f"{what}: a sense needs terms, before, after, before_pos, after_pos,"
                                         " near, near_before, near_after, contains, in_note, at_clause_end,"
                                         " at_clause_start or in_selling_note")
        within = item.get("within", 0)
        if isinstance(within, bool) or not isinstance(within, int) or not 0 <= within <= LINE_REACH:
            raise PackInvalid(item_line, f"{what}: sense.within must be a whole number of characters "
                                         f"(at most {LINE_REACH})")
        if (words["near"] or words["near_before"] or words["near_after"]) and not within:
            raise PackInvalid(item_line, f"{what}: a sense with near words needs within (how many characters)")
        verdict = item.get("verdict")
        if verdict not in ("pass", "info", "warning", "error"):
            raise PackInvalid(item_line, f"{what}: sense.verdict must be pass, info, warning or error")
        out.append(Sense(None if verdict == "pass" else Severity(verdict), words["before"], words["after"],
                         tags["before_pos"], tags["after_pos"], words["near"], within, words["skip"],
                         words["near_before"], words["contains"], words["near_after"], words["terms"],
                         clause["at_clause_end"], clause["at_clause_start"], item_line, words["in_note"],
                         clause["in_selling_note"]))
    return tuple(out)


def _vocabulary(obj: Any) -> dict[str, tuple[str, ...]]:
    """A pack's shared word lists, referenced elsewhere as ``$name``."""
    if obj is None:
        return {}
    vocab = _require_map(obj, "vocabulary", 1)
    out = {}
    for name, words in vocab.items():
        if not isinstance(name, str) or not _ID.match(name):
            raise PackInvalid(_line(vocab, 1), f"vocabulary: {name!r} is not a valid list name (lowercase a-z0-9_)")
        out[name] = tuple(_term_ok(w, f"vocabulary.{name}", _line(vocab, 1))
                          for w in _strings(words, f"vocabulary.{name}", _line(vocab, 1)))
    return out


def _parse_detector(obj: Any, line: int, pack: str, path: str, categories: dict[str, Category]) -> Detector:
    obj, line, did, what, cat = _entry_head(obj, "detector", _DETECTOR_KEYS, line, categories)
    pattern = obj.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise PackInvalid(line, f"{what}: needs a 'pattern' string")
    upper = re.search(r"(?<!\\)(?<!\(\?)[A-Z]", pattern)
    if upper:
        raise PackInvalid(line, f"{what}: patterns run on lower-cased text, so write letters in lower case "
                                f"({upper.group()!r} at character {upper.start() + 1})")
    try:
        with warnings.catch_warnings():  # "possible nested set" and the like: not the user's problem here
            warnings.simplefilter("ignore")
            parsed = parse_checked(pattern)  # what re.compile(pattern) checks, without compiling it for nothing
    except (re.error, OverflowError) as exc:  # OverflowError: a{4294967296}
        raise PackInvalid(line, f"{what}: pattern is not a valid regular expression: {exc}") from None
    except RecursionError:
        raise PackInvalid(line, f"{what}: pattern nests groups too deeply") from None
    try:
        compiled = compile_linear(pattern)
    except PatternRefused as exc:
        raise PackInvalid(line, f"{what}: {exc}") from None
    if compiled.matches_empty():
        raise PackInvalid(line, f"{what}: pattern matches empty text")
    view = obj.get("view", "folded")
    if view not in _VIEWS:
        raise PackInvalid(line, f"{what}: view must be one of {', '.join(sorted(_VIEWS))}")
    return Detector(id=did, category=cat, pattern=compiled, view=view,
                    requires=required_chars(pattern, parsed=parsed),
                    **_entry_common(obj, what, line, cat, categories, pack, path))


_INDUSTRY_KEYS = {"id", "kind", "name", "triggers", "reason", "basis", "items"}
_ITEM_KEYS = {"id", "text", "explain", "reference_number", "required", "basis"}
_BASIS_KEYS = {"source", "ref", "date"}


def _check_basis(obj: Any, what: str, line: int) -> None:
    if obj is None:
        return
    obj = _require_map(obj, f"{what}: basis", line)
    _unknown_keys(obj, _BASIS_KEYS, f"{what}: basis", _line(obj, line))
    if obj.get("source") not in ("law", "platform"):
        raise PackInvalid(_line(obj, line), f"{what}: basis.source must be 'law' or 'platform'")
    date = obj.get("date")
    if date is not None and not re.fullmatch(r"\d{4}(-\d{2}){0,2}", str(date)):
        raise PackInvalid(_line(obj, line), f"{what}: basis.date must look like 2021-04-29 (put it in quotes)")


def _parse_industry(obj: Any, line: int) -> dict[str, Any]:
    obj = _require_map(obj, "industry", line)
    line = _line(obj, line)
    iid = _check_id(obj.get("id"), "industry", line)
    what = f"industry {iid}"
    _unknown_keys(obj, _INDUSTRY_KEYS, what, line)
    if obj.get("kind") not in ("special", "prohibited"):
        raise PackInvalid(line, f"{what}: kind must be 'special' or 'prohibited'")
    _text(obj.get("name"), f"{what}: name", line)
    _text(obj.get("reason"), f"{what}: reason", line, required=False)
    _check_basis(obj.get("basis"), what, line)
    for t in _strings(obj.get("triggers"), f"{what}: triggers", line):
        _term_ok(t, what, line)
    items = obj.get("items") or []
    if not isinstance(items, list):
        raise PackInvalid(line, f"{what}: items must be a list")
    for item in items:
        item_line = _line(item, line)
        item = _require_map(item, f"{what}: item", item_line)
        item_id = _check_id(item.get("id"), f"{what}: item", item_line)
        item_what = f"{what}: item {item_id}"
        _unknown_keys(item, _ITEM_KEYS, item_what, item_line)
        _text(item.get("text"), f"{item_what}: text", item_line)
        _text(item.get("explain"), f"{item_what}: explain", item_line, required=False)
        for flag in ("reference_number", "required"):
            if flag in item and not isinstance(item[flag], bool):
                raise PackInvalid(item_line, f"{item_what}: {flag} must be true or false")
        _check_basis(item.get("basis"), item_what, item_line)
    return dict(obj)


def read_yaml(path: Path, lines: bool = True, cached: bool = True) -> tuple[bytes, Any]:
    """The bytes and the YAML document of a pack file: every reader of pack files comes here.

    A file over :data:`MAX_PACK_BYTES`, not UTF-8, with YAML aliases, or whose
    YAML is broken raises :class:`PackInvalid` (with the line); a file that
    cannot be read raises :class:`OSError`.  With ``lines`` mappings remember
    their line (:class:`_Map`), else they are plain dicts (for writing back).
    With ``cached`` a bundled pack's document comes from :mod:`.pack_cache` when it holds these bytes.
    """
    with path.open("rb") as fh:
        data = fh.read(MAX_PACK_BYTES + 1)
    if len(data) > MAX_PACK_BYTES:
        raise PackInvalid(1, f"the file is larger than {MAX_PACK_BYTES >> 20} MB, the limit for a rule pack")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackInvalid(1, f"the file is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    doc = _UNREAD
    if lines:
        doc = pack_cache.document(data, _line_map) if cached else None
        if doc is None:
            doc = _quick_load(text)
    try:
        if doc is _UNREAD:
            _refuse_aliases(text)
            doc = yaml.load(text, Loader=_LineLoader if lines else _SafeBase)  # noqa: S506 - SafeLoader kinds
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PackInvalid((mark.line + 1) if mark else 1, f"YAML syntax error: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise PackInvalid(1, f"YAML error: {exc}") from None
    except RecursionError:
        raise PackInvalid(1, "lists or mappings are nested too deeply") from None
    return data, doc


_UNREAD = object()


def _line_map(items: dict, line: int) -> _Map:
    mapping = _Map(items)
    mapping.line = line
    return mapping


def _quick_load(text: str) -> Any:
    """The document as :class:`_QuickLoader` builds it, or ``_UNREAD`` when it needs the full way."""
    try:
        return yaml.load(text, Loader=_QuickLoader)  # noqa: S506 - SafeLoader kinds
    except Exception:  # noqa: BLE001 - whatever it was, the full way reads the text again and reports it
        return _UNREAD


def read_pack(path: Path, categories: dict[str, Category], bundled: bool) -> RawPack:
    """Parse and validate one pack file; raises :class:`PackInvalid`."""
    data, doc = read_yaml(path)
    doc = _require_map(doc, "a rule pack", 1)
    _unknown_keys(doc, _TOP_KEYS, "pack file", 1)
    head = _require_map(doc.get("pack"), "'pack' (name, version, description)", 1)
    for key in ("name", "version", "description"):
        if not isinstance(head.get(key), (str, int, float)) or not str(head.get(key)).strip():
            raise PackInvalid(_line(head, 1), f"pack: '{key}' is required")
    info = PackInfo(
        name=str(head["name"]),
        version=str(head["version"]),
        description=str(head["description"]),
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        bundled=bundled,
    )
    raw = RawPack(info)
    cats = dict(categories)
    for c in _list(doc, "categories"):
        cat = _parse_category(c, _line(c, 1))
        raw.categories.append(cat)
        cats[cat.id] = cat
    seen: set[str] = set()
    for key, parse, into in (("rules", _parse_rule, raw.rules), ("detectors", _parse_detector, raw.detectors)):
        for item in _list(doc, key):
            entry = parse(item, _line(item, 1), info.name, str(path), cats)
            if entry.id in seen:
                raise PackInvalid(entry.line, f"id {entry.id!r} is used twice in this pack")
            seen.add(entry.id)
            into.append(entry)  # type: ignore[arg-type]
    raw.allowlist = [_term_ok(w, "allowlist", 1) for w in _strings(doc.get("allowlist"), "allowlist", 1)]
    raw.disable = list(_strings(doc.get("disable"), "disable", 1))
    raw.vocabulary = _vocabulary(doc.get("vocabulary"))
    if doc.get("limits") is not None:
        limits = _require_map(doc["limits"], "limits", 1)
        parsed: dict[str, Any] = {}
        for key, value in limits.items():
            if key not in Limits.__dataclass_fields__:
                raise PackInvalid(_line(limits, 1), f"limits: unknown key {key!r}")
            parsed[key] = _limit_value(key, value, _line(limits, 1))
        raw.limits = parsed
    raw.industries = [_parse_industry(x, _line(x, 1)) for x in _list(doc, "industries")]
    for name in ("note_warning", "note_clinic", "note_selling"):
        if doc.get(name) is not None:
            setattr(raw, name, _note_warning(doc[name], cats, name))
    if doc.get("tagger") is not None:
        raw.tagger = _tagger_trust(doc["tagger"], cats)
    if doc.get("messages") is not None:
        msgs = _require_map(doc["messages"], "messages", 1)
        for key, value in msgs.items():
            mline = _line(value, _line(msgs, 1))
            value = _require_map(value, f"messages.{key}", mline)
            _unknown_keys(value, {"zh", "en", "category", "severity", "advice", "suggestions"}, f"messages.{key}", mline)
            cat = value.get("category", "")
            if cat and cat not in cats:
                raise PackInvalid(mline, f"messages.{key}: unknown category {cat!r}")
            sev = value.get("severity")
            raw.messages[str(key)] = (
                _text({"zh": value.get("zh"), "en": value.get("en")}, f"messages.{key}", mline),
                str(cat),
                _severity(sev, f"messages.{key}", mline) if sev is not None else None,
                _advice(value, f"messages.{key}", mline),
            )
    return raw


def _note_warning(obj: Any, categories: dict[str, Category], name: str = "note_warning") -> dict[str, Any]:
    """The keys a pack sets of ``note_warning`` or ``note_clinic`` (``name``): ``cues`` (a whole number),
    ``categories`` (known ids) and ``unless`` (detector ids, with the line: they are checked once every pack is read)."""
    obj = _require_map(obj, name, 1)
    line = _line(obj, 1)
    _unknown_keys(obj, _NOTE_WARNING_KEYS, name, line)
    out: dict[str, Any] = {}
    if "cues" in obj:
        cues = obj["cues"]
        if isinstance(cues, bool) or not isinstance(cues, int) or cues < 0:
            raise PackInvalid(line, f"{name}: cues must be a whole number (0 switches it off)")
        out["cues"] = cues
    if "categories" in obj:
        cats = _strings(obj["categories"], f"{name}: categories", line)
        unknown = [c for c in cats if c not in categories]
        if unknown:
            raise PackInvalid(line, f"{name}: unknown category {unknown[0]!r}")
        out["categories"] = frozenset(cats)
    if "unless" in obj:
        ids = _strings(obj["unless"], f"{name}: unless", line)
        for i in ids:
            _check_id(i, f"{name}: unless", line)
        out["unless"] = (ids, line)
    return out


def _tagger_trust(obj: Any, categories: dict[str, Category]) -> dict[str, Any]:
    """The keys a pack sets of ``tagger``: ``skip`` (known category ids), ``contacts`` and ``deals`` (known category
    id → the confidence its spans need, above 0 and at most 1) and ``labelled`` (words or ``$lists``, with the line:
    the lists are expanded once every pack is read)."""
    obj = _require_map(obj, "tagger", 1)
    line = _line(obj, 1)
    _unknown_keys(obj, _TAGGER_KEYS, "tagger", line)
    out: dict[str, Any] = {}
    if "skip" in obj:
        skip = _strings(obj["skip"], "tagger: skip", line)
        unknown = [c for c in skip if c not in categories]
        if unknown:
            raise PackInvalid(line, f"tagger: skip: unknown category {unknown[0]!r}")
        out["skip"] = frozenset(skip)
    for key in ("contacts", "deals"):
        if key in obj:
            bars = _require_map(obj[key], f"tagger: {key}", line)
            bline = _line(bars, line)
            parsed: dict[str, float] = {}
            for cat, bar in bars.items():
                if cat not in categories:
                    raise PackInvalid(bline, f"tagger: {key}: unknown category {cat!r}")
                if isinstance(bar, bool) or not isinstance(bar, (int, float)) or not 0 < bar <= 1:
                    raise PackInvalid(bline, f"tagger: {key}: {cat} must be a confidence above 0 and at most 1")
                parsed[str(cat)] = float(bar)
            out[key] = parsed
    if "labelled" in obj:
        out["labelled"] = (tuple(_strings(obj["labelled"], "tagger: labelled", line)), line)
    return out


def _limit_value(key: str, value: Any, line: int) -> Any:
    """A limit checked against the kind of its default (number, list of words, list of ratios)."""
    default = Limits.__dataclass_fields__[key].default
    if isinstance(default, tuple) and default and isinstance(default[0], tuple):
        if not isinstance(value, list) or not all(
                isinstance(r, list) and len(r) == 2 and all(isinstance(x, int) and x > 0 for x in r) for r in value):
            raise PackInvalid(line, f"limits: {key} must be a list of [width, height] pairs")
        return tuple(tuple(r) for r in value)
    if isinstance(default, tuple):
        return tuple(str(x).lower() for x in _strings(value, f"limits: {key}", line))
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise PackInvalid(line, f"limits: {key} must be a number")
    return value


def _list(doc: dict[str, Any], key: str) -> list[Any]:
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise PackInvalid(_line(doc, 1), f"'{key}' must be a list")
    return value


def pack_files(folder: Path) -> list[Path]:
    """The pack files in ``folder``, sorted by name; categories first."""
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.glob("*.yaml") if p.is_file())
    files += sorted(p for p in folder.glob("*.yml") if p.is_file())
    return sorted(files, key=lambda p: (p.stem != "categories", p.name))


def read_packs(folders: Iterable[tuple[Path, bool]]) -> tuple[list[RawPack], list[PackError]]:
    """Read every pack in ``folders`` ((folder or file, bundled) pairs), collecting errors."""
    packs: list[RawPack] = []
    errors: list[PackError] = []
    categories: dict[str, Category] = {}
    names: dict[str, str] = {}
    files: list[tuple[Path, bool]] = []
    for folder, bundled in folders:
        if folder.is_file():
            files.append((folder, bundled))
        else:
            files.extend((p, bundled) for p in pack_files(folder))
    seen: set[Path] = set()
    unique = []
    for path, bundled in files:  # a file named twice (e.g. a bundled folder passed again) loads once
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((path, bundled))
    files = unique
    # Category packs first, so that every rule can name any category.
    files.sort(key=lambda fb: 0 if _declares_categories(fb[0]) else 1)
    for path, bundled in files:
        try:
            raw = read_pack(path, categories, bundled)
        except PackInvalid as exc:
            errors.append(PackError(str(path), exc.line, exc.problem))
            continue
        except RecursionError:
            errors.append(PackError(str(path), 1, "lists or mappings are nested too deeply"))
            continue
        except OSError as exc:
            errors.append(PackError(str(path), 1, f"cannot read the file: {exc.strerror or exc}"))
            continue
        if raw.info.name in names:
            errors.append(PackError(str(path), 1, f"pack name {raw.info.name!r} is already used by {names[raw.info.name]}"))
            continue
        names[raw.info.name] = str(path)
        for c in raw.categories:
            categories[c.id] = c
        packs.append(raw)
    return packs, errors


def _declares_categories(path: Path) -> bool:
    try:
        with path.open("rb") as fh:  # no further than read_yaml would read
            head = fh.read(MAX_PACK_BYTES + 1).decode("utf-8-sig", errors="replace")
    except OSError:
        return False
    return re.search(r"^categories\s*:", head, re.MULTILINE) is not None
