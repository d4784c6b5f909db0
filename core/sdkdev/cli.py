"""``guanxi plugins new`` and ``guanxi plugins check``: the pack author's two commands.

Heavy imports (Alembic, Babel, the scaffold templates) happen inside the commands, so ``guanxi``
starts as fast as before for everyone else.
"""

from __future__ import annotations

from pathlib import Path

import typer

from core.cli.context import console, err_console, print_json
from core.errors import GuanxiError


class CheckFailed(GuanxiError):
    """The pack failed at least one check; ``guanxi`` prints this line and exits with 1."""


def new_command(
    name: str = typer.Argument(..., help="The pack name: lower-case words joined by '-', e.g. 'hotel'."),
    directory: Path = typer.Option(None, "--dir", help="Where to write it (default: ./<name>)."),
    title: str = typer.Option("", "--title", help="English title (default: from the name)."),
    description: str = typer.Option("", "--description", help="One sentence for pyproject and PackInfo."),
    title_zh_hans: str = typer.Option("", "--title-zh-hans", help="Simplified Chinese title."),
    title_zh_hant: str = typer.Option("", "--title-zh-hant", help="Traditional Chinese title."),
    license: str = typer.Option("Apache-2.0", "--license", help="Apache-2.0 or MIT."),
) -> None:
    """Write a complete pack that installs, passes its tests and the conformance check."""
    from core.sdkdev.scaffold import PackSpec, scaffold

    target = directory or Path(name)
    spec = PackSpec(
        name,
        title=title,
        description=description,
        title_zh_hans=title_zh_hans,
        title_zh_hant=title_zh_hant,
        license=license,
    )
    written = scaffold(spec, target)
    console.print(f"wrote {len(written)} files to {target}")
    console.print(f"next: pip install -e {target} && guanxi plugins check {target} && pytest {target}")


def check_command(
    target: str = typer.Argument(..., help="A pack's source directory, or an installed pack's name."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
    walks: bool = typer.Option(
        True, "--walks/--no-walks", help="Run the cross-tenant, cross-rep and read-only walks."
    ),
) -> None:
    """Check a pack against the rules every pack follows; exits non-zero when any check fails."""
    from core.sdkdev.check import check_pack

    report = check_pack(target, walks=walks)
    if as_json:
        print_json(report.as_dict())
    else:
        for finding in report.findings:
            (console if finding.level != "fail" else err_console).print(
                finding.line(), highlight=False, markup=False
            )
    if not report.passed:
        raise CheckFailed(f"{report.pack} fails {len(report.failures)} check(s)")
    if not as_json:
        console.print(f"{report.pack}: passes", highlight=False, markup=False)
