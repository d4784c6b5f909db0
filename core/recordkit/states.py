"""State machines for records: declared states, allowed moves, and every move kept with who and when.

A pack declares one machine per stateful field on its model's module; ``move`` is the only way
the field should change, so the history in ``record_transitions`` is complete.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from core.audit.service import bound_actor
from core.errors import IllegalTransition, InvalidInput, Problem
from core.recordkit.models import RecordTransition
from core.recordkit.versioned import save


@dataclass(frozen=True)
class StateMachine:
    """``StateMachine(states=("open", "done"), transitions={"open": {"done"}})``.

    ``states`` keeps its declared order, which is also the order allowed moves are named in; the
    first state is where new records start.  A state absent from ``transitions`` is final.
    """

    states: tuple[str, ...]
    transitions: Mapping[str, Iterable[str]]
    field: str = "status"
    _next: Mapping[str, tuple[str, ...]] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        states = tuple(self.states)
        if not states or len(set(states)) != len(states):
            raise ValueError("a state machine needs distinct states")
        unknown = sorted(
            {s for s in self.transitions if s not in states}
            | {t for targets in self.transitions.values() for t in targets if t not in states}
        )
        if unknown:
            raise ValueError(f"transitions name undeclared states: {', '.join(unknown)}")
        moves = {s: tuple(t for t in states if t in set(self.transitions.get(s, ()))) for s in states}
        object.__setattr__(self, "states", states)
        object.__setattr__(self, "_next", moves)

    @property
    def initial(self) -> str:
        return self.states[0]

    def allowed(self, state: str | None) -> tuple[str, ...]:
        """The states a record in ``state`` may move to, in declared order."""
        return self._next.get(state or "", ())

    def move(self, record: Any, to: str, *, session: Session, actor: str | None = None) -> RecordTransition:
        """Move ``record`` to ``to`` and keep the move; ``actor`` defaults to whoever the session acts
        for (the signed-in user or API key of the request).

        An unknown state is a 422 naming the field; a move not allowed from the current state is
        ``IllegalTransition`` (409) naming the allowed next states.  The record is flushed, so a
        versioned record moved by someone else meanwhile is a 412.
        """
        if to not in self.states:
            raise InvalidInput(
                [Problem(self.field, f"'{to}' is not a state; states: {', '.join(self.states)}")]
            )
        current = getattr(record, self.field)
        allowed = self.allowed(current)
        if to not in allowed:
            raise IllegalTransition(current=current, to=to, allowed=allowed)
        setattr(record, self.field, to)
        save(session, record)
        transition = RecordTransition(
            record_type=record.__tablename__,
            record_id=record.id,
            field=self.field,
            from_state=current,
            to_state=to,
            actor=actor or bound_actor(session).name,
        )
        session.add(transition)
        session.flush()
        return transition


def history(record: Any, *, session: Session, field: str | None = None) -> list[RecordTransition]:
    """Every move of ``record``, oldest first (only ``field``'s when given)."""
    query = select(RecordTransition).where(
        RecordTransition.record_type == record.__tablename__, RecordTransition.record_id == record.id
    )
    if field is not None:
        query = query.where(RecordTransition.field == field)
    return list(session.exec(query.order_by(col(RecordTransition.at), col(RecordTransition.id))).all())
