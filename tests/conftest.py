"""Core test configuration: the fake packs under ``fakepacks/`` are importable by module name."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

pytest_plugins = ["fakepacks.fixtures"]
