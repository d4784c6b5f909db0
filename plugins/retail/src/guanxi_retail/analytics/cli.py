"""``guanxi retail analyze --tenant <slug>``: refit every retail analysis for one tenant."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from rich.progress import Progress

from sdk import CliCommand
from sdk.cli import console, tenant_work

if TYPE_CHECKING:
    from .rules import Level
    from .units import TimeUnit

app = typer.Typer(help="Retail pack commands.", no_args_is_help=True)


@app.callback()
def retail() -> None:
    """Retail pack commands (a group, so more commands can join ``analyze``)."""


@app.command("analyze")
def analyze_command(
    tenant: Annotated[str, typer.Option("--tenant", help="Tenant slug")],
    time_unit: Annotated[str, typer.Option(help="Unit the models are fitted in")] = "week",
    horizon: Annotated[int, typer.Option(help="Periods ahead for lifetime value")] = 12,
    horizon_unit: Annotated[str, typer.Option(help="Unit of the horizon")] = "month",
    discount_rate: Annotated[float, typer.Option(help="Discount rate per horizon period")] = 0.01,
    level: Annotated[str, typer.Option(help="Cross-sell items: product or category")] = "product",
    min_support: Annotated[float, typer.Option()] = 0.001,
    min_confidence: Annotated[float, typer.Option()] = 0.05,
) -> None:
    """Recompute RFM segments, lifetime value and cross-sell rules (refused unless retail is on)."""
    from .service import STEPS, AnalysisOptions, analyze  # numpy and scipy: only when analysing

    # Units and level stay plain strings here: analyze() refuses others with a message naming them.
    options = AnalysisOptions(
        time_unit=cast("TimeUnit", time_unit),
        horizon=horizon,
        horizon_unit=cast("TimeUnit", horizon_unit),
        discount_rate=discount_rate,
        level=cast("Level", level),
        min_support=min_support,
        min_confidence=min_confidence,
    )
    with tenant_work(tenant, pack="retail") as (session, owner), Progress(console=console) as bar:
        task = bar.add_task("analysing", total=len(STEPS))
        runs = analyze(
            session=session,
            tenant=owner,
            options=options,
            progress=lambda step: bar.update(task, advance=1, description=step),
        )
    for step, run in runs.items():
        console.print(f"{step}: run {run.id} — {_summary(step, run.n_customers, run.results)}")


def _summary(step: str, customers: int, results: dict[str, Any]) -> str:
    if step == "rfm":
        segments = ", ".join(f"{name} {count}" for name, count in results["segments"].items() if count)
        return f"{customers} customers: {segments}"
    if step == "clv":
        fit = results["bgnbd"]
        state = "converged" if fit["converged"] and results["gamma_gamma"]["converged"] else "NOT converged"
        return (
            f"{customers} customers, fit {state} ({fit['time_unit']}), "
            f"predicted value {results['total_clv']:,.2f}"
        )
    return f"{results['n_rules']} rules from {results['n_baskets']} orders"


def cli_commands() -> list[CliCommand]:
    return [CliCommand("retail", app, "Retail pack: analytics refits.")]
