"""Possible duplicates: near matches that a person should look at, never merged automatically.

Comparing every pair of 100,000 customers is 5·10⁹ comparisons, so candidates are only compared
within small *blocks* of customers that already share something:

* the same birthday (and lunar flag): a typo in the name (``王晓明`` / ``王小明``);
* phones that differ in exactly one digit (block key: the phone with one digit masked);
* the same e-mail user name at another domain (``li.na@qq.com`` / ``li.na@163.com``).

Within a block a pair is suggested when the names are also similar (rapidfuzz ratio of the name
keys at least ``min_score``).  A shared common name alone is never enough (two 张伟 with different
phones, e-mails and birthdays stay apart), and pairs that are already in one certain cluster are
left out: possible duplicates are never mixed into the certain ones.  Blocks larger than
``max_block`` (placeholder birthdays like 1900-01-01, shared office phones) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from core.dedupe.clusters import Cluster
from core.dedupe.keys import Person

MIN_SCORE = 80.0
MAX_BLOCK = 200


@dataclass
class PossiblePair:
    """Two customers that may be one person: how alike their names are, and why they were compared."""

    a: Person
    b: Person
    score: float
    reasons: list[str] = field(default_factory=list)


def _keys(person: Person) -> Iterator[tuple[str, str]]:
    if person.birthday is not None:
        flag = "L" if person.birthday_lunar else "S"
        yield "same birthday", f"b{person.birthday.isoformat()}{flag}"
    for phone in person.phones:
        for i in range(3, len(phone)):
            yield "phone differs by one digit", f"p{phone[:i]}?{phone[i + 1 :]}"
    for email in person.emails:
        user = email.partition("@")[0]
        if len(user) >= 4:
            yield "same e-mail user name", f"e{user}"


def _blocks(people: Iterable[Person]) -> dict[tuple[str, str], list[Person]]:
    """Blocks of two or more people.  Most keys are unique (a million phone masks for 100,000
    people), so a key gets a list only when a second person arrives."""
    first: dict[str, Person] = {}
    blocks: dict[tuple[str, str], list[Person]] = {}
    for person in people:
        if not person.name_keys:
            continue
        for reason, key in _keys(person):
            earlier = first.setdefault(key, person)
            if earlier is person:
                continue
            members = blocks.get((reason, key))
            if members is None:
                blocks[(reason, key)] = [earlier, person]
            else:
                members.append(person)
    return blocks


def _name_score(a: Person, b: Person) -> float:
    return max(fuzz.ratio(x, y) for x in a.name_keys for y in b.name_keys)


def possible_pairs(
    people: list[Person],
    certain: list[Cluster],
    *,
    min_score: float = MIN_SCORE,
    max_block: int = MAX_BLOCK,
) -> list[PossiblePair]:
    """Suggested pairs, best first; none of them lies inside a certain cluster."""
    cluster_of = {i: n for n, cluster in enumerate(certain) for i in cluster.ids}
    found: dict[tuple[int, int], PossiblePair] = {}
    for (reason, _key), members in _blocks(people).items():
        if len(members) < 2 or len(members) > max_block:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.id == b.id:
                    continue
                ca = cluster_of.get(a.id)
                if ca is not None and ca == cluster_of.get(b.id):
                    continue
                score = _name_score(a, b)
                if score < min_score:
                    continue
                pair_key = (min(a.id, b.id), max(a.id, b.id))
                pair = found.get(pair_key)
                if pair is None:
                    first, second = (a, b) if a.id < b.id else (b, a)
                    pair = found[pair_key] = PossiblePair(first, second, score)
                if reason not in pair.reasons:
                    pair.reasons.append(reason)
    return sorted(found.values(), key=lambda p: (-p.score, p.a.id, p.b.id))
