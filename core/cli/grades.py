"""``guanxi grades``: a tenant's grade rules, set, shown and applied (a daily job applies them too)."""

from __future__ import annotations

import typer

from core.cli.context import console, print_json, tenant_work

app = typer.Typer(help="Customer grades (A/B/C) by total purchase spend.", no_args_is_help=True)


@app.command("set")
def set_command(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    rules: list[str] = typer.Option(..., "--rule", help="GRADE=MINIMUM, e.g. --rule A=10000 --rule B=2000."),
    apply: bool = typer.Option(False, "--apply", help="Apply them to every customer now."),
) -> None:
    """Replace the grade rules."""
    from core.errors import InvalidInput, Problem
    from core.grades.service import apply_saved_grades, save_grade_rules

    thresholds: dict[str, str] = {}
    for rule in rules:
        grade, sep, minimum = rule.partition("=")
        if not sep:
            raise InvalidInput([Problem("--rule", f"'{rule}' is not GRADE=MINIMUM")])
        thresholds[grade.strip()] = minimum.strip()
    with tenant_work(tenant) as (session, found):
        save_grade_rules(session=session, tenant=found, thresholds=thresholds, actor="cli")
        changed = apply_saved_grades(session=session, tenant=found) if apply else None
    console.print(f"saved {len(thresholds)} grade rules for {tenant}", highlight=False)
    if changed is not None:
        console.print(_changes(changed), highlight=False)


def _changes(changed: dict[str, int]) -> str:
    parts = [f"{grade or 'cleared'}: {count}" for grade, count in changed.items()]
    return "customers regraded (" + ", ".join(parts) + ")"


@app.command("show")
def show_command(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The saved rules and when they were last applied."""
    from core.grades.service import read_grade_rules

    with tenant_work(tenant) as (session, found):
        view = read_grade_rules(session=session, tenant=found)
    if as_json:
        print_json(view.__dict__)
        return
    if not view.saved:
        console.print(f"{tenant} has no grade rules")
        return
    rules = ", ".join(f"{grade} ≥ {minimum}" for grade, minimum in view.thresholds.items())
    applied = view.applied_at.isoformat() if view.applied_at else "never"
    console.print(f"{rules}; last applied {applied}", highlight=False)


@app.command("apply")
def apply_command(tenant: str = typer.Option(..., "--tenant", help="The tenant's slug.")) -> None:
    """Re-grade every customer by the saved rules now."""
    from core.errors import NotFound
    from core.grades.service import apply_saved_grades

    with tenant_work(tenant) as (session, found):
        changed = apply_saved_grades(session=session, tenant=found)
    if changed is None:
        raise NotFound(f"{tenant} has no grade rules: set them with `guanxi grades set`")
    console.print(_changes(changed), highlight=False)
