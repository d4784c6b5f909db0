"""Find a tenant's duplicate customers (the service behind ``guanxi customers dedupe`` and the API)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from core.dedupe.clusters import Cluster, certain_clusters
from core.dedupe.fuzzy import MIN_SCORE, PossiblePair, possible_pairs
from core.dedupe.keys import load_people
from core.models import Tenant


@dataclass
class DuplicateReport:
    certain: list[Cluster]
    possible: list[PossiblePair]
    customers: int

    @property
    def customers_after_merging(self) -> int:
        """How many customers remain once every certain cluster is merged into one."""
        return self.customers - sum(len(c.ids) - 1 for c in self.certain)

    def as_dict(self) -> dict[str, Any]:
        return {
            "customers": self.customers,
            "customers_after_merging": self.customers_after_merging,
            "certain": [c.labels for c in self.certain],
            "certain_reasons": [c.reasons for c in self.certain],
            "possible": [
                {
                    "external_ids": [p.a.label, p.b.label],
                    "names": [p.a.name, p.b.name],
                    "score": round(p.score, 1),
                    "reasons": p.reasons,
                }
                for p in self.possible
            ],
        }


def find_duplicates(
    *, session: Session, tenant: Tenant, fuzzy: bool = True, min_score: float = MIN_SCORE
) -> DuplicateReport:
    """Certain clusters and (unless ``fuzzy`` is off) possible pairs among live customers."""
    assert tenant.id is not None
    people = load_people(session.connection(), tenant.id)
    certain = certain_clusters(people)
    possible = possible_pairs(people, certain, min_score=min_score) if fuzzy else []
    return DuplicateReport(certain=certain, possible=possible, customers=len(people))
