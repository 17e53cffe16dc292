"""The one string table: resources/translations/*.yaml read by xhs_editor.i18n.

A key used in the code but missing from the YAML, or present in only one
language, fails here, so a gap never reaches a user.
"""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
from pathlib import Path

import yaml

from xhs_editor import i18n
from xhs_editor.engine import resources_dir

PACKAGE = Path(__file__).resolve().parent.parent / "xhs_editor"

# Keys the code builds at run time (f"prefix.{name}" or "prefix." + name), by prefix.
DYNAMIC = {
    "severity.": ("info", "warning", "error"),
    "field.": ("title", "body", "topics", "images"),
    "error.": ("corrupt", "future", "io", "encoding"),
    "export.": ("exists", "io", "missing_image", "bad_target"),
    "basis.": ("law", "platform"),
    "report.field.": ("title", "body", "topics", "images"),
    "report.note_": ("title", "body", "topics"),
    "report.col.": ("no", "matched", "category", "message", "suggestion", "reason", "item", "state",
                    "reference", "basis", "time", "errors", "open_items", "pack", "version", "hash"),
}


def _files() -> list[Path]:
    return i18n.translation_files()


def _used_keys() -> tuple[set[str], set[str]]:
    """Literal keys passed to t()/tr() anywhere in xhs_editor/, and the prefixes of f-string keys."""
    literal: set[str] = set()
    prefixes: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        dicts: dict[str, list[ast.Dict]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        dicts.setdefault(target.id, []).append(node.value)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("t", "tr") and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Subscript) and isinstance(arg.value, ast.Name):
                for d in dicts.get(arg.value.id, []):
                    literal |= {v.value for v in d.values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
                continue
            in_fstring = {id(part) for j in ast.walk(arg) if isinstance(j, ast.JoinedStr) for part in ast.walk(j)}
            for sub in ast.walk(arg):
                if isinstance(sub, ast.BinOp) and isinstance(sub.left, ast.Constant):  # "field." + name
                    prefixes.add(str(sub.left.value))
                    in_fstring.add(id(sub.left))
                elif isinstance(sub, ast.JoinedStr):
                    head = sub.values[0] if sub.values else None
                    prefixes.add(head.value if isinstance(head, ast.Constant) else "")
                elif isinstance(sub, ast.Constant) and isinstance(sub.value, str) and id(sub) not in in_fstring:
                    literal.add(sub.value)
    return literal, prefixes


def test_the_translations_are_bundled_resources():
    names = [p.name for p in _files()]
    assert "ui.yaml" in names and "report.yaml" in names
    assert all(p.parent == resources_dir() / "translations" for p in _files())


def test_every_key_has_zh_and_en_and_lives_in_one_file():
    seen: dict[str, str] = {}
    for path in _files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path
        for key, entry in data.items():
            assert key not in seen, f"{key} is in both {seen.get(key)} and {path.name}"
            seen[key] = path.name
            assert isinstance(entry, dict) and set(entry) == {"zh", "en"}, key
            assert isinstance(entry["zh"], str) and entry["zh"].strip(), key
            assert isinstance(entry["en"], str) and entry["en"].strip(), key
    assert sorted(seen) == sorted(i18n.keys())


def test_zh_and_en_use_the_same_placeholders():
    def names(text: str) -> set[str]:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}

    for key in i18n.keys():
        assert names(i18n.t(key, "zh")) == names(i18n.t(key, "en")), key


def test_every_key_used_in_the_code_exists():
    literal, prefixes = _used_keys()
    assert len(literal) > 150  # the scan itself works
    unknown_prefixes = sorted(p for p in prefixes if p not in DYNAMIC)
    assert unknown_prefixes == [], "add the keys built from these prefixes to DYNAMIC"
    used = literal | {prefix + name for prefix, names in DYNAMIC.items() for name in names}
    table = set(i18n.keys())
    assert sorted(k for k in used if k not in table) == []


def test_t_follows_the_current_language_unless_told():
    try:
        i18n.set_language("en")
        assert i18n.t("status.counts", errors=1, warnings=2, infos=3) == "1 errors · 2 warnings · 3 info"
        assert i18n.t("report.none", "zh") == "无"
        i18n.set_language("zh_CN")
        assert i18n.language() == "zh"
        assert i18n.t("report.none") == "无"
        assert i18n.t("report.none", "en_US") == "None"
    finally:
        i18n.set_language("zh")


def test_missing_keys_and_bad_placeholders_never_raise():
    assert i18n.t("no.such.key") == "no.such.key"
    assert i18n.t("no.such.key", "en", n=1) == "no.such.key"
    assert i18n.t("detail.errors", "en") == "{n} error-level finding(s) left"
    assert i18n.t("detail.errors", "en", wrong=1) == "{n} error-level finding(s) left"
    assert i18n.t("detail.errors", "en", n=2) == "2 error-level finding(s) left"


def test_pick_reads_rule_pack_mappings():
    assert i18n.pick({"zh": "美妆", "en": "Beauty"}, "en") == "Beauty"
    assert i18n.pick({"zh": "美妆"}, "en") == "美妆"
    assert i18n.pick("plain", "en") == "plain"
    assert i18n.pick(None) == ""


def test_the_ui_layer_is_the_same_function():
    from xhs_editor.ui import i18n as ui_i18n

    assert ui_i18n.tr is i18n.t
    assert ui_i18n.language is i18n.language and ui_i18n.set_language is i18n.set_language


def test_strings_need_no_qt():
    code = ("import sys, xhs_editor.i18n, xhs_editor.checklist, xhs_editor.export, xhs_editor.report;"
            "assert 'PySide6' not in sys.modules, 'Qt was imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent)


def test_no_other_string_tables_remain():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^(_TEXT|STRINGS|_STRINGS)\s*[:=]", text, re.M), path
