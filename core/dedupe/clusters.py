"""Certain duplicates: connected groups of customers that share a phone, e-mail or name+birthday.

Union-find over the keys of :mod:`core.dedupe.keys`, so A–B by phone and B–C by e-mail put A, B
and C in one cluster.  Linear in the number of customers and keys.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from core.dedupe.keys import Person, certain_keys


class UnionFind:
    """Disjoint sets over integer ids, with path halving and union by size."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.size: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size.get(ra, 1) < self.size.get(rb, 1):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] = self.size.get(ra, 1) + self.size.get(rb, 1)


@dataclass
class Cluster:
    """Customers that are certainly one person, and every reason that links them."""

    ids: list[int]
    labels: list[str]
    reasons: list[str] = field(default_factory=list)


def certain_clusters(people: list[Person]) -> list[Cluster]:
    """Clusters of two or more, each sorted by id, ordered by their first id."""
    first_with: dict[tuple[str, str], int] = {}
    links: list[tuple[int, int, str, str]] = []
    sets = UnionFind()
    for person in people:
        for reason, key in certain_keys(person):
            other = first_with.setdefault((reason, key), person.id)
            if other != person.id:
                sets.union(other, person.id)
                links.append((other, person.id, reason, key))
    members: dict[int, list[int]] = defaultdict(list)
    for person in people:
        if person.id in sets.parent:
            members[sets.find(person.id)].append(person.id)
    by_id = {p.id: p for p in people}
    reasons: dict[int, dict[str, None]] = defaultdict(dict)
    for a, _b, reason, key in links:
        shown = key.split("|")[0] if reason == "same name and birthday" else key
        reasons[sets.find(a)][f"{reason}: {shown}"] = None
    clusters = [
        Cluster(ids=ids, labels=[by_id[i].label for i in ids], reasons=list(reasons[root]))
        for root, ids in members.items()
        if len(ids) > 1
    ]
    return sorted(clusters, key=lambda c: c.ids[0])
