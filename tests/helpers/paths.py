"""Where the tests find the repository and the folder of real official files.

The real folder sits beside the repository (`../shared/data/real`); SCHOOLBOT_TEST_REAL_DATA
points the tests elsewhere (a missing folder: every `real` test skips).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
REAL_DATA = Path(os.environ.get("SCHOOLBOT_TEST_REAL_DATA")
                 or REPO_ROOT.parent / "shared" / "data" / "real").absolute()
