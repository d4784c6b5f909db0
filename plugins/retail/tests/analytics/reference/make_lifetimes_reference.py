"""Record reference numbers from the ``lifetimes`` library (0.11) for the BG/NBD and Gamma-Gamma tests.

Run once with lifetimes installed (``python make_lifetimes_reference.py``): it copies the CDNOW
summary data shipped with lifetimes (2,357 customers, time in weeks) next to itself, fits both
models with lifetimes on it and on a seeded simulated data set (time in days), and writes the
fitted parameters, total log-likelihoods and a few predictions to ``lifetimes_reference.json``.
The tests compare against that file, so they run without lifetimes.  The CSV is read directly
because lifetimes' own dataset loader breaks on pandas 3.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import lifetimes
import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

HERE = Path(__file__).parent
SEED = 20261124


def simulate(n: int, seed: int) -> pd.DataFrame:
    """BG/NBD + Gamma-Gamma customers: x repeat purchases, t_x, T (days), mean repeat spend."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(0.6, 1 / 12.0, n)
    p = rng.beta(0.9, 3.0, n)
    T = rng.integers(30, 400, n).astype(float)
    lives = rng.geometric(p)
    count = rng.poisson(lam * T)
    x = np.minimum(lives, count)
    t_x = np.where(x > 0, T * rng.beta(np.maximum(x, 1), np.maximum(count - x, 0) + 1), 0.0)
    t_x = np.round(t_x, 2)
    nu = rng.gamma(4.0, 1 / 30.0, n)
    m = np.where(x > 0, rng.gamma(np.maximum(x, 1) * 5.0, 1 / (nu * np.maximum(x, 1))), 0.0)
    return pd.DataFrame({"x": x, "t_x": t_x, "T": T, "zbar": np.round(m, 2)})


def reference(data: pd.DataFrame) -> dict:
    x, t_x, T, m = (data[c].to_numpy(dtype=float) for c in ("x", "t_x", "T", "zbar"))
    bg = BetaGeoFitter().fit(x, t_x, T)
    params = np.log([bg.params_[k] for k in ("r", "alpha", "a", "b")])
    # lifetimes stores the likelihood of its internally rescaled data; evaluate on the data itself
    ll = -BetaGeoFitter._negative_log_likelihood(params, x, t_x, T, np.ones_like(x), 0.0) * x.size
    repeat = x > 0
    gg = GammaGammaFitter().fit(x[repeat], m[repeat])
    sample = np.arange(10)
    return {
        "n_customers": int(x.size),
        "bgnbd": {**{k: float(v) for k, v in bg.params_.items()}, "log_likelihood": float(ll)},
        "gamma_gamma": {
            **{k: float(v) for k, v in gg.params_.items()},
            "log_likelihood": float(-gg._negative_log_likelihood_ * repeat.sum()),
            "n_customers": int(repeat.sum()),
        },
        "sample_rows": sample.tolist(),
        "p_alive": bg.conditional_probability_alive(x[sample], t_x[sample], T[sample]).tolist(),
        "expected_purchases_t": 10.0,
        "expected_purchases": bg.conditional_expected_number_of_purchases_up_to_time(
            10.0, x[sample], t_x[sample], T[sample]
        ).tolist(),
        "expected_spend": np.asarray(
            gg.conditional_expected_average_profit(pd.Series(x[sample]), pd.Series(m[sample]))
        ).tolist(),
    }


def main() -> None:
    source = Path(lifetimes.__file__).parent / "datasets" / "cdnow_customers_summary_with_transactions.csv"
    shutil.copyfile(source, HERE / "cdnow_summary.csv")
    cdnow = pd.read_csv(HERE / "cdnow_summary.csv")
    simulated = simulate(8_000, SEED)
    simulated.to_csv(HERE / "simulated_summary.csv", index=False)
    out = {
        "lifetimes_version": lifetimes.__version__,
        "cdnow": {"time_unit": "week", **reference(cdnow)},
        "simulated": {"time_unit": "day", "seed": SEED, **reference(simulated)},
    }
    (HERE / "lifetimes_reference.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
