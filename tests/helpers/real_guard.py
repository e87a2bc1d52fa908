"""A test that reads the real folder must carry the `real` marker (so that it skips, and can be
deselected, where the folder is absent).

Two checks: at collection, a test using the `real_data` or `real_db_url` fixture without the
marker is an error; while an unmarked test runs, an audit hook records every file it opens, folder
it lists or process it starts with a path in the real folder, and the test fails at teardown.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REAL_FIXTURES = frozenset({"real_data", "real_db_url"})
_EVENTS = frozenset({"open", "os.listdir", "os.scandir", "sqlite3.connect", "subprocess.Popen"})


class RealFolderGuard:
    """Records the running test's reads of `folder` (one audit hook for the whole session)."""

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)
        self.reads: list[str] = []
        self.watching = False
        sys.addaudithook(self._audit)

    def _inside(self, path: object) -> bool:
        if path is None or isinstance(path, int):
            return False
        try:
            text = os.path.abspath(os.fsdecode(path))
        except (TypeError, ValueError):
            return False
        return text == self.folder or text.startswith(self.folder + os.sep)

    def _audit(self, event: str, args: tuple) -> None:
        if not self.watching or event not in _EVENTS:
            return
        if event == "subprocess.Popen":  # (executable, args, cwd, env)
            argv = args[1] if isinstance(args[1], (list, tuple)) else [args[1]]
            paths = [a for a in argv if isinstance(a, (str, bytes, os.PathLike))]
        else:
            paths = [args[0]] if args else []
        self.reads += [f"{event} {os.fsdecode(p)}" for p in paths if self._inside(p)]

    def start(self) -> None:
        self.reads.clear()
        self.watching = True

    def stop(self) -> list[str]:
        """Stop watching; what was read since `start`."""
        self.watching = False
        return list(self.reads)


def unmarked_users(items) -> list[str]:
    """The ids of collected tests that use a real-folder fixture without the `real` marker."""
    return [item.nodeid for item in items
            if REAL_FIXTURES & set(getattr(item, "fixturenames", ()))
            and item.get_closest_marker("real") is None]
