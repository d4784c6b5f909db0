"""Cold start-up of the ``guanxi`` command and of ``import sdk`` (goals: ``guanxi --help`` <= 0.6 s and
<= 80 MB peak memory; ``import sdk`` <= 0.3 s).

Every run is a fresh process, so nothing is cached in memory; the figure is the median of five.
Same-run floor: ``python -c pass``, the interpreter's own start-up on this machine right now, so the
ratios stay comparable on a shared, busy machine.  Peak memory is the child's ``ru_maxrss`` (from
``os.wait4``, which reports one child alone).  ``plugins list`` runs against a migrated scratch
database, as an operator's would.

The database is made in a child too: Linux counts the memory a child shared with its parent before
``exec`` in the child's peak, so this process stays as small as a shell.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
GUANXI = str(Path(sys.executable).parent / "guanxi")
IMPORT_SDK = "import time; t = time.perf_counter(); import sdk; print(time.perf_counter() - t)"


def _run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time (s), peak RSS (MB) and stdout of one fresh child."""
    started = time.perf_counter()
    child = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{' '.join(argv)} exited with {child.returncode}")
    return seconds, usage.ru_maxrss / 1024, out  # ru_maxrss is in KiB on Linux


def _measure(argv: list[str], env: dict[str, str]) -> tuple[float, float, list[str]]:
    """Median wall time, median peak RSS and every run's stdout over ``RUNS`` cold runs."""
    runs = [_run_once(argv, env) for _ in range(RUNS)]
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        [r[2] for r in runs],
    )


def _scratch_database() -> str:
    made = subprocess.run(
        [
            sys.executable,
            "-c",
            "from benchmarks._support import scratch_sqlite; print(scratch_sqlite('cli-startup'))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return made.stdout.strip().splitlines()[-1]


def main() -> int:
    env = {**os.environ, "GUANXI_DATABASE_URL": _scratch_database()}
    with open("/proc/loadavg", encoding="ascii") as loadavg:
        print(f"load average               {loadavg.read().strip()}")
    floor_s, floor_mb, _ = _measure([sys.executable, "-c", "pass"], env)
    print(f"python -c pass             {floor_s:>7.3f} s  {floor_mb:>5.0f} MB  (same-run floor)")
    figures = {}
    for label, argv in (
        ("guanxi --help", [GUANXI, "--help"]),
        ("guanxi plugins list", [GUANXI, "plugins", "list"]),
        ("python -c 'import sdk'", [sys.executable, "-c", IMPORT_SDK]),
    ):
        seconds, peak_mb, outs = _measure(argv, env)
        figures[label] = (seconds, peak_mb, outs)
        print(f"{label:<26} {seconds:>7.3f} s  {peak_mb:>5.0f} MB  ({seconds / floor_s:.1f}x the floor)")
    import_s = statistics.median(float(out.strip()) for out in figures["python -c 'import sdk'"][2])
    print(f"import sdk, in the child   {import_s:>7.3f} s")
    help_s, help_mb, _ = figures["guanxi --help"]
    checks = [
        ("guanxi --help <= 0.6 s", help_s <= 0.6),
        ("guanxi --help <= 80 MB", help_mb <= 80),
        ("import sdk <= 0.3 s", import_s <= 0.3),
    ]
    for name, ok in checks:
        print(f"target {name}: {'met' if ok else 'NOT met'}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
