"""Hostile or broken rule packs give a clear error naming file and line, never a hang or a traceback (issue 16)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
from bounded import finishes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xhs_editor.engine import load_ruleset
from xhs_editor.engine.packs import MAX_PACK_BYTES

HEAD = "pack: {name: hostile, version: '1', description: x}\n"


def _finishes(fn: Callable[[], Any]) -> Any:
    return finishes(fn, "loading the pack did not finish")


def _load(folder: Path, text: str | bytes):
    target = folder / "hostile.yaml"
    if isinstance(text, str):
        target.write_text(text, encoding="utf-8")
    else:
        target.write_bytes(text)
    return _finishes(lambda: load_ruleset(extra_dirs=[folder], include_user=False, include_bundled=False))


def _bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    return "\n".join(lines)


@pytest.mark.parametrize("where", ["severity", "id", "source"])
def test_a_yaml_alias_bomb_is_refused_quickly_with_its_line(tmp_path: Path, where: str) -> None:
    bomb = _bomb()
    value = "*a8"
    if where == "source":
        body = f"categories:\n  - {{id: evil, name: x, severity: error, color: '#000000', source: {value}}}\n"
    else:
        rule = {"severity": f"{{id: hostile.r, category: extreme, severity: {value}, terms: [坏词], "
                            f"message: x}}",
                "id": f"{{id: {value}, category: extreme, terms: [坏词], message: x}}"}[where]
        body = f"rules:\n  - {rule}\n"
    text = HEAD + "x-anchors:\n" + "\n".join("  " + line for line in bomb.splitlines()) + "\n" + body
    rs = _load(tmp_path, text)
    assert len(rs.errors) == 1
    error = rs.errors[0]
    assert "alias" in error.problem and len(error.problem) < 400
    assert error.line == 4  # the first alias, in the anchors' second line


def test_a_key_written_twice_in_a_rule_is_an_error_naming_its_line(tmp_path: Path) -> None:
    text = HEAD + ("rules:\n"
                   "  - id: hostile.twice\n"
                   "    category: extreme\n"
                   "    terms: [第一个词]\n"
                   "    message: x\n"
                   "    terms: [第二个词]\n")
    rs = _load(tmp_path, text)
    assert len(rs.errors) == 1
    error = rs.errors[0]
    assert error.path.endswith("hostile.yaml") and error.line == 7
    assert "'terms'" in error.problem and "line 5" in error.problem
    assert not any(r.id == "hostile.twice" for r in rs.rules)  # neither list is silently dropped: the pack is refused


def test_an_error_quotes_at_most_a_few_hundred_characters_of_a_value(tmp_path: Path) -> None:
    rs = _load(tmp_path, HEAD + f"rules:\n  - {{id: hostile.r, category: extreme, severity: '{'x' * 100_000}', "
                                "terms: [坏词], message: x}\n")
    assert len(rs.errors) == 1 and "severity" in rs.errors[0].problem
    assert len(rs.errors[0].problem) < 400


@pytest.mark.parametrize("value", ["yes", "on", "no", "off", "true"])
def test_a_yaml_boolean_among_the_terms_asks_for_quotes(tmp_path: Path, value: str) -> None:
    rs = _load(tmp_path, HEAD + f"rules:\n  - id: hostile.r\n    category: extreme\n    terms: [坏词, {value}]\n"
                                "    message: {zh: 坏, en: bad}\n")
    assert len(rs.errors) == 1
    assert "put it in quotes" in rs.errors[0].problem and rs.errors[0].line == 3


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "rules: " + "[" * 900 + "]" * 900,
                                  "x: " + "{a: " * 900 + "1" + "}" * 900])
def test_deeply_nested_yaml_is_an_error_not_a_crash(tmp_path: Path, text: str) -> None:
    rs = _load(tmp_path, text)
    assert len(rs.errors) == 1 and rs.errors[0].path.endswith("hostile.yaml")


def test_a_pack_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    rs = _load(tmp_path, HEAD + "# " + "x" * MAX_PACK_BYTES + "\n")
    assert len(rs.errors) == 1 and "larger than" in rs.errors[0].problem


# --- fuzzing ---------------------------------------------------------------------------------------------

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
_yaml_values = st.recursive(_scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(["id", "category", "severity", "terms", "message", "pattern",
                                               "rules", "detectors", "pack", "name", "version", "description",
                                               "zh", "en", "near", "within", "examples", "limits", "messages",
                                               "allowlist", "disable", "industries", "categories"]),
                              st.text(max_size=5), st.integers()), kids, max_size=5)), max_leaves=25)


def _assert_loads_or_explains(folder: Path, text: str | bytes) -> None:
    rs = _load(folder, text)
    for error in rs.errors:
        assert error.path.endswith("hostile.yaml") and error.line >= 1 and error.problem


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=_yaml_values)
def test_fuzz_random_yaml_documents_load_or_explain(tmp_path: Path, doc: Any) -> None:
    import yaml

    text = HEAD + yaml.safe_dump({"rules": [doc], "detectors": [doc], "x": doc}, allow_unicode=True)
    _assert_loads_or_explains(tmp_path, text)
    _assert_loads_or_explains(tmp_path, yaml.safe_dump(doc, allow_unicode=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_fuzz_random_bytes_load_or_explain(tmp_path: Path, data: bytes) -> None:
    _assert_loads_or_explains(tmp_path, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(list("[]{}:,-&*!|>'\"#%@`? \n\tab1é中") + ["  ", "\n  - ", "rules:",
                                                                                   "terms: ", "id: ", "&a ", "*a"]),
                       max_size=60))
def test_fuzz_random_yaml_syntax_loads_or_explains(tmp_path: Path, pieces: list[str]) -> None:
    _assert_loads_or_explains(tmp_path, HEAD + "".join(pieces))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(list("()[]{}?*+|^$\\.-:!=<>Pa1dwsbAz,") + [
    "(?<!", "(?!", "(?=", "(?<=", "(?P<hit>", "(?P<x>", "(?:", "(?i)", "\\1", "{2,3}", "{4294967296}", "{0,1000}",
    "\\p{L}", "[^", "*+", "(?>"]), min_size=1, max_size=14))
def test_fuzz_random_detector_patterns_load_or_explain(tmp_path: Path, pieces: list[str]) -> None:
    import yaml

    pattern = "".join(pieces)
    doc = {"detectors": [{"id": "hostile.rx", "category": "diversion", "pattern": pattern,
                          "message": {"zh": "坏", "en": "bad"}}]}
    rs = _load(tmp_path, HEAD + yaml.safe_dump(doc, allow_unicode=True))
    for error in rs.errors:
        assert error.path.endswith("hostile.yaml") and error.problem
    if not rs.errors:
        from xhs_editor.engine import check_text

        _finishes(lambda: check_text("aaa1 (x) 中文 " * 50 + "a" * 2000 + "!", rs))


def test_always_allow_reads_the_users_allowlist_pack_through_the_pack_reader(tmp_path: Path) -> None:
    from xhs_editor.note import NoteError
    from xhs_editor.ui import allowlist

    path = allowlist.allowlist_path(tmp_path)
    path.write_text("pack: {name: my-allowlist, version: '1', description: x}\nx-anchors:\n"
                    + "\n".join("  " + line for line in _bomb().splitlines()) + "\nallowlist: *a8\n",
                    encoding="utf-8")
    assert _finishes(lambda: allowlist.read_terms(tmp_path)) == []
    with pytest.raises(NoteError) as info:
        _finishes(lambda: allowlist.add_term(tmp_path, "第一茶坊"))
    assert info.value.kind == "corrupt" and "alias" in info.value.detail
    path.unlink()
    allowlist.add_term(tmp_path, "第一茶坊")
    allowlist.add_term(tmp_path, "最美小镇")
    assert allowlist.read_terms(tmp_path) == ["第一茶坊", "最美小镇"]
