"""Print the project's version from pyproject.toml (the one source of truth for every build)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def project_version(pyproject: Path = PYPROJECT) -> str:
    """``[project] version`` from ``pyproject.toml`` (tomllib on 3.11+, a plain scan on 3.10)."""
    text = pyproject.read_text(encoding="utf-8")
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        section = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
        match = section and re.search(r'^version\s*=\s*"([^"]+)"', section.group(1), re.M)
        if not match:
            raise SystemExit(f"{pyproject}: no [project] version")
        return match.group(1)
    return str(tomllib.loads(text)["project"]["version"])


if __name__ == "__main__":
    print(project_version(Path(sys.argv[1]) if len(sys.argv) > 1 else PYPROJECT))
