"""Where the bundled data and the user's own files live, frozen or not."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "xhs-editor"


def data_root() -> Path:
    """The folder holding ``rules/`` and ``resources/``.

    In a source checkout that is the repository root; in an installed wheel the
    package's ``_data`` folder; in a PyInstaller build the unpacked bundle.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    package = Path(__file__).resolve().parent.parent
    installed = package / "_data"
    if installed.is_dir():
        return installed
    return package.parent


def bundled_rules_dir() -> Path:
    """The bundled ``rules/`` folder."""
    return data_root() / "rules"


def resources_dir() -> Path:
    """The bundled ``resources/`` folder."""
    return data_root() / "resources"


def config_dir() -> Path:
    """The user's configuration folder (``XHS_EDITOR_CONFIG_DIR`` overrides it, for tests)."""
    override = os.environ.get("XHS_EDITOR_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_rules_dir() -> Path:
    """The folder for the user's own rule packs."""
    return config_dir() / "rules"
