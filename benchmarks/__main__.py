"""Run every benchmark module in turn (``make bench``), each in its own process.

``python -m benchmarks name ...`` runs only the named ones.  Set ``GUANXI_BENCH_QUICK=1`` for a
smaller data set (a smoke run, not the published figures).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main(names: list[str]) -> int:
    modules = names or sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))
    failed = []
    for name in modules:
        print(f"\n=== {name} ===", flush=True)
        if subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], check=False).returncode:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
