"""Find the pack to check: a source directory (installed or not) or the name of an installed pack.

A directory is read through its ``pyproject.toml``, and its code is what gets checked: its ``src/``
is imported for the run (:mod:`core.sdkdev.check.isolation`) even when a copy of the same pack is
installed, so a vendor can check a pack before installing it, or a change before reinstalling it.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import importlib_metadata
from importlib_metadata import EntryPoint

from core.errors import GuanxiError
from core.packs.loader import ENTRY_POINT_GROUP


class PackNotFound(GuanxiError):
    """Neither a pack directory nor an installed pack of that name."""


@dataclass
class PackSource:
    name: str
    entry_point: EntryPoint
    project_dir: Path | None
    pyproject: dict[str, Any] | None
    #: Where the package is imported from when a directory is checked (None: as installed).
    src: Path | None = None

    @property
    def package_name(self) -> str:
        return self.entry_point.value.split(":")[0].split(".")[0]


def _installed(name: str) -> EntryPoint | None:
    found = [ep for ep in importlib_metadata.entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    return found[0] if found else None


def _project_dir(dist: Any) -> Path | None:
    """The source tree of an installed distribution, when it was installed from one (``pip -e .``)."""
    text = dist.read_text("direct_url.json") if dist is not None else None
    if not text:
        return None
    url = json.loads(text).get("url", "")
    if not url.startswith("file:"):
        return None
    path = Path(unquote(urlparse(url).path))
    return path if (path / "pyproject.toml").is_file() else None


def _read_pyproject(directory: Path) -> dict[str, Any]:
    try:
        return tomllib.loads((directory / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PackNotFound(f"{directory / 'pyproject.toml'}: cannot read: {exc}") from exc


def _from_directory(directory: Path) -> PackSource:
    pyproject = _read_pyproject(directory)
    declared = pyproject.get("project", {}).get("entry-points", {}).get(ENTRY_POINT_GROUP, {})
    if len(declared) != 1:
        raise PackNotFound(
            f"{directory / 'pyproject.toml'}: declares {len(declared)} '{ENTRY_POINT_GROUP}' entry "
            "points; a pack declares exactly one, named after the pack"
        )
    [(name, value)] = declared.items()
    src = directory / "src" if (directory / "src").is_dir() else directory
    return PackSource(
        name, EntryPoint(name=name, value=value, group=ENTRY_POINT_GROUP), directory, pyproject, src
    )


def locate(target: str) -> PackSource:
    """A pack by source directory or by installed entry-point name."""
    path = Path(target)
    if path.is_dir():
        return _from_directory(path.resolve())
    entry_point = _installed(target)
    if entry_point is None:
        raise PackNotFound(f"'{target}' is neither a pack directory nor an installed pack")
    directory = _project_dir(getattr(entry_point, "dist", None))
    return PackSource(target, entry_point, directory, _read_pyproject(directory) if directory else None)
