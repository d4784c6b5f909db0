"""A vendor's first run: scaffold a pack, install it next to core in a fresh virtual environment,
list, migrate and check it, and run its generated tests (goal: <= 150 s on the 2-core machine).

This is the figure the fresh-venv install test (tests/sdk/test_scaffold_install.py) used to assert
on; a wall-clock limit inside the suite failed on a busy machine without saying anything about
the product, so it is measured here.  The environment is made the way that test makes it
(tests/sdk/freshvenv.py: the running interpreter's dependencies seen through a view, core and the
pack built from source by pip).

Same-run baseline: the same steps for a one-module package with one test and no Guanxi in it
(fresh environment, pip install, import, pytest), the floor of any package's first run on this
machine right now, so the ratio stays comparable on a shared, busy machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "sdk"))
from freshvenv import REPO_ROOT, clean_env, make_venv, pip_install  # noqa: E402

GOAL_SECONDS = 150.0

BARE_PYPROJECT = """[build-system]
requires = ["hatchling>=1.25"]
build-backend = "hatchling.build"

[project]
name = "bare-pack"
version = "0.1.0"

[tool.hatch.build.targets.wheel]
packages = ["src/bare_pack"]
"""


def _run(args: list[str | Path], cwd: Path, **env: str) -> None:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=clean_env(**env), timeout=600
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def _timed(steps: list[tuple[str, Callable[[], object]]]) -> tuple[float, list[tuple[str, float]]]:
    laps = []
    started = time.perf_counter()
    for name, step in steps:
        lap = time.perf_counter()
        step()
        laps.append((name, time.perf_counter() - lap))
    return time.perf_counter() - started, laps


def _baseline(root: Path) -> tuple[float, list[tuple[str, float]]]:
    pack = root / "bare-pack"
    package = pack / "src" / "bare_pack"
    python = root / "venv" / "bin" / "python"

    def write() -> None:
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("def answer() -> int:\n    return 42\n")
        (pack / "tests").mkdir()
        (pack / "tests" / "test_bare.py").write_text(
            "from bare_pack import answer\n\n\ndef test_answer():\n    assert answer() == 42\n"
        )
        (pack / "pyproject.toml").write_text(BARE_PYPROJECT)

    return _timed(
        [
            ("write the package", write),
            ("fresh environment", lambda: make_venv(root)),
            ("pip install the package", lambda: pip_install(python, str(pack))),
            ("import it", lambda: _run([python, "-c", "import bare_pack"], root)),
            ("its tests", lambda: _run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], pack)),
        ]
    )


def _first_run(root: Path) -> tuple[float, list[tuple[str, float]]]:
    from core.sdkdev.scaffold import PackSpec, scaffold

    pack = root / "guanxi-hotel"
    python = root / "venv" / "bin" / "python"
    guanxi = python.parent / "guanxi"
    database = {"GUANXI_DATABASE_URL": f"sqlite:///{root / 'crm.db'}"}
    return _timed(
        [
            ("guanxi plugins new", lambda: scaffold(PackSpec("hotel"), pack)),
            ("fresh environment", lambda: make_venv(root)),
            ("pip install -e core", lambda: pip_install(python, "-e", str(REPO_ROOT))),
            ("pip install the pack", lambda: pip_install(python, str(pack))),
            ("guanxi plugins list", lambda: _run([guanxi, "plugins", "list"], root, **database)),
            ("guanxi db upgrade", lambda: _run([guanxi, "db", "upgrade"], root, **database)),
            ("guanxi plugins check", lambda: _run([guanxi, "plugins", "check", "hotel"], root, **database)),
            (
                "the pack's tests",
                lambda: _run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], pack),
            ),
        ]
    )


def main() -> int:
    # the pack's tests in the fresh environment sign tokens with a random key of their own
    os.environ.setdefault("GUANXI_SECRET_KEY", os.urandom(24).hex())
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="guanxi-bench-baseline-") as tmp:
        floor, floor_laps = _baseline(Path(tmp))
    with tempfile.TemporaryDirectory(prefix="guanxi-bench-scaffold-") as tmp:
        total, laps = _first_run(Path(tmp))
    for title, seconds, rows in (
        ("same-run baseline: a bare package", floor, floor_laps),
        ("a vendor's first run", total, laps),
    ):
        print(f"{title}: {seconds:.1f} s")
        for name, lap in rows:
            print(f"  {name:<26} {lap:>6.1f} s")
    print(f"first run / baseline: {total / floor:.1f}x")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    met = total <= GOAL_SECONDS
    print(f"target first run <= {GOAL_SECONDS:.0f} s: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
