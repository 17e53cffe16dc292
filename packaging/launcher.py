"""PyInstaller's entry script: the frozen app runs ``xhs-editor`` with its arguments."""

import sys

from xhs_editor.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
