"""Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"): what a customer will spend per
purchase, shrinking their own average towards the tenant's mean the fewer purchases it rests on.

Fitted on customers with at least one repeat purchase (``x`` repeat purchases, ``m`` their mean
value), by maximum likelihood over arrays with the analytic gradient, on log-parameters.  The model
assumes spend per purchase is independent of purchase frequency; check that before trusting it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, gammaln


@dataclass(frozen=True)
class GammaGammaFit:
    p: float
    q: float
    v: float
    log_likelihood: float
    n_customers: int
    converged: bool
    iterations: int

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def mean_spend(self) -> float:
        """The population's mean spend per purchase (finite only for ``q > 1``)."""
        return self.p * self.v / (self.q - 1.0) if self.q > 1 else float("inf")


def log_likelihood_terms(params: np.ndarray, x: np.ndarray, m: np.ndarray,
                         ) -> tuple[np.ndarray, np.ndarray]:
    """Per-customer log-likelihood and its gradient w.r.t. the log-parameters (3 x n)."""
    p, q, v = params
    px = p * x
    ll = (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v) + (px - 1.0) * np.log(m)
          + px * np.log(x) - (px + q) * np.log(x * m + v))
    d_p = x * (digamma(px + q) - digamma(px) + np.log(m) + np.log(x) - np.log(x * m + v))
    d_q = digamma(px + q) - digamma(q) + np.log(v) - np.log(x * m + v)
    d_v = q / v - (px + q) / (x * m + v)
    return ll, np.vstack([d_p * p, d_q * q, d_v * v])


def fit_gamma_gamma(*, frequency: Any, monetary: Any) -> GammaGammaFit:
    """Fit on customers with ``frequency > 0`` and a positive mean spend (others are ignored)."""
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary, dtype=float)
    keep = (x > 0) & (m > 0)
    x, m = x[keep], m[keep]
    if x.size < 2:
        raise ValueError("need at least two customers with repeat purchases to fit spend")
    # Spend is rescaled to a mean of 1 while fitting; v carries the money unit and is scaled back.
    scale = float(m.mean())
    ms = m / scale

    def objective(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        ll, grad = log_likelihood_terms(np.exp(log_params), x, ms)
        return -float(ll.mean()), -grad.mean(axis=1)

    result = minimize(objective, np.zeros(3), jac=True, method="BFGS", options={"gtol": 1e-9})
    p, q, v = np.exp(result.x)
    return GammaGammaFit(
        p=float(p), q=float(q), v=float(v * scale),
        # the likelihood of m in money units differs from the scaled one by -log(scale) per customer
        log_likelihood=-float(result.fun) * x.size - x.size * np.log(scale),
        n_customers=int(x.size),
        converged=bool(result.success or np.max(np.abs(result.jac)) < 1e-6),
        iterations=int(result.nit),
    )


def expected_spend(fit: GammaGammaFit, *, frequency: Any, monetary: Any) -> np.ndarray:
    """E[spend per purchase | x, m]: a weighted mean of the customer's own and the population's
    mean; customers without repeat purchases get the population mean."""
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary, dtype=float)
    weight = fit.p * x / (fit.p * x + fit.q - 1.0)
    return (1.0 - weight) * fit.mean_spend + weight * np.where(x > 0, m, 0.0)
