"""Running a call under a time bound in tests: a hang becomes a failure with a sentence, not a stuck suite."""

from __future__ import annotations

import threading
from typing import Any, Callable

BOUND_S = 30.0  # a backtracking engine needs minutes or hours on the hostile inputs; RE2 needs milliseconds


def finishes(fn: Callable[[], Any], what: str) -> Any:
    """``fn()``'s result (or its exception, re-raised here); fails with ``what`` if it runs past BOUND_S."""
    result: list[Any] = []

    def run() -> None:
        try:
            result.append(fn())
        except BaseException as exc:  # re-raised below, in the test's thread
            result.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(BOUND_S)
    assert not worker.is_alive(), what
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]
