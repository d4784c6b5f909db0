"""How much one interaction may hold, for the API schema, the service (web form, packs) and the
importer alike.

The summary and channel are bounded by their columns; the JSON ``payload`` has no length of its
own, so a bound here keeps one careless client from making every timeline read slow.
"""

from __future__ import annotations

from typing import Any

from core.customers.limits import TOO_LONG, json_size, too_large
from core.errors import InvalidInput, Problem
from core.interactions.models import Interaction

_COLUMNS = Interaction.__table__.c  # type: ignore[attr-defined]
SUMMARY_MAX_LENGTH: int = _COLUMNS["summary"].type.length
CHANNEL_MAX_LENGTH: int = _COLUMNS["channel"].type.length
#: ``payload`` as compact UTF-8 JSON.
PAYLOAD_MAX_BYTES = 64 * 1024


def interaction_limit_problems(values: dict[str, Any]) -> list[Problem]:
    """Every bound the fields present in ``values`` break (empty when all fit)."""
    problems = [
        Problem(name, TOO_LONG)
        for name, limit in (("summary", SUMMARY_MAX_LENGTH), ("channel", CHANNEL_MAX_LENGTH))
        if isinstance(values.get(name), str) and len(values[name]) > limit
    ]
    if values.get("payload") is not None and json_size(values["payload"]) > PAYLOAD_MAX_BYTES:
        problems.append(Problem("payload", too_large(PAYLOAD_MAX_BYTES)))
    return problems


def check_interaction_limits(values: dict[str, Any]) -> None:
    if problems := interaction_limit_problems(values):
        raise InvalidInput(problems)
