"""The promises and limits the READMEs state are the ones the code keeps (issue 16)."""

from __future__ import annotations

import re
from pathlib import Path

from xhs_editor.engine.packs import MAX_PACK_BYTES
from xhs_editor.note import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
RULES_README = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")


def _windows_folders(text: str) -> set[str]:
    return {m.replace("<你>", "<you>") for m in re.findall(r"C:\\Users\\<[^>]+>\\[^`\s]*rules", text)}


def test_both_readmes_name_the_same_user_rules_folder_on_windows() -> None:
    assert _windows_folders(README) == _windows_folders(RULES_README) == \
        {r"C:\Users\<you>\AppData\Local\xhs-editor\rules"}
    assert "%APPDATA%" not in README + RULES_README


def test_the_readme_says_what_we_promise() -> None:
    section = README.split("## What we promise", 1)[1].split("\n## ", 1)[0]
    for promise in ("Offline", "No file leaves a note's folder unasked", "never a traceback, a hang or a lost note"):
        assert promise in section
    assert f"{MAX_FILE_BYTES >> 20} MB" in section


def test_the_pack_limits_in_rules_readme_are_the_enforced_ones() -> None:
    assert f"{MAX_PACK_BYTES >> 20} MB" in RULES_README
    assert "RE2" in RULES_README and "(?P<hit>" in RULES_README
