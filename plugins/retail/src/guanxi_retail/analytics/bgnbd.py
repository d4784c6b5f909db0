"""BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): how many purchases
a customer will make and how likely they still are to buy at all, from three numbers each.

Inputs per customer, all in one time unit: ``x`` repeat purchases, ``t_x`` time of the last
purchase since the first, ``T`` time since the first purchase.  The whole population is fitted at
once by maximum likelihood: a vectorised log-likelihood with its analytic gradient over arrays,
minimised by scipy on log-parameters (so they stay positive).  Identical (x, t_x, T) rows are
merged with weights first, which makes weekly or monthly data much cheaper to fit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, gammaln, hyp2f1

from .units import TimeUnit


@dataclass(frozen=True)
class BgNbdFit:
    """Fitted BG/NBD parameters; ``alpha`` is in ``time_unit`` (it scales with time)."""

    r: float
    alpha: float
    a: float
    b: float
    time_unit: TimeUnit
    #: Total log-likelihood over all customers (not the mean).
    log_likelihood: float
    n_customers: int
    converged: bool
    iterations: int

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _arrays(*values: Any) -> list[np.ndarray]:
    return [np.asarray(v, dtype=float) for v in values]


def _compress(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, ...]:
    rows, counts = np.unique(np.column_stack([x, t_x, T]), axis=0, return_counts=True)
    return rows[:, 0], rows[:, 1], rows[:, 2], counts.astype(float)


def log_likelihood_terms(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray,
                         ) -> tuple[np.ndarray, np.ndarray]:
    """Per-customer log-likelihood and its gradient w.r.t. the log-parameters (4 x n)."""
    r, alpha, a, b = params
    buy = x > 0
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    bx1 = b + np.maximum(x, 1.0) - 1.0
    a4 = np.log(a) - np.log(bx1) - (r + x) * np.log(alpha + t_x)
    top = np.where(buy, np.maximum(a3, a4), a3)
    e3 = np.exp(a3 - top)
    e4 = np.where(buy, np.exp(a4 - top), 0.0)
    ll = a1 + a2 + np.log(e3 + e4) + top
    w3 = e3 / (e3 + e4)
    w4 = 1.0 - w3
    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w3 * np.log(alpha + T) - w4 * np.log(alpha + t_x)
    d_alpha = r / alpha - w3 * (r + x) / (alpha + T) - w4 * (r + x) / (alpha + t_x)
    d_a = digamma(a + b) - digamma(a + b + x) + w4 / a
    d_b = digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x) - w4 / bx1
    grad = np.vstack([d_r * r, d_alpha * alpha, d_a * a, d_b * b])
    return ll, grad


def fit_bgnbd(*, frequency: Any, recency: Any, T: Any, time_unit: TimeUnit) -> BgNbdFit:
    """Maximum-likelihood BG/NBD parameters for one tenant's customers.

    Time is rescaled so the oldest customer has age 10 while fitting (as ``lifetimes`` does), which
    keeps the optimiser well conditioned whatever the unit; ``alpha`` is scaled back afterwards.
    """
    x, t_x, age = _arrays(frequency, recency, T)
    if x.size == 0:
        raise ValueError("no customers to fit")
    if np.any(t_x > age) or np.any(t_x < 0) or np.any((x == 0) & (t_x != 0)):
        raise ValueError("recency must lie between 0 and T, and be 0 without repeat purchases")
    scale = 10.0 / max(float(age.max()), 1e-12)
    ux, ut, uT, weight = _compress(x, t_x * scale, age * scale)
    total = weight.sum()

    def objective(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        ll, grad = log_likelihood_terms(np.exp(log_params), ux, ut, uT)
        return -float(weight @ ll) / total, -(grad @ weight) / total

    result = minimize(objective, np.zeros(4), jac=True, method="BFGS", options={"gtol": 1e-9})
    r, alpha, a, b = np.exp(result.x)
    return BgNbdFit(
        r=float(r), alpha=float(alpha / scale), a=float(a), b=float(b), time_unit=time_unit,
        # purchase-time densities pick up 1/scale each when time is scaled back to the fit's unit
        log_likelihood=-float(result.fun) * total + float(x.sum()) * np.log(scale),
        n_customers=int(x.size),
        converged=bool(result.success or np.max(np.abs(result.jac)) < 1e-6),
        iterations=int(result.nit),
    )


def p_alive(fit: BgNbdFit, *, frequency: Any, recency: Any, T: Any) -> np.ndarray:
    """P(the customer has not dropped out) given their history; 1 for customers with no repeat."""
    x, t_x, age = _arrays(frequency, recency, T)
    log_ratio = (fit.r + x) * (np.log(fit.alpha + age) - np.log(fit.alpha + t_x))
    odds = np.where(x > 0, fit.a / (fit.b + np.maximum(x, 1.0) - 1.0) * np.exp(log_ratio), 0.0)
    return 1.0 / (1.0 + odds)


def expected_purchases(fit: BgNbdFit, *, t: Any, frequency: Any, recency: Any, T: Any) -> np.ndarray:
    """Expected purchases in the next ``t`` (in ``fit.time_unit``) given each customer's history
    (FHL 2005, eq. 10; over a finite ``t`` it is finite for any ``a`` other than exactly 1)."""
    x, t_x, age = _arrays(frequency, recency, T)
    t = np.asarray(t, dtype=float)
    r, alpha, a, b = fit.r, fit.alpha, fit.a, fit.b
    hyp = hyp2f1(r + x, b + x, a + b + x - 1.0, t / (alpha + age + t))
    head = (a + b + x - 1.0) / (a - 1.0)
    body = 1.0 - np.exp((r + x) * (np.log(alpha + age) - np.log(alpha + age + t))) * hyp
    log_ratio = (r + x) * (np.log(alpha + age) - np.log(alpha + t_x))
    odds = np.where(x > 0, a / (b + np.maximum(x, 1.0) - 1.0) * np.exp(log_ratio), 0.0)
    return head * body / (1.0 + odds)
