"""Customer lifetime value: historical profit plus the discounted value of predicted purchases.

Predicted value over a :class:`Horizon` = sum over its periods k of expected purchases in period k
(BG/NBD) x expected spend per purchase (Gamma-Gamma) / (1 + discount_rate) ** k, the discount
rate being per period of the horizon's unit.  Each period boundary is converted into the fit's
time unit explicitly; a fit and summary in different units are refused rather than mixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from scipy.stats import rankdata
from sqlmodel import Session

from sdk import InvalidInput, Problem, Tenant

from .bgnbd import BgNbdFit, expected_purchases, fit_bgnbd, p_alive
from .gamma_gamma import GammaGammaFit, expected_spend, fit_gamma_gamma
from .models import AnalyticsRun
from .store import finish_run, open_run, write_columns
from .summary import CustomerSummary, customer_summary
from .units import Horizon

MIN_CUSTOMERS = 10
MIN_REPEAT_CUSTOMERS = 3


@dataclass(frozen=True)
class Predictions:
    expected_purchases: np.ndarray
    p_alive: np.ndarray
    expected_spend: np.ndarray
    clv: np.ndarray


def _same_unit(bg: BgNbdFit, summary: CustomerSummary) -> None:
    if bg.time_unit != summary.time_unit:
        raise ValueError(f"the fit is in {bg.time_unit}s but the summary in {summary.time_unit}s")


def predict(
    *,
    bg: BgNbdFit,
    gg: GammaGammaFit,
    summary: CustomerSummary,
    horizon: Horizon,
    discount_rate: float,
) -> Predictions:
    """Per-customer predictions over ``horizon``; one vectorised pass per horizon period."""
    _same_unit(bg, summary)
    if not 0 <= discount_rate < 1:
        raise ValueError("the discount rate per period must be at least 0 and below 1")
    history = {"frequency": summary.frequency, "recency": summary.recency, "T": summary.age}
    step = horizon.period_in(bg.time_unit)
    spend = expected_spend(gg, frequency=summary.frequency, monetary=summary.monetary)
    if not np.all(np.isfinite(spend)):
        spend = observed_spend(summary)
    previous = np.zeros(len(summary))
    value = np.zeros(len(summary))
    for k in range(1, horizon.amount + 1):
        cumulative = expected_purchases(bg, t=k * step, **history)
        value += spend * (cumulative - previous) / (1.0 + discount_rate) ** k
        previous = cumulative
    if not np.all(np.isfinite(value)):
        raise InvalidInput(
            [
                Problem(
                    "orders",
                    (
                        "the purchase model does not fit this history (its parameters run off to infinity, "
                        "typically when almost nobody has stopped buying yet); lifetime value was not stored"
                    ),
                )
            ]
        )
    return Predictions(
        expected_purchases=previous, p_alive=p_alive(bg, **history), expected_spend=spend, clv=value
    )


def observed_spend(summary: CustomerSummary) -> np.ndarray:
    """Each repeat buyer's own mean spend, else the repeat buyers' mean: the fallback when spend
    per purchase hardly varies and the Gamma-Gamma fit degenerates (its ``q`` runs to infinity)."""
    repeat = summary.frequency > 0
    mean = float(summary.monetary[repeat].mean()) if repeat.any() else 0.0
    return np.where(repeat, summary.monetary, mean)


def fit_models(summary: CustomerSummary) -> tuple[BgNbdFit, GammaGammaFit]:
    repeaters = int(np.count_nonzero((summary.frequency > 0) & (summary.monetary > 0)))
    if len(summary) < MIN_CUSTOMERS or repeaters < MIN_REPEAT_CUSTOMERS:
        raise InvalidInput(
            [
                Problem(
                    "orders",
                    (
                        f"too little purchase history to fit: {len(summary)} buying customers, {repeaters} "
                        f"who came back (need {MIN_CUSTOMERS} and {MIN_REPEAT_CUSTOMERS})"
                    ),
                )
            ]
        )
    bg = fit_bgnbd(
        frequency=summary.frequency, recency=summary.recency, T=summary.age, time_unit=summary.time_unit
    )
    gg = fit_gamma_gamma(frequency=summary.frequency, monetary=summary.monetary)
    return bg, gg


def compute_clv(
    *,
    session: Session,
    tenant: Tenant,
    as_of: datetime,
    time_unit: str,
    horizon: Horizon,
    discount_rate: float,
) -> AnalyticsRun:
    """Refit both models on the tenant's orders up to ``as_of`` and store every customer's value."""
    summary = customer_summary(session=session, tenant=tenant, as_of=as_of, time_unit=time_unit)
    bg, gg = fit_models(summary)
    predicted = predict(bg=bg, gg=gg, summary=summary, horizon=horizon, discount_rate=discount_rate)
    parameters: dict[str, Any] = {
        "horizon": horizon.amount,
        "horizon_unit": horizon.unit,
        "discount_rate": discount_rate,
        "time_unit": summary.time_unit,
    }
    run = open_run(
        session=session,
        tenant=tenant,
        kind="clv",
        as_of=as_of,
        parameters=parameters,
        time_unit=summary.time_unit,
    )
    percentile = (rankdata(summary.profit, method="min") - 1) / len(summary)
    columns = {
        "customer_id": summary.customer_id,
        "frequency": summary.frequency,
        "recency": summary.recency,
        "age": summary.age,
        "revenue": np.round(summary.revenue, 2),
        "historical_value": np.round(summary.profit, 2),
        "value_percentile": percentile,
        "expected_purchases": predicted.expected_purchases,
        "p_alive": predicted.p_alive,
        "expected_spend": predicted.expected_spend,
        "clv": predicted.clv,
    }
    write_columns(
        session=session, kind="clv", fixed={"tenant_id": tenant.id, "run_id": run.id}, columns=columns
    )
    return finish_run(
        session=session,
        tenant=tenant,
        run=run,
        n_customers=len(summary),
        results={
            "bgnbd": bg.as_json(),
            "gamma_gamma": gg.as_json(),
            "spend_model": "gamma_gamma" if np.isfinite(gg.mean_spend) else "observed_mean",
            "total_clv": float(predicted.clv.sum()),
            "total_historical_value": float(summary.profit.sum()),
        },
    )
