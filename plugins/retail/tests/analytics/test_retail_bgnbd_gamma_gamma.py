"""The lifetime-value models agree with the reference implementation and recover known parameters."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from guanxi_retail.analytics.bgnbd import expected_purchases, fit_bgnbd, p_alive
from guanxi_retail.analytics.clv import predict
from guanxi_retail.analytics.gamma_gamma import expected_spend, fit_gamma_gamma
from guanxi_retail.analytics.summary import CustomerSummary
from guanxi_retail.analytics.units import Horizon, convert

REFERENCE = Path(__file__).parent / "reference"
EXPECTED = json.loads((REFERENCE / "lifetimes_reference.json").read_text())
DATASETS = {"cdnow": "cdnow_summary.csv", "simulated": "simulated_summary.csv"}


def _load(name: str) -> dict[str, np.ndarray]:
    with (REFERENCE / DATASETS[name]).open() as handle:
        rows = list(csv.DictReader(handle))
    return {key: np.array([float(row[key]) for row in rows]) for key in ("x", "t_x", "T", "zbar")}


def _fits(name: str):
    data = _load(name)
    bg = fit_bgnbd(
        frequency=data["x"], recency=data["t_x"], T=data["T"], time_unit=EXPECTED[name]["time_unit"]
    )
    gg = fit_gamma_gamma(frequency=data["x"], monetary=data["zbar"])
    return data, bg, gg


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_fits_match_lifetimes_reference_numbers(name):
    data, bg, gg = _fits(name)
    expected = EXPECTED[name]
    for key in ("r", "alpha", "a", "b", "log_likelihood"):
        assert getattr(bg, key) == pytest.approx(expected["bgnbd"][key], rel=1e-3), key
    for key in ("p", "q", "v", "log_likelihood", "n_customers"):
        assert getattr(gg, key) == pytest.approx(expected["gamma_gamma"][key], rel=1e-3), key
    assert bg.converged and gg.converged and bg.n_customers == expected["n_customers"]
    rows = expected["sample_rows"]
    history = {"frequency": data["x"][rows], "recency": data["t_x"][rows], "T": data["T"][rows]}
    assert p_alive(bg, **history) == pytest.approx(expected["p_alive"], rel=1e-3)
    assert expected_purchases(bg, t=expected["expected_purchases_t"], **history) == pytest.approx(
        expected["expected_purchases"], rel=1e-3
    )
    assert expected_spend(gg, frequency=data["x"][rows], monetary=data["zbar"][rows]) == pytest.approx(
        expected["expected_spend"], rel=1e-3
    )


def test_cdnow_fit_matches_the_published_paper():
    """Fader, Hardie & Lee (2005), CDNOW in weeks: r .243, alpha 4.414, a .793, b 2.426, LL -9582.4."""
    _, bg, _ = _fits("cdnow")
    fitted = tuple(round(value, 3) for value in (bg.r, bg.alpha, bg.a, bg.b))
    assert fitted == (0.243, 4.414, 0.793, 2.426)
    assert bg.log_likelihood == pytest.approx(-9582.4, abs=0.1)


def test_fits_match_lifetimes_when_it_is_installed():
    lifetimes = pytest.importorskip("lifetimes")  # the reference numbers above are checked without it
    data = _load("simulated")
    theirs = lifetimes.BetaGeoFitter().fit(data["x"], data["t_x"], data["T"])
    ours = fit_bgnbd(frequency=data["x"], recency=data["t_x"], T=data["T"], time_unit="day")
    for key in ("r", "alpha", "a", "b"):
        assert getattr(ours, key) == pytest.approx(theirs.params_[key], rel=1e-3)


def simulate(
    n: int, seed: int, *, r: float, alpha: float, a: float, b: float, p: float, q: float, v: float
) -> dict[str, np.ndarray]:
    """Customers drawn from BG/NBD + Gamma-Gamma with the given parameters (ages in days)."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(r, 1 / alpha, n)
    dropout = rng.beta(a, b, n)
    age = rng.uniform(60, 720, n)
    lives = rng.geometric(dropout)  # repeat purchases made before dropping out
    count = rng.poisson(rate * age)
    x = np.minimum(lives, count)
    t_x = np.where(x > 0, age * rng.beta(np.maximum(x, 1), count - x + 1), 0.0)
    nu = rng.gamma(q, 1 / v, n)
    m = np.where(x > 0, rng.gamma(p * np.maximum(x, 1), 1 / (nu * np.maximum(x, 1))), 0.0)
    return {"x": x, "t_x": t_x, "T": age, "m": m}


