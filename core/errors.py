"""Domain exceptions.

Services raise these; the API turns them into HTTP answers and the CLI into one-line messages, each
in exactly one place (``core.api.errors`` and ``core.cli.main``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


class GuanxiError(Exception):
    """Base of every error a user may see; its message is meant for people, not developers."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with some input: which field, and why, in plain words."""

    field: str
    reason: str


class InvalidInput(GuanxiError):
    """Input that breaks a rule; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.reason}" for p in problems))


class NotFound(GuanxiError):
    """A record that does not exist *for this tenant* (another tenant's record looks the same)."""


class Conflict(GuanxiError):
    """A write that clashes with existing data (duplicate key, wrong state)."""


class IllegalTransition(Conflict):
    """A state change the record's state machine does not allow from its current state."""

    def __init__(self, *, current: str | None, to: str, allowed: tuple[str, ...]):
        self.current, self.to, self.allowed = current, to, allowed
        named = ", ".join(f"'{state}'" for state in allowed) or "none (a final state)"
        super().__init__(f"cannot move from '{current}' to '{to}'; allowed next states: {named}")


class StaleVersion(GuanxiError):
    """An edit based on an old version of a record; carries the current one so the caller can retry."""

    def __init__(self, current_version: int):
        self.current_version = current_version
        super().__init__(f"the record was changed by someone else; current version is {current_version}")


class PreconditionRequired(GuanxiError):
    """An edit sent without If-Match or a version: the server cannot tell whether it is stale."""


class PermissionDenied(GuanxiError):
    """The actor may not do this."""


@dataclass
class PackError(GuanxiError):
    """A pack's hook raised; the unit of work it ran in is rolled back."""

    pack: str
    hook: str
    cause: BaseException = field(repr=False)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"pack '{self.pack}' failed in {self.hook}: {self.cause}"
