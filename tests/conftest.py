"""Shared test setup: Qt offscreen, an empty user config folder, fixture rule sets."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user config folder, so no test reads the developer's packs."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XHS_EDITOR_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def basic_ruleset():
    """The small engine test pack plus the bundled category and limit definitions only."""
    from xhs_editor.engine import load_ruleset

    rs = load_ruleset([DATA / "packs_basic"], include_user=False, include_bundled=False)
    assert rs.errors == []
    return rs
