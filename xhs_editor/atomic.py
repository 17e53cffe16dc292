"""Writing files so that a crash or power loss never leaves half a file. No Qt here."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator


@contextmanager
def atomic_file(target: Path, overwrite: bool = True) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces ``target`` in one step when the block ends.

    The data goes to a temporary file in the same folder, is flushed to disk,
    then renamed over ``target``.  If the block raises, ``target`` is untouched
    and the temporary file is removed.  With ``overwrite`` false a ``target``
    that appeared meanwhile raises :class:`FileExistsError`.  Other failures
    raise :class:`OSError`.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
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
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_bytes(target: Path, data: bytes, overwrite: bool = True) -> None:
    """Replace ``target`` with ``data`` atomically (see :func:`atomic_file`)."""
    with atomic_file(target, overwrite) as fh:
        fh.write(data)
