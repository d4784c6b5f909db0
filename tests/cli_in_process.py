"""Run ``guanxi`` in the test process, through the console script's own entry point.

A fresh interpreter per command cost several seconds each (start-up, pack loading, engine); going
through :func:`core.cli.main.main` instead of the bare Typer app keeps what the user relies on
under test: errors become one line on stderr and an exit code, never a traceback.  One test in
``test_cli.py`` still runs the installed script in a subprocess to keep that honest end to end.
"""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from core.cli.main import main


def run_guanxi(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """``guanxi ARGS...`` with ``input`` on stdin (prompts included): exit code, stdout, stderr."""
    with CliRunner().isolation(input=input) as (stdout, stderr, _mixed):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:  # what the interpreter would turn into the process's exit code
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        out, err = stdout.getvalue().decode(), stderr.getvalue().decode()
    return subprocess.CompletedProcess(["guanxi", *args], code, out, err)
