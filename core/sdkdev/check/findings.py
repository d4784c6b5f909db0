"""Findings of the conformance check: one line each, so a vendor can act on them one by one."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Level = Literal["pass", "fail", "warn"]


@dataclass(frozen=True)
class Finding:
    """One result: which check, whether it passed, and a message naming what is at fault."""

    check: str
    level: Level
    message: str

    def line(self) -> str:
        return f"{self.level.upper():<4}  {self.check:<12} {self.message}"


@dataclass
class Report:
    """Everything the check found about one pack; it passes when nothing failed."""

    pack: str
    findings: list[Finding] = field(default_factory=list)

    def add(self, check: str, level: Level, message: str) -> None:
        self.findings.append(Finding(check, level, message))

    def ok(self, check: str, message: str) -> None:
        self.add(check, "pass", message)

    def fail(self, check: str, message: str) -> None:
        self.add(check, "fail", message)

    def warn(self, check: str, message: str) -> None:
        self.add(check, "warn", message)

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "fail"]

    @property
    def passed(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict[str, Any]:
        return {"pack": self.pack, "passed": self.passed, "findings": [asdict(f) for f in self.findings]}
