"""Waiting for a condition with a deadline (never for a fixed time, never for the first change)."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(condition: Callable[[], bool], *, timeout: float, every: float = 0.05) -> bool:
    """Poll `condition` every `every` seconds until it holds or `timeout` seconds have passed;
    whether it held."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(every)
    return True
