"""XHS Editor (小红书合规编辑器): an offline editor that checks XiaoHongShu notes."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("xhs-editor")
except PackageNotFoundError:  # running from a frozen build or a bare checkout
    __version__ = "0.1.0"
