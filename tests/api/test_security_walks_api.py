"""The security walks of ``sdk.testing`` name a pack's leaks, and only its leaks.

A walk that passes everything would be worthless: run over core plus ``leaky`` (a pack that skips
the record rules on its notes and declares no permission on one write), each walk must fail and
name exactly the pack's faulty routes, core's routes passing alongside.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from sdk.testing import assert_read_only_callers_cannot_write, assert_record_rules_hold

FAILING_LINE = re.compile(r"^  .+?: (GET|POST|PUT|PATCH|DELETE) (\S+) -> ", re.MULTILINE)


@pytest.fixture
def app(use_packs: Any, guanxi_engine: Any) -> Any:
    """Core and the installed packs, plus ``leaky``."""
    from core.api.app import create_app

    return create_app(engine=guanxi_engine, registry=use_packs(("leaky", "leaky_pack")))


def _failing(walk: Any, walk_kit: Any) -> set[tuple[str, str]]:
    with pytest.raises(AssertionError) as failure:
        walk(walk_kit, packs=["leaky"])
    return set(FAILING_LINE.findall(str(failure.value)))


def test_record_rules_walk_names_each_route_that_shows_or_writes_another_reps_customer(walk_kit):
    assert _failing(assert_record_rules_hold, walk_kit) == {
        ("POST", "/api/v1/leaky/notes"),  # logs a note for a customer the rep cannot see
        ("GET", "/api/v1/leaky/notes"),  # lists notes of every customer
        ("GET", "/api/v1/leaky/notes/{note_id}"),  # reads one
    }


def test_read_only_walk_names_each_write_route_that_declares_no_permission(walk_kit):
    assert _failing(assert_read_only_callers_cannot_write, walk_kit) == {("POST", "/api/v1/leaky/flags")}
