"""Tables of stored analytics results: one run row per computation, result rows keyed by run.

Results are written once per run and read many times by pages and the API, so each run records
when it was computed, the observation date it describes and the parameters used (and for model
fits the fitted parameters, log-likelihood and convergence), letting a reader judge freshness and
compare runs.  Result rows lead with ``tenant_id`` and the run id, so reading "the latest run"
of a tenant is one index range.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, Numeric
from sqlmodel import Field

from sdk import JSONType, TenantOwned, UTCDateTime, utcnow

MONEY = Numeric(14, 2)
RUN_KINDS = ("rfm", "clv", "rules")


def _run_fk() -> Any:
    return Field(
        sa_column=Column(
            Integer, ForeignKey("retail_analytics_runs.id", ondelete="CASCADE"), primary_key=True
        )
    )


def _tenant_key() -> Any:
    return Field(default=None, foreign_key="tenants.id", primary_key=True)


class AnalyticsRun(TenantOwned, table=True):
    """One computation for one tenant: RFM scoring, a CLV fit, or association rules."""

    __tablename__ = "retail_analytics_runs"
    __table_args__ = (Index("ix_retail_analytics_runs_tenant_kind", "tenant_id", "kind", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    computed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    #: The end of the observation window: orders after it were not looked at.
    as_of: datetime = Field(sa_type=UTCDateTime)
    #: For CLV fits: the unit every stored time (recency, T, alpha) is expressed in.
    time_unit: str | None = Field(default=None, max_length=8)
    n_customers: int = 0
    #: What the caller chose (horizon and its unit, discount rate, min support, level, ...).
    parameters: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    #: What the run found: fitted parameters, log-likelihood, convergence, counts.
    results: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)


class RfmScore(TenantOwned, table=True):
    """A customer's recency/frequency/monetary quintile scores (1-5, 5 best) and named segment."""

    __tablename__ = "retail_rfm_scores"
    __table_args__ = (Index("ix_retail_rfm_scores_tenant_run_segment", "tenant_id", "run_id", "segment"),)

    tenant_id: int | None = _tenant_key()
    run_id: int = _run_fk()
    customer_id: int = Field(primary_key=True, foreign_key="customers.id", ondelete="CASCADE")
    recency_days: int
    frequency: int
    monetary: Decimal = Field(sa_type=MONEY)
    r_score: int
    f_score: int
    m_score: int
    segment: str = Field(max_length=24)


class CustomerValue(TenantOwned, table=True):
    """A customer's historical value and model predictions from one CLV run.

    ``frequency``/``recency``/``age`` are the BG/NBD summary (repeat purchase days, time from
    first to last purchase, time from first purchase to ``as_of``) in the run's ``time_unit``.
    """

    __tablename__ = "retail_customer_values"
    __table_args__ = (Index("ix_retail_customer_values_tenant_run_clv", "tenant_id", "run_id", "clv"),)

    tenant_id: int | None = _tenant_key()
    run_id: int = _run_fk()
    customer_id: int = Field(primary_key=True, foreign_key="customers.id", ondelete="CASCADE")
    frequency: int
    recency: float
    age: float
    revenue: Decimal = Field(sa_type=MONEY)
    #: Profit to date: line amount minus line cost where the cost is known, else revenue.
    historical_value: Decimal = Field(sa_type=MONEY)
    #: Share of the tenant's customers with a lower historical value (0..1).
    value_percentile: float
    expected_purchases: float
    p_alive: float
    expected_spend: float
    clv: float


class AssociationRule(TenantOwned, table=True):
    """ "Who bought ``antecedent`` also bought ``consequent``": support, confidence and lift.

    Items are products or categories, as the run's ``parameters["level"]`` says.
    """

    __tablename__ = "retail_association_rules"
    __table_args__ = (
        Index("ix_retail_association_rules_tenant_run_consequent", "tenant_id", "run_id", "consequent_id"),
    )

    tenant_id: int | None = _tenant_key()
    run_id: int = _run_fk()
    antecedent_id: int = Field(primary_key=True)
    consequent_id: int = Field(primary_key=True)
    pair_count: int
    support: float
    confidence: float
    lift: float


TABLES: list[type] = [AnalyticsRun, RfmScore, CustomerValue, AssociationRule]
