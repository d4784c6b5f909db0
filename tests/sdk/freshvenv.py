"""A fresh virtual environment with core and one pack installed by pip, for install tests.

Installing numpy, SciPy and friends from PyPI into every such environment would take minutes, so
the environment sees the dependencies of the running interpreter through a ``.pth`` file pointing
at a *view* of its site-packages: every distribution except Guanxi's own (core and the bundled
packs), which pip then installs into the new environment from source, as a vendor would.  The
build backend (hatchling, from the test dependencies) is in that view too, so pip builds without an
isolated build environment of its own: no download of the backend into every build.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
OWN = ("guanxi", "_guanxi", "__editable__", "_editable_impl_guanxi", "core", "sdk")


def dependency_view(target: Path) -> Path:
    """Symlinks to the running interpreter's site-packages, minus Guanxi's own distributions."""
    site = Path(sysconfig.get_paths()["purelib"])
    target.mkdir(parents=True)
    for entry in site.iterdir():
        if entry.name.lower().startswith(OWN) or entry.suffix == ".pth":
            continue
        (target / entry.name).symlink_to(entry)
    return target


def make_venv(root: Path) -> Path:
    """Create ``root/venv`` seeing the dependency view; return its python."""
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "_guanxi_test_dependencies.pth").write_text(f"{dependency_view(root / 'deps')}\n")
    return python


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without the outer test session's Guanxi settings, except the test
    database server and the session's random signing key (nothing secret is built in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUANXI_", "PYTHON", "VIRTUAL_ENV"))}
    for kept in ("GUANXI_TEST_DATABASE_URL", "GUANXI_SECRET_KEY"):
        if os.environ.get(kept):
            env[kept] = os.environ[kept]
    return {**env, **extra}


def pip_install(python: Path, *args: str) -> None:
    """Install into the venv with the running interpreter's pip (the venv has none of its own),
    building with the backend the venv sees through the dependency view."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-q",
            *args,
        ],
        capture_output=True,
        text=True,
        env=clean_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
