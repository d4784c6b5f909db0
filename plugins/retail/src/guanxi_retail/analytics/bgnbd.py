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
from scipy.special import digamma, expit, gammaln, hyp2f1

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


def _wsum(weight: np.ndarray, values: np.ndarray) -> float:
    """``weight @ values`` without BLAS: a threaded BLAS dot on a busy two-core machine measured
    over ten times slower than this multiply-and-sum, and the optimiser does a dozen per step."""
    return float(np.multiply(weight, values).sum())


class _Likelihood:
    """Weighted BG/NBD log-likelihood over (x, t_x, T) rows, with its gradient.

    Why a class: the special functions (``gammaln``/``digamma``) only involve ``x``, which takes
    few distinct values, and the logarithms only ``t_x`` or ``T``, which take few distinct values
    too (purchases fall on days).  They are evaluated once per distinct value and summed with the
    row weights, so each optimiser step costs a handful of array operations per row instead of a
    dozen special-function calls per row.  Per row the likelihood is "alive at T" (``A3``) plus,
    for repeat buyers, ``log(1 + exp(A4 - A3))`` for "dropped out after the last purchase".
    """

    def __init__(self, x: np.ndarray, t_x: np.ndarray, T: np.ndarray, weight: np.ndarray) -> None:
        self.xs, x_index = np.unique(x, return_inverse=True)
        self.x_weight = np.bincount(x_index, weights=weight, minlength=self.xs.size)
        self.total = float(weight.sum())
        self.Ts, self.T_index = np.unique(T, return_inverse=True)
        self.x, self.weight = x, weight
        buy = x > 0
        self.b_x, self.b_weight = x[buy], weight[buy]
        self.b_x_index = x_index[buy]
        self.ts, self.b_t_index = np.unique(t_x[buy], return_inverse=True)
        self.b_T_index = self.T_index[buy]

    def __call__(self, log_params: np.ndarray) -> tuple[float, np.ndarray]:
        """Minus the mean log-likelihood and its gradient w.r.t. the log-parameters."""
        r, alpha, a, b = np.exp(log_params)
        xs, xw, w = self.xs, self.x_weight, self.weight
        # terms that depend on x alone, per distinct x
        head = (
            gammaln(r + xs)
            - gammaln(r)
            + r * np.log(alpha)
            + gammaln(a + b)
            + gammaln(b + xs)
            - gammaln(b)
            - gammaln(a + b + xs)
        )
        dg_abx = digamma(a + b + xs)
        d_r = _wsum(xw, digamma(r + xs) - digamma(r) + np.log(alpha))
        d_a = _wsum(xw, digamma(a + b) - dg_abx)
        d_b = _wsum(xw, digamma(a + b) + digamma(b + xs) - digamma(b) - dg_abx)
        # alive at T, every row: A3 = -(r + x) log(alpha + T)
        log_T_u = np.log(alpha + self.Ts)
        inv_T_u = 1.0 / (alpha + self.Ts)
        rx = r + self.x
        log_T = log_T_u[self.T_index]
        ll = _wsum(xw, head) - _wsum(w, rx * log_T)
        d_r -= _wsum(w, log_T)
        d_alpha = self.total * r / alpha - _wsum(w, rx * inv_T_u[self.T_index])
        # repeat buyers: softplus(d) with d = A4 - A3; its weight in the mixture is sigmoid(d)
        bw, brx = self.b_weight, r + self.b_x
        log_gap = log_T_u[self.b_T_index] - np.log(alpha + self.ts)[self.b_t_index]
        inv_gap = inv_T_u[self.b_T_index] - (1.0 / (alpha + self.ts))[self.b_t_index]
        bx1 = b + np.maximum(self.xs, 1.0) - 1.0  # x >= 1 here; the clip keeps x = 0 finite
        log_bx1 = np.log(bx1)[self.b_x_index]
        d = np.log(a) - log_bx1 + brx * log_gap
        ll += _wsum(bw, np.logaddexp(0.0, d))
        w4 = bw * expit(d)
        d_r += _wsum(w4, log_gap)
        d_alpha += _wsum(w4, brx * inv_gap)
        w4_sum = float(w4.sum())
        d_a += w4_sum / a
        d_b -= _wsum(w4, (1.0 / bx1)[self.b_x_index])
        grad = np.array([d_r * r, d_alpha * alpha, d_a * a, d_b * b])
        return -ll / self.total, -grad / self.total


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
    objective = _Likelihood(ux, ut, uT, weight)
    total = objective.total
    result = minimize(objective, np.zeros(4), jac=True, method="BFGS", options={"gtol": 1e-9})
    r, alpha, a, b = np.exp(result.x)
    return BgNbdFit(
        r=float(r),
        alpha=float(alpha / scale),
        a=float(a),
        b=float(b),
        time_unit=time_unit,
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