def test_fits_recover_the_parameters_customers_were_simulated_from():
    truth = {"r": 0.8, "alpha": 20.0, "a": 0.7, "b": 2.5}
    spend = {"p": 6.0, "q": 4.0, "v": 15.0}
    data = simulate(50_000, 7, **truth, **spend)
    bg = fit_bgnbd(frequency=data["x"], recency=data["t_x"], T=data["T"], time_unit="day")
    gg = fit_gamma_gamma(frequency=data["x"], monetary=data["m"])
    for key, value in truth.items():
        assert getattr(bg, key) == pytest.approx(value, rel=0.10), key
    for key, value in spend.items():
        assert getattr(gg, key) == pytest.approx(value, rel=0.10), key


def _summary(data: dict[str, np.ndarray], unit: str) -> CustomerSummary:
    days = convert(1.0, from_unit=unit, to_unit="day")
    n = data["x"].size
    return CustomerSummary(
        customer_id=np.arange(n),
        frequency=data["x"],
        recency=data["t_x"] / days,
        age=data["T"] / days,
        monetary=data["m"],
        revenue=np.zeros(n),
        profit=np.zeros(n),
        time_unit=unit,
        as_of=None,
    )  # type: ignore[arg-type]


def test_lifetime_value_does_not_depend_on_the_unit_the_model_was_fitted_in():
    """The lifetimes trap: a weekly fit asked for "a month" with a daily default predicts 30 weeks.
    Here the horizon carries its unit, so a daily and a weekly fit give the same 6-month value."""
    data = simulate(5_000, 11, r=0.8, alpha=20.0, a=0.7, b=2.5, p=6.0, q=4.0, v=15.0)
    values = {}
    for unit in ("day", "week"):
        summary = _summary(data, unit)
        bg = fit_bgnbd(frequency=summary.frequency, recency=summary.recency, T=summary.age, time_unit=unit)
        gg = fit_gamma_gamma(frequency=summary.frequency, monetary=summary.monetary)
        values[unit] = predict(
            bg=bg, gg=gg, summary=summary, horizon=Horizon(6, "month"), discount_rate=0.01
        ).clv
    assert values["week"].sum() == pytest.approx(values["day"].sum(), rel=1e-3)
    assert values["week"] == pytest.approx(values["day"], rel=1e-2, abs=1e-6)
    # and the mistake this guards against would be caught: 6 "months" of 30 fit-weeks each
    weekly = _summary(data, "week")
    bg = fit_bgnbd(frequency=weekly.frequency, recency=weekly.recency, T=weekly.age, time_unit="week")
    wrong = expected_purchases(bg, t=6 * 30, frequency=weekly.frequency, recency=weekly.recency, T=weekly.age)
    right = expected_purchases(
        bg,
        t=Horizon(6, "month").period_in("week") * 6,
        frequency=weekly.frequency,
        recency=weekly.recency,
        T=weekly.age,
    )
    assert wrong.sum() > 3 * right.sum()


def test_a_fit_and_a_summary_in_different_units_are_refused():
    data = simulate(2_000, 3, r=0.8, alpha=20.0, a=0.7, b=2.5, p=6.0, q=4.0, v=15.0)
    daily, weekly = _summary(data, "day"), _summary(data, "week")
    bg = fit_bgnbd(frequency=daily.frequency, recency=daily.recency, T=daily.age, time_unit="day")
    gg = fit_gamma_gamma(frequency=daily.frequency, monetary=daily.monetary)
    with pytest.raises(ValueError, match="days but the summary in weeks"):
        predict(bg=bg, gg=gg, summary=weekly, horizon=Horizon(3, "month"), discount_rate=0.0)


def test_discounting_lowers_value_and_longer_horizons_raise_it():
    data = simulate(3_000, 5, r=0.8, alpha=20.0, a=0.7, b=2.5, p=6.0, q=4.0, v=15.0)
    summary = _summary(data, "week")
    bg = fit_bgnbd(frequency=summary.frequency, recency=summary.recency, T=summary.age, time_unit="week")
    gg = fit_gamma_gamma(frequency=summary.frequency, monetary=summary.monetary)

    def total(months: int, rate: float) -> float:
        return float(
            predict(
                bg=bg, gg=gg, summary=summary, horizon=Horizon(months, "month"), discount_rate=rate
            ).clv.sum()
        )

    assert total(12, 0.05) < total(12, 0.0) < total(24, 0.0)
    undiscounted = predict(bg=bg, gg=gg, summary=summary, horizon=Horizon(12, "month"), discount_rate=0.0)
    assert undiscounted.clv == pytest.approx(undiscounted.expected_purchases * undiscounted.expected_spend)
