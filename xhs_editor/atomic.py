"""Writing files so that a crash or power loss never leaves half a file. No Qt here."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

STALE_AFTER_S = 600  # a temporary file of ours this old belongs to a save that was killed


@contextmanager
def atomic_file(target: Path, overwrite: bool = True) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces ``target`` in one step when the block ends.

    The data goes to a temporary file in the same folder, is flushed to disk,
    then renamed over ``target``, and the folder is synced so that the rename
    survives a power cut.  The new file keeps the mode of the file it replaces,
    or gets the user's normal mode (umask) when new.  If the block raises,
    ``target`` is untouched and the temporary file is removed; temporary files
    left by an earlier save that was killed are removed too.  With
    ``overwrite`` false a ``target`` that appeared meanwhile raises
    :class:`FileExistsError`.  Other failures raise :class:`OSError`.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if target.is_dir():
            raise IsADirectoryError(21, "it is a folder", str(target))
        if not overwrite and target.exists():
            raise FileExistsError(17, "the file exists", str(target))
        set_normal_mode(Path(tmp), target)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    sync_folder(target.parent)


def write_bytes(target: Path, data: bytes, overwrite: bool = True) -> None:
    """Replace ``target`` with ``data`` atomically (see :func:`atomic_file`)."""
    with atomic_file(target, overwrite) as fh:
        fh.write(data)


def user_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def set_normal_mode(path: Path, like: Path | None = None, folder: bool = False) -> None:
    """Give ``path`` the mode of ``like`` when that exists, else the mode a new file (or folder) normally gets.

    Temporary files are created private (0600, 0700); what the user keeps must not be.
    """
    if os.name == "nt":
        return  # Windows has no mode bits beyond read-only
    try:
        mode = stat.S_IMODE(os.stat(like).st_mode) if like is not None and like.exists() else \
            (0o777 if folder else 0o666) & ~user_umask()
        os.chmod(path, mode)
    except OSError:
        pass


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk; a no-op where folders cannot be opened (Windows)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sweep_stale(target: Path, older_than: float = STALE_AFTER_S) -> list[Path]:
    """Remove temporary files of ``target`` (``.name.XXXXXXXX.tmp``) left by saves that were killed.

    Only our own naming and only files older than ``older_than`` seconds, so a
    save running in another window at this moment keeps its file.
    """
    pattern = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}\.tmp")
    removed: list[Path] = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
    return removed
